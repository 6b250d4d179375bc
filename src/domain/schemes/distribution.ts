// Distributing a commissioner-level premium to its practices, as its committee decided: pay without
// conditions per registered or weighted patient, pay per registered patient only to practices meeting
// a condition (the rest retained), or retain it all for service development. Pence are shared by the
// largest remainder, so the practices' amounts always add up to the premium exactly.
import { BROAD_AGE_BANDS, type BroadAgeBand, type BroadPopulation } from '../casemix/age-bands.ts';
import type { Sex } from '../records.ts';
import { blankLine, closeStatement, compareCodes, type OrgStatement } from './statement.ts';

export type DistributionOption = 'per_registered' | 'per_weighted' | 'conditional' | 'retain';

export const DISTRIBUTION_OPTIONS: readonly DistributionOption[] = [
  'per_registered',
  'per_weighted',
  'conditional',
  'retain',
];

export const DISTRIBUTION_LABELS: Record<DistributionOption, string> = {
  per_registered: 'Pay practices without conditions, per registered patient',
  per_weighted: 'Pay practices without conditions, per weighted patient',
  conditional: 'Pay practices per registered patient, on condition of their achievement',
  retain: 'Retain for service development',
};

export interface DistributionPractice {
  orgCode: string;
  listSize: number | null;
  /** The weighted list (`weightedLists`: Fairview's simplified age-sex weighting), for `per_weighted`. */
  weightedList: number | null;
  /** How the weighted list was made, in words (the extract, or why there is none). */
  weightNote?: string;
  /** Where the registered list came from as of the premium year's end (the "as of" rule). */
  listNote?: string;
  /** For `conditional`: whether the practice met the condition, and why in words. */
  conditionMet: boolean;
  conditionNote: string;
}

export interface DistributionResult {
  option: DistributionOption;
  /** The commissioner's premium, £. */
  amount: number;
  /** One statement per practice, by code (none when retained). */
  statements: OrgStatement[];
  /** £ kept by the commissioner: all of it when retained, the non-qualifying share when conditional. */
  retained: number;
}

export function distributePremium(
  commissionerCode: string,
  amount: number,
  option: DistributionOption,
  practices: readonly DistributionPractice[],
): DistributionResult {
  const totalPence = Math.round(amount * 100);
  const sorted = [...practices].sort((a, b) => compareCodes(a.orgCode, b.orgCode));
  if (option === 'retain') return { option, amount, statements: [], retained: totalPence / 100 };
  const basis = (p: DistributionPractice): number =>
    option === 'per_weighted' ? (p.weightedList ?? 0) : (p.listSize ?? 0);
  const denominator = sorted.reduce((sum, p) => sum + basis(p), 0);
  const paid = (p: DistributionPractice): boolean => option !== 'conditional' || p.conditionMet;
  const shares =
    denominator > 0 ? shareByLargestRemainder(totalPence, sorted.map(basis)) : sorted.map(() => 0);
  let paidPence = 0;
  const statements = sorted.map((p, i) => {
    const line = blankLine(
      p.orgCode,
      'practice',
      'measure',
      'PREMIUM_SHARE',
      `Share of ${commissionerCode}'s quality premium`,
    );
    line.listSize = option === 'per_weighted' ? p.weightedList : p.listSize;
    line.rate = denominator > 0 ? Math.round((totalPence / 100 / denominator) * 1e6) / 1e6 : null;
    const pencePaid = paid(p) ? shares[i]! : 0;
    paidPence += pencePaid;
    line.amount = pencePaid / 100;
    line.note =
      option === 'conditional'
        ? `${p.conditionMet ? 'condition met' : 'condition not met: share retained'} (${p.conditionNote})${p.listNote ? `; per registered patient (${p.listNote})` : ''}`
        : option === 'per_weighted'
          ? `per weighted patient${p.weightNote ? ` (${p.weightNote})` : ''}`
          : `per registered patient${p.listNote ? ` (${p.listNote})` : ''}`;
    return closeStatement(p.orgCode, 'practice', true, [line]);
  });
  return { option, amount, statements, retained: (totalPence - paidPence) / 100 };
}

/** Whole pence in proportion to `weights`, summing to `total` exactly (ties to the earlier practice). */
export function shareByLargestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const floors = exact.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left -= 1;
  }
  return floors;
}

/**
 * Fairview's simplified age-sex weighting for `per_weighted` (docs/schemes.md "Weighted patients").
 * NOT the Carr-Hill formula: a plain, published assumption that a patient's call on general practice
 * rises with age and that women aged 15-44 and 45-64 consult more than men of those ages — the shape
 * of the age-sex curve in the global sum (Carr-Hill) formula — over the five broad bands every
 * registrations file Fairview imports can be summed into (src/domain/casemix/age-bands.ts). A child
 * under 15 weighs 1. Commissioners who want the real formula should distribute on their own weighted
 * lists (not held in Fairview).
 */
export const AGE_SEX_WEIGHTS: Readonly<Record<Sex, Readonly<Record<BroadAgeBand, number>>>> = {
  male: { '0-14': 1, '15-44': 0.8, '45-64': 1.2, '65-74': 2, '75+': 2.8 },
  female: { '0-14': 1, '15-44': 1.4, '45-64': 1.5, '65-74': 2, '75+': 2.8 },
};

/** Σ patients × weight over the ten age-sex bands (before scaling). */
export function rawWeightedPatients(population: BroadPopulation): number {
  let sum = 0;
  for (const sex of ['male', 'female'] as const)
    for (const age of BROAD_AGE_BANDS) sum += population[sex][age] * AGE_SEX_WEIGHTS[sex][age];
  return sum;
}

/**
 * Weighted lists, scaled so that they add up to the practices' registered patients (as published
 * weighted lists add up to the registered population): practice p's weighted list =
 * raw_p × Σ registered ÷ Σ raw, rounded to 2 decimals. A practice without a population is null.
 */
export function weightedLists(
  populations: ReadonlyMap<string, BroadPopulation | null>,
): Map<string, number | null> {
  let registered = 0;
  let raw = 0;
  for (const population of populations.values()) {
    if (!population) continue;
    registered += population.total;
    raw += rawWeightedPatients(population);
  }
  const out = new Map<string, number | null>();
  for (const [code, population] of populations)
    out.set(
      code,
      population && raw > 0
        ? Math.round(((rawWeightedPatients(population) * registered) / raw) * 100) / 100
        : null,
    );
  return out;
}
