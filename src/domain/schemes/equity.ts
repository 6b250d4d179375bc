// The equity view of a scheme: payments per registered patient by deprivation quintile (IMD score,
// quintile 1 = most deprived) and by list-size band, before and after a what-if. Per patient is
// Σ £ ÷ Σ list in the group (pooled, so a small practice does not weigh like a large one). Where the
// calculation came from a release, each group also counts its practices flagged on the scheme's
// indicators by the headline judgment (src/domain/judgment) — the fair flag, allowing for the
// practices' patients — so a committee can see whether flags, like payments, follow deprivation.
import type { PracticeChange } from './what-if.ts';

export interface PracticeContext {
  orgCode: string;
  listSize: number | null;
  /** Index of Multiple Deprivation score (higher = more deprived); null when not known. */
  imdScore: number | null;
  /**
   * Flagged by the headline judgment (at 95% or 99.8%, either way) on at least one of the scheme's
   * indicators in the period; null or absent when not known (a calculation not made from a release).
   */
  flagged?: boolean | null;
}

export interface EquityGroup {
  label: string;
  practices: number;
  patients: number;
  before: number;
  after: number;
  /** £ per registered patient; null when the group has no patients. */
  perPatientBefore: number | null;
  perPatientAfter: number | null;
  /** Practices in the group flagged by the headline judgment; null when not known. */
  flagged: number | null;
}

export interface EquityView {
  byDeprivation: EquityGroup[];
  byListSize: EquityGroup[];
  /** Practices left out for want of a list size or an IMD score, by code. */
  unplaced: string[];
}

export const LIST_SIZE_BANDS: readonly { label: string; upTo: number }[] = [
  { label: 'Under 5,000', upTo: 5000 },
  { label: '5,000 to 9,999', upTo: 10000 },
  { label: '10,000 to 14,999', upTo: 15000 },
  { label: '15,000 and over', upTo: Number.POSITIVE_INFINITY },
];

/**
 * Quintiles of the practices given, by IMD score: sorted most deprived first, the k-th practice of n
 * goes to quintile floor(5k / n) + 1, so the quintiles differ in size by at most one practice.
 */
export function deprivationQuintiles(practices: readonly PracticeContext[]): Map<string, number> {
  const scored = practices
    .filter((p) => p.imdScore !== null)
    .sort((a, b) => b.imdScore! - a.imdScore! || (a.orgCode < b.orgCode ? -1 : 1));
  return new Map(scored.map((p, k) => [p.orgCode, Math.floor((5 * k) / scored.length) + 1]));
}

export function listSizeBand(listSize: number): string {
  return LIST_SIZE_BANDS.find((b) => listSize < b.upTo)!.label;
}

export function equityView(
  changes: readonly PracticeChange[],
  context: readonly PracticeContext[],
): EquityView {
  const byCode = new Map(context.map((p) => [p.orgCode, p]));
  const quintiles = deprivationQuintiles(context.filter((p) => p.listSize !== null));
  const deprivation = new Map<string, EquityGroup>();
  for (let q = 1; q <= 5; q++) deprivation.set(String(q), emptyGroup(quintileLabel(q)));
  const sizes = new Map(LIST_SIZE_BANDS.map((b) => [b.label, emptyGroup(b.label)]));
  const unplaced: string[] = [];
  for (const change of changes) {
    const practice = byCode.get(change.orgCode);
    if (!practice || practice.listSize === null) {
      unplaced.push(change.orgCode);
      continue;
    }
    add(sizes.get(listSizeBand(practice.listSize))!, change, practice);
    const q = quintiles.get(change.orgCode);
    if (q === undefined) unplaced.push(change.orgCode);
    else add(deprivation.get(String(q))!, change, practice);
  }
  return {
    byDeprivation: [...deprivation.values()].map(finish),
    byListSize: [...sizes.values()].map(finish),
    unplaced,
  };
}

function quintileLabel(q: number): string {
  return q === 1 ? '1 (most deprived)' : q === 5 ? '5 (least deprived)' : String(q);
}

function emptyGroup(label: string): EquityGroup {
  return {
    label,
    practices: 0,
    patients: 0,
    before: 0,
    after: 0,
    perPatientBefore: null,
    perPatientAfter: null,
    flagged: null,
  };
}

function add(group: EquityGroup, change: PracticeChange, practice: PracticeContext): void {
  group.practices += 1;
  group.patients += practice.listSize!;
  if (practice.flagged !== undefined && practice.flagged !== null)
    group.flagged = (group.flagged ?? 0) + (practice.flagged ? 1 : 0);
  group.before = (Math.round(group.before * 100) + Math.round(change.before * 100)) / 100;
  group.after = (Math.round(group.after * 100) + Math.round(change.after * 100)) / 100;
}

function finish(group: EquityGroup): EquityGroup {
  if (group.patients === 0) return group;
  return {
    ...group,
    perPatientBefore: Math.round((group.before / group.patients) * 10000) / 10000,
    perPatientAfter: Math.round((group.after / group.patients) * 10000) / 10000,
  };
}
