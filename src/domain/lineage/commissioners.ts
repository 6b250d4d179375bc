// Commissioner lineage from practice memberships: PCT → CCG → sub-ICB location, and CCG mergers.
// No file publishes it, but the practices show it: when every practice of a commissioner has left
// it, where they went says what became of it. 00K (Hartlepool and Stockton-on-Tees CCG) ended on
// 1 April 2020 when all its practices moved to 16C (Tees Valley), which also took 00M's and 00C's.
//
// Rules (docs/importing.md, "Commissioner lineage"):
// - a commissioner has ended when none of its practices' memberships is still open;
// - the moves out of it are its practices' next commissioners, each on the day it began;
// - one commissioner taking at least 80% of the moves is its successor: a `merger` if it already had
//   practices before that day or took practices from another commissioner that day too (00K, 00M
//   and 00C all became 16C on 1 April 2020), a `succession` (a new code for the same commissioner)
//   if it took this one's practices alone;
// - otherwise every commissioner taking at least 20% is a `split` successor;
// - practices that closed rather than moved do not count; fewer than two moves say nothing.
import type { MembershipPeriod } from '../membership.ts';

export interface CommissionerLink {
  predecessor: string;
  successor: string;
  kind: 'merger' | 'succession' | 'split';
  /** The day most of the moves to the successor happened. */
  effectiveDate: string;
  /** Practices that moved to the successor, and moves out of the predecessor in all. */
  moved: number;
  movedOut: number;
  /** Practices the successor already had before that day. */
  successorHadBefore: number;
  /** Other commissioners whose practices the successor took on that day. */
  alsoFrom: string[];
}

const SUCCESSOR_SHARE = 0.8;
const SPLIT_SHARE = 0.2;
const MIN_MOVES = 2;

/** `periods`: practices' commissioner periods (parent kind sub_icb), as membershipPeriods makes them. */
export function commissionerLineage(periods: readonly MembershipPeriod[]): CommissionerLink[] {
  const byPractice = new Map<string, MembershipPeriod[]>();
  const byCommissioner = new Map<string, MembershipPeriod[]>();
  for (const p of periods) {
    byPractice.set(p.childCode, [...(byPractice.get(p.childCode) ?? []), p]);
    byCommissioner.set(p.parentCode, [...(byCommissioner.get(p.parentCode) ?? []), p]);
  }
  // Each practice's moves: from one commissioner to the next, on the day the next began.
  const movesOut = new Map<string, { to: string; on: string; practice: string }[]>();
  for (const list of byPractice.values()) {
    const sorted = [...list].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
    for (let i = 0; i + 1 < sorted.length; i++) {
      const from = sorted[i]!;
      const to = sorted[i + 1]!;
      if (from.parentCode === to.parentCode) continue;
      const moves = movesOut.get(from.parentCode) ?? [];
      moves.push({ to: to.parentCode, on: to.validFrom, practice: from.childCode });
      movesOut.set(from.parentCode, moves);
    }
  }
  // Who moved into each commissioner on each day, from where.
  const movesIn = new Map<string, Set<string>>();
  for (const [from, moves] of movesOut) {
    for (const m of moves) {
      const key = `${m.to}|${m.on}`;
      movesIn.set(key, (movesIn.get(key) ?? new Set()).add(from));
    }
  }
  const links: CommissionerLink[] = [];
  for (const [commissioner, moves] of [...movesOut.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const own = byCommissioner.get(commissioner) ?? [];
    if (own.some((p) => p.validTo === null) || moves.length < MIN_MOVES) continue;
    const byTarget = new Map<string, { on: string; practice: string }[]>();
    for (const m of moves) byTarget.set(m.to, [...(byTarget.get(m.to) ?? []), m]);
    const ranked = [...byTarget.entries()].sort(
      (a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1),
    );
    const [top] = ranked;
    const successors =
      top && top[1].length / moves.length >= SUCCESSOR_SHARE
        ? [top]
        : ranked.filter(([, m]) => m.length / moves.length >= SPLIT_SHARE);
    for (const [successor, moved] of successors) {
      const effectiveDate = mostCommon(moved.map((m) => m.on));
      const hadBefore = new Set(
        (byCommissioner.get(successor) ?? [])
          .filter((p) => p.validFrom < effectiveDate)
          .map((p) => p.childCode),
      ).size;
      const alsoFrom = [...(movesIn.get(`${successor}|${effectiveDate}`) ?? [])]
        .filter((c) => c !== commissioner)
        .sort();
      links.push({
        predecessor: commissioner,
        successor,
        kind:
          successors.length > 1 ? 'split' : hadBefore > 0 || alsoFrom.length > 0 ? 'merger' : 'succession',
        effectiveDate,
        moved: moved.length,
        movedOut: moves.length,
        successorHadBefore: hadBefore,
        alsoFrom,
      });
    }
  }
  return links;
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}
