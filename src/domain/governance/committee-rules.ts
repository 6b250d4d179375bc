/**
 * Composition and quorum of a commissioning committee. A committee whose membership breaks the
 * rules cannot take decisions; a meeting item is quorate only when enough voting members are present
 * and not recused. Pure: the caller supplies members, attendance and recusals.
 */

export const MEMBER_ROLES = ['lay', 'executive', 'gp', 'observer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const OBSERVER_BODIES = ['healthwatch', 'local_authority', 'lmc', 'other'] as const;
export type ObserverBody = (typeof OBSERVER_BODIES)[number];

export const POSITIONS = ['chair', 'deputy_chair', 'member'] as const;
export type Position = (typeof POSITIONS)[number];

export const MEMBER_ROLE_LABELS: Record<MemberRole, string> = {
  lay: 'Lay member',
  executive: 'Executive member',
  gp: 'GP / clinical member',
  observer: 'Observer',
};

export const OBSERVER_BODY_LABELS: Record<ObserverBody, string> = {
  healthwatch: 'Healthwatch',
  local_authority: 'Local authority',
  lmc: 'Local medical committee (LMC)',
  other: 'Other',
};

export const POSITION_LABELS: Record<Position, string> = {
  chair: 'Chair',
  deputy_chair: 'Deputy chair',
  member: 'Member',
};

export interface CommitteeMemberInfo {
  id: number;
  name: string;
  role: MemberRole;
  voting: boolean;
  position: Position;
}

/** null `minimumVoting` means the default: a majority of the voting members. */
export interface QuorumRule {
  minimumVoting: number | null;
  requireChairOrDeputy: boolean;
  requireLay: boolean;
}

export const DEFAULT_QUORUM: QuorumRule = {
  minimumVoting: null,
  requireChairOrDeputy: true,
  requireLay: true,
};

export interface CompositionCheck {
  ok: boolean;
  /** Every rule broken, in words for the page. */
  problems: string[];
}

export function checkComposition(
  members: readonly CommitteeMemberInfo[],
  rule: QuorumRule,
): CompositionCheck {
  const problems: string[] = [];
  const voting = members.filter((m) => m.voting);
  const chairs = members.filter((m) => m.position === 'chair');
  const deputies = members.filter((m) => m.position === 'deputy_chair');
  if (chairs.length === 0) problems.push('the committee has no chair');
  if (chairs.length > 1) problems.push(`the committee has ${chairs.length} chairs; it needs exactly one`);
  for (const chair of chairs) {
    if (chair.role !== 'lay') problems.push(`the chair (${chair.name}) must be a lay member`);
    if (!chair.voting) problems.push(`the chair (${chair.name}) must be a voting member`);
  }
  if (deputies.length > 1)
    problems.push(`the committee has ${deputies.length} deputy chairs; it may have one`);
  for (const m of members) {
    if (m.role === 'observer' && m.voting) problems.push(`${m.name} is an observer and cannot have a vote`);
    if (m.role === 'observer' && m.position !== 'member')
      problems.push(`${m.name} is an observer and cannot chair`);
  }
  if (voting.length === 0) problems.push('the committee has no voting members');
  const layAndExecutive = voting.filter((m) => m.role === 'lay' || m.role === 'executive').length;
  if (voting.length > 0 && layAndExecutive * 2 <= voting.length) {
    problems.push(
      `lay and executive members hold ${layAndExecutive} of ${voting.length} votes; they must hold a majority`,
    );
  }
  if (rule.minimumVoting !== null && (rule.minimumVoting < 1 || rule.minimumVoting > voting.length)) {
    problems.push(`the quorum of ${rule.minimumVoting} cannot be met by ${voting.length} voting members`);
  }
  return { ok: problems.length === 0, problems };
}

export function quorumThreshold(rule: QuorumRule, votingMembers: number): number {
  return rule.minimumVoting ?? Math.floor(votingMembers / 2) + 1;
}

export interface QuorumCheck {
  quorate: boolean;
  threshold: number;
  votingMembers: number;
  /** Voting members present and not recused: the ones who count. */
  counted: number;
  countedMemberIds: number[];
  chairOrDeputyCounted: boolean;
  layCounted: boolean;
  /** Why the item is not quorate (empty when it is). */
  reasons: string[];
}

/** Recused members are treated as absent: they neither count towards the quorum nor vote. */
export function checkQuorum(
  rule: QuorumRule,
  members: readonly CommitteeMemberInfo[],
  present: ReadonlySet<number>,
  recused: ReadonlySet<number>,
): QuorumCheck {
  const voting = members.filter((m) => m.voting);
  const counted = voting.filter((m) => present.has(m.id) && !recused.has(m.id));
  const threshold = quorumThreshold(rule, voting.length);
  const chairOrDeputyCounted = counted.some((m) => m.position === 'chair' || m.position === 'deputy_chair');
  const layCounted = counted.some((m) => m.role === 'lay');
  const reasons: string[] = [];
  if (counted.length < threshold) {
    reasons.push(
      `${counted.length} voting member${counted.length === 1 ? ' is' : 's are'} present and not recused; the quorum is ${threshold}`,
    );
  }
  if (rule.requireChairOrDeputy && !chairOrDeputyCounted)
    reasons.push('neither the chair nor the deputy chair is present and not recused');
  if (rule.requireLay && !layCounted) reasons.push('no lay member is present and not recused');
  return {
    quorate: reasons.length === 0,
    threshold,
    votingMembers: voting.length,
    counted: counted.length,
    countedMemberIds: counted.map((m) => m.id),
    chairOrDeputyCounted,
    layCounted,
    reasons,
  };
}

export type VoteChoice = 'for' | 'against' | 'abstain';
export const VOTE_CHOICES: readonly VoteChoice[] = ['for', 'against', 'abstain'];

export interface Tally {
  for: number;
  against: number;
  abstain: number;
  /** Votes of members who are recused or absent: recorded, shown, never counted. */
  discounted: number;
}

/** A simple majority of the votes cast for or against carries; a tie does not. */
export function tallyVotes(
  votes: readonly { memberId: number; choice: VoteChoice }[],
  countedMemberIds: readonly number[],
): Tally & { carried: boolean } {
  const counted = new Set(countedMemberIds);
  const tally: Tally = { for: 0, against: 0, abstain: 0, discounted: 0 };
  for (const v of votes) {
    if (!counted.has(v.memberId)) tally.discounted++;
    else tally[v.choice]++;
  }
  return { ...tally, carried: tally.for > tally.against };
}
