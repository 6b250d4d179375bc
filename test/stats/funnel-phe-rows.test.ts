/**
 * The PHE funnel row by row (`funnel --method wilson|poisson`): the flag is assign_funnel_significance;
 * z and the limits at each unit's own denominator are Fairview's, defined so that they agree with it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { qnorm } from '../../src/stats/distributions.ts';
import { StatsInputError } from '../../src/stats/errors.ts';
import { countThreshold, pheFunnelRows, poissonZ } from '../../src/stats/funnel-phe-rows.ts';
import { assignFunnelSignificance, pheCountBound } from '../../src/stats/funnel-phe-significance.ts';

const Z95 = qnorm(0.975);
const Z998 = qnorm(0.999);

function assertClose(actual: number | null, expected: number, relTol: number, what = ''): void {
  assert.ok(actual !== null, `${what}: null`);
  const rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(rel <= relTol, `${what}: ${actual} vs ${expected} (relative ${rel})`);
}

describe('proportions (Wilson)', () => {
  // av = 670/1300; see funnel-phe.test.ts for the hand-worked z-scores.
  const rows = [
    { numerator: 50, denominator: 100 },
    { numerator: 70, denominator: 100 },
    { numerator: 30, denominator: 100 },
    { numerator: 58, denominator: 100 },
    { numerator: 62, denominator: 100 },
    { numerator: 400, denominator: 800 },
  ];

  it('gives value, target, the score z and the flag of assign_funnel_significance', () => {
    const r = pheFunnelRows(rows, { statistic: 'proportion', multiplier: 100 });
    assert.deepEqual(
      r.rows.map((x) => x.flag),
      ['none', 'high_99_8', 'low_99_8', 'none', 'high_95', 'none'],
    );
    assert.equal(r.rows[1]!.value, 70);
    assertClose(r.rows[1]!.target, (670 / 1300) * 100, 1e-15, 'target');
    assertClose(r.rows[1]!.z, 3.6940567723168813, 1e-12, 'z for 70/100');
    assertClose(r.rows[2]!.z, -4.3097329010363605, 1e-12, 'z for 30/100');
    assert.equal(r.summary.n, 6);
  });

  it('has limits that the flag agrees with: above upper_95 exactly when flagged high', () => {
    const r = pheFunnelRows(rows, { statistic: 'proportion', multiplier: 100 });
    for (const x of r.rows) {
      const high = x.value! > x.limits.upper95!;
      const low = x.value! < x.limits.lower95!;
      assert.equal(high, x.flag === 'high_95' || x.flag === 'high_99_8');
      assert.equal(low, x.flag === 'low_95' || x.flag === 'low_99_8');
      assert.equal(x.value! > x.limits.upper99_8!, x.flag === 'high_99_8');
    }
  });

  it('caps the upper limit at 1 × multiplier at tiny denominators', () => {
    const r = pheFunnelRows(
      [
        { numerator: 1, denominator: 1 },
        { numerator: 100, denominator: 1000 },
      ],
      { statistic: 'proportion', multiplier: 100 },
    );
    assert.ok(r.rows[0]!.limits.upper99_8! <= 100);
    assert.equal(r.rows[0]!.limits.lower95, 0);
  });

  it('can compare with a given target (e.g. England) on the value scale', () => {
    const r = pheFunnelRows(rows, { statistic: 'proportion', multiplier: 100, target: 50 });
    assert.equal(r.summary.target, 50);
    // 62/100 against 0.5: z = 0.12/0.05 = 2.4 → high_95; 58/100: 1.6 → none.
    assertClose(r.rows[4]!.z, 2.4, 1e-12);
    assert.equal(r.rows[4]!.flag, 'high_95');
    assert.equal(r.rows[3]!.flag, 'none');
  });

  it('leaves rows with a missing value empty and out of the average', () => {
    const r = pheFunnelRows([{ numerator: null, denominator: 100 }, ...rows], { statistic: 'proportion' });
    assert.equal(r.rows[0]!.value, null);
    assert.equal(r.rows[0]!.flag, null);
    assert.equal(r.summary.n, 6);
    assert.equal(r.rows[2]!.flag, 'high_99_8');
  });

  it('rejects a numerator above the denominator and a zero denominator, naming row and field', () => {
    assert.throws(
      () => pheFunnelRows([{ numerator: 1, denominator: 0 }], { statistic: 'proportion' }),
      (e: unknown) => e instanceof StatsInputError && e.row === 0 && e.field === 'denominator',
    );
    assert.throws(
      () => pheFunnelRows([{ numerator: 3, denominator: 2 }], { statistic: 'proportion' }),
      (e: unknown) => e instanceof StatsInputError && e.row === 0 && e.field === 'numerator',
    );
    assert.throws(
      () => pheFunnelRows([{ numerator: Number.NaN, denominator: 2 }], { statistic: 'proportion' }),
      (e: unknown) => e instanceof StatsInputError && e.field === 'numerator',
    );
  });

  it('says so when no row has the values it needs (there is no average to test against)', () => {
    assert.throws(
      () => pheFunnelRows([{ numerator: null, denominator: 2 }], { statistic: 'proportion' }),
      (e: unknown) => e instanceof StatsInputError && e.row === null && /no rows/.test(e.message),
    );
  });
});

describe('ratios (Poisson)', () => {
  it('puts z on the normal scale of the reference test, for counts below and from 10', () => {
    // 0 observed, 5 expected: P(X <= 0 | 5) = e^-5 → z = qnorm(e^-5) = −2.5762.
    assertClose(poissonZ(0, 5), qnorm(Math.exp(-5)), 1e-12, 'z(0 | 5)');
    // 20 observed, 10 expected: z = 3√20 (1 − 1/180 − (1/2)^(1/3)) = 3.3489
    assertClose(poissonZ(20, 10), 3 * Math.sqrt(20) * (1 - 1 / 180 - Math.cbrt(0.5)), 1e-14, 'z(20 | 10)');
    assert.equal(poissonZ(10, 10), 0);
  });

  it('flags exactly when |z| passes qnorm(0.975) / qnorm(0.999), and the limits agree, over a sweep', () => {
    const rows: { numerator: number; denominator: number }[] = [];
    for (let o = 0; o <= 45; o++)
      for (const e of [0.3, 1, 2.5, 4.79, 5, 9, 14, 18.4, 25, 40])
        rows.push({ numerator: o, denominator: e });
    const r = pheFunnelRows(rows, { statistic: 'ratio' });
    r.rows.forEach((x, i) => {
      const z = x.z!;
      const where = `O=${rows[i]!.numerator} E=${rows[i]!.denominator} z=${z} flag=${x.flag}`;
      if (Math.abs(Math.abs(z) - Z95) > 1e-9 && Math.abs(Math.abs(z) - Z998) > 1e-9) {
        assert.equal(z > Z998, x.flag === 'high_99_8', where);
        assert.equal(z > Z95, x.flag === 'high_95' || x.flag === 'high_99_8', where);
        assert.equal(z < -Z998, x.flag === 'low_99_8', where);
        assert.equal(z < -Z95, x.flag === 'low_95' || x.flag === 'low_99_8', where);
      }
      const v = x.value!;
      const l = x.limits;
      if (Math.abs(v - l.upper95!) > 1e-12 && Math.abs(v - l.lower95!) > 1e-12) {
        assert.equal(
          v > l.upper95!,
          x.flag === 'high_95' || x.flag === 'high_99_8',
          `upper95 ${l.upper95} ${where}`,
        );
        assert.equal(
          v < l.lower95!,
          x.flag === 'low_95' || x.flag === 'low_99_8',
          `lower95 ${l.lower95} ${where}`,
        );
      }
      if (Math.abs(v - l.upper99_8!) > 1e-12 && Math.abs(v - l.lower99_8!) > 1e-12) {
        assert.equal(v > l.upper99_8!, x.flag === 'high_99_8', `upper99_8 ${where}`);
        assert.equal(v < l.lower99_8!, x.flag === 'low_99_8', `lower99_8 ${where}`);
      }
      assert.ok(
        l.lower99_8! <= l.lower95! && l.lower95! <= 1 && 1 <= l.upper95! && l.upper95! <= l.upper99_8!,
        where,
      );
    });
  });

  it('finds the count where the bound crosses the expected value', () => {
    // Byar region: L95(O*) = 30.
    const o = countThreshold(30, 0.95, 'low');
    assert.ok(o > 10);
    assertClose(pheCountBound(o, 0.95, 'low'), 30, 1e-12, 'L95(O*)');
    // Exact region: qchisq(0.025, 2O*)/2 = 2.
    const small = countThreshold(2, 0.95, 'low');
    assert.ok(small < 10);
    assertClose(pheCountBound(small, 0.95, 'low'), 2, 1e-9, 'exact L95(O*)');
    // No count can be low where even 0 observed is consistent: U95(0) = 3.689 > 3.
    assert.equal(countThreshold(3, 0.95, 'high'), 0);
  });

  it('narrows the limits as the expected count grows', () => {
    const rows = [1, 3, 10, 30, 100, 1000, 1e5, 1e7].map((e) => ({ numerator: e, denominator: e }));
    const r = pheFunnelRows(rows, { statistic: 'ratio' });
    for (let i = 1; i < r.rows.length; i++) {
      assert.ok(r.rows[i]!.limits.upper95! < r.rows[i - 1]!.limits.upper95!);
      assert.ok(r.rows[i]!.limits.lower95! >= r.rows[i - 1]!.limits.lower95!);
    }
    // 10^7 expected: limits ≈ 1 ± 1.96/√10^7.
    assertClose(r.rows.at(-1)!.limits.upper95!, 1 + Z95 / Math.sqrt(1e7), 1e-4, 'upper95 at 10^7');
  });
});

describe('rates (Poisson)', () => {
  const rows = [
    { numerator: 5, denominator: 300, rate: 2500 },
    { numerator: 12, denominator: 10000, rate: 120 },
    { numerator: 40, denominator: 10000, rate: 400 },
  ];

  it('uses the rate as the value and the weighted average as the target, × multiplier', () => {
    const r = pheFunnelRows(rows, { statistic: 'rate', rateType: 'crude', multiplier: 100000 });
    assert.equal(r.rows[1]!.value, 120);
    assertClose(r.summary.target, (57 / 20200) * 100000, 1e-14, 'target');
    const labels = assignFunnelSignificance(rows, {
      statistic: 'rate',
      rateType: 'crude',
      multiplier: 100000,
    });
    assert.deepEqual(
      r.rows.map((x) => x.significance),
      labels.significance,
    );
    assert.equal(r.rows[2]!.flag, 'high_95');
    assert.ok(r.rows[2]!.value! > r.rows[2]!.limits.upper95!);
  });

  it('marks dsr rows under 10 events not_applicable, with no z or limits', () => {
    const r = pheFunnelRows(rows, { statistic: 'rate', rateType: 'dsr', multiplier: 100000 });
    assert.equal(r.rows[0]!.flag, 'not_applicable');
    assert.equal(r.rows[0]!.z, null);
    assert.equal(r.rows[0]!.limits.upper95, null);
    assert.equal(r.rows[0]!.value, 2500);
    assert.equal(r.rows[1]!.flag, 'low_99_8');
  });

  it('needs a multiplier and a rate type', () => {
    assert.throws(
      () => pheFunnelRows(rows, { statistic: 'rate', rateType: 'crude' }),
      (e: unknown) => e instanceof StatsInputError && e.field === 'multiplier',
    );
  });
});
