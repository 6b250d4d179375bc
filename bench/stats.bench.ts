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
  qchisq,
  quintiles,
  rates,
  spc,
} from '../src/stats/index.ts';
import { type Harness, seededRandom } from './harness.ts';
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

/**
 * The chi-square quantile on its own, as the SHMI funnel's exact Poisson limits call it: four calls
 * per grid row, p = 0.025 and 0.001 at df = 2x and p = 0.975 and 0.999 at df = 2x + 2, for expected
 * counts x from 1.1 to 30,000 (spread as a grid's seq() is, plus practice-sized values in between).
 */
async function qchisqBench(h: Harness): Promise<void> {
  const counts = h.size(50000, 100);
  const random = seededRandom(5);
  const xs = Float64Array.from({ length: counts }, (_, i) =>
    i % 2 === 0 ? 1.1 + (30000 - 1.1) * (i / counts) : Math.round(100 * 30000 * random() ** 2) / 100,
  );
  const calls = 4 * counts;
  h.group(`qchisq per call: ${calls.toLocaleString('en-GB')} calls (exact Poisson funnel limits)`);
  await h.baseline('read every expected count and sum 2x and 2x + 2', calls, () => {
    let sum = 0;
    for (const x of xs) sum += 2 * x + (2 * x + 2);
    return sum;
  });
  const limits = (from: number, to: number) => {
    let sum = 0;
    for (let i = from; i < to; i++) {
      const x = xs[i]!;
      sum +=
        qchisq(0.025, 2 * x) + qchisq(0.001, 2 * x) + qchisq(0.975, 2 * x + 2) + qchisq(0.999, 2 * x + 2);
    }
    return sum;
  };
  await h.task('qchisq per call (p 0.025, 0.001, 0.975, 0.999)', calls, () => limits(0, counts), {
    warmup: () => limits(0, Math.min(counts, 2000)),
  });
  const farCalls = h.size(20000, 100);
  const far = () => {
    let sum = 0;
    for (let i = 0; i < farCalls; i++) {
      const x = xs[i % counts]!;
      sum += qchisq(1e-10, 2 * x) + qchisq(1 - 1e-10, 2 * x + 2);
    }
    return sum;
  };
  await h.task('qchisq per call, far tails (p 1e-10, 1 − 1e-10)', 2 * farCalls, far, { warmup: far });
}

export default async function statsBench(h: Harness): Promise<void> {
  const practices = h.size(PRACTICES, 50);
  const all = indicators(practices, INDICATORS).map(countRows);
  await limitsBench(h, all);
  await qchisqBench(h);
  await funnelBench(h, all);
  await spcBench(h);
}
