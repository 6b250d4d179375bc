import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  calculateScheme,
  checkStandingRules,
  type IndicatorCounts,
  type LocalScheme,
  type OrgStatement,
  type PracticeInput,
  type QofScheme,
  readStandingRules,
  type SchemeInputs,
} from '../../../src/domain/schemes/index.ts';

// Scheme year 2024-04-01 … 2025-03-31: 365 days. Cap £1.50 per registered patient a year.
export const LOCAL: LocalScheme = {
  kind: 'local',
  id: 'worked-local',
  version: 1,
  name: 'Worked local scheme',
  year: '2024-25',
  description: null,
  startsOn: '2024-04-01',
  endsOn: '2025-03-31',
  capPerPatient: 1.5,
  replaces: 'worked-national',
  indicators: [
    {
      code: 'HYP-CONTROL',
      name: 'Blood pressure controlled',
      polarity: 'higher_is_better',
      target: { relativeTo: 'own_baseline', change: 5, ceiling: 80 },
      bands: [
        { label: 'Target met', minimumGap: 0, payment: { perPatient: 1 } },
        { label: 'Within 2 points', minimumGap: -2, payment: { perPatient: 0.5 } },
      ],
    },
    {
      code: 'FLU',
      name: 'Flu vaccination',
      polarity: 'higher_is_better',
      target: { relativeTo: 'peer_group', statistic: 'median', change: 0, ceiling: null },
      bands: [{ label: 'At or above peers', minimumGap: 0, payment: { fixed: 1000 } }],
    },
  ],
};

function c(numerator: number, denominator: number): IndicatorCounts {
  return { numerator, denominator, exceptions: null, register: null, achievedPoints: null };
}

function practice(
  code: string,
  listSize: number,
  hyp: [number, number],
  flu: number,
  peers: string[],
  participation: PracticeInput['participation'],
): PracticeInput {
  return {
    practiceCode: code,
    listSize,
    registers: {},
    indicators: { 'HYP-CONTROL': c(hyp[1], 100), FLU: c(flu, 100) },
    baseline: { 'HYP-CONTROL': c(hyp[0], 100) },
    peers,
    participation,
  };
}

const FULL_YEAR = { consentedOn: '2024-03-01', joinedOn: null, leftOn: null };

export const INPUTS: SchemeInputs = {
  period: '2024-25',
  source: 'worked',
  commissioners: [],
  practices: [
    // P1: HYP baseline 60% → target 65%; now 66% (+1) → "Target met" £1 × 5,000 = £5,000.
    //     FLU peers P2 70%, P3 80% → median 75%; P1 76% → £1,000. £6,000 < cap £7,500. Full year.
    practice('P00001', 5000, [60, 66], 76, ['P00002', 'P00003'], FULL_YEAR),
    // P2: HYP baseline 70% → 75%; now 74% (−1) → "Within 2 points" £0.50 × 2,000 = £1,000.
    //     FLU peers P1 76%, P3 80% → median 78%; P2 70% → no band. Earned £1,000 (cap £3,000).
    //     Joined 2024-10-01: 182 of 365 days → £1,000 × 182/365 = £498.63 (−£501.37).
    practice('P00002', 2000, [70, 74], 70, ['P00001', 'P00003'], {
      consentedOn: '2024-09-15',
      joinedOn: '2024-10-01',
      leftOn: null,
    }),
    // P3: HYP baseline 78% → 83% capped at the 80% ceiling; now 85% → £1 × 1,000 = £1,000.
    //     FLU peers P1 76%, P2 70% → median 73%; P3 80% → £1,000. Earned £2,000 > cap £1.50 × 1,000
    //     = £1,500 → −£500.
    practice('P00003', 1000, [78, 85], 80, ['P00001', 'P00002'], FULL_YEAR),
    // P4: no consent recorded → not paid, whatever its achievement.
    practice('P00004', 3000, [50, 40], 99, [], null),
  ],
};

function byCode(statements: OrgStatement[]): Map<string, OrgStatement> {
  return new Map(statements.map((s) => [s.orgCode, s]));
}

describe('A local scheme: targets relative to each practice, bands, caps, joiners and consent', () => {
  const result = byCode(calculateScheme(LOCAL, INPUTS).statements);

  it('sets the target on the practice’s own baseline and pays the band reached', () => {
    const hyp = result.get('P00001')!.lines.find((l) => l.itemCode === 'HYP-CONTROL')!;
    assert.deepEqual([hyp.baseline, hyp.target, hyp.achievement, hyp.amount], [60, 65, 66, 5000]);
    assert.match(hyp.note, /band "Target met"/);
  });

  it('pays a lower band just short of the target', () => {
    const hyp = result.get('P00002')!.lines.find((l) => l.itemCode === 'HYP-CONTROL')!;
    assert.equal(hyp.target, 75);
    assert.equal(hyp.amount, 1000);
    assert.match(hyp.note, /−1 points against the target: band "Within 2 points"/);
  });

  it('caps a target at its ceiling', () => {
    const hyp = result.get('P00003')!.lines.find((l) => l.itemCode === 'HYP-CONTROL')!;
    assert.equal(hyp.target, 80);
    assert.match(hyp.note, /ceiling 80%/);
  });

  it('sets a peer-group target at the median of the peers’ achievement', () => {
    const flu = (code: string) => result.get(code)!.lines.find((l) => l.itemCode === 'FLU')!;
    assert.deepEqual([flu('P00001').target, flu('P00001').amount], [75, 1000]);
    assert.deepEqual([flu('P00002').target, flu('P00002').amount], [78, 0]);
    assert.deepEqual([flu('P00003').target, flu('P00003').amount], [73, 1000]);
  });

  it('caps a practice at £1.50 per registered patient: £2,000 earned becomes £1,500', () => {
    const p3 = result.get('P00003')!;
    const cap = p3.lines.find((l) => l.lineType === 'cap')!;
    assert.equal(cap.amount, -500);
    assert.equal(p3.amount, 1500);
  });

  it('pays a mid-year joiner pro rata by days: £1,000 × 182/365 = £498.63', () => {
    const p2 = result.get('P00002')!;
    const proRata = p2.lines.find((l) => l.lineType === 'pro_rata')!;
    assert.equal(proRata.amount, -501.37);
    assert.match(proRata.note, /182 of 365 days \(joined 2024-10-01\)/);
    assert.equal(p2.amount, 498.63);
  });

  it('pays nothing to a practice that has not consented, and says so', () => {
    const p4 = result.get('P00004')!;
    assert.equal(p4.participating, false);
    assert.equal(p4.amount, 0);
    assert.equal(p4.lines.length, 1);
    assert.match(p4.lines[0]!.note, /no consent/);
  });

  it('totals £6,000 + £498.63 + £1,500 + £0 = £7,998.63', () => {
    assert.equal(calculateScheme(LOCAL, INPUTS).totalAmount, 7998.63);
  });
});

// The national scheme the local one replaces, for the same indicator: 10 points on 40–80%, £200 a
// point, average list 5,000, no prevalence adjustment.
const NATIONAL: QofScheme = {
  kind: 'qof',
  id: 'worked-national',
  version: 1,
  name: 'National',
  year: '2024-25',
  description: null,
  poundsPerPoint: 200,
  nationalAverageListSize: 5000,
  nationalPrevalence: {},
  zeroDenominator: 'no_points',
  indicators: [
    {
      code: 'HYP-CONTROL',
      name: null,
      measure: 'ratio',
      points: 10,
      lowerThreshold: 40,
      upperThreshold: 80,
      prevalenceGroup: null,
    },
  ],
};

describe('Standing rules a local scheme must pass before approval', () => {
  it('passes "not less than the scheme it replaces" when every practice gets at least the national amount', () => {
    // National: P1 66% → 10 × 26/40 = 6.5 points × CPI 1 × £200 = £1,300 (local £6,000, full year);
    // P2 74% → 8.5 × 0.4 × £200 = £680 (local £1,000 for a full year); P3 85% → 10 × 0.2 × £200 = £400
    // (local £1,500); P4 40% → £0 (local £0).
    const check = checkStandingRules(LOCAL, {
      rules: [{ rule: 'not_less_than_replaced', tolerance: 0 }],
      inputs: INPUTS,
      replaced: { scheme: NATIONAL, inputs: null },
    });
    assert.equal(check.passed, true);
    assert.match(check.results[0]!.reasons[0]!, /none of 4 practices/);
  });

  it('fails it, naming the practice and the shortfall, when a practice would get less', () => {
    // A meaner scheme: only "Target met" on HYP at £0.10 a patient; no flu payment. P2 misses its target
    // (74% < 75%) so gets £0, £680 less than nationally.
    const mean: LocalScheme = {
      ...LOCAL,
      version: 2,
      indicators: [
        {
          ...LOCAL.indicators[0]!,
          bands: [{ label: 'Target met', minimumGap: 0, payment: { perPatient: 0.1 } }],
        },
      ],
    };
    const check = checkStandingRules(mean, {
      rules: [{ rule: 'not_less_than_replaced', tolerance: 0 }],
      inputs: INPUTS,
      replaced: { scheme: NATIONAL, inputs: null },
    });
    assert.equal(check.passed, false);
    // P1: £0.10 × 5,000 = £500 < £1,300; P2: £0 < £680; P3: £100 < £400.
    assert.deepEqual(check.results[0]!.reasons, [
      'P00001 would be paid £500.00, £800.00 less than £1,300.00 under worked-national v1',
      'P00002 would be paid £0.00, £680.00 less than £680.00 under worked-national v1',
      'P00003 would be paid £100.00, £300.00 less than £400.00 under worked-national v1',
    ]);
  });

  it('checks that named indicators are covered and the total cost is within a budget', () => {
    const rules = readStandingRules([
      { rule: 'covers_indicators', indicators: ['HYP-CONTROL', 'SMOK'] },
      { rule: 'max_total_cost', amount: 5000 },
    ]);
    assert.ok(rules.ok);
    const check = checkStandingRules(LOCAL, { rules: rules.rules, inputs: INPUTS, replaced: null });
    assert.equal(check.passed, false);
    assert.deepEqual(check.results[0]!.reasons, ['does not cover required indicator SMOK']);
    // Every practice counted for a full year: £6,000 + £1,000 + £1,500 + £0 (P4 reaches no band).
    assert.deepEqual(check.results[1]!.reasons, ['costs £8,500.00, over the limit of £5,000.00']);
  });

  it('rejects a malformed rule with its path', () => {
    const rules = readStandingRules([{ rule: 'max_total_cost', amount: -1 }, { rule: 'sometimes' }]);
    assert.equal(rules.ok, false);
    if (!rules.ok) {
      assert.deepEqual(
        rules.problems.map((p) => p.path),
        ['[0].amount', '[1].rule'],
      );
    }
  });
});
