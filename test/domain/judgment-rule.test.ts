// The headline rule as tables (src/domain/judgment/verdict.ts, why.ts, calibration.ts): how a flag
// reads by polarity — no good or bad colour without a polarity — the "why flagged" sentence naming the
// comparison that made the verdict, and the calibration summary.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  calibrationOf,
  headlineBasisFor,
  headlineVerdict,
  headlineWhy,
  isFlagged,
  VERDICTS,
} from '../../src/domain/judgment/index.ts';

describe('the headline verdict', () => {
  const table: [
    flag: string | null,
    polarity: (typeof VERDICTS)[number]['polarity'],
    key: string,
    level: string | null,
  ][] = [
    ['high_99_8', 'higher_is_better', 'better', '99.8%'],
    ['high_99_8', 'lower_is_better', 'worse', '99.8%'],
    ['high_99_8', 'no_judgement', 'higher', '99.8%'],
    ['high_95', 'higher_is_better', 'better', '95%'],
    ['high_95', 'lower_is_better', 'worse', '95%'],
    ['high_95', 'no_judgement', 'higher', '95%'],
    ['none', 'higher_is_better', 'similar', null],
    ['none', 'no_judgement', 'similar', null],
    ['low_95', 'higher_is_better', 'worse', '95%'],
    ['low_95', 'lower_is_better', 'better', '95%'],
    ['low_95', 'no_judgement', 'lower', '95%'],
    ['low_99_8', 'higher_is_better', 'worse', '99.8%'],
    ['low_99_8', 'lower_is_better', 'better', '99.8%'],
    ['low_99_8', 'no_judgement', 'lower', '99.8%'],
    [null, 'higher_is_better', 'not_compared', null],
    ['similar', 'lower_is_better', 'not_compared', null],
  ];
  for (const [flag, polarity, key, level] of table) {
    it(`${flag ?? 'no flag'}, ${polarity} → ${key}${level ? ` (${level})` : ''}`, () => {
      const v = headlineVerdict(flag, polarity);
      assert.equal(v.key, key);
      assert.equal(v.level, level);
    });
  }

  it('never gives an indicator without polarity a good or bad verdict', () => {
    const keys = new Set(VERDICTS.filter((v) => v.polarity === 'no_judgement').map((v) => v.key));
    assert.deepEqual([...keys].sort(), ['higher', 'lower', 'not_compared', 'similar']);
    assert.equal(VERDICTS.length, 18);
  });

  it('is made by the adjusted comparison when the practice has one, else by the funnel', () => {
    assert.equal(headlineBasisFor(true), 'adjusted');
    assert.equal(headlineBasisFor(false), 'funnel');
    assert.equal(isFlagged('low_95'), true);
    assert.equal(isFlagged('none'), false);
    assert.equal(isFlagged('worse'), false);
  });
});

describe('why a practice is flagged', () => {
  it('names the comparison that made the verdict, then the crude comparison as context', () => {
    assert.equal(
      headlineWhy({
        flag: 'high_99_8',
        basis: 'adjusted',
        polarity: 'lower_is_better',
        england95: 'similar',
        england99_8: 'similar',
      }),
      'Flagged by the case-mix adjusted comparison: higher than expected for a practice with its age, sex, deprivation and rurality profile, outside the 99.8% limits that allow for the usual variation between practices — worse, as lower is better for this indicator. For context, the crude comparison: similar to England.',
    );
  });

  it('says when a practice far from England is as expected for its patients', () => {
    assert.equal(
      headlineWhy({
        flag: 'none',
        basis: 'adjusted',
        polarity: 'no_judgement',
        england95: 'higher',
        england99_8: 'higher',
      }),
      'Not flagged: within the range expected for a practice with its age, sex, deprivation and rurality profile (the case-mix adjusted comparison, allowing for the usual variation between practices). For context, the crude comparison: higher than England at 99.8%.',
    );
  });

  it('says when no adjustment was possible, and never judges an indicator without polarity', () => {
    assert.equal(
      headlineWhy({
        flag: 'low_95',
        basis: 'funnel',
        polarity: 'no_judgement',
        england95: 'lower',
        england99_8: 'similar',
      }),
      'Flagged by the funnel comparison with all practices in England: lower than practices across England (no case-mix adjustment was possible), outside the 95% limits that allow for the usual variation between practices — this indicator is not judged better or worse. For context, the crude comparison: lower than England at 95%.',
    );
    assert.match(
      headlineWhy({
        flag: null,
        basis: null,
        polarity: 'higher_is_better',
        england95: 'not_compared',
        england99_8: 'not_compared',
      }),
      /^Not judged: /,
    );
  });
});

describe('the calibration summary', () => {
  it('counts flags by side and level against what chance alone would flag, and the z spread', () => {
    const units = [
      { z: 3.5, flag: 'high_99_8' as const },
      { z: 2.1, flag: 'high_95' as const },
      { z: -2.2, flag: 'low_95' as const },
      { z: 0.5, flag: 'none' as const },
      { z: -0.5, flag: 'none' as const },
    ];
    const c = calibrationOf(units);
    assert.deepEqual([c.n, c.high95, c.low95, c.high99_8, c.low99_8], [5, 2, 1, 1, 0]);
    assert.equal(c.chance95, 0.25);
    assert.equal(c.chance99_8, 0.01);
    assert.ok(Math.abs(c.zRms! - Math.sqrt((3.5 ** 2 + 2.1 ** 2 + 2.2 ** 2 + 0.25 + 0.25) / 5)) < 1e-12);
    assert.ok(Math.abs(c.zSpread! - 1.4826 * 2.1) < 1e-12);
  });
});
