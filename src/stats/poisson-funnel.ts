/**
 * PHEindicatormethods' `poisson_funnel` and its Poisson series (`poisson_cis`), ported step by step.
 *
 * Deliberately not a library CDF: the reference bisects on this normalised series, stops after 23
 * halvings (dv > 1e-7), and its answer is therefore only within ~1e-7 of the exact Poisson bound. To
 * agree with it at 1e-9 we must make the same 23 decisions, so we must use the same series.
 */

/**
 * P(a <= X <= b) for X ~ Poisson(z), from the series q_k = z^k / k! normalised by its own total.
 * Terms are summed while k <= z or the term is still above 1e-10 of the running total; all three
 * accumulators are rescaled by 1e30 whenever the total passes 1e30 so that large z cannot overflow.
 */
export function poissonSeriesProbability(z: number, a: number, b: number): number {
  let q = 1;
  let tot = 0;
  let s = 0;
  let k = 0;
  while (k <= z || q > tot * 1e-10) {
    tot += q;
    if (k >= a && k <= b) s += q;
    if (tot > 1e30) {
      s /= 1e30;
      tot /= 1e30;
      q /= 1e30;
    }
    k += 1;
    q *= z / k;
  }
  return s / tot;
}

/** Which tail `poisson_funnel` bisects on: "low" uses P(X >= obs), "high" uses P(X <= obs). */
export type PoissonFunnelSide = 'low' | 'high';

/** The `b` the reference passes for "no upper bound" in P(X >= obs). */
const SERIES_UPPER_BOUND = 1e10;

/**
 * PF(obs, p, side): the Poisson mean μ at which the tail probability of `obs` equals p, found by
 * bisection on v ∈ (0, 1) with μ = (1 + obs)·v / (1 − v).
 * side "low" (μ with P(X >= obs | μ) = p) is the lower exact bound of the mean; side "high"
 * (P(X <= obs | μ) = p) the upper one.
 */
export function poissonFunnel(obs: number, p: number, side: PoissonFunnelSide): number {
  let v = 0.5;
  let dv = 0.5;
  while (dv > 1e-7) {
    dv /= 2;
    const mu = ((1 + obs) * v) / (1 - v);
    if (side === 'low') {
      if (poissonSeriesProbability(mu, obs, SERIES_UPPER_BOUND) > p) v -= dv;
      else v += dv;
    } else if (poissonSeriesProbability(mu, 0, obs) < p) v -= dv;
    else v += dv;
  }
  return ((1 + obs) * v) / (1 - v);
}
