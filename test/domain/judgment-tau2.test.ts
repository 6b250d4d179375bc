// The headline judgment's between-practice variance τ² (src/domain/judgment/tau2.ts): consistent when
// the random-effects model holds, robust when a few practices are far out, zero when practices vary
// less than chance. Compared with DerSimonian & Laird's moment estimator, which is consistent but not
// robust, and with FunnelPlotR's 10% trimming, which is robust but biased low.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cappedSquareExpectation,
  derSimonianLaird,
  robustRandomEffects,
  SCALE_TUNING,
} from '../../src/domain/judgment/tau2.ts';
import { gaussian, seededRandom } from '../simulation/random.ts';

/** n practices with chance variances from 0.002 to 0.05 and effects N(centre, τ²). */
function residuals(n: number, tau2: number, seed: number, centre = 0) {
  const random = seededRandom(seed);
  const v = Array.from({ length: n }, () => 0.002 + 0.048 * random() ** 2);
  const y = v.map((vi) => centre + Math.sqrt(vi + tau2) * gaussian(random));
  return { y, v };
}

describe('the robust random-effects estimator', () => {
  it('uses the cap Φ⁻¹(0.9) = 1.2816, under which E[min(Z², c²)] = 0.6787', () => {
    assert.ok(Math.abs(SCALE_TUNING - 1.2815515655446004) < 1e-12);
    assert.ok(Math.abs(cappedSquareExpectation(SCALE_TUNING) - 0.67866) < 5e-5);
    // By simulation too.
    const random = seededRandom(3);
    let sum = 0;
    for (let i = 0; i < 200_000; i++) sum += Math.min(gaussian(random) ** 2, SCALE_TUNING ** 2);
    assert.ok(Math.abs(sum / 200_000 - cappedSquareExpectation(SCALE_TUNING)) < 0.005);
  });

  it('recovers τ² and the centre when the model holds (as DerSimonian–Laird does)', () => {
    for (const [tau2, seed] of [
      [0.01, 1],
      [0.04, 2],
      [0.15, 3],
    ] as const) {
      const { y, v } = residuals(6000, tau2, seed, 0.05);
      const fit = robustRandomEffects(y, v);
      assert.ok(Math.abs(fit.tau2 / tau2 - 1) < 0.12, `τ² ${fit.tau2} for ${tau2}`);
      assert.ok(Math.abs(fit.centre - 0.05) < 0.01, `centre ${fit.centre}`);
      assert.ok(Math.abs(derSimonianLaird(y, v) / tau2 - 1) < 0.12);
    }
  });

  it('moves little when 3% of practices are far out, where DerSimonian–Laird doubles', () => {
    const { y, v } = residuals(6000, 0.02, 4);
    const contaminated = y.map((yi, i) => (i % 33 === 0 ? yi + (i % 2 === 0 ? 1.5 : -1.5) : yi));
    const robust = robustRandomEffects(contaminated, v).tau2;
    const moments = derSimonianLaird(contaminated, v);
    assert.ok(robust / 0.02 < 1.25, `robust ${robust}`);
    assert.ok(moments / 0.02 > 2, `DerSimonian–Laird ${moments}`);
  });

  it('is 0 when the practices vary less than chance', () => {
    const random = seededRandom(5);
    const v = Array.from({ length: 3000 }, () => 0.01 + 0.02 * random());
    const y = v.map((vi) => Math.sqrt(0.7 * vi) * gaussian(random));
    assert.equal(robustRandomEffects(y, v).tau2, 0);
  });

  it('is what FunnelPlotR under-estimates: trimming 10% in each tail and not allowing for it', () => {
    // FunnelPlotR's winsorised φ on normal data: the mean of squares clamped at the 10th and 90th
    // percentiles is 0.68, not 1 — the bias that makes its τ² (and its limits) too small.
    const random = seededRandom(6);
    const z = Array.from({ length: 100_000 }, () => gaussian(random)).sort((a, b) => a - b);
    const lo = z[10_000]!;
    const hi = z[90_000]!;
    const winsorised = z.reduce((s, x) => s + Math.min(Math.max(x, lo), hi) ** 2, 0) / z.length;
    assert.ok(Math.abs(winsorised - cappedSquareExpectation(SCALE_TUNING)) < 0.01, `${winsorised}`);
  });

  it('leaves out residuals that are not finite or have no variance', () => {
    const fit = robustRandomEffects([0.1, Number.NaN, -0.1, 0.05], [0.01, 0.01, 0, 0.02]);
    assert.equal(fit.n, 2);
  });
});
