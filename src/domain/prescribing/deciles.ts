// Deciles across practices (the chart prescribing users know from OpenPrescribing: each month's 10th,
// 20th … 90th percentile of the measure across England) and the cost-saving estimate.
//
// Percentiles interpolate linearly between the sorted values (PostgreSQL's percentile_cont, numpy's
// default): position p × (n − 1). Practices whose denominator is zero have no value and take no part.
//
// Saving (low_is_good measures only): what the practice would have spent on the numerator had it
// prescribed at the 10th-percentile ratio, keeping its own denominator and its own cost per unit:
//   cost at p10 = numerator cost × p10 ÷ ratio;  saving = numerator cost − cost at p10 (≥ 0).
// A practice at or below the 10th percentile saves nothing.

export const DECILES = [10, 20, 30, 40, 50, 60, 70, 80, 90] as const;

/** The p-th percentile (0–100) of `values`, linearly interpolated; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return percentileOfSorted(sorted, p);
}

export function percentileOfSorted(sorted: readonly number[], p: number): number {
  const position = (p / 100) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below]!;
  return low + (sorted[above]! - low) * (position - below);
}

/** The nine deciles of `values` (10th … 90th), or null when there are no values. */
export function deciles(values: readonly number[]): number[] | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return DECILES.map((p) => percentileOfSorted(sorted, p));
}

/** Pounds saved had the practice prescribed at ratio `target` (see above); 0 when it already does. */
export function costSaving(ratio: number | null, numeratorCost: number, target: number | null): number {
  if (ratio === null || target === null || ratio <= target || numeratorCost <= 0) return 0;
  return numeratorCost * (1 - target / ratio);
}

/**
 * The practice's percentile rank (0–100) among `sorted` values (ascending): the share of practices
 * below it, ties counted half. Two binary searches, not a scan: it is called once per practice, so a
 * scan made a national month's measure quadratic (6,300² comparisons a measure a month).
 */
export function percentileRank(sorted: readonly number[], value: number): number {
  if (sorted.length <= 1) return 50;
  const below = firstIndex(sorted, (v) => v >= value);
  const equal = firstIndex(sorted, (v) => v > value) - below;
  return ((below + Math.max(0, equal - 1) / 2) / (sorted.length - 1)) * 100;
}

/** The first index whose value passes `at` (which must be false then true along `sorted`), or the length. */
function firstIndex(sorted: readonly number[], at: (v: number) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (at(sorted[mid]!)) high = mid;
    else low = mid + 1;
  }
  return low;
}
