/**
 * Crude rates with exact Poisson limits below 10 events and Byar's limits from 10 up,
 * PHEindicatormethods' `phe_rate` (spec §3.2).
 */
import {
  BOTH_LEVELS,
  type ConfidenceLevels,
  type LevelLimits,
  limitsAt,
  missingLimits,
  zFor,
} from './confidence.ts';
import {
  type CountRow,
  type GroupedCountRow,
  sumCountsByGroup,
  validateMultiplier,
  validateRateRows,
} from './count-input.ts';
import { type PoissonMethod, poissonLimits, poissonMethod } from './poisson-limits.ts';

export interface RateOptions {
  /** Levels to compute (default both, 0.95 and 0.998; [] for the value only). */
  readonly levels?: ConfidenceLevels;
  /** Value and limits are multiplied by this (default 100,000). */
  readonly multiplier?: number;
}

export interface RateResult {
  readonly value: number | null;
  readonly limits: LevelLimits[];
  /** "Exact" below 10 events, else "Byars" (R's label); null when the count is missing. */
  readonly method: PoissonMethod | null;
}

export interface GroupedRateResult extends RateResult {
  readonly group: string;
  readonly numerator: number | null;
  readonly denominator: number | null;
}

/** One rate, without validation. */
export function rate(
  x: number | null,
  n: number | null,
  levels: ConfidenceLevels = BOTH_LEVELS,
  multiplier = 100000,
): RateResult {
  // As in R, the method follows the count even when the denominator is missing.
  const method = x === null ? null : poissonMethod(x);
  if (x === null || n === null) return { value: null, limits: missingLimits(levels), method };
  const limits = limitsAt(levels, (level) => {
    const { lower, upper } = poissonLimits(x, level, zFor(level));
    // R sets a negative Byar lower limit to NA (it cannot happen at x >= 10 for levels up to 99.8%).
    return { lower: lower < 0 ? null : (lower / n) * multiplier, upper: (upper / n) * multiplier };
  });
  return { value: (x / n) * multiplier, limits, method };
}

/** Row by row: one result per input row. Throws StatsInputError for invalid rows. */
export function rates(rows: readonly CountRow[], options: RateOptions = {}): RateResult[] {
  validateRateRows(rows);
  const multiplier = options.multiplier ?? 100000;
  validateMultiplier(multiplier);
  return rows.map((r) => rate(r.numerator, r.denominator, options.levels, multiplier));
}

/** Per group (sums; a missing value makes the group missing), in order of first appearance. */
export function ratesByGroup(
  rows: readonly GroupedCountRow[],
  options: RateOptions = {},
): GroupedRateResult[] {
  validateRateRows(rows);
  const multiplier = options.multiplier ?? 100000;
  validateMultiplier(multiplier);
  return sumCountsByGroup(rows).map((sums) => ({
    ...sums,
    ...rate(sums.numerator, sums.denominator, options.levels, multiplier),
  }));
}
