// QOF ORGANISATION_REFERENCE_<yyzz>.csv from 2019-20 on: only PRACTICE_CODE and REVISED_MAX_POINTS,
// the maximum a practice could earn that year (635 in 2023-24, less for some practices). Earlier
// years carried the geography instead (qof-organisation-reference-reader.ts).

import type { CsvRow } from '../csv-scanner.ts';
import { RANGES } from '../limits.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';
import { qofYearOf } from './qof-prevalence-reader.ts';

export const qofMaxPoints: FormatDefinition = {
  id: 'qof-max-points',
  name: 'QOF organisation reference (revised maximum points, 2019-20 on)',
  publisher: 'NHS England (NHS Digital)',
  detection: { by: 'header', requiredColumns: [['PRACTICE_CODE'], ['REVISED_MAX_POINTS']] },
  period: {
    from: 'file-name',
    description: 'QOF year from the file name (ORGANISATION_REFERENCE_2223.csv → 2022-23), or --period',
  },
  yields: ['qof_practice'],
  create: (context) => new MaxPointsReader(context),
};

class MaxPointsReader implements FormatReader {
  private readonly qofYear: string;
  private readonly practice: number;
  private readonly points: number;

  constructor(private readonly context: ReaderContext) {
    const columns = context.columns!;
    this.practice = columns.require('PRACTICE_CODE');
    this.points = columns.require('REVISED_MAX_POINTS');
    this.qofYear = qofYearOf(context);
  }

  row(row: CsvRow): void {
    const { fields, tally } = this.context;
    const points = fields.decimal(row, this.points, RANGES.qofPoints);
    if (points === null) {
      tally.skip('blank REVISED_MAX_POINTS');
      return;
    }
    this.context.emit({
      kind: 'qof_practice',
      practiceCode: fields.text(row, this.practice, 'a practice code'),
      qofYear: this.qofYear,
      revisedMaxPoints: points,
      achievedPoints: null,
      maxPointsAvailable: null,
      listSize: null,
    });
  }

  finish(): void {}

  period(): string | null {
    return this.qofYear;
  }
}
