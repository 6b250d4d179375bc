// The slim IMD-by-practice file (imd-2025-by-practice.csv): PRACTICE_CODE, PRACTICE_NAME,
// IMD_YEAR, IMD_SCORE → imd_score. A blank score is skipped; a non-numeric one is an error.

import type { CsvRow } from '../csv-scanner.ts';
import { RANGES } from '../limits.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';

export const imdByPractice: FormatDefinition = {
  id: 'imd-by-practice',
  name: 'IMD score by practice',
  publisher: 'derived from MHCLG IoD and NHS registrations (as published with the data set)',
  detection: { by: 'header', requiredColumns: [['PRACTICE_CODE'], ['IMD_YEAR'], ['IMD_SCORE']] },
  period: { from: 'column', description: 'IMD_YEAR' },
  yields: ['imd_score'],
  create: (context) => new ImdByPracticeReader(context),
};

class ImdByPracticeReader implements FormatReader {
  private readonly practice: number;
  private readonly year: number;
  private readonly score: number;
  private firstYear: string | null = null;

  constructor(private readonly context: ReaderContext) {
    const columns = context.columns!;
    this.practice = columns.require('PRACTICE_CODE');
    this.year = columns.require('IMD_YEAR');
    this.score = columns.require('IMD_SCORE');
  }

  row(row: CsvRow): void {
    const { fields, tally, emit } = this.context;
    const practiceCode = fields.text(row, this.practice, 'a practice code');
    const imdYear = fields.count(row, this.year, RANGES.year);
    this.firstYear ??= String(imdYear);
    const score = fields.decimal(row, this.score, RANGES.value);
    if (score === null) {
      tally.skip('blank IMD_SCORE');
      return;
    }
    emit({ kind: 'imd_score', practiceCode, imdYear, score });
  }

  finish(): void {}

  period(): string | null {
    return this.firstYear;
  }
}
