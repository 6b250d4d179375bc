/**
 * An agenda item's state, read afresh from the records whenever asked: who is recused (from the
 * register of interests, or by the chair), whether it is quorate, the votes, who may take the decision
 * (delegation) and the decision once taken. items.ts acts on it.
 */
import type { Kysely } from 'kysely';
import {
  type CompositionCheck,
  checkComposition,
  checkQuorum,
  type QuorumCheck,
  type Tally,
  tallyVotes,
  type VoteChoice,
} from '../../domain/governance/committee-rules.ts';
import {
  type ContractActionDecision,
  type DelegatedFunction,
  decideContractAction,
  isDelegatedFunction,
} from '../../domain/governance/delegation.ts';
import {
  findConflicts,
  type ItemConcerns,
  type RecusalState,
  recusalStates,
  recusedMemberIds,
} from '../../domain/governance/recusal.ts';
import type { AgendaItemRow, Database, ItemDecisionRow } from '../../store/schema.ts';
import { currentAncestors, findOrganisation } from '../browse/organisations.ts';
import { UseCaseError } from '../use-case-error.ts';
import { type CommitteeMember, committeeMembers, quorumRuleOf } from './committees.ts';
import { delegationState } from './delegation.ts';
import { interestsOf } from './interests.ts';
import { type MeetingContext, meetingContext } from './meetings.ts';

export interface VoteRecord {
  memberId: number;
  choice: VoteChoice;
  recordedBy: string;
  recordedAt: Date;
}

export interface ItemState extends MeetingContext {
  item: AgendaItemRow;
  organisationCodes: string[];
  providerNames: string[];
  members: CommitteeMember[];
  present: Set<number>;
  composition: CompositionCheck;
  recusals: RecusalState[];
  recused: Set<number>;
  quorum: QuorumCheck;
  votes: VoteRecord[];
  tally: Tally & { carried: boolean };
  contract: ContractActionDecision | null;
  decision: ItemDecisionRow | null;
}

/** What the item concerns, with each practice's PCN: a PCN role is an interest in its practices. */
async function concernsOf(
  db: Kysely<Database>,
  codes: readonly string[],
  providers: readonly string[],
): Promise<ItemConcerns> {
  const parentCodes: Record<string, string[]> = {};
  for (const code of codes) {
    const org = await findOrganisation(db, code);
    if (org?.kind !== 'practice') continue;
    parentCodes[code] = (await currentAncestors(db, org)).filter((a) => a.kind === 'pcn').map((a) => a.code);
  }
  return { organisationCodes: codes, parentCodes, providerNames: providers };
}

/**
 * Who is recused from the item and why: conflicts found in the members' declared interests, the
 * chair's recusals, and the overrides that let a member take part after all.
 */
async function itemRecusals(
  db: Kysely<Database>,
  itemId: number,
  members: readonly CommitteeMember[],
  organisationCodes: readonly string[],
  providerNames: readonly string[],
  day: string,
): Promise<RecusalState[]> {
  const interests = await interestsOf(
    db,
    members.map((m) => m.personId),
  );
  const conflicts = findConflicts(
    members.map((m) => ({ memberId: m.id, interests: interests.filter((i) => i.personId === m.personId) })),
    await concernsOf(db, organisationCodes, providerNames),
    day,
  );
  const chair = await db.selectFrom('item_recusal').selectAll().where('item_id', '=', itemId).execute();
  const overrides = await db
    .selectFrom('recusal_override')
    .selectAll()
    .where('item_id', '=', itemId)
    .execute();
  return recusalStates(
    conflicts,
    chair.map((c) => ({ memberId: c.member_id, reason: c.reason, recordedBy: c.recorded_by })),
    overrides.map((o) => ({
      memberId: o.member_id,
      reason: o.reason,
      overriddenBy: o.overridden_by,
      overriddenAt: o.overridden_at,
    })),
  );
}

/** The votes cast on the item, in the order they were recorded. */
async function itemVotes(db: Kysely<Database>, itemId: number): Promise<VoteRecord[]> {
  return (
    await db
      .selectFrom('item_vote')
      .selectAll()
      .where('item_id', '=', itemId)
      .orderBy('recorded_at')
      .execute()
  ).map((v) => ({
    memberId: v.member_id,
    choice: v.choice,
    recordedBy: v.recorded_by,
    recordedAt: v.recorded_at,
  }));
}

export async function itemState(db: Kysely<Database>, itemId: number): Promise<ItemState> {
  const item = Number.isSafeInteger(itemId)
    ? await db.selectFrom('agenda_item').selectAll().where('id', '=', itemId).executeTakeFirst()
    : undefined;
  if (!item) throw new UseCaseError('not_found', 'There is no such agenda item');
  const context = await meetingContext(db, item.meeting_id);
  const day = context.meeting.held_on;
  const members = await committeeMembers(db, context.committee.id, day);
  const organisationCodes = (
    await db
      .selectFrom('agenda_item_organisation')
      .select('organisation_code')
      .where('item_id', '=', itemId)
      .execute()
  ).map((r) => r.organisation_code);
  const providerNames = Array.isArray(item.provider_names) ? item.provider_names.map(String) : [];
  const recusals = await itemRecusals(db, itemId, members, organisationCodes, providerNames, day);
  const recused = recusedMemberIds(recusals);
  const attendance = await db
    .selectFrom('meeting_attendance')
    .select(['member_id', 'present'])
    .where('meeting_id', '=', item.meeting_id)
    .execute();
  const present = new Set(attendance.filter((a) => a.present).map((a) => a.member_id));
  const rule = quorumRuleOf(context.committee);
  const quorum = checkQuorum(rule, members, present, recused);
  const votes = await itemVotes(db, itemId);
  const fn = item.delegated_function;
  const contract =
    fn !== null && isDelegatedFunction(fn)
      ? decideContractAction(
          await delegationState(db, context.committee.organisation_code, day),
          fn as DelegatedFunction,
        )
      : null;
  const decision =
    (await db.selectFrom('item_decision').selectAll().where('item_id', '=', itemId).executeTakeFirst()) ??
    null;
  return {
    ...context,
    item,
    organisationCodes,
    providerNames,
    members,
    present,
    composition: checkComposition(members, rule),
    recusals,
    recused,
    quorum,
    votes,
    tally: tallyVotes(votes, quorum.countedMemberIds),
    contract,
    decision,
  };
}
