/**
 * Obligations pages (issue 18): the dashboards (a commissioner's, a practice's), one item with its
 * returns and forms, review meetings, a return's file, and the demo's outbox for administrators.
 * Every rule is in the use cases (src/app/obligations) and src/domain/obligations/access.ts; these
 * routes translate HTTP. app.ts checks the CSRF token before any POST reaches them.
 */
import { Hono } from 'hono';
import { authorise } from '../../app/authorise.ts';
import type { Clock } from '../../app/clock.ts';
import type { Db } from '../../app/db.ts';
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
import { describeApiRoute } from '../api/openapi.ts';
import { signInRequired } from '../api/problem.ts';
import { echoValues, type FormValues, formValues, parseForm, readField, text } from '../forms.ts';
import { MAX_FIELD_CHARS } from '../limits.ts';
import { commissionerDashboardPage, practiceObligationsPage } from '../pages/obligations/dashboard.ts';
import { itemPage } from '../pages/obligations/item.ts';
import { meetingPage, NEW_ACTION_ROWS } from '../pages/obligations/meeting.ts';
import { outboxMessagePage, outboxPage } from '../pages/obligations/outbox.ts';
import { signInFirst } from '../refusals.ts';
import { actorOf, idParam, type RouteContext, type RouteEnv } from '../request.ts';

type Ctx = RouteContext;

const FREE = text(MAX_FIELD_CHARS, { trim: false });
/** A return: its statement; the obligation's own fields are read by name (submitReturn checks them). */
const RETURN_FORM = { statement: FREE };
const DECISION_FORM = { decision: FREE, note: FREE };
const TRIMMED = text(MAX_FIELD_CHARS);
const SCHEDULE_FORM = { scheduled_on: TRIMMED, location: FREE };
/** A meeting's record: notes, new action rows (action_N, owner_N, due_on_N) and follow-ups (follow_ID). */
const RECORD_FORM = { notes: FREE };

/** The new actions typed into the meeting form's rows; an empty row is left out. */
function newActions(sent: FormValues): NewAction[] {
  const actions: NewAction[] = [];
  for (let i = 0; i < NEW_ACTION_ROWS; i++) {
    const action = readField(sent, `action_${i}`, TRIMMED);
    const owner = readField(sent, `owner_${i}`, TRIMMED);
    const dueOn = readField(sent, `due_on_${i}`, TRIMMED);
    if (action || owner || dueOn) actions.push({ action, owner, dueOn });
  }
  return actions;
}

/** The follow-ups marked done or dropped, or given a note, on the meeting's open actions. */
function followUps(sent: FormValues): FollowUp[] {
  return Object.keys(sent)
    .map((k) => /^follow_(\d{1,9})$/.exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m): FollowUp => {
      const status = readField(sent, m[0], FREE);
      return {
        actionId: Number(m[1]),
        status: status === 'done' || status === 'dropped' ? status : 'open',
        note: readField(sent, `follow_note_${m[1]}`, FREE) || null,
      };
    })
    .filter((f) => f.status !== 'open' || f.note);
}

export interface ObligationRouteOptions {
  db: Db;
  now: Clock;
  mailer?: Mailer | null;
}

export function obligationRoutes(options: ObligationRouteOptions): Hono<RouteEnv> {
  const { db, now } = options;
  const app = new Hono<RouteEnv>();
  const mail = (): NotifyOptions => ({
    now: now(),
    ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
  });
  const userOf = (c: Ctx) => c.get('session')?.user ?? null;

  app.get('/obligations', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const home = await obligationsHome(db, user, c.req.query('org') ?? '', now());
    if (home.kind === 'practice') return c.redirect(`/obligations/practices/${home.practiceCode}`, 303);
    return c.html(
      commissionerDashboardPage(c.get('viewer')!, home.dashboard, home.commissioners, home.canReadOutbox),
    );
  });

  app.get('/obligations/practices/:code', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const items = await practiceObligations(db, user, c.req.param('code'), now());
    return c.html(practiceObligationsPage(c.get('viewer')!, items));
  });

  const showItem = async (
    c: Ctx,
    itemId: number,
    problem: Parameters<typeof itemPage>[3] = null,
    status: 200 | 400 | 409 = 200,
  ) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const { view, may } = await obligationItem(db, user, itemId, now());
    return c.html(itemPage(c.get('viewer')!, view, may, problem), status);
  };

  app.get('/obligations/items/:id', (c) => showItem(c, idParam(c)));

  /** An invalid return or decision: the item's page again with the problem; other refusals to app.onError. */
  const onInvalid = async (c: Ctx, itemId: number, sent: FormValues, error: unknown) => {
    if (!isUseCaseError(error, 'invalid')) throw error;
    return showItem(
      c,
      itemId,
      { error: { field: error.field ?? 'statement', message: error.message }, values: echoValues(sent) },
      400,
    );
  };

  app.post('/obligations/items/:id/returns', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const itemId = idParam(c);
    const body = await c.req.parseBody({ all: true });
    const sent = formValues(body);
    // The one file field: forms.ts reads text, so the upload is taken from the body itself.
    const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
    try {
      await submitReturn(
        db,
        user,
        itemId,
        {
          statement: parseForm(sent, RETURN_FORM).statement,
          fields: echoValues(sent),
          file: file
            ? { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }
            : null,
        },
        mail(),
      );
      return c.redirect(`/obligations/items/${itemId}`, 303);
    } catch (error) {
      return onInvalid(c, itemId, sent, error);
    }
  });

  app.post('/obligations/items/:id/decision', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const itemId = idParam(c);
    const sent = formValues(await c.req.parseBody({ all: true }));
    try {
      await decideReturn(db, user, itemId, parseForm(sent, DECISION_FORM), mail());
      return c.redirect(`/obligations/items/${itemId}`, 303);
    } catch (error) {
      return onInvalid(c, itemId, sent, error);
    }
  });

  app.post('/obligations/items/:id/concern', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInFirst(c);
    const concernId = await openConcernFromReturn(db, actor, idParam(c), mail());
    return c.redirect(`/concerns/${concernId}`, 303);
  });

  app.get('/obligations/returns/:id/file', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const file = await submissionFile(db, idParam(c));
    const view = await itemView(db, file.item_id, now());
    authorise(user, 'view_obligations', await practiceTarget(db, view.item.practice_code));
    c.header('Content-Type', 'application/octet-stream');
    c.header(
      'Content-Disposition',
      `attachment; filename="${(file.file_name ?? 'return').replace(/[^A-Za-z0-9._ -]/g, '_')}"`,
    );
    return c.body(new Uint8Array(file.file_content!));
  });

  const showMeeting = async (
    c: Ctx,
    meetingId: number,
    problem: Parameters<typeof meetingPage>[3] = null,
    status: 200 | 400 | 409 = 200,
  ) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const { view, mayManage } = await obligationMeeting(db, user, meetingId, now());
    return c.html(meetingPage(c.get('viewer')!, view, mayManage, problem), status);
  };

  app.get('/obligations/meetings/:id', (c) => showMeeting(c, idParam(c)));

  const onMeetingInvalid = (c: Ctx, meetingId: number, sent: FormValues, error: unknown) => {
    if (!isUseCaseError(error, 'invalid')) throw error;
    return showMeeting(
      c,
      meetingId,
      { error: { field: error.field ?? 'notes', message: error.message }, values: echoValues(sent) },
      400,
    );
  };

  app.post('/obligations/meetings/:id/schedule', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const meetingId = idParam(c);
    const sent = formValues(await c.req.parseBody({ all: true }));
    const form = parseForm(sent, SCHEDULE_FORM);
    try {
      await rescheduleMeeting(
        db,
        user,
        meetingId,
        { scheduledOn: form.scheduled_on, location: form.location },
        { now: now() },
      );
      return c.redirect(`/obligations/meetings/${meetingId}`, 303);
    } catch (error) {
      return onMeetingInvalid(c, meetingId, sent, error);
    }
  });

  app.post('/obligations/meetings/:id/record', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const meetingId = idParam(c);
    const sent = formValues(await c.req.parseBody({ all: true }));
    const record = { ...parseForm(sent, RECORD_FORM), actions: newActions(sent), followUps: followUps(sent) };
    try {
      await recordMeeting(db, user, meetingId, record, mail());
      return c.redirect(`/obligations/meetings/${meetingId}`, 303);
    } catch (error) {
      return onMeetingInvalid(c, meetingId, sent, error);
    }
  });

  app.get('/admin/outbox', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const { folder, messages } = await outboxFor(user);
    return c.html(outboxPage(c.get('viewer')!, folder, messages));
  });

  app.get('/admin/outbox/:name', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    return c.html(outboxMessagePage(c.get('viewer')!, await outboxMessageFor(user, c.req.param('name'))));
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
      return c.json((await read(c, user)) as object);
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
  return app;
}
