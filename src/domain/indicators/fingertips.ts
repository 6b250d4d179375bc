// Fingertips indicators as their exports really come (issue 13):
//
// - GP practices are Area Type `GPs` in exports since about 2022 and `GP` before (an IMD 2019 export
//   of 2021 says `GP`): both mean a practice, and this is the only place that says so;
// - the export carries no value type or unit, but every published value is its count ÷ denominator
//   × a multiplier: A&E attendances (0–4) at A81004 are 575 / 655 × 1,000 = 877.86 per 1,000. The
//   multiplier that reproduces the published values says what the indicator is: ×100 with counts
//   never above the denominator is a percentage; ×1,000 or ×100,000 is a rate (counts may exceed the
//   denominator: 1,148 of 6,342 practices do for A&E attendances); ×1 is a ratio (or a mean, by its
//   name). Fairview then computes it with that type and multiplier and reproduces the published value;
// - periods are financial years (`2021/22`), months (`Apr 2022`), calendar quarters (`2023 Q2`) or
//   financial quarters (`2023/24 Q1`, April to June 2023).
import type { IndicatorType, PeriodType } from './definition.ts';

/** Area Type values that mean a GP practice, as Fingertips has written them over the years. */
export const GP_AREA_TYPES: readonly string[] = ['GPs', 'GP'];

export function isGpAreaType(areaType: string): boolean {
  return GP_AREA_TYPES.includes(areaType.trim());
}

/** One published GP value with the counts it was made from. */
export interface FingertipsSample {
  value: number | null;
  count: number | null;
  denominator: number | null;
}

export type FingertipsUnit =
  | '%'
  | 'proportion'
  | 'per 100'
  | 'per 1,000'
  | 'per 10,000'
  | 'per 100,000'
  | 'ratio'
  | 'mean';

export interface FingertipsMeasure {
  type: IndicatorType;
  multiplier: number;
  unit: FingertipsUnit;
  /** Share of the practice values that count ÷ denominator × multiplier reproduces (to 0.5%). */
  agreement: number;
  countAboveDenominator: boolean;
}

const MULTIPLIERS = [1, 100, 1000, 10_000, 100_000] as const;
/** At least this share of the practices' values must agree on one multiplier. */
const MIN_AGREEMENT = 0.9;

/**
 * The type and multiplier that reproduce the published values from the counts, or the reason there
 * is none (no counts — a score such as IMD —, or values no multiplier explains).
 */
export function fingertipsMeasure(
  samples: readonly FingertipsSample[],
  indicatorName: string,
): FingertipsMeasure | { reason: string } {
  const usable = samples.filter(
    (s) => s.value !== null && s.count !== null && s.count > 0 && s.denominator !== null && s.denominator > 0,
  );
  if (usable.length === 0) return { reason: 'no practice has a count and a denominator to compute it from' };
  const votes = new Map<number, number>();
  for (const s of usable) {
    const ratio = s.value! / (s.count! / s.denominator!);
    const m = MULTIPLIERS.find((k) => Math.abs(ratio / k - 1) < 0.005);
    if (m !== undefined) votes.set(m, (votes.get(m) ?? 0) + 1);
  }
  const [multiplier, agreeing] = [...votes.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  const agreement = agreeing / usable.length;
  if (agreement < MIN_AGREEMENT) {
    return {
      reason: `count ÷ denominator × 1, 100, 1,000 or 100,000 reproduces only ${Math.round(agreement * 100)}% of the published values`,
    };
  }
  const countAboveDenominator = samples.some(
    (s) => s.count !== null && s.denominator !== null && s.count > s.denominator,
  );
  const named = (pattern: RegExp) => pattern.test(indicatorName);
  let unit: FingertipsUnit;
  let type: IndicatorType = 'rate';
  if (!countAboveDenominator && multiplier === 100 && !named(/\bratio\b/i)) {
    type = 'proportion';
    unit = '%';
  } else if (!countAboveDenominator && multiplier === 1 && !named(/\b(ratio|mean|average)\b/i)) {
    type = 'proportion';
    unit = 'proportion';
  } else if (multiplier <= 100 && named(/\b(mean|average)\b/i)) unit = 'mean';
  else if (multiplier <= 100 && (multiplier === 1 || named(/\bratio\b/i))) unit = 'ratio';
  else unit = `per ${multiplier.toLocaleString('en-GB')}` as FingertipsUnit;
  return { type, multiplier, unit, agreement, countAboveDenominator };
}

const MONTH = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+(\d{4})$/i;
const FINANCIAL_YEAR = /^(\d{4})\s*\/\s*(\d{2})$/;
const CALENDAR_QUARTER = /^(\d{4})\s*Q([1-4])$/i;
const FINANCIAL_QUARTER = /^(\d{4})\s*\/\s*(\d{2})\s*Q([1-4])$/i;

/** The period type of a set of Fingertips time period labels, or null when they are not one kind. */
export function fingertipsPeriodType(labels: readonly string[]): PeriodType | null {
  const kinds = new Set(
    labels.map((l) => {
      const t = l.trim();
      if (FINANCIAL_YEAR.test(t)) return 'financial_year';
      if (MONTH.test(t)) return 'month';
      if (CALENDAR_QUARTER.test(t) || FINANCIAL_QUARTER.test(t)) return 'quarter';
      return 'other';
    }),
  );
  if (kinds.size !== 1 || kinds.has('other')) return null;
  return [...kinds][0] as PeriodType;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A Fingertips month or quarter label in Fairview's form: `Apr 2022` → `2022-04`, `2023 Q2` →
 * `2023-Q2`, `2023/24 Q1` (April–June 2023) → `2023-Q2`, `2023/24 Q4` → `2024-Q1`. Null otherwise.
 */
export function fingertipsPeriod(label: string): string | null {
  const t = label.trim();
  let m = MONTH.exec(t);
  if (m) return `${m[2]}-${String(MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1).padStart(2, '0')}`;
  m = CALENDAR_QUARTER.exec(t);
  if (m) return `${m[1]}-Q${m[2]}`;
  m = FINANCIAL_QUARTER.exec(t);
  if (m && (Number(m[1]) + 1) % 100 === Number(m[2])) {
    const q = Number(m[3]);
    return q === 4 ? `${Number(m[1]) + 1}-Q1` : `${m[1]}-Q${q + 1}`;
  }
  return null;
}
