/**
 * The headline judgment of one indicator in one period on one basis (case-mix adjusted, or the
 * crude funnel): every practice's count against what is expected for it, allowing for legitimate
 * variation between practices (τ², tau2.ts) and for chance (exact binomial or Poisson counts,
 * predictive.ts).
 *
 * Steps:
 *  1. Residuals. For a proportion, y = logit((O + ½)/(n − O + ½)) − logit(p), with chance variance
 *     v = 1/(n·p·(1 − p)); for a rate, y = log((O + ½)/(E + ½)) with v = 1/E. (The ½ keeps a count of
 *     0 finite; the variance uses the expected value, so it never depends on the count being judged.)
 *  2. The centre μ and τ² by the robust random-effects estimator (tau2.ts).
 *  3. Each practice's predictive mid-p values under X ~ Binomial(n, expit(logit p + μ + u)) or
 *     Poisson((E)·e^(μ + u)), u ~ N(0, τ²); the flag is the most extreme level whose one-sided tail
 *     (0.025 at 95%, 0.001 at 99.8%) the count is beyond, and z is the normal deviate of that tail.
 *     A practice whose approximate z (step 1 and 2) is within ±1.2 is nowhere near the 95% level
 *     (1.96) and keeps the approximate z; the exact computation is kept for the rest.
 */
import type { FunnelFlag } from '../../stats/index.ts';
import { type CountModel, predictiveMidP } from './predictive.ts';
import { expit, logit } from './special-functions.ts';
import { robustRandomEffects } from './tau2.ts';

/** One-sided tail probabilities of the two levels. */
export const TAIL_95 = 0.025;
export const TAIL_99_8 = 0.001;
/** Below this |z| (normal approximation) a practice is not computed exactly: it cannot reach 95%. */
export const EXACT_FROM_Z = 1.2;

export interface JudgmentUnit {
  readonly code: string;
  readonly observed: number;
  /** Binomial: the denominator (trials). Poisson: the exposure (only shown back). */
  readonly denominator: number;
  /** What is expected for this practice before the centre is applied: a count (n·p, or E). */
  readonly expected: number;
}

export interface UnitJudgment {
  readonly code: string;
  /** Expected count at the centre of practices like it (what the verdict compares with). */
  readonly expected: number;
  /** Signed normal deviate (positive: higher than expected). */
  readonly z: number;
  readonly flag: FunnelFlag;
  /** Whether z and the flag come from the exact predictive computation. */
  readonly exact: boolean;
}

export interface JudgmentFit {
  readonly model: CountModel;
  readonly centre: number;
  readonly tau2: number;
  readonly units: readonly UnitJudgment[];
}

function flagOf(high: number, low: number): FunnelFlag {
  if (high < TAIL_99_8) return 'high_99_8';
  if (low < TAIL_99_8) return 'low_99_8';
  if (high < TAIL_95) return 'high_95';
  if (low < TAIL_95) return 'low_95';
  return 'none';
}

interface Prepared {
  unit: JudgmentUnit;
  eta: number;
  y: number;
  v: number;
}

function prepare(model: CountModel, unit: JudgmentUnit): Prepared | null {
  const { observed: o, denominator: n, expected: e } = unit;
  if (!(Number.isFinite(o) && o >= 0 && Number.isFinite(e) && e > 0)) return null;
  if (model === 'binomial') {
    if (!(n > 0) || o > n || !(e < n)) return null;
    const p = e / n;
    const eta = logit(p);
    // The empirical log-odds log((O + ½)/(n − O + ½)) less the expected log-odds.
    return { unit, eta, y: Math.log((o + 0.5) / (n - o + 0.5)) - eta, v: 1 / (n * p * (1 - p)) };
  }
  return { unit, eta: Math.log(e), y: Math.log((o + 0.5) / (e + 0.5)), v: 1 / e };
}

/**
 * Judges every unit that can be judged (a count, a positive expected value, and for proportions an
 * expected count below the denominator); the others are left out of `units`. Null when none can be.
 */
export function judge(model: CountModel, units: readonly JudgmentUnit[]): JudgmentFit | null {
  const prepared = units.map((u) => prepare(model, u)).filter((p): p is Prepared => p !== null);
  if (prepared.length === 0) return null;
  const fit = robustRandomEffects(
    prepared.map((p) => p.y),
    prepared.map((p) => p.v),
  );
  const { centre, tau2 } = fit;
  const judged = prepared.map((p): UnitJudgment => {
    const eta = p.eta + centre;
    const expected = model === 'binomial' ? p.unit.denominator * expit(eta) : Math.exp(eta);
    const approximate = (p.y - centre) / Math.sqrt(p.v + tau2);
    if (Math.abs(approximate) < EXACT_FROM_Z) {
      return { code: p.unit.code, expected, z: approximate, flag: 'none', exact: false };
    }
    const tails = predictiveMidP({
      model,
      observed: p.unit.observed,
      trials: p.unit.denominator,
      eta,
      tau2,
    });
    return { code: p.unit.code, expected, z: tails.z, flag: flagOf(tails.high, tails.low), exact: true };
  });
  return { model, centre, tau2, units: judged };
}
