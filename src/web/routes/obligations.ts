/**
 * Obligations pages (issue 18): the dashboards (a commissioner's, a practice's), one item with its
 * returns and forms, review meetings, a return's file, and the demo's outbox for administrators.
 * Every rule is in the use cases (src/app/obligations) and src/domain/obligations/access.ts; these
 * routes translate HTTP. app.ts checks the CSRF token before any POST reaches them.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { authorise } from '../../app/authorise.ts';
import type { Clock } from '../../app/clock.ts';
import type { Mailer } from '../../app/notifications/mailer.ts';
import type { NotifyOptions } from '../../app/notifications/notify.ts';
import { listOutbox, outboxFolder, readOutboxMessage } from '../../app/notifications/outbox.ts';
import { practiceTarget } from '../../app/obligations/errors.ts';
import {
  type FollowUp,
  type NewAction,
  recordMeeting,
  rescheduleMeeting,
} from '../../app/obligations/meetings.ts';
import {
  commissionerDashboard,
  itemView,
  meetingView,
  practiceItems,
  submissionFile,
} from '../../app/obligations/read.ts';
import { decideReturn, openConcernFromReturn, submitReturn } from '../../app/obligations/returns.ts';
import { withObligations } from '../../app/obligations/tables.ts';
import { isUseCaseError, UseCaseError } from '../../app/use-case-error.ts';
import { can } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import { forbiddenPage, notFoundPage } from '../pages/errors.ts';
import { commissionerDashboardPage, practiceObligationsPage } from '../pages/obligations/dashboard.ts';
import { itemPage } from '../pages/obligations/item.ts';
import { meetingPage, NEW_ACTION_ROWS } from '../pages/obligations/meeting.ts';
import { outboxMessagePage, outboxPage } from '../pages/obligations/outbox.ts';
import { idParam, type RouteContext, type RouteEnv } from '../request.ts';
import { USE_CASE_STATUS } from '../use-case-status.ts';

type Env = RouteEnv;
type Ctx = RouteContext;
type Body = Record<string, string | File | (string | File)[]>;

const CODE = /^[A-Za-z0-9]{2,10}$/;

const str = (body: Body, key: string): string => {
  const v = body[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
};
function textValues(body: Body): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== 'csrf_token') out[k] = v;
  return out;
}

export interface ObligationRouteOptions {
  db: Kysely<Database>;
  now: Clock;
  mailer?: Mailer | null;
}

export function registerObligationRoutes(app: Hono<Env>, options: ObligationRouteOptions): void {
  const { db, now } = options;
  const mail = (): NotifyOptions => ({
    now: now(),
    ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
  });
  const signIn = (c: Ctx) => c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
  const userOf = (c: Ctx) => c.get('session')?.user ?? null;
  const refusal = (c: Ctx, error: unknown): Response => {
    if (!isUseCaseError(error)) throw error;
    if (error.kind === 'not_found') return c.html(notFoundPage(c.get('viewer'), error.message), 404);
    return c.html(forbiddenPage(c.get('viewer'), error.message), USE_CASE_STATUS[error.kind]);
  };

  /** The commissioners with obligations the viewer's roles reach (all of them for an administrator). */
  const commissionersFor = async (user: NonNullable<ReturnType<typeof userOf>>) => {
    const rows = await withObligations(db)
      .selectFrom('agreement as a')
      .innerJoin('organisation as o', 'o.code', 'a.commissioner_code')
      .select(['o.code', 'o.name'])
      .distinct()
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('obligation as ob')
            .innerJoin('agreement_version as v', 'v.id', 'ob.version_id')
            .select('ob.id')
            .whereRef('v.agreement_id', '=', 'a.id'),
        ),
      )
      .orderBy('o.code')
      .execute();
    const out = [];
    for (const r of rows)
      if (can(user, 'view_obligations', await practiceTarget(db, r.code)).allowed) out.push(r);
    return out;
  };

  app.get('/obligations', async (c) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    const practice = user.roles.find(
      (r) => (r.role === 'practice_manager' || r.role === 'practice_partner') && r.organisationCode,
    );
    const commissioners = await commissionersFor(user);
    const wanted = (c.req.query('org') ?? '').toUpperCase();
    const chosen = commissioners.find((o) => o.code === wanted) ?? (practice ? undefined : commissioners[0]);
    if (!chosen) {
      if (practice) return c.redirect(`/obligations/practices/${practice.organisationCode}`, 303);
      return c.html(
        forbiddenPage(
          c.get('viewer'),
          'None of your roles reaches a commissioner whose agreements oblige practices',
        ),
        403,
      );
    }
    const dashboard = await commissionerDashboard(db, chosen.code, now());
    return c.html(
      commissionerDashboardPage(c.get('viewer')!, dashboard, commissioners, can(user, 'read_outbox').allowed),
    );
  });

  app.get('/obligations/practices/:code', async (c) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    const code = c.req.param('code').toUpperCase();
    try {
      if (!CODE.test(code)) throw new UseCaseError('not_found', 'Practice not found');
      authorise(user, 'view_obligations', await practiceTarget(db, code));
      return c.html(practiceObligationsPage(c.get('viewer')!, await practiceItems(db, code, now())));
    } catch (error) {
      return refusal(c, error);
    }
  });

  const showItem = async (
    c: Ctx,
    itemId: number,
    problem: Parameters<typeof itemPage>[3] = null,
    status: 200 | 400 | 409 = 200,
  ) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    try {
      const view = await itemView(db, itemId, now());
      const target = await practiceTarget(db, view.item.practice_code);
      authorise(user, 'view_obligations', target);
      const may = {
        submit: can(user, 'submit_return', { organisationCode: view.item.practice_code }).allowed,
        decide: can(user, 'decide_return', target).allowed,
        openConcern: can(user, 'open_concern_from_return', target).allowed,
      };
      return c.html(itemPage(c.get('viewer')!, view, may, problem), status);
    } catch (error) {
      return refusal(c, error);
    }
  };

  app.get('/obligations/items/:id', (c) => showItem(c, idParam(c)));

  const onInvalid = async (c: Ctx, itemId: number, body: Body, error: unknown) => {
    if (isUseCaseError(error, 'invalid'))
      return showItem(
        c,
        itemId,
        { error: { field: error.field ?? 'statement', message: error.message }, values: textValues(body) },
        400,
      );
    return refusal(c, error);
  };

  app.post('/obligations/items/:id/returns', async (c) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    const itemId = idParam(c);
    const body = (await c.req.parseBody()) as Body;
    const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
    try {
      await submitReturn(
        db,
        user,
        itemId,
        {
          statement: str(body, 'statement'),
          fields: textValues(body),
          file: file
            ? { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }
            : null,
        },
        mail(),
      );
      return c.redirect(`/obligations/items/${itemId}`, 303);
    } catch (error) {
      return onInvalid(c, itemId, body, error);
    }
  });

  app.post('/obligations/items/:id/decision', async (c) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    const itemId = idParam(c);
    const body = (await c.req.parseBody()) as Body;
    try {
      await decideReturn(
        db,
        user,
        itemId,
        { decision: str(body, 'decision'), note: str(body, 'note') },
        mail(),
      );
      return c.redirect(`/obligations/items/${itemId}`, 303);
    } catch (error) {
      return onInvalid(c, itemId, body, error);
    }
  });

  app.post('/obligations/items/:id/concern', async (c) => {
    const session = c.get('session');
    if (!session) return signIn(c);
    try {
      const actor = {
        userId: session.user.id,
        username: session.user.username,
        displayName: session.user.displayName,
        roles: session.user.roles,
      };
      const concernId = await openConcernFromReturn(db, actor, idParam(c), mail());
      return c.redirect(`/concerns/${concernId}`, 303);
    } catch (error) {
      return refusal(c, error);
    }
  });

  app.get('/obligations/returns/:id/file', async (c) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    try {
      const file = await submissionFile(db, idParam(c));
      const view = await itemView(db, file.item_id, now());
      authorise(user, 'view_obligations', await practiceTarget(db, view.item.practice_code));
      c.header('Content-Type', 'application/octet-stream');
      c.header(
        'Content-Disposition',
        `attachment; filename="${(file.file_name ?? 'return').replace(/[^A-Za-z0-9._ -]/g, '_')}"`,
      );
      return c.body(new Uint8Array(file.file_content!));
    } catch (error) {
      return refusal(c, error);
    }
  });

  const showMeeting = async (
    c: Ctx,
    meetingId: number,
    problem: Parameters<typeof meetingPage>[3] = null,
    status: 200 | 400 | 409 = 200,
  ) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    try {
      const view = await meetingView(db, meetingId, now());
      const target = await practiceTarget(db, view.practiceCode);
      authorise(user, 'view_obligations', target);
      return c.html(
        meetingPage(c.get('viewer')!, view, can(user, 'manage_review_meetings', target).allowed, problem),
        status,
      );
    } catch (error) {
      return refusal(c, error);
    }
  };

  app.get('/obligations/meetings/:id', (c) => showMeeting(c, idParam(c)));

  const onMeetingInvalid = (c: Ctx, meetingId: number, body: Body, error: unknown) => {
    if (isUseCaseError(error, 'invalid'))
      return showMeeting(
        c,
        meetingId,
        { error: { field: error.field ?? 'notes', message: error.message }, values: textValues(body) },
        400,
      );
    return refusal(c, error);
  };

  app.post('/obligations/meetings/:id/schedule', async (c) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    const meetingId = idParam(c);
    const body = (await c.req.parseBody()) as Body;
    try {
      await rescheduleMeeting(
        db,
        user,
        meetingId,
        { scheduledOn: str(body, 'scheduled_on').trim(), location: str(body, 'location') },
        { now: now() },
      );
      return c.redirect(`/obligations/meetings/${meetingId}`, 303);
    } catch (error) {
      return onMeetingInvalid(c, meetingId, body, error);
    }
  });

  app.post('/obligations/meetings/:id/record', async (c) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    const meetingId = idParam(c);
    const body = (await c.req.parseBody()) as Body;
    const actions: NewAction[] = [];
    for (let i = 0; i < NEW_ACTION_ROWS; i++) {
      const action = str(body, `action_${i}`).trim();
      const owner = str(body, `owner_${i}`).trim();
      const dueOn = str(body, `due_on_${i}`).trim();
      if (action || owner || dueOn) actions.push({ action, owner, dueOn });
    }
    const followUps: FollowUp[] = Object.keys(body)
      .map((k) => /^follow_(\d{1,9})$/.exec(k))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m): FollowUp => {
        const status = str(body, m[0]);
        return {
          actionId: Number(m[1]),
          status: status === 'done' || status === 'dropped' ? status : 'open',
          note: str(body, `follow_note_${m[1]}`) || null,
        };
      })
      .filter((f) => f.status !== 'open' || f.note);
    try {
      await recordMeeting(db, user, meetingId, { notes: str(body, 'notes'), actions, followUps }, mail());
      return c.redirect(`/obligations/meetings/${meetingId}`, 303);
    } catch (error) {
      return onMeetingInvalid(c, meetingId, body, error);
    }
  });

  app.get('/admin/outbox', async (c) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    const d = can(user, 'read_outbox');
    if (!d.allowed) return c.html(forbiddenPage(c.get('viewer'), d.reason), 403);
    const folder = outboxFolder();
    return c.html(outboxPage(c.get('viewer')!, folder, folder ? await listOutbox(folder) : []));
  });

  app.get('/admin/outbox/:name', async (c) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    const d = can(user, 'read_outbox');
    if (!d.allowed) return c.html(forbiddenPage(c.get('viewer'), d.reason), 403);
    const folder = outboxFolder();
    const message = folder ? await readOutboxMessage(folder, c.req.param('name')) : null;
    if (!message) return c.html(notFoundPage(c.get('viewer'), 'There is no such message'), 404);
    return c.html(outboxMessagePage(c.get('viewer')!, message));
  });
}
