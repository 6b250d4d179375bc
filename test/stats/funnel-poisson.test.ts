/**
 * PHEindicatormethods' poisson_funnel (PF) and its normalised Poisson series.
 * The bisection stops after 23 halvings, so PF is only within ~1e-5 relative of the exact chi-square
 * bound at tiny means and ~1e-7 at moderate ones: it is compared loosely with qchisq here, and its
 * step structure (v a multiple of 2^-24) is checked exactly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ppois, qchisq } from '../../src/stats/distributions.ts';
import { poissonFunnel, poissonSeriesProbability } from '../../src/stats/poisson-funnel.ts';

function assertClose(actual: number, expected: number, relTol: number, what: string): void {
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(rel <= relTol, `${what}: ${actual} vs ${expected} (relative ${rel})`);
}

describe('the normalised Poisson series', () => {
  it('gives P(a <= X <= b) like a Poisson CDF, to the ~1e-9 its stopping rule allows', () => {
    // The series stops once a term is below 1e-10 of the running total, so the tail it drops (relative to the sum) is ~1e-10 to 1e-9.
    // P(X <= 2 | 3.5) = e^-3.5 (1 + 3.5 + 6.125) = 0.3208471988…
    assertClose(poissonSeriesProbability(3.5, 0, 2), Math.exp(-3.5) * (1 + 3.5 + 6.125), 1e-8, 'P(X<=2|3.5)');
    assertClose(poissonSeriesProbability(50, 60, 1e10), 1 - ppois(59, 50), 1e-8, 'P(X>=60|50)');
    assertClose(poissonSeriesProbability(0.2, 0, 0), Math.exp(-0.2), 1e-8, 'P(X=0|0.2)');
  });

  it('rescales by 1e30 so that large means do not overflow', () => {
    // The raw terms reach ~e^800, far beyond double range without rescaling.
    assertClose(poissonSeriesProbability(800, 0, 800), ppois(800, 800), 1e-9, 'P(X<=800|800)');
    assert.ok(Number.isFinite(poissonSeriesProbability(5000, 4900, 1e10)));
  });
});

describe('poisson_funnel (PF)', () => {
  it('approximates the exact Poisson bounds of the mean: "low" ≈ qchisq(p, 2·obs)/2, "high" ≈ qchisq(1 − p, 2·obs + 2)/2', () => {
    for (const obs of [1, 2, 5, 10, 20, 100, 1000]) {
      for (const p of [0.025, 0.001]) {
        assertClose(poissonFunnel(obs, p, 'low'), qchisq(p, 2 * obs) / 2, 1e-4, `PF(${obs}, ${p}, low)`);
        assertClose(
          poissonFunnel(obs, p, 'high'),
          qchisq(1 - p, 2 * obs + 2) / 2,
          1e-5,
          `PF(${obs}, ${p}, high)`,
        );
      }
    }
  });

  it('returns μ = (1 + obs)·v/(1 − v) with v an odd multiple of 2^-24 (23 halvings from 0.5)', () => {
    for (const obs of [1, 7, 30, 250]) {
      for (const side of ['low', 'high'] as const) {
        const mu = poissonFunnel(obs, 0.025, side);
        const v = mu / (1 + obs + mu);
        const k = v * 2 ** 24;
        assert.ok(Math.abs(k - Math.round(k)) < 1e-6, `v·2^24 = ${k}`);
        assert.equal(Math.round(k) % 2, 1);
      }
    }
  });

  it('never exceeds the bisection range: the 0-event upper bound is 1·v/(1 − v) with v < 1', () => {
    const mu = poissonFunnel(0, 0.025, 'high');
    assertClose(mu, -Math.log(0.025), 1e-5, 'PF(0, 0.025, high) ≈ −ln 0.025');
  });
});
