// Distributing a commissioner's premium per weighted patient: Fairview's simplified age-sex weighting
// (docs/schemes.md "Weighted patients"), worked by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BroadPopulation, broadPopulation } from '../../../src/domain/casemix/age-bands.ts';
import {
  AGE_SEX_WEIGHTS,
  distributePremium,
  rawWeightedPatients,
  weightedLists,
} from '../../../src/domain/schemes/index.ts';

// P1: 100 boys under 5 and 100 men aged 75+ (from the quinary bands 0-4 and 75-79/80+), 200 patients.
const P1 = broadPopulation([
  { sex: 'male', ageBand: '0-4', patients: 100 },
  { sex: 'male', ageBand: '75-79', patients: 60 },
  { sex: 'male', ageBand: '80+', patients: 40 },
]);
// P2: 200 women and 100 men aged 15-44 (legacy 10-year bands), 300 patients.
const P2 = broadPopulation([
  { sex: 'female', ageBand: '15-24', patients: 120 },
  { sex: 'female', ageBand: '25-34', patients: 80 },
  { sex: 'male', ageBand: '35-44', patients: 100 },
]);

describe('Per weighted patient', () => {
  it('weights by age and sex and scales the weighted lists to the registered patients', () => {
    assert.equal(AGE_SEX_WEIGHTS.male['75+'], 2.8);
    // P1 raw = 100 × 1 (male 0-14) + 100 × 2.8 (male 75+) = 380.
    assert.equal(rawWeightedPatients(P1), 380);
    // P2 raw = 200 × 1.4 (female 15-44) + 100 × 0.8 (male 15-44) = 360.
    assert.equal(rawWeightedPatients(P2), 360);
    // Σ registered 500, Σ raw 740: P1 = 380 × 500 ÷ 740 = 256.7567… → 256.76;
    // P2 = 360 × 500 ÷ 740 = 243.2432… → 243.24 (they add up to 500.00). P3 holds no population.
    const lists = weightedLists(
      new Map<string, BroadPopulation | null>([
        ['P1', P1],
        ['P2', P2],
        ['P3', null],
      ]),
    );
    assert.deepEqual(
      [...lists],
      [
        ['P1', 256.76],
        ['P2', 243.24],
        ['P3', null],
      ],
    );
  });

  it('shares £1,000 by weighted list, to the penny, and pays a practice with no population nothing', () => {
    // 100,000 pence × 256.76 ÷ 500 = 51,352 pence exactly; × 243.24 ÷ 500 = 48,648 pence.
    // Per registered patient the same premium would be £400 and £600: weighting moves £113.52 to the
    // older list.
    const practices = [
      {
        orgCode: 'P1',
        listSize: 200,
        weightedList: 256.76,
        weightNote: '200 registered',
        conditionMet: false,
        conditionNote: '',
      },
      {
        orgCode: 'P2',
        listSize: 300,
        weightedList: 243.24,
        weightNote: '300 registered',
        conditionMet: false,
        conditionNote: '',
      },
      {
        orgCode: 'P3',
        listSize: 50,
        weightedList: null,
        weightNote: 'no population held: not paid',
        conditionMet: false,
        conditionNote: '',
      },
    ];
    const weighted = distributePremium('C1', 1000, 'per_weighted', practices);
    assert.deepEqual(
      weighted.statements.map((s) => [s.orgCode, s.amount]),
      [
        ['P1', 513.52],
        ['P2', 486.48],
        ['P3', 0],
      ],
    );
    assert.equal(weighted.retained, 0);
    assert.equal(weighted.statements[0]!.lines[0]!.listSize, 256.76);
    // £1,000 ÷ 500 weighted patients = £2 a weighted patient.
    assert.equal(weighted.statements[0]!.lines[0]!.rate, 2);
    assert.match(
      weighted.statements[2]!.lines[0]!.note,
      /per weighted patient \(no population held: not paid\)/,
    );
    const registered = distributePremium('C1', 1000, 'per_registered', practices);
    // 200 : 300 : 50 of 550 → £363.64, £545.45, £90.91 (largest remainder: 36363.6, 54545.4, 9090.9 pence).
    assert.deepEqual(
      registered.statements.map((s) => s.amount),
      [363.64, 545.45, 90.91],
    );
  });
});
