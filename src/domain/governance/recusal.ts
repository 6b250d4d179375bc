/**
 * Automatic recusal: a member with a declared interest in a practice or provider that an agenda item
 * concerns takes no part in it. The chair can add recusals; any recusal can be overridden only with
 * a recorded reason, and the override stays visible. Pure.
 */

import { inSentence } from '../words.ts';
import { type DeclaredInterest, INTEREST_LABELS, interestActiveOn } from './interests.ts';

/** What an agenda item is about, as far as conflicts go. */
export interface ItemConcerns {
  /** ODS codes of the practices and providers the item concerns. */
  organisationCodes: readonly string[];
  /** For each concerned practice, the organisations above it (its PCN, …): a role there is an interest too. */
  parentCodes: Readonly<Record<string, readonly string[]>>;
  /** Providers named without a code (a GP federation, a pharmacy chain). */
  providerNames: readonly string[];
}

export interface MemberWithInterests {
  memberId: number;
  interests: readonly DeclaredInterest[];
}

export interface Conflict {
  memberId: number;
  interestId: number;
  reason: string;
}

const normalise = (name: string): string => name.trim().toLowerCase().replace(/\s+/g, ' ');

/** The conflicts that recuse members automatically from an item held on `day`. */
export function findConflicts(
  members: readonly MemberWithInterests[],
  concerns: ItemConcerns,
  day: string,
): Conflict[] {
  const codes = new Map<string, string>();
  for (const code of concerns.organisationCodes) codes.set(code.toUpperCase(), code.toUpperCase());
  for (const [practice, parents] of Object.entries(concerns.parentCodes)) {
    for (const parent of parents)
      if (!codes.has(parent.toUpperCase())) codes.set(parent.toUpperCase(), practice);
  }
  const names = new Set(concerns.providerNames.map(normalise));
  const conflicts: Conflict[] = [];
  for (const member of members) {
    for (const interest of member.interests) {
      if (!interestActiveOn(interest, day)) continue;
      const code = interest.organisationCode?.toUpperCase() ?? null;
      const label = inSentence(INTEREST_LABELS[interest.kind]);
      let reason: string | null = null;
      if (code !== null && codes.has(code)) {
        const via = codes.get(code)!;
        reason =
          via === code
            ? `declared interest (${label}) in ${code}, which this item concerns`
            : `declared interest (${label}) in ${code}, to which ${via} (concerned by this item) belongs`;
      } else if (interest.providerName && names.has(normalise(interest.providerName))) {
        reason = `declared interest (${label}) in ${interest.providerName}, which this item concerns`;
      }
      if (reason) {
        conflicts.push({ memberId: member.memberId, interestId: interest.id, reason });
        break; // one conflict is enough to recuse; the first is shown
      }
    }
  }
  return conflicts;
}

export interface ChairRecusal {
  memberId: number;
  reason: string;
  recordedBy: string;
}

export interface RecusalOverride {
  memberId: number;
  reason: string;
  overriddenBy: string;
  overriddenAt: Date;
}

export interface RecusalState {
  memberId: number;
  source: 'automatic' | 'chair';
  reason: string;
  /** When set, the member takes part after all, for the recorded reason. */
  override: RecusalOverride | null;
}

/** Every recusal on an item with its override, if any. A member is recused while not overridden. */
export function recusalStates(
  conflicts: readonly Conflict[],
  chairRecusals: readonly ChairRecusal[],
  overrides: readonly RecusalOverride[],
): RecusalState[] {
  const overrideOf = new Map(overrides.map((o) => [o.memberId, o]));
  const states: RecusalState[] = conflicts.map((c) => ({
    memberId: c.memberId,
    source: 'automatic',
    reason: c.reason,
    override: overrideOf.get(c.memberId) ?? null,
  }));
  for (const r of chairRecusals) {
    if (states.some((s) => s.memberId === r.memberId)) continue;
    states.push({
      memberId: r.memberId,
      source: 'chair',
      reason: `recorded by the chair: ${r.reason}`,
      override: overrideOf.get(r.memberId) ?? null,
    });
  }
  return states;
}

export function recusedMemberIds(states: readonly RecusalState[]): Set<number> {
  return new Set(states.filter((s) => s.override === null).map((s) => s.memberId));
}

/** An override needs a reason worth reading: it is shown on the item and kept in the audit log. */
export function overrideProblem(reason: string): string | null {
  return reason.trim().length < 10 ? 'Give the reason for the override (at least 10 characters)' : null;
}
