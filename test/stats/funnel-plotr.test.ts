/**
 * FunnelPlotR 0.6.0: PR (arcsine) and SR (SHMI). The worked φ, τ² and limits below were computed by
 * hand with Python's math module as the calculator, straight from the formulas in the spec (§4):
 * arcsine z-scores, type-7 winsorisation at 10%, φ = mean z², τ² = (nφ − (n − 1))/(Σw − Σw²/Σw).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { qchisq } from '../../src/stats/distributions.ts';
import { StatsInputError } from '../../src/stats/errors.ts';
import { funnelPlotR, type PlotrRow } from '../../src/stats/funnel-plotr.ts';
import { limitsAtDenominator, PLOTR_Z95, PLOTR_Z998 } from '../../src/stats/funnel-plotr-limits.ts';

function assertClose(actual: number | null, expected: number, relTol: number, what = ''): void {
  assert.ok(actual !== null, `${what}: null`);
  const rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(rel <= relTol, `${what}: ${actual} vs ${expected} (relative ${rel})`);
}

const PR_ROWS: PlotrRow[] = [
  { numerator: 10, denominator: 100 },
  { numerator: 25, denominator: 120 },
  { numerator: 40, denominator: 150 },
  { numerator: 30, denominator: 200 },
  { numerator: 80, denominator: 250 },
  { numerator: 60, denominator: 300 },
];

const SR_ROWS: PlotrRow[] = [
  [5, 10],
  [12, 10],
  [8, 10],
  [30, 20],
  [14, 20],
  [22, 20],
  [40, 30],
  [33, 30],
  [60, 40],
  [60, 40],
].map(([o, e]) => ({ numerator: o!, denominator: e! }));

describe('PR (proportions on the arcsine scale)', () => {
  it('computes the pooled target, arcsine z-scores, winsorised φ and τ²', () => {
    const f = funnelPlotR(PR_ROWS, { dataType: 'PR' });
    // target = 245/1120 = 0.21875
    assertClose(f.summary.target, 0.21875, 1e-15, 'target');
    // z = (asin√(10/100) − asin√0.21875)·2√100 = −3.29889
    assertClose(f.units[0]!.z, -3.2988880135626197, 1e-12, 'z of unit 1');
    // Type-7 quantiles of the six z at 0.1 and 0.9: −2.908031, 2.496672; both extreme units are clamped.
    assertClose(f.units[0]!.wz, -2.908031003123843, 1e-12, 'winsorised low z');
    assertClose(f.units[4]!.wz, 2.4966721559352942, 1e-12, 'winsorised high z');
    assert.deepEqual(
      f.units.map((u) => u.trimmed),
      [true, false, false, false, true, false],
    );
    assertClose(f.summary.phi, 3.9364980052592897, 1e-12, 'phi');
    assertClose(f.summary.tau2, 0.005136272560429169, 1e-11, 'tau2');
    assert.equal(f.summary.adjusted, true);
    assert.equal(f.summary.n, 6);
    assert.equal(f.summary.phiN, 6);
  });

  it('gives each unit both limit sets at its denominator and flags from the adjusted set when drawn', () => {
    const f = funnelPlotR(PR_ROWS, { dataType: 'PR' });
    const u = f.units[0]!;
    // At n = 100: sin²(asin√0.21875 ∓ z·√(1/400 + τ²)) and the same with τ² = 0.
    assertClose(u.adjustedLimits.lower95, 0.09623500551501064, 1e-10, 'od lower95');
    assertClose(u.adjustedLimits.upper95, 0.3739447936695759, 1e-10, 'od upper95');
    assertClose(u.adjustedLimits.lower99_8, 0.046208550775099104, 1e-10, 'od lower99.8');
    assertClose(u.adjustedLimits.upper99_8, 0.4713547833146832, 1e-10, 'od upper99.8');
    assertClose(u.limits.lower95, 0.14362789414609478, 1e-12, 'lower95');
    assertClose(u.limits.upper95, 0.30464166694956973, 1e-12, 'upper95');
    assertClose(u.limits.lower99_8, 0.10634629770533145, 1e-12, 'lower99.8');
    assertClose(u.limits.upper99_8, 0.35779871035282274, 1e-12, 'upper99.8');
    // 0.1 is inside the adjusted 95% limits but below the plain 99.8% lower limit.
    assert.equal(u.flag, 'none');
    const plain = funnelPlotR(PR_ROWS, { dataType: 'PR', overdispersion: 'none' });
    assert.equal(plain.units[0]!.flag, 'low_99_8');
    assert.equal(plain.summary.phi, 0);
    assert.equal(plain.summary.tau2, 0);
    assert.equal(plain.summary.adjusted, false);
  });

  it('uses the hard-coded z constants, not qnorm', () => {
    assert.equal(PLOTR_Z95, 1.959964);
    assert.equal(PLOTR_Z998, 3.090232);
  });

  it('falls back to the unadjusted limits when φ <= 1', () => {
    const flat = [100, 200, 400, 800].map((d) => ({ numerator: d / 4, denominator: d }));
    const f = funnelPlotR(flat, { dataType: 'PR' });
    assert.equal(f.summary.phi, 0);
    assert.equal(f.summary.tau2, 0);
    assert.equal(f.summary.adjusted, false);
    assert.equal(f.summary.unadjusted, true);
    assert.ok(f.units.every((u) => u.flag === 'none'));
    assert.deepEqual(f.units[0]!.adjustedLimits, f.units[0]!.limits);
  });

  it('compares against a given target instead of the pooled proportion', () => {
    const f = funnelPlotR(PR_ROWS, { dataType: 'PR', target: 25, multiplier: 100 });
    assert.equal(f.summary.target, 25);
    // z = (asin√0.1 − asin√0.25)·20
    assertClose(f.units[0]!.z, (Math.asin(Math.sqrt(0.1)) - Math.asin(0.5)) * 20, 1e-12);
    assert.equal(f.units[0]!.value, 10);
    assert.ok(f.units[0]!.limits.upper95! <= 100);
  });

  it('keeps lower limits rising and upper limits falling along the grid (the monotonicity pass)', () => {
    for (const p of [0.02, 0.5, 0.98]) {
      const rows = [5, 50, 500, 5000].map((d) => ({ numerator: Math.round(d * p), denominator: d }));
      const f = funnelPlotR(rows, { dataType: 'PR', multiplier: 100 });
      for (const set of ['adjusted', 'unadjusted'] as const) {
        for (let i = 1; i < f.grid.length; i++) {
          const a = f.grid[i - 1]![set];
          const b = f.grid[i]![set];
          assert.ok(
            a.lower95 <= b.lower95 && a.lower99_8 <= b.lower99_8,
            `lower at ${f.grid[i]!.x} (p = ${p})`,
          );
          assert.ok(
            a.upper95 >= b.upper95 && a.upper99_8 >= b.upper99_8,
            `upper at ${f.grid[i]!.x} (p = ${p})`,
          );
          assert.ok(b.lower99_8 >= 0 && b.upper99_8 <= 100);
        }
      }
    }
  });

  it('builds the grid from seq(3, ceiling(max), length.out = 1000) joined with the denominators', () => {
    const f = funnelPlotR(PR_ROWS, { dataType: 'PR' });
    assert.equal(f.grid[0]!.x, 3);
    assert.equal(f.grid.at(-1)!.x, 300);
    // 100, 120, 150, 200, 250 are not on the seq (step 297/999); 300 is its last point.
    assert.equal(f.grid.length, 1005);
    for (let i = 1; i < f.grid.length; i++) assert.ok(f.grid[i]!.x > f.grid[i - 1]!.x);
    assert.deepEqual(f.limitsAt(100).limits, f.units[0]!.limits);
  });

  it("works out an SR grid row's exact Poisson limits when read, the same bits as worked out at once", () => {
    for (const overdispersion of ['random-effects', 'none'] as const) {
      const f = funnelPlotR(SR_ROWS, { dataType: 'SR', overdispersion });
      const params = { dataType: 'SR' as const, target: 1, tau2: f.summary.tau2 ?? 0, multiplier: 1 };
      // Read in reverse, so the order of reading cannot matter.
      for (const row of [...f.grid].reverse()) {
        assert.deepStrictEqual(row.unadjusted, limitsAtDenominator(row.x, params).unadjusted, `x = ${row.x}`);
        assert.deepStrictEqual(JSON.parse(JSON.stringify(row)).unadjusted, row.unadjusted, 'kept in JSON');
      }
      for (const u of f.units) {
        const { unadjusted } = limitsAtDenominator(u.denominator, params);
        assert.deepStrictEqual(u.limits, {
          lower95: unadjusted.lower95,
          upper95: unadjusted.upper95,
          lower99_8: unadjusted.lower99_8,
          upper99_8: unadjusted.upper99_8,
        });
        assert.equal(
          JSON.parse(JSON.stringify(u)).limits.upper95,
          unadjusted.upper95,
          "a unit's JSON keeps them",
        );
      }
    }
  });

  it('handles denominators of 1 and 10^7', () => {
    const f = funnelPlotR(
      [
        { numerator: 0, denominator: 1 },
        { numerator: 1, denominator: 1 },
        { numerator: 2_000_000, denominator: 10_000_000 },
        { numerator: 210_000, denominator: 1_000_000 },
      ],
      { dataType: 'PR' },
    );
    assert.equal(f.grid[0]!.x, 1);
    assert.equal(f.grid.at(-1)!.x, 10_000_000);
    const tiny = f.units[0]!;
    assert.equal(tiny.limits.lower95, 0);
    assert.ok(tiny.limits.upper95! <= 1);
    const big = f.units[2]!;
    assert.ok(big.limits.upper95! - big.limits.lower95! < 0.001);
  });
});

describe('SR (standardised ratios, SHMI)', () => {
  it('truncates 10% at each end by average ranks: tied top units share rank 9.5 and are both kept', () => {
    const f = funnelPlotR(SR_ROWS, { dataType: 'SR' });
    assert.equal(f.units[0]!.rank, 1);
    assert.equal(f.units[0]!.band, 0);
    assert.equal(f.units[0]!.wz, null);
    assert.equal(f.units[8]!.rank, 9.5);
    // ⌊9.5 × 10/11⌋ = 8 < 9
    assert.equal(f.units[8]!.band, 8);
    assert.equal(f.units[8]!.trimmed, false);
    assert.equal(f.units[9]!.trimmed, false);
    assert.equal(f.summary.phiN, 9);
  });

  it('computes z = √E·log(O/E), φ over the kept units and τ² with w = E', () => {
    const f = funnelPlotR(SR_ROWS, { dataType: 'SR' });
    assertClose(f.units[0]!.z, Math.sqrt(10) * Math.log(0.5), 1e-15, 'z');
    assertClose(f.summary.phi, 2.527989823406731, 1e-12, 'phi');
    assertClose(f.summary.tau2, 0.07727190119869827, 1e-11, 'tau2');
    assert.equal(f.summary.target, 1);
  });

  it('gives SHMI limits exp(∓z·√(1/E + τ²)) and exact Poisson limits without τ²', () => {
    const f = funnelPlotR(SR_ROWS, { dataType: 'SR' });
    const u = f.units[0]!;
    assertClose(u.adjustedLimits.lower95, 0.4381400060899138, 1e-10, 'od lower95');
    assertClose(u.adjustedLimits.upper95, 2.282375464692861, 1e-10, 'od upper95');
    assertClose(u.adjustedLimits.lower99_8, 0.27223187946234595, 1e-10, 'od lower99.8');
    assertClose(u.adjustedLimits.upper99_8, 3.6733390739357406, 1e-10, 'od upper99.8');
    // Published chi-square table values: χ²(0.025; 20) = 9.59078, χ²(0.975; 22) = 36.7807.
    assertClose(u.limits.lower95, 9.59078 / 2 / 10, 1e-5, 'lower95');
    assertClose(u.limits.upper95, 36.7807 / 2 / 10, 1e-5, 'upper95');
    assert.equal(u.limits.lower99_8, qchisq(0.001, 20) / 2 / 10);
    assert.equal(u.limits.upper99_8, qchisq(0.999, 22) / 2 / 10);
    assert.equal(u.flag, 'none');
  });

  it('rounds summed expected counts to 2 decimals unless told not to', () => {
    const rows = [
      { group: 'A', numerator: 5, denominator: 10.004 },
      { group: 'A', numerator: 5, denominator: 0.002 },
      { group: 'B', numerator: 9, denominator: 10 },
    ];
    assert.equal(funnelPlotR(rows, { dataType: 'SR' }).units[0]!.denominator, 10.01);
    assert.equal(funnelPlotR(rows, { dataType: 'SR', shmiRounding: false }).units[0]!.denominator, 10.006);
  });

  it('gives −Inf z for 0 observed, ranks it lowest, and flags it low', () => {
    const rows = SR_ROWS.map((r, i) => (i === 0 ? { numerator: 0, denominator: 10 } : r));
    const f = funnelPlotR(rows, { dataType: 'SR' });
    assert.equal(f.units[0]!.z, Number.NEGATIVE_INFINITY);
    assert.equal(f.units[0]!.rank, 1);
    assert.equal(f.units[0]!.trimmed, true);
    assert.equal(f.units[0]!.value, 0);
    assert.equal(f.units[0]!.flag, 'low_99_8');
  });

  it('follows R for a single unit: φ = z², and τ² is infinite (Σw − Σw²/Σw = 0)', () => {
    const f = funnelPlotR([{ numerator: 5, denominator: 10 }], { dataType: 'SR' });
    assertClose(f.summary.phi, 10 * Math.log(0.5) ** 2, 1e-14, 'phi');
    assert.equal(f.summary.tau2, Number.POSITIVE_INFINITY);
    assert.equal(f.units[0]!.flag, 'none');
    const zero = funnelPlotR([{ numerator: 10, denominator: 10 }], { dataType: 'SR' });
    // z = 0 → φ = 0 → τ² = 0/0: R's NaN, reported as null; no over-dispersion, so unadjusted.
    assert.equal(zero.summary.phi, 0);
    assert.equal(zero.summary.tau2, null);
    assert.equal(zero.summary.adjusted, false);
    assert.equal(zero.units[0]!.adjustedLimits.upper95, null);
    assert.equal(zero.units[0]!.flag, 'none');
  });

  it('keeps the limits monotone in the expected count', () => {
    const f = funnelPlotR(SR_ROWS, { dataType: 'SR' });
    for (let i = 1; i < f.grid.length; i++) {
      const a = f.grid[i - 1]!;
      const b = f.grid[i]!;
      assert.ok(a.adjusted.upper95 >= b.adjusted.upper95 && a.adjusted.lower95 <= b.adjusted.lower95);
      assert.ok(
        a.unadjusted.upper99_8 >= b.unadjusted.upper99_8 && a.unadjusted.lower99_8 <= b.unadjusted.lower99_8,
      );
    }
    assert.equal(f.grid[0]!.x, 1.1);
    const off = f.limitsAt(12.345);
    assert.ok(off.limits.lower95! < f.limitsAt(20).limits.lower95!);
  });
});

describe('grouping and input', () => {
  it('sums rows per group and orders groups by bytes (capitals before lower case, é last)', () => {
    const rows: PlotrRow[] = [
      { group: 'b', numerator: 1, denominator: 10 },
      { group: 'é', numerator: 2, denominator: 10 },
      { group: 'B', numerator: 3, denominator: 10 },
      { group: 'a', numerator: 4, denominator: 10 },
      { group: 'a', numerator: 1, denominator: 10 },
    ];
    const f = funnelPlotR(rows, { dataType: 'PR' });
    assert.deepEqual(
      f.units.map((u) => u.group),
      ['B', 'a', 'b', 'é'],
    );
    assert.equal(f.units[1]!.numerator, 5);
    assert.equal(f.units[1]!.denominator, 20);
    assert.deepEqual(f.rowUnit, [2, 3, 0, 1, 1]);
  });

  it('leaves rows with a missing value out', () => {
    const f = funnelPlotR([{ numerator: null, denominator: 10 }, ...PR_ROWS], { dataType: 'PR' });
    assert.equal(f.rowUnit[0], null);
    assert.equal(f.units.length, 6);
    assertClose(f.summary.phi, 3.9364980052592897, 1e-12, 'phi unchanged');
  });

  it('rejects bad input, naming the row and field', () => {
    const bad = (
      rows: PlotrRow[],
      opts: Parameters<typeof funnelPlotR>[1],
      row: number | null,
      field: string,
    ) =>
      assert.throws(
        () => funnelPlotR(rows, opts),
        (e: unknown) => e instanceof StatsInputError && e.row === row && e.field === field,
      );
    bad([{ numerator: -1, denominator: 10 }], { dataType: 'PR' }, 0, 'numerator');
    bad(
      [
        { numerator: 1, denominator: 10 },
        { numerator: 1, denominator: 0 },
      ],
      { dataType: 'SR' },
      1,
      'denominator',
    );
    bad([{ numerator: 11, denominator: 10 }], { dataType: 'PR' }, 0, 'numerator');
    bad(PR_ROWS, { dataType: 'PR', trim: 0.5 }, null, 'trim');
    bad(SR_ROWS, { dataType: 'SR', trim: 0 }, null, 'trim');
    bad(SR_ROWS, { dataType: 'SR', target: 1 }, null, 'target');
    bad(PR_ROWS, { dataType: 'PR', multiplier: 0 }, null, 'multiplier');
    // Numerators above the expected count are fine for ratios.
    assert.equal(funnelPlotR([{ numerator: 11, denominator: 10 }], { dataType: 'SR' }).units[0]!.value, 1.1);
  });
});
