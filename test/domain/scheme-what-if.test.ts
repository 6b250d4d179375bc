// What-if, equity and premium distribution, on small cases checked by hand in the comments.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distributePremium, shareByLargestRemainder } from '../../src/domain/schemes/distribution.ts';
import { deprivationQuintiles, equityView } from '../../src/domain/schemes/equity.ts';
import {
  calculateScheme,
  practiceInput,
  type QofScheme,
  type SchemeInputs,
} from '../../src/domain/schemes/index.ts';
import { applyWhatIf, compareCalculations } from '../../src/domain/schemes/what-if.ts';

// One ratio indicator, 10 points between 40% and 90%, £100 a point, national average list 10,000
// and no prevalence adjustment: a practice of 10,000 patients earns £100 × its points.
const SCHEME: QofScheme = {
  kind: 'qof',
  id: 'what-if-test',
  version: 1,
  name: 'What-if test',
  year: '2023-24',
  description: null,
  poundsPerPoint: 100,
  nationalAverageListSize: 10000,
  nationalPrevalence: {},
  zeroDenominator: 'no_points',
  indicators: [
    {
      code: 'X001',
      name: null,
      measure: 'ratio',
      points: 10,
      lowerThreshold: 40,
      upperThreshold: 90,
      prevalenceGroup: null,
    },
  ],
};

function inputs(): SchemeInputs {
  const practice = (code: string, numerator: number) => {
    const p = practiceInput(code, 10000);
    p.indicators.X001 = { numerator, denominator: 100, exceptions: 0, register: null, achievedPoints: null };
    return p;
  };
  // A: 65% (half way: 5 points, £500); B: 90% (10 points, £1,000); C: 30% (below: £0).
  return {
    period: '2023-24',
    source: 'hand-made',
    practices: [practice('A', 65), practice('B', 90), practice('C', 30)],
    commissioners: [],
  };
}

describe('what-if', () => {
  it('pays £500, £1,000 and £0 before the change (checked by hand)', () => {
    const before = calculateScheme(SCHEME, inputs());
    assert.deepEqual(
      before.statements.map((s) => [s.orgCode, s.amount]),
      [
        ['A', 500],
        ['B', 1000],
        ['C', 0],
      ],
    );
  });

  it('with £120 a point and the upper threshold at 65%, pays A and B £1,200 each: +£900 in all', () => {
    // A: (65 − 40) ÷ (65 − 40) = 1 → 10 points × £120 = £1,200 (+£700); B: 10 × £120 = £1,200 (+£200).
    const changed = applyWhatIf(SCHEME, { poundsPerPoint: 120, items: { X001: { upperThreshold: 65 } } });
    assert.ok(changed.ok);
    assert.equal(changed.scheme.version, 2);
    const comparison = compareCalculations(
      calculateScheme(SCHEME, inputs()),
      calculateScheme(changed.scheme, inputs()),
    );
    assert.equal(comparison.totalBefore, 1500);
    assert.equal(comparison.totalAfter, 2400);
    assert.equal(comparison.totalChange, 900);
    assert.deepEqual(
      comparison.winners.map((w) => [w.orgCode, w.change]),
      [
        ['A', 700],
        ['B', 200],
      ],
    );
    assert.deepEqual(comparison.losers, []);
  });

  it('finds the losers when a threshold rises, and refuses a change the rules forbid', () => {
    // Lower threshold 60%: A (65%) earns (65 − 60) ÷ 30 × 10 = 1.666… points, rounded to 1.67 (the
    // engine rounds points to 2 places): £167, so −£333.
    const changed = applyWhatIf(SCHEME, { items: { X001: { lowerThreshold: 60 } } });
    assert.ok(changed.ok);
    const comparison = compareCalculations(
      calculateScheme(SCHEME, inputs()),
      calculateScheme(changed.scheme, inputs()),
    );
    assert.equal(comparison.losers.length, 1);
    assert.equal(comparison.losers[0]!.orgCode, 'A');
    assert.equal(comparison.losers[0]!.change, -333);
    const wrong = applyWhatIf(SCHEME, { items: { X001: { lowerThreshold: 95 } } });
    assert.equal(wrong.ok, false, 'a lower threshold above the upper one is refused');
  });
});

describe('equity view', () => {
  it('places ten practices in quintiles of two, most deprived first', () => {
    const practices = Array.from({ length: 10 }, (_, i) => ({
      orgCode: `P${i}`,
      listSize: 1000,
      imdScore: i * 5,
    }));
    const q = deprivationQuintiles(practices);
    assert.equal(q.get('P9'), 1, 'the highest IMD score is the most deprived');
    assert.equal(q.get('P8'), 1);
    assert.equal(q.get('P0'), 5);
    assert.deepEqual([...q.values()].sort(), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('pools £ per patient in each group, before and after', () => {
    // Quintile 1 holds X (4,000 patients, £400 → £800) and Y (6,000, £600 → £600): before £1,000 ÷
    // 10,000 = £0.10 a patient, after £1,400 ÷ 10,000 = £0.14. Z (no IMD score) is left unplaced.
    const context = [
      { orgCode: 'X', listSize: 4000, imdScore: 50 },
      { orgCode: 'Y', listSize: 6000, imdScore: 40 },
      { orgCode: 'Z', listSize: 12000, imdScore: null },
    ];
    const view = equityView(
      [
        { orgCode: 'X', before: 400, after: 800, change: 400 },
        { orgCode: 'Y', before: 600, after: 600, change: 0 },
        { orgCode: 'Z', before: 100, after: 100, change: 0 },
      ],
      context,
    );
    // Two scored practices: X is k=0 → quintile 1, Y is k=1 → floor(5/2)+1 = quintile 3.
    assert.equal(view.byDeprivation[0]!.practices, 1);
    assert.equal(view.byDeprivation[0]!.perPatientBefore, 0.1);
    assert.equal(view.byDeprivation[0]!.perPatientAfter, 0.2);
    assert.equal(view.byDeprivation[2]!.perPatientBefore, 0.1);
    assert.deepEqual(view.unplaced, ['Z']);
    // List bands: X under 5,000; Y 5,000–9,999; Z 10,000–14,999 (placed by size though unscored).
    assert.deepEqual(
      view.byListSize.map((g) => [g.label, g.practices, g.perPatientAfter]),
      [
        ['Under 5,000', 1, 0.2],
        ['5,000 to 9,999', 1, 0.1],
        ['10,000 to 14,999', 1, 0.0083],
        ['15,000 and over', 0, null],
      ],
    );
  });
});

describe('equity view with the headline flags', () => {
  it('counts the flagged practices in each group, and says nothing when flags are not known', () => {
    const changes = ['A', 'B', 'C'].map((orgCode) => ({ orgCode, before: 100, after: 100, change: 0 }));
    const known = equityView(changes, [
      { orgCode: 'A', listSize: 4000, imdScore: 50, flagged: true },
      { orgCode: 'B', listSize: 4500, imdScore: 49, flagged: false },
      { orgCode: 'C', listSize: 12000, imdScore: 10, flagged: true },
    ]);
    assert.deepEqual(
      known.byListSize.map((g) => [g.label, g.flagged]),
      [
        ['Under 5,000', 1],
        ['5,000 to 9,999', null],
        ['10,000 to 14,999', 1],
        ['15,000 and over', null],
      ],
    );
    const unknown = equityView(changes, [{ orgCode: 'A', listSize: 4000, imdScore: 50 }]);
    assert.ok(unknown.byListSize.every((g) => g.flagged === null));
  });
});

describe('premium distribution', () => {
  const practices = [
    { orgCode: 'A', listSize: 1, weightedList: null, conditionMet: true, conditionNote: '' },
    { orgCode: 'B', listSize: 1, weightedList: null, conditionMet: false, conditionNote: '' },
    { orgCode: 'C', listSize: 1, weightedList: null, conditionMet: true, conditionNote: '' },
  ];
  it('shares £100 between three equal lists as £33.34, £33.33, £33.33 (the spare penny to the first)', () => {
    assert.deepEqual(shareByLargestRemainder(10000, [1, 1, 1]), [3334, 3333, 3333]);
    const r = distributePremium('16C', 100, 'per_registered', practices);
    assert.deepEqual(
      r.statements.map((s) => s.amount),
      [33.34, 33.33, 33.33],
    );
    assert.equal(r.retained, 0);
  });
  it('retains the share of a practice that missed the condition, and everything when retained', () => {
    const r = distributePremium('16C', 100, 'conditional', practices);
    assert.deepEqual(
      r.statements.map((s) => s.amount),
      [33.34, 0, 33.33],
    );
    assert.equal(r.retained, 33.33);
    const kept = distributePremium('16C', 100, 'retain', practices);
    assert.equal(kept.statements.length, 0);
    assert.equal(kept.retained, 100);
  });
});
