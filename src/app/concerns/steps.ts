/**
 * The steps of a concern after it is raised: triage, notifying the practice, the practice's reply
 * (with attachments), peer review (a group, or an item on a committee's agenda so recusal applies),
 * the outcome (with an improvement plan when that is the outcome), referral and closing. Each is one
 * transaction: the workflow (src/domain/concerns/workflow.ts) says whether the step may follow the
 * state, the authority rules say whether this person may take it, and the step is audited.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type AttachmentInput,
  attachmentProblem,
  MAX_ATTACHMENTS_PER_REPLY,
  type ReplyInput,
  replyProblem,
} from '../../domain/concerns/reply.ts';
import { type ConcernState, isOutcome, nextState } from '../../domain/concerns/workflow.ts';
import type { ConcernRow, Database, JsonValue } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { utcDate } from '../clock.ts';
import { addAgendaItem } from '../governance/meetings.ts';
import { UseCaseError } from '../use-case-error.ts';
import { contractHolderFor, loadConcern, practiceScope } from './context.ts';
import { announce, type NotifyOptions } from './notifications.ts';
import { afterCommit, authoriseStep, begin, simpleStep } from './step-transaction.ts';
import { recordStep } from './timeline.ts';

export function triage(
  db: Kysely<Database>,
  actor: Actor | null,
  concernId: number,
  note: string,
  now: Date,
): Promise<void> {
  return simpleStep(db, actor, concernId, 'triage', note, now);
}

/**
 * Tells the practice: from now on its manager and partners see the concern and may reply. They are
 * notified (in the app and by e-mail) of the new concern and the date their reply is due.
 */
export async function notifyPractice(
  db: Kysely<Database>,
  actor: Actor | null,
  concernId: number,
  note: string,
  replyBy: string | null,
  options: NotifyOptions,
): Promise<void> {
  if (replyBy !== null && replyBy !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(replyBy)) {
    throw new UseCaseError('invalid', 'Enter the reply date as YYYY-MM-DD', 'reply_by');
  }
  await simpleStep(db, actor, concernId, 'notify_practice', note, options.now, { reply_by: replyBy || null });
  await afterCommit(() =>
    announce(
      db,
      'practice_notified',
      concernId,
      actor!.username,
      { note: note.trim(), replyBy: replyBy || null },
      options,
    ),
  );
}

/** The practice's right of reply: structured text and small attachments stored with it. */
export async function replyToConcern(
  db: Kysely<Database>,
  actor: Actor | null,
  concernId: number,
  reply: ReplyInput,
  attachments: readonly AttachmentInput[],
  options: NotifyOptions,
): Promise<void> {
  const problem = replyProblem(reply);
  if (problem) throw new UseCaseError('invalid', problem.message, problem.field);
  if (attachments.length > MAX_ATTACHMENTS_PER_REPLY)
    throw new UseCaseError('invalid', `Attach at most ${MAX_ATTACHMENTS_PER_REPLY} files`, 'attachments');
  for (const a of attachments) {
    const bad = attachmentProblem(a);
    if (bad) throw new UseCaseError('invalid', bad, 'attachments');
  }
  await db.transaction().execute(async (trx) => {
    const { from, to } = await begin(trx, actor, concernId, 'reply');
    const detail = {
      population_context: reply.populationContext.trim(),
      data_quality: reply.dataQuality.trim(),
      actions_taken: reply.actionsTaken.trim(),
      attachments: attachments.map((a) => a.fileName),
    };
    const eventId = await recordStep(trx, {
      concernId,
      step: 'reply',
      from,
      to,
      actor: actor!.username,
      at: options.now,
      note: null,
      detail,
    });
    for (const a of attachments) {
      await trx
        .insertInto('concern_attachment')
        .values({
          concern_id: concernId,
          event_id: eventId,
          file_name: a.fileName.replace(/[\\/\r\n"]/g, '_').slice(0, 200),
          content_type: a.contentType.split(';')[0]!.trim().toLowerCase(),
          size: a.bytes.length,
          content: Buffer.from(a.bytes),
          sha256: createHash('sha256').update(a.bytes).digest('hex'),
          uploaded_by: actor!.username,
          uploaded_at: options.now,
        })
        .execute();
    }
  });
  await afterCommit(() => announce(db, 'reply', concernId, actor!.username, {}, options));
}

export interface PeerReviewInput {
  /** A named peer review group, or a meeting whose agenda gets an item about the practice. */
  groupName: string | null;
  meetingId: number | null;
  notes: string;
}

/**
 * Starts the peer review. With a meeting, the governance use case adds an agenda item concerning the
 * practice (its own transaction, audited there), so members with an interest in the practice or its
 * PCN are recused by the register; the concern is then linked to that item.
 */
export async function startPeerReview(
  db: Kysely<Database>,
  actor: Actor | null,
  concernId: number,
  input: PeerReviewInput,
  options: NotifyOptions,
): Promise<void> {
  const group = input.groupName?.trim() || null;
  if (group === null && input.meetingId === null)
    throw new UseCaseError(
      'invalid',
      'Name the peer review group or choose a committee meeting',
      'group_name',
    );
  // Check before the agenda item is made, so a refused step leaves no item behind.
  const row = await loadConcern(db, concernId);
  const practice = await practiceScope(db, row.practice_code);
  await authoriseStep(db, actor, row, 'start_peer_review');
  const next = nextState(row.type, row.state as ConcernState, 'start_peer_review');
  if (!next.ok) throw new UseCaseError('conflict', `This step is not allowed now: ${next.reason}`);
  let itemId: number | null = null;
  if (input.meetingId !== null) {
    itemId = await addAgendaItem(
      db,
      actor,
      input.meetingId,
      {
        title: `Performance concern ${concernId}: ${row.title}`,
        concernKind: 'performance_concern',
        concernRef: `concern:${concernId}`,
        organisationCodes: row.practice_code,
        providerNames: '',
        delegatedFunction: row.type === 'contract_matter' ? 'contract_management' : 'performance_management',
        paper:
          `Peer review of concern ${concernId} about ${practice.practiceName} (${row.practice_code}). ${input.notes}`.trim(),
        confidentialPaper: null,
      },
      options.now,
    );
  }
  await db.transaction().execute(async (trx) => {
    const { from, to } = await begin(trx, actor, concernId, 'start_peer_review');
    if (itemId !== null)
      await trx.updateTable('concern').set({ agenda_item_id: itemId }).where('id', '=', concernId).execute();
    await recordStep(trx, {
      concernId,
      step: 'start_peer_review',
      from,
      to,
      actor: actor!.username,
      at: options.now,
      note: input.notes.trim() || null,
      detail: { group_name: group, meeting_id: input.meetingId, agenda_item_id: itemId },
    });
  });
  await afterCommit(async () => {
    let where = group ? `the peer review group “${group}”` : 'a committee meeting';
    if (input.meetingId !== null) {
      const meeting = await db
        .selectFrom('committee_meeting')
        .innerJoin('committee', 'committee.id', 'committee_meeting.committee_id')
        .select(['committee.name', 'committee_meeting.held_on'])
        .where('committee_meeting.id', '=', input.meetingId)
        .executeTakeFirst();
      if (meeting) where = `${meeting.name}, meeting of ${String(meeting.held_on).slice(0, 10)}`;
    }
    await announce(db, 'peer_review', concernId, actor!.username, { where }, options);
  });
}

export interface PlanInput {
  indicatorId: number;
  target: number;
  actions: readonly { action: string; owner: string; dueOn: string }[];
}

export interface OutcomeInput {
  outcome: string;
  notes: string;
  plan: PlanInput | null;
}

/** The outcome of triage or peer review; an improvement plan is written with it. */
export async function recordOutcome(
  db: Kysely<Database>,
  actor: Actor | null,
  concernId: number,
  input: OutcomeInput,
  options: NotifyOptions,
): Promise<void> {
  if (!isOutcome(input.outcome)) throw new UseCaseError('invalid', 'Choose an outcome', 'outcome');
  const outcome = input.outcome;
  if (input.notes.trim() === '')
    throw new UseCaseError('invalid', 'Record the reasons for the outcome', 'notes');
  const plan = outcome === 'improvement_plan' ? input.plan : null;
  if (outcome === 'improvement_plan') checkPlan(plan);
  await db.transaction().execute(async (trx) => {
    const { row, from, to } = await begin(trx, actor, concernId, 'record_outcome', outcome);
    let detail: JsonValue = { outcome };
    if (plan) {
      const baseline = await baselineOf(trx, row, plan.indicatorId);
      if (baseline === null)
        throw new UseCaseError(
          'invalid',
          'No release has a value of that indicator for the practice',
          'indicator_id',
        );
      await trx
        .insertInto('concern_plan')
        .values({
          concern_id: concernId,
          indicator_id: plan.indicatorId,
          baseline_release_id: baseline.releaseId,
          baseline_value: baseline.value,
          target: plan.target,
          created_by: actor!.username,
          created_at: options.now,
        })
        .execute();
      const actions = plan.actions.filter((a) => a.action.trim() !== '');
      await trx
        .insertInto('concern_plan_action')
        .values(
          actions.map((a) => ({
            concern_id: concernId,
            action: a.action.trim(),
            owner: a.owner.trim(),
            due_on: a.dueOn,
          })),
        )
        .execute();
      detail = {
        outcome,
        indicator_id: plan.indicatorId,
        target: plan.target,
        baseline_release_id: baseline.releaseId,
        baseline_value: baseline.value,
        actions: actions.map((a) => ({ action: a.action.trim(), owner: a.owner.trim(), due_on: a.dueOn })),
      };
    }
    if (to === 'referred') detail = { outcome, ...(await referralDetail(trx, row, options.now)) };
    await recordStep(trx, {
      concernId,
      step: 'record_outcome',
      from,
      to,
      actor: actor!.username,
      at: options.now,
      note: input.notes.trim(),
      detail,
    });
  });
  await afterCommit(() =>
    announce(db, 'outcome', concernId, actor!.username, { notes: input.notes.trim() }, options),
  );
}

/** An improvement plan names an indicator and a target, and at least one action, each with an owner and a date. */
function checkPlan(plan: OutcomeInput['plan']): void {
  if (!plan || !Number.isFinite(plan.target))
    throw new UseCaseError('invalid', 'Give the indicator to re-measure and its target', 'target');
  const actions = plan.actions.filter((a) => a.action.trim() !== '');
  if (actions.length === 0) throw new UseCaseError('invalid', 'Add at least one action', 'action_1');
  for (const a of actions) {
    if (a.owner.trim() === '') throw new UseCaseError('invalid', 'Every action needs an owner', 'owner_1');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(a.dueOn))
      throw new UseCaseError('invalid', 'Every action needs a date as YYYY-MM-DD', 'due_1');
  }
}

/** Escalates a concern under an improvement plan or support to the contract holder. */
export async function referConcern(
  db: Kysely<Database>,
  actor: Actor | null,
  concernId: number,
  note: string,
  options: NotifyOptions,
): Promise<void> {
  if (note.trim() === '') throw new UseCaseError('invalid', 'Say why the concern is referred', 'note');
  await db.transaction().execute(async (trx) => {
    const { row, from, to } = await begin(trx, actor, concernId, 'refer');
    await recordStep(trx, {
      concernId,
      step: 'refer',
      from,
      to,
      actor: actor!.username,
      at: options.now,
      note: note.trim(),
      detail: await referralDetail(trx, row, options.now),
    });
  });
  await afterCommit(() =>
    announce(db, 'referral', concernId, actor!.username, { note: note.trim() }, options),
  );
}

export async function closeConcern(
  db: Kysely<Database>,
  actor: Actor | null,
  concernId: number,
  note: string,
  options: NotifyOptions,
): Promise<void> {
  if (note.trim() === '') throw new UseCaseError('invalid', 'Say why the concern is closed', 'note');
  await simpleStep(db, actor, concernId, 'close', note, options.now);
  await afterCommit(() => announce(db, 'closed', concernId, actor!.username, { note: note.trim() }, options));
}

/** Who the referral went to, frozen into the timeline as decided on the day. */
async function referralDetail(
  trx: Kysely<Database>,
  row: ConcernRow,
  now: Date,
): Promise<{ [k: string]: JsonValue }> {
  const practice = await practiceScope(trx, row.practice_code);
  const holder = await contractHolderFor(trx, practice, utcDate(now));
  return { contract_holder_code: holder.holderCode, contract_holder: holder.holderLabel };
}

/** The practice's value of the indicator in the concern's release, or else the latest release having it. */
async function baselineOf(
  trx: Kysely<Database>,
  row: ConcernRow,
  indicatorId: number,
): Promise<{ releaseId: number; value: number | null } | null> {
  const rows = await trx
    .selectFrom('result')
    .select(['release_id', 'period', 'value'])
    .where('indicator_id', '=', indicatorId)
    .where('area_kind', '=', 'practice')
    .where('area_code', '=', row.practice_code)
    .orderBy('release_id', 'desc')
    .orderBy('period', 'desc')
    .execute();
  const inConcern = rows.find((r) => r.release_id === row.release_id);
  const pick = inConcern ?? rows[0];
  return pick ? { releaseId: pick.release_id, value: pick.value } : null;
}
