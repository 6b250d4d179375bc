// QOF prevalence (PREVALENCE_<yyzz>.csv), every layout published since 2016-17:
// INDICATOR_GROUP_CODE (to 2018-19) or GROUP_CODE; PATIENT_LIST_SIZE (to 2019-20) or
// PRACTICE_LIST_SIZE; REGISTER written as a float (`113.0`) in 2024-25. The QOF year is not in the
// file: it comes from the file name suffix (1617, 2021, 2425, 1819_v2) or the `period` option.

import type { CsvRow } from '../csv-scanner.ts';
import { ImportError } from '../import-error.ts';
import { RANGES } from '../limits.ts';
import { financialYearFromFileName, parseFinancialYear } from '../periods.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';

export const qofPrevalence: FormatDefinition = {
  id: 'qof-prevalence',
  name: 'QOF prevalence (disease registers by practice)',
  publisher: 'NHS England (NHS Digital)',
  detection: {
    by: 'header',
    requiredColumns: [
      ['PRACTICE_CODE'],
      ['GROUP_CODE', 'INDICATOR_GROUP_CODE'],
      ['REGISTER'],
      ['PATIENT_LIST_TYPE'],
      ['PRACTICE_LIST_SIZE', 'PATIENT_LIST_SIZE'],
    ],
  },
  period: {
    from: 'file-name',
    description: 'QOF year from the file name suffix (PREVALENCE_2425.csv → 2024-25), or --period',
  },
  yields: ['qof_prevalence'],
  create: (context) => new QofPrevalenceReader(context),
};

/** The QOF year of a QOF file: the `period` option, else the file name; an error if neither says. */
export function qofYearOf(context: ReaderContext): string {
  const fromOption = context.options.period ? parseFinancialYear(context.options.period) : null;
  if (context.options.period && fromOption === null) {
    throw new ImportError({
      code: 'invalid_value',
      file: context.file,
      line: null,
      column: null,
      expected: 'a QOF year such as 2024-25 or 2425 as the period',
      found: context.options.period,
    });
  }
  const year = fromOption ?? financialYearFromFileName(context.entryName);
  if (year === null) {
    throw new ImportError({
      code: 'invalid_value',
      file: context.file,
      line: null,
      column: null,
      expected: 'a QOF year in the file name (e.g. PREVALENCE_2425.csv) or given as the period',
      found: context.entryName,
    });
  }
  return year;
}

class QofPrevalenceReader implements FormatReader {
  private readonly qofYear: string;
  private readonly practice: number;
  private readonly group: number;
  private readonly register: number;
  private readonly listType: number;
  private readonly listSize: number;

  constructor(private readonly context: ReaderContext) {
    const columns = context.columns!;
    this.practice = columns.require('PRACTICE_CODE');
    this.group = columns.require('GROUP_CODE', 'INDICATOR_GROUP_CODE');
    this.register = columns.require('REGISTER');
    this.listType = columns.require('PATIENT_LIST_TYPE');
    this.listSize = columns.require('PRACTICE_LIST_SIZE', 'PATIENT_LIST_SIZE');
    this.qofYear = qofYearOf(context);
  }

  row(row: CsvRow): void {
    const { fields, tally } = this.context;
    const practiceCode = fields.text(row, this.practice, 'a practice code');
    const groupCode = fields.text(row, this.group, 'a register group code');
    const patientListType = fields.text(row, this.listType, 'a list type such as TOTAL or 18OV');
    const patientListSize = fields.count(row, this.listSize, RANGES.patients);
    const register = fields.optionalCount(row, this.register, RANGES.qofCount);
    if (register === null) {
      // 2016-17 to 2018-19: practices that did not take part have every register blank.
      tally.skip('blank REGISTER (practice not in QOF that year)');
      return;
    }
    if (register > patientListSize) {
      const error = fields.error(
        row,
        this.register,
        'register_exceeds_list',
        `a register no larger than the ${patientListType} list of ${patientListSize}`,
      );
      if (this.context.options.strict) throw error;
      tally.reject(error);
      return;
    }
    this.context.emit({
      kind: 'qof_prevalence',
      practiceCode,
      qofYear: this.qofYear,
      groupCode,
      register,
      patientListType,
      patientListSize,
    });
  }

  finish(): void {}

  period(): string | null {
    return this.qofYear;
  }
}
