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
 * R's `mean(x)` for doubles (summary.c): s = Σx / n, then s += Σ(x − s) / n, all in long double
 * (64-bit significand on x86-64), rounded to a double once at the end. That is the exact mean,
 * correctly rounded, unless it lies within about 2^-64 (relative) of a halfway point between two
 * doubles, or the data cancel massively (values some 2^50 apart in size that largely cancel, where R's
 * own long double loses digits: R gives 0.3336588541666667 for mean(c(1e16, 1, -1e16)), this 1/3). Doubles cannot hold the intermediate s, so the same steps run here in
 * double-double arithmetic (about 106 bits): s as hi + lo, and both sums as exact two-sums with a
 * compensated low part. A plain double s = Σx/n followed by the correction lands one ulp off in about
 * 2% of decimal data: mean(c(75.9, 35.6, 89, 15.2)) is 53.925000000000004, not 53.925.
 * Null for no values (R gives NaN).
 */
export function rMean(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  const sum = new WideSum();
  for (let i = 0; i < n; i++) sum.add(values[i]!);
  const total = sum.hi + sum.low();
  if (!Number.isFinite(total)) return finiteMeanOrSum(values, sum.hi);
  // s = total/n to double-double precision: q1 = hi/n, then the remainder hi − q1·n taken exactly.
  const q1 = sum.hi / n;
  const p = q1 * n;
  const q2 = (sum.hi - p - productError(q1, n, p) + sum.low()) / n;
  const sHi = q1 + q2;
  const sLo = q2 - (sHi - q1);
  // R's correction pass, t = Σ(x − s): x − sHi is split exactly into its rounded value and error.
  const t = new WideSum();
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    const d = x - sHi;
    const bv = d - x;
    t.add(d);
    t.add(x - (d - bv) + (-sHi - bv));
  }
  t.add(-n * sLo);
  // s += t/n, rounded to a double once.
  return sHi + (sLo + (t.hi + t.low()) / n);
}

/**
 * A running sum held as hi + lo + c: each addition's rounding error (Knuth's two-sum, exact) goes
 * into lo, which is itself summed with Neumaier's compensation c, so cancellation in hi loses nothing.
 */
class WideSum {
  hi = 0;
  private lo = 0;
  private c = 0;

  add(x: number): void {
    const s = this.hi + x;
    const bp = s - this.hi;
    const e = this.hi - (s - bp) + (x - bp);
    this.hi = s;
    const t = this.lo + e;
    this.c += Math.abs(this.lo) >= Math.abs(e) ? this.lo - t + e : e - t + this.lo;
    this.lo = t;
  }

  low(): number {
    return this.lo + this.c;
  }
}

/**
 * The rounding error of product = fl(a·b), exactly (Dekker's two-product with Veltkamp's splitting;
 * JavaScript has no fused multiply-add).
 */
function productError(a: number, b: number, product: number): number {
  const ca = 134217729 * a; // 2^27 + 1
  const aHi = ca - (ca - a);
  const aLo = a - aHi;
  const cb = 134217729 * b;
  const bHi = cb - (cb - b);
  const bLo = b - bHi;
  return aHi * bHi - product + aHi * bLo + aLo * bHi + aLo * bLo;
}

/**
 * The sum overflowed or met an infinity or NaN. R then averages x/n instead (in case only the sum
 * overflowed) and skips the correction unless that is finite; an infinite or NaN input comes through.
 */
function finiteMeanOrSum(values: readonly number[], plainSum: number): number {
  if (Number.isNaN(plainSum) || values.some((v) => !Number.isFinite(v))) return plainSum;
  const n = values.length;
  let sum = 0;
  let c = 0;
  for (const v of values) {
    const x = v / n;
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
