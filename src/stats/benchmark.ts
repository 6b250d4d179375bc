/**
 * "Compared with benchmark" as Fingertips does it, and quantile groups (quintiles, deciles).
 *
 * A unit is similar to the benchmark when the benchmark value lies inside the unit's confidence
 * interval at the chosen level (bounds inclusive: a benchmark equal to a limit is similar). Otherwise
 * the unit is significantly higher or lower, which the indicator's polarity turns into better/worse.
 */

export type Polarity = 'higher_is_better' | 'lower_is_better' | 'no_judgement';

export type BenchmarkComparison = 'better' | 'similar' | 'worse' | 'higher' | 'lower' | 'not_compared';

export interface BenchmarkInput {
  readonly value: number | null;
  /** The unit's limits at the chosen level (95% or 99.8%). */
  readonly lower: number | null;
  readonly upper: number | null;
  readonly benchmark: number | null;
  readonly polarity: Polarity;
}

/** Compares one unit with a benchmark; 'not_compared' when the value, a limit or the benchmark is missing. */
export function compareWithBenchmark(input: BenchmarkInput): BenchmarkComparison {
  const { value, lower, upper, benchmark, polarity } = input;
  if (value === null || lower === null || upper === null || benchmark === null) return 'not_compared';
  if (![value, lower, upper, benchmark].every(Number.isFinite)) return 'not_compared';
  if (lower <= benchmark && benchmark <= upper) return 'similar';
  const higher = lower > benchmark;
  if (polarity === 'no_judgement') return higher ? 'higher' : 'lower';
  return higher === (polarity === 'higher_is_better') ? 'better' : 'worse';
}

/**
 * R's type-7 quantile of the non-missing values at probability p: linear interpolation between the
 * order statistics around 1 + (n − 1)p.
 * Null when there are no values.
 */
export function quantileType7(values: readonly (number | null)[], p: number): number | null {
  const sorted = values.filter((v): v is number => v !== null && !Number.isNaN(v)).sort((a, b) => a - b);
  return quantileOfSorted(sorted, p);
}

function quantileOfSorted(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  // Exactly R's quantile.default(type = 7): index = 1 + (n − 1)p, then (1 − h)·x[lo] + h·x[hi].
  const index = 1 + (n - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const low = sorted[lo - 1]!;
  const high = sorted[hi - 1]!;
  if (!(index > lo && high !== low)) return low;
  const h = index - lo;
  return (1 - h) * low + h * high;
}

/**
 * The cut points between `groups` quantile groups: the type-7 quantiles at 1/groups, …, (groups−1)/groups
 * (4 cuts for quintiles, 9 for deciles). Empty when there are no values.
 */
export function quantileCuts(values: readonly (number | null)[], groups: number): number[] {
  const sorted = values.filter((v): v is number => v !== null && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const cuts: number[] = [];
  for (let k = 1; k < groups; k++) cuts.push(quantileOfSorted(sorted, k / groups)!);
  return cuts;
}

/**
 * Each value's quantile group, 1 = lowest values … `groups` = highest (not "best": apply polarity in the
 * view). Rule at a cut point: a value equal to cut k goes in the lower group k (value <= cut_k → group k).
 * Missing values get null.
 */
export function quantileGroups(values: readonly (number | null)[], groups: number): (number | null)[] {
  if (!(Number.isInteger(groups) && groups >= 1)) throw new RangeError('groups must be a positive integer');
  const cuts = quantileCuts(values, groups);
  return values.map((v) => {
    if (v === null || Number.isNaN(v)) return null;
    const k = cuts.findIndex((cut) => v <= cut);
    return k < 0 ? groups : k + 1;
  });
}

/** Quintiles, 1 (lowest fifth) to 5. */
export function quintiles(values: readonly (number | null)[]): (number | null)[] {
  return quantileGroups(values, 5);
}

/** Deciles, 1 (lowest tenth) to 10. */
export function deciles(values: readonly (number | null)[]): (number | null)[] {
  return quantileGroups(values, 10);
}
