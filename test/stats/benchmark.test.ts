/**
 * "Compared with benchmark" (Fingertips) and quantile groups. The real-data test takes Fingertips' own
 * published comparison for QOF smoking prevalence (indicator 91547, GP practices, 2022/23).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  compareWithBenchmark,
  deciles,
  type Polarity,
  quantileCuts,
  quantileGroups,
  quantileType7,
  quintiles,
} from '../../src/stats/benchmark.ts';
import { proportion } from '../../src/stats/proportion.ts';
import { NHS_DATA } from '../support/nhs-data.ts';
import { assertClose } from './close-to.ts';

const unit = (lower: number, upper: number, benchmark: number, polarity: Polarity) =>
  compareWithBenchmark({ value: (lower + upper) / 2, lower, upper, benchmark, polarity });

describe('compared with benchmark', () => {
  it('is similar when the benchmark lies inside the interval, bounds included', () => {
    assert.equal(unit(10, 20, 15, 'higher_is_better'), 'similar');
    assert.equal(unit(10, 20, 10, 'higher_is_better'), 'similar');
    assert.equal(unit(10, 20, 20, 'lower_is_better'), 'similar');
  });

  it('is better or worse by polarity when the interval is above or below the benchmark', () => {
    assert.equal(unit(10, 20, 5, 'higher_is_better'), 'better');
    assert.equal(unit(10, 20, 25, 'higher_is_better'), 'worse');
    assert.equal(unit(10, 20, 5, 'lower_is_better'), 'worse');
    assert.equal(unit(10, 20, 25, 'lower_is_better'), 'better');
  });

  it('is higher or lower with no judgement', () => {
    assert.equal(unit(10, 20, 5, 'no_judgement'), 'higher');
    assert.equal(unit(10, 20, 25, 'no_judgement'), 'lower');
  });

  it('is not compared when the value, a limit or the benchmark is missing', () => {
    const base = { value: 1, lower: 0, upper: 2, benchmark: 1, polarity: 'no_judgement' as const };
    for (const change of [{ value: null }, { lower: null }, { upper: null }, { benchmark: null }]) {
      assert.equal(compareWithBenchmark({ ...base, ...change }), 'not_compared');
    }
  });

  it('reproduces Fingertips’ published comparisons for 6,378 practices (smoking prevalence, 2022/23)', () => {
    const csv = readFileSync(join(NHS_DATA, 'fingertips/smoking-prevalence-qof-91547.csv'), 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .filter(Boolean);
    const header = splitCsvLine(lines[0]!);
    const col = (name: string) => header.indexOf(name);
    const rows = lines.slice(1).map(splitCsvLine);
    const period = '2022/23';
    const england = rows.find(
      (r) => r[col('Area Code')] === 'E92000001' && r[col('Time period')] === period,
    )!;
    const benchmark = Number(england[col('Value')]);
    const expected: Record<string, string> = { Better: 'better', Worse: 'worse', Similar: 'similar' };
    let checked = 0;
    for (const r of rows) {
      if (r[col('Area Type')] !== 'GPs' || r[col('Time period')] !== period) continue;
      const label = expected[r[col('Compared to England value or percentiles')]!];
      if (!label || !r[col('Count')]) continue;
      const result = proportion(Number(r[col('Count')]), Number(r[col('Denominator')]), [0.95], 100);
      const limits = result.limits[0]!;
      // Fingertips publishes 8 decimal places: our Wilson limits must agree to that.
      assert.ok(Math.abs(limits.lower! - Number(r[col('Lower CI 95.0 limit')])) < 1e-7);
      assert.ok(Math.abs(limits.upper! - Number(r[col('Upper CI 95.0 limit')])) < 1e-7);
      const ours = compareWithBenchmark({
        ...limits,
        value: result.value,
        benchmark,
        polarity: 'lower_is_better',
      });
      assert.equal(ours, label, `practice ${r[col('Area Code')]}`);
      checked++;
    }
    assert.ok(checked > 6000, `checked ${checked}`);
  });
});

/** Splits one CSV line with RFC 4180 quoting (enough for this file). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

describe('quantiles (R type 7) and quantile groups', () => {
  it('interpolates as R’s quantile(type = 7)', () => {
    // R: quantile(c(1, 2, 3, 4, 10), c(0.2, 0.5, 0.9)) = 1.8, 3, 7.6
    const xs = [10, 2, null, 4, 1, 3];
    assertClose(quantileType7(xs, 0.2), 1.8);
    assert.equal(quantileType7(xs, 0.5), 3);
    assertClose(quantileType7(xs, 0.9), 7.6);
    assert.equal(quantileType7(xs, 0), 1);
    assert.equal(quantileType7(xs, 1), 10);
    assert.equal(quantileType7([null], 0.5), null);
  });

  it('gives quintiles 1 (lowest) to 5 with 4 cuts', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // Cuts at 0.2, 0.4, 0.6, 0.8: 2.8, 4.6, 6.4, 8.2.
    const cuts = quantileCuts(xs, 5);
    for (const [i, c] of [2.8, 4.6, 6.4, 8.2].entries()) assertClose(cuts[i], c);
    assert.deepEqual(quintiles(xs), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('puts a value equal to a cut point in the lower group, and missing values in none', () => {
    // Cuts of 1..5 in quintiles: 1.8, 2.6, 3.4, 4.2; in quartiles (0.25, 0.5, 0.75): 2, 3, 4.
    assert.deepEqual(quantileGroups([1, 2, 3, 4, 5, null], 4), [1, 1, 2, 3, 4, null]);
  });

  it('gives deciles 1 to 10, and ties share a group', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    const d = deciles(xs);
    assert.equal(d[0], 1);
    assert.equal(d[99], 10);
    assert.equal(d.filter((g) => g === 3).length, 10);
    assert.deepEqual(quintiles([7, 7, 7]), [1, 1, 1]);
  });
});
