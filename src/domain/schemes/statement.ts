// A payment statement: one line per indicator (or measure, gateway, reduction, cap …) and a total,
// for one practice or one commissioner. Every kind of scheme writes the same line shape, so one CSV
// layout and one page serve them all; a column a line does not use is null.
import type { SchemeKind } from './definition.ts';

export type LineType =
  /** A scored indicator (QOF ratio, local indicator). */
  | 'indicator'
  /** A QOF register indicator. */
  | 'register'
  /** A QOF declared-points indicator (quality improvement). */
  | 'declared'
  /** A quality premium measure. */
  | 'measure'
  /** A quality premium gateway: passed (0) or everything withheld (−earned). */
  | 'gateway'
  /** A quality premium reduction for a missed standard (−£). */
  | 'reduction'
  /** Money removed by a cap (−£). */
  | 'cap'
  /** Money removed for the days a joiner or leaver was not in the scheme (−£). */
  | 'pro_rata'
  | 'total';

export interface StatementLine {
  orgCode: string;
  orgKind: 'practice' | 'commissioner';
  lineType: LineType;
  /** Indicator, measure, gateway or standard code; `TOTAL` on the total line. */
  itemCode: string;
  itemName: string | null;
  numerator: number | null;
  /** Eligible patients before exceptions (denominator + exceptions), when exceptions are known. */
  eligible: number | null;
  exceptions: number | null;
  /** Patients achievement is measured on, after exceptions. */
  denominator: number | null;
  /** Achievement as a percentage (or the measure's value for a premium measure). */
  achievement: number | null;
  baseline: number | null;
  target: number | null;
  lowerThreshold: number | null;
  upperThreshold: number | null;
  pointsAvailable: number | null;
  pointsAchieved: number | null;
  practicePrevalence: number | null;
  nationalPrevalence: number | null;
  prevalenceFactor: number | null;
  listSize: number | null;
  nationalAverageList: number | null;
  listSizeFactor: number | null;
  adjustedPoints: number | null;
  /** £ per point (QOF), £ per patient (a per-patient band, a premium cap), or null. */
  rate: number | null;
  /** £, rounded to pence; negative for reductions, caps and pro-rata deductions. */
  amount: number;
  /** Why, in words: "between thresholds", "gateway failed: all withheld", "joined 2024-10-01" … */
  note: string;
}

export interface OrgStatement {
  orgCode: string;
  orgKind: 'practice' | 'commissioner';
  /** Local schemes: false when the practice has not consented (its statement has only the total, £0). */
  participating: boolean;
  /** The item lines and, last, the total line. */
  lines: StatementLine[];
  /** £ total: the sum of the item lines' amounts, to the penny. */
  amount: number;
}

export interface SchemeCalculation {
  schemeId: string;
  schemeVersion: number;
  kind: SchemeKind;
  period: string;
  source: string;
  /** How national figures and other defaults were taken, in words, for the statement's footer. */
  basis: string[];
  /** Sorted by organisation code. */
  statements: OrgStatement[];
  /** £ over every statement, to the penny. */
  totalAmount: number;
}

/** A line with every measure null, to be filled in. */
export function blankLine(
  orgCode: string,
  orgKind: StatementLine['orgKind'],
  lineType: LineType,
  itemCode: string,
  itemName: string | null,
): StatementLine {
  return {
    orgCode,
    orgKind,
    lineType,
    itemCode,
    itemName,
    numerator: null,
    eligible: null,
    exceptions: null,
    denominator: null,
    achievement: null,
    baseline: null,
    target: null,
    lowerThreshold: null,
    upperThreshold: null,
    pointsAvailable: null,
    pointsAchieved: null,
    practicePrevalence: null,
    nationalPrevalence: null,
    prevalenceFactor: null,
    listSize: null,
    nationalAverageList: null,
    listSizeFactor: null,
    adjustedPoints: null,
    rate: null,
    amount: 0,
    note: '',
  };
}

/** Closes a statement: a total line whose amount is the sum of the lines in pence (no drift). */
export function closeStatement(
  orgCode: string,
  orgKind: StatementLine['orgKind'],
  participating: boolean,
  lines: StatementLine[],
  fill: (total: StatementLine) => void = () => {},
): OrgStatement {
  const pence = lines.reduce((sum, line) => sum + Math.round(line.amount * 100), 0);
  const total = blankLine(orgCode, orgKind, 'total', 'TOTAL', 'Total');
  total.amount = pence / 100;
  fill(total);
  return { orgCode, orgKind, participating, lines: [...lines, total], amount: total.amount };
}

/** A statement's total-line note with where the practice's list came from (as-of rule) added. */
export function withListSource(note: string, listSource: string | undefined): string {
  if (!listSource) return note;
  return note === '' ? listSource : `${note}; ${listSource}`;
}

export function finishCalculation(
  head: Omit<SchemeCalculation, 'statements' | 'totalAmount'>,
  statements: OrgStatement[],
): SchemeCalculation {
  const sorted = [...statements].sort((a, b) => compareCodes(a.orgCode, b.orgCode));
  const pence = sorted.reduce((sum, s) => sum + Math.round(s.amount * 100), 0);
  return { ...head, statements: sorted, totalAmount: pence / 100 };
}

/** Code order that does not depend on the locale (a statement must sort the same everywhere). */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
