/**
 * Governance pages and JSON API: delegation, the register of interests, committees, meetings, agenda
 * items, recusals, votes and decisions. Each write is one use case (src/app/governance/), which
 * authorises through `can()`, runs in one transaction and writes the audit log. Every write route is
 * registered twice: under /governance (a form post answered with a redirect, or the page again with
 * the problem) and under /api/governance (the same form post answered with JSON). app.ts checks the
 * CSRF token before any POST reaches these handlers.
 */

import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Actor } from '../../app/actor.ts';
import { findOrganisation } from '../../app/browse/organisations.ts';
import type { Clock } from '../../app/clock.ts';
import {
  addMember,
  createCommittee,
  getCommittee,
  listCommittees,
  updateTerms,
} from '../../app/governance/committees.ts';
import { targetFor, today } from '../../app/governance/context.ts';
import {
  decideDelegation,
  delegationHistory,
  delegationState,
  listDelegations,
  requestDelegation,
} from '../../app/governance/delegation.ts';
import {
  confirmReview,
  declareInterest,
  fullRegister,
  publishedRegister,
  registerCsv,
  visibleReviewReminders,
} from '../../app/governance/interests.ts';
import {
  castVote,
  getItem,
  type ItemView,
  overrideRecusal,
  recordDecision,
  recordRecusal,
} from '../../app/governance/items.ts';
import {
  addAgendaItem,
  createMeeting,
  getMeeting,
  publishMinutes,
  recordAttendance,
} from '../../app/governance/meetings.ts';
import { myDeclarations } from '../../app/governance/my-declarations.ts';
import { decisionLog, publicMinutes } from '../../app/governance/public-record.ts';
import { isUseCaseError, UseCaseError } from '../../app/use-case-error.ts';
import {
  DELEGATED_FUNCTIONS,
  decideContractAction,
  isDelegatedFunction,
} from '../../domain/governance/delegation.ts';
import { can, canSomewhere, decideDelegatedAction } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import { type ApiRouteDescription, describeApiRoute } from '../api/openapi.ts';
import { problemFor } from '../api/problem.ts';
import { forbiddenPage, notFoundPage } from '../pages/errors.ts';
import { committeePage } from '../pages/governance/committee.ts';
import { decisionLogPage } from '../pages/governance/decisions.ts';
import { delegationDetailPage, delegationListPage } from '../pages/governance/delegation.ts';
import { fieldId, type Problem } from '../pages/governance/forms.ts';
import { governanceIndexPage } from '../pages/governance/index.ts';
import { itemPage } from '../pages/governance/item.ts';
import { meetingPage, publicMinutesPage } from '../pages/governance/meeting.ts';
import { myInterestsPage, registerPage, reviewsPage } from '../pages/governance/register.ts';
import { actorOf, idParam, type RouteContext, type RouteEnv } from '../request.ts';
import { USE_CASE_STATUS } from '../use-case-status.ts';

/** The variables app.ts sets on every request (the same shape as its own Env). */
type Ctx = RouteContext;
type Form = Record<string, string | string[]>;

const CODE = /^[A-Za-z0-9]{2,10}$/;

const codeParam = (c: Ctx): string => (c.req.param('code') ?? '').toUpperCase();
const str = (form: Form, key: string): string => {
  const v = form[key];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};
const list = (form: Form, key: string): string[] => {
  const v = form[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};
const orNull = (s: string): string | null => (s === '' ? null : s);
const intOrNull = (s: string): number | null => (s === '' ? null : /^\d+$/.test(s) ? Number(s) : Number.NaN);

async function readForm(c: Ctx): Promise<Form> {
  const body = await c.req.parseBody({ all: true });
  const out: Form = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'csrf_token') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

function flatValues(form: Form): Record<string, string> {
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
}

/** One write: runs the use case and says where to go next and what to answer in JSON. */
interface WriteRoute {
  path: string;
  summary: string;
  access: string;
  fields: string[];
  /** The form on the page the fields belong to (for the error's link and the values kept). */
  form: (c: Ctx, form: Form) => string;
  run: (
    c: Ctx,
    actor: Actor | null,
    form: Form,
  ) => Promise<{ redirect: string; json: Record<string, unknown> }>;
  /** The page to show again with the problem, for invalid or refused submissions. */
  again: (c: Ctx, problem: Problem) => Promise<Response>;
}

export function registerGovernanceRoutes(
  app: Hono<RouteEnv>,
  options: { db: Kysely<Database>; now: Clock },
): void {
  const { db, now } = options;

  /** Page errors: sign-in for visitors' GETs, 403/404 pages, otherwise rethrow. */
  const pageError = (c: Ctx, error: unknown): Response => {
    if (!isUseCaseError(error)) throw error;
    if (error.kind === 'forbidden') {
      if (!c.get('session') && c.req.method === 'GET')
        return c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
      return c.html(forbiddenPage(c.get('viewer'), error.message), 403);
    }
    if (error.kind === 'not_found') return c.html(notFoundPage(c.get('viewer'), error.message), 404);
    return c.html(forbiddenPage(c.get('viewer'), error.message), USE_CASE_STATUS[error.kind]);
  };
  const apiError = (c: Ctx, error: unknown): Response => problemFor(c, error);
  const page = (handler: (c: Ctx) => Promise<Response>) => async (c: Ctx) => {
    try {
      return await handler(c);
    } catch (error) {
      return pageError(c, error);
    }
  };
  const api = (handler: (c: Ctx) => Promise<Response>) => async (c: Ctx) => {
    try {
      return await handler(c);
    } catch (error) {
      return apiError(c, error);
    }
  };
  const describe = (route: Omit<ApiRouteDescription, 'tag'>): void =>
    describeApiRoute({ ...route, tag: 'Governance' });

  // ---- Renderers shared by the GET pages and the failed posts ----

  const renderIndex = async (c: Ctx, problem: Problem | null = null): Promise<Response> => {
    const actor = actorOf(c);
    const canCreate =
      actor?.roles.some((r) => r.role === 'administrator' || r.role === 'commissioning_manager') ?? false;
    return c.html(
      governanceIndexPage({
        viewer: c.get('viewer'),
        committees: await listCommittees(db),
        canCreate: canCreate && !actor?.roles.some((r) => r.role === 'observer'),
        canDeclare: can(actor, 'declare_interest').allowed,
        canViewRegister: canSomewhere(actor, 'view_register'),
        problem,
      }),
      problem ? USE_CASE_STATUS[problem.error.field ? 'invalid' : 'conflict'] : 200,
    );
  };
  const renderDelegation = async (
    c: Ctx,
    code: string,
    problem: Problem | null = null,
  ): Promise<Response> => {
    const org = CODE.test(code) ? await findOrganisation(db, code) : null;
    if (!org || (org.kind !== 'sub_icb' && org.kind !== 'icb'))
      return c.html(notFoundPage(c.get('viewer'), 'Commissioner not found'), 404);
    const actor = actorOf(c);
    const target = await targetFor(db, org.code);
    return c.html(
      delegationDetailPage({
        viewer: c.get('viewer'),
        commissioner: org,
        state: await delegationState(db, org.code, today(now())),
        history: await delegationHistory(db, org.code),
        canRequest: can(actor, 'request_delegation', target).allowed,
        canDecide: can(actor, 'decide_delegation', target).allowed,
        showHistory: can(actor, 'view_governance', target).allowed,
        problem,
      }),
      problem ? 400 : 200,
    );
  };
  const renderMine = async (c: Ctx, problem: Problem | null = null): Promise<Response> => {
    const mine = await myDeclarations(db, actorOf(c), today(now()));
    return c.html(myInterestsPage({ viewer: c.get('viewer')!, ...mine, problem }), problem ? 400 : 200);
  };
  const renderCommittee = async (c: Ctx, id: number, problem: Problem | null = null): Promise<Response> => {
    const committee = await getCommittee(db, actorOf(c), id, today(now()));
    return c.html(
      committeePage({
        viewer: c.get('viewer')!,
        committee,
        canManage: can(actorOf(c), 'manage_committee', committee.target).allowed,
        problem,
      }),
      problem ? 400 : 200,
    );
  };
  const renderMeeting = async (c: Ctx, id: number, problem: Problem | null = null): Promise<Response> => {
    const meeting = await getMeeting(db, actorOf(c), id);
    return c.html(
      meetingPage({
        viewer: c.get('viewer')!,
        meeting,
        canManage: can(actorOf(c), 'manage_committee', meeting.target).allowed,
        problem,
      }),
      problem ? 400 : 200,
    );
  };
  const renderItem = async (c: Ctx, id: number, problem: Problem | null = null): Promise<Response> => {
    const item = await getItem(db, actorOf(c), id);
    return c.html(itemPage({ viewer: c.get('viewer')!, item, problem }), problem ? 400 : 200);
  };

  // ---- Public pages ----

  app.get(
    '/governance',
    page((c) => renderIndex(c)),
  );
  app.get(
    '/governance/delegation',
    page(async (c) => c.html(delegationListPage(c.get('viewer'), await listDelegations(db, today(now()))))),
  );
  app.get(
    '/governance/delegation/:code',
    page((c) => renderDelegation(c, codeParam(c))),
  );
  app.get(
    '/governance/register',
    page(async (c) => c.html(registerPage(c.get('viewer'), await publishedRegister(db)))),
  );
  app.get('/governance/register.csv', async (c) => {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="register-of-interests.csv"');
    return c.body(registerCsv(await publishedRegister(db)));
  });
  app.get(
    '/governance/decisions',
    page(async (c) => c.html(decisionLogPage(c.get('viewer'), await decisionLog(db)))),
  );
  app.get(
    '/governance/meetings/:id/minutes',
    page(async (c) => c.html(publicMinutesPage(c.get('viewer'), await publicMinutes(db, idParam(c))))),
  );

  // ---- Pages for members, observers and staff ----

  app.get(
    '/governance/register/mine',
    page((c) => renderMine(c)),
  );
  app.get(
    '/governance/register/reviews',
    page(async (c) => {
      const full = await fullRegister(db, actorOf(c));
      return c.html(
        reviewsPage(c.get('viewer')!, await visibleReviewReminders(db, actorOf(c), today(now())), full),
      );
    }),
  );
  app.get(
    '/governance/committees/:id',
    page((c) => renderCommittee(c, idParam(c))),
  );
  app.get(
    '/governance/meetings/:id',
    page((c) => renderMeeting(c, idParam(c))),
  );
  app.get(
    '/governance/items/:id',
    page((c) => renderItem(c, idParam(c))),
  );

  // ---- JSON reads ----

  const apiGets: [string, string, string, (c: Ctx) => Promise<Response>][] = [
    [
      '/api/governance/committees',
      'Committees',
      'everyone',
      async (c) => c.json({ committees: await listCommittees(db) }),
    ],
    [
      '/api/governance/committees/:id',
      'A committee: terms, quorum rule, members, composition check, meetings',
      'view_governance for the committee’s commissioner',
      async (c) => {
        const { target: _t, ...committee } = await getCommittee(db, actorOf(c), idParam(c), today(now()));
        return c.json(committee);
      },
    ],
    [
      '/api/governance/meetings/:id',
      'A meeting: attendance and agenda',
      'view_governance',
      async (c) => {
        const m = await getMeeting(db, actorOf(c), idParam(c));
        return c.json({
          meeting: m.meeting,
          committee: { id: m.committee.id, name: m.committee.name },
          members: m.members,
          present: [...m.present],
          agenda: m.agenda,
        });
      },
    ],
    [
      '/api/governance/items/:id',
      'An agenda item: recusals, quorum, votes, authority and decision',
      'view_governance',
      async (c) => c.json(itemJson(await getItem(db, actorOf(c), idParam(c)))),
    ],
    [
      '/api/governance/delegation',
      'Every commissioner’s level and functions today',
      'everyone',
      async (c) => c.json({ delegations: await listDelegations(db, today(now())) }),
    ],
    [
      '/api/governance/delegation/:code',
      'One commissioner’s delegation today, who decides each function, and (for those who may see it) the record of requests and approvals',
      'everyone; the history needs view_governance',
      async (c) => {
        const code = codeParam(c);
        if (!CODE.test(code)) throw new UseCaseError('not_found', 'Commissioner not found');
        const state = await delegationState(db, code, today(now()));
        const target = await targetFor(db, code);
        return c.json({
          state,
          functions: DELEGATED_FUNCTIONS.map((fn) => ({ function: fn, ...decideContractAction(state, fn) })),
          history: can(actorOf(c), 'view_governance', target).allowed
            ? await delegationHistory(db, code)
            : null,
        });
      },
    ],
    [
      '/api/governance/delegation/:code/actions/:function',
      'May the caller take a contract action needing this function at this commissioner, or does it go to the contract holder?',
      'everyone (the answer depends on the caller’s roles)',
      async (c) => {
        const code = codeParam(c);
        const fn = c.req.param('function') ?? '';
        if (!CODE.test(code) || !isDelegatedFunction(fn))
          throw new UseCaseError('not_found', 'Unknown commissioner or function');
        const state = await delegationState(db, code, today(now()));
        return c.json(
          decideDelegatedAction(actorOf(c), 'manage_committee', await targetFor(db, code), state, fn),
        );
      },
    ],
    [
      '/api/governance/register',
      'The published register of interests',
      'everyone',
      async (c) => c.json({ declarations: await publishedRegister(db) }),
    ],
    [
      '/api/governance/register/reviews',
      'Reminder list: people whose yearly review is overdue, due soon, or who never declared',
      'view_register',
      async (c) => {
        await fullRegister(db, actorOf(c)); // authorises
        return c.json({ reminders: await visibleReviewReminders(db, actorOf(c), today(now())) });
      },
    ],
    [
      '/api/governance/meetings/:id/minutes',
      'The published minutes of a meeting, with its agenda and decisions',
      'everyone, once the secretariat publishes them (404 before)',
      async (c) => c.json(await publicMinutes(db, idParam(c))),
    ],
    [
      '/api/governance/register/mine',
      "The signed-in member's own declarations, when they were last reviewed and when the next review is due",
      'declare_interest',
      async (c) => c.json(await myDeclarations(db, actorOf(c), today(now()))),
    ],
    [
      '/api/governance/decisions',
      'The public decision log',
      'everyone',
      async (c) => c.json({ decisions: await decisionLog(db) }),
    ],
  ];
  for (const [path, summary, access, handler] of apiGets) {
    app.get(path, api(handler));
    describe({ method: 'get', path, summary, access });
  }

  // ---- Writes ----

  const formFor = (name: string) => () => name;
  for (const route of writeRoutes()) {
    describe({
      method: 'post',
      path: `/api/governance${route.path}`,
      summary: route.summary,
      access: route.access,
      formFields: route.fields,
    });
    app.post(`/governance${route.path}`, async (c) => {
      const form = await readForm(c);
      try {
        const { redirect } = await route.run(c, actorOf(c), form);
        return c.redirect(redirect, 303);
      } catch (error) {
        if (isUseCaseError(error, 'invalid') || isUseCaseError(error, 'conflict')) {
          const formName = route.form(c, form);
          try {
            return await route
              .again(c, {
                form: formName,
                error: { field: fieldId(formName, error.field ?? 'none'), message: error.message },
                values: flatValues(form),
              })
              .then((res) =>
                error.kind === 'conflict'
                  ? new Response(res.body, { status: 409, headers: res.headers })
                  : res,
              );
          } catch (inner) {
            return pageError(c, inner);
          }
        }
        return pageError(c, error);
      }
    });
    app.post(`/api/governance${route.path}`, async (c) => {
      const form = await readForm(c);
      try {
        return c.json({ ok: true, ...(await route.run(c, actorOf(c), form)).json });
      } catch (error) {
        return apiError(c, error);
      }
    });
  }

  function writeRoutes(): WriteRoute[] {
    return [
      {
        path: '/committees',
        summary: 'Set up a committee',
        access: 'manage_committee for the commissioner',
        fields: ['name', 'organisation_code', 'terms_of_reference', 'quorum_minimum', 'quorum_rules'],
        form: formFor('committee'),
        run: async (_c, actor, f) => {
          const rules = list(f, 'quorum_rules');
          const id = await createCommittee(
            db,
            actor,
            {
              name: str(f, 'name'),
              organisationCode: str(f, 'organisation_code'),
              termsOfReference: str(f, 'terms_of_reference'),
              quorumMinimum: intOrNull(str(f, 'quorum_minimum')),
              quorumRequiresChair: rules.includes('chair'),
              quorumRequiresLay: rules.includes('lay'),
            },
            now(),
          );
          return { redirect: `/governance/committees/${id}`, json: { id } };
        },
        again: (c, p) => renderIndex(c, p),
      },
      {
        path: '/committees/:id/terms',
        summary: 'Change the terms of reference and quorum rule',
        access: 'manage_committee',
        fields: ['terms_of_reference', 'quorum_minimum', 'quorum_rules'],
        form: formFor('terms'),
        run: async (c, actor, f) => {
          const rules = list(f, 'quorum_rules');
          await updateTerms(db, actor, idParam(c), {
            termsOfReference: str(f, 'terms_of_reference'),
            quorumMinimum: intOrNull(str(f, 'quorum_minimum')),
            quorumRequiresChair: rules.includes('chair'),
            quorumRequiresLay: rules.includes('lay'),
          });
          return { redirect: `/governance/committees/${idParam(c)}`, json: {} };
        },
        again: (c, p) => renderCommittee(c, idParam(c), p),
      },
      {
        path: '/committees/:id/members',
        summary: 'Add a member or observer',
        access: 'manage_committee',
        fields: ['name', 'username', 'role', 'observer_body', 'position', 'voting', 'starts_on', 'person_id'],
        form: formFor('member'),
        run: async (c, actor, f) => {
          const memberId = await addMember(
            db,
            actor,
            idParam(c),
            {
              personId: intOrNull(str(f, 'person_id')),
              name: str(f, 'name'),
              username: orNull(str(f, 'username')),
              role: str(f, 'role'),
              observerBody: orNull(str(f, 'observer_body')),
              voting: list(f, 'voting').includes('yes'),
              position: str(f, 'position') || 'member',
              startsOn: str(f, 'starts_on') || today(now()),
            },
            now(),
          );
          return { redirect: `/governance/committees/${idParam(c)}`, json: { id: memberId } };
        },
        again: (c, p) => renderCommittee(c, idParam(c), p),
      },
      {
        path: '/committees/:id/meetings',
        summary: 'Arrange a meeting',
        access: 'manage_committee',
        fields: ['title', 'held_on', 'location'],
        form: formFor('meeting'),
        run: async (c, actor, f) => {
          const id = await createMeeting(
            db,
            actor,
            idParam(c),
            {
              title: str(f, 'title'),
              heldOn: str(f, 'held_on'),
              location: orNull(str(f, 'location')),
            },
            now(),
          );
          return { redirect: `/governance/meetings/${id}`, json: { id } };
        },
        again: (c, p) => renderCommittee(c, idParam(c), p),
      },
      {
        path: '/meetings/:id/attendance',
        summary: 'Record who is present (members not listed are absent)',
        access: 'manage_committee',
        fields: ['present (repeated: member ids)'],
        form: formFor('attendance'),
        run: async (c, actor, f) => {
          await recordAttendance(db, actor, idParam(c), list(f, 'present').map(Number), now());
          return { redirect: `/governance/meetings/${idParam(c)}`, json: {} };
        },
        again: (c, p) => renderMeeting(c, idParam(c), p),
      },
      {
        path: '/meetings/:id/items',
        summary:
          'Add an agenda item (members with a declared interest in what it concerns are recused automatically)',
        access: 'manage_committee',
        fields: [
          'title',
          'concern_kind',
          'organisation_codes',
          'provider_names',
          'concern_ref',
          'delegated_function',
          'paper',
          'confidential_paper',
        ],
        form: formFor('item'),
        run: async (c, actor, f) => {
          const id = await addAgendaItem(
            db,
            actor,
            idParam(c),
            {
              title: str(f, 'title'),
              concernKind: str(f, 'concern_kind'),
              concernRef: orNull(str(f, 'concern_ref')),
              organisationCodes: str(f, 'organisation_codes'),
              providerNames: str(f, 'provider_names'),
              delegatedFunction: orNull(str(f, 'delegated_function')),
              paper: str(f, 'paper'),
              confidentialPaper: orNull(str(f, 'confidential_paper')),
            },
            now(),
          );
          return { redirect: `/governance/items/${id}`, json: { id } };
        },
        again: (c, p) => renderMeeting(c, idParam(c), p),
      },
      {
        path: '/meetings/:id/minutes',
        summary: 'Publish the minutes',
        access: 'manage_committee',
        fields: ['minutes'],
        form: formFor('minutes'),
        run: async (c, actor, f) => {
          await publishMinutes(db, actor, idParam(c), str(f, 'minutes'), now());
          return { redirect: `/governance/meetings/${idParam(c)}/minutes`, json: {} };
        },
        again: (c, p) => renderMeeting(c, idParam(c), p),
      },
      {
        path: '/items/:id/recusals',
        summary: 'The chair recuses a member from the item',
        access: 'chair_meeting, as the chair or deputy chair',
        fields: ['member_id', 'reason'],
        form: formFor('recuse'),
        run: async (c, actor, f) => {
          await recordRecusal(db, actor, idParam(c), Number(str(f, 'member_id')), str(f, 'reason'), now());
          return { redirect: `/governance/items/${idParam(c)}`, json: {} };
        },
        again: (c, p) => renderItem(c, idParam(c), p),
      },
      {
        path: '/items/:id/recusals/override',
        summary: 'The chair overrides a recusal, with a recorded reason (audited and shown)',
        access: 'chair_meeting, as the chair or deputy chair',
        fields: ['member_id', 'reason'],
        form: formFor('override'),
        run: async (c, actor, f) => {
          await overrideRecusal(db, actor, idParam(c), Number(str(f, 'member_id')), str(f, 'reason'), now());
          return { redirect: `/governance/items/${idParam(c)}`, json: {} };
        },
        again: (c, p) => renderItem(c, idParam(c), p),
      },
      {
        path: '/items/:id/votes',
        summary: 'Cast one’s own vote, or (secretariat) record a member’s vote given at the meeting',
        access: 'cast_vote (own) or manage_committee (on behalf)',
        fields: ['choice', 'member_id'],
        form: (_c, f) => (str(f, 'member_id') ? 'record-vote' : 'vote'),
        run: async (c, actor, f) => {
          await castVote(
            db,
            actor,
            idParam(c),
            {
              memberId: intOrNull(str(f, 'member_id')),
              choice: str(f, 'choice'),
            },
            now(),
          );
          return { redirect: `/governance/items/${idParam(c)}`, json: {} };
        },
        again: (c, p) => renderItem(c, idParam(c), p),
      },
      {
        path: '/items/:id/decision',
        summary: 'Record the decision, with the quorum check at the time',
        access: 'manage_committee, or chair_meeting as the chair',
        fields: ['decision_text', 'public'],
        form: formFor('decision'),
        run: async (c, actor, f) => {
          const d = await recordDecision(
            db,
            actor,
            idParam(c),
            {
              decisionText: str(f, 'decision_text'),
              public: list(f, 'public').includes('yes'),
            },
            now(),
          );
          return { redirect: `/governance/items/${idParam(c)}`, json: { decision: d } };
        },
        again: (c, p) => renderItem(c, idParam(c), p),
      },
      {
        path: '/register/declarations',
        summary:
          'Declare an interest (kind=nil for a nil return); with person_id, the secretariat records for someone else',
        access: 'declare_interest (own) or manage_register (for someone else)',
        fields: [
          'kind',
          'organisation_code',
          'provider_name',
          'description',
          'private_note',
          'starts_on',
          'ends_on',
          'person_id',
        ],
        form: (_c, f) => (str(f, 'person_id') ? 'record' : 'declare'),
        run: async (_c, actor, f) => {
          const id = await declareInterest(
            db,
            actor,
            {
              kind: str(f, 'kind'),
              organisationCode: orNull(str(f, 'organisation_code')),
              providerName: orNull(str(f, 'provider_name')),
              description: str(f, 'description'),
              privateNote: orNull(str(f, 'private_note')),
              startsOn: orNull(str(f, 'starts_on')),
              endsOn: orNull(str(f, 'ends_on')),
              personId: intOrNull(str(f, 'person_id')),
            },
            now(),
          );
          return { redirect: '/governance/register/mine', json: { id } };
        },
        again: (c, p) => renderMine(c, p),
      },
      {
        path: '/register/review',
        summary: 'Confirm one’s declarations are complete (the yearly review)',
        access: 'declare_interest',
        fields: [],
        form: formFor('review'),
        run: async (_c, actor) => {
          await confirmReview(db, actor, null, now());
          return { redirect: '/governance/register/mine', json: {} };
        },
        again: (c, p) => renderMine(c, p),
      },
      {
        path: '/delegation/:code/requests',
        summary: 'Ask for a co-commissioning level and functions for a period',
        access: 'request_delegation for the commissioner',
        fields: ['level', 'starts_on', 'ends_on', 'functions (repeated)', 'note'],
        form: formFor('request'),
        run: async (c, actor, f) => {
          const code = codeParam(c);
          const id = await requestDelegation(
            db,
            actor,
            {
              commissionerCode: code,
              level: Number(str(f, 'level')),
              startsOn: str(f, 'starts_on'),
              endsOn: orNull(str(f, 'ends_on')),
              functions: list(f, 'functions'),
              note: orNull(str(f, 'note')),
            },
            now(),
          );
          return { redirect: `/governance/delegation/${code}`, json: { id } };
        },
        again: (c, p) => renderDelegation(c, codeParam(c), p),
      },
      {
        path: '/delegation/requests/:id/decision',
        summary: 'Approve or refuse a delegation request, function by function',
        access: 'decide_delegation (NHS England area team over the commissioner)',
        fields: ['approve (yes/no)', 'functions (repeated: those granted)', 'note'],
        form: (c) => `decide-${idParam(c)}`,
        run: async (c, actor, f) => {
          await decideDelegation(
            db,
            actor,
            {
              periodId: idParam(c),
              approve: str(f, 'approve') !== 'no',
              grantFunctions: list(f, 'functions'),
              note: orNull(str(f, 'note')),
            },
            now(),
          );
          const period = await db
            .selectFrom('delegation_period')
            .select('commissioner_code')
            .where('id', '=', idParam(c))
            .executeTakeFirst();
          return { redirect: `/governance/delegation/${period?.commissioner_code ?? ''}`, json: {} };
        },
        again: async (c, p) => {
          const period = await db
            .selectFrom('delegation_period')
            .select('commissioner_code')
            .where('id', '=', idParam(c))
            .executeTakeFirst();
          return renderDelegation(c, period?.commissioner_code ?? '', p);
        },
      },
    ];
  }
}

/** Every write route, as registered under /governance and /api/governance (for tests and docs). */
export const GOVERNANCE_WRITE_PATHS = [
  '/committees',
  '/committees/:id/terms',
  '/committees/:id/members',
  '/committees/:id/meetings',
  '/meetings/:id/attendance',
  '/meetings/:id/items',
  '/meetings/:id/minutes',
  '/items/:id/recusals',
  '/items/:id/recusals/override',
  '/items/:id/votes',
  '/items/:id/decision',
  '/register/declarations',
  '/register/review',
  '/delegation/:code/requests',
  '/delegation/requests/:id/decision',
] as const;

/** The item as JSON: sets as arrays, and the confidential paper only for those who may read it. */
function itemJson(v: ItemView): Record<string, unknown> {
  return {
    item: { ...v.item, confidential_paper: v.showConfidential ? v.item.confidential_paper : null },
    confidentialPaperWithheld: !v.showConfidential && v.item.confidential_paper !== null,
    meeting: { id: v.meeting.id, title: v.meeting.title, heldOn: v.meeting.held_on },
    committee: {
      id: v.committee.id,
      name: v.committee.name,
      organisationCode: v.committee.organisation_code,
    },
    organisationCodes: v.organisationCodes,
    providerNames: v.providerNames,
    members: v.members,
    present: [...v.present],
    composition: v.composition,
    recusals: v.recusals,
    recused: [...v.recused],
    quorum: v.quorum,
    votes: v.votes,
    tally: v.tally,
    authority: v.contract,
    decision: v.decision,
    viewer: {
      memberId: v.viewerMember?.id ?? null,
      canVote: v.canVote,
      canChair: v.canChair,
      canManage: v.canManage,
    },
  };
}
