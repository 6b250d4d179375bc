/**
 * Wilson score limits (spec §3.1). Worked values were checked by calculator (python3 math) from
 * lower = (2x + z² − z·√(z² + 4x(1 − x/n))) / 2 / (n + z²), with z95 = 1.9599639845400536 and
 * z99.8 = 3.090232306167813.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatsInputError } from '../../src/stats/errors.ts';
import { proportion, proportions, proportionsByGroup } from '../../src/stats/proportion.ts';
import { assertClose } from './close-to.ts';

const BOTH = [0.95, 0.998];

describe('proportion with Wilson limits', () => {
  it('x = 10, n = 100: value 0.1, 95% limits 0.0552291370606751 and 0.174365661504913', () => {
    // lower = (20 + 3.84146 − 1.959964·√(3.84146 + 36)) / 2 / 103.84146 = 0.05522913706...
    const r = proportion(10, 100, BOTH);
    assert.equal(r.value, 0.1);
    assert.equal(r.method, 'Wilson');
    assertClose(r.limits[0]!.lower, 0.05522913706067509);
    assertClose(r.limits[0]!.upper, 0.17436566150491342);
    assertClose(r.limits[1]!.lower, 0.03967810269786071);
    assertClose(r.limits[1]!.upper, 0.23005864712610377);
    assert.deepEqual(
      r.limits.map((l) => l.key),
      ['95', '99_8'],
    );
  });

  it('matches Newcombe (1998): 81 of 263 has Wilson 95% limits 0.2553 to 0.3662', () => {
    const r = proportion(81, 263, [0.95]);
    assert.equal(Math.round(r.limits[0]!.lower! * 1e4) / 1e4, 0.2553);
    assert.equal(Math.round(r.limits[0]!.upper! * 1e4) / 1e4, 0.3662);
  });

  it('0 events: the lower limit is 0 and the upper is z²/(n + z²)', () => {
    const r = proportion(0, 50, [0.95]);
    assert.equal(r.value, 0);
    assert.equal(r.limits[0]!.lower, 0);
    assertClose(r.limits[0]!.upper, 0.0713475991333587);
  });

  it('count equal to denominator: the upper limit is 1 (to rounding) and the lower n/(n + z²)', () => {
    const r = proportion(50, 50, [0.95]);
    assert.equal(r.value, 1);
    assertClose(r.limits[0]!.lower, 0.9286524008666414);
    assertClose(r.limits[0]!.upper, 1, 1e-15);
  });

  it('denominators 1 and 10^7', () => {
    const one = proportion(1, 1, [0.95]);
    assertClose(one.limits[0]!.lower, 0.2065493143772375);
    const big = proportion(2e6, 1e7, [0.95]);
    // Near the normal approximation: half-width ≈ z·√(pq/n) = 1.96·√(0.16e-7) = 2.4791e-4.
    assertClose(
      big.limits[0]!.upper! - big.limits[0]!.lower!,
      2 * 1.9599639845400536 * Math.sqrt(0.16e-7),
      1e-6,
    );
  });

  it('multiplies value and limits; at 100% confidence the limits are 0 and the multiplier', () => {
    const r = proportion(10, 100, [0.95], 100);
    assertClose(r.value, 10);
    assertClose(r.limits[0]!.lower, 5.522913706067509);
    const full = proportion(10, 100, [1], 100);
    assert.deepEqual([full.limits[0]!.lower, full.limits[0]!.upper], [0, 100]);
  });

  it('allows non-integer counts', () => {
    assertClose(proportion(2.5, 10, [0.95]).value, 0.25);
  });

  it('gives missing value and limits for a missing count or denominator', () => {
    const [a, b] = proportions([
      { numerator: null, denominator: 10 },
      { numerator: 3, denominator: null },
    ]);
    for (const r of [a!, b!]) {
      assert.equal(r.value, null);
      assert.deepEqual(
        r.limits.map((l) => [l.lower, l.upper]),
        [
          [null, null],
          [null, null],
        ],
      );
    }
  });

  it('with no levels gives the value only', () => {
    assert.deepEqual(proportion(1, 4, []).limits, []);
  });
});

describe('proportion validation', () => {
  const cases = [
    {
      rows: [
        { numerator: 1, denominator: 2 },
        { numerator: -1, denominator: 2 },
      ],
      row: 1,
      field: 'numerator',
      message: 'numerators must be greater than or equal to zero',
    },
    {
      rows: [{ numerator: 1, denominator: 0 }],
      row: 0,
      field: 'denominator',
      message: 'denominators must be greater than zero',
    },
    {
      rows: [{ numerator: 1, denominator: -3 }],
      row: 0,
      field: 'denominator',
      message: 'denominators must be greater than zero',
    },
    {
      rows: [
        { numerator: null, denominator: 2 },
        { numerator: 3, denominator: 2 },
      ],
      row: 1,
      field: 'numerator',
      message: 'numerators must be less than or equal to denominator for a proportion statistic',
    },
    {
      rows: [{ numerator: Number.NaN, denominator: 2 }],
      row: 0,
      field: 'numerator',
      message: 'numerators must be numbers',
    },
  ];
  for (const c of cases) {
    it(`rejects row ${c.row} with "${c.message}"`, () => {
      assert.throws(
        () => proportions(c.rows),
        (e: unknown) =>
          e instanceof StatsInputError && e.row === c.row && e.field === c.field && e.message === c.message,
      );
    });
  }

  it('checks all rows for negatives before zero denominators, as R does', () => {
    assert.throws(
      () =>
        proportions([
          { numerator: 1, denominator: 0 },
          { numerator: -1, denominator: 5 },
        ]),
      (e: unknown) => e instanceof StatsInputError && e.row === 1 && e.field === 'numerator',
    );
  });

  it('rejects a non-positive multiplier', () => {
    assert.throws(() => proportions([], { multiplier: 0 }), {
      message: 'multiplier must be greater than zero',
    });
  });
});

describe('grouped proportions', () => {
  it('sums numerators and denominators per group, groups in order of first appearance', () => {
    const results = proportionsByGroup(
      [
        { group: 'B', numerator: 4, denominator: 50 },
        { group: 'A', numerator: 3, denominator: 40 },
        { group: 'B', numerator: 6, denominator: 50 },
        { group: 'A', numerator: 7, denominator: 60 },
      ],
      { levels: [0.95] },
    );
    assert.deepEqual(
      results.map((r) => [r.group, r.numerator, r.denominator]),
      [
        ['B', 10, 100],
        ['A', 10, 100],
      ],
    );
    assertClose(results[0]!.limits[0]!.lower, 0.05522913706067509);
  });

  it('a missing value anywhere in a group makes that group missing (R’s sum)', () => {
    const [a, b] = proportionsByGroup([
      { group: 'A', numerator: 1, denominator: 10 },
      { group: 'A', numerator: null, denominator: 10 },
      { group: 'B', numerator: 1, denominator: 10 },
    ]);
    assert.equal(a!.numerator, null);
    assert.equal(a!.value, null);
    assert.equal(b!.value, 0.1);
  });

  it('a single group gives one result', () => {
    const results = proportionsByGroup([
      { group: 'only', numerator: 1, denominator: 4 },
      { group: 'only', numerator: 1, denominator: 4 },
    ]);
    assert.equal(results.length, 1);
    assert.equal(results[0]!.value, 0.25);
  });
});
