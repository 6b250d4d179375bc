/**
 * The probability distributions every method leans on, in R's names.
 *
 * These wrap the @stdlib ports of R's and Boost's algorithms rather than hand-written series: the
 * reference methods compare at 1e-9 after several steps, so the quantiles must be good to ~1e-14
 * relative even in the far tails (see test/stats/distributions.test.ts for the published values).
 */
import chisqQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Standard normal quantile, R's `qnorm(p)`. */
export function qnorm(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** Standard normal lower-tail probability, R's `pnorm(q)`. */
export function pnorm(q: number): number {
  return normalCdf(q, 0, 1);
}

/**
 * Chi-square quantile, R's `qchisq(p, df)`. R returns 0 for df = 0 (a point mass at zero), which the
 * exact Poisson limits rely on for zero events; @stdlib agrees, but the guard keeps the contract explicit.
 */
export function qchisq(p: number, df: number): number {
  if (df === 0) return 0;
  return chisqQuantile(p, df);
}

/** Student t quantile, R's `qt(p, df)`; NaN for df <= 0 as in R. */
export function qt(p: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  return tQuantile(p, df);
}

/** Poisson lower-tail probability P(X <= x), R's `ppois(x, lambda)`. */
export function ppois(x: number, lambda: number): number {
  return poissonCdf(x, lambda);
}

/** Two-sided normal quantile for a confidence level: qnorm(conf + (1 - conf) / 2). */
export function twoSidedZ(confidence: number): number {
  return qnorm(confidence + (1 - confidence) / 2);
}
