/**
 * Performance concern pages: the list, raising one (from a flag or by hand), one concern with its
 * timeline, each step's form post, attachments, and a JSON view under /api/concerns/:id. Each write is
 * one use case (src/app/concerns/): authorised, one transaction, audited. app.ts checks the CSRF token
 * before any POST reaches these handlers (and has parsed the body, files included).
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Actor } from '../../app/actor.ts';
import { utcDate } from '../../app/clock.ts';
import { practiceScope } from '../../app/concerns/context.ts';
import { inviteLmc } from '../../app/concerns/lmc.ts';
import { recordNotice } from '../../app/concerns/notices.ts';
import { raiseConcern } from '../../app/concerns/raise.ts';
import {
  type ConcernView,
  getAttachment,
  getConcern,
  indicatorIdByCode,
  listConcerns,
  resolveFlagRef,
} from '../../app/concerns/read.ts';
import {
  closeConcern,
  notifyPractice,
  recordOutcome,
  referConcern,
  replyToConcern,
  startPeerReview,
  triage,
} from '../../app/concerns/steps.ts';
import type { Mailer } from '../../app/notifications/mailer.ts';
import type { NotifyOptions } from '../../app/notifications/notify.ts';
import { isUseCaseError, UseCaseError } from '../../app/use-case-error.ts';
import type { AttachmentInput } from '../../domain/concerns/reply.ts';
import { can } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import { describeApiRoute } from '../api/openapi.ts';
import { problem, problemFor, signInRequired } from '../api/problem.ts';
import { pointControl } from '../benchmarking/viewer-control.ts';
import { concernPage } from '../pages/concerns/concern.ts';
import { concernListPage, raiseConcernPage } from '../pages/concerns/list.ts';
import { forbiddenPage, notFoundPage } from '../pages/errors.ts';
import { fieldId, type Problem } from '../pages/governance/forms.ts';
import { actorOf, idParam, type RouteContext, type RouteEnv } from '../request.ts';
import { USE_CASE_STATUS } from '../use-case-status.ts';

type Ctx = RouteContext;
type Body = Record<string, string | File | (string | File)[]>;

const str = (body: Body, key: string): string => {
  const v = body[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.trim() : '';
};
const intOrNull = (s: string): number | null => (/^\d{1,9}$/.test(s) ? Number(s) : null);

function textValues(body: Body): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== 'csrf_token') out[k] = v;
  return out;
}

export function registerConcernRoutes(
  app: Hono<RouteEnv>,
  options: {
    db: Kysely<Database>;
    now: () => Date;
    /** Where notification e-mail goes; default from the environment (SMTP or the outbox folder). */
    mailer?: Mailer | null;
  },
): void {
  const { db, now } = options;
  // The frozen funnel is drawn for each viewer under the release's disclosure control, as the indicator
  // page draws it: the pack holds every practice's exact counts, and a dot's place gives them back.
  const packControl = (c: RouteContext, v: ConcernView) =>
    pointControl(db, c.get('session')?.user ?? null, v.releaseName, v.row.indicator_id, v.row.period);
  /** Each request's clock reading, with where its notification e-mail goes. */
  const mail = (): NotifyOptions => ({
    now: now(),
    ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
  });
  const today = () => utcDate(now());

  describeApiRoute({
    method: 'get',
    path: '/api/concerns/:id',
    summary: 'One performance concern as the signed-in person may see it: state, timeline, plan, notices',
    tag: 'Concerns',
    access:
      'commissioning staff, the area team, committee members and LMC representatives for the practice; the practice once notified; individual-performer concerns in full to the area team only',
  });

  const signIn = (c: Ctx) => c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);

  const refusal = (c: Ctx, error: unknown): Response => {
    if (!isUseCaseError(error)) throw error;
    if (error.kind === 'not_found') return c.html(notFoundPage(c.get('viewer'), error.message), 404);
    return c.html(forbiddenPage(c.get('viewer'), error.message), USE_CASE_STATUS[error.kind]);
  };

  app.get('/concerns', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signIn(c);
    const concerns = await listConcerns(db, actor);
    // The "raise by hand" link: shown when the policy lets the reader raise a concern about some
    // organisation in one of their roles' scopes.
    const raises = actor.roles.some(
      (r) =>
        can(actor, 'raise_concern', r.organisationCode ? { organisationCode: r.organisationCode } : {})
          .allowed,
    );
    return c.html(concernListPage(c.get('viewer')!, concerns, raises));
  });

  describeApiRoute({
    method: 'get',
    path: '/api/concerns',
    summary:
      'The performance concerns the signed-in person may see (as /concerns): the same list, under the same rules of authority and disclosure',
    tag: 'Concerns',
    access:
      'anyone signed in; each concern only to those its rules let see it (src/domain/concerns/authority.ts)',
  });
  app.get('/api/concerns', async (c) => {
    const actor = actorOf(c);
    if (!actor) return problem(c, 401, 'Sign in required');
    return c.json({ concerns: await listConcerns(db, actor) });
  });

  app.get('/concerns/new', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signIn(c);
    const practiceCode = (c.req.query('practice') ?? '').toUpperCase().slice(0, 10);
    if (practiceCode) {
      try {
        const scope = await practiceScope(db, practiceCode);
        const d = can(actor, 'raise_concern', scope.target);
        if (!d.allowed) return c.html(forbiddenPage(c.get('viewer'), d.reason), 403);
      } catch (error) {
        return refusal(c, error);
      }
    }
    const q = (k: string) => (c.req.query(k) ?? '').slice(0, 40);
    // A flag link names the release and indicator either by id (release_id, indicator_id) or, from the
    // benchmarking pages, by name and code (release=NAME&indicator=CODE).
    let releaseId = q('release_id');
    let indicatorId = q('indicator_id');
    if (releaseId === '' && q('release') !== '') {
      const ref = await resolveFlagRef(db, (c.req.query('release') ?? '').slice(0, 100), q('indicator'));
      releaseId = ref.releaseId === null ? '' : String(ref.releaseId);
      indicatorId = indicatorId || (ref.indicatorId === null ? '' : String(ref.indicatorId));
    } else if (indicatorId === '' && q('indicator') !== '') {
      const id = await indicatorIdByCode(db, q('indicator'));
      indicatorId = id === null ? '' : String(id);
    }
    const flagNamed = releaseId !== '' && indicatorId !== '' && q('period') !== '';
    return c.html(
      raiseConcernPage(
        c.get('viewer')!,
        {
          practiceCode,
          source: q('source') || (flagNamed ? 'funnel_outlier' : 'by_hand'),
          releaseId,
          indicatorId,
          period: q('period'),
          title: (c.req.query('title') ?? '').slice(0, 200),
        },
        null,
      ),
    );
  });

  app.post('/concerns', async (c) => {
    const actor = actorOf(c);
    const body = (await c.req.parseBody()) as Body;
    try {
      const id = await raiseConcern(
        db,
        actor,
        {
          practiceCode: str(body, 'practice_code'),
          type: str(body, 'type'),
          source: str(body, 'source') || 'by_hand',
          title: str(body, 'title'),
          reason: str(body, 'reason'),
          releaseId: intOrNull(str(body, 'release_id')),
          indicatorId: intOrNull(str(body, 'indicator_id')),
          period: str(body, 'period') || null,
        },
        mail(),
      );
      return c.redirect(`/concerns/${id}`, 303);
    } catch (error) {
      if (!isUseCaseError(error, 'invalid')) return refusal(c, error);
      const problem: Problem = {
        form: 'raise',
        error: { field: fieldId('raise', error.field ?? 'title'), message: error.message },
        values: textValues(body),
      };
      return c.html(
        raiseConcernPage(
          c.get('viewer')!,
          {
            practiceCode: str(body, 'practice_code'),
            source: str(body, 'source') || 'by_hand',
            releaseId: str(body, 'release_id'),
            indicatorId: str(body, 'indicator_id'),
            period: str(body, 'period'),
            title: str(body, 'title'),
          },
          problem,
        ),
        400,
      );
    }
  });

  app.get('/concerns/:id', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signIn(c);
    try {
      const view = await getConcern(db, actor, idParam(c), today());
      return c.html(concernPage(view, c.get('viewer')!, await packControl(c, view)));
    } catch (error) {
      return refusal(c, error);
    }
  });

  app.get('/api/concerns/:id', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInRequired(c);
    try {
      const v = await getConcern(db, actor, idParam(c), today());
      return c.json({
        id: v.row.id,
        practiceCode: v.row.practice_code,
        type: v.row.type,
        state: v.row.state,
        visibility: v.visibility,
        title: v.row.title,
        contractHolder: v.contractHolder.holderLabel,
        timeline: v.events.map((e) => ({
          step: e.step,
          from: e.from_state,
          to: e.to_state,
          actor: e.actor,
          at: e.at,
        })),
        plan: v.plan,
        notices: v.notices.map((n) => ({
          kind: n.kind,
          breach: n.breach,
          remedy: n.remedy,
          remedyPeriodDays: n.remedy_period_days,
          issuedOn: n.issued_on,
          clock: n.clock,
        })),
      });
    } catch (error) {
      return problemFor(c, error);
    }
  });

  app.get('/concerns/:id/attachments/:attachment', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signIn(c);
    try {
      const file = await getAttachment(db, actor, idParam(c), idParam(c, 'attachment'), today());
      c.header('Content-Type', file.contentType);
      c.header('Content-Disposition', `attachment; filename="${file.fileName}"`);
      return c.body(file.content as Uint8Array<ArrayBuffer>);
    } catch (error) {
      return refusal(c, error);
    }
  });

  /** A step's form post: redirect back on success, or the page again with the problem. */
  const step = (
    path: string,
    form: string,
    run: (actor: Actor | null, id: number, body: Body) => Promise<unknown>,
  ) => {
    app.post(`/concerns/:id/${path}`, async (c) => {
      const actor = actorOf(c);
      const id = idParam(c);
      const body = (await c.req.parseBody()) as Body;
      try {
        await run(actor, id, body);
        return c.redirect(`/concerns/${id}`, 303);
      } catch (error) {
        if (!isUseCaseError(error, 'invalid')) return refusal(c, error);
        try {
          const view = await getConcern(db, actor, id, today());
          const problem: Problem = {
            form,
            error: { field: fieldId(form, error.field ?? 'note'), message: error.message },
            values: textValues(body),
          };
          return c.html(concernPage(view, c.get('viewer')!, await packControl(c, view), problem), 400);
        } catch (again) {
          return refusal(c, again);
        }
      }
    });
  };

  step('triage', 'triage', (a, id, b) => triage(db, a, id, str(b, 'note'), now()));
  step('notify', 'notify', (a, id, b) =>
    notifyPractice(db, a, id, str(b, 'note'), str(b, 'reply_by') || null, mail()),
  );
  step('reply', 'reply', async (a, id, b) => {
    const files: AttachmentInput[] = [];
    const file = b.attachment;
    if (file instanceof File && file.size > 0) {
      files.push({
        fileName: file.name,
        contentType: file.type,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
    }
    await replyToConcern(
      db,
      a,
      id,
      {
        populationContext: str(b, 'population_context'),
        dataQuality: str(b, 'data_quality'),
        actionsTaken: str(b, 'actions_taken'),
      },
      files,
      mail(),
    );
  });
  step('peer-review', 'peer', (a, id, b) =>
    startPeerReview(
      db,
      a,
      id,
      {
        groupName: str(b, 'group_name') || null,
        meetingId: intOrNull(str(b, 'meeting_id')),
        notes: str(b, 'notes'),
      },
      mail(),
    ),
  );
  step('outcome', 'outcome', async (a, id, b) => {
    const code = str(b, 'indicator_code');
    const indicatorId =
      intOrNull(str(b, 'indicator_id')) ?? (code ? await indicatorIdByCode(db, code) : null);
    if (str(b, 'outcome') === 'improvement_plan' && code && indicatorId === null)
      throw new UseCaseError('invalid', `There is no indicator with the code ${code}`, 'indicator_code');
    const target = str(b, 'target');
    return recordOutcome(
      db,
      a,
      id,
      {
        outcome: str(b, 'outcome'),
        notes: str(b, 'notes'),
        plan:
          indicatorId === null
            ? null
            : {
                indicatorId,
                target: target === '' ? Number.NaN : Number(target),
                actions: [1, 2, 3].map((i) => ({
                  action: str(b, `action_${i}`),
                  owner: str(b, `owner_${i}`),
                  dueOn: str(b, `due_${i}`),
                })),
              },
      },
      mail(),
    );
  });
  step('refer', 'refer', (a, id, b) => referConcern(db, a, id, str(b, 'note'), mail()));
  step('close', 'close', (a, id, b) => closeConcern(db, a, id, str(b, 'note'), mail()));
  step('invite-lmc', 'lmc', (a, id, b) => inviteLmc(db, a, id, str(b, 'lmc_username'), '', mail()));
  step('notices', 'notice', (a, id, b) =>
    recordNotice(
      db,
      a,
      id,
      {
        kind: str(b, 'kind'),
        breach: str(b, 'breach'),
        remedy: str(b, 'remedy'),
        remedyPeriodDays: str(b, 'remedy_period_days'),
        issuedOn: str(b, 'issued_on'),
      },
      mail(),
    ),
  );
}
