import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitLogistic, type LogisticData } from '../../src/domain/casemix/index.ts';

/** Builds a design with an intercept column plus the given covariate columns. */
function data(rows: { x: number[]; events: number; trials: number }[]): LogisticData {
  const columns = 1 + rows[0]!.x.length;
  return {
    design: { values: Float64Array.from(rows.flatMap((r) => [1, ...r.x])), rows: rows.length, columns },
    events: Float64Array.from(rows.map((r) => r.events)),
    trials: Float64Array.from(rows.map((r) => r.trials)),
  };
}

const close = (actual: number | null, expected: number, tolerance = 1e-9) => {
  assert.ok(actual !== null, 'expected a number, got null');
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${actual} is not within ${tolerance} of ${expected}`,
  );
};

describe('Logistic regression by IRLS (Newton–Raphson with step halving)', () => {
  it('gives the log odds and the log odds ratio exactly for one binary covariate', () => {
    // Group 0: 20 events in 100; group 1: 45 events in 150.
    const fit = fitLogistic(
      data([
        { x: [0], events: 20, trials: 100 },
        { x: [1], events: 45, trials: 150 },
      ]),
    );
    close(fit.coefficients[0]!, Math.log(20 / 80));
    close(fit.coefficients[1]!, Math.log(45 / 105 / (20 / 80)));
    // Woolf's standard errors: √(1/a + 1/b) for a log odds, √(Σ 1/cell) for a log odds ratio.
    close(Math.sqrt(fit.covariance[0]!), Math.sqrt(1 / 20 + 1 / 80), 1e-7);
    close(Math.sqrt(fit.covariance[3]!), Math.sqrt(1 / 20 + 1 / 80 + 1 / 45 + 1 / 105), 1e-7);
    // Two groups, two parameters: the model is saturated.
    close(fit.deviance, 0, 1e-9);
    assert.equal(fit.residualDf, 0);
    assert.equal(fit.converged, true);
    assert.equal(fit.boundary, false);
  });

  it('splits one group over several rows without changing the answer', () => {
    const fit = fitLogistic(
      data([
        { x: [0], events: 5, trials: 40 },
        { x: [0], events: 15, trials: 60 },
        { x: [1], events: 45, trials: 150 },
      ]),
    );
    close(fit.coefficients[0]!, Math.log(20 / 80));
    close(fit.coefficients[1]!, Math.log(45 / 105 / (20 / 80)));
  });

  it('gives the logit of the pooled proportion for an intercept-only model, and its null deviance', () => {
    const rows = [
      { x: [], events: 3, trials: 10 },
      { x: [], events: 7, trials: 20 },
      { x: [], events: 0, trials: 5 },
    ];
    const fit = fitLogistic(data(rows));
    close(fit.coefficients[0]!, Math.log(10 / 25));
    close(fit.deviance, fit.nullDeviance, 1e-12);
    // Binomial deviance by hand: 2 Σ [y log(y/nμ) + (n−y) log((n−y)/(n(1−μ)))], μ = 10/35.
    const mu = 10 / 35;
    const d = (y: number, n: number) =>
      (y === 0 ? 0 : y * Math.log(y / (n * mu))) + (n - y) * Math.log((n - y) / (n * (1 - mu)));
    close(fit.deviance, 2 * (d(3, 10) + d(7, 20) + d(0, 5)), 1e-9);
  });

  it('fits a continuous covariate to the same answer as the score equations require', () => {
    const rows = [0, 1, 2, 3, 4, 5].map((x, i) => ({
      x: [x],
      events: [2, 4, 9, 12, 20, 26][i]!,
      trials: 40,
    }));
    const fit = fitLogistic(data(rows));
    // At the maximum, Xᵀ(y − nμ) = 0: observed and fitted events agree in total and in their x-weighted sum.
    let total = 0;
    let weighted = 0;
    rows.forEach((r, i) => {
      const residual = r.events - r.trials * fit.fitted[i]!;
      total += residual;
      weighted += residual * r.x[0]!;
    });
    close(total, 0, 1e-8);
    close(weighted, 0, 1e-8);
    assert.ok(fit.iterations <= 8, `took ${fit.iterations} iterations`);
  });

  it('survives complete separation: no crash, a boundary warning, fitted probabilities at the edge', () => {
    // Group 1 has no events at all: its log odds ratio is −∞.
    const fit = fitLogistic(
      data([
        { x: [0], events: 20, trials: 100 },
        { x: [1], events: 0, trials: 150 },
      ]),
    );
    assert.equal(fit.boundary, true);
    assert.ok(fit.coefficients[1]! < -15, `log odds ratio ${fit.coefficients[1]} should run off towards −∞`);
    close(fit.coefficients[0]!, Math.log(20 / 80), 1e-6);
    assert.ok(fit.fitted[1]! < 1e-8);
    assert.ok(Number.isFinite(fit.deviance));
  });

  it('handles rows with zero events and rows where every trial is an event', () => {
    const fit = fitLogistic(
      data([
        { x: [0], events: 0, trials: 10 },
        { x: [1], events: 3, trials: 10 },
        { x: [2], events: 10, trials: 10 },
        { x: [3], events: 9, trials: 10 },
      ]),
    );
    assert.equal(fit.converged, true);
    assert.ok(fit.coefficients[1]! > 0);
    assert.ok(fit.fitted.every((p) => p > 0 && p < 1));
  });

  it('leaves out a column that copies another (aliased), as R reports NA', () => {
    const fit = fitLogistic(
      data([
        { x: [0, 0], events: 20, trials: 100 },
        { x: [1, 2], events: 45, trials: 150 },
        { x: [1, 2], events: 30, trials: 100 },
      ]),
    );
    assert.deepEqual(fit.aliased, [false, false, true]);
    assert.equal(fit.coefficients[2], null);
    // Not saturated, so the answer is as good as the convergence rule (relative deviance change < 1e-8).
    close(fit.coefficients[1]!, Math.log(75 / 175 / (20 / 80)), 1e-7);
  });

  it('refuses data with no events at all, and invalid counts', () => {
    assert.throws(() => fitLogistic(data([{ x: [], events: 0, trials: 10 }])), /no events/);
    assert.throws(() => fitLogistic(data([{ x: [], events: 11, trials: 10 }])), /events must be 0 to trials/);
    assert.throws(() => fitLogistic(data([{ x: [], events: 0, trials: 0 }])), /trials must be above 0/);
  });
});
