import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ageShares,
  broadBandOf,
  broadPopulation,
  type CaseMixUnit,
  caseMixComparison,
  indirectlyStandardise,
  type ReferenceRate,
} from '../../src/domain/casemix/index.ts';

describe('Broad age bands from registration bands', () => {
  it('places every quinary band (0-4 … 95+) in one broad band', () => {
    const quinary = [...Array.from({ length: 19 }, (_, k) => `${5 * k}-${5 * k + 4}`), '95+'];
    assert.deepEqual(quinary.map(broadBandOf), [
      ...Array(3).fill('0-14'),
      ...Array(6).fill('15-44'),
      ...Array(4).fill('45-64'),
      ...Array(2).fill('65-74'),
      ...Array(5).fill('75+'),
    ]);
  });

  it('places every legacy quarterly band (0-4, 5-14 … 65-74, 75+) in one broad band', () => {
    const legacy = ['0-4', '5-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+'];
    assert.deepEqual(legacy.map(broadBandOf), [
      '0-14',
      '0-14',
      '15-44',
      '15-44',
      '15-44',
      '45-64',
      '45-64',
      '65-74',
      '75+',
    ]);
  });

  it('refuses bands that straddle two broad bands or are not bands', () => {
    assert.equal(broadBandOf('60-69'), null);
    assert.equal(broadBandOf('70+'), null);
    assert.equal(broadBandOf('ALL'), null);
    assert.throws(() => broadPopulation([{ sex: 'male', ageBand: '60-69', patients: 3 }]), /does not fit/);
  });

  it('sums a practice into sex × broad band and gives age shares', () => {
    const p = broadPopulation([
      { sex: 'male', ageBand: '0-4', patients: 10 },
      { sex: 'male', ageBand: '5-9', patients: 10 },
      { sex: 'female', ageBand: '75-79', patients: 30 },
      { sex: 'female', ageBand: '95+', patients: 10 },
      { sex: 'female', ageBand: '20-24', patients: 40 },
    ]);
    assert.equal(p.total, 100);
    assert.equal(p.male['0-14'], 20);
    assert.equal(p.female['75+'], 40);
    assert.deepEqual(ageShares(p), { '0-14': 0.2, '15-44': 0.4, '45-64': 0, '65-74': 0, '75+': 0.4 });
    assert.equal(ageShares(broadPopulation([])), null);
  });
});

describe('Indirect standardisation with age-sex reference rates', () => {
  // Reference: 1% in the young, 10% in the old (both sexes).
  const rates: ReferenceRate[] = [
    { sex: null, ageBand: '0-64', count: 100, population: 10000 },
    { sex: null, ageBand: '65+', count: 500, population: 5000 },
  ];
  const unit = (code: string, young: number, old: number, observed: number): CaseMixUnit => ({
    code,
    observed,
    denominator: young + old,
    population: [
      { sex: 'male', ageBand: '0-64', patients: young / 2 },
      { sex: 'female', ageBand: '0-64', patients: young / 2 },
      { sex: 'female', ageBand: '65+', patients: old },
    ],
    imdScore: null,
  });

  it('expects Σ rate × population: 1% of 2,000 + 10% of 500 = 70', () => {
    const [r] = indirectlyStandardise([unit('A', 2000, 500, 84)], rates);
    assert.equal(r!.expected, 70);
    assert.equal(r!.ratio, 1.2);
    // Byar limits of 84 events (≥ 10) divided by 70, as PHEindicatormethods.
    assert.ok(r!.limits[0]!.lower! < 1.2 && r!.limits[0]!.upper! > 1.2);
  });

  it('uses sex-specific rates by sex', () => {
    const sexed: ReferenceRate[] = [
      { sex: 'male', ageBand: '0-64', count: 1, population: 100 },
      { sex: 'female', ageBand: '0-64', count: 3, population: 100 },
      { sex: 'female', ageBand: '65+', count: 10, population: 100 },
    ];
    const [r] = indirectlyStandardise([unit('A', 2000, 500, 120)], sexed);
    // 1% × 1000 + 3% × 1000 + 10% × 500 = 90.
    assert.ok(Math.abs(r!.expected! - 90) < 1e-9);
  });

  it('gives no expected count when a practice has a band the reference does not cover', () => {
    const odd: CaseMixUnit = {
      ...unit('B', 100, 100, 5),
      population: [{ sex: 'male', ageBand: '0-14', patients: 200 }],
    };
    const [r] = indirectlyStandardise([odd], rates);
    assert.equal(r!.expected, null);
    assert.match(r!.reason!, /no reference rate/);
  });

  it('is what caseMixComparison uses when reference rates are given, on an SR funnel', () => {
    const units = Array.from({ length: 30 }, (_, i) =>
      unit(`P${i}`, 2000 + 100 * i, 400 + 10 * i, 66 + (i % 7)),
    );
    const result = caseMixComparison(units, { referenceRates: rates });
    assert.equal(result.method, 'indirect_standardisation');
    assert.equal(result.model, null);
    assert.equal(result.units[0]!.expected, 60);
    assert.equal(result.units[0]!.ratio, 66 / 60);
    assert.equal(result.funnel!.n, 30);
    // Exact Poisson 99.8% limits around 1 at E = 60: qchisq(0.001, 120)/120 and qchisq(0.999, 122)/120.
    const l = result.units[0]!.unadjustedLimits!;
    assert.ok(l.lower99_8! > 0.6 && l.lower99_8! < 0.7, `${l.lower99_8}`);
    assert.ok(l.upper99_8! > 1.4 && l.upper99_8! < 1.5, `${l.upper99_8}`);
  });

  it('refuses reference rates that are inconsistent', () => {
    assert.throws(() => indirectlyStandardise([], []), /no reference rates/);
    assert.throws(
      () => indirectlyStandardise([], [{ sex: null, ageBand: '0-64', count: 1, population: 0 }]),
      /above 0/,
    );
    assert.throws(() => indirectlyStandardise([], [rates[0]!, rates[0]!]), /given twice/);
  });
});
