/**
 * Governance pages and JSON reads (issue 16: a sub-app): delegation, the register of interests,
 * committees, meetings, agenda items and decisions. The use cases (src/app/governance/) authorise
 * every read; a refusal goes to app.onError. The writes are in writes.ts.
 */
import { Hono } from 'hono';
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import { getCommittee, listCommittees } from '../../../app/governance/committees.ts';
import { targetFor, today } from '../../../app/governance/context.ts';
import { delegationHistory, delegationState, listDelegations } from '../../../app/governance/delegation.ts';
import {
  fullRegister,
  publishedRegister,
  registerCsv,
  visibleReviewReminders,
} from '../../../app/governance/interests.ts';
import { getItem, type ItemView } from '../../../app/governance/items.ts';
import { getMeeting } from '../../../app/governance/meetings.ts';
import { myDeclarations } from '../../../app/governance/my-declarations.ts';
import { decisionLog, publicMinutes } from '../../../app/governance/public-record.ts';
import { UseCaseError } from '../../../app/use-case-error.ts';
import {
  DELEGATED_FUNCTIONS,
  decideContractAction,
  isDelegatedFunction,
} from '../../../domain/governance/delegation.ts';
import { can, decideDelegatedAction } from '../../../domain/policy.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { decisionLogPage } from '../../pages/governance/decisions.ts';
import { delegationListPage } from '../../pages/governance/delegation.ts';
import { publicMinutesPage } from '../../pages/governance/meeting.ts';
import { registerPage, reviewsPage } from '../../pages/governance/register.ts';
import { actorOf, idParam, ORG_CODE, type RouteContext, type RouteEnv } from '../../request.ts';
import { codeParam, governanceRenderers } from './render.ts';

type Ctx = RouteContext;

type Deps = { db: Db; now: Clock };

/** The sub-apps in the order their routes were registered before the split. */
export function governancePageRoutes(deps: Deps): Hono<RouteEnv> {
  const renderers = governanceRenderers(deps);
  return new Hono<RouteEnv>()
    .route('/', publicPages(deps, renderers))
    .route('/', memberPages(deps, renderers))
    .route('/', apiReads(deps));
}

type Renderers = ReturnType<typeof governanceRenderers>;

/** The public pages: delegation, the register of interests, the decision log, published minutes. */
function publicPages({ db, now }: Deps, { renderIndex, renderDelegation }: Renderers): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();
  app.get('/governance', (c) => renderIndex(c));
  app.get('/governance/delegation', async (c) =>
    c.html(delegationListPage(c.get('viewer'), await listDelegations(db, today(now())))),
  );
  app.get('/governance/delegation/:code', (c) => renderDelegation(c, codeParam(c)));
  app.get('/governance/register', async (c) =>
    c.html(registerPage(c.get('viewer'), await publishedRegister(db))),
  );
  app.get('/governance/register.csv', async (c) => {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="register-of-interests.csv"');
    return c.body(registerCsv(await publishedRegister(db)));
  });
  app.get('/governance/decisions', async (c) =>
    c.html(decisionLogPage(c.get('viewer'), await decisionLog(db))),
  );
  app.get('/governance/meetings/:id/minutes', async (c) =>
    c.html(publicMinutesPage(c.get('viewer'), await publicMinutes(db, idParam(c)))),
  );

  return app;
}

/** The pages for members, observers and staff. */
function memberPages({ db, now }: Deps, r: Renderers): Hono<RouteEnv> {
  const { renderMine, renderCommittee, renderMeeting, renderItem } = r;
  const app = new Hono<RouteEnv>();
  app.get('/governance/register/mine', (c) => renderMine(c));
  app.get('/governance/register/reviews', async (c) => {
    const full = await fullRegister(db, actorOf(c));
    return c.html(
      reviewsPage(c.get('viewer')!, await visibleReviewReminders(db, actorOf(c), today(now())), full),
    );
  });
  app.get('/governance/committees/:id', (c) => renderCommittee(c, idParam(c)));
  app.get('/governance/meetings/:id', (c) => renderMeeting(c, idParam(c)));
  app.get('/governance/items/:id', (c) => renderItem(c, idParam(c)));

  return app;
}

/** The JSON reads, each described in /api/openapi.json. */
function apiReads({ db, now }: Deps): Hono<RouteEnv> {
  // Stays long: it is one table of the twelve JSON reads, a row each, read top to bottom.
  const app = new Hono<RouteEnv>();
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
        if (!ORG_CODE.test(code)) throw new UseCaseError('not_found', 'Commissioner not found');
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
        if (!ORG_CODE.test(code) || !isDelegatedFunction(fn))
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
    app.get(path, handler);
    describeApiRoute({ method: 'get', path, summary, access, tag: 'Governance' });
  }

  return app;
}

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
