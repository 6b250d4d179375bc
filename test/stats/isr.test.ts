/**
 * Indirectly standardised ratios and rates (spec §3.5). Worked example, checked by calculator:
 * bands with count 3 and 12, population 1000 and 2000; reference counts 30 and 100 in 10,000 and 20,000.
 * E = 30/10000·1000 + 100/20000·2000 = 13, O = 15, ratio = 15/13 = 1.1538…; O ≥ 10 so Byar:
 * lower = ByarLower(15)/13 = 0.645328001016465, upper = ByarUpper(15)/13 = 1.9032024110184038.
 * Reference rate = 130/30000 × 1e5 = 433.33…, so the rate is 500 with limits 279.6421… and 824.7210….
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatsInputError } from '../../src/stats/errors.ts';
import { type IsrRow, isrByGroup } from '../../src/stats/isr.ts';
import { exactLower, exactUpper } from '../../src/stats/poisson-limits.ts';
import { assertClose } from './close-to.ts';

const ROWS: IsrRow[] = [
  { group: 'P1', count: 3, population: 1000, referenceCount: 30, referencePopulation: 10000 },
  { group: 'P1', count: 12, population: 2000, referenceCount: 100, referencePopulation: 20000 },
];

describe('indirectly standardised ratio', () => {
  it('computes O, E, the ratio and Byar limits', () => {
    const [r] = isrByGroup(ROWS, { levels: [0.95] });
    assert.equal(r!.observed, 15);
    assertClose(r!.expected, 13);
    assertClose(r!.value, 15 / 13);
    assertClose(r!.limits[0]!.lower, 0.645328001016465);
    assertClose(r!.limits[0]!.upper, 1.9032024110184038);
    assert.equal(r!.method, 'Byars');
    assert.equal(r!.referenceRate, null);
  });

  it('scales by the reference value (e.g. 100)', () => {
    const [r] = isrByGroup(ROWS, { levels: [0.95], referenceValue: 100 });
    assertClose(r!.value, 1500 / 13);
    assertClose(r!.limits[0]!.lower, 64.5328001016465);
  });

  it('uses exact limits below 10 observed events', () => {
    const rows = ROWS.map((r) => ({ ...r, count: r.count! / 3 }));
    const [r] = isrByGroup(rows, { levels: [0.998] });
    assert.equal(r!.observed, 5);
    assert.equal(r!.method, 'Exact');
    assertClose(r!.limits[0]!.lower, exactLower(5, 0.998) / 13);
    assertClose(r!.limits[0]!.upper, exactUpper(5, 0.998) / 13);
  });

  it('0 observed events: value 0 and lower limit 0', () => {
    const [r] = isrByGroup(
      ROWS.map((r) => ({ ...r, count: 0 })),
      { levels: [0.95] },
    );
    assert.equal(r!.value, 0);
    assert.equal(r!.limits[0]!.lower, 0);
  });

  it('treats missing counts and populations as 0 in O and E', () => {
    const [r] = isrByGroup([
      ...ROWS,
      { group: 'P1', count: null, population: null, referenceCount: 5, referencePopulation: 50 },
    ]);
    assert.equal(r!.observed, 15);
    assertClose(r!.expected, 13);
  });

  it('takes reference vectors by position within each group', () => {
    const rows = [
      { group: 'P1', count: 3, population: 1000 },
      { group: 'P2', count: 6, population: 500 },
      { group: 'P1', count: 12, population: 2000 },
      { group: 'P2', count: 1, population: 100 },
    ];
    const results = isrByGroup(rows, {
      levels: [0.95],
      reference: { type: 'vector', counts: [30, 100], populations: [10000, 20000] },
    });
    assertClose(results[0]!.expected, 13);
    assertClose(results[1]!.expected, (30 / 10000) * 500 + (100 / 20000) * 100);
  });

  it('needs every group to have as many rows as the reference vectors', () => {
    assert.throws(
      () =>
        isrByGroup([{ group: 'P1', count: 1, population: 10 }], {
          reference: { type: 'vector', counts: [1, 2], populations: [10, 20] },
        }),
      (e: unknown) => e instanceof StatsInputError && e.field === 'group',
    );
  });

  it('uses observed totals per group when given; a group without one is missing', () => {
    const results = isrByGroup([...ROWS, { ...ROWS[0]!, group: 'P2' }], {
      levels: [0.95],
      observedTotals: new Map([['P1', 26]]),
    });
    assert.equal(results[0]!.observed, 26);
    assertClose(results[0]!.value, 2);
    assert.equal(results[1]!.observed, null);
    assert.equal(results[1]!.value, null);
  });

  it('rejects negative counts and non-positive reference populations', () => {
    assert.throws(
      () => isrByGroup([ROWS[0]!, { ...ROWS[1]!, count: -1 }]),
      (e: unknown) => e instanceof StatsInputError && e.row === 1 && e.field === 'count',
    );
    assert.throws(
      () => isrByGroup([{ ...ROWS[0]!, referencePopulation: 0 }]),
      (e: unknown) => e instanceof StatsInputError && e.row === 0 && e.field === 'referencePopulation',
    );
  });
});

describe('indirectly standardised rate', () => {
  it('multiplies the ratio by the crude reference rate', () => {
    const [r] = isrByGroup(ROWS, { kind: 'rate', levels: [0.95] });
    assertClose(r!.referenceRate, 433.3333333333333);
    assertClose(r!.value, 500);
    assertClose(r!.limits[0]!.lower, 279.6421337738015);
    assertClose(r!.limits[0]!.upper, 824.7210447746417);
  });
});
