/**
 * Means with Student's t limits (spec §3.3), with Fairview's difference: missing values are left out of n.
 * Worked example 2, 4, 4, 4, 5, 5, 7, 9: sum 40, mean 5, sd = √(32/7) = 2.138089935299395; the 95%
 * half-width is qt(0.975, 7)·sd/√8 with qt(0.975, 7) = 2.3646242515927... (t tables: 2.365).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { qt } from '../../src/stats/distributions.ts';
import { StatsInputError } from '../../src/stats/errors.ts';
import { mean, meansByGroup } from '../../src/stats/mean.ts';
import { assertClose } from './close-to.ts';

const VALUES = [2, 4, 4, 4, 5, 5, 7, 9];

describe('mean with Student t limits', () => {
  it('computes count, sum, sd, value and limits', () => {
    const r = mean(VALUES, { levels: [0.95] });
    assert.equal(r.count, 8);
    assert.equal(r.sum, 40);
    assertClose(r.sd, 2.138089935299395);
    assert.equal(r.value, 5);
    const half = (Math.abs(qt(0.025, 7)) * Math.sqrt(32 / 7)) / Math.sqrt(8);
    assert.equal(Math.round(Math.abs(qt(0.025, 7)) * 1000) / 1000, 2.365);
    assertClose(r.limits[0]!.lower, 5 - half);
    assertClose(r.limits[0]!.upper, 5 + half);
    assert.equal(r.method, "Student's t-distribution");
  });

  it('excludes missing values from n, the sum and the sd (Fairview’s deliberate difference)', () => {
    const withMissing = mean([null, ...VALUES, null], { levels: [0.95] });
    const without = mean(VALUES, { levels: [0.95] });
    assert.deepEqual(withMissing, without);
  });

  it('one value: the value, but no sd and no limits', () => {
    const r = mean([3, null]);
    assert.equal(r.count, 1);
    assert.equal(r.value, 3);
    assert.equal(r.sd, null);
    assert.ok(r.limits.every((l) => l.lower === null && l.upper === null));
  });

  it('no values: count 0 and everything else missing', () => {
    const r = mean([null, null]);
    assert.equal(r.count, 0);
    assert.equal(r.value, null);
    assert.equal(r.sd, null);
  });

  it('identical values: sd 0 and limits equal to the value', () => {
    const r = mean([1.5, 1.5, 1.5]);
    assert.equal(r.sd, 0);
    assert.ok(r.limits.every((l) => l.lower === 1.5 && l.upper === 1.5));
  });

  it('keeps precision for values with a large common offset', () => {
    const r = mean([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    assert.equal(r.sd, 1);
  });

  it('rejects non-numbers with the row index', () => {
    assert.throws(
      () => mean([1, Number.POSITIVE_INFINITY]),
      (e: unknown) => e instanceof StatsInputError && e.row === 1 && e.field === 'value',
    );
  });

  it('groups: one mean per group in order of first appearance', () => {
    const results = meansByGroup([
      { group: 'x', value: 1 },
      { group: 'y', value: 10 },
      { group: 'x', value: 3 },
      { group: 'y', value: null },
    ]);
    assert.deepEqual(
      results.map((r) => [r.group, r.count, r.value]),
      [
        ['x', 2, 2],
        ['y', 1, 10],
      ],
    );
  });
});
