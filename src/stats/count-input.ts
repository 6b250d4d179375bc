/**
 * The input rows of the proportion and rate methods, and their validation (spec §3.1, §3.2).
 * As in R, each check runs over all rows before the next, ignoring missing values, so the error is the
 * first failing check's first row.
 */
import { StatsInputError } from './errors.ts';
import { groupRows, sumOrNull } from './grouping.ts';

/** One row: a count and its denominator. Missing values are null. */
export interface CountRow {
  readonly numerator: number | null;
  readonly denominator: number | null;
}

/** A row with the key of its group (e.g. the group columns' values joined by the caller). */
export interface GroupedCountRow extends CountRow {
  readonly group: string;
}

type Check = { field: 'numerator' | 'denominator'; failed: (row: CountRow) => boolean; message: string };

const NOT_A_NUMBER: Check[] = [
  { field: 'numerator', failed: (r) => isBad(r.numerator), message: 'numerators must be numbers' },
  { field: 'denominator', failed: (r) => isBad(r.denominator), message: 'denominators must be numbers' },
];

function isBad(x: number | null): boolean {
  return x !== null && !Number.isFinite(x);
}

const NON_NEGATIVE: Check = {
  field: 'numerator',
  failed: (r) => r.numerator !== null && r.numerator < 0,
  message: 'numerators must be greater than or equal to zero',
};
const POSITIVE_DENOMINATOR: Check = {
  field: 'denominator',
  failed: (r) => r.denominator !== null && r.denominator <= 0,
  message: 'denominators must be greater than zero',
};
const AT_MOST_DENOMINATOR: Check = {
  field: 'numerator',
  failed: (r) => r.numerator !== null && r.denominator !== null && r.numerator > r.denominator,
  message: 'numerators must be less than or equal to denominator for a proportion statistic',
};

function runChecks(rows: readonly CountRow[], checks: readonly Check[]): void {
  for (const check of checks) {
    const index = rows.findIndex(check.failed);
    if (index >= 0) throw new StatsInputError(check.message, index, check.field);
  }
}

/** Proportion checks: x >= 0, n > 0, x <= n. */
export function validateProportionRows(rows: readonly CountRow[]): void {
  runChecks(rows, [...NOT_A_NUMBER, NON_NEGATIVE, POSITIVE_DENOMINATOR, AT_MOST_DENOMINATOR]);
}

/** Rate checks: x >= 0, n > 0 (counts above the denominator are allowed). */
export function validateRateRows(rows: readonly CountRow[]): void {
  runChecks(rows, [...NOT_A_NUMBER, NON_NEGATIVE, POSITIVE_DENOMINATOR]);
}

/** Multiplier must be a positive finite number. */
export function validateMultiplier(multiplier: number): void {
  if (!(multiplier > 0 && Number.isFinite(multiplier))) {
    throw new StatsInputError('multiplier must be greater than zero', null, 'multiplier');
  }
}

/** A group's summed counts, as R's `sum` gives them: a missing value anywhere makes the sum missing. */
export interface SummedCounts {
  group: string;
  numerator: number | null;
  denominator: number | null;
}

/** Numerators and denominators summed per group, in order of first appearance. */
export function sumCountsByGroup(rows: readonly GroupedCountRow[]): SummedCounts[] {
  return groupRows(rows.map((r) => r.group)).map(({ key, rows: members }) => ({
    group: key,
    numerator: sumOrNull(members.map((i) => rows[i]!.numerator)),
    denominator: sumOrNull(members.map((i) => rows[i]!.denominator)),
  }));
}
