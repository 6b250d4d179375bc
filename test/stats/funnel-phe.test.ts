/**
 * PHEindicatormethods 2.1.0 funnels: calculate_funnel_limits, assign_funnel_significance and
 * calculate_funnel_points. Worked values were checked with a calculator (Python's math module as the
 * calculator), as noted beside each.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { qchisq } from '../../src/stats/distributions.ts';
import { StatsInputError } from '../../src/stats/errors.ts';
import { sigmaAdjustment } from '../../src/stats/funnel-phe-common.ts';
import { calculateFunnelLimits, funnelAxisPoints, sceil, sfloor } from '../../src/stats/funnel-phe-limits.ts';
import {
  assignFunnelSignificance,
  calculateFunnelPoints,
  pheCountBound,
} from '../../src/stats/funnel-phe-significance.ts';
import { poissonFunnel } from '../../src/stats/poisson-funnel.ts';

function assertClose(actual: number, expected: number, relTol: number, what = ''): void {
  const rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(rel <= relTol, `${what}: ${actual} vs ${expected} (relative ${rel})`);
}

describe('the axis of calculate_funnel_limits', () => {
  it('rounds down with sfloor and up with sceil to neat numbers', () => {
    // floor(0.95 × 1234) = 1172 (4 characters) → floor(1172.3/1000)·1000
    assert.equal(sfloor(1234), 1000);
    // ceiling(1.05 × 1234) = 1296 (4 characters) → ceiling(1295.7/100)·100
    assert.equal(sceil(1234), 1300);
    // floor(95) = 95 → k = 1 → floor(9.5)·10; ceiling(210) = 210 → k = 1 → 21·10
    assert.equal(sfloor(100), 90);
    assert.equal(sceil(200), 210);
    assert.equal(sfloor(0), 0);
    assert.equal(sceil(0), 0);
  });

  it('counts the characters of R\'s "1e+05", not "100000", at one hundred thousand', () => {
    // ceiling(1.05 × 95238) = 100000, printed "1e+05" (5 characters) → k = 3 → ceiling(99.9999)·1000.
    assert.equal(sceil(95238), 100000);
    // floor(0.95 × 105263.2) = 100000 → k = 4 → floor(10.00000…)·10^4.
    assert.equal(sfloor(105263.2), 100000);
  });

  it('spaces 100 points geometrically, at least 1 apart, rounding halves to even', () => {
    const xs = funnelAxisPoints(90, 210, false);
    assert.equal(xs.length, 100);
    assert.equal(xs[0], 90);
    // (210/90)^(1/99)·90 = 90.77… → 91
    assert.equal(xs[1], 91);
    assert.equal(xs[99], 210);
    for (let i = 1; i < 100; i++) assert.ok(xs[i]! >= xs[i - 1]! + 1);
    // Ratios use offset j − 1, so the last step has exponent 1/2 rather than 1.
    const ratio = funnelAxisPoints(1, 1000, true);
    assert.equal(ratio[0], 1);
    assert.ok(ratio[99]! <= 1000);
  });
});

describe('calculate_funnel_limits for proportions', () => {
  const rows = [
    { numerator: 30, denominator: 100 },
    { numerator: 60, denominator: 200 },
  ];

  it('draws 100 rows from sfloor(min) to sceil(max) around the average', () => {
    const t = calculateFunnelLimits(rows, { statistic: 'proportion', multiplier: 100 });
    assert.equal(t.rows.length, 100);
    assert.equal(t.axisName, 'Population');
    // maxD = 200 is not above 2 × 100, so the axis starts at sfloor(100) = 90.
    assert.equal(t.axisMinimum, 90);
    assert.equal(t.axisMaximum, 210);
    assert.equal(t.average, 0.3);
    assert.equal(t.rows[0]!.baseline, 30);
    assert.equal(t.statistic, 'proportion');
    assert.equal(t.method, 'Wilson');
    // At N = 90: 0.3 ± 1.959964·√(0.21/90) = 0.3 ± 0.094674 (× 100)
    assertClose(t.rows[0]!.lower95, 20.5326, 1e-4, 'lower95 at 90');
    assertClose(t.rows[0]!.upper95, 39.4674, 1e-4, 'upper95 at 90');
  });

  it('is the Wilson inversion: sigma_adjustment equals av ± z·√(av(1 − av)/N)', () => {
    for (const [av, n] of [
      [0.3, 100],
      [0.02, 5000],
      [0.9, 37],
    ] as const) {
      const z = 1.959963984540054;
      assertClose(sigmaAdjustment(0.975, n, av, 'low', 1), av - z * Math.sqrt((av * (1 - av)) / n), 1e-10);
      assertClose(sigmaAdjustment(0.975, n, av, 'high', 1), av + z * Math.sqrt((av * (1 - av)) / n), 1e-10);
    }
  });

  it('caps the upper limit at 1 × multiplier (Fairview; the reference caps at 100)', () => {
    // av = 2/5 = 0.4; at N = 1 the upper limit would be 0.4 + 1.96·√0.24 = 1.36.
    const t = calculateFunnelLimits(
      [
        { numerator: 1, denominator: 2 },
        { numerator: 1, denominator: 3 },
      ],
      { statistic: 'proportion', multiplier: 1 },
    );
    assert.equal(t.rows[0]!.x, 1);
    assert.equal(t.rows[0]!.upper95, 1);
    assert.equal(t.rows[0]!.upper99_8, 1);
    for (const r of t.rows) assert.ok(r.upper99_8 <= 1 && r.lower99_8 >= 0);
  });

  it('starts the axis at 0 (so at 1) when the largest denominator is more than twice the smallest', () => {
    const t = calculateFunnelLimits(
      [
        { numerator: 3, denominator: 10 },
        { numerator: 90, denominator: 300 },
      ],
      { statistic: 'proportion', multiplier: 1 },
    );
    assert.equal(t.axisMinimum, 0);
    assert.equal(t.rows[0]!.x, 1);
  });
});

describe('calculate_funnel_limits for ratios and rates', () => {
  it('gives ratio limits O/PF(O) on an observed-events axis, minus 1 for "count"', () => {
    const t = calculateFunnelLimits(
      [
        { numerator: 30, denominator: 25 },
        { numerator: 300, denominator: 320 },
      ],
      { statistic: 'ratio', ratioType: 'count', multiplier: 1 },
    );
    assert.equal(t.axisName, 'Observed_events');
    const r = t.rows[10]!;
    assert.equal(r.baseline, null);
    assert.equal(r.expected!.lower95, poissonFunnel(r.x, 0.025, 'high'));
    assert.equal(r.lower95, r.x / poissonFunnel(r.x, 0.025, 'high') - 1);
    assert.equal(r.upper99_8, r.x / poissonFunnel(r.x, 0.001, 'low') - 1);
    // Loosely the exact Poisson funnel: O / (qchisq(0.975, 2O + 2)/2) − 1.
    assertClose(r.lower95 + 1, r.x / (qchisqUpper(r.x) / 2), 1e-5, 'lower95 + 1');
    assert.equal(t.statistic, 'ratio (count)');
    assert.equal(t.method, 'Poisson');
  });

  it('multiplies ratio limits by 100 for "isr"', () => {
    const rows = [
      { numerator: 30, denominator: 25 },
      { numerator: 300, denominator: 320 },
    ];
    const count = calculateFunnelLimits(rows, { statistic: 'ratio', ratioType: 'count', multiplier: 1 });
    const isr = calculateFunnelLimits(rows, { statistic: 'ratio', ratioType: 'isr', multiplier: 1 });
    assert.equal(isr.statistic, 'ratio (isr)');
    assertClose(isr.rows[5]!.upper95, (count.rows[5]!.upper95 + 1) * 100, 1e-14);
  });

  it('puts rate funnels on an events axis and divides the populations by years', () => {
    // Derived denominators D = 100000·x/rate = 10000 and 20000; av = 30/30000 = 0.001.
    const rows = [
      { numerator: 10, denominator: 10000, rate: 100 },
      { numerator: 20, denominator: 20000, rate: 100 },
    ];
    const t = calculateFunnelLimits(rows, {
      statistic: 'rate',
      rateType: 'crude',
      multiplier: 100000,
      years: 1,
    });
    assert.equal(t.axisName, 'Events');
    assertClose(t.average, 0.001, 1e-15);
    // axis: sfloor(10000) = 9000 → floor(9000 × 0.001) = 9; sceil(20000) = 21000 → 21 events.
    assert.equal(t.axisMinimum, 9);
    assert.equal(t.axisMaximum, 21);
    const r = t.rows[0]!;
    assert.equal(r.x, 9);
    const pop = poissonFunnel(9, 0.025, 'high') / 0.001;
    assertClose(r.lower95, (9 / pop) * 100000, 1e-14, 'lower95');
    assert.equal(r.baseline, 100);
    assert.equal(t.statistic, 'rate (crude per 100,000)');
    const twoYears = calculateFunnelLimits(rows, {
      statistic: 'rate',
      rateType: 'crude',
      multiplier: 100000,
      years: 2,
    });
    assertClose(
      twoYears.rows[0]!.expected!.lower95 * 2,
      twoYears.rows[0]!.x / (twoYears.rows[0]!.lower95 / 100000),
      1e-12,
    );
  });
});

function qchisqUpper(o: number): number {
  return qchisq(0.975, 2 * o + 2);
}

describe('assign_funnel_significance for proportions', () => {
  // av = 670/1300 = 0.515385; z = (p − av)/√(av(1 − av)/N): 70/100 → 3.694, 30/100 → −4.310,
  // 62/100 → 2.093, 58/100 → 1.293, 50/100 → −0.308, 400/800 → −0.871.
  const rows = [
    { numerator: 50, denominator: 100 },
    { numerator: 70, denominator: 100 },
    { numerator: 30, denominator: 100 },
    { numerator: 58, denominator: 100 },
    { numerator: 62, denominator: 100 },
    { numerator: 400, denominator: 800 },
  ];

  it('labels each unit by the first test it fails, in the reference order', () => {
    const r = assignFunnelSignificance(rows, { statistic: 'proportion' });
    assert.deepEqual(r.significance, [
      'Not significant',
      'High (0.001)',
      'Low (0.001)',
      'Not significant',
      'High (0.025)',
      'Not significant',
    ]);
    assertClose(r.reference, 670 / 1300, 1e-15);
  });

  it('rejects a numerator above its denominator, naming the row', () => {
    assert.throws(
      () => assignFunnelSignificance([{ numerator: 5, denominator: 4 }], { statistic: 'proportion' }),
      (e: unknown) => e instanceof StatsInputError && e.row === 0 && e.field === 'numerator',
    );
  });
});

describe('assign_funnel_significance for ratios', () => {
  it('uses exact bounds below 10 events: 0 observed of 5 expected is "Low (0.025)"', () => {
    // U(0) = qchisq(0.975, 2)/2 = −ln(0.025) = 3.689 < 5, but −ln(0.001) = 6.908 > 5.
    const r = assignFunnelSignificance([{ numerator: 0, denominator: 5 }], { statistic: 'ratio' });
    assert.deepEqual(r.significance, ['Low (0.025)']);
    assertClose(pheCountBound(0, 0.95, 'high'), -Math.log(0.025), 1e-12);
    assert.equal(pheCountBound(0, 0.95, 'low'), 0);
  });

  it('uses Byar from 10 events: 20 observed of 10 expected is "High (0.025)"', () => {
    // L95(20) = 20(1 − 1/180 − 1.959964/(3√20))³ = 12.211 > 10; L99.8(20) = 8.923 < 10.
    assertClose(pheCountBound(20, 0.95, 'low'), 12.2115, 1e-4);
    assertClose(pheCountBound(20, 0.998, 'low'), 8.9229, 1e-4);
    const r = assignFunnelSignificance(
      [
        { numerator: 20, denominator: 10 },
        { numerator: 10, denominator: 10 },
        { numerator: 40, denominator: 10 },
      ],
      { statistic: 'ratio' },
    );
    assert.deepEqual(r.significance, ['High (0.025)', 'Not significant', 'High (0.001)']);
  });
});

describe('assign_funnel_significance for rates', () => {
  it('compares with the weighted average Σx/ΣD and marks dsr rows under 10 events "not applicable"', () => {
    // D = x/rate·100000: 200, 10000, 10000 → wa = 57/20200.
    const rows = [
      { numerator: 5, denominator: 300, rate: 2500 },
      { numerator: 12, denominator: 10000, rate: 120 },
      { numerator: 40, denominator: 10000, rate: 400 },
    ];
    const dsr = assignFunnelSignificance(rows, { statistic: 'rate', rateType: 'dsr', multiplier: 100000 });
    assert.equal(dsr.significance[0], 'Not applicable for events less than 10 for dsrs');
    assertClose(dsr.reference, 57 / 20200, 1e-14);
    assert.deepEqual(dsr.derivedDenominators, [200, 10000, 10000]);
    // 12 events where 28.2 expected: U95(12) = 13(1 − 1/117 + 1.959964/(3√13))³ = 20.96 < 28.2; U99.8 = 27.1 < 28.2.
    assert.equal(dsr.significance[1], 'Low (0.001)');
    // 40 where 28.2 expected: L95(40) = 28.57 > 28.2 but L99.8(40) = 23.2 → High (0.025).
    assert.equal(dsr.significance[2], 'High (0.025)');
  });

  it('uses the population for crude rates with 0 events, and no derived denominator for dsr', () => {
    const rows = [
      { numerator: 0, denominator: 1000, rate: 0 },
      { numerator: 20, denominator: 1000, rate: 2000 },
    ];
    const crude = assignFunnelSignificance(rows, {
      statistic: 'rate',
      rateType: 'crude',
      multiplier: 100000,
    });
    assert.deepEqual(crude.derivedDenominators, [1000, 1000]);
    const dsr = assignFunnelSignificance(rows, { statistic: 'rate', rateType: 'dsr', multiplier: 100000 });
    assert.deepEqual(dsr.derivedDenominators, [null, 1000]);
    assertClose(dsr.reference, 20 / 1000, 1e-15);
  });

  it('rejects a negative numerator and a zero denominator, naming row and field', () => {
    const opts = { statistic: 'rate', rateType: 'crude', multiplier: 100000 } as const;
    assert.throws(
      () =>
        assignFunnelSignificance(
          [
            { numerator: 1, denominator: 5, rate: 1 },
            { numerator: -1, denominator: 5, rate: 1 },
          ],
          opts,
        ),
      (e: unknown) => e instanceof StatsInputError && e.row === 1 && e.field === 'numerator',
    );
    assert.throws(
      () => assignFunnelSignificance([{ numerator: 1, denominator: 0, rate: 1 }], opts),
      (e: unknown) => e instanceof StatsInputError && e.row === 0 && e.field === 'denominator',
    );
    assert.throws(
      () =>
        assignFunnelSignificance([{ numerator: 1, denominator: 1, rate: 1 }], {
          statistic: 'rate',
          multiplier: 1,
        }),
      (e: unknown) => e instanceof StatsInputError && e.field === 'rateType',
    );
  });

  it('leaves rows with missing values out, with a null label', () => {
    const r = assignFunnelSignificance(
      [
        { numerator: null, denominator: 100 },
        { numerator: 50, denominator: 100 },
        { numerator: 60, denominator: null },
      ],
      { statistic: 'proportion' },
    );
    assert.deepEqual(r.significance, [null, 'Not significant', null]);
    assert.equal(r.reference, 0.5);
  });
});

describe('calculate_funnel_points', () => {
  it('gives the rate and its annual derived population, blank for dsr under 10 events', () => {
    const rows = [
      { numerator: 5, denominator: 300, rate: 2500 },
      { numerator: 20, denominator: 2000, rate: 1000 },
      { numerator: 0, denominator: 500, rate: 0 },
    ];
    const dsr = calculateFunnelPoints(rows, {
      statistic: 'rate',
      rateType: 'dsr',
      multiplier: 100000,
      years: 2,
    });
    assert.deepEqual(dsr[0], { rateChart: null, denominatorDerived: null });
    // (100000 × 20/1000)/2 = 1000
    assert.deepEqual(dsr[1], { rateChart: 1000, denominatorDerived: 1000 });
    const crude = calculateFunnelPoints(rows, {
      statistic: 'rate',
      rateType: 'crude',
      multiplier: 100000,
      years: 2,
    });
    assert.deepEqual(crude[0], { rateChart: 2500, denominatorDerived: 100 });
    assert.deepEqual(crude[2], { rateChart: 0, denominatorDerived: 250 });
  });
});
