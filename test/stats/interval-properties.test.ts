/**
 * Properties every confidence interval must have, checked on random inputs with fast-check:
 * limits bracket the value, 99.8% limits contain 95% limits, and intervals narrow as the denominator
 * grows at a fixed proportion or rate.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { quintiles } from '../../src/stats/benchmark.ts';
import type { LevelLimits } from '../../src/stats/confidence.ts';
import { pchisq, qchisq } from '../../src/stats/distributions.ts';
import { dsrByGroup } from '../../src/stats/dsr.ts';
import { isrByGroup } from '../../src/stats/isr.ts';
import { mean } from '../../src/stats/mean.ts';
import { proportion } from '../../src/stats/proportion.ts';
import { rate } from '../../src/stats/rate.ts';

const BOTH = [0.95, 0.998];
const SLACK = 1e-12; // limits may touch the value (e.g. Wilson's 0 at x = 0) up to rounding

function checkInterval(value: number | null, limits: LevelLimits[]): void {
  assert.ok(value !== null);
  // Rounding is relative to the size of the numbers, on either side of zero: a slack of
  // value × (1 + SLACK) would tighten the check for a negative value instead of loosening it (a mean
  // of −999,999.99999976 failed so, its lower limit 1e-6 below it).
  const slack = SLACK * (1 + Math.abs(value));
  const [l95, l998] = limits;
  for (const l of [l95!, l998!]) {
    assert.ok(l.lower !== null && l.upper !== null);
    assert.ok(l.lower <= value + slack, `lower ${l.lower} > value ${value}`);
    assert.ok(l.upper >= value - slack, `upper ${l.upper} < value ${value}`);
  }
  assert.ok(l998!.lower! <= l95!.lower! + slack && l998!.upper! >= l95!.upper! - slack, '99.8% contains 95%');
}

const width = (l: LevelLimits) => l.upper! - l.lower!;

describe('interval properties', () => {
  it('Wilson: brackets, nests, stays in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const x = Math.floor(share * n);
          const r = proportion(x, n, BOTH);
          checkInterval(r.value, r.limits);
          assert.ok(r.limits[1]!.lower! >= -SLACK && r.limits[1]!.upper! <= 1 + SLACK);
        },
      ),
    );
  });

  it('Wilson: narrows as the denominator grows at a fixed proportion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 2, max: 100 }),
        (n, pct, k) => {
          const x = (pct / 100) * n;
          const small = proportion(x, n, [0.95]).limits[0]!;
          const large = proportion(k * x, k * n, [0.95]).limits[0]!;
          assert.ok(width(large) < width(small));
        },
      ),
    );
  });

  it('rates: bracket, nest, and narrow (relative to the rate) as the denominator grows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 2, max: 50 }),
        (x, n, k) => {
          const r = rate(x, n, BOTH);
          checkInterval(r.value, r.limits);
          const larger = rate(k * x, k * n, [0.95]);
          assert.ok(width(larger.limits[0]!) < width(r.limits[0]!));
        },
      ),
    );
  });

  it('means: bracket and nest, and do not depend on row order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 }),
        (xs) => {
          const r = mean(xs, { levels: BOTH });
          checkInterval(r.value, r.limits);
          const reversed = mean([...xs].reverse(), { levels: BOTH });
          assert.ok(Math.abs(reversed.value! - r.value!) <= 1e-9 * (1 + Math.abs(r.value!)));
        },
      ),
    );
  });

  it('DSRs: bracket and nest whenever at least 10 events', () => {
    const band = fc.record({
      count: fc.integer({ min: 0, max: 5000 }),
      population: fc.integer({ min: 1, max: 1_000_000 }),
      standard: fc.integer({ min: 1, max: 10_000 }),
    });
    fc.assert(
      fc.property(fc.array(band, { minLength: 1, maxLength: 19 }), (bands) => {
        fc.pre(bands.reduce((s, b) => s + b.count, 0) >= 10);
        const [r] = dsrByGroup(bands.map((b) => ({ group: 'g', ...b })));
        checkInterval(r!.value, r!.limits);
      }),
    );
  });

  it('ISRs: bracket and nest', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        (o, e) => {
          const [r] = isrByGroup(
            [{ group: 'g', count: o, population: e, referenceCount: 1, referencePopulation: 1 }],
            { levels: BOTH },
          );
          checkInterval(r!.value, r!.limits);
        },
      ),
    );
  });

  it('quintiles never decrease as the value increases', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (xs) => {
          const groups = quintiles(xs);
          const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
          for (let i = 1; i < order.length; i++) assert.ok(groups[order[i]!]! >= groups[order[i - 1]!]!);
        },
      ),
    );
  });

  it('pchisq inverts qchisq for random degrees of freedom and probabilities', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 2e6, noNaN: true }),
        fc.double({ min: 1e-12, max: 0.5, noNaN: true }),
        (df, p) => {
          const q = qchisq(p, df);
          assert.ok(Math.abs(pchisq(q, df) - p) <= 1e-11 * p, `df ${df} p ${p}`);
          // The upper tail actually asked for is 1 − (1 − p) in doubles, not p.
          const tail = 1 - (1 - p);
          const upper = qchisq(1 - p, df);
          assert.ok(Math.abs(pchisq(upper, df, false) - tail) <= 1e-11 * tail, `upper df ${df} p ${p}`);
        },
      ),
      { numRuns: 200 },
    );
  });
});
