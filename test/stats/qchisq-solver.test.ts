/**
 * The chi-square quantile's solver (incomplete-gamma.ts): Halley steps from the DiDonato–Morris start.
 * The 60-digit references in distributions.test.ts check accuracy at the published points; these check
 * the solver across the range the funnels use and at very small df, where a poor start used to run
 * out of iterations. Reference values below were computed with mpmath at 50 digits
 * (findroot on gammainc(df/2, 0, x/2, regularized=True) − p, from the double inputs taken exactly).
 */
import { describe, it } from 'node:test';
import { pchisq, qchisq } from '../../src/stats/distributions.ts';
import { assertClose } from './close-to.ts';

describe('qchisq solves the chi-square distribution function to full precision', () => {
  it('lands within a few ulps of the root of pchisq at the funnel probabilities, x from 1.1 to 10^7', () => {
    for (let k = 0; k <= 60; k++) {
      const x = 1.1 * 1.3 ** k;
      for (const [p, df] of [
        [0.025, 2 * x],
        [0.001, 2 * x],
        [0.975, 2 * x + 2],
        [0.999, 2 * x + 2],
      ] as const) {
        const q = qchisq(p, df);
        // The smaller tail is the one solved for. One ulp of q moves log(tail) by κ ulps, with
        // κ = |d log(tail) / d log q| (large for large df), so allow 4 ulps of q plus rounding.
        const upper = p > 0.5;
        const tail = (v: number) => pchisq(v, df, !upper);
        const kappa = Math.abs(Math.log(tail(q * (1 + 1e-7)) / tail(q))) / 1e-7;
        const target = upper ? 1 - p : p;
        assertClose(tail(q), target, 1e-14 + 4 * Number.EPSILON * kappa, `qchisq(${p}, ${df})`);
      }
    }
  });

  it('finds quantiles near 0 for df far below 1 (x ≈ (p·Γ(df/2 + 1))^(2/df)), in either tail', () => {
    // Each digit of p moves x by 2/df digits here, so 1e-10 relative is what the inputs allow.
    assertClose(qchisq(0.585195943870989, 0.005035520605234522), 4.249648145461453e-93, 1e-10);
    assertClose(qchisq(0.819, 0.0015771115114520727), 1.2088648514203968e-110, 1e-10);
    assertClose(qchisq(0.1117897596963685, 0.006823128262910234), 1.3137666176142802e-279, 1e-10);
  });

  it('underflows to 0 when the quantile is below the smallest double, as R does', () => {
    // (0.5986·Γ(1.00065))^(1/0.00065) ≈ 1e-343.
    if (qchisq(0.5985578817940416, 0.0012978700427581993) !== 0) throw new Error('expected 0');
  });
});
