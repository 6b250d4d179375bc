import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  calculateScheme,
  type IndicatorCounts,
  type OrgStatement,
  type PracticeInput,
  pointsForAchievement,
  type QofScheme,
  type SchemeInputs,
  type StatementLine,
} from '../../../src/domain/schemes/index.ts';

// A small QOF-style scheme with round national figures, so every line can be worked by hand.
const SCHEME: QofScheme = {
  kind: 'qof',
  id: 'worked-qof',
  version: 1,
  name: 'Worked example',
  year: '2023-24',
  description: null,
  poundsPerPoint: 200,
  nationalAverageListSize: 10_000,
  nationalPrevalence: { HYP: 0.15 },
  zeroDenominator: 'no_points',
  indicators: [
    {
      code: 'HYP008',
      name: 'BP controlled',
      measure: 'ratio',
      points: 14,
      lowerThreshold: 40,
      upperThreshold: 77,
      prevalenceGroup: 'HYP',
    },
    {
      code: 'CS005',
      name: 'Cervical screening',
      measure: 'ratio',
      points: 7,
      lowerThreshold: 45,
      upperThreshold: 80,
      prevalenceGroup: null,
    },
    {
      code: 'HYP001',
      name: 'Hypertension register',
      measure: 'register',
      points: 6,
      lowerThreshold: null,
      upperThreshold: null,
      prevalenceGroup: 'HYP',
    },
    {
      code: 'QI013',
      name: 'Quality improvement',
      measure: 'declared',
      points: 27,
      lowerThreshold: null,
      upperThreshold: null,
      prevalenceGroup: null,
    },
  ],
};

function counts(numerator: number, denominator: number, exceptions: number | null = null): IndicatorCounts {
  return { numerator, denominator, exceptions, register: null, achievedPoints: null };
}

function practice(
  code: string,
  listSize: number | null,
  hypRegister: number | null,
  indicators: Record<string, IndicatorCounts>,
): PracticeInput {
  return {
    practiceCode: code,
    listSize,
    registers: hypRegister === null || listSize === null ? {} : { HYP: { register: hypRegister, listSize } },
    indicators,
    baseline: {},
    peers: [],
    participation: null,
  };
}

function inputs(practices: PracticeInput[]): SchemeInputs {
  return { period: '2023-24', source: 'worked example', practices, commissioners: [] };
}

function line(statement: OrgStatement, code: string): StatementLine {
  const found = statement.lines.find((l) => l.itemCode === code);
  assert.ok(found, `no line ${code}`);
  return found;
}

describe('QOF-style points: 0 at or below the lower threshold, all at or above the upper, linear between', () => {
  it('gives no points at the lower threshold and below it', () => {
    assert.equal(pointsForAchievement(40, 40, 77, 14), 0);
    assert.equal(pointsForAchievement(12.5, 40, 77, 14), 0);
  });
  it('gives all points at the upper threshold and above it', () => {
    assert.equal(pointsForAchievement(77, 40, 77, 14), 14);
    assert.equal(pointsForAchievement(99, 40, 77, 14), 14);
  });
  it('scales linearly between: 60% on 40–77 earns 14 × 20/37 points', () => {
    // (60 − 40) / (77 − 40) = 20/37 = 0.54054…; × 14 = 7.5676
    assert.ok(Math.abs(pointsForAchievement(60, 40, 77, 14) - (14 * 20) / 37) < 1e-12);
  });
});

describe('A QOF-style statement for a practice, checked line by line', () => {
  // Practice A: list 8,000 → CPI = 8,000 / 10,000 = 0.8.
  // HYP register 1,500 of 8,000 → prevalence 0.1875; APDF = 0.1875 / 0.15 = 1.25; APDF × CPI = 1.0.
  const a = practice('A81001', 8000, 1500, {
    HYP008: counts(600, 1000, 100), // 600 / 1000 = 60%: between 40 and 77
    CS005: counts(80, 200, 12), // 40%: below the lower threshold of 45
    QI013: { ...counts(0, 0), numerator: null, denominator: null, achievedPoints: 27 },
  });
  const result = calculateScheme(SCHEME, inputs([a]));
  const statement = result.statements[0]!;

  it('between thresholds: 60% earns 7.57 points, × 1.25 × 0.8 = 7.57 adjusted, × £200 = £1,514.00', () => {
    const hyp = line(statement, 'HYP008');
    assert.equal(hyp.achievement, 60);
    assert.equal(hyp.pointsAchieved, 7.57); // 14 × 20/37 = 7.5676 → 7.57
    assert.equal(hyp.prevalenceFactor, 1.25);
    assert.equal(hyp.listSizeFactor, 0.8);
    assert.equal(hyp.amount, 1514);
    assert.equal(hyp.note, 'between thresholds');
  });

  it('shows exceptions beside the denominator: eligible 1,100 = 1,000 measured + 100 exceptions', () => {
    const hyp = line(statement, 'HYP008');
    assert.deepEqual([hyp.numerator, hyp.eligible, hyp.exceptions, hyp.denominator], [600, 1100, 100, 1000]);
  });

  it('below the lower threshold: 40% on 45–80 earns nothing', () => {
    const cs = line(statement, 'CS005');
    assert.equal(cs.pointsAchieved, 0);
    assert.equal(cs.amount, 0);
    assert.equal(cs.prevalenceFactor, null); // not a prevalence-adjusted indicator
  });

  it('a held register earns its points, prevalence and list adjusted: 6 × 1.25 × 0.8 × £200 = £1,200', () => {
    const reg = line(statement, 'HYP001');
    assert.equal(reg.numerator, 1500);
    assert.equal(reg.pointsAchieved, 6);
    assert.equal(reg.amount, 1200);
  });

  it('declared points are list adjusted only: 27 × 0.8 × £200 = £4,320', () => {
    const qi = line(statement, 'QI013');
    assert.equal(qi.adjustedPoints, 21.6);
    assert.equal(qi.amount, 4320);
  });

  it('totals the points and the pounds: 7.57 + 0 + 6 + 27 = 40.57 points, £7,034.00', () => {
    const total = statement.lines.at(-1)!;
    assert.equal(total.lineType, 'total');
    assert.equal(total.pointsAvailable, 54);
    assert.equal(total.pointsAchieved, 40.57);
    assert.equal(total.amount, 7034); // 1514 + 0 + 1200 + 4320
    assert.equal(statement.amount, 7034);
    assert.equal(result.totalAmount, 7034);
  });
});

describe('Above the upper threshold, with exceptions removed and a larger list', () => {
  // Practice B: list 12,000 → CPI 1.2; HYP register 1,500 / 12,000 = 0.125 → APDF 0.125/0.15 = 0.8333…
  const b = practice('B82005', 12_000, 1500, {
    // 450 of 600 eligible, 100 excepted: achievement 450 / (600 − 100) = 90%, not 450/600 = 75%.
    HYP008: counts(450, 500, 100),
    CS005: counts(160, 200), // 80% = the upper threshold exactly
  });
  const statement = calculateScheme(SCHEME, inputs([b])).statements[0]!;

  it('removes exceptions before scoring: 90% ≥ 77 earns all 14 points; 14 × 0.8333 × 1.2 × £200 = £2,800', () => {
    const hyp = line(statement, 'HYP008');
    assert.equal(hyp.achievement, 90);
    assert.equal(hyp.pointsAchieved, 14);
    assert.ok(Math.abs(hyp.adjustedPoints! - 14) < 1e-12); // 0.8333… × 1.2 = 1
    assert.equal(hyp.amount, 2800);
    assert.equal(hyp.note, 'at or above the upper threshold');
  });

  it('pays a non-clinical indicator by list size alone: 7 × 1.2 × £200 = £1,680', () => {
    const cs = line(statement, 'CS005');
    assert.equal(cs.pointsAchieved, 7);
    assert.equal(cs.adjustedPoints, 8.4);
    assert.equal(cs.amount, 1680);
  });

  it('gives nothing for a declared indicator with no declaration, and says so', () => {
    const qi = line(statement, 'QI013');
    assert.equal(qi.amount, 0);
    assert.equal(qi.note, 'no points declared');
  });
});

describe('Prevalence adjustment moves money towards practices with more of the disease', () => {
  it('doubles the pounds for the same points when prevalence is twice the national', () => {
    // Two practices of the national average list (CPI 1) at 90% on HYP008 (14 points):
    // prevalence 0.15 (APDF 1) → £2,800; prevalence 0.30 (APDF 2) → £5,600.
    const same = counts(900, 1000);
    const r = calculateScheme(
      SCHEME,
      inputs([
        practice('C1', 10_000, 1500, { HYP008: same }),
        practice('C2', 10_000, 3000, { HYP008: same }),
      ]),
    );
    assert.deepEqual(
      r.statements.map((s) => line(s, 'HYP008').amount),
      [2800, 5600],
    );
  });

  it('computes national figures from the inputs when the definition gives none, and says so', () => {
    // Lists 10,000 and 30,000 → mean 20,000; HYP registers 1,000 and 5,000 → 6,000 / 40,000 = 0.15.
    const scheme: QofScheme = { ...SCHEME, nationalAverageListSize: null, nationalPrevalence: {} };
    const r = calculateScheme(
      scheme,
      inputs([
        practice('D1', 10_000, 1000, { HYP008: counts(9, 10) }),
        practice('D2', 30_000, 5000, { HYP008: counts(9, 10) }),
      ]),
    );
    const d1 = line(r.statements[0]!, 'HYP008');
    assert.equal(d1.nationalAverageList, 20_000);
    assert.equal(d1.nationalPrevalence, 0.15);
    // D1: APDF = 0.1 / 0.15 = 0.6667; CPI = 0.5 → 14 × 0.3333 × £200 = £933.33
    assert.equal(d1.amount, 933.33);
    assert.ok(r.basis.some((b) => b.includes('mean of the 2 practices')));
    assert.ok(r.basis.some((b) => b.includes('Σ registers ÷ Σ lists')));
  });
});

describe('Missing data is shown, not guessed', () => {
  it('pays nothing without a list size, and says why', () => {
    const r = calculateScheme(SCHEME, inputs([practice('E1', null, null, { CS005: counts(9, 10) })]));
    const cs = line(r.statements[0]!, 'CS005');
    assert.equal(cs.pointsAchieved, 7);
    assert.equal(cs.amount, 0);
    assert.match(cs.note, /no list size/);
  });

  it('gives no points for an indicator with no patients after exceptions, unless the scheme says full points', () => {
    const p = practice('E2', 10_000, 1500, { HYP008: counts(0, 0, 5) });
    assert.equal(line(calculateScheme(SCHEME, inputs([p])).statements[0]!, 'HYP008').pointsAchieved, 0);
    const generous: QofScheme = { ...SCHEME, zeroDenominator: 'full_points' };
    assert.equal(line(calculateScheme(generous, inputs([p])).statements[0]!, 'HYP008').pointsAchieved, 14);
  });

  it('sorts statements by practice code whatever the input order', () => {
    const r = calculateScheme(SCHEME, inputs([practice('Z9', 1, 0, {}), practice('A1', 1, 0, {})]));
    assert.deepEqual(
      r.statements.map((s) => s.orgCode),
      ['A1', 'Z9'],
    );
  });
});
