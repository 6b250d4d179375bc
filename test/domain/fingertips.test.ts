// The Fingertips rules as tables (src/domain/indicators/fingertips.ts): which Area Types are GP
// practices, which type and multiplier reproduce a published value, and how period labels read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fingertipsMeasure,
  fingertipsPeriod,
  fingertipsPeriodType,
  isGpAreaType,
} from '../../src/domain/indicators/fingertips.ts';
import { normalisePeriod, periodEndDate } from '../../src/domain/indicators/periods.ts';

describe('Fingertips exports as they come', () => {
  it('takes Area Type `GPs` and the older `GP` for a practice, and nothing else', () => {
    for (const [areaType, gp] of [
      ['GPs', true],
      ['GP', true],
      [' GP ', true],
      ['PCNs (v. 27/10/23)', false],
      ['England', false],
      ['ICB sub-locations', false],
    ] as const)
      assert.equal(isGpAreaType(areaType), gp, areaType);
  });

  const rows = (...triples: [number, number, number][]) =>
    triples.map(([value, count, denominator]) => ({ value, count, denominator }));

  const measures: [string, string, ReturnType<typeof rows>, string, number, string][] = [
    // Published A&E attendances (0–4): A81004, A81001 (count above denominator), A81002.
    [
      'a rate per 1,000',
      'A&E attendances (0 to 4 years)',
      rows([877.8626, 575, 655], [1004.6729, 215, 214], [1419.97593, 1180, 831]),
      'rate',
      1000,
      'per 1,000',
    ],
    [
      'a percentage',
      'Smoking prevalence (QOF)',
      rows([17.5, 175, 1000], [20, 40, 200]),
      'proportion',
      100,
      '%',
    ],
    [
      'a rate per 100,000',
      'Emergency admissions',
      rows([1234.5, 12345, 1_000_000], [2000, 20, 1000]),
      'rate',
      100_000,
      'per 100,000',
    ],
    [
      'a ratio (observed ÷ expected, above 1)',
      'Ratio of reported to expected prevalence',
      rows([1.2, 120, 100], [0.9, 90, 100]),
      'rate',
      1,
      'ratio',
    ],
    [
      'a mean by its name',
      'Average number of items per patient',
      rows([2.5, 250, 100], [3, 300, 100]),
      'rate',
      1,
      'mean',
    ],
  ];
  for (const [what, name, samples, type, multiplier, unit] of measures) {
    it(`reads ${what} from the published values`, () => {
      const m = fingertipsMeasure(samples, name);
      assert.ok(!('reason' in m), JSON.stringify(m));
      assert.deepEqual([m.type, m.multiplier, m.unit], [type, multiplier, unit]);
    });
  }

  it('says why when nothing can be recomputed: a score without counts, values no multiplier explains', () => {
    assert.deepEqual(
      fingertipsMeasure([{ value: 32.36, count: null, denominator: null }], 'Deprivation score (IMD 2019)'),
      {
        reason: 'no practice has a count and a denominator to compute it from',
      },
    );
    const odd = fingertipsMeasure(rows([50, 10, 100], [70, 10, 100]), 'Something else');
    assert.ok('reason' in odd && /reproduces only 0%/.test(odd.reason));
  });

  const periods: [string, string | null, string | null][] = [
    ['2021/22', 'financial_year', null],
    ['Apr 2022', 'month', '2022-04'],
    ['September 2022', 'month', '2022-09'],
    ['2023 Q2', 'quarter', '2023-Q2'],
    ['2023/24 Q1', 'quarter', '2023-Q2'],
    ['2023/24 Q4', 'quarter', '2024-Q1'],
    ['2019', null, null],
    ['2019/20 - 21/22', null, null],
  ];
  for (const [label, type, normalised] of periods) {
    it(`reads the time period '${label}'`, () => {
      assert.equal(fingertipsPeriodType([label]), type);
      assert.equal(fingertipsPeriod(label), normalised);
      if (type === 'month' || type === 'quarter') {
        assert.equal(normalisePeriod(label, type), normalised);
        assert.ok(periodEndDate(normalised!, type));
      }
    });
  }

  it('does not mix kinds of period in one indicator', () => {
    assert.equal(fingertipsPeriodType(['2021/22', 'Apr 2022']), null);
    assert.equal(normalisePeriod('Apr 2022', 'quarter'), null);
    assert.equal(normalisePeriod('2023 Q2', 'month'), null);
  });
});
