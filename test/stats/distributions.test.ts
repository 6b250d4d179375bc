/**
 * The distribution functions against 60-digit reference values.
 *
 * fixtures/distribution-references.json holds 599 values: qnorm, pnorm, qt, qchisq (df 0.2 … 2·10^7 + 2,
 * including df = 2x and 2x + 2 for counts x = 1 … 10^7) and ppois, at p = 1e-10, 1e-6, 1e-3, the exact
 * doubles (1 − 0.95)/2 and (1 − 0.998)/2 that the methods pass, 0.5, and the upper-tail mirrors.
 * Each was computed by fixtures/refine-references.py: Newton's method in mpmath at 60 digits, from the
 * double inputs taken exactly, on a CDF written as the incomplete-gamma power series (chi-square,
 * Poisson) or mpmath's incomplete beta (t) and ncdf (normal). Those are independent of the code here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { pchisq, pnorm, ppois, qchisq, qnorm, qt, twoSidedZ } from '../../src/stats/distributions.ts';
import { assertClose } from './close-to.ts';

interface Reference {
  f: 'qnorm' | 'pnorm' | 'qt' | 'qchisq' | 'ppois';
  p?: number;
  q?: number;
  df?: number;
  k?: number;
  lam?: number;
  ref: string;
}

const references: Reference[] = JSON.parse(
  readFileSync(new URL('./fixtures/distribution-references.json', import.meta.url), 'utf8'),
);

function evaluate(r: Reference): number {
  switch (r.f) {
    case 'qnorm':
      return qnorm(r.p!);
    case 'pnorm':
      return pnorm(r.q!);
    case 'qt':
      return qt(r.p!, r.df!);
    case 'qchisq':
      return qchisq(r.p!, r.df!);
    case 'ppois':
      return ppois(r.k!, r.lam!);
  }
}

// ~1e-13 relative is the target. pnorm (@stdlib) reaches 9.8e-14 at q = −37 (p = 5.7e-300); qchisq with
// df = 0.2 loses a factor 1/a = 10 from the inversion itself (about 2e-14): both are inside the target.
const TOLERANCE = 1e-13;

describe('distribution functions against 60-digit references', () => {
  for (const f of ['qnorm', 'pnorm', 'qt', 'qchisq', 'ppois'] as const) {
    it(`${f} agrees to 1e-13 relative at every reference point`, () => {
      const rows = references.filter((r) => r.f === f);
      assert.ok(rows.length > 10);
      for (const r of rows) {
        assertClose(
          evaluate(r),
          Number(r.ref),
          TOLERANCE,
          `${f}(${r.p ?? r.q ?? r.k}, ${r.df ?? r.lam ?? ''})`,
        );
      }
    });
  }

  it('covers chi-square df = 2x and 2x + 2 for counts up to 10^7 at both tails', () => {
    const dfs = new Set(references.filter((r) => r.f === 'qchisq').map((r) => r.df));
    for (const x of [1, 9, 10, 1e4, 1e7]) {
      assert.ok(dfs.has(2 * x) && dfs.has(2 * x + 2), `df for count ${x}`);
    }
  });
});

describe('qnorm is R’s AS 241', () => {
  it('gives R’s z values for 95% and 99.8%', () => {
    // R: sprintf('%.17g', qnorm(0.975)) and qnorm(0.999); Python's statistics.NormalDist().inv_cdf agrees.
    assert.equal(twoSidedZ(0.95), 1.9599639845400536);
    assert.equal(twoSidedZ(0.998), 3.090232306167813);
    // @stdlib's normal quantile gives −6.361340889697423 here (2e-9 relative off), which is why it is not used.
    assert.equal(qnorm(1e-10), -6.361340902404056);
  });

  it('is symmetric, infinite at 0 and 1, and NaN outside [0, 1]', () => {
    assert.equal(qnorm(0.5), 0);
    assert.equal(qnorm(0), Number.NEGATIVE_INFINITY);
    assert.equal(qnorm(1), Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(qnorm(1.5)) && Number.isNaN(qnorm(-0.1)) && Number.isNaN(qnorm(Number.NaN)));
    assert.equal(qnorm(0.3), -qnorm(0.7));
  });
});

describe('edge cases with R semantics', () => {
  it('qchisq with df 0 is 0 (the exact lower limit for zero events)', () => {
    assert.equal(qchisq(0.025, 0), 0);
    assert.equal(qchisq(0.975, 0), 0);
  });

  it('qchisq is 0 at p = 0 and infinite at p = 1', () => {
    assert.equal(qchisq(0, 4), 0);
    assert.equal(qchisq(1, 4), Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(qchisq(-0.1, 4)));
  });

  it('qchisq(p, 2)/2 is −log(1 − p), the exponential quantile (checked by calculator)', () => {
    // 1 − 0.975 in doubles is 0.025000000000000022; −log of it is 3.6888794541139354.
    assertClose(qchisq(0.975, 2) / 2, 3.6888794541139354, 1e-14);
  });

  it('pchisq inverts qchisq in both tails', () => {
    for (const df of [1, 3, 20, 2001, 2e6]) {
      assertClose(pchisq(qchisq(1e-6, df), df), 1e-6, 1e-12);
      assertClose(pchisq(qchisq(1 - 1e-6, df), df, false), 1e-6, 1e-9);
    }
  });

  it('qt is NaN for df 0 (R warns and returns NaN), as a mean of one value needs', () => {
    assert.ok(Number.isNaN(qt(0.025, 0)));
  });

  it('ppois is 0 below zero and 1 for lambda 0', () => {
    assert.equal(ppois(-1, 3), 0);
    assert.equal(ppois(2, 0), 1);
    assertClose(ppois(0, 5), Math.exp(-5), 1e-14);
  });
});
