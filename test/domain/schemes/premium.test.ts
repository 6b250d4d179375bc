import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CommissionerInput,
  calculateScheme,
  type OrgStatement,
  type QualityPremiumScheme,
} from '../../../src/domain/schemes/index.ts';

// Maximum £5 per registered patient; 200,000 patients → a maximum of £1,000,000.
const SCHEME: QualityPremiumScheme = {
  kind: 'quality_premium',
  id: 'worked-premium',
  version: 1,
  name: 'Worked quality premium',
  year: '2024-25',
  description: null,
  capPerPatient: 5,
  measures: [
    {
      code: 'EARLY-CANCER',
      name: 'Cancers diagnosed at stage 1 or 2 (%)',
      weight: 0.5,
      direction: 'higher_is_better',
      target: { type: 'absolute', value: 70 },
    },
    {
      code: 'ANTIBIOTICS',
      name: 'Antibiotic items per STAR-PU',
      weight: 0.3,
      direction: 'lower_is_better',
      target: { type: 'improvement', change: 2, relativePercent: null },
    },
    {
      code: 'CARERS',
      name: 'Carers identified (%)',
      weight: 0.2,
      direction: 'higher_is_better',
      target: { type: 'improvement', change: null, relativePercent: 10 },
    },
  ],
  gateways: [
    { code: 'FINANCE', description: 'Financial balance' },
    { code: 'QUALITY', description: 'No serious quality failure' },
  ],
  reductions: [
    { code: 'RTT', description: 'Referral to treatment within 18 weeks', percent: 25 },
    { code: 'AE', description: 'A&E within 4 hours', percent: 25 },
    { code: 'CANCER62', description: 'Cancer treatment within 62 days', percent: 25 },
    { code: 'AMBULANCE', description: 'Category A ambulance response', percent: 25 },
  ],
};

const ALL_STANDARDS = { RTT: true, AE: true, CANCER62: true, AMBULANCE: true };

function commissioner(code: string, overrides: Partial<CommissionerInput> = {}): CommissionerInput {
  return {
    commissionerCode: code,
    registeredPatients: 200_000,
    measures: {
      'EARLY-CANCER': { value: 72, baseline: null }, // ≥ 70: met → 0.5 × £1,000,000 = £500,000
      ANTIBIOTICS: { value: 7.5, baseline: 10 }, // target 10 − 2 = 8; 7.5 ≤ 8: met → £300,000
      CARERS: { value: 54, baseline: 50 }, // target 50 × 1.10 = 55; 54 < 55: not met → £0
    },
    gateways: { FINANCE: true, QUALITY: true },
    standards: { ...ALL_STANDARDS, RTT: false },
    ...overrides,
  };
}

function calculate(...inputs: CommissionerInput[]): OrgStatement[] {
  return calculateScheme(SCHEME, {
    period: '2024-25',
    source: 'worked',
    practices: [],
    commissioners: inputs,
  }).statements;
}

function amounts(statement: OrgStatement): Record<string, number> {
  return Object.fromEntries(statement.lines.map((l) => [l.itemCode, l.amount]));
}

describe('Quality premium: measures earn their weight of the maximum when their target is met', () => {
  const [s] = calculate(commissioner('15N'));

  it('pays an absolute target met, an improvement on a baseline met, and nothing for a missed one', () => {
    const a = amounts(s!);
    assert.equal(a['EARLY-CANCER'], 500_000);
    assert.equal(a.ANTIBIOTICS, 300_000);
    assert.equal(a.CARERS, 0);
    const carers = s!.lines.find((l) => l.itemCode === 'CARERS')!;
    assert.equal(carers.target, 55);
    assert.match(carers.note, /not met/);
  });

  it('takes 25% of the £800,000 earned for the missed referral-to-treatment standard: £600,000', () => {
    assert.equal(amounts(s!).RTT, -200_000);
    assert.equal(amounts(s!).AE, 0);
    assert.equal(s!.amount, 600_000);
  });
});

describe('Quality premium gateways and reductions', () => {
  it('withholds everything when a gateway fails, and applies no reductions on top', () => {
    const [s] = calculate(commissioner('99A', { gateways: { FINANCE: false, QUALITY: true } }));
    const a = amounts(s!);
    assert.equal(a.FINANCE, -800_000);
    assert.equal(a.QUALITY, 0);
    assert.equal(a.RTT, 0);
    assert.equal(s!.amount, 0);
  });

  it('treats a gateway that was not reported as failed', () => {
    const [s] = calculate(commissioner('99B', { gateways: { FINANCE: true } }));
    assert.equal(s!.amount, 0);
    assert.match(s!.lines.find((l) => l.itemCode === 'QUALITY')!.note, /not reported/);
  });

  it('never goes below £0: four missed standards at 25% remove all £800,000 and no more', () => {
    const [s] = calculate(commissioner('99C', { standards: {} }));
    assert.deepEqual(
      ['RTT', 'AE', 'CANCER62', 'AMBULANCE'].map((c) => amounts(s!)[c]),
      [-200_000, -200_000, -200_000, -200_000],
    );
    assert.equal(s!.amount, 0);
  });

  it('pays at most £5 per registered patient: every target met and every standard met is exactly £1,000,000', () => {
    const [s] = calculate(
      commissioner('99D', {
        measures: {
          'EARLY-CANCER': { value: 80, baseline: null },
          ANTIBIOTICS: { value: 5, baseline: 10 },
          CARERS: { value: 60, baseline: 50 },
        },
        standards: ALL_STANDARDS,
      }),
    );
    assert.equal(s!.amount, 1_000_000);
    assert.equal(s!.amount / 200_000, 5);
  });

  it('pays nothing for an improvement measure without a baseline, and says so', () => {
    const [s] = calculate(commissioner('99E', { measures: { ANTIBIOTICS: { value: 1, baseline: null } } }));
    assert.match(s!.lines.find((l) => l.itemCode === 'ANTIBIOTICS')!.note, /no baseline/);
    assert.match(s!.lines.find((l) => l.itemCode === 'EARLY-CANCER')!.note, /no value/);
  });
});
