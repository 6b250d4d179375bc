/**
 * How surprising a practice's count is for a practice like it: the predictive tail probabilities of
 * the observed count under a random-effects model in which practices differ by their population (the
 * expected value), by legitimate between-practice variation (a normal effect u with variance τ² on
 * the logit or log scale) and by chance (binomial or Poisson):
 *
 *   binomial (proportions):  X | u ~ Binomial(n, expit(η + u)),  u ~ N(0, τ²)
 *   Poisson (rates):         X | u ~ Poisson(exp(η + u)),         u ~ N(0, τ²)
 *
 * The logit scale keeps proportions near 100% bounded (the same τ² means less room on the percentage
 * scale where achievement is near its ceiling), and exact count distributions keep small practices
 * honest where a normal approximation would flag them too often. The flag uses the mid-p value
 * (Lancaster 1961): P(X > k) + ½P(X = k), which is close to uniform under the model even for small
 * counts.
 *
 * Computation. X ≥ k ⟺ W ≤ η + u, where W = logit B with B ~ Beta(k, n − k + 1) (binomial) or
 * W = log G with G ~ Gamma(k, 1) (Poisson), independent of u. So P(X ≥ k) = P(W − u ≤ η): the
 * convolution of two continuous distributions, integrated by Gauss–Hermite quadrature over whichever
 * of u and W is the narrower, so that the function integrated is smooth on the scale of the nodes:
 * over u when τ is smaller than W's spread (small practices: chance dominates), else over W with
 * importance weights against W's normal approximation (large practices: τ² dominates).
 */
import { gammaTails, lgamma, pnorm, qnorm } from '../../stats/index.ts';
import { betaTails, digamma, expit, gaussHermite, lbeta, trigamma } from './special-functions.ts';

export type CountModel = 'binomial' | 'poisson';

const NODES = 32;
const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.9189385332046728;

/** W's distribution for the event X ≥ k (k > 0; binomial also k ≤ n). */
interface WDistribution {
  mean: number;
  sd: number;
  logDensity: (w: number) => number;
  /** P(W ≤ t) and P(W > t). */
  tails: (t: number) => { lower: number; upper: number };
}

function wOf(model: CountModel, k: number, n: number): WDistribution {
  if (model === 'binomial') {
    const a = k;
    const b = n - k + 1;
    const norm = lbeta(a, b);
    return {
      mean: digamma(a) - digamma(b),
      sd: Math.sqrt(trigamma(a) + trigamma(b)),
      logDensity: (w) =>
        a * w - (a + b) * (w > 0 ? w + Math.log1p(Math.exp(-w)) : Math.log1p(Math.exp(w))) - norm,
      tails: (t) => betaTails(a, b, expit(t)),
    };
  }
  const norm = lgamma(k);
  return {
    mean: digamma(k),
    sd: Math.sqrt(trigamma(k)),
    logDensity: (w) => k * w - Math.exp(w) - norm,
    tails: (t) => gammaTails(k, Math.exp(t)),
  };
}

/** P(W − u ≤ η) (lower) or P(W − u > η) (upper), u ~ N(0, τ²). */
function convolvedTail(w: WDistribution, eta: number, tau: number, upper: boolean): number {
  if (tau === 0) {
    const t = w.tails(eta);
    return upper ? t.upper : t.lower;
  }
  const { nodes, weights } = gaussHermite(NODES);
  let sum = 0;
  if (tau <= w.sd) {
    // Over u: P(W ≤ η + u | u), smooth in u on the scale of W's spread ≥ τ.
    for (let j = 0; j < NODES; j++) {
      const t = w.tails(eta + SQRT2 * tau * nodes[j]!);
      sum += weights[j]! * (upper ? t.upper : t.lower);
    }
    return sum;
  }
  // Over W, against its normal approximation N(m, s²), each node reweighted by the true density.
  const m = w.mean;
  const s = w.sd;
  for (let j = 0; j < NODES; j++) {
    const x = nodes[j]!;
    const value = m + SQRT2 * s * x;
    const logNormal = -x * x - Math.log(s) - LOG_SQRT_2PI;
    const ratio = Math.exp(w.logDensity(value) - logNormal);
    const g = upper ? pnorm((value - eta) / tau) : pnorm((eta - value) / tau);
    sum += weights[j]! * ratio * g;
  }
  return Math.min(1, Math.max(0, sum));
}

/** P(X ≥ k) under the mixture; k may be any real number (the continuous extension). */
export function upperTail(model: CountModel, k: number, n: number, eta: number, tau: number): number {
  if (k <= 0) return 1;
  if (model === 'binomial' && k > n) return 0;
  return convolvedTail(wOf(model, k, n), eta, tau, false);
}

/** P(X ≤ k) under the mixture: 1 − P(X ≥ k + 1), computed directly on its own tail. */
export function lowerTail(model: CountModel, k: number, n: number, eta: number, tau: number): number {
  if (k < 0) return 0;
  if (model === 'binomial' && k >= n) return 1;
  return convolvedTail(wOf(model, k + 1, n), eta, tau, true);
}

export interface PredictiveInput {
  readonly model: CountModel;
  readonly observed: number;
  /** Binomial trials (the denominator); not used for Poisson. */
  readonly trials: number;
  /** The linear predictor of the practice's expected value: logit(p) for binomial, log(mean) for Poisson. */
  readonly eta: number;
  /** The between-practice variance on that scale. */
  readonly tau2: number;
}

export interface PredictiveResult {
  /** Mid-p value of a count this low or lower: P(X < k) + ½P(X = k). */
  readonly low: number;
  /** Mid-p value of a count this high or higher: P(X > k) + ½P(X = k). */
  readonly high: number;
  /** The normal deviate of the smaller tail, signed (positive = higher than expected). */
  readonly z: number;
}

/** The mid-p predictive tail probabilities of the observed count, and the z-score they correspond to. */
export function predictiveMidP(input: PredictiveInput): PredictiveResult {
  const { model, observed: k, trials: n, eta } = input;
  const tau = Math.sqrt(Math.max(0, input.tau2));
  const high = 0.5 * (upperTail(model, k, n, eta, tau) + upperTail(model, k + 1, n, eta, tau));
  const low = 0.5 * (lowerTail(model, k, n, eta, tau) + lowerTail(model, k - 1, n, eta, tau));
  const z = high <= low ? -qnorm(Math.max(high, 1e-300)) : qnorm(Math.max(low, 1e-300));
  return { low, high, z };
}
