/**
 * Directly standardised rates with Dobson limits (spec §3.4). The worked example was checked by
 * calculator: three bands x = 10, 20, 30; n = 1000, 2000, 3000; w = 5000, 6000, 7000.
 * value = (10·5 + 20·3 + 30·7/3)/18000 × 1e5 = 180/18000 × 1e5 = 1000;
 * vardsr = (10·25 + 20·9 + 30·(7/3)²)/18000²; lower = 1000 + √(vardsr/60)·(ByarLower(60) − 60)·1e5.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DsrRow, dsrByGroup } from '../../src/stats/dsr.ts';
import { StatsInputError } from '../../src/stats/errors.ts';
import { ESP2013, ESP2013_POPULATIONS, esp2013Population } from '../../src/stats/esp2013.ts';
import { assertClose } from './close-to.ts';

const EXAMPLE: DsrRow[] = [
  { group: 'A', count: 10, population: 1000, standard: 5000 },
  { group: 'A', count: 20, population: 2000, standard: 6000 },
  { group: 'A', count: 30, population: 3000, standard: 7000 },
];

describe('DSR (Dobson)', () => {
  it('computes the worked example at both levels', () => {
    const [r] = dsrByGroup(EXAMPLE);
    assert.equal(r!.totalCount, 60);
    assert.equal(r!.totalPopulation, 6000);
    assertClose(r!.value, 1000);
    assertClose(r!.limits[0]!.lower, 751.6375101861968);
    assertClose(r!.limits[0]!.upper, 1301.0702028960982);
    assertClose(r!.limits[1]!.lower, 630.5932765865691);
    assertClose(r!.limits[1]!.upper, 1489.7325567352304);
    assert.equal(r!.method, 'Dobson');
    assert.equal(r!.suppressed, false);
  });

  it('treats a missing count as 0', () => {
    const [r] = dsrByGroup([...EXAMPLE, { group: 'A', count: null, population: 500, standard: 1000 }]);
    assert.equal(r!.totalCount, 60);
    assert.equal(r!.totalPopulation, 6500);
  });

  it('suppresses value and limits below 10 events (Byar is used for all counts above)', () => {
    const rows = EXAMPLE.map((r) => ({ ...r, count: 3 }));
    const [r] = dsrByGroup(rows);
    assert.equal(r!.totalCount, 9);
    assert.equal(r!.suppressed, true);
    assert.equal(r!.value, null);
    assert.ok(r!.limits.every((l) => l.lower === null && l.upper === null));
    const [ten] = dsrByGroup(rows.map((x, i) => (i === 0 ? { ...x, count: 4 } : x)));
    assert.equal(ten!.suppressed, false);
    assert.ok(ten!.value !== null);
  });

  it('gives one result per group in order of first appearance', () => {
    const rows = [...EXAMPLE.map((r) => ({ ...r, group: 'B' })), ...EXAMPLE];
    assert.deepEqual(
      dsrByGroup(rows).map((r) => r.group),
      ['B', 'A'],
    );
  });

  it('a missing population or standard makes that group missing (Fairview: no crash)', () => {
    const [r] = dsrByGroup([...EXAMPLE, { group: 'A', count: 1, population: null, standard: 1000 }]);
    assert.equal(r!.value, null);
    assert.equal(r!.totalPopulation, null);
  });

  it('rejects a negative count, a zero population, a negative standard and a zero multiplier', () => {
    const bad: [Partial<DsrRow>, string, string][] = [
      [{ count: -1 }, 'count', 'numerators must be greater than or equal to zero'],
      [{ population: 0 }, 'population', 'denominators must be greater than zero'],
      [{ standard: -5 }, 'standard', 'standard populations must be greater than or equal to zero'],
    ];
    for (const [change, field, message] of bad) {
      const rows = EXAMPLE.map((r, i) => (i === 2 ? { ...r, ...change } : r));
      assert.throws(
        () => dsrByGroup(rows),
        (e: unknown) =>
          e instanceof StatsInputError && e.row === 2 && e.field === field && e.message === message,
      );
    }
    assert.throws(() => dsrByGroup(EXAMPLE, { multiplier: 0 }), {
      message: 'multiplier must be greater than zero',
    });
  });
});

describe('DSR with non-independent events', () => {
  // Band a (n 1000, w 5000): 8 persons with 1 event, 3 with 2. Band b (n 2000, w 6000): 10 with 1, 4 with 2.
  // Events: a 14, b 18, total 32. value = (14·5 + 18·3)/11000 × 1e5 = 1127.27…
  // vardsr_1 = (8·25 + 10·9)/11000², vardsr_2 = (3·25 + 4·9)/11000²; custom = vardsr_1 + 4·vardsr_2 = 734/11000².
  const rows: DsrRow[] = [
    { group: 'g', ageBand: 'a', eventFrequency: 1, count: 8, population: 1000, standard: 5000 },
    { group: 'g', ageBand: 'a', eventFrequency: 2, count: 3, population: 1000, standard: 5000 },
    { group: 'g', ageBand: 'b', eventFrequency: 1, count: 10, population: 2000, standard: 6000 },
    { group: 'g', ageBand: 'b', eventFrequency: 2, count: 4, population: 2000, standard: 6000 },
  ];

  it('adjusts the variance by f² per event frequency', () => {
    const [r] = dsrByGroup(rows, { independentEvents: false, levels: [0.95] });
    assert.equal(r!.totalCount, 32);
    assert.equal(r!.totalPopulation, 3000);
    assertClose(r!.value, 1127.2727272727273);
    assertClose(r!.limits[0]!.lower, 686.8388898918586);
    assertClose(r!.limits[0]!.upper, 1700.9429188651327);
    assert.equal(r!.method, 'Dobson, with confidence adjusted for non-independent events');
  });

  it('requires the same population and standard across frequencies in a band', () => {
    const broken = rows.map((r, i) => (i === 3 ? { ...r, population: 2001 } : r));
    assert.throws(
      () => dsrByGroup(broken, { independentEvents: false }),
      (e: unknown) => e instanceof StatsInputError && e.row === 3 && e.field === 'population',
    );
  });

  it('requires an event frequency on every row', () => {
    const broken = rows.map((r, i) => (i === 1 ? { ...r, eventFrequency: null } : r));
    assert.throws(
      () => dsrByGroup(broken, { independentEvents: false }),
      (e: unknown) => e instanceof StatsInputError && e.row === 1 && e.field === 'eventFrequency',
    );
  });
});

describe('the 2013 European Standard Population', () => {
  it('has 19 bands totalling 100,000', () => {
    assert.equal(ESP2013.length, 19);
    assert.equal(
      ESP2013_POPULATIONS.reduce((a, b) => a + b, 0),
      100000,
    );
    assert.equal(ESP2013[18]!.band, '90+');
    assert.equal(ESP2013[0]!.band, '0-4');
  });

  it('looks up bands by label in the usual spellings', () => {
    assert.equal(esp2013Population('0-4'), 5000);
    assert.equal(esp2013Population('05-09'), 5500);
    assert.equal(esp2013Population('Aged 85 to 89'), 1500);
    assert.equal(esp2013Population('90+'), 1000);
    assert.equal(esp2013Population('90 and over'), 1000);
    assert.equal(esp2013Population('3-7'), null);
    assert.equal(esp2013Population('0-9'), null);
    assert.equal(esp2013Population('all ages'), null);
  });
});
