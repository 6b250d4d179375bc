// Distributing a commissioner-level premium to its practices, as its committee decided: pay without
// conditions per registered or weighted patient, pay per registered patient only to practices meeting
// a condition (the rest retained), or retain it all for service development. Pence are shared by the
// largest remainder, so the practices' amounts always add up to the premium exactly.
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
  /** The weighted list (Carr-Hill), for `per_weighted`. */
  weightedList: number | null;
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
        ? `${p.conditionMet ? 'condition met' : 'condition not met: share retained'} (${p.conditionNote})`
        : option === 'per_weighted'
          ? 'per weighted patient'
          : 'per registered patient';
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
