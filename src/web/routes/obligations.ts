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
import { practiceTarget } from '../../app/obligations/errors.ts';
import {
  type FollowUp,
  type NewAction,
  recordMeeting,
  rescheduleMeeting,
} from '../../app/obligations/meetings.ts';
import {
  obligationItem,
  obligationMeeting,
  obligationsHome,
  outboxFor,
  outboxMessageFor,
  practiceObligations,
} from '../../app/obligations/pages.ts';
import { itemView, submissionFile } from '../../app/obligations/read.ts';
import { decideReturn, openConcernFromReturn, submitReturn } from '../../app/obligations/returns.ts';
import { isUseCaseError } from '../../app/use-case-error.ts';
import type { Database } from '../../store/schema.ts';
import { describeApiRoute } from '../api/openapi.ts';
import { problemFor, signInRequired } from '../api/problem.ts';
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

  app.get('/obligations', async (c) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    try {
      const home = await obligationsHome(db, user, c.req.query('org') ?? '', now());
      if (home.kind === 'practice') return c.redirect(`/obligations/practices/${home.practiceCode}`, 303);
      return c.html(
        commissionerDashboardPage(c.get('viewer')!, home.dashboard, home.commissioners, home.canReadOutbox),
      );
    } catch (error) {
      return refusal(c, error);
    }
  });

  app.get('/obligations/practices/:code', async (c) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    try {
      const items = await practiceObligations(db, user, c.req.param('code'), now());
      return c.html(practiceObligationsPage(c.get('viewer')!, items));
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
      const { view, may } = await obligationItem(db, user, itemId, now());
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
      const { view, mayManage } = await obligationMeeting(db, user, meetingId, now());
      return c.html(meetingPage(c.get('viewer')!, view, mayManage, problem), status);
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
    try {
      const { folder, messages } = await outboxFor(user);
      return c.html(outboxPage(c.get('viewer')!, folder, messages));
    } catch (error) {
      return refusal(c, error);
    }
  });

  app.get('/admin/outbox/:name', async (c) => {
    const user = userOf(c);
    if (!user) return signIn(c);
    try {
      return c.html(outboxMessagePage(c.get('viewer')!, await outboxMessageFor(user, c.req.param('name'))));
    } catch (error) {
      return refusal(c, error);
    }
  });

  // ---- The JSON twins (issue 17, point 2): the same functions, so the same data and refusals. ----
  const twin = (
    path: string,
    summary: string,
    access: string,
    read: (c: Ctx, user: NonNullable<ReturnType<typeof userOf>>) => Promise<unknown>,
  ) => {
    describeApiRoute({ method: 'get', path, summary, tag: 'Obligations', access });
    app.get(path, async (c) => {
      const user = userOf(c);
      if (!user) return signInRequired(c);
      try {
        return c.json((await read(c, user)) as object);
      } catch (error) {
        return problemFor(c, error);
      }
    });
  };
  twin(
    '/api/obligations',
    "A commissioner's dashboard of obligations (query org: which commissioner); a practice's staff are pointed to their practice",
    'view_obligations on the commissioner (or the practice)',
    async (c, user) => {
      const home = await obligationsHome(db, user, c.req.query('org') ?? '', now());
      return home.kind === 'practice'
        ? { ...home, next: `/api/obligations/practices/${home.practiceCode}` }
        : home;
    },
  );
  twin(
    '/api/obligations/practices/:code',
    "A practice's obligations, their items and returns",
    'view_obligations on the practice',
    (c, user) => practiceObligations(db, user, c.req.param('code') ?? '', now()),
  );
  twin(
    '/api/obligations/items/:id',
    'One obligation item with its returns and what the caller may do',
    'view_obligations on the item’s practice',
    (c, user) => obligationItem(db, user, idParam(c), now()),
  );
  twin(
    '/api/obligations/meetings/:id',
    'A review meeting with its actions',
    'view_obligations on the meeting’s practice',
    (c, user) => obligationMeeting(db, user, idParam(c), now()),
  );
  twin(
    '/api/admin/outbox',
    'The e-mails written to the outbox folder (demo and tests)',
    'administrators (policy: read_outbox)',
    async (_c, user) => outboxFor(user),
  );
  twin(
    '/api/admin/outbox/:name',
    'One e-mail of the outbox',
    'administrators (policy: read_outbox)',
    (c, user) => outboxMessageFor(user, c.req.param('name') ?? ''),
  );
}
