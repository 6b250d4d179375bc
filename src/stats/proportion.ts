/**
 * Proportions with Wilson score limits, PHEindicatormethods' `phe_proportion` (spec §3.1).
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
  validateProportionRows,
} from './count-input.ts';

export interface ProportionOptions {
  /** Levels to compute (default both, 0.95 and 0.998; [] for the value only). See confidence.ts. */
  readonly levels?: ConfidenceLevels;
  /** Value and limits are multiplied by this (default 1; 100 gives percentages). */
  readonly multiplier?: number;
}

export interface ProportionResult {
  readonly value: number | null;
  readonly limits: LevelLimits[];
  readonly method: 'Wilson';
}

/** A group's result, with its summed numerator and denominator (null if any row's was missing). */
export interface GroupedProportionResult extends ProportionResult {
  readonly group: string;
  readonly numerator: number | null;
  readonly denominator: number | null;
}

/** Wilson lower limit for x of n, in R's order of operations. */
export function wilsonLower(x: number, n: number, z: number): number {
  return (2 * x + z * z - z * Math.sqrt(z * z + 4 * x * (1 - x / n))) / 2 / (n + z * z);
}

/** Wilson upper limit for x of n, in R's order of operations. */
export function wilsonUpper(x: number, n: number, z: number): number {
  return (2 * x + z * z + z * Math.sqrt(z * z + 4 * x * (1 - x / n))) / 2 / (n + z * z);
}

/** One proportion, without validation. Missing x or n gives a missing value and limits. */
export function proportion(
  x: number | null,
  n: number | null,
  levels: ConfidenceLevels = BOTH_LEVELS,
  multiplier = 1,
): ProportionResult {
  if (x === null || n === null) return { value: null, limits: missingLimits(levels), method: 'Wilson' };
  const limits = limitsAt(levels, (level) => {
    // At 100% confidence z is infinite; R special-cases the limits to 0 and 1.
    if (level === 1) return { lower: 0, upper: multiplier };
    const z = zFor(level);
    return { lower: wilsonLower(x, n, z) * multiplier, upper: wilsonUpper(x, n, z) * multiplier };
  });
  return { value: (x / n) * multiplier, limits, method: 'Wilson' };
}

/** Row by row: one result per input row, in order. Throws StatsInputError for invalid rows. */
export function proportions(rows: readonly CountRow[], options: ProportionOptions = {}): ProportionResult[] {
  validateProportionRows(rows);
  const multiplier = options.multiplier ?? 1;
  validateMultiplier(multiplier);
  return rows.map((r) => proportion(r.numerator, r.denominator, options.levels, multiplier));
}

/**
 * Per group: numerators and denominators are summed (a missing value makes the group missing), one
 * result per group in order of first appearance. Note PHEindicatormethods itself works row by row when
 * a grouped frame has exactly one group; this function always summarises.
 */
export function proportionsByGroup(
  rows: readonly GroupedCountRow[],
  options: ProportionOptions = {},
): GroupedProportionResult[] {
  validateProportionRows(rows);
  const multiplier = options.multiplier ?? 1;
  validateMultiplier(multiplier);
  return sumCountsByGroup(rows).map((sums) => ({
    ...sums,
    ...proportion(sums.numerator, sums.denominator, options.levels, multiplier),
  }));
}
