// QOF achievement points per practice, from NHS Digital's practice summary tables as published for
// 2017-18 to 2022-23 (qof-points-by-practice-<year>.csv): the practice's achieved points, the points
// available where its registers exist, its QOF list size, and its CCG / sub-ICB (and PCN from
// 2019-20), which become memberships on 31 March of the year. The headers change every year (and
// the 2022-23 one breaks lines inside quoted names), so columns are found by the start of their name:
//
//   Practice code · List size | All ages · Achievement score (559 max) | (635 max) …
//   Total points for indicators where register exists… | Max. QOF points available (total points…)
//   CCG code | CCG ODS code (practice parent) | Sub ICB Loc ODS code · PCN ODS code
//
// The year is in the file name (…-2022-23.csv) or --period.

import type { CsvRow } from '../csv-scanner.ts';
import { normaliseName } from '../fields.ts';
import { ImportError } from '../import-error.ts';
import { RANGES } from '../limits.ts';
import { financialYearEnd, parseFinancialYear } from '../periods.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';
import { HierarchyEmitter, isAssignedPcn } from './hierarchy.ts';

export const qofPracticePoints: FormatDefinition = {
  id: 'qof-practice-points',
  name: 'QOF points by practice (practice summary tables)',
  publisher: 'NHS England (NHS Digital)',
  detection: {
    by: 'header',
    requiredColumns: [['Practice code'], ['Practice name'], ['Achievement score*']],
  },
  period: { from: 'file-name', description: 'the year in the file name (…-2022-23.csv), or --period' },
  yields: ['qof_practice', 'organisation', 'membership'],
  create: (context) => new PracticePointsReader(context),
};

/** The first column whose normalised name starts with one of `prefixes`. */
function startingWith(names: readonly string[], ...prefixes: string[]): number | null {
  const wanted = prefixes.map(normaliseName);
  const index = names.findIndex((n) => wanted.some((w) => normaliseName(n).startsWith(w)));
  return index < 0 ? null : index;
}

class PracticePointsReader implements FormatReader {
  private readonly qofYear: string;
  private readonly practice: number;
  private readonly name: number | null;
  private readonly listSize: number | null;
  private readonly achieved: number;
  private readonly available: number | null;
  private readonly commissioner: number | null;
  private readonly commissionerName: number | null;
  private readonly pcn: number | null;
  private readonly pcnName: number | null;
  private readonly hierarchy: HierarchyEmitter;

  constructor(private readonly context: ReaderContext) {
    const names = context.columns!.names;
    const need = (index: number | null, what: string): number => {
      if (index !== null) return index;
      throw new ImportError({
        code: 'missing_column',
        file: context.file,
        line: 1,
        column: what,
        expected: `a column named ${what}…`,
        found: 'no such column in the header',
      });
    };
    this.practice = need(startingWith(names, 'Practice code'), 'Practice code');
    this.name = startingWith(names, 'Practice name');
    this.listSize = startingWith(names, 'List size', 'All ages');
    this.achieved = need(startingWith(names, 'Achievement score'), 'Achievement score');
    this.available = startingWith(
      names,
      'Total points for indicators where register exists',
      'Max. QOF points',
    );
    this.commissioner = startingWith(names, 'Sub ICB Loc ODS code', 'CCG ODS code', 'CCG code');
    this.commissionerName = startingWith(names, 'Sub ICB Loc name', 'CCG name');
    this.pcn = startingWith(names, 'PCN ODS code');
    this.pcnName = startingWith(names, 'PCN name');
    this.qofYear = yearOf(context);
    this.hierarchy = new HierarchyEmitter(context);
  }

  row(row: CsvRow): void {
    const { fields, emit } = this.context;
    const practiceCode = fields.text(row, this.practice, 'a practice code');
    const asOf = financialYearEnd(this.qofYear);
    this.hierarchy.organisation(
      'practice',
      { code: practiceCode, name: fields.optionalText(row, this.name) },
      asOf,
    );
    const commissioner = fields.optionalText(row, this.commissioner);
    if (commissioner !== null) {
      this.hierarchy.organisation(
        'sub_icb',
        { code: commissioner, name: fields.optionalText(row, this.commissionerName) },
        asOf,
      );
      this.hierarchy.membership(practiceCode, 'sub_icb', commissioner, asOf);
    }
    const pcn = fields.optionalText(row, this.pcn);
    if (isAssignedPcn(pcn)) {
      this.hierarchy.organisation('pcn', { code: pcn, name: fields.optionalText(row, this.pcnName) }, asOf);
      this.hierarchy.membership(practiceCode, 'pcn', pcn, asOf);
    }
    emit({
      kind: 'qof_practice',
      practiceCode,
      qofYear: this.qofYear,
      revisedMaxPoints: null,
      achievedPoints: this.points(row, this.achieved),
      maxPointsAvailable: this.points(row, this.available),
      listSize: this.listSize === null ? null : fields.optionalCount(row, this.listSize, RANGES.patients),
    });
  }

  finish(): void {}

  period(): string | null {
    return this.qofYear;
  }

  /** Points, or null where the tables print `:` (not available: 11 practices in 2017-18). */
  private points(row: CsvRow, index: number | null): number | null {
    if (index !== null && row.text(index) === ':') {
      this.context.tally.note("points shown as ':' (not available) read as blank");
      return null;
    }
    return this.context.fields.decimal(row, index, RANGES.qofPoints);
  }
}

function yearOf(context: ReaderContext): string {
  const fromOption = context.options.period ? parseFinancialYear(context.options.period) : null;
  const fromName = /(20\d{2})[-_](\d{2})(?!\d)/.exec(context.entryName);
  const year = fromOption ?? (fromName ? parseFinancialYear(`${fromName[1]}-${fromName[2]}`) : null);
  if (year !== null) return year;
  throw new ImportError({
    code: 'invalid_value',
    file: context.file,
    line: null,
    column: null,
    expected: 'a QOF year in the file name (…-2022-23.csv) or given as the period',
    found: context.options.period ?? context.entryName,
  });
}
