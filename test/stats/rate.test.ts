/**
 * Crude rates: exact Poisson limits below 10 events, Byar's from 10 (spec §3.2). Byar values were
 * checked by calculator from O(1 − 1/(9O) − z/(3√O))³ and (O+1)(1 − 1/(9(O+1)) + z/(3√(O+1)))³; exact
 * values against Garwood's published table of Poisson limits (4 decimals).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatsInputError } from '../../src/stats/errors.ts';
import {
  byarLower,
  byarUpper,
  exactLower,
  exactUpper,
  poissonMethod,
} from '../../src/stats/poisson-limits.ts';
import { rate, rates, ratesByGroup } from '../../src/stats/rate.ts';
import { assertClose } from './close-to.ts';

const Z95 = 1.9599639845400536;
const Z998 = 3.090232306167813;
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

describe('Poisson limit helpers', () => {
  it('Byar at O = 10: 4.78744991396756 to 18.3914586057565 (95%), 2.91631837469569 to 24.1937249278806 (99.8%)', () => {
    assertClose(byarLower(10, Z95), 4.787449913967564);
    assertClose(byarUpper(10, Z95), 18.391458605756473);
    assertClose(byarLower(10, Z998), 2.916318374695686);
    assertClose(byarUpper(10, Z998), 24.19372492788055);
  });

  it('exact limits match Garwood’s table for 0, 1, 5 and 9 events', () => {
    const table: [number, number, number][] = [
      [0, 0, 3.6889],
      [1, 0.0253, 5.5716],
      [5, 1.6235, 11.6683],
      [9, 4.1154, 17.0848],
    ];
    for (const [o, lower, upper] of table) {
      assert.equal(round4(exactLower(o, 0.95)), lower, `lower for ${o}`);
      assert.equal(round4(exactUpper(o, 0.95)), upper, `upper for ${o}`);
    }
  });

  it('exact limits for 0 and 1 events are −log of the tail probabilities (chi-square with 2 df)', () => {
    // (1 − 0.95)/2 = 0.025000000000000022 in doubles; −log(0.025000000000000022) = 3.6888794541139354.
    assertClose(exactUpper(0, 0.95), 3.6888794541139354, 1e-14);
    assertClose(exactLower(1, 0.95), -Math.log1p(-0.025000000000000022), 1e-14);
    assert.equal(exactLower(0, 0.998), 0);
  });

  it('names the method by the count', () => {
    assert.equal(poissonMethod(9.99), 'Exact');
    assert.equal(poissonMethod(10), 'Byars');
  });
});

describe('rate', () => {
  it('250 events in 50,000: 500 per 100,000, Byar 95% limits 439.933768495447 to 565.977037448055', () => {
    const r = rate(250, 50000, [0.95]);
    assertClose(r.value, 500);
    assertClose(r.limits[0]!.lower, 439.9337684954466);
    assertClose(r.limits[0]!.upper, 565.9770374480545);
    assert.equal(r.method, 'Byars');
  });

  it('below 10 events uses the exact limits divided by the denominator', () => {
    const r = rate(5, 1000, [0.95, 0.998], 1000);
    assert.equal(r.method, 'Exact');
    assertClose(r.value, 5);
    assertClose(r.limits[0]!.lower, exactLower(5, 0.95));
    assertClose(r.limits[1]!.upper, exactUpper(5, 0.998));
  });

  it('0 events: value 0, lower limit 0, upper 3.6889 per unit of denominator', () => {
    const r = rate(0, 1, [0.95], 1);
    assert.equal(r.value, 0);
    assert.equal(r.limits[0]!.lower, 0);
    assertClose(r.limits[0]!.upper, 3.6888794541139354, 1e-14);
  });

  it('allows counts above the denominator and denominators of 10^7', () => {
    assertClose(rate(30, 10, [0.95], 1).value, 3);
    const big = rate(1e7, 1e7, [0.95], 1);
    assertClose(big.limits[0]!.lower, byarLower(1e7, Z95) / 1e7);
  });

  it('missing count gives missing method; missing denominator keeps the count’s method', () => {
    assert.equal(rate(null, 10).method, null);
    const r = rate(12, null);
    assert.equal(r.method, 'Byars');
    assert.equal(r.value, null);
    assert.equal(r.limits[0]!.lower, null);
  });

  it('defaults to per 100,000 and both levels', () => {
    const r = rates([{ numerator: 20, denominator: 1000 }])[0]!;
    assertClose(r.value, 2000);
    assert.equal(r.limits.length, 2);
  });
});

describe('rate validation', () => {
  it('rejects a negative count', () => {
    assert.throws(
      () => rates([{ numerator: -2, denominator: 5 }]),
      (e: unknown) => e instanceof StatsInputError && e.row === 0 && e.field === 'numerator',
    );
  });
  it('rejects a zero denominator', () => {
    assert.throws(
      () =>
        rates([
          { numerator: 2, denominator: 5 },
          { numerator: 2, denominator: 0 },
        ]),
      (e: unknown) =>
        e instanceof StatsInputError &&
        e.row === 1 &&
        e.field === 'denominator' &&
        e.message === 'denominators must be greater than zero',
    );
  });
});

describe('grouped rates', () => {
  it('sums per group; a missing value makes the group missing', () => {
    const [a, b] = ratesByGroup(
      [
        { group: 'a', numerator: 100, denominator: 25000 },
        { group: 'b', numerator: 1, denominator: null },
        { group: 'a', numerator: 150, denominator: 25000 },
      ],
      { levels: [0.95] },
    );
    assertClose(a!.limits[0]!.lower, 439.9337684954466);
    assert.equal(b!.value, null);
    assert.equal(b!.method, 'Exact');
  });
});
