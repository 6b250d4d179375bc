/**
 * XmR limits for one rebase group, as `ptd_spc_standard` computes them: the mean of the fixed
 * values, the average moving range (with the first point having none), one round of screening of
 * large moving ranges, and the process limits at 2.66 average moving ranges.
 */

/** The reference's hard-coded constants (spec section 5); use these, not 3/d2 computed afresh. */
export const LIMIT_MULTIPLIER = 2.66;
/** Computed as the reference does, `2 * (limit / 3)`, so that the double is the same. */
export const CLOSE_MULTIPLIER = 2 * (LIMIT_MULTIPLIER / 3);
export const SCREEN_MULTIPLIER = 3.267;

export interface XmrLimits {
  /** y for the first fixAfterN rows (by position, missing rows counted), then null. */
  fixY: (number | null)[];
  mean: number | null;
  /** Average moving range after screening; null when no moving range survives. */
  amr: number | null;
  lpl: number | null;
  upl: number | null;
  /** The "close to limits" bounds, mean ∓ (2·2.66/3)·amr. */
  nlpl: number | null;
  nupl: number | null;
}

/**
 * R's `mean(x)` for doubles: the sum divided by n, then corrected by the mean residual. R sums in long
 * double; a compensated sum stands in for it. Null for no values (R gives NaN).
 */
export function rMean(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  const s = compensatedSum(values, 0) / n;
  if (!Number.isFinite(s)) return s;
  return s + compensatedSum(values, s) / n;
}

/** Σ(x − shift) with Neumaier compensation. */
function compensatedSum(values: readonly number[], shift: number): number {
  let sum = 0;
  let c = 0;
  for (const v of values) {
    const x = v - shift;
    const t = sum + x;
    c += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + c;
}

/**
 * Limits for one group's values in date order (null = missing). Missing values keep their row
 * position for fix-after-n and make the moving ranges either side of them missing, exactly as R's
 * NA arithmetic does; they never enter a mean.
 */
export function xmrLimits(
  y: readonly (number | null)[],
  fixAfterN: number,
  screenOutliers: boolean,
): XmrLimits {
  const fixY = y.map((v, i) => (i + 1 <= fixAfterN ? v : null));
  const mean = rMean(fixY.filter((v): v is number => v !== null));

  const mr: number[] = [];
  for (let i = 1; i < fixY.length; i++) {
    const a = fixY[i - 1];
    const b = fixY[i];
    if (a != null && b != null) mr.push(Math.abs(b - a));
  }
  let amr = rMean(mr);
  if (screenOutliers) {
    // Kept only if strictly below the threshold: with amr = 0 every range is dropped and the group
    // has no limits, which is what the reference does for a flat series.
    const threshold = amr === null ? null : SCREEN_MULTIPLIER * amr;
    amr = rMean(threshold === null ? [] : mr.filter((m) => m < threshold));
  }

  if (mean === null || amr === null) {
    return { fixY, mean, amr, lpl: null, upl: null, nlpl: null, nupl: null };
  }
  return {
    fixY,
    mean,
    amr,
    lpl: mean - LIMIT_MULTIPLIER * amr,
    upl: mean + LIMIT_MULTIPLIER * amr,
    nlpl: mean - CLOSE_MULTIPLIER * amr,
    nupl: mean + CLOSE_MULTIPLIER * amr,
  };
}
