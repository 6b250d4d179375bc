/**
 * Checking and normalising SPC input: the reference's validation errors (duplicate date within a
 * facet, a date that is not a date, a value that is not a number, fix_after_n_points < 12, rebase or
 * target names that are not facets), raised as StatsInputError with the row and field at fault.
 */
import { StatsInputError } from './errors.ts';
import type { ImprovementDirection, RunLength, SpcDate, SpcOptions, SpcRow } from './spc-types.ts';

/** A checked input row; `time` is milliseconds since 1970 UTC, the sort key within a facet. */
export interface SpcInputRow {
  row: number;
  y: number | null;
  time: number;
  /** The date as output: the input text when it was `YYYY-MM-DD`, else formatSpcDate(time). */
  x: string;
  facet: string | null;
}

export interface ResolvedSpcOptions {
  improvementDirection: ImprovementDirection;
  fixAfterN: number;
  screenOutliers: boolean;
  runLength: RunLength;
  hasTarget: boolean;
  /** Rebase dates (as times) for a facet; empty when none. */
  rebaseTimes(facet: string | null): ReadonlySet<number>;
  targetFor(facet: string | null): number | null;
}

const DAY_MS = 86_400_000;

/** A date's instant in ms, or an error naming the row (null for an option) and field. */
export function parseSpcDate(date: unknown, row: number | null, field: string): number {
  if (date instanceof Date) {
    const t = date.getTime();
    if (Number.isNaN(t)) throw new StatsInputError(`${field} is an invalid Date`, row, field);
    return t;
  }
  if (typeof date === 'string') {
    const t = parseIsoDay(date);
    if (t !== null) return t;
    throw new StatsInputError(`${field} '${date}' is not a date in the form YYYY-MM-DD`, row, field);
  }
  throw new StatsInputError(`${field} must be a date (YYYY-MM-DD text or a Date)`, row, field);
}

/**
 * `YYYY-MM-DD` of a day that exists (no 2023-02-30) → its UTC midnight, else null. Hand-rolled
 * rather than a regular expression: it runs once per row, and charts are drawn for millions of rows.
 */
function parseIsoDay(s: string): number | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  if (y >= 100) return Date.UTC(y, m - 1, d);
  // Date.UTC reads years 0–99 as 1900–1999.
  const early = new Date(0);
  early.setUTCFullYear(y, m - 1, d);
  return early.getTime();
}

/** The number written in s[from, to), or -1 if any character there is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** The output form of a date: `YYYY-MM-DD` for a UTC midnight, otherwise the full ISO instant. */
export function formatSpcDate(time: number): string {
  const iso = new Date(time).toISOString();
  return time % DAY_MS === 0 ? iso.slice(0, 10) : iso;
}

/**
 * Order of strings by Unicode code point, which is the C locale's UTF-8 byte order that dplyr's
 * `arrange` uses. Plain `<` compares UTF-16 units and disagrees for characters above U+E000 versus
 * astral ones, so surrogates are shifted above the rest of the BMP before comparing.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return codeUnitRank(ca) - codeUnitRank(cb);
  }
  return a.length - b.length;
}

function codeUnitRank(c: number): number {
  if (c >= 0xe000) return c - 0x800;
  if (c >= 0xd800) return c + 0x2000;
  return c;
}

/** Checks every row and returns them in input order; facets are null when no row has one. */
export function checkSpcRows(rows: readonly SpcRow[]): SpcInputRow[] {
  const faceted = rows.some((r) => r.facet !== undefined && r.facet !== null);
  const out: SpcInputRow[] = new Array(rows.length);
  const seen = new Map<string | null, Set<number>>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const value: unknown = r.value;
    let y: number | null = null;
    if (value !== null && value !== undefined) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        const shown = typeof value === 'string' ? `'${value}'` : String(value);
        throw new StatsInputError(`value ${shown} is not a number`, i, 'value');
      }
      y = value;
    }
    const time = parseSpcDate(r.date, i, 'date');
    let facet: string | null = null;
    if (faceted) {
      const f: unknown = r.facet;
      if (typeof f !== 'string') throw new StatsInputError('facet is missing on this row', i, 'facet');
      facet = f;
    }
    let times = seen.get(facet);
    if (!times) {
      times = new Set();
      seen.set(facet, times);
    }
    if (times.has(time)) {
      const where = facet === null ? '' : ` in facet '${facet}'`;
      throw new StatsInputError(`duplicate date ${formatSpcDate(time)}${where}`, i, 'date');
    }
    times.add(time);
    out[i] = { row: i, y, time, x: typeof r.date === 'string' ? r.date : formatSpcDate(time), facet };
  }
  return out;
}

/** Checks the options against the facets present and resolves defaults. */
export function resolveSpcOptions(
  options: SpcOptions,
  facets: ReadonlySet<string | null>,
): ResolvedSpcOptions {
  const direction = options.improvementDirection ?? 'increase';
  if (direction !== 'increase' && direction !== 'decrease' && direction !== 'neutral') {
    throw new StatsInputError(
      `improvement direction must be increase, decrease or neutral, not '${String(direction)}'`,
      null,
      'improvementDirection',
    );
  }
  const fixAfterN = options.fixAfterN ?? Number.POSITIVE_INFINITY;
  if (typeof fixAfterN !== 'number' || Number.isNaN(fixAfterN) || fixAfterN < 12) {
    throw new StatsInputError('fix after n points must be a number >= 12', null, 'fixAfterN');
  }
  const runLength = options.runLength ?? 7;
  if (runLength !== 6 && runLength !== 7) {
    throw new StatsInputError('run length must be 6 or 7', null, 'runLength');
  }
  const screenOutliers = options.screenOutliers ?? true;
  if (typeof screenOutliers !== 'boolean') {
    throw new StatsInputError('screen outliers must be true or false', null, 'screenOutliers');
  }
  return {
    improvementDirection: direction,
    fixAfterN,
    screenOutliers,
    runLength,
    hasTarget: options.target !== undefined && options.target !== null,
    rebaseTimes: resolveRebase(options.rebase, facets),
    targetFor: resolveTarget(options.target, facets),
  };
}

function checkFacetNames(names: string[], facets: ReadonlySet<string | null>, field: string): void {
  const unknown = names.filter((n) => !facets.has(n));
  if (unknown.length > 0) {
    throw new StatsInputError(
      `${field} names facets that are not in the data: ${unknown.join(', ')}`,
      null,
      field,
    );
  }
}

function resolveRebase(
  rebase: SpcOptions['rebase'],
  facets: ReadonlySet<string | null>,
): (facet: string | null) => ReadonlySet<number> {
  const none: ReadonlySet<number> = new Set();
  if (rebase === undefined || rebase === null) return () => none;
  if (Array.isArray(rebase)) {
    const all = new Set(rebase.map((d: SpcDate) => parseSpcDate(d, null, 'rebase')));
    return () => all;
  }
  if (typeof rebase !== 'object') {
    throw new StatsInputError('rebase must be a list of dates or facet → dates', null, 'rebase');
  }
  checkFacetNames(Object.keys(rebase), facets, 'rebase');
  const byFacet = new Map<string, Set<number>>();
  for (const [facet, dates] of Object.entries(rebase)) {
    if (!Array.isArray(dates)) {
      throw new StatsInputError(`rebase for facet '${facet}' must be a list of dates`, null, 'rebase');
    }
    byFacet.set(facet, new Set(dates.map((d) => parseSpcDate(d, null, 'rebase'))));
  }
  return (facet) => (facet === null ? none : (byFacet.get(facet) ?? none));
}

function resolveTarget(
  target: SpcOptions['target'],
  facets: ReadonlySet<string | null>,
): (facet: string | null) => number | null {
  if (target === undefined || target === null) return () => null;
  if (typeof target === 'number') {
    if (!Number.isFinite(target)) throw new StatsInputError('target must be a finite number', null, 'target');
    return () => target;
  }
  if (typeof target !== 'object') {
    throw new StatsInputError('target must be a number or facet → number', null, 'target');
  }
  checkFacetNames(Object.keys(target), facets, 'target');
  const byFacet = new Map<string, number>();
  for (const [facet, t] of Object.entries(target)) {
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new StatsInputError(`target for facet '${facet}' must be a finite number`, null, 'target');
    }
    byFacet.set(facet, t);
  }
  return (facet) => (facet === null ? null : (byFacet.get(facet) ?? null));
}
