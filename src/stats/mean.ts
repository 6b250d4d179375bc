/**
 * Means with Student's t limits, PHEindicatormethods' `phe_mean` (spec §3.3), with Fairview's
 * deliberate difference: missing values are left out of the count, the sum and the standard deviation
 * (R counts them in n and makes the sum and sd missing).
 */
import {
  BOTH_LEVELS,
  type ConfidenceLevels,
  type LevelLimits,
  limitsAt,
  missingLimits,
} from './confidence.ts';
import { qt } from './distributions.ts';
import { StatsInputError } from './errors.ts';
import { compensatedSum, groupRows } from './grouping.ts';

export interface MeanOptions {
  /** Levels to compute (default both, 0.95 and 0.998; [] for the value only). */
  readonly levels?: ConfidenceLevels;
}

export interface MeanResult {
  /** Number of non-missing values. */
  readonly count: number;
  /** Sum of the non-missing values (0 when there are none). */
  readonly sum: number;
  /** Sample standard deviation (n − 1 denominator); null for fewer than 2 values. */
  readonly sd: number | null;
  /** sum / count; null when there are no values. */
  readonly value: number | null;
  /** value ∓ |qt((1 − conf)/2, count − 1)|·sd/√count; null for fewer than 2 values. */
  readonly limits: LevelLimits[];
  readonly method: "Student's t-distribution";
}

export interface GroupedMeanRow {
  readonly group: string;
  readonly value: number | null;
}

export interface GroupedMeanResult extends MeanResult {
  readonly group: string;
}

/** Sample standard deviation by two passes (with R's mean correction), as R's `sd` does. */
function standardDeviation(xs: readonly number[], sum: number): number {
  const n = xs.length;
  let mean = sum / n;
  mean += compensatedSum(xs.map((x) => x - mean)) / n;
  return Math.sqrt(compensatedSum(xs.map((x) => (x - mean) ** 2)) / (n - 1));
}

/** The mean of the non-missing values, without validation. */
export function meanOf(
  values: readonly (number | null)[],
  levels: ConfidenceLevels = BOTH_LEVELS,
): MeanResult {
  const method = "Student's t-distribution";
  const xs = values.filter((v): v is number => v !== null);
  const count = xs.length;
  const sum = compensatedSum(xs);
  if (count === 0) return { count, sum, sd: null, value: null, limits: missingLimits(levels), method };
  const value = sum / count;
  if (count === 1) return { count, sum, sd: null, value, limits: missingLimits(levels), method };
  const sd = standardDeviation(xs, sum);
  const limits = limitsAt(levels, (level) => {
    const half = (Math.abs(qt((1 - level) / 2, count - 1)) * sd) / Math.sqrt(count);
    return { lower: value - half, upper: value + half };
  });
  return { count, sum, sd, value, limits, method };
}

function validate(values: readonly (number | null)[]): void {
  const index = values.findIndex((v) => v !== null && !Number.isFinite(v));
  if (index >= 0) throw new StatsInputError('values must be numbers', index, 'value');
}

/** The mean over all rows (the method always summarises). */
export function mean(values: readonly (number | null)[], options: MeanOptions = {}): MeanResult {
  validate(values);
  return meanOf(values, options.levels);
}

/** One mean per group, in order of first appearance. */
export function meansByGroup(
  rows: readonly GroupedMeanRow[],
  options: MeanOptions = {},
): GroupedMeanResult[] {
  validate(rows.map((r) => r.value));
  return groupRows(rows.map((r) => r.group)).map(({ key, rows: members }) => ({
    group: key,
    ...meanOf(
      members.map((i) => rows[i]!.value),
      options.levels,
    ),
  }));
}
