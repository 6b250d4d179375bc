// Periods as Fairview writes them, whatever the publisher wrote: a financial year `2016-17` (QOF
// `2016-17`, Fingertips `2016/17`), a calendar quarter `2023-Q2`, a month `2024-03`. `2011-12` is
// both a financial year and December 2011, so the indicator's period type says which it is.
// Membership, populations and IMD are looked up at a period's end date.
import type { IsoDate } from '../records.ts';
import type { PeriodType } from './definition.ts';
import { fingertipsPeriod } from './fingertips.ts';

/**
 * `2016/17`, `2016-17`, `201617` → `2016-17`; `2023 Q2` → `2023-Q2`; `2024-03` stays; Fingertips'
 * `Apr 2022` → `2022-04` and financial quarters `2023/24 Q1` → `2023-Q2`; else null.
 */
export function normalisePeriod(text: string, type: PeriodType): string | null {
  const t = text.trim();
  if (type !== 'financial_year') {
    const fingertips = fingertipsPeriod(t);
    if (fingertips !== null) return (type === 'month') === !fingertips.includes('Q') ? fingertips : null;
  }
  if (type === 'financial_year') {
    const m = /^(\d{4})\s*[/-]?\s*(\d{2})$/.exec(t);
    if (m && (Number(m[1]) + 1) % 100 === Number(m[2])) return `${m[1]}-${m[2]}`;
    return null;
  }
  if (type === 'quarter') {
    const m = /^(\d{4})\s*-?\s*Q([1-4])$/i.exec(t);
    return m ? `${m[1]}-Q${m[2]}` : null;
  }
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(t);
  return m ? `${m[1]}-${m[2]}` : null;
}

/** The last day of a normalised period (31 March for a financial year), or null if it is not one. */
export function periodEndDate(period: string, type: PeriodType): IsoDate | null {
  if (normalisePeriod(period, type) !== period) return null;
  const year = Number(period.slice(0, 4));
  if (type === 'financial_year') return `${year + 1}-03-31`;
  if (type === 'quarter') return lastDayOfMonth(year, Number(period.slice(6)) * 3);
  return lastDayOfMonth(year, Number(period.slice(5)));
}

function lastDayOfMonth(year: number, month: number): IsoDate {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
