/**
 * Delivering one reminder from the ledger: in one transaction, lock its row, check it still applies
 * (a return made since, a reply given, a query answered: then it is closed with no one told), record
 * its notifications, apply what the step changes (a return's escalation level; a review meeting's
 * agenda frozen and its papers marked sent) and mark it delivered. E-mail follows the commit. A retry
 * of the same job (pg-boss retries a job whose process died) finds it delivered and does nothing,
 * so a reminder is told exactly once.
 */
import type { Kysely, Transaction } from 'kysely';
import { type ReminderKind, reminderStep } from '../../domain/obligations/escalation.ts';
import type { Database } from '../../store/schema.ts';
import { type MessageKind, wording } from '../notifications/messages.ts';
import { emailNotifications, type NotifyOptions, recordNotifications } from '../notifications/notify.ts';
import { freezeAgenda } from '../obligations/meetings.ts';
import { type AudienceFacts, audienceIds } from './audiences.ts';
import { consultationTally } from './finders.ts';

type Facts = Record<string, unknown>;

/** Which message each step sends. */
const MESSAGE_OF: Record<string, MessageKind> = {
  'return/due_soon': 'return_due_soon',
  'return/overdue': 'return_overdue',
  'return/manager': 'return_escalated',
  'return/concern': 'return_concern_open',
  'concern_reply/due_soon': 'concern_reply_due_soon',
  'concern_reply/missed': 'concern_reply_missed',
  'remedy_period/ending': 'remedy_period_ending',
  'remedy_period/ended': 'remedy_period_ended',
  'interest_review/due': 'interest_review_due',
  'data_query/deadline': 'data_query_deadline',
  'review_meeting_papers/papers': 'review_meeting_papers',
  'committee_papers/papers': 'committee_papers',
  'consultation/opened': 'consultation_opened',
  'consultation/closing': 'consultation_closing',
  'consultation/result': 'consultation_result',
};

const LINK_OF: Record<ReminderKind, (f: Facts) => string | null> = {
  return: (f) => `/obligations/items/${f.itemId}`,
  concern_reply: (f) => `/concerns/${f.concernId}`,
  remedy_period: (f) => `/concerns/${f.concernId}`,
  interest_review: () => '/governance/register',
  data_query: (f) => `/releases/${f.releaseName}/queries`,
  review_meeting_papers: (f) => `/obligations/meetings/${f.meetingId}`,
  committee_papers: (f) => `/governance/meetings/${f.meetingId}`,
  consultation: (f) => `/consultations/${f.consultationId}`,
};

/** Is the reminder still worth sending, and what does delivering it change? */
async function applyStep(
  trx: Transaction<Database>,
  kind: ReminderKind,
  step: string,
  facts: Facts,
  now: Date,
): Promise<{ stillApplies: boolean; facts: Facts }> {
  switch (kind) {
    case 'return': {
      const item = await trx
        .selectFrom('obligation_item')
        .select(['status'])
        .where('id', '=', Number(facts.itemId))
        .forUpdate()
        .executeTakeFirst();
      if (!item || (item.status !== 'due' && item.status !== 'queried'))
        return { stillApplies: false, facts };
      const level = reminderStep('return', step).escalation;
      if (level)
        await trx
          .updateTable('obligation_item')
          .set({ escalation: level })
          .where('id', '=', Number(facts.itemId))
          .execute();
      return { stillApplies: true, facts };
    }
    case 'concern_reply': {
      const replied = await trx
        .selectFrom('concern_event')
        .select('id')
        .where('concern_id', '=', Number(facts.concernId))
        .where('step', '=', 'reply')
        .executeTakeFirst();
      return { stillApplies: !replied, facts };
    }
    case 'data_query': {
      const q = await trx
        .selectFrom('data_query')
        .select('status')
        .where('id', '=', Number(facts.queryId))
        .executeTakeFirst();
      return { stillApplies: q?.status === 'open', facts };
    }
    case 'review_meeting_papers': {
      const frozen = await freezeAgenda(trx, Number(facts.meetingId), now);
      if (!frozen) return { stillApplies: false, facts };
      return {
        stillApplies: true,
        facts: { ...facts, entries: frozen.entries, followUps: frozen.followUps },
      };
    }
    case 'committee_papers': {
      const items = await trx
        .selectFrom('agenda_item')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('meeting_id', '=', Number(facts.meetingId))
        .executeTakeFirstOrThrow();
      return { stillApplies: true, facts: { ...facts, items: Number(items.n) } };
    }
    case 'consultation': {
      if (step !== 'result') return { stillApplies: true, facts };
      const t = await consultationTally(trx, Number(facts.consultationId));
      const leading =
        t.leading.length === 0
          ? 'no option had a vote'
          : t.leading.length === 1
            ? `most voted for “${t.leading[0]}”`
            : `a tie between ${t.leading.map((l) => `“${l}”`).join(' and ')}`;
      return {
        stillApplies: true,
        facts: { ...facts, votesCast: t.votesCast, electorate: t.electorate, leading },
      };
    }
    default:
      return { stillApplies: true, facts };
  }
}

export interface Delivery {
  reminderId: number;
  delivered: boolean;
  recipients: number;
}

export async function deliverReminder(
  db: Kysely<Database>,
  reminderId: number,
  options: NotifyOptions,
): Promise<Delivery> {
  const result = await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('reminder')
      .selectAll()
      .where('id', '=', reminderId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.delivered_at !== null) return null;
    const kind = row.kind as ReminderKind;
    const rule = reminderStep(kind, row.step);
    const applied = await applyStep(trx, kind, row.step, row.facts as Facts, options.now);
    let recorded = { rows: [] as { id: number; user_id: number }[] };
    let message = null as null | { subject: string; body: string; link: string | null };
    if (applied.stillApplies) {
      const ids = await audienceIds(trx, rule.tells, applied.facts as AudienceFacts);
      const messageKind = MESSAGE_OF[`${kind}/${row.step}`]!;
      message = { ...wording(messageKind, applied.facts as never), link: LINK_OF[kind](applied.facts) };
      recorded = await recordNotifications(trx, { to: { userIds: ids }, ...message }, options.now);
    }
    await trx
      .updateTable('reminder')
      .set({
        delivered_at: options.now,
        recipients: recorded.rows.length,
        facts: JSON.stringify(applied.facts),
      })
      .where('id', '=', reminderId)
      .execute();
    return { recorded, message };
  });
  if (!result) return { reminderId, delivered: false, recipients: 0 };
  if (result.message) await emailNotifications(db, result.recorded, result.message, options);
  return { reminderId, delivered: true, recipients: result.recorded.rows.length };
}
