/**
 * One agenda item: who is recused (automatically, from the register, or by the chair), whether the
 * item is quorate, the votes, who may take the decision (delegation) and the decision itself. Every
 * figure is computed from the records at the moment asked, and frozen into the decision when taken.
 */
import type { Kysely } from 'kysely';
import { VOTE_CHOICES, type VoteChoice } from '../../domain/governance/committee-rules.ts';
import { overrideProblem } from '../../domain/governance/recusal.ts';
import { can } from '../../domain/policy.ts';
import type { Database, ItemDecisionRow, JsonValue } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { announceCommitteeDecision } from '../notifications/announce.ts';
import { UseCaseError } from '../use-case-error.ts';
import type { CommitteeMember } from './committees.ts';
import { isAdministrator } from './context.ts';
import { type ItemState, itemState } from './item-state.ts';

export interface ItemView extends ItemState {
  /** The viewer's own seat on the committee, if any. */
  viewerMember: CommitteeMember | null;
  /** False for observers, recused members and anyone else without a vote: they see what observers see. */
  showConfidential: boolean;
  canManage: boolean;
  canChair: boolean;
  canVote: boolean;
}

function memberOf(state: ItemState, actor: Actor | null): CommitteeMember | null {
  return actor ? (state.members.find((m) => m.userId === actor.userId) ?? null) : null;
}

function chairs(state: ItemState, actor: Actor | null): boolean {
  const seat = memberOf(state, actor);
  return (
    seat !== null &&
    (seat.position === 'chair' || seat.position === 'deputy_chair') &&
    !state.recused.has(seat.id)
  );
}

export async function getItem(db: Kysely<Database>, actor: Actor | null, itemId: number): Promise<ItemView> {
  const state = await itemState(db, itemId);
  authorise(actor, 'view_governance', state.target);
  const seat = memberOf(state, actor);
  const canManage = can(actor, 'manage_committee', state.target).allowed;
  const canChair =
    can(actor, 'chair_meeting', state.target).allowed && (chairs(state, actor) || isAdministrator(actor));
  const seatVotes = seat?.voting === true && !state.recused.has(seat.id);
  return {
    ...state,
    viewerMember: seat,
    showConfidential: canManage || seatVotes,
    canManage,
    canChair,
    canVote: seatVotes && can(actor, 'cast_vote', state.target).allowed && state.decision === null,
  };
}

function memberNamed(state: ItemState, memberId: number): CommitteeMember {
  const m = state.members.find((x) => x.id === memberId);
  if (!m) throw new UseCaseError('invalid', 'That is not a member of this committee', 'member_id');
  return m;
}

function assertChair(state: ItemState, actor: Actor | null): void {
  authorise(actor, 'chair_meeting', state.target);
  if (!chairs(state, actor) && !isAdministrator(actor)) {
    throw new UseCaseError(
      'forbidden',
      'only the chair or deputy chair (not recused from this item) can do this',
    );
  }
}

/** The chair recuses a member from an item, for a reason given at the meeting. */
export async function recordRecusal(
  db: Kysely<Database>,
  actor: Actor | null,
  itemId: number,
  memberId: number,
  reason: string,
  now: Date,
): Promise<void> {
  const state = await itemState(db, itemId);
  assertChair(state, actor);
  const member = memberNamed(state, memberId);
  if (state.decision) throw new UseCaseError('conflict', 'The item has been decided');
  if (reason.trim() === '') throw new UseCaseError('invalid', 'Give the reason for the recusal', 'reason');
  if (state.recusals.some((r) => r.memberId === memberId && r.override === null)) {
    throw new UseCaseError('conflict', `${member.name} is already recused from this item`, 'member_id');
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('item_recusal')
      .values({
        item_id: itemId,
        member_id: memberId,
        reason: reason.trim(),
        recorded_by: actor!.username,
        recorded_at: now,
      })
      .onConflict((oc) => oc.columns(['item_id', 'member_id']).doNothing())
      .execute();
    // A chair's recusal after an override of an automatic one ends that override.
    await trx
      .deleteFrom('recusal_override')
      .where('item_id', '=', itemId)
      .where('member_id', '=', memberId)
      .execute();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'recusal_recorded',
      entity: 'agenda_item',
      entityId: String(itemId),
      before: null,
      after: { member_id: memberId, member: member.name, reason: reason.trim() },
    });
  });
}

/** Lets a recused member take part after all: only with a reason, audited and shown on the item. */
export async function overrideRecusal(
  db: Kysely<Database>,
  actor: Actor | null,
  itemId: number,
  memberId: number,
  reason: string,
  now: Date,
): Promise<void> {
  const state = await itemState(db, itemId);
  assertChair(state, actor);
  const member = memberNamed(state, memberId);
  if (state.decision) throw new UseCaseError('conflict', 'The item has been decided');
  const recusal = state.recusals.find((r) => r.memberId === memberId && r.override === null);
  if (!recusal)
    throw new UseCaseError('invalid', `${member.name} is not recused from this item`, 'member_id');
  if (memberOf(state, actor)?.id === memberId)
    throw new UseCaseError('forbidden', 'nobody can override their own recusal');
  const problem = overrideProblem(reason);
  if (problem) throw new UseCaseError('invalid', problem, 'reason');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('recusal_override')
      .values({
        item_id: itemId,
        member_id: memberId,
        reason: reason.trim(),
        overridden_by: actor!.username,
        overridden_at: now,
      })
      .execute();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'recusal_overridden',
      entity: 'agenda_item',
      entityId: String(itemId),
      before: { member_id: memberId, recused: true, source: recusal.source, reason: recusal.reason },
      after: { member_id: memberId, recused: false, override_reason: reason.trim() },
    });
  });
}

/**
 * A vote: a member casts their own, or the secretariat records one given at the meeting. Either way
 * the member must hold a vote, be present and not be recused.
 */
export async function castVote(
  db: Kysely<Database>,
  actor: Actor | null,
  itemId: number,
  input: { memberId: number | null; choice: string },
  now: Date,
): Promise<void> {
  const state = await itemState(db, itemId);
  const own = memberOf(state, actor);
  const onBehalf = input.memberId !== null && input.memberId !== own?.id;
  authorise(actor, onBehalf ? 'manage_committee' : 'cast_vote', state.target);
  const memberId = input.memberId ?? own?.id;
  if (memberId === undefined) throw new UseCaseError('forbidden', 'you are not a member of this committee');
  const member = memberNamed(state, memberId);
  if (!(VOTE_CHOICES as readonly string[]).includes(input.choice))
    throw new UseCaseError('invalid', 'Select for, against or abstain', 'choice');
  if (state.decision) throw new UseCaseError('conflict', 'The item has been decided: votes are closed');
  if (!state.composition.ok)
    throw new UseCaseError(
      'conflict',
      `The committee cannot take decisions: ${state.composition.problems.join('; ')}`,
    );
  if (!member.voting)
    throw new UseCaseError(
      'forbidden',
      `${member.name} has no vote (${member.role === 'observer' ? 'observer' : 'non-voting member'})`,
    );
  const recusal = state.recusals.find((r) => r.memberId === memberId && r.override === null);
  if (recusal)
    throw new UseCaseError('forbidden', `${member.name} is recused from this item: ${recusal.reason}`);
  if (!state.present.has(memberId))
    throw new UseCaseError('conflict', `${member.name} is not recorded as present`, 'member_id');
  const previous = state.votes.find((v) => v.memberId === memberId) ?? null;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('item_vote')
      .values({
        item_id: itemId,
        member_id: memberId,
        choice: input.choice as VoteChoice,
        recorded_by: actor!.username,
        recorded_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['item_id', 'member_id']).doUpdateSet({
          choice: input.choice as VoteChoice,
          recorded_by: actor!.username,
          recorded_at: now,
        }),
      )
      .execute();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'vote_recorded',
      entity: 'agenda_item',
      entityId: String(itemId),
      before: previous ? { member_id: memberId, choice: previous.choice } : null,
      after: { member_id: memberId, member: member.name, choice: input.choice },
    });
  });
}

/** What the decision row keeps of the moment it was taken. */
function snapshot(state: ItemState): JsonValue {
  return {
    quorate: state.quorum.quorate,
    threshold: state.quorum.threshold,
    voting_members: state.quorum.votingMembers,
    counted: state.quorum.counted,
    counted_member_ids: state.quorum.countedMemberIds,
    present_member_ids: [...state.present],
    reasons: state.quorum.reasons,
    discounted_votes: state.tally.discounted,
    recusals: state.recusals.map((r) => ({
      member_id: r.memberId,
      member: state.members.find((m) => m.id === r.memberId)?.name ?? null,
      source: r.source,
      reason: r.reason,
      overridden: r.override ? { reason: r.override.reason, by: r.override.overriddenBy } : null,
    })),
  };
}

/**
 * Records the decision with the quorum as it stands: refused when the committee breaks its
 * composition rules or the item is not quorate. When the commissioner does not hold the function the
 * item needs, the decision is recorded as a recommendation to the contract holder, and says so.
 */
export async function recordDecision(
  db: Kysely<Database>,
  actor: Actor | null,
  itemId: number,
  input: { decisionText: string; public: boolean },
  now: Date,
): Promise<ItemDecisionRow> {
  const state = await itemState(db, itemId);
  if (!can(actor, 'manage_committee', state.target).allowed) assertChair(state, actor);
  if (state.decision) throw new UseCaseError('conflict', 'The item has already been decided');
  if (!state.composition.ok)
    throw new UseCaseError(
      'conflict',
      `The committee cannot take decisions: ${state.composition.problems.join('; ')}`,
    );
  if (!state.quorum.quorate)
    throw new UseCaseError('conflict', `The item is not quorate: ${state.quorum.reasons.join('; ')}`);
  if (input.decisionText.trim() === '')
    throw new UseCaseError('invalid', 'Enter the decision as minuted', 'decision_text');
  const route = state.contract ?? {
    route: 'act' as const,
    actorCode: state.committee.organisation_code,
    reason: 'the item needs no delegated contract function',
  };
  const decided = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('item_decision')
      .values({
        item_id: itemId,
        outcome: state.tally.carried ? 'carried' : 'not_carried',
        route: route.route,
        route_reason: route.reason,
        decision_text: input.decisionText.trim(),
        public: input.public,
        votes_for: state.tally.for,
        votes_against: state.tally.against,
        abstentions: state.tally.abstain,
        quorum: JSON.stringify(snapshot(state)),
        decided_by: actor!.username,
        decided_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'decision_recorded',
      entity: 'agenda_item',
      entityId: String(itemId),
      before: null,
      after: {
        outcome: row.outcome,
        route: row.route,
        decision_text: row.decision_text,
        public: row.public,
        votes_for: row.votes_for,
        votes_against: row.votes_against,
        abstentions: row.abstentions,
        quorum: snapshot(state),
      },
    });
    return row;
  });
  await announceCommitteeDecision(db, itemId, { now });
  return decided;
}
