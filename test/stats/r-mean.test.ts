/**
 * rMean (the SPC mean and average moving range) against R's `mean()` to the last bit.
 *
 * R accumulates mean() in 80-bit long double and adds a correction pass (summary.c); r-long-double.ts
 * emulates that exactly with BigInt arithmetic, so these tests compare with what R computes on x86-64
 * Linux, not with an approximation of it. The worked values were also checked with exact rational
 * arithmetic (sum the doubles exactly, divide, round to nearest): for ordinary data R's mean is the
 * exact mean correctly rounded.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spc } from '../../src/stats/spc.ts';
import { rMean, xmrLimits } from '../../src/stats/spc-limits.ts';
import { rMeanLongDouble } from './r-long-double.ts';

/** A seeded generator (mulberry32), so every run checks the same data. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('rMean gives R’s mean() to the last bit', () => {
  it('gives 46/6 as 7.666666666666667 for decimal data summing to 46, where a double mean gave …666', () => {
    // Σ of these doubles is exactly 46 − 2.2e-16, so the mean is 3.3e-16 from 7.666666666666667 and
    // 5.6e-16 from 7.666666666666666 (checked with Python's fractions); the long-double emulation agrees.
    // s = Σ/n in doubles plus a double-precision correction gave …666.
    const values = [13.1, 2.9, 12.6, 5.3, 10.8, 1.3];
    assert.equal(rMeanLongDouble(values), 7.666666666666667);
    assert.equal(rMean(values), 7.666666666666667);
    assert.equal(rMean([7, 8, 7, 8, 8, 8]), 7.666666666666667);
  });

  it('gives mean(c(75.9, 35.6, 89, 15.2)) = 53.925000000000004, the double nearest the exact mean', () => {
    assert.equal(rMeanLongDouble([75.9, 35.6, 89, 15.2]), 53.925000000000004);
    assert.equal(rMean([75.9, 35.6, 89, 15.2]), 53.925000000000004);
  });

  it('rounds a mean exactly halfway between two doubles to even, as R’s final conversion does', () => {
    // (1 + (1 + 2^-52))/2 = 1 + 2^-53: halfway between 1 and 1 + 2^-52; the even one is 1.
    assert.equal(rMean([1, 1 + 2 ** -52]), 1);
    // 1 + 3·2^-53 is halfway between 1 + 2^-52 (odd) and 1 + 2^-51 (even).
    assert.equal(rMean([1 + 2 ** -52, 1 + 2 ** -51]), 1 + 2 ** -51);
    assert.equal(rMeanLongDouble([1 + 2 ** -52, 1 + 2 ** -51]), 1 + 2 ** -51);
  });

  it('agrees with R on 20,000 seeded SPC-like series (rates, counts, moving ranges, lengths 1–48)', () => {
    const random = seeded(20261124);
    let checked = 0;
    for (let k = 0; k < 20000; k++) {
      const n = 1 + Math.floor(random() * 48);
      const level = 50 * random();
      const kind = k % 4;
      const values = Array.from({ length: n }, () => {
        const v = level * (1 + 0.2 * (random() - 0.5));
        if (kind === 0) return Math.round(v * 10) / 10; // one decimal, as published rates are
        if (kind === 1) return Math.round(v * 100); // counts
        if (kind === 2) return Math.abs(Math.round(v * 100) / 100 - Math.round(level * 100) / 100); // moving ranges
        return v; // full-precision values
      });
      assert.equal(rMean(values), rMeanLongDouble(values), JSON.stringify(values));
      checked++;
    }
    assert.equal(checked, 20000);
  });

  it('keeps full precision under cancellation: mean(c(1e16, 1, -1e16)) is 1/3 rounded', () => {
    // R's own long double keeps only 64 bits here and its correction pass gives 0.3336588541666667
    // (the emulation shows it); Fairview gives the exact mean, a documented difference for data
    // whose values are 2^53 apart in size and cancel.
    assert.equal(rMean([1e16, 1, -1e16]), 0.3333333333333333);
    assert.equal(rMeanLongDouble([1e16, 1, -1e16]), 0.3336588541666667);
  });

  it('is null for no values and passes infinities through as R does', () => {
    assert.equal(rMean([]), null);
    assert.equal(rMean([5]), 5);
    assert.equal(rMean([Number.POSITIVE_INFINITY, 1]), Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(rMean([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])));
    // Only the double sum overflows; R falls back to averaging x/n.
    assert.equal(rMean([1e308, 1e308]), 1e308);
  });
});

describe('the SPC limits use R’s mean', () => {
  it('puts the centre line of a series at R’s mean of its values', () => {
    const values = [75.9, 35.6, 89, 15.2];
    const limits = xmrLimits(values, values.length, false);
    assert.equal(limits.mean, 53.925000000000004);
    // Moving ranges |35.6 − 75.9|, |89 − 35.6|, |15.2 − 89| as doubles, averaged as R would.
    const ranges = [Math.abs(35.6 - 75.9), Math.abs(89 - 35.6), Math.abs(15.2 - 89)];
    assert.equal(limits.amr, rMeanLongDouble(ranges));
  });

  it('gives the same mean through spc() for every point of the chart', () => {
    const values = [13.1, 2.9, 12.6, 5.3, 10.8, 1.3];
    const chart = spc(
      values.map((value, i) => ({ value, date: `2024-0${i + 1}-01` })),
      { screenOutliers: false },
    );
    for (const p of chart.points) assert.equal(p.mean, 7.666666666666667);
  });
});
