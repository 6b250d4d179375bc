/** Obligation review meetings (issue 18): the page, rescheduling, and recording notes, actions and follow-ups. */
import { Hono } from 'hono';
import {
  type FollowUp,
  type NewAction,
  recordMeeting,
  rescheduleMeeting,
} from '../../../app/obligations/meetings.ts';
import { obligationMeeting } from '../../../app/obligations/pages.ts';
import { isUseCaseError } from '../../../app/use-case-error.ts';
import { echoValues, type FormValues, formValues, parseForm, readField, text } from '../../forms.ts';
import { MAX_FIELD_CHARS } from '../../limits.ts';
import { meetingPage, NEW_ACTION_ROWS } from '../../pages/obligations/meeting.ts';
import { signInFirst } from '../../refusals.ts';
import { idParam, type RouteContext, type RouteEnv } from '../../request.ts';
import { mailOf, type ObligationRouteOptions } from './options.ts';

type Ctx = RouteContext;

const FREE = text(MAX_FIELD_CHARS, { trim: false });
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

export function obligationMeetingRoutes(options: ObligationRouteOptions): Hono<RouteEnv> {
  const { db, now } = options;
  const app = new Hono<RouteEnv>();
  const mail = () => mailOf(options);
  const userOf = (c: Ctx) => c.get('session')?.user ?? null;

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

  return app;
}
