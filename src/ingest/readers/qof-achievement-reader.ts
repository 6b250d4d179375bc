// QOF achievement, long format (../shared/spec/data-formats.md §a): ACHIEVEMENT_<REGION>_<yyzz>.csv
// from 2022-23 or so (seven columns, REGION_* first), ACHIEVEMENT_<yyzz>.csv before (the last four
// only). One row per practice × indicator × measure. VALUE is read as a float because the files pass
// through a pandas stack ("123.0"); counts must still be whole and non-negative, points non-negative.
// The QOF year comes from the file name suffix or the `period` option.

import type { QofAchievementMeasure } from '../../domain/records.ts';
import type { CsvRow } from '../csv-scanner.ts';
import { RANGES } from '../limits.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';
import { qofYearOf } from './qof-prevalence-reader.ts';

const MEASURES: ReadonlySet<string> = new Set<QofAchievementMeasure>([
  'REGISTER',
  'NEWLY_DIAGNOSED',
  'NUMERATOR',
  'DENOMINATOR',
  'PCAS',
  'ACHIEVED_POINTS',
]);

export const qofAchievement: FormatDefinition = {
  id: 'qof-achievement',
  name: 'QOF achievement (long format, by practice, indicator and measure)',
  publisher: 'NHS England (NHS Digital)',
  detection: {
    by: 'header',
    requiredColumns: [['PRACTICE_CODE'], ['INDICATOR_CODE'], ['MEASURE'], ['VALUE']],
  },
  period: {
    from: 'file-name',
    description: 'QOF year from the file name suffix (ACHIEVEMENT_LONDON_2324.csv → 2023-24), or --period',
  },
  yields: ['qof_achievement'],
  create: (context) => new QofAchievementReader(context),
};

class QofAchievementReader implements FormatReader {
  private readonly qofYear: string;
  private readonly practice: number;
  private readonly indicator: number;
  private readonly measure: number;
  private readonly value: number;

  constructor(private readonly context: ReaderContext) {
    const columns = context.columns!;
    this.practice = columns.require('PRACTICE_CODE');
    this.indicator = columns.require('INDICATOR_CODE');
    this.measure = columns.require('MEASURE');
    this.value = columns.require('VALUE');
    this.qofYear = qofYearOf(context);
  }

  row(row: CsvRow): void {
    const { fields, tally } = this.context;
    const practiceCode = fields.text(row, this.practice, 'a practice code');
    const indicatorCode = fields.text(row, this.indicator, 'an indicator code such as HYP008');
    const measure = fields.text(row, this.measure, 'a measure such as NUMERATOR').toUpperCase();
    if (!MEASURES.has(measure)) {
      throw fields.error(row, this.measure, 'invalid_value', `one of ${[...MEASURES].join(', ')}`);
    }
    const points = measure === 'ACHIEVED_POINTS';
    const value = fields.decimal(row, this.value, points ? RANGES.qofPoints : RANGES.value);
    if (value === null) {
      // The publication drops blank values; a blank that slipped through carries no fact.
      tally.skip('blank VALUE');
      return;
    }
    if (value < 0) throw fields.error(row, this.value, 'negative_count', 'a non-negative number');
    if (!points && !Number.isInteger(value)) {
      throw fields.error(row, this.value, 'invalid_value', `a whole number of patients for ${measure}`);
    }
    if (!points && value > RANGES.qofCount.max) {
      throw fields.error(row, this.value, 'implausible_value', RANGES.qofCount.what);
    }
    this.context.emit({
      kind: 'qof_achievement',
      practiceCode,
      qofYear: this.qofYear,
      indicatorCode,
      measure: measure as QofAchievementMeasure,
      value,
    });
  }

  finish(): void {}

  period(): string | null {
    return this.qofYear;
  }
}
