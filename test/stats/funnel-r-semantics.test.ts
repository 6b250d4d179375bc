/**
 * R's own arithmetic that the funnel references depend on. Expected values are worked by hand from R's
 * documented algorithms (fround.c, formatReal, quantile type 7, rank "average", seq.default).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accurateSum,
  quantileType7,
  rankAverage,
  roundHalfEven,
  rRound,
  rSeqLength,
  rWholeNumberText,
  rWholeNumberWidth,
} from '../../src/stats/funnel-r-semantics.ts';

describe("R's round", () => {
  it('rounds halves to even with no digits, as round(2.5) = 2 and round(3.5) = 4', () => {
    assert.equal(roundHalfEven(2.5), 2);
    assert.equal(roundHalfEven(3.5), 4);
    assert.equal(roundHalfEven(-2.5), -2);
    assert.equal(roundHalfEven(0.5), 0);
    assert.equal(roundHalfEven(2.4999), 2);
    assert.equal(rRound(1234.5), 1234);
  });

  it('rounds to the decimal candidate nearer the stored double: 0.15 (stored 0.1499…) → 0.1', () => {
    assert.equal(rRound(0.15, 1), 0.1);
    // 2.675 is stored as 2.67499999999999982236431605997495353221893310546875.
    assert.equal(rRound(2.675, 2), 2.67);
    // 0.135 is stored as 0.13500000000000000888…, above the half.
    assert.equal(rRound(0.135, 2), 0.14);
    // 1.005 is stored as 1.00499999999999989…, 10.005 as 10.00500000000000078…
    assert.equal(rRound(1.005, 2), 1);
    assert.equal(rRound(10.005, 2), 10.01);
    // 5.015 is stored just below, but both distances round to the same double, so the even digit wins.
    assert.equal(rRound(5.015, 2), 5.02);
  });

  it('sends an exact decimal tie to the even last digit: round(0.125, 2) = 0.12, round(0.375, 2) = 0.38', () => {
    assert.equal(rRound(0.125, 2), 0.12);
    assert.equal(rRound(0.375, 2), 0.38);
    assert.equal(rRound(-0.125, 2), -0.12);
  });

  it('leaves values that already carry the digits alone', () => {
    assert.equal(rRound(12.34, 2), 12.34);
    assert.equal(rRound(0, 2), 0);
    assert.equal(rRound(1e17 + 0.5, 2), 1e17 + 0.5);
  });
});

describe("R's as.character for whole numbers (the axis rounding counts its characters)", () => {
  it('prints 100000 as "1e+05" because scientific is strictly shorter', () => {
    assert.equal(rWholeNumberText(100000), '1e+05');
    assert.equal(rWholeNumberWidth(100000), 5);
    assert.equal(rWholeNumberText(2000000), '2e+06');
    assert.equal(rWholeNumberText(12000000), '1.2e+07');
  });

  it('keeps fixed notation when scientific is not shorter: 10000, 1200000, 123456', () => {
    assert.equal(rWholeNumberText(10000), '10000');
    assert.equal(rWholeNumberText(1200000), '1200000');
    assert.equal(rWholeNumberText(123456), '123456');
    assert.equal(rWholeNumberText(0), '0');
    assert.equal(rWholeNumberText(7), '7');
  });
});

describe('type-7 quantiles', () => {
  it('interpolates between order statistics at h = (n − 1)p + 1', () => {
    const x = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    // h = 9 × 0.1 + 1 = 1.9: 1 + 0.9 × (2 − 1)
    assert.ok(Math.abs(quantileType7(x, 0.1) - 1.9) < 1e-15);
    // h = 9.1: 9 + 0.1 × (10 − 9)
    assert.ok(Math.abs(quantileType7(x, 0.9) - 9.1) < 1e-15);
    assert.equal(quantileType7(x, 0), 1);
    assert.equal(quantileType7(x, 1), 10);
    assert.equal(quantileType7([4], 0.1), 4);
  });

  it('does not interpolate between equal order statistics, so −Inf ties give −Inf rather than NaN', () => {
    assert.equal(
      quantileType7([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 1, 2], 0.1),
      Number.NEGATIVE_INFINITY,
    );
    assert.equal(quantileType7([Number.NEGATIVE_INFINITY, 1, 2, 3], 0.1), Number.NEGATIVE_INFINITY);
  });
});

describe('average ranks', () => {
  it('gives tied values the mean of the ranks they occupy', () => {
    assert.deepEqual(rankAverage([3, 1, 3, 2]), [3.5, 1, 3.5, 2]);
    assert.deepEqual(rankAverage([5, 5, 5]), [2, 2, 2]);
    assert.deepEqual(rankAverage([Number.NEGATIVE_INFINITY, 0, Number.NEGATIVE_INFINITY]), [1.5, 3, 1.5]);
  });
});

describe('seq(from, to, length.out)', () => {
  it('starts at from, steps by (to − from)/(n − 1) and ends exactly at to', () => {
    const s = rSeqLength(1.1, 10, 1000);
    assert.equal(s.length, 1000);
    assert.equal(s[0], 1.1);
    assert.equal(s[1], 1.1 + 1 * (8.9 / 999));
    assert.equal(s[999], 10);
    assert.deepEqual(rSeqLength(3, 3, 4), [3, 3, 3, 3]);
  });
});

describe('sums', () => {
  it('do not lose small terms to cancellation (R sums in extended precision)', () => {
    assert.equal(accurateSum([1e16, 1, -1e16]), 1);
    assert.equal(accurateSum([0.1, 0.2, 0.3]), 0.6);
    assert.equal(accurateSum([]), 0);
  });
});
