// The headline judgment's predictive tails (src/domain/judgment/predictive.ts): P(X ≥ k) and P(X ≤ k)
// under binomial or Poisson counts with a normal practice effect on the logit or log scale, checked
// against brute-force integration over the effect (200,001-point trapezium rule), against the exact
// binomial and Poisson tails when τ² = 0, and by simulation: mid-p flags are close to nominal even for
// a practice expecting 8 events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lowerTail, predictiveMidP, upperTail } from '../../src/domain/judgment/predictive.ts';
import { betaTails, expit, logit } from '../../src/domain/judgment/special-functions.ts';
import { gammaTails, ppois } from '../../src/stats/index.ts';
import { binomial, gaussian, seededRandom } from '../simulation/random.ts';

type Model = 'binomial' | 'poisson';

/** P(X ≥ k) by the trapezium rule over u ∈ [−10τ, 10τ]. */
function bruteUpper(model: Model, k: number, n: number, eta: number, tau: number): number {
  const steps = 200_000;
  let sum = 0;
  let weights = 0;
  for (let i = 0; i <= steps; i++) {
    const z = -10 + (20 * i) / steps;
    const w = Math.exp(-z * z * 0.5) * (i === 0 || i === steps ? 0.5 : 1);
    const t = eta + z * tau;
    sum +=
      w * (model === 'binomial' ? betaTails(k, n - k + 1, expit(t)).lower : gammaTails(k, Math.exp(t)).lower);
    weights += w;
  }
  return sum / weights;
}

const close = (actual: number, expected: number, relative: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${what}: ${actual} vs ${expected}`,
  );

describe('predictive tails', () => {
  const cases: { title: string; model: Model; k: number; n: number; eta: number; tau: number }[] = [
    {
      title: 'small practice, rare register, low tail',
      model: 'binomial',
      k: 3,
      n: 1000,
      eta: logit(0.01),
      tau: 0.15,
    },
    {
      title: 'small practice, rare register, high tail',
      model: 'binomial',
      k: 25,
      n: 1000,
      eta: logit(0.01),
      tau: 0.15,
    },
    {
      title: 'large practice: the practice effect dominates',
      model: 'binomial',
      k: 200,
      n: 10_000,
      eta: logit(0.01),
      tau: 0.2,
    },
    {
      title: 'a common register at a large practice',
      model: 'binomial',
      k: 2400,
      n: 30_000,
      eta: logit(0.1),
      tau: 0.15,
    },
    { title: 'achievement near 100%', model: 'binomial', k: 360, n: 400, eta: logit(0.97), tau: 0.3 },
    { title: 'Poisson, 10 expected', model: 'poisson', k: 30, n: 0, eta: Math.log(10), tau: 0.15 },
    { title: 'Poisson, 400 expected', model: 'poisson', k: 700, n: 0, eta: Math.log(400), tau: 0.2 },
  ];
  for (const c of cases) {
    it(`P(X ≥ k) matches brute-force integration: ${c.title}`, () => {
      close(
        upperTail(c.model, c.k, c.n, c.eta, c.tau),
        bruteUpper(c.model, c.k, c.n, c.eta, c.tau),
        1e-8,
        c.title,
      );
    });
  }

  it('P(X ≤ k) is 1 − P(X ≥ k + 1), computed on its own tail', () => {
    for (const c of cases) {
      const lower = lowerTail(c.model, c.k, c.n, c.eta, c.tau);
      close(lower, 1 - upperTail(c.model, c.k + 1, c.n, c.eta, c.tau), 1e-9, c.title);
    }
  });

  it('with τ² = 0 is the exact binomial or Poisson tail', () => {
    // Binomial(100, 0.2): P(X ≥ 30) by summing the probabilities.
    let p = 0;
    let pmf = 0.8 ** 100;
    for (let x = 0; x <= 100; x++) {
      if (x >= 30) p += pmf;
      pmf *= ((100 - x) * 0.2) / ((x + 1) * 0.8);
    }
    close(upperTail('binomial', 30, 100, logit(0.2), 0), p, 1e-10, 'binomial');
    close(upperTail('poisson', 15, 0, Math.log(8), 0), 1 - ppois(14, 8), 1e-10, 'Poisson');
  });

  it('gives mid-p values that add to 1 and a z-score with the sign of the departure', () => {
    const high = predictiveMidP({
      model: 'binomial',
      observed: 160,
      trials: 10_000,
      eta: logit(0.01),
      tau2: 0.02,
    });
    const low = predictiveMidP({
      model: 'binomial',
      observed: 55,
      trials: 10_000,
      eta: logit(0.01),
      tau2: 0.02,
    });
    close(high.low + high.high, 1, 1e-9, 'sum');
    assert.ok(high.z > 2 && low.z < -2, `${high.z} ${low.z}`);
    assert.ok(high.high < 0.025 && low.low < 0.025);
  });

  it('flags close to the nominal rate when the model holds, even for a practice expecting 8 events', () => {
    const random = seededRandom(7);
    const tau = 0.2;
    const n = 2000;
    const eta = logit(0.004);
    let flagged95 = 0;
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      const x = binomial(random, n, expit(eta + tau * gaussian(random)));
      const r = predictiveMidP({ model: 'binomial', observed: x, trials: n, eta, tau2: tau * tau });
      if (r.high < 0.025 || r.low < 0.025) flagged95++;
    }
    // Discreteness keeps it a little under 5%.
    const rate = flagged95 / draws;
    assert.ok(rate > 0.035 && rate < 0.06, `flagged at 95%: ${rate}`);
  });
});
