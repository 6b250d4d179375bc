/**
 * The between-practice variance τ² of the headline judgment, and the centre it is measured from.
 *
 * Each practice gives a residual y_i (its log or logit ratio to what is expected for its population)
 * with within-practice (chance) variance v_i. Practices like it are modelled as y_i ~ N(μ, v_i + τ²),
 * so z_i = (y_i − μ)/√(v_i + τ²) should have unit spread when τ² is right.
 *
 * Why not FunnelPlotR's estimate: it trims (or winsorises) 10% of the z-scores in each tail and then
 * treats the mean of the squares as if nothing had been cut. For normal data the 10%-winsorised mean
 * square is 0.68 and the 10%-truncated one 0.44, not 1, so φ and τ² come out far too small and the
 * limits too narrow: large practices, where τ² dominates, are flagged many times more often than the
 * nominal rate.
 *
 * Fairview's estimator keeps the robustness (planted or erroneous outliers must not widen everyone's
 * limits) and removes the bias: Huber's "Proposal 2" M-estimator of scale (Huber 1964; Huber & Ronchetti
 * 2009, §6.4) applied to the random-effects z-scores. τ² solves
 *
 *     (1/n) Σ min(z_i², c²) = E[min(Z², c²)],   Z ~ N(0, 1),   c = Φ⁻¹(0.9) = 1.2816
 *
 * (the right-hand side is 0.6787): each z² is capped at the value 20% of normal z-scores exceed, and
 * the cap's effect on the mean is allowed for exactly, so the estimate is consistent when the model
 * holds and moves little when a few practices are far out. The left side falls as τ² grows, so the
 * root is found by bisection; when even τ² = 0 leaves the practices less spread than chance, τ² = 0.
 * The centre μ is Huber's M-estimate of location (tuning 1.345) with weights 1/(v_i + τ²), updated in
 * turn with τ² until both settle. DerSimonian & Laird's (1986) moment estimator is also given, for
 * comparison in tests and docs: it is unbiased but not robust (one wild practice widens every limit).
 */
import { pnorm, qnorm } from '../../stats/index.ts';
import { dnorm } from './special-functions.ts';

/** The cap on |z|: the 90th percentile of the standard normal (10% of z-scores in each tail beyond it). */
export const SCALE_TUNING = qnorm(0.9);
/** Huber's usual location tuning constant (95% efficiency at the normal). */
export const LOCATION_TUNING = 1.345;

/** E[min(Z², c²)] for Z ~ N(0, 1). */
export function cappedSquareExpectation(c: number): number {
  const tail = 1 - pnorm(c);
  return 1 - 2 * tail - 2 * c * dnorm(c) + 2 * c * c * tail;
}

export interface RandomEffectsFit {
  /** The centre μ of the practices' residuals. */
  readonly centre: number;
  readonly tau2: number;
  /** Residuals used (finite y with v > 0). */
  readonly n: number;
}

function meanCappedSquare(y: readonly number[], v: readonly number[], centre: number, tau2: number): number {
  const c2 = SCALE_TUNING * SCALE_TUNING;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const z2 = (y[i]! - centre) ** 2 / (v[i]! + tau2);
    sum += Math.min(z2, c2);
  }
  return sum / y.length;
}

function solveTau2(y: readonly number[], v: readonly number[], centre: number): number {
  const target = cappedSquareExpectation(SCALE_TUNING);
  if (meanCappedSquare(y, v, centre, 0) <= target) return 0;
  let lo = 0;
  let hi = 1e-4;
  while (meanCappedSquare(y, v, centre, hi) > target) {
    lo = hi;
    hi *= 4;
    if (hi > 1e6) return hi;
  }
  for (let iteration = 0; iteration < 100 && hi - lo > 1e-12 * hi; iteration++) {
    const mid = 0.5 * (lo + hi);
    if (meanCappedSquare(y, v, centre, mid) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

function huberCentre(y: readonly number[], v: readonly number[], tau2: number, start: number): number {
  let centre = start;
  for (let iteration = 0; iteration < 50; iteration++) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < y.length; i++) {
      const w = 1 / (v[i]! + tau2);
      const z = (y[i]! - centre) * Math.sqrt(w);
      const h = Math.abs(z) <= LOCATION_TUNING ? 1 : LOCATION_TUNING / Math.abs(z);
      num += h * w * y[i]!;
      den += h * w;
    }
    const next = num / den;
    const settled = Math.abs(next - centre) < 1e-12 * (1 + Math.abs(centre));
    centre = next;
    if (settled) break;
  }
  return centre;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[m]! : 0.5 * (sorted[m - 1]! + sorted[m]!);
}

/**
 * The robust random-effects fit of residuals `y` with chance variances `v` (same length; entries that
 * are not finite or have v ≤ 0 are left out). `centre` fixes μ instead of estimating it.
 */
export function robustRandomEffects(
  y: readonly number[],
  v: readonly number[],
  options: { centre?: number } = {},
): RandomEffectsFit {
  const ys: number[] = [];
  const vs: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (Number.isFinite(y[i]) && Number.isFinite(v[i]) && v[i]! > 0) {
      ys.push(y[i]!);
      vs.push(v[i]!);
    }
  }
  if (ys.length === 0) return { centre: options.centre ?? 0, tau2: 0, n: 0 };
  if (options.centre !== undefined) {
    return { centre: options.centre, tau2: solveTau2(ys, vs, options.centre), n: ys.length };
  }
  let centre = median(ys);
  let tau2 = solveTau2(ys, vs, centre);
  for (let round = 0; round < 20; round++) {
    const nextCentre = huberCentre(ys, vs, tau2, centre);
    const nextTau2 = solveTau2(ys, vs, nextCentre);
    const settled =
      Math.abs(nextCentre - centre) < 1e-10 && Math.abs(nextTau2 - tau2) <= 1e-10 * Math.max(tau2, 1e-12);
    centre = nextCentre;
    tau2 = nextTau2;
    if (settled) break;
  }
  return { centre, tau2, n: ys.length };
}

/** DerSimonian & Laird's (1986) method-of-moments τ² (not robust; for comparison). */
export function derSimonianLaird(y: readonly number[], v: readonly number[]): number {
  let sw = 0;
  let swy = 0;
  let sw2 = 0;
  let k = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(Number.isFinite(y[i]) && v[i]! > 0)) continue;
    const w = 1 / v[i]!;
    sw += w;
    sw2 += w * w;
    swy += w * y[i]!;
    k++;
  }
  if (k < 2) return 0;
  const mean = swy / sw;
  let q = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(Number.isFinite(y[i]) && v[i]! > 0)) continue;
    q += (y[i]! - mean) ** 2 / v[i]!;
  }
  return Math.max(0, (q - (k - 1)) / (sw - sw2 / sw));
}
