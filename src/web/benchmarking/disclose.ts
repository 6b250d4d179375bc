/**
 * Disclosure control row by row (docs/security.md): a figure about an organisation is shown in full
 * only to someone the policy lets see that organisation's restricted figures; to everyone else —
 * whatever the page, the highlighted practice or the query string — its counts are published under the
 * release's suppression pattern (src/app/benchmarking/disclosure.ts) and every figure made from them
 * (value, limits, expected count, observed ÷ expected) is computed again FROM THE PUBLISHED COUNTS, so
 * it gives back no more than they do: searching the counts near the published ones for the pair that
 * reproduces the value finds every pair equally (they all give the published value), and
 * ratio × expected gives the published count back, not the true one.
 */
import {
  type Disclosure,
  type DisclosureControl,
  publishedArea,
  publishedPractice,
} from '../../app/benchmarking/disclosure.ts';
import type { Result } from '../../app/db.ts';
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import { BOTH_LEVELS } from '../../stats/confidence.ts';
import { poissonLimits } from '../../stats/poisson-limits.ts';
import { proportion } from '../../stats/proportion.ts';
import { rate } from '../../stats/rate.ts';

export interface ShownCounts {
  numerator: number | null;
  denominator: number | null;
  suppressed: { numerator: boolean; denominator: boolean };
  /** False when a count behind the value is suppressed, so the value and its limits are too. */
  derivedShown: boolean;
  /** True when the counts are published under control (rounded): figures are made from them again. */
  controlled: boolean;
}

function shown(
  d: Disclosure | null,
  pick: typeof publishedPractice,
  code: string,
  numerator: number | null,
  denominator: number | null,
): ShownCounts {
  if (!d || numerator === null || denominator === null || d.open.has(code)) {
    return {
      numerator,
      denominator,
      suppressed: { numerator: false, denominator: false },
      derivedShown: true,
      controlled: false,
    };
  }
  if (d.withhold) {
    return {
      numerator: null,
      denominator: null,
      suppressed: { numerator: true, denominator: true },
      derivedShown: false,
      controlled: true,
    };
  }
  const p = pick(d, code, numerator, denominator);
  const n = p.numerator.kind === 'shown' ? p.numerator.value : null;
  const den = p.denominator.kind === 'shown' ? p.denominator.value : null;
  return {
    numerator: n,
    denominator: den,
    suppressed: { numerator: n === null, denominator: den === null },
    derivedShown: n !== null && den !== null,
    controlled: true,
  };
}

export const practiceCounts = (
  d: Disclosure | null,
  code: string,
  numerator: number | null,
  denominator: number | null,
): ShownCounts => shown(d, publishedPractice, code, numerator, denominator);

export const areaCounts = (
  d: Disclosure | null,
  code: string,
  numerator: number | null,
  denominator: number | null,
): ShownCounts => shown(d, publishedArea, code, numerator, denominator);

/** The figure when it may be shown, else null. */
export function derived<T>(c: ShownCounts, value: T): T | null {
  return c.derivedShown ? value : null;
}

type Figures = Pick<
  Result,
  | 'numerator'
  | 'denominator'
  | 'value'
  | 'lower_95'
  | 'upper_95'
  | 'lower_99_8'
  | 'upper_99_8'
  | 'expected'
  | 'oe_ratio'
  | 'oe_lower_95'
  | 'oe_upper_95'
  | 'oe_lower_99_8'
  | 'oe_upper_99_8'
  | 'headline_z'
  | 'headline_expected'
  | 'peer_value'
  | 'practice_min'
  | 'practice_q1'
  | 'practice_median'
  | 'practice_q3'
  | 'practice_max'
>;

/**
 * A result row as it may be published to this viewer: unchanged when its counts are not controlled;
 * otherwise its counts replaced by the published ones and every derived figure made from those (nulls
 * when a count is suppressed). The headline z-score and the count it was judged against are left out
 * (the verdict stays): they come from the true count through the model and would narrow it down.
 */
export function publishedResult<R extends Figures>(
  r: R,
  c: ShownCounts,
  indicator: Pick<IndicatorVersion, 'type' | 'multiplier'>,
): R {
  if (!c.controlled) return r;
  const none = {
    numerator: c.numerator,
    denominator: c.denominator,
    value: null,
    lower_95: null,
    upper_95: null,
    lower_99_8: null,
    upper_99_8: null,
    expected: null,
    oe_ratio: null,
    oe_lower_95: null,
    oe_upper_95: null,
    oe_lower_99_8: null,
    oe_upper_99_8: null,
    headline_z: null,
    headline_expected: null,
    peer_value: coarse(r.peer_value),
    practice_min: null,
    practice_q1: coarse(r.practice_q1),
    practice_median: coarse(r.practice_median),
    practice_q3: coarse(r.practice_q3),
    practice_max: null,
  };
  if (!c.derivedShown || c.numerator === null || c.denominator === null || c.denominator <= 0)
    return { ...r, ...none };
  const x = c.numerator;
  const n = c.denominator;
  const made =
    indicator.type === 'rate'
      ? rate(x, n, BOTH_LEVELS, indicator.multiplier)
      : indicator.type === 'proportion' && x <= n
        ? proportion(x, n, BOTH_LEVELS, indicator.multiplier)
        : null;
  const at = (level: number) => made?.limits.find((l) => l.level === level) ?? null;
  // The expected count scales with the population it is expected of: the published denominator's share
  // of the true one (expected ÷ denominator is the practice's case-mix adjusted rate, not a count).
  const expected =
    r.expected !== null && r.denominator !== null && r.denominator > 0
      ? (r.expected * n) / r.denominator
      : null;
  const ratioLimits = (level: number, z: number) => {
    if (expected === null || expected <= 0) return { lower: null, upper: null };
    const l = poissonLimits(x, level, z);
    return { lower: l.lower / expected, upper: l.upper / expected };
  };
  const r95 = ratioLimits(0.95, 1.959963984540054);
  const r998 = ratioLimits(0.998, 3.090232306167813);
  return {
    ...r,
    ...none,
    value: made?.value ?? null,
    lower_95: at(0.95)?.lower ?? null,
    upper_95: at(0.95)?.upper ?? null,
    lower_99_8: at(0.998)?.lower ?? null,
    upper_99_8: at(0.998)?.upper ?? null,
    expected,
    oe_ratio: expected !== null && expected > 0 ? x / expected : null,
    oe_lower_95: r95.lower,
    oe_upper_95: r95.upper,
    oe_lower_99_8: r998.lower,
    oe_upper_99_8: r998.upper,
  };
}

/**
 * Three significant figures: for the figures pooled from many practices (a peer group's value, the
 * quartiles of England's practices), each perhaps one practice's own value, shown beside controlled
 * counts.
 */
export function coarse(v: number | null): number | null {
  if (v === null || !Number.isFinite(v) || v === 0) return v;
  return Number(v.toPrecision(3));
}

export type { DisclosureControl };
