// Dates and periods as the publishers write them, turned into ISO dates and Fairview's period labels.

import type { IsoDate } from '../domain/records.ts';
import { EARLIEST_DATE, LATEST_DATE } from './limits.ts';

const MONTHS: Record<string, number> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
};

/**
 * Parses the date styles seen in NHS files: `2026-07-01`, `20231204` (ODS), `01JUL2026`,
 * `01Jul2026`, `01-Apr-17`, `01/04/1974` (day first). Returns null for anything else, and for a
 * date outside 1900–2099 (EARLIEST_DATE … LATEST_DATE in limits.ts), which is a damaged field.
 */
export function parseNhsDate(text: string): IsoDate | null {
  const value = text.trim();
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[-\s]?([A-Za-z]{3})[-\s]?(\d{2}|\d{4})$/.exec(value);
  if (match) {
    const month = MONTHS[match[2]!.toUpperCase()];
    if (month === undefined) return null;
    return isoDate(fullYear(match[3]!), month, Number(match[1]));
  }
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (match) return isoDate(Number(match[3]), Number(match[2]), Number(match[1]));
  return null;
}

function fullYear(text: string): number {
  const year = Number(text);
  return text.length === 2 ? 2000 + year : year;
}

function isoDate(year: number, month: number, day: number): IsoDate | null {
  if (year < Number(EARLIEST_DATE.slice(0, 4)) || year > Number(LATEST_DATE.slice(0, 4))) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A QOF/financial year from the way files and users write it: `1617`, `2016-17`, `2016/17`,
 * `2019_2020` → `2016-17` / `2019-20`. Null when the text holds no such year.
 */
export function parseFinancialYear(text: string): string | null {
  const value = text.trim();
  let match = /^(?:20)?(\d{2})[-/_]?(?:20)?(\d{2})$/.exec(value);
  if (match && Number(match[2]) === (Number(match[1]) + 1) % 100) return label(Number(match[1]));
  match = /^(20\d{2})[-/_](20\d{2}|\d{2})$/.exec(value);
  if (match) {
    const start = Number(match[1]);
    const end = Number(match[2]) % 100;
    if (end === (start + 1) % 100) return label(start % 100);
  }
  return null;
}

function label(startTwoDigits: number): string {
  const start = 2000 + startTwoDigits;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/**
 * The QOF year in a published file name: `PREVALENCE_1617.csv`, `PREVALENCE_1819_v2.csv`,
 * `INDICATOR_MAPPINGS_2019_2020.csv`, `MAPPING_NHS_GEOGRAPHIES_2021.csv` (→ 2020-21).
 */
export function financialYearFromFileName(fileName: string): string | null {
  const stem = fileName.replace(/\.[^.]*$/, '').replace(/\.csv$/i, '');
  const long = /(?:^|[_\-\s])(20\d{2})_(20\d{2})(?:[_\-\s]|$)/.exec(stem);
  if (long) {
    const year = parseFinancialYear(`${long[1]}_${long[2]}`);
    if (year) return year;
  }
  const short =
    /(?:^|[_\-\s])(\d{4})(?:_v\d+)?$/i.exec(stem) ?? /(?:^|[_\-\s])(\d{4})(?:[_\-\s]|$)/.exec(stem);
  if (short) return parseFinancialYear(short[1]!);
  return null;
}

/** 31 March at the end of a financial year `2016-17` → `2017-03-31`. */
export function financialYearEnd(year: string): IsoDate {
  const start = Number(year.slice(0, 4));
  return `${start + 1}-03-31`;
}
