/**
 * The PHE (Fingertips) funnel row by row, for `fairview stats funnel --method wilson|poisson`: each
 * unit's value, the target, a z-score, the limits at the unit's own denominator, and the flag.
 *
 * The flag is exactly `assign_funnel_significance`. The z-score and limits are Fairview's, chosen so
 * that they agree with that flag:
 * - Proportions (Wilson): z = (p − av)/√(av(1 − av)/N), the score statistic. The reference's limits
 *   are the p whose Wilson interval has a bound at av, which is exactly |z| = qnorm(0.975) or
 *   qnorm(0.999). Limits are `sigma_adjustment` × multiplier, clamped to [0, 1 × multiplier]
 *   (Fairview's cap; the reference caps at 100).
 * - Ratios and rates (Poisson): the test compares the unit's own count interval (exact below 10
 *   events, Byar from 10) with μ₀ = the expected count (ratio: E × 1; rate: D × weighted average).
 *   z is that test on the normal scale: for 10+ events the Byar bound solved for z
 *   (3√O(1 − 1/(9O) − (μ₀/O)^⅓) when high, the mirror image with O + 1 when low); below 10 events the
 *   probit of the exact Poisson tail, −qnorm(P(X ≥ O | μ₀)) or qnorm(P(X ≤ O | μ₀)). So
 *   z > qnorm(0.975) exactly when the unit is "High (0.025)", and so on.
 *   The limits at the unit's denominator are the counts O* at which the test's bound crosses μ₀
 *   (the count bounds taken as continuous in O), divided by the denominator: the value at which the
 *   flag would change. A lower limit is 0 where no count could be low.
 * - dsr rates below 10 events: flag "not_applicable", z and limits empty.
 */
import { pchisq, ppois, qnorm } from './distributions.ts';
import { StatsInputError } from './errors.ts';
import {
  derivedDenominator,
  type PheFunnelOptions,
  type PheFunnelRow,
  pheAverage,
  requireUsableRow,
  rowIsUsable,
  sigmaAdjustment,
  validatePheRows,
} from './funnel-phe-common.ts';
import { assignFunnelSignificance, type PheSignificance, pheCountBound } from './funnel-phe-significance.ts';
import type { FunnelFlag, FunnelLimits } from './funnel-types.ts';
import { exactLower, exactUpper } from './poisson-limits.ts';

export type PheFunnelFlag = FunnelFlag | 'not_applicable';

export interface PheFunnelRowsOptions extends PheFunnelOptions {
  /** Scale of values, targets and limits. Proportions and ratios: default 1. Rates: the rate's multiplier (required). */
  multiplier?: number;
  /**
   * Compare against this value instead of the pooled average (proportions, rates) or 1 (ratios),
   * e.g. a national value. On the same scale as `value` (already × multiplier). Default: the reference's.
   */
  target?: number;
}

export interface PheFunnelRowResult {
  /** Proportion or ratio × multiplier; for rates the rate as given. Null for a row with missing values. */
  value: number | null;
  target: number | null;
  z: number | null;
  limits: FunnelLimits;
  flag: PheFunnelFlag | null;
  /** The reference's own label. */
  significance: PheSignificance | null;
}

export interface PheFunnelRowsResult {
  rows: PheFunnelRowResult[];
  summary: {
    /** On the value scale (× multiplier). */
    target: number;
    /** Rows that took part (had the values they need). */
    n: number;
  };
}

const FLAG_OF: Record<PheSignificance, PheFunnelFlag> = {
  'High (0.001)': 'high_99_8',
  'High (0.025)': 'high_95',
  'Low (0.001)': 'low_99_8',
  'Low (0.025)': 'low_95',
  'Not significant': 'none',
  'Not applicable for events less than 10 for dsrs': 'not_applicable',
};

const NO_LIMITS: FunnelLimits = { lower95: null, upper95: null, lower99_8: null, upper99_8: null };

export function pheFunnelRows(
  rows: readonly PheFunnelRow[],
  options: PheFunnelRowsOptions,
): PheFunnelRowsResult {
  const multiplier = options.multiplier ?? (options.statistic === 'rate' ? Number.NaN : 1);
  if (!(multiplier > 0))
    throw new StatsInputError('multiplier must be greater than zero', null, 'multiplier');
  if (options.target !== undefined && !(Number.isFinite(options.target) && options.target >= 0)) {
    throw new StatsInputError('target must be a number >= 0', null, 'target');
  }
  const opts: PheFunnelOptions = { ...options, multiplier };
  validatePheRows(rows, opts);
  requireUsableRow(rows, opts);

  // The reference value on the unmultiplied scale: average proportion, 1, or the rates' weighted average.
  const usable = rows.map((r) => rowIsUsable(r, opts));
  const n = usable.filter(Boolean).length;
  const reference = referenceValue(rows, usable, opts);
  const target = options.target === undefined ? reference : options.target / multiplier;

  // With the reference's own target the labels are assign_funnel_significance's verbatim.
  const labels =
    options.target === undefined
      ? assignFunnelSignificance(rows, opts).significance
      : rows.map((r, i) => (usable[i] ? significanceAgainst(r, opts, target) : null));

  const out = rows.map((r, i): PheFunnelRowResult => {
    const significance = labels[i] ?? null;
    if (!usable[i]) {
      return {
        value: null,
        target: target * multiplier,
        z: null,
        limits: NO_LIMITS,
        flag: null,
        significance,
      };
    }
    const flag = significance === null ? null : FLAG_OF[significance];
    const x = r.numerator!;
    if (opts.statistic === 'proportion') {
      const d = r.denominator!;
      return {
        value: (x / d) * multiplier,
        target: target * multiplier,
        z: scoreZ(x / d, d, target),
        limits: proportionLimits(d, target, multiplier),
        flag,
        significance,
      };
    }
    const value = opts.statistic === 'ratio' ? (x / r.denominator!) * multiplier : (r.rate ?? 0);
    const d = derivedDenominator(r, opts, 'significance');
    if (flag === 'not_applicable' || d === null) {
      return { value, target: target * multiplier, z: null, limits: NO_LIMITS, flag, significance };
    }
    const mu0 = d * target;
    return {
      value,
      target: target * multiplier,
      z: poissonZ(x, mu0),
      limits: poissonLimits(mu0, d, multiplier),
      flag,
      significance,
    };
  });
  return { rows: out, summary: { target: target * multiplier, n } };
}

function referenceValue(rows: readonly PheFunnelRow[], usable: boolean[], opts: PheFunnelOptions): number {
  if (opts.statistic === 'ratio') return 1;
  const used = rows.filter((_, i) => usable[i]);
  if (opts.statistic === 'proportion') {
    return pheAverage(
      used.map((r) => r.numerator!),
      used.map((r) => r.denominator!),
    );
  }
  return pheAverage(
    used.map((r) => r.numerator!),
    used.map((r) => derivedDenominator(r, opts, 'significance')),
  );
}

/** The reference's tests, in its order, against a target of our choosing. */
function significanceAgainst(row: PheFunnelRow, opts: PheFunnelOptions, target: number): PheSignificance {
  const x = row.numerator!;
  if (opts.statistic === 'proportion') {
    const d = row.denominator!;
    const p = x / d;
    if (p < sigmaAdjustment(0.999, d, target, 'low', 1)) return 'Low (0.001)';
    if (p < sigmaAdjustment(0.975, d, target, 'low', 1)) return 'Low (0.025)';
    if (p > sigmaAdjustment(0.999, d, target, 'high', 1)) return 'High (0.001)';
    if (p > sigmaAdjustment(0.975, d, target, 'high', 1)) return 'High (0.025)';
    return 'Not significant';
  }
  if (opts.statistic === 'rate' && opts.rateType === 'dsr' && x < 10) {
    return 'Not applicable for events less than 10 for dsrs';
  }
  const e = derivedDenominator(row, opts, 'significance');
  if (e === null) return 'Not significant';
  if (target < pheCountBound(x, 0.998, 'low') / e) return 'High (0.001)';
  if (target < pheCountBound(x, 0.95, 'low') / e) return 'High (0.025)';
  if (target > pheCountBound(x, 0.998, 'high') / e) return 'Low (0.001)';
  if (target > pheCountBound(x, 0.95, 'high') / e) return 'Low (0.025)';
  return 'Not significant';
}

/** Score (Wilson) statistic; 0 when the target leaves no variance (a target of 0 or 1 met exactly). */
function scoreZ(p: number, n: number, target: number): number {
  const variance = (target * (1 - target)) / n;
  if (variance === 0)
    return p === target ? 0 : p > target ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return (p - target) / Math.sqrt(variance);
}

function proportionLimits(n: number, target: number, multiplier: number): FunnelLimits {
  return {
    lower95: Math.max(0, sigmaAdjustment(0.975, n, target, 'low', multiplier)),
    upper95: Math.min(multiplier, sigmaAdjustment(0.975, n, target, 'high', multiplier)),
    lower99_8: Math.max(0, sigmaAdjustment(0.999, n, target, 'low', multiplier)),
    upper99_8: Math.min(multiplier, sigmaAdjustment(0.999, n, target, 'high', multiplier)),
  };
}

/** P(X >= o | μ) without the cancellation of 1 − P(X <= o − 1) when it is tiny. */
function poissonUpperTail(o: number, mu: number): number {
  if (o <= 0) return 1;
  if (mu >= o) return 1 - ppois(o - 1, mu);
  // Terms fall from k = o on (μ/k < 1), so the series converges quickly.
  let term = Math.exp(-mu);
  for (let k = 1; k <= o; k++) term *= mu / k;
  let sum = 0;
  for (let k = o; term > 0 && term > sum * 1e-17; k++) {
    sum += term;
    term *= mu / (k + 1);
  }
  return sum;
}

/** The signed normal deviate of the reference's Poisson test (see the file comment). */
export function poissonZ(o: number, mu0: number): number {
  let zHigh: number;
  let zLow: number;
  if (o < 10) {
    zHigh = -qnorm(poissonUpperTail(o, mu0));
    zLow = -qnorm(ppois(o, mu0));
  } else {
    zHigh = 3 * Math.sqrt(o) * (1 - 1 / (9 * o) - Math.cbrt(mu0 / o));
    const o1 = o + 1;
    zLow = 3 * Math.sqrt(o1) * (Math.cbrt(mu0 / o1) - 1 + 1 / (9 * o1));
  }
  if (zHigh > 0) return zHigh;
  if (zLow > 0) return -zLow;
  return 0;
}

/**
 * The count O* (continuous) where the test's bound crosses μ₀: for "low" bounds (the high test) the
 * least O with L(O) > μ₀, for "high" bounds (the low test) the greatest O with U(O) < μ₀, or 0 if none.
 * The bounds rise with O; below 10 they are exact (chi-square with non-integer df), from 10 Byar, with
 * a tiny jump at 10 (if μ₀ falls in it, O* = 10). Each branch is smooth, so regula falsi converges fast.
 * For a whole count O this gives value > upper limit exactly when the unit is flagged high (and
 * likewise low), up to rounding at the boundary itself.
 */
export function countThreshold(mu0: number, level: number, side: 'low' | 'high'): number {
  const [atZero, atTen] = exactEnds(level, side);
  if (atZero >= mu0) return 0;
  const byar = (o: number) => pheCountBound(o, level, side) - mu0;
  // Whole counts from 10 up are judged by Byar, below 10 exactly; the two disagree slightly at 10, so
  // Byar at 10 decides which side of 10 the crossing is on, keeping the limits in step with the flags.
  if (byar(10) > 0) {
    if (atTen <= mu0) return 10;
    // Solved in probability space (exact bound > μ₀ ⇔ its chi-square tail at 2μ₀ passes (1 − level)/2),
    // which costs one incomplete gamma per step instead of a quantile.
    const alpha = (1 - level) / 2;
    const f =
      side === 'low'
        ? (o: number) => alpha - pchisq(2 * mu0, 2 * o)
        : (o: number) => pchisq(2 * mu0, 2 * o + 2, false) - alpha;
    return solveIncreasing(f, 0, 10);
  }
  let hi = Math.max(20, 2 * mu0 + 20);
  while (byar(hi) <= 0) hi *= 2;
  return solveIncreasing(byar, 10, hi);
}

const EXACT_ENDS = new Map<string, [number, number]>();

/** The exact bound at 0 and 10 events, remembered per level and side (every row asks for them). */
function exactEnds(level: number, side: 'low' | 'high'): [number, number] {
  const key = `${level}:${side}`;
  let ends = EXACT_ENDS.get(key);
  if (ends === undefined) {
    ends = side === 'low' ? [0, exactLower(10, level)] : [exactUpper(0, level), exactUpper(10, level)];
    EXACT_ENDS.set(key, ends);
  }
  return ends;
}

/**
 * Root of an increasing f on [a, b] with f(a) <= 0 < f(b): regula falsi with the Illinois
 * modification, to ~1e-13 relative.
 */
function solveIncreasing(f: (x: number) => number, a: number, b: number): number {
  let fa = f(a);
  let fb = f(b);
  let side = 0;
  let c = a;
  for (let i = 0; i < 200; i++) {
    const previous = c;
    c = (a * fb - b * fa) / (fb - fa);
    const fc = f(c);
    if (fc === 0 || (i > 0 && Math.abs(c - previous) <= 1e-14 * Math.max(1, c))) return c;
    if (fc > 0) {
      b = c;
      fb = fc;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb /= 2;
      side = 1;
    }
  }
  return c;
}

function poissonLimits(mu0: number, denominator: number, multiplier: number): FunnelLimits {
  const limit = (level: number, side: 'low' | 'high') =>
    (countThreshold(mu0, level, side) / denominator) * multiplier;
  return {
    lower95: limit(0.95, 'high'),
    upper95: limit(0.95, 'low'),
    lower99_8: limit(0.998, 'high'),
    upper99_8: limit(0.998, 'low'),
  };
}
