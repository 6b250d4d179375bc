/**
 * Fairview against the real reference implementations, at relative tolerance 1e-9 (absolute 1e-12 near
 * zero) and labels exactly. The fixtures in test/stats/reference/ are the outputs of the R sources of
 * PHEindicatormethods, FunnelPlotR and NHSRplotthedots (and of R's own primitives) on the inputs beside
 * them, made by test/stats/reference/make-reference.R (see the README there for versions and how to
 * remake them). Only the spec's "Deliberate differences" are mapped before comparing; each place that
 * does so says which difference it is.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../src/cli/stats/csv-reader.ts';
import {
  accurateSum,
  rankAverage,
  roundHalfEven,
  quantileType7 as rQuantileType7,
  rRound,
  rSeqLength,
  rWholeNumberText,
  rWholeNumberWidth,
} from '../../src/stats/funnel-r-semantics.ts';
import {
  assignFunnelSignificance,
  BOTH_LEVELS,
  type ConfidenceLevels,
  calculateFunnelLimits,
  calculateFunnelPoints,
  confidenceLabel,
  dsrByGroup,
  type FunnelLimits,
  funnelPlotR,
  isrByGroup,
  type LevelLimits,
  meansByGroup,
  type PheFunnelOptions,
  type PheFunnelRow,
  type PlotrOptions,
  pheFunnelRows,
  proportions,
  proportionsByGroup,
  qchisq,
  qnorm,
  qt,
  quantileType7,
  rates,
  ratesByGroup,
  type SpcOptions,
  type SpcRow,
  spc,
  spcSummary,
} from '../../src/stats/index.ts';
import { rMean } from '../../src/stats/spc-limits.ts';
import {
  bool,
  Comparison,
  type FixtureRow,
  num,
  REFERENCE_DIR,
  readFixture,
  req,
  text,
} from './reference-fixtures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function at(limits: readonly LevelLimits[], level: number): LevelLimits {
  const found = limits.find((l) => Math.abs(l.level - level) < 1e-12);
  assert.ok(found, `no limits at level ${level}`);
  return found;
}

/** R's limit columns for one or two levels: lowercl/uppercl, or lower95_0cl … upper99_8cl. */
function compareLimits(
  c: Comparison,
  label: string,
  limits: readonly LevelLimits[],
  r: FixtureRow,
  levels: ConfidenceLevels,
): void {
  if (levels.length === 2) {
    c.cell(`${label} lower95`, at(limits, 0.95).lower, r.lower95_0cl);
    c.cell(`${label} upper95`, at(limits, 0.95).upper, r.upper95_0cl);
    c.cell(`${label} lower99.8`, at(limits, 0.998).lower, r.lower99_8cl);
    c.cell(`${label} upper99.8`, at(limits, 0.998).upper, r.upper99_8cl);
  } else {
    c.cell(`${label} lower`, at(limits, levels[0]!).lower, r.lowercl);
    c.cell(`${label} upper`, at(limits, levels[0]!).upper, r.uppercl);
  }
  c.same(`${label} confidence label`, confidenceLabel(levels), text(r.confidence));
}

function byKey(rows: readonly FixtureRow[], key: (r: FixtureRow) => string): Map<string, FixtureRow> {
  return new Map(rows.map((r) => [key(r), r]));
}

function stats(args: string[]): string {
  return execFileSync(process.execPath, ['bin/fairview.js', 'stats', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

describe('PHEindicatormethods: proportions (phe_proportion, Wilson)', () => {
  const input = readFixture('phe-proportion-input');
  const rows = input.map((r) => ({ numerator: num(r.x), denominator: num(r.n) }));

  for (const [fixture, multiplier, levels] of [
    ['phe-proportion-m100', 100, BOTH_LEVELS],
    ['phe-proportion-m1-95', 1, [0.95]],
    ['phe-proportion-m1000-998', 1000, [0.998]],
  ] as const) {
    it(`agrees row by row with R (${fixture}: multiplier ${multiplier}, levels ${levels.join(' and ')})`, () => {
      const c = new Comparison(fixture);
      const ours = proportions(rows, { multiplier, levels });
      readFixture(fixture).forEach((r, i) => {
        c.cell(`${r.id} value`, ours[i]!.value, r.value);
        compareLimits(c, r.id!, ours[i]!.limits, r, levels);
        c.same(`${r.id} method`, ours[i]!.method, r.method);
      });
      c.done();
    });
  }

  it('sums numerators and denominators per group, a missing value making the group missing', () => {
    const c = new Comparison('phe-proportion-grouped');
    const grouped = readFixture('phe-proportion-grouped-input').map((r) => ({
      group: r.g!,
      numerator: num(r.x),
      denominator: num(r.n),
    }));
    const ours = new Map(proportionsByGroup(grouped, {}).map((g) => [g.group, g]));
    for (const r of readFixture('phe-proportion-grouped')) {
      const g = ours.get(r.g!);
      assert.ok(g, `group ${r.g} missing from Fairview's output`);
      c.cell(`${r.g} x`, g.numerator, r.x);
      c.cell(`${r.g} n`, g.denominator, r.n);
      c.cell(`${r.g} value`, g.value, r.value);
      compareLimits(c, r.g!, g.limits, r, BOTH_LEVELS);
    }
    c.done();
  });

  it('the command line writes the same numbers as R (fairview stats proportion --multiplier 100)', () => {
    const out = parseCsv(
      stats([
        'proportion',
        `${REFERENCE_DIR}phe-proportion-input.csv`,
        '--numerator',
        'x',
        '--denominator',
        'n',
        '--multiplier',
        '100',
      ]),
    );
    const col = (name: string) => out.header.indexOf(name);
    const c = new Comparison('cli proportion');
    readFixture('phe-proportion-m100').forEach((r, i) => {
      const cells = out.rows[i]!;
      c.cell(`${r.id} value`, num(cells[col('value')]), r.value);
      c.cell(`${r.id} lower_95`, num(cells[col('lower_95')]), r.lower95_0cl);
      c.cell(`${r.id} upper_95`, num(cells[col('upper_95')]), r.upper95_0cl);
      c.cell(`${r.id} lower_99_8`, num(cells[col('lower_99_8')]), r.lower99_8cl);
      c.cell(`${r.id} upper_99_8`, num(cells[col('upper_99_8')]), r.upper99_8cl);
    });
    c.done();
  });
});

describe('PHEindicatormethods: crude rates (phe_rate, exact below 10 events, Byar from 10)', () => {
  const input = readFixture('phe-rate-input');
  const rows = input.map((r) => ({ numerator: num(r.x), denominator: num(r.n) }));

  for (const [fixture, multiplier, levels] of [
    ['phe-rate-m100000', 100000, BOTH_LEVELS],
    ['phe-rate-m1000-95', 1000, [0.95]],
  ] as const) {
    it(`agrees row by row with R (${fixture})`, () => {
      const c = new Comparison(fixture);
      const ours = rates(rows, { multiplier, levels });
      readFixture(fixture).forEach((r, i) => {
        c.cell(`${r.id} value`, ours[i]!.value, r.value);
        compareLimits(c, r.id!, ours[i]!.limits, r, levels);
        c.same(`${r.id} method`, ours[i]!.method, text(r.method));
      });
      c.done();
    });
  }

  it('sums per group before computing the rate', () => {
    const c = new Comparison('phe-rate-grouped');
    const grouped = readFixture('phe-rate-grouped-input').map((r) => ({
      group: r.g!,
      numerator: num(r.x),
      denominator: num(r.n),
    }));
    const ours = new Map(ratesByGroup(grouped, {}).map((g) => [g.group, g]));
    for (const r of readFixture('phe-rate-grouped')) {
      const g = ours.get(r.g!)!;
      c.cell(`${r.g} x`, g.numerator, r.x);
      c.cell(`${r.g} n`, g.denominator, r.n);
      c.cell(`${r.g} value`, g.value, r.value);
      compareLimits(c, r.g!, g.limits, r, BOTH_LEVELS);
      c.same(`${r.g} method`, g.method, text(r.method));
    }
    c.done();
  });
});

describe('PHEindicatormethods: means (phe_mean, Student t)', () => {
  const grouped = readFixture('phe-mean-input').map((r) => ({ group: r.g!, value: num(r.v) }));
  for (const [fixture, levels] of [
    ['phe-mean', BOTH_LEVELS],
    ['phe-mean-95', [0.95]],
  ] as const) {
    it(`agrees per group with R (${fixture}; a single value has no sd and no limits, R's NaN)`, () => {
      const c = new Comparison(fixture);
      const ours = new Map(meansByGroup(grouped, { levels }).map((g) => [g.group, g]));
      for (const r of readFixture(fixture)) {
        const g = ours.get(r.g!)!;
        c.cell(`${r.g} sum`, g.sum, r.value_sum);
        c.cell(`${r.g} count`, g.count, r.value_count);
        c.cell(`${r.g} sd`, g.sd, r.stdev);
        c.cell(`${r.g} value`, g.value, r.value);
        compareLimits(c, r.g!, g.limits, r, levels);
        c.same(`${r.g} method`, g.method, r.method);
      }
      c.done();
    });
  }
});

describe('PHEindicatormethods: directly standardised rates (calculate_dsr, Dobson)', () => {
  const rows = readFixture('phe-dsr-input').map((r) => ({
    group: r.g!,
    count: num(r.x),
    population: num(r.n),
    standard: num(r.stdpop),
    ageBand: r.ageband!,
  }));
  for (const [fixture, multiplier, levels] of [
    ['phe-dsr', 100000, BOTH_LEVELS],
    ['phe-dsr-m1000-95', 1000, [0.95]],
  ] as const) {
    it(`agrees per group with R, suppressing totals below 10 (${fixture})`, () => {
      const c = new Comparison(fixture);
      const ours = new Map(dsrByGroup(rows, { multiplier, levels }).map((g) => [g.group, g]));
      for (const r of readFixture(fixture)) {
        const g = ours.get(r.g!)!;
        c.cell(`${r.g} total_count`, g.totalCount, r.total_count);
        c.cell(`${r.g} total_pop`, g.totalPopulation, r.total_pop);
        c.cell(`${r.g} value`, g.value, r.value);
        compareLimits(c, r.g!, g.limits, r, levels);
        c.same(`${r.g} suppressed`, g.suppressed, r.statistic === 'dsr NA for total count < 10');
        c.same(`${r.g} method`, g.method, r.method);
      }
      c.done();
    });
  }

  it('adjusts the limits for non-independent events as R does', () => {
    const c = new Comparison('phe-dsr-nonindependent');
    const ni = readFixture('phe-dsr-nonindependent-input').map((r) => ({
      group: r.g!,
      ageBand: r.ageband!,
      eventFrequency: num(r.freq),
      count: num(r.persons),
      population: num(r.n),
      standard: num(r.stdpop),
    }));
    const ours = new Map(dsrByGroup(ni, { independentEvents: false }).map((g) => [g.group, g]));
    for (const r of readFixture('phe-dsr-nonindependent')) {
      const g = ours.get(r.g!)!;
      c.cell(`${r.g} total_count`, g.totalCount, r.total_count);
      c.cell(`${r.g} total_pop`, g.totalPopulation, r.total_pop);
      c.cell(`${r.g} value`, g.value, r.value);
      compareLimits(c, r.g!, g.limits, r, BOTH_LEVELS);
      c.same(`${r.g} method`, g.method, r.method);
    }
    c.done();
  });

  it('the command line (fairview stats dsr --standard-population) writes the same numbers as R', () => {
    const out = parseCsv(
      stats([
        'dsr',
        `${REFERENCE_DIR}phe-dsr-input.csv`,
        '--count',
        'x',
        '--population',
        'n',
        '--age-band',
        'ageband',
        '--group-by',
        'g',
        '--standard-population',
        'stdpop',
      ]),
    );
    const col = (name: string) => out.header.indexOf(name);
    const ours = new Map(out.rows.map((cells) => [cells[col('g')]!, cells]));
    const c = new Comparison('cli dsr');
    for (const r of readFixture('phe-dsr')) {
      const cells = ours.get(r.g!)!;
      c.cell(`${r.g} total_count`, num(cells[col('total_count')]), r.total_count);
      c.cell(`${r.g} value`, num(cells[col('value')]), r.value);
      c.cell(`${r.g} lower_95`, num(cells[col('lower_95')]), r.lower95_0cl);
      c.cell(`${r.g} upper_99_8`, num(cells[col('upper_99_8')]), r.upper99_8cl);
    }
    c.done();
  });
});

describe('PHEindicatormethods: indirect standardisation (calculate_ISRatio, calculate_ISRate)', () => {
  const input = readFixture('phe-isr-input');
  const rows = input.map((r) => ({
    group: r.g!,
    count: num(r.x),
    population: num(r.n),
    referenceCount: num(r.xref),
    referencePopulation: num(r.nref),
  }));

  function compareIsr(
    fixture: string,
    ours: ReturnType<typeof isrByGroup>,
    levels: ConfidenceLevels,
    rate: boolean,
  ): void {
    const c = new Comparison(fixture);
    const byGroup = new Map(ours.map((g) => [g.group, g]));
    for (const r of readFixture(fixture)) {
      const g = byGroup.get(r.g!)!;
      c.cell(`${r.g} observed`, g.observed, r.observed);
      c.cell(`${r.g} expected`, g.expected, r.expected);
      if (rate) c.cell(`${r.g} ref_rate`, g.referenceRate, r.ref_rate);
      c.cell(`${r.g} value`, g.value, r.value);
      compareLimits(c, r.g!, g.limits, r, levels);
      c.same(`${r.g} method`, g.method, text(r.method));
    }
    c.done();
  }

  it('ratios with reference fields, × 100 (SMR scale)', () => {
    compareIsr(
      'phe-isratio-field-100',
      isrByGroup(rows, { kind: 'ratio', referenceValue: 100 }),
      BOTH_LEVELS,
      false,
    );
  });

  it('ratios with reference vectors matched by position, 95% only', () => {
    const ours = isrByGroup(
      rows.map(({ group, count, population }) => ({ group, count, population })),
      {
        kind: 'ratio',
        levels: [0.95],
        reference: {
          type: 'vector',
          counts: [95000, 160000, 250000],
          populations: [45000000, 6000000, 5000000],
        },
      },
    );
    compareIsr('phe-isratio-vector-95', ours, [0.95], false);
  });

  it('rates: observed/expected × the crude reference rate', () => {
    compareIsr('phe-israte-field', isrByGroup(rows, { kind: 'rate' }), BOTH_LEVELS, true);
  });
});

describe('PHEindicatormethods: funnel significance, points and limits (Fingertips)', () => {
  const FLAG: Record<string, string> = {
    'High (0.001)': 'high_99_8',
    'High (0.025)': 'high_95',
    'Low (0.001)': 'low_99_8',
    'Low (0.025)': 'low_95',
    'Not significant': 'none',
    'Not applicable for events less than 10 for dsrs': 'not_applicable',
  };

  function significanceCase(
    fixture: string,
    rows: PheFunnelRow[],
    options: PheFunnelOptions,
    ids: string[],
  ): void {
    const c = new Comparison(fixture);
    const ours = assignFunnelSignificance(rows, options);
    const flags = pheFunnelRows(rows, options).rows;
    readFixture(fixture).forEach((r, i) => {
      c.same(`${ids[i]} significance`, ours.significance[i], r.significance);
      c.same(`${ids[i]} flag`, flags[i]!.flag, FLAG[r.significance!]);
    });
    c.done();
  }

  const prop = readFixture('phe-funnel-proportion-input');
  const propRows = prop.map((r) => ({ numerator: num(r.num), denominator: num(r.den) }));
  const ratio = readFixture('phe-funnel-ratio-input');
  const ratioRows = ratio.map((r) => ({ numerator: num(r.obs), denominator: num(r.exp) }));
  const crude = readFixture('phe-funnel-rate-crude-input');
  const crudeRows = crude.map((r) => ({ numerator: num(r.num), denominator: num(r.den), rate: num(r.rate) }));
  const dsr = readFixture('phe-funnel-rate-dsr-input');
  const dsrRows = dsr.map((r) => ({ numerator: num(r.num), denominator: num(r.den), rate: num(r.rate) }));
  const narrow = readFixture('phe-funnel-proportion-narrow-input');
  const narrowRows = narrow.map((r) => ({ numerator: num(r.num), denominator: num(r.den) }));

  it('assigns the same significance labels as R: proportions (Wilson)', () => {
    significanceCase(
      'phe-funnel-proportion-significance',
      propRows,
      { statistic: 'proportion' },
      prop.map((r) => r.id!),
    );
    significanceCase(
      'phe-funnel-proportion-narrow-significance',
      narrowRows,
      { statistic: 'proportion' },
      narrow.map((r) => r.id!),
    );
  });

  it('assigns the same significance labels as R: ratios (exact below 10, Byar from 10)', () => {
    significanceCase(
      'phe-funnel-ratio-significance',
      ratioRows,
      { statistic: 'ratio' },
      ratio.map((r) => r.id!),
    );
  });

  it('assigns the same significance labels as R: crude and directly standardised rates', () => {
    const crudeOptions: PheFunnelOptions = { statistic: 'rate', rateType: 'crude', multiplier: 100000 };
    significanceCase(
      'phe-funnel-rate-crude-significance',
      crudeRows,
      crudeOptions,
      crude.map((r) => r.id!),
    );
    const dsrOptions: PheFunnelOptions = { statistic: 'rate', rateType: 'dsr', multiplier: 100000 };
    significanceCase(
      'phe-funnel-rate-dsr-significance',
      dsrRows,
      dsrOptions,
      dsr.map((r) => r.id!),
    );
  });

  it('calculate_funnel_points: the same chart rates and derived annual populations', () => {
    for (const [fixture, rows, rateType, years] of [
      ['phe-funnel-rate-crude-points', crudeRows, 'crude', 3],
      ['phe-funnel-rate-dsr-points', dsrRows, 'dsr', 1],
    ] as const) {
      const c = new Comparison(fixture);
      const ours = calculateFunnelPoints(rows, { statistic: 'rate', rateType, multiplier: 100000, years });
      readFixture(fixture).forEach((r, i) => {
        c.cell(`${r.id} rate_chart`, ours[i]!.rateChart, r.rate_chart);
        c.cell(`${r.id} denominator_derived`, ours[i]!.denominatorDerived, r.denominator_derived);
      });
      c.done();
    }
  });

  function limitsCase(
    fixture: string,
    rows: PheFunnelRow[],
    options: Parameters<typeof calculateFunnelLimits>[1],
    capAt: number | null,
  ): void {
    const c = new Comparison(fixture);
    const table = calculateFunnelLimits(rows, options);
    const expected = readFixture(fixture);
    c.same('rows', table.rows.length, expected.length);
    const axis = table.axisName;
    // Deliberate difference: the proportion upper limit is capped at 1 × multiplier, R caps at 100.
    const cap = (v: number | null) => (capAt === null || v === null ? v : Math.min(v, capAt));
    expected.forEach((r, i) => {
      const ours = table.rows[i];
      if (!ours) return;
      c.cell(`row ${i + 1} ${axis}`, ours.x, r[axis]);
      c.cell(`row ${i + 1} lower_2s_limit`, ours.lower95, r.lower_2s_limit);
      c.number(`row ${i + 1} upper_2s_limit`, ours.upper95, cap(num(r.upper_2s_limit)));
      c.cell(`row ${i + 1} lower_3s_limit`, ours.lower99_8, r.lower_3s_limit);
      c.number(`row ${i + 1} upper_3s_limit`, ours.upper99_8, cap(num(r.upper_3s_limit)));
      if ('baseline' in r) c.cell(`row ${i + 1} baseline`, ours.baseline, r.baseline);
      for (const [ourKey, rKey] of [
        ['lower95', 'lower_2s'],
        ['upper95', 'upper_2s'],
        ['lower99_8', 'lower_3s'],
        ['upper99_8', 'upper_3s'],
      ] as const) {
        const cell = r[`${rKey}_exp_events`] ?? r[`${rKey}_population_1_year`];
        if (cell !== undefined) c.cell(`row ${i + 1} ${rKey} expected`, ours.expected?.[ourKey], cell);
      }
      c.same(`row ${i + 1} statistic`, table.statistic, r.statistic);
      c.same(`row ${i + 1} method`, table.method, r.method);
    });
    c.done();
  }

  it('calculate_funnel_limits: the same 100-row tables for proportions (axis from 0, and rounded down)', () => {
    limitsCase(
      'phe-funnel-proportion-limits-m100',
      propRows,
      { statistic: 'proportion', multiplier: 100 },
      null,
    );
    limitsCase('phe-funnel-proportion-limits-m1', propRows, { statistic: 'proportion', multiplier: 1 }, 1);
    limitsCase(
      'phe-funnel-proportion-narrow-limits',
      narrowRows,
      { statistic: 'proportion', multiplier: 100 },
      null,
    );
  });

  it('calculate_funnel_limits: the same tables for ratios (count and isr)', () => {
    for (const ratioType of ['count', 'isr'] as const) {
      limitsCase(
        `phe-funnel-ratio-limits-${ratioType}`,
        ratioRows,
        { statistic: 'ratio', multiplier: 1, ratioType },
        null,
      );
    }
  });

  it('calculate_funnel_limits: the same tables for crude (3 years) and dsr rates', () => {
    limitsCase(
      'phe-funnel-rate-crude-limits',
      crudeRows,
      { statistic: 'rate', rateType: 'crude', multiplier: 100000, years: 3 },
      null,
    );
    limitsCase(
      'phe-funnel-rate-dsr-limits',
      dsrRows,
      { statistic: 'rate', rateType: 'dsr', multiplier: 100000, years: 1 },
      null,
    );
  });

  it('the command line (fairview stats funnel --method wilson) flags as R does', () => {
    const out = parseCsv(
      stats([
        'funnel',
        `${REFERENCE_DIR}phe-funnel-proportion-input.csv`,
        '--numerator',
        'num',
        '--denominator',
        'den',
        '--method',
        'wilson',
      ]),
    );
    const col = out.header.indexOf('flag');
    const c = new Comparison('cli funnel wilson');
    readFixture('phe-funnel-proportion-significance').forEach((r, i) => {
      c.same(`${r.id} flag`, out.rows[i]![col], FLAG[r.significance!]);
    });
    c.done();
  });
});

describe('FunnelPlotR: PR (arcsine) and SR (SHMI) funnels with over-dispersion', () => {
  function limitSet(
    c: Comparison,
    label: string,
    ours: FunnelLimits,
    r: FixtureRow,
    names: [string, string, string, string],
  ): void {
    c.cell(`${label} ${names[0]}`, ours.lower95, r[names[0]]);
    c.cell(`${label} ${names[1]}`, ours.upper95, r[names[1]]);
    c.cell(`${label} ${names[2]}`, ours.lower99_8, r[names[2]]);
    c.cell(`${label} ${names[3]}`, ours.upper99_8, r[names[3]]);
  }

  function plotrCase(fixture: string, inputName: string, options: PlotrOptions, limit: 95 | 99): void {
    const input = readFixture(inputName);
    const rows = input.map((r) => ({
      numerator: num(r.num ?? r.register),
      denominator: num(r.den ?? r.list_size),
      group: r.unit ?? r.practice!,
    }));
    const result = funnelPlotR(rows, options);
    const c = new Comparison(fixture);
    const expected = readFixture(fixture);
    const units = new Map(result.units.map((u) => [u.group!, u]));
    c.same('units', result.units.length, expected.length);
    const first = expected[0]!;
    c.cell('phi', result.summary.phi, first.phi);
    c.cell('tau2', result.summary.tau2, first.tau2);
    c.same('draw_adjusted', result.summary.adjusted, bool(first.draw_adjusted));
    c.same('draw_unadjusted', result.summary.unadjusted, bool(first.draw_unadjusted));
    for (const r of expected) {
      const u = units.get(r.group!);
      if (!u) {
        c.problems.push(`group ${r.group} missing from Fairview's units`);
        continue;
      }
      const g = r.group!;
      c.cell(`${g} numerator`, u.numerator, r.numerator);
      c.cell(`${g} denominator`, u.denominator, r.denominator);
      c.cell(`${g} rr`, u.rr, r.rr);
      c.cell(`${g} Y`, u.y, r.Y);
      c.cell(`${g} s`, u.s, r.s);
      c.cell(`${g} Uzscore`, u.z, r.Uzscore);
      c.cell(`${g} Wuzscore`, u.wz, r.Wuzscore);
      if ('rk' in r) {
        c.cell(`${g} rk`, u.rank, r.rk);
        c.cell(`${g} sp`, u.band, r.sp);
        c.same(`${g} truncated`, u.trimmed, r.truncated === '1');
      } else {
        c.same(`${g} winsorised`, u.trimmed, r.winsorised === '1');
      }
      limitSet(c, g, u.adjustedLimits, r, ['OD95LCL', 'OD95UCL', 'OD99LCL', 'OD99UCL']);
      limitSet(c, g, u.limits, r, ['LCL95', 'UCL95', 'LCL99', 'UCL99']);
      // R's outlier flag is one level (limit = 95 or 99); Fairview's flag names the most extreme level.
      const outlier = limit === 99 ? u.flag === 'high_99_8' || u.flag === 'low_99_8' : u.flag !== 'none';
      c.same(`${g} outlier (limit ${limit})`, outlier ? '1' : '0', r.outlier);
    }
    const grid = readFixture(`${fixture}-grid`);
    c.same('grid rows', result.grid.length, grid.length);
    grid.forEach((r, i) => {
      const ours = result.grid[i];
      if (!ours) return;
      c.cell(`grid ${i + 1} x`, ours.x, r.number_seq);
      c.cell(`grid ${i + 1} s`, ours.s, r.s);
      limitSet(c, `grid ${i + 1}`, ours.adjusted, r, ['odll95', 'odul95', 'odll998', 'odul998']);
      limitSet(c, `grid ${i + 1}`, ours.unadjusted, r, ['ll95', 'ul95', 'll998', 'ul998']);
    });
    c.done();
  }

  it('PR with over-dispersion (φ > 1): winsorised z, τ², adjusted limits and outliers as R', () => {
    plotrCase('plotr-pr-od-99', 'plotr-pr-od-input', { dataType: 'PR' }, 99);
  });

  it('PR at multiplier 100 with the 95% outlier rule', () => {
    plotrCase('plotr-pr-od-95-m100', 'plotr-pr-od-input', { dataType: 'PR', multiplier: 100 }, 95);
  });

  it('PR without the adjustment (draw_adjusted = FALSE): φ and τ² reported as 0', () => {
    plotrCase(
      'plotr-pr-od-unadjusted',
      'plotr-pr-od-input',
      { dataType: 'PR', overdispersion: 'none', drawUnadjusted: true },
      99,
    );
  });

  it('PR with φ <= 1 falls back to the unadjusted limits', () => {
    plotrCase('plotr-pr-under-99', 'plotr-pr-under-input', { dataType: 'PR' }, 99);
  });

  it('SR (SHMI) with over-dispersion: rounded expected counts, truncation with tied z, −Inf for 0 observed', () => {
    plotrCase('plotr-sr-od-99', 'plotr-sr-od-input', { dataType: 'SR' }, 99);
  });

  it('SR (SHMI) without rounding, multiplier 100, 95% outlier rule', () => {
    plotrCase(
      'plotr-sr-od-95-norounding-m100',
      'plotr-sr-od-input',
      { dataType: 'SR', shmiRounding: false, multiplier: 100 },
      95,
    );
  });

  it('SR with φ <= 1 falls back to the exact Poisson limits', () => {
    plotrCase('plotr-sr-under-99', 'plotr-sr-under-input', { dataType: 'SR' }, 99);
  });

  it('the command line (fairview stats funnel --method arcsine) writes the same z, limits and flags', () => {
    const out = parseCsv(
      stats([
        'funnel',
        `${REFERENCE_DIR}plotr-pr-under-input.csv`,
        '--numerator',
        'num',
        '--denominator',
        'den',
        '--method',
        'arcsine',
      ]),
    );
    const col = (name: string) => out.header.indexOf(name);
    const expected = byKey(readFixture('plotr-pr-under-99'), (r) => r.group!);
    const c = new Comparison('cli funnel arcsine');
    for (const cells of out.rows) {
      const r = expected.get(cells[col('unit')]!)!;
      c.cell(`${r.group} z`, num(cells[col('z')]), r.Uzscore);
      c.cell(`${r.group} lower_99_8`, num(cells[col('lower_99_8')]), r.LCL99);
      c.cell(`${r.group} upper_99_8`, num(cells[col('upper_99_8')]), r.UCL99);
      c.cell(`${r.group} adjusted_upper_99_8`, num(cells[col('adjusted_upper_99_8')]), r.OD99UCL);
      const flag = cells[col('flag')]!;
      c.same(`${r.group} outlier`, flag === 'high_99_8' || flag === 'low_99_8' ? '1' : '0', r.outlier);
    }
    c.done();
  });
});

describe('NHSRplotthedots: XmR charts (ptd_spc and its summary)', () => {
  const single = readFixture('spc-single-input').map(
    (r): SpcRow => ({ value: num(r.value), date: r.month! }),
  );
  const facets = readFixture('spc-facets-input').map(
    (r): SpcRow => ({ value: num(r.falls), date: r.month!, facet: r.ward! }),
  );

  function spcCase(fixture: string, rows: SpcRow[], options: SpcOptions): void {
    const c = new Comparison(fixture);
    const chart = spc(rows, options);
    const points = new Map(chart.points.map((p) => [`${p.facet ?? 'no facet'}|${p.x}`, p]));
    const expected = readFixture(fixture);
    c.same('points', chart.points.length, expected.length);
    for (const r of expected) {
      const key = `${r.f}|${r.x}`;
      const p = points.get(key);
      if (!p) {
        c.problems.push(`point ${key} missing from Fairview's chart`);
        continue;
      }
      c.cell(`${key} y`, p.y, r.y);
      c.cell(`${key} rebase_group`, p.rebase_group, r.rebase_group);
      c.same(`${key} short_group_warning`, p.short_group_warning, bool(r.short_group_warning));
      c.cell(`${key} fix_y`, p.fix_y, r.fix_y);
      c.cell(`${key} mean`, p.mean, r.mean_col);
      c.cell(`${key} lpl`, p.lpl, r.lpl);
      c.cell(`${key} upl`, p.upl, r.upl);
      c.same(`${key} outside_limits`, p.outside_limits, bool(r.outside_limits));
      c.cell(`${key} relative_to_mean`, p.relative_to_mean, r.relative_to_mean);
      c.same(`${key} close_to_limits`, p.close_to_limits, bool(r.close_to_limits));
      c.same(`${key} special_cause_type`, p.special_cause_type, r.special_cause_type);
      c.same(`${key} special_cause_flag`, p.special_cause_flag, bool(r.special_cause_flag));
      c.same(`${key} point_type`, p.point_type, r.point_type);
      c.cell(`${key} target`, p.target, r.target);
    }
    const summary = spcSummary(chart);
    const summaryRows = readFixture(`${fixture}-summary`);
    c.same('summary rows', summary.length, summaryRows.length);
    for (const r of summaryRows) {
      const facet = r.f ?? null;
      const group = Number(r.rebase_group ?? '0');
      const s = summary.find((x) => x.facet === facet && x.rebase_group === group);
      const key = `${facet ?? 'no facet'}/${group}`;
      if (!s) {
        c.problems.push(`summary ${key} missing from Fairview's summary`);
        continue;
      }
      c.cell(`${key} mean`, s.mean, r.mean_col);
      c.cell(`${key} lpl`, s.lpl, r.lpl);
      c.cell(`${key} upl`, s.upl, r.upl);
      c.cell(`${key} n`, s.n, r.n);
      c.cell(`${key} common_cause`, s.common_cause, r.common_cause);
      c.cell(`${key} special_cause_improvement`, s.special_cause_improvement, r.special_cause_improvement);
      c.cell(`${key} special_cause_concern`, s.special_cause_concern, r.special_cause_concern);
      c.same(`${key} variation_type`, s.variation_type, r.variation_type);
      if ('assurance_type' in r) c.same(`${key} assurance_type`, s.assurance_type, text(r.assurance_type));
    }
    c.done();
  }

  it('one series, improvement up: outside limits, a trend, 2 in 3, a shift, as R', () => {
    spcCase('spc-single-increase', single, {});
  });

  it('2 of 3 points close to a limit, above and below, and a tie that breaks a rise', () => {
    const weekly = readFixture('spc-two-in-three-input').map(
      (r): SpcRow => ({ value: num(r.value), date: r.week! }),
    );
    spcCase('spc-two-in-three', weekly, {});
  });

  it('one series, improvement down, with a target (assurance)', () => {
    spcCase('spc-single-decrease-target', single, { improvementDirection: 'decrease', target: 12 });
  });

  it('one series, neutral, without screening moving ranges', () => {
    spcCase('spc-single-neutral-noscreen', single, {
      improvementDirection: 'neutral',
      screenOutliers: false,
    });
  });

  it('one series fixed after 12 points and rebased twice (a rebase date outside the data is ignored)', () => {
    spcCase('spc-single-fix12-rebase', single, {
      fixAfterN: 12,
      rebase: ['2022-01-01', '2022-09-01', '2030-01-01'],
      target: 9,
    });
  });

  it('facets with their own rebase dates and targets, improvement down (a facet without a target)', () => {
    spcCase('spc-facets-decrease', facets, {
      improvementDirection: 'decrease',
      rebase: { a: ['2022-06-01'], b: ['2021-09-01', '2022-01-01'] },
      target: { a: 60, b: 4.5 },
    });
  });

  it('facets with one target for all', () => {
    spcCase('spc-facets-increase', facets, { target: 5 });
  });

  it('the command line (fairview stats spc) writes the same means, limits and rule labels', () => {
    const out = parseCsv(
      stats([
        'spc',
        `${REFERENCE_DIR}spc-facets-input.csv`,
        '--value',
        'falls',
        '--date',
        'month',
        '--facet',
        'ward',
        '--improvement',
        'decrease',
        '--rebase',
        'a=2022-06-01;b=2021-09-01,2022-01-01',
        '--target',
        'a=60;b=4.5',
      ]),
    );
    const col = (name: string) => out.header.indexOf(name);
    const expected = byKey(readFixture('spc-facets-decrease'), (r) => `${r.f}|${r.x}`);
    const c = new Comparison('cli spc');
    for (const cells of out.rows) {
      const key = `${cells[col('ward')]}|${cells[col('month')]}`;
      const r = expected.get(key)!;
      c.cell(`${key} mean`, num(cells[col('mean')]), r.mean_col);
      c.cell(`${key} lower_limit`, num(cells[col('lower_limit')]), r.lpl);
      c.cell(`${key} upper_limit`, num(cells[col('upper_limit')]), r.upl);
      c.same(`${key} special_cause`, cells[col('special_cause')], r.special_cause_type);
      c.same(`${key} point_type`, cells[col('point_type')], r.point_type);
    }
    c.done();
  });
});

describe('Real data: QOF 2020-21 atrial fibrillation registers of 300 practices', () => {
  const input = readFixture('qof-af-input');
  const rows = input.map((r) => ({ numerator: num(r.register), denominator: num(r.list_size) }));

  it('prevalence with Wilson limits as phe_proportion', () => {
    const c = new Comparison('qof-af-proportion');
    const ours = proportions(rows, { multiplier: 100 });
    readFixture('qof-af-proportion').forEach((r, i) => {
      c.cell(`${r.practice} value`, ours[i]!.value, r.value);
      compareLimits(c, r.practice!, ours[i]!.limits, r, BOTH_LEVELS);
    });
    c.done();
  });

  it('Fingertips funnel significance as assign_funnel_significance', () => {
    const c = new Comparison('qof-af-phe-significance');
    const ours = assignFunnelSignificance(rows, { statistic: 'proportion' });
    readFixture('qof-af-phe-significance').forEach((r, i) => {
      c.same(`${r.practice} significance`, ours.significance[i], r.significance);
    });
    c.done();
  });

  it('FunnelPlotR PR funnel (φ, τ², limits, outliers) as funnel_plot', () => {
    const result = funnelPlotR(
      input.map((r) => ({ numerator: num(r.register), denominator: num(r.list_size), group: r.practice! })),
      { dataType: 'PR' },
    );
    const c = new Comparison('qof-af-plotr-pr');
    const expected = readFixture('qof-af-plotr-pr');
    c.cell('phi', result.summary.phi, expected[0]!.phi);
    c.cell('tau2', result.summary.tau2, expected[0]!.tau2);
    const units = new Map(result.units.map((u) => [u.group!, u]));
    for (const r of expected) {
      const u = units.get(r.group!)!;
      c.cell(`${r.group} Uzscore`, u.z, r.Uzscore);
      c.cell(`${r.group} OD99LCL`, u.adjustedLimits.lower99_8, r.OD99LCL);
      c.cell(`${r.group} OD99UCL`, u.adjustedLimits.upper99_8, r.OD99UCL);
      c.cell(`${r.group} LCL99`, u.limits.lower99_8, r.LCL99);
      c.same(`${r.group} outlier`, u.flag === 'high_99_8' || u.flag === 'low_99_8' ? '1' : '0', r.outlier);
    }
    c.done();
  });
});

describe("R's primitives as Fairview emulates them", () => {
  const prims = readFixture('r-primitives');

  it('qnorm, qchisq and qt agree with R in the tails and at large degrees of freedom', () => {
    const c = new Comparison('r-primitives quantiles');
    for (const r of prims) {
      const a = req(r.a);
      if (r.fn === 'qnorm') c.cell(`qnorm(${r.a})`, qnorm(a), r.value);
      if (r.fn === 'qchisq') c.cell(`qchisq(${r.a}, ${r.b})`, qchisq(a, req(r.b)), r.value);
      if (r.fn === 'qt') c.cell(`qt(${r.a}, ${r.b})`, qt(a, req(r.b)), r.value);
    }
    c.done();
  });

  it('round(x, 2) and round(x) on half cases, and nchar(as.character(x)) for whole numbers', () => {
    const c = new Comparison('r-primitives rounding');
    for (const r of prims) {
      const a = req(r.a);
      if (r.fn === 'round2') c.cell(`round(${r.a}, 2)`, rRound(a, 2), r.value);
      if (r.fn === 'round0') {
        c.cell(`round(${r.a})`, roundHalfEven(a), r.value);
        c.cell(`rRound(${r.a}, 0)`, rRound(a, 0), r.value);
      }
      if (r.fn === 'nchar_as_character') c.cell(`nchar(as.character(${r.a}))`, rWholeNumberWidth(a), r.value);
    }
    c.done();
  });

  it('as.character() of whole numbers, e.g. 1e+05 and 1.2e+07', () => {
    const c = new Comparison('r-as-character');
    for (const r of readFixture('r-as-character'))
      c.same(`as.character(${r.v})`, rWholeNumberText(req(r.v)), r.text);
    c.done();
  });

  const vectors = new Map<number, number[]>();
  for (const r of readFixture('r-rank-average')) {
    const v = req(r.vector);
    vectors.set(v, [...(vectors.get(v) ?? []), num(r.value)!]);
  }

  it('quantile(type = 7) and rank(ties.method = "average")', () => {
    const c = new Comparison('r-quantile7 and rank');
    for (const r of readFixture('r-quantile7')) {
      const v = vectors.get(req(r.vector))!;
      c.cell(`quantile(v${r.vector}, ${r.p})`, rQuantileType7(v, req(r.p)), r.value);
      c.cell(`benchmark quantileType7(v${r.vector}, ${r.p})`, quantileType7(v, req(r.p)), r.value);
    }
    const ranks = new Map<number, number[]>();
    for (const [k, v] of vectors) ranks.set(k, rankAverage(v));
    const seen = new Map<number, number>();
    for (const r of readFixture('r-rank-average')) {
      const k = req(r.vector);
      const i = seen.get(k) ?? 0;
      seen.set(k, i + 1);
      c.cell(`rank(v${k})[${i + 1}]`, ranks.get(k)![i], r.rank);
    }
    c.done();
  });

  it('sum and mean, which R accumulates in long double', () => {
    const c = new Comparison('r-mean-sum');
    for (const r of readFixture('r-mean-sum')) {
      const values = r.values!.split(';').map(Number);
      c.cell(`sum(v${r.vector})`, accurateSum(values), r.sum);
      c.cell(`mean(v${r.vector})`, rMean(values), r.mean);
    }
    c.done();
  });

  it('seq(from, to, length.out = 1000)', () => {
    const c = new Comparison('r-seq-length-out');
    for (const r of readFixture('r-seq-length-out')) {
      const s = rSeqLength(req(r.from), req(r.to), 1000);
      c.cell(`seq(${r.from}, ${r.to})[${r.index}]`, s[req(r.index) - 1], r.value);
    }
    c.done();
  });
});
