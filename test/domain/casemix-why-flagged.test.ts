import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { whyFlagged } from '../../src/domain/casemix/index.ts';
import type { BenchmarkComparison, FunnelFlag } from '../../src/stats/index.ts';

// The crude side: (comparison at 95%, comparison at 99.8%) with no judgement, and how it reads.
const CRUDE: Record<string, [BenchmarkComparison, BenchmarkComparison, string]> = {
  higher998: ['higher', 'higher', 'Higher than England at 99.8%'],
  lower998: ['lower', 'lower', 'Lower than England at 99.8%'],
  higher95: ['higher', 'similar', 'Higher than England at 95%'],
  lower95: ['lower', 'similar', 'Lower than England at 95%'],
  similar: ['similar', 'similar', 'Similar to England'],
  none: ['not_compared', 'not_compared', 'Not compared with England'],
};

const ADJUSTED: Record<string, [FunnelFlag | null, string]> = {
  high_99_8: ['high_99_8', 'higher than expected for its age and deprivation profile (99.8% limits)'],
  high_95: ['high_95', 'higher than expected for its age and deprivation profile (95% limits)'],
  none: ['none', 'within the range expected for practices with its age and deprivation profile'],
  low_95: ['low_95', 'lower than expected for its age and deprivation profile (95% limits)'],
  low_99_8: ['low_99_8', 'lower than expected for its age and deprivation profile (99.8% limits)'],
  missing: [null, 'no case-mix adjusted comparison is available'],
};

// How the two halves join: "and" when they agree, "but" when they differ, ";" when one is missing.
const JOIN: Record<string, Record<string, string>> = {
  higher998: {
    high_99_8: ', and',
    high_95: ', and',
    none: ', but',
    low_95: ', but',
    low_99_8: ', but',
    missing: ';',
  },
  lower998: {
    high_99_8: ', but',
    high_95: ', but',
    none: ', but',
    low_95: ', and',
    low_99_8: ', and',
    missing: ';',
  },
  higher95: {
    high_99_8: ', and',
    high_95: ', and',
    none: ', but',
    low_95: ', but',
    low_99_8: ', but',
    missing: ';',
  },
  lower95: {
    high_99_8: ', but',
    high_95: ', but',
    none: ', but',
    low_95: ', and',
    low_99_8: ', and',
    missing: ';',
  },
  similar: {
    high_99_8: ', but',
    high_95: ', but',
    none: ', and',
    low_95: ', but',
    low_99_8: ', but',
    missing: ';',
  },
  none: { high_99_8: ';', high_95: ';', none: ';', low_95: ';', low_99_8: ';', missing: ';' },
};

describe('Why is this flagged: the plain-English sentence', () => {
  it('reads the two examples from the issue word for word', () => {
    assert.equal(
      whyFlagged({
        england95: 'worse',
        england99_8: 'worse',
        polarity: 'lower_is_better',
        adjustedFlag: 'none',
      }).sentence,
      'Higher than England at 99.8%, but within the range expected for practices with its age and deprivation profile.',
    );
    assert.equal(
      whyFlagged({
        england95: 'similar',
        england99_8: 'similar',
        polarity: 'higher_is_better',
        adjustedFlag: 'low_99_8',
      }).sentence,
      'Similar to England, but lower than expected for its age and deprivation profile (99.8% limits).',
    );
  });

  for (const [crudeName, [c95, c998, crudeText]] of Object.entries(CRUDE)) {
    for (const [adjustedName, [flag, adjustedText]] of Object.entries(ADJUSTED)) {
      const expected = `${crudeText}${JOIN[crudeName]![adjustedName]} ${adjustedText}.`;
      it(`crude ${crudeName} + adjusted ${adjustedName}: "${expected}"`, () => {
        const why = whyFlagged({
          england95: c95,
          england99_8: c998,
          polarity: 'no_judgement',
          adjustedFlag: flag,
        });
        assert.equal(why.sentence, expected);
        assert.equal(why.flagBasis, flag === null ? 'crude' : 'adjusted');
        assert.equal(why.text, `${why.sentence} ${why.basisSentence}`);
      });
    }
  }

  it('turns better/worse back into higher/lower by polarity', () => {
    const text = (c: BenchmarkComparison, polarity: 'higher_is_better' | 'lower_is_better') =>
      whyFlagged({ england95: c, england99_8: c, polarity, adjustedFlag: null }).sentence;
    assert.match(text('better', 'higher_is_better'), /^Higher than England at 99\.8%/);
    assert.match(text('worse', 'higher_is_better'), /^Lower than England at 99\.8%/);
    assert.match(text('better', 'lower_is_better'), /^Lower than England at 99\.8%/);
    assert.match(text('worse', 'lower_is_better'), /^Higher than England at 99\.8%/);
  });

  it('says which comparison the flag uses, and judges it by polarity', () => {
    // The crude comparison agrees in direction ("higher"), expressed in each polarity's words.
    const crudeHigher = {
      higher_is_better: 'better',
      lower_is_better: 'worse',
      no_judgement: 'higher',
    } as const;
    const basis = (flag: FunnelFlag | null, polarity: keyof typeof crudeHigher) =>
      whyFlagged({
        england95: crudeHigher[polarity],
        england99_8: crudeHigher[polarity],
        polarity,
        adjustedFlag: flag,
      });
    assert.equal(
      basis('high_99_8', 'lower_is_better').basisSentence,
      'The flag uses the case-mix adjusted comparison: worse than expected, as lower is better for this indicator.',
    );
    assert.equal(basis('high_99_8', 'lower_is_better').judgement, 'worse');
    assert.equal(
      basis('high_95', 'higher_is_better').basisSentence,
      'The flag uses the case-mix adjusted comparison: better than expected, as higher is better for this indicator.',
    );
    assert.equal(
      basis('low_99_8', 'no_judgement').basisSentence,
      'The flag uses the case-mix adjusted comparison: lower than expected (this indicator is not judged better or worse).',
    );
    assert.equal(basis('low_99_8', 'no_judgement').judgement, 'lower');
    assert.equal(
      basis('none', 'lower_is_better').basisSentence,
      'The flag uses the case-mix adjusted comparison: not flagged.',
    );
    assert.equal(basis('none', 'lower_is_better').judgement, 'similar');
    // Without an adjusted comparison the flag is the crude one.
    assert.equal(
      basis(null, 'lower_is_better').basisSentence,
      'The flag uses the crude comparison with England: worse than England, as lower is better for this indicator.',
    );
    assert.equal(
      basis(null, 'higher_is_better').basisSentence,
      'The flag uses the crude comparison with England: better than England, as higher is better for this indicator.',
    );
    assert.equal(
      basis(null, 'no_judgement').basisSentence,
      'The flag uses the crude comparison with England: higher than England (this indicator is not judged better or worse).',
    );
  });

  it('can be told to flag on the crude comparison even when an adjusted one exists', () => {
    const why = whyFlagged({
      england95: 'worse',
      england99_8: 'similar',
      polarity: 'higher_is_better',
      adjustedFlag: 'none',
      flagBasis: 'crude',
    });
    assert.equal(
      why.sentence,
      'Lower than England at 95%, but within the range expected for practices with its age and deprivation profile.',
    );
    assert.equal(
      why.basisSentence,
      'The flag uses the crude comparison with England: worse than England, as higher is better for this indicator.',
    );
    assert.equal(why.judgement, 'worse');
  });

  it('reports "similar" and "not compared" for the crude basis', () => {
    const similar = whyFlagged({
      england95: 'similar',
      england99_8: 'similar',
      polarity: 'higher_is_better',
      adjustedFlag: null,
    });
    assert.equal(similar.basisSentence, 'The flag uses the crude comparison with England: not flagged.');
    const none = whyFlagged({
      england95: 'not_compared',
      england99_8: 'not_compared',
      polarity: 'higher_is_better',
      adjustedFlag: null,
    });
    assert.equal(
      none.text,
      'Not compared with England; no case-mix adjusted comparison is available. The flag uses the crude comparison with England: not compared.',
    );
    assert.equal(none.judgement, 'not_compared');
  });

  it('refuses impossible inputs rather than guess', () => {
    assert.throws(
      () =>
        whyFlagged({
          england95: 'better',
          england99_8: 'better',
          polarity: 'no_judgement',
          adjustedFlag: null,
        }),
      /needs a polarity/,
    );
    assert.throws(
      () =>
        whyFlagged({
          england95: 'similar',
          england99_8: 'similar',
          polarity: 'no_judgement',
          adjustedFlag: null,
          flagBasis: 'adjusted',
        }),
      /no adjusted|there is none/,
    );
  });
});
