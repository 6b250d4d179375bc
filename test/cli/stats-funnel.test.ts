/**
 * `fairview stats funnel`, both families, run as analysts run it. Expected values are worked from the
 * spec: the PHE Wilson funnel's limits are the score-test boundary target ∓ z·√(target(1 − target)/N)
 * (qnorm's z); FunnelPlotR's PR limits are sin²(asin√target ∓ z·√(1/(4N) + τ²)) and SHMI's adjusted
 * limits exp(∓z·√(1/E + τ²)), with its hard-coded z = 1.959964 and 3.090232; φ and τ² are recomputed
 * here from the winsorised z-scores (R's type-7 quantiles) and the additive random-effects formula.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv, runStats } from './stats-run.ts';

const Z95 = 1.959963984540054;
const PLOTR_Z95 = 1.959964;
const PLOTR_Z998 = 3.090232;

function close(actual: unknown, expected: number, what: string, tolerance = 1e-10): void {
  const a = Number(actual);
  assert.ok(
    Math.abs(a - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${what}: ${a} vs ${expected}`,
  );
}

// Twelve screening programmes (x of n) with clear over-dispersion, and SHMI-like observed/expected deaths.
const trusts = [
  'trust,deaths,expected,screened,eligible',
  'T00,138,143.056,1083,1435',
  'T01,58,55.769,2807,4974',
  'T02,233,212.826,309,507',
  'T03,242,229.398,517,684',
  'T04,55,67.045,1146,2028',
  'T05,218,242.506,481,606',
  'T06,36,37.701,747,1290',
  'T07,147,137.223,967,1680',
  'T08,215,237.058,983,1739',
  'T09,52,42.648,1272,1887',
  'T10,169,222.054,1775,2773',
  'T11,0,5,1211,1672',
  '',
].join('\n');
const table = parseCsv(trusts).rows.map((r) => ({
  o: Number(r[1]),
  e: Number(r[2]),
  x: Number(r[3]),
  n: Number(r[4]),
}));

function quantile7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!);
}

describe('fairview stats funnel --method wilson (PHEindicatormethods)', () => {
  it('gives each row its value, the pooled target, a score z, limits at its denominator and a flag', () => {
    const run = runStats('funnel', trusts, [
      '--numerator',
      'screened',
      '--denominator',
      'eligible',
      '--method',
      'wilson',
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    const target = table.reduce((s, t) => s + t.x, 0) / table.reduce((s, t) => s + t.n, 0);
    assert.deepEqual(Object.keys(json.rows[0]).slice(5), [
      'value',
      'target',
      'z',
      'lower_95',
      'upper_95',
      'lower_99_8',
      'upper_99_8',
      'flag',
    ]);
    json.rows.forEach((row: Record<string, number | string>, i: number) => {
      const { x, n } = table[i]!;
      const se = Math.sqrt((target * (1 - target)) / n);
      close(row.value, x / n, `value ${i}`);
      close(row.target, target, `target ${i}`);
      close(row.z, (x / n - target) / se, `z ${i}`);
      close(row.lower_95, target - Z95 * se, `lower_95 ${i}`);
      close(row.upper_95, target + Z95 * se, `upper_95 ${i}`);
    });
    // T02 screens 61% against 63% pooled on 507: inside; T01 56% on 4,974: far below.
    assert.equal(json.rows[2].flag, 'none');
    assert.equal(json.rows[1].flag, 'low_99_8');
    assert.deepEqual(json.summary, {
      phi: null,
      tau2: null,
      adjusted: false,
      target: json.rows[0].target,
      n: 12,
    });
  });

  it('refuses a numerator above its denominator, naming the data line and column', () => {
    const run = runStats('funnel', trusts.replace('T04,55,67.045,1146,2028', 'T04,55,67.045,3000,2028'), [
      '--numerator',
      'screened',
      '--denominator',
      'eligible',
      '--method',
      'wilson',
      '--out',
      'OUT',
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /data line 5, column 'screened'/);
    assert.equal(run.out, null);
  });
});

describe('fairview stats funnel --method poisson (PHEindicatormethods ratios)', () => {
  it('flags a unit with 0 observed of 5 expected as low at 95% only', () => {
    // Exact upper limits for 0 events: −ln(0.025) = 3.69 (95%) and −ln(0.001) = 6.91 (99.8%).
    // Against 5 expected: 3.69/5 < 1 → low at 95%; 6.91/5 > 1 → not low at 99.8%.
    const run = runStats('funnel', trusts, [
      '--numerator',
      'deaths',
      '--denominator',
      'expected',
      '--method',
      'poisson',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const rows = parseCsv(run.stdout).rows;
    assert.equal(rows.at(-1)!.at(-1), 'low_95');
    close(rows.at(-1)![6], 1, 'target');
  });
  it('judges rates against their weighted average, with dsr rates below 10 events not applicable', () => {
    const csv = 'area,deaths,dsr,pop\nA,5,120.5,4000\nB,40,210.2,20000\nC,120,180.3,65000\n';
    const run = runStats('funnel', csv, [
      '--numerator',
      'deaths',
      '--denominator',
      'pop',
      '--method',
      'poisson',
      '--kind',
      'rate',
      '--rate',
      'dsr',
      '--rate-type',
      'dsr',
      '--years',
      '3',
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const rows = JSON.parse(run.stdout).rows;
    // Derived denominators D = 100,000 × deaths / dsr; the target is Σdeaths / ΣD × 100,000.
    const d = [
      [5, 120.5],
      [40, 210.2],
      [120, 180.3],
    ].map(([x, r]) => (x! / r!) * 1e5);
    close(rows[0].target, (165 / d.reduce((s, v) => s + v, 0)) * 1e5, 'weighted average');
    assert.equal(rows[0].flag, 'not_applicable');
    assert.equal(rows[0].z, null);
    // --years adds the annual population the rate is charted against: (100,000 × 40 / 210.2) / 3.
    close(rows[1].denominator_derived, (1e5 * 40) / 210.2 / 3, 'denominator_derived');
  });
});

describe('fairview stats funnel --method arcsine (FunnelPlotR PR)', () => {
  it('writes unadjusted and random-effects adjusted limits, and flags from the adjusted set when φ > 1', () => {
    const run = runStats('funnel', trusts, [
      '--numerator',
      'screened',
      '--denominator',
      'eligible',
      '--method',
      'arcsine',
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    const target = table.reduce((s, t) => s + t.x, 0) / table.reduce((s, t) => s + t.n, 0);
    const z = table.map(
      (t) => (Math.asin(Math.sqrt(t.x / t.n)) - Math.asin(Math.sqrt(target))) * 2 * Math.sqrt(t.n),
    );
    const sorted = [...z].sort((a, b) => a - b);
    const lz = quantile7(sorted, 0.1);
    const uz = quantile7(sorted, 0.9);
    const phi = z.reduce((s, v) => s + Math.min(uz, Math.max(lz, v)) ** 2, 0) / z.length;
    const w = table.map((t) => 4 * t.n);
    const sw = w.reduce((s, v) => s + v, 0);
    const sw2 = w.reduce((s, v) => s + v * v, 0);
    const tau2 = Math.max(0, (z.length * phi - (z.length - 1)) / (sw - sw2 / sw));
    close(json.summary.phi, phi, 'phi');
    close(json.summary.tau2, tau2, 'tau2');
    assert.equal(json.summary.adjusted, true);
    assert.equal(json.summary.n, 12);
    const at = (n: number, zz: number, t2: number, sign: 1 | -1) =>
      Math.sin(Math.asin(Math.sqrt(target)) + sign * zz * Math.sqrt(1 / (4 * n) + t2)) ** 2;
    json.rows.forEach((row: Record<string, number | string>, i: number) => {
      const { n } = table[i]!;
      close(row.z, z[i]!, `z ${i}`);
      close(row.lower_95, at(n, PLOTR_Z95, 0, -1), `lower_95 ${i}`);
      close(row.upper_99_8, at(n, PLOTR_Z998, 0, 1), `upper_99_8 ${i}`);
      close(row.adjusted_lower_95, at(n, PLOTR_Z95, tau2, -1), `adjusted_lower_95 ${i}`);
      close(row.adjusted_upper_99_8, at(n, PLOTR_Z998, tau2, 1), `adjusted_upper_99_8 ${i}`);
      const v = Number(row.value);
      const expected =
        v > Number(row.adjusted_upper_99_8)
          ? 'high_99_8'
          : v > Number(row.adjusted_upper_95)
            ? 'high_95'
            : v < Number(row.adjusted_lower_99_8)
              ? 'low_99_8'
              : v < Number(row.adjusted_lower_95)
                ? 'low_95'
                : 'none';
      assert.equal(row.flag, expected, `flag ${i}`);
    });
  });

  it('writes no adjusted columns with --overdispersion none, and reports φ = τ² = 0 as the reference does', () => {
    const run = runStats('funnel', trusts, [
      '--numerator',
      'screened',
      '--denominator',
      'eligible',
      '--method',
      'arcsine',
      '--overdispersion',
      'none',
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.ok(!('adjusted_lower_95' in json.rows[0]));
    assert.deepEqual([json.summary.phi, json.summary.tau2, json.summary.adjusted], [0, 0, false]);
  });
});

describe('fairview stats funnel --method shmi (FunnelPlotR SR)', () => {
  it('rounds expected deaths to 2 decimals unless told not to, and gives z = √E·log(O/E)', () => {
    const rounded = runStats('funnel', trusts, [
      '--numerator',
      'deaths',
      '--denominator',
      'expected',
      '--method',
      'shmi',
    ]);
    assert.equal(rounded.code, 0, rounded.stderr);
    const out = parseCsv(rounded.stdout);
    assert.deepEqual(out.header.slice(5), [
      'value',
      'target',
      'z',
      'lower_95',
      'upper_95',
      'lower_99_8',
      'upper_99_8',
      'adjusted_lower_95',
      'adjusted_upper_95',
      'adjusted_lower_99_8',
      'adjusted_upper_99_8',
      'flag',
    ]);
    // FunnelPlotR takes rr = O/E in aggregate_func, before rounding E; only z and the limits use 143.06.
    close(out.rows[0]![5], 138 / 143.056, 'value with rounding');
    close(out.rows[0]![7], Math.sqrt(143.06) * Math.log(138 / 143.06), 'z');
    // 0 observed deaths: z is −∞, written as R writes it.
    assert.equal(out.rows.at(-1)![7], '-Inf');
    const unrounded = runStats('funnel', trusts, [
      '--numerator',
      'deaths',
      '--denominator',
      'expected',
      '--method',
      'shmi',
      '--no-shmi-rounding',
      '--format',
      'json',
    ]);
    assert.equal(unrounded.code, 0, unrounded.stderr);
    const json = JSON.parse(unrounded.stdout);
    close(json.rows[0].value, 138 / 143.056, 'value without rounding');
    assert.equal(json.rows.at(-1).z, null);
    const tau2 = json.summary.tau2;
    if (json.summary.adjusted) {
      close(
        json.rows[0].adjusted_lower_95,
        Math.exp(-PLOTR_Z95 * Math.sqrt(1 / 143.056 + tau2)),
        'adjusted_lower_95',
      );
    }
  });

  it('refuses options that do not apply to the chosen method as usage errors', () => {
    const run = runStats('funnel', trusts, [
      '--numerator',
      'deaths',
      '--denominator',
      'expected',
      '--method',
      'wilson',
      '--overdispersion',
      'random-effects',
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--overdispersion random-effects applies to --method arcsine or shmi only/);
  });
});
