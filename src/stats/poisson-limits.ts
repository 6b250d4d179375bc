/**
 * Confidence limits for a Poisson count O, as PHEindicatormethods computes them (spec §3.2, §3.5):
 * exact (chi-square) limits below 10 events, Byar's approximation from 10 up. Each helper returns the
 * limit for the count itself; callers divide by the denominator or expected count and multiply.
 */
import { qchisq } from './distributions.ts';

/** Byar's lower limit, R's `byars_lower`: O·(1 − 1/(9O) − z/(3√O))³. NaN at O = 0, as in R. */
export function byarLower(o: number, z: number): number {
  return o * (1 - 1 / (9 * o) - z / (3 * Math.sqrt(o))) ** 3;
}

/** Byar's upper limit, R's `byars_upper`: (O+1)·(1 − 1/(9(O+1)) + z/(3√(O+1)))³. */
export function byarUpper(o: number, z: number): number {
  return (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * Math.sqrt(o + 1))) ** 3;
}

/** Exact lower limit: qchisq((1 − conf)/2, 2O)/2; 0 for O = 0 (qchisq with df 0 is 0). */
export function exactLower(o: number, confidence: number): number {
  return qchisq((1 - confidence) / 2, 2 * o) / 2;
}

/** Exact upper limit: qchisq(conf + (1 − conf)/2, 2O + 2)/2. */
export function exactUpper(o: number, confidence: number): number {
  return qchisq(confidence + (1 - confidence) / 2, 2 * o + 2) / 2;
}

/** The method PHEindicatormethods names for a count: "Exact" below 10 events, else "Byars". */
export type PoissonMethod = 'Exact' | 'Byars';

export function poissonMethod(o: number): PoissonMethod {
  return o < 10 ? 'Exact' : 'Byars';
}

/**
 * Both limits for count O at one level, by the method for O. z must be qnorm(conf + (1 − conf)/2);
 * it is passed in so callers compute it once per level.
 */
export function poissonLimits(o: number, confidence: number, z: number): { lower: number; upper: number } {
  if (o < 10) return { lower: exactLower(o, confidence), upper: exactUpper(o, confidence) };
  return { lower: byarLower(o, z), upper: byarUpper(o, z) };
}
