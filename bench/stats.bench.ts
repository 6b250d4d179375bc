/**
 * The statistics engine at England scale (issue 3): limits and benchmark comparison for 6,500
 * practices × 100 indicators, both funnel families for 100 indicators × 6,500 practices, and SPC for
 * 6,500 practices × 10 series × 36 months. Each group starts with a baseline that only reads the same
 * input and sums it, so "× baseline" says how much the method costs over touching the data at all.
 */
import type { CountRow, SpcRow } from '../src/stats/index.ts';
import {
  compareWithBenchmark,
  funnelPlotR,
  pheFunnelRows,
  proportions,
  quintiles,
  rates,
  spc,
} from '../src/stats/index.ts';
import type { Harness } from './harness.ts';
import { type IndicatorData, indicators, monthlySeries } from './practice-data.ts';

const PRACTICES = 6500;
const INDICATORS = 100;
const SERIES_PER_PRACTICE = 10;
const MONTHS = 36;

async function spcBench(h: Harness): Promise<void> {
  const practices = h.size(PRACTICES, 10);
  const seriesCount = practices * SERIES_PER_PRACTICE;
  const data = monthlySeries(seriesCount, MONTHS);
  const series: SpcRow[][] = data.values.map((v) =>
    Array.from(v, (value, t) => ({ value, date: data.dates[t]! })),
  );
  const points = seriesCount * MONTHS;
  h.group(
    `SPC (XmR): ${practices.toLocaleString('en-GB')} practices × ${SERIES_PER_PRACTICE} series × ${MONTHS} months`,
  );
  await h.baseline('read every point and sum the values', points, () => {
    let sum = 0;
    for (const rows of series) for (const r of rows) sum += r.value ?? 0;
    return sum;
  });
  const warmup = () => series.slice(0, 200).map((rows) => spc(rows).points.length);
  await h.task(
    'spc per series, default options',
    points,
    () => {
      let flagged = 0;
      for (const rows of series) {
        for (const p of spc(rows).points) if (p.special_cause_flag) flagged++;
      }
      return flagged;
    },
    { warmup },
  );
  await h.task('spc per series, decrease, 6-point runs, target', points, () => {
    let flagged = 0;
    for (const rows of series) {
      const chart = spc(rows, { improvementDirection: 'decrease', runLength: 6, target: 20 });
      for (const p of chart.points) if (p.special_cause_flag) flagged++;
    }
    return flagged;
  });
}

/** Rows as the library takes them, built before timing (the baselines read these same objects). */
function countRows(data: IndicatorData): CountRow[] {
  return Array.from(data.numerators, (numerator, i) => ({ numerator, denominator: data.denominators[i]! }));
}

function sumRows(all: readonly CountRow[][]): number {
  let sum = 0;
  for (const rows of all) for (const r of rows) sum += (r.numerator ?? 0) + (r.denominator ?? 0);
  return sum;
}

/** Wilson or Byar limits for every practice, then each compared with England (Σx/Σn) and put in quintiles. */
function limitsAndComparison(all: readonly CountRow[][], kind: 'proportion' | 'rate'): number {
  let better = 0;
  for (const rows of all) {
    let x = 0;
    let n = 0;
    for (const r of rows) {
      x += r.numerator!;
      n += r.denominator!;
    }
    const results = kind === 'proportion' ? proportions(rows) : rates(rows);
    const england = kind === 'proportion' ? x / n : (x / n) * 100000;
    for (const r of results) {
      for (const l of r.limits) {
        const c = compareWithBenchmark({
          value: r.value,
          lower: l.lower,
          upper: l.upper,
          benchmark: england,
          polarity: 'higher_is_better',
        });
        if (c === 'better') better++;
      }
    }
    better += quintiles(results.map((r) => r.value)).length;
  }
  return better;
}

async function limitsBench(h: Harness, all: CountRow[][]): Promise<void> {
  const rows = all.length * all[0]!.length;
  h.group(
    `Limits + benchmark comparison: ${all[0]!.length.toLocaleString('en-GB')} practices × ${all.length} indicators`,
  );
  const warmup = () =>
    limitsAndComparison(all.slice(0, 2), 'proportion') + limitsAndComparison(all.slice(0, 2), 'rate');
  await h.baseline('read every numerator and denominator and sum', rows, () => sumRows(all));
  await h.task(
    'proportion: Wilson 95% + 99.8%, compare, quintiles',
    rows,
    () => limitsAndComparison(all, 'proportion'),
    {
      warmup,
    },
  );
  await h.task('rate: exact/Byar 95% + 99.8%, compare, quintiles', rows, () =>
    limitsAndComparison(all, 'rate'),
  );
}

async function funnelBench(h: Harness, all: CountRow[][]): Promise<void> {
  const rows = all.length * all[0]!.length;
  // Ratios: observed against expected = list size × the national proportion (an SMR-like input).
  const ratios = all.map((indicator) => {
    const x = indicator.reduce((s, r) => s + r.numerator!, 0);
    const n = indicator.reduce((s, r) => s + r.denominator!, 0);
    return indicator.map((r) => ({ numerator: r.numerator, denominator: (r.denominator! * x) / n }));
  });
  h.group(`Funnels: ${all.length} indicators × ${all[0]!.length.toLocaleString('en-GB')} practices`);
  await h.baseline('read every numerator and denominator and sum', rows, () => sumRows(all));
  const each = (run: (rows: CountRow[], k: number) => number) => () => {
    let flagged = 0;
    all.forEach((indicator, k) => {
      flagged += run(indicator, k);
    });
    return flagged;
  };
  const wilson = (rows: CountRow[]) =>
    pheFunnelRows(rows, { statistic: 'proportion' }).rows.filter((r) => r.flag !== 'none').length;
  const poisson = (_: CountRow[], k: number) =>
    pheFunnelRows(ratios[k]!, { statistic: 'ratio' }).rows.filter((r) => r.flag !== 'none').length;
  const arcsine = (rows: CountRow[]) =>
    funnelPlotR(rows, { dataType: 'PR' }).units.filter((u) => u.flag !== 'none').length;
  const shmi = (_: CountRow[], k: number) =>
    funnelPlotR(ratios[k]!, { dataType: 'SR' }).units.filter((u) => u.flag !== 'none').length;
  const warm = (run: (rows: CountRow[], k: number) => number) => () => run(all[0]!, 0);
  await h.task('PHE Wilson (proportion) significance + limits', rows, each(wilson), { warmup: warm(wilson) });
  await h.task('PHE Poisson (ratio) significance + limits', rows, each(poisson), { warmup: warm(poisson) });
  await h.task('FunnelPlotR PR (arcsine), random effects', rows, each(arcsine), { warmup: warm(arcsine) });
  await h.task('FunnelPlotR SR (SHMI), random effects', rows, each(shmi), { warmup: warm(shmi) });
}

export default async function statsBench(h: Harness): Promise<void> {
  const practices = h.size(PRACTICES, 50);
  const all = indicators(practices, INDICATORS).map(countRows);
  await limitsBench(h, all);
  await funnelBench(h, all);
  await spcBench(h);
}
