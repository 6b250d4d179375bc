/**
 * Quarterly practice review meetings: scheduled by a review-meeting obligation (generate.ts), moved by
 * the commissioner, their agenda built from the practice's flags on the latest published release, its
 * overdue returns and the actions still open from earlier meetings, and frozen when the papers go out
 * (five days before, by the scheduler). Recording the meeting keeps its notes and new actions (owner,
 * date) and what became of each earlier action; the obligation item is then met.
 */
import type { Kysely, Transaction } from 'kysely';
import { type AgendaEntry, type AgendaFacts, buildAgenda } from '../../domain/obligations/agenda.ts';
import { periodLabel } from '../../domain/obligations/periods.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { utcDate } from '../clock.ts';
import { tellSafely } from '../notifications/messages.ts';
import type { NotifyOptions } from '../notifications/notify.ts';
import { UseCaseError } from '../use-case-error.ts';
import { practiceTarget } from './errors.ts';

const FLAGGED = ['high_95', 'high_99_8', 'low_95', 'low_99_8'];

/** The facts an agenda is built from, as they stand at `now`. */
export async function agendaFacts(
  db: Kysely<Database>,
  meetingId: number,
  now: Date,
): Promise<AgendaFacts & { practiceCode: string }> {
  const meeting = await db
    .selectFrom('review_meeting as m')
    .innerJoin('obligation_item as i', 'i.id', 'm.item_id')
    .innerJoin('organisation as org', 'org.code', 'i.practice_code')
    .select(['m.id', 'i.practice_code', 'org.name'])
    .where('m.id', '=', meetingId)
    .executeTakeFirstOrThrow();
  const release = await db
    .selectFrom('release')
    .select(['id', 'name'])
    .where('status', '=', 'published')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const flags = release ? await latestFlags(db, release.id, meeting.practice_code) : [];
  const overdue = await db
    .selectFrom('obligation_item as i')
    .innerJoin('obligation as o', 'o.id', 'i.obligation_id')
    .select(['i.id', 'o.what', 'o.cadence', 'i.period_start', 'i.due_on'])
    .where('i.practice_code', '=', meeting.practice_code)
    .where('i.status', 'in', ['due', 'queried'])
    .where('o.evidence', '!=', 'review_meeting')
    .where('i.due_on', '<', utcDate(now))
    .orderBy('i.due_on')
    .execute();
  const openActions = await db
    .selectFrom('review_action as a')
    .innerJoin('review_meeting as m', 'm.id', 'a.meeting_id')
    .innerJoin('obligation_item as i', 'i.id', 'm.item_id')
    .select(['a.id', 'a.action', 'a.owner', 'a.due_on', 'm.scheduled_on'])
    .where('i.practice_code', '=', meeting.practice_code)
    .where('a.status', '=', 'open')
    .where('m.id', '!=', meetingId)
    .orderBy('a.id')
    .execute();
  return {
    practiceCode: meeting.practice_code,
    practiceName: meeting.name,
    releaseName: release?.name ?? null,
    flags: flags.map((f) => ({
      indicatorCode: f.code,
      indicatorName: f.name,
      period: f.period,
      flag: f.funnel_flag ?? '',
      value: f.value === null ? null : Math.round(Number(f.value) * 100) / 100,
    })),
    overdue: overdue.map((o) => ({
      itemId: o.id,
      what: o.what,
      period: periodLabel(o.cadence, o.period_start),
      dueOn: o.due_on,
    })),
    openActions: openActions.map((a) => ({
      actionId: a.id,
      action: a.action,
      owner: a.owner,
      dueOn: a.due_on,
      fromMeetingOn: a.scheduled_on,
    })),
  };
}

/** The practice's funnel flags in the release, each indicator's latest period only. */
function latestFlags(db: Kysely<Database>, releaseId: number, practiceCode: string) {
  return db
    .selectFrom('result as r')
    .innerJoin('indicator as ind', 'ind.id', 'r.indicator_id')
    .select(['ind.code', 'ind.name', 'r.period', 'r.funnel_flag', 'r.value'])
    .where('r.release_id', '=', releaseId)
    .where('r.area_kind', '=', 'practice')
    .where('r.area_code', '=', practiceCode)
    .where('r.funnel_flag', 'in', FLAGGED)
    .where(({ eb, selectFrom }) =>
      eb(
        'r.period',
        '=',
        selectFrom('result as l')
          .select((e) => e.fn.max('l.period').as('p'))
          .whereRef('l.release_id', '=', 'r.release_id')
          .whereRef('l.indicator_id', '=', 'r.indicator_id')
          .where('l.area_kind', '=', 'practice')
          .whereRef('l.area_code', '=', 'r.area_code'),
      ),
    )
    .orderBy('ind.code')
    .execute();
}

/**
 * Builds the agenda and freezes it on the meeting (the papers). Null when the meeting is gone or
 * already held; run inside the delivering transaction of the papers reminder.
 */
export async function freezeAgenda(
  trx: Transaction<Database>,
  meetingId: number,
  now: Date,
): Promise<{ entries: number; followUps: number } | null> {
  const meeting = await trx
    .selectFrom('review_meeting')
    .select(['id', 'notes'])
    .where('id', '=', meetingId)
    .forUpdate()
    .executeTakeFirst();
  if (!meeting || meeting.notes !== null) return null;
  const facts = await agendaFacts(trx, meetingId, now);
  const agenda = buildAgenda(facts);
  await trx
    .updateTable('review_meeting')
    .set({ agenda: JSON.stringify(agenda), papers_sent_at: now })
    .where('id', '=', meetingId)
    .execute();
  return { entries: agenda.length, followUps: agenda.filter((e) => e.kind === 'follow_up').length };
}

async function meetingRow(db: Kysely<Database>, meetingId: number) {
  const row = await db
    .selectFrom('review_meeting as m')
    .innerJoin('obligation_item as i', 'i.id', 'm.item_id')
    .innerJoin('organisation as org', 'org.code', 'i.practice_code')
    .select(['m.id', 'm.item_id', 'm.scheduled_on', 'm.notes', 'i.practice_code', 'org.name'])
    .where('m.id', '=', meetingId)
    .executeTakeFirst();
  if (!row) throw new UseCaseError('not_found', 'There is no such review meeting');
  return row;
}

export async function rescheduleMeeting(
  db: Kysely<Database>,
  actor: Actor,
  meetingId: number,
  input: { scheduledOn: string; location: string | null },
  options: { now: Date },
): Promise<void> {
  const meeting = await meetingRow(db, meetingId);
  authorise(actor, 'manage_review_meetings', await practiceTarget(db, meeting.practice_code));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.scheduledOn) || Number.isNaN(Date.parse(input.scheduledOn)))
    throw new UseCaseError('invalid', 'Enter the meeting date as YYYY-MM-DD', 'scheduled_on');
  if (meeting.notes !== null) throw new UseCaseError('conflict', 'This meeting is already recorded');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('review_meeting')
      .set({ scheduled_on: input.scheduledOn, location: input.location?.trim() || null })
      .where('id', '=', meetingId)
      .execute();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'review_meeting_scheduled',
      entity: 'review_meeting',
      entityId: String(meetingId),
      before: { scheduled_on: meeting.scheduled_on },
      after: {
        scheduled_on: input.scheduledOn,
        location: input.location?.trim() || null,
        at: options.now.toISOString(),
      },
    });
  });
}

export interface NewAction {
  action: string;
  owner: string;
  dueOn: string;
}

export interface FollowUp {
  actionId: number;
  status: 'open' | 'done' | 'dropped';
  note: string | null;
}

export async function recordMeeting(
  db: Kysely<Database>,
  actor: Actor,
  meetingId: number,
  input: { notes: string; actions: NewAction[]; followUps: FollowUp[] },
  options: NotifyOptions,
): Promise<void> {
  const meeting = await meetingRow(db, meetingId);
  authorise(actor, 'manage_review_meetings', await practiceTarget(db, meeting.practice_code));
  const notes = input.notes.trim();
  if (notes === '') throw new UseCaseError('invalid', 'Enter the notes of the meeting', 'notes');
  checkActions(input.actions);
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('review_meeting')
      .select('notes')
      .where('id', '=', meetingId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.notes !== null) throw new UseCaseError('conflict', 'This meeting is already recorded');
    // The agenda as it stood at the meeting, if the papers never went out (a meeting brought forward).
    const agenda: AgendaEntry[] = buildAgenda(await agendaFacts(trx, meetingId, options.now));
    await trx
      .updateTable('review_meeting')
      .set((eb) => ({
        notes,
        recorded_by: actor.username,
        recorded_at: options.now,
        agenda: eb.fn.coalesce('agenda', eb.val(JSON.stringify(agenda))) as never,
      }))
      .where('id', '=', meetingId)
      .execute();
    await writeActions(trx, meetingId, input, options.now);
    await trx
      .updateTable('obligation_item')
      .set({ status: 'accepted' })
      .where('id', '=', meeting.item_id)
      .execute();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'review_meeting_recorded',
      entity: 'review_meeting',
      entityId: String(meetingId),
      before: null,
      after: {
        practice_code: meeting.practice_code,
        actions: input.actions.length,
        follow_ups: input.followUps.map((f) => ({ action_id: f.actionId, status: f.status })),
      },
    });
  });
  await tellSafely(
    db,
    'review_meeting_recorded',
    {
      practiceCode: meeting.practice_code,
      practiceName: meeting.name,
      scheduledOn: meeting.scheduled_on,
      actions: input.actions.length,
    },
    { roles: ['practice_manager', 'practice_partner'], organisationCodes: [meeting.practice_code] },
    `/obligations/meetings/${meetingId}`,
    options,
  );
}

/** Every action has what is to be done, an owner and a date. */
function checkActions(actions: readonly NewAction[]): void {
  actions.forEach((a, i) => {
    if (a.action.trim() === '')
      throw new UseCaseError('invalid', `Action ${i + 1}: say what is to be done`, `action_${i}`);
    if (a.owner.trim() === '')
      throw new UseCaseError('invalid', `Action ${i + 1}: name its owner`, `owner_${i}`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(a.dueOn) || Number.isNaN(Date.parse(a.dueOn)))
      throw new UseCaseError('invalid', `Action ${i + 1}: enter its date as YYYY-MM-DD`, `due_on_${i}`);
  });
}

/** The meeting's new actions, and what became of the earlier actions it followed up. */
async function writeActions(
  trx: Kysely<Database>,
  meetingId: number,
  input: { actions: readonly NewAction[]; followUps: readonly FollowUp[] },
  now: Date,
): Promise<void> {
  if (input.actions.length > 0)
    await trx
      .insertInto('review_action')
      .values(
        input.actions.map((a) => ({
          meeting_id: meetingId,
          action: a.action.trim(),
          owner: a.owner.trim(),
          due_on: a.dueOn,
          created_at: now,
        })),
      )
      .execute();
  for (const f of input.followUps) {
    await trx
      .updateTable('review_action')
      .set({ status: f.status, follow_up_meeting_id: meetingId, follow_up_note: f.note?.trim() || null })
      .where('id', '=', f.actionId)
      .where('status', '=', 'open')
      .execute();
  }
}
