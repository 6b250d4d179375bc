/**
 * Performance concern pages: the list, raising one (from a flag or by hand), one concern with its
 * timeline, each step's form post, attachments, and a JSON view under /api/concerns/:id. Each write is
 * one use case (src/app/concerns/): authorised, one transaction, audited. app.ts checks the CSRF token
 * before any POST reaches these handlers (and has parsed the body, files included).
 */
import { Hono } from 'hono';
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
import type { Db } from '../../app/db.ts';
import type { Mailer } from '../../app/notifications/mailer.ts';
import type { NotifyOptions } from '../../app/notifications/notify.ts';
import { isUseCaseError, UseCaseError } from '../../app/use-case-error.ts';
import type { AttachmentInput } from '../../domain/concerns/reply.ts';
import { can } from '../../domain/policy.ts';
import { describeApiRoute } from '../api/openapi.ts';
import { problem, signInRequired } from '../api/problem.ts';
import { pointControl } from '../benchmarking/viewer-control.ts';
import { echoValues, formValues, idOrNull, type Parsed, parseForm, type Schema, text } from '../forms.ts';
import { MAX_FIELD_CHARS } from '../limits.ts';
import { concernPage } from '../pages/concerns/concern.ts';
import { concernListPage, raiseConcernPage } from '../pages/concerns/list.ts';
import { forbiddenPage } from '../pages/errors.ts';
import { fieldId, type Problem } from '../pages/governance/forms.ts';
import { signInFirst } from '../refusals.ts';
import { actorOf, idParam, type RouteContext, type RouteEnv } from '../request.ts';

type Ctx = RouteContext;

const FREE = text(MAX_FIELD_CHARS);

/** Raising a concern, from a flag or by hand; raiseConcern checks what each field means. */
const RAISE_FORM = {
  practice_code: FREE,
  type: FREE,
  source: FREE,
  title: FREE,
  reason: FREE,
  release_id: idOrNull(),
  indicator_id: idOrNull(),
  period: FREE,
};
const NOTE_FORM = { note: FREE };
const NOTIFY_FORM = { note: FREE, reply_by: FREE };
const REPLY_FORM = { population_context: FREE, data_quality: FREE, actions_taken: FREE };
const PEER_FORM = { group_name: FREE, meeting_id: idOrNull(), notes: FREE };
const OUTCOME_FORM = {
  outcome: FREE,
  notes: FREE,
  indicator_code: FREE,
  indicator_id: idOrNull(),
  target: FREE,
  action_1: FREE,
  owner_1: FREE,
  due_1: FREE,
  action_2: FREE,
  owner_2: FREE,
  due_2: FREE,
  action_3: FREE,
  owner_3: FREE,
  due_3: FREE,
};
const LMC_FORM = { lmc_username: FREE };
const NOTICE_FORM = { kind: FREE, breach: FREE, remedy: FREE, remedy_period_days: FREE, issued_on: FREE };

export function concernRoutes(options: {
  db: Db;
  now: () => Date;
  /** Where notification e-mail goes; default from the environment (SMTP or the outbox folder). */
  mailer?: Mailer | null;
}): Hono<RouteEnv> {
  const { db, now } = options;
  const app = new Hono<RouteEnv>();
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

  app.get('/concerns', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInFirst(c);
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
    if (!actor) return signInFirst(c);
    const practiceCode = (c.req.query('practice') ?? '').toUpperCase().slice(0, 10);
    if (practiceCode) {
      const scope = await practiceScope(db, practiceCode);
      const d = can(actor, 'raise_concern', scope.target);
      if (!d.allowed) return c.html(forbiddenPage(c.get('viewer'), d.reason), 403);
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
    const sent = formValues(await c.req.parseBody({ all: true }));
    const f = parseForm(sent, RAISE_FORM);
    try {
      const id = await raiseConcern(
        db,
        actor,
        {
          practiceCode: f.practice_code,
          type: f.type,
          source: f.source || 'by_hand',
          title: f.title,
          reason: f.reason,
          releaseId: f.release_id,
          indicatorId: f.indicator_id,
          period: f.period || null,
        },
        mail(),
      );
      return c.redirect(`/concerns/${id}`, 303);
    } catch (error) {
      if (!isUseCaseError(error, 'invalid')) throw error;
      const problem: Problem = {
        form: 'raise',
        error: { field: fieldId('raise', error.field ?? 'title'), message: error.message },
        values: echoValues(sent),
      };
      const ids = parseForm(sent, { release_id: FREE, indicator_id: FREE });
      return c.html(
        raiseConcernPage(
          c.get('viewer')!,
          {
            practiceCode: f.practice_code,
            source: f.source || 'by_hand',
            releaseId: ids.release_id,
            indicatorId: ids.indicator_id,
            period: f.period,
            title: f.title,
          },
          problem,
        ),
        400,
      );
    }
  });

  app.get('/concerns/:id', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInFirst(c);
    const view = await getConcern(db, actor, idParam(c), today());
    return c.html(concernPage(view, c.get('viewer')!, await packControl(c, view)));
  });

  app.get('/api/concerns/:id', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInRequired(c);
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
  });

  app.get('/concerns/:id/attachments/:attachment', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInFirst(c);
    const file = await getAttachment(db, actor, idParam(c), idParam(c, 'attachment'), today());
    c.header('Content-Type', file.contentType);
    c.header('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return c.body(file.content as Uint8Array<ArrayBuffer>);
  });

  /** A step's form post: redirect back on success, or the page again with the problem. */
  const step = <S extends Schema>(
    path: string,
    form: string,
    schema: S,
    run: (actor: Actor | null, id: number, values: Parsed<S>, c: Ctx) => Promise<unknown>,
  ) => {
    app.post(`/concerns/:id/${path}`, async (c) => {
      const actor = actorOf(c);
      const id = idParam(c);
      const sent = formValues(await c.req.parseBody({ all: true }));
      try {
        await run(actor, id, parseForm(sent, schema), c);
        return c.redirect(`/concerns/${id}`, 303);
      } catch (error) {
        if (!isUseCaseError(error, 'invalid')) throw error;
        const view = await getConcern(db, actor, id, today());
        const problem: Problem = {
          form,
          error: { field: fieldId(form, error.field ?? 'note'), message: error.message },
          values: echoValues(sent),
        };
        return c.html(concernPage(view, c.get('viewer')!, await packControl(c, view), problem), 400);
      }
    });
  };

  step('triage', 'triage', NOTE_FORM, (a, id, b) => triage(db, a, id, b.note, now()));
  step('notify', 'notify', NOTIFY_FORM, (a, id, b) =>
    notifyPractice(db, a, id, b.note, b.reply_by || null, mail()),
  );
  step('reply', 'reply', REPLY_FORM, async (a, id, b, c) => {
    const files: AttachmentInput[] = [];
    // The one file field: forms.ts reads text, so the upload is taken from the body itself.
    const file = (await c.req.parseBody()).attachment;
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
        populationContext: b.population_context,
        dataQuality: b.data_quality,
        actionsTaken: b.actions_taken,
      },
      files,
      mail(),
    );
  });
  step('peer-review', 'peer', PEER_FORM, (a, id, b) =>
    startPeerReview(
      db,
      a,
      id,
      {
        groupName: b.group_name || null,
        meetingId: b.meeting_id,
        notes: b.notes,
      },
      mail(),
    ),
  );
  step('outcome', 'outcome', OUTCOME_FORM, async (a, id, b) => {
    const code = b.indicator_code;
    const indicatorId =
      (b.indicator_id as number | null) ?? (code ? await indicatorIdByCode(db, code) : null);
    if (b.outcome === 'improvement_plan' && code && indicatorId === null)
      throw new UseCaseError('invalid', `There is no indicator with the code ${code}`, 'indicator_code');
    const target = b.target;
    return recordOutcome(
      db,
      a,
      id,
      {
        outcome: b.outcome,
        notes: b.notes,
        plan:
          indicatorId === null
            ? null
            : {
                indicatorId,
                target: target === '' ? Number.NaN : Number(target),
                actions: [
                  { action: b.action_1, owner: b.owner_1, dueOn: b.due_1 },
                  { action: b.action_2, owner: b.owner_2, dueOn: b.due_2 },
                  { action: b.action_3, owner: b.owner_3, dueOn: b.due_3 },
                ],
              },
      },
      mail(),
    );
  });
  step('refer', 'refer', NOTE_FORM, (a, id, b) => referConcern(db, a, id, b.note, mail()));
  step('close', 'close', NOTE_FORM, (a, id, b) => closeConcern(db, a, id, b.note, mail()));
  step('invite-lmc', 'lmc', LMC_FORM, (a, id, b) => inviteLmc(db, a, id, b.lmc_username, '', mail()));
  step('notices', 'notice', NOTICE_FORM, (a, id, b) =>
    recordNotice(
      db,
      a,
      id,
      {
        kind: b.kind,
        breach: b.breach,
        remedy: b.remedy,
        remedyPeriodDays: b.remedy_period_days,
        issuedOn: b.issued_on,
      },
      mail(),
    ),
  );
  return app;
}
