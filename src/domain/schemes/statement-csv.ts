// Statements as CSV (RFC 4180, LF line ends, UTF-8): one row per statement line, the scheme and period
// on every row so a practice's extract stands alone. The exact text is what the calculation's checksum
// covers, so the layout is fixed: numbers in JavaScript's shortest round-trip form, amounts with two
// decimals, missing values empty.
import type { SchemeCalculation, StatementLine } from './statement.ts';

export const STATEMENT_COLUMNS = [
  'scheme_id',
  'scheme_version',
  'period',
  'org_code',
  'org_kind',
  'line_type',
  'item_code',
  'item_name',
  'numerator',
  'eligible',
  'exceptions',
  'denominator',
  'achievement',
  'baseline',
  'target',
  'lower_threshold',
  'upper_threshold',
  'points_available',
  'points_achieved',
  'practice_prevalence',
  'national_prevalence',
  'prevalence_factor',
  'list_size',
  'national_average_list',
  'list_size_factor',
  'adjusted_points',
  'rate',
  'amount',
  'note',
] as const;

export function statementsCsv(calculation: SchemeCalculation): string {
  const rows: string[] = [STATEMENT_COLUMNS.join(',')];
  const head = [calculation.schemeId, String(calculation.schemeVersion), calculation.period]
    .map(quote)
    .join(',');
  for (const statement of calculation.statements) {
    for (const line of statement.lines) rows.push(`${head},${lineCells(line).join(',')}`);
  }
  return `${rows.join('\n')}\n`;
}

export function lineCells(line: StatementLine): string[] {
  return [
    quote(line.orgCode),
    line.orgKind,
    line.lineType,
    quote(line.itemCode),
    quote(line.itemName ?? ''),
    num(line.numerator),
    num(line.eligible),
    num(line.exceptions),
    num(line.denominator),
    num(line.achievement),
    num(line.baseline),
    num(line.target),
    num(line.lowerThreshold),
    num(line.upperThreshold),
    num(line.pointsAvailable),
    num(line.pointsAchieved),
    num(line.practicePrevalence),
    num(line.nationalPrevalence),
    num(line.prevalenceFactor),
    num(line.listSize),
    num(line.nationalAverageList),
    num(line.listSizeFactor),
    num(line.adjustedPoints),
    num(line.rate),
    (line.amount === 0 ? 0 : line.amount).toFixed(2),
    quote(line.note),
  ];
}

function num(value: number | null): string {
  return value === null ? '' : Object.is(value, -0) ? '0' : String(value);
}

function quote(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
