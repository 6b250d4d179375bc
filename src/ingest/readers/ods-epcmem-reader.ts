// ODS epcmem.csv: each GP practice's commissioners over time, with no header and six quoted fields:
// practice, commissioner, `W`, join date, leave date (empty while it lasts), `0`. The commissioner is
// a primary care group or trust before April 2013 (4QP36, 5E1) and a CCG or sub-ICB location after
// (00K, 16C): Fairview keeps them all at the commissioner level ('sub_icb'). Each row is one
// membership from its join date to its leave date (its last day), so the history needs no extracts.
//
// The extract date is not in the file: the `period` option, else the latest date in it. Rows are
// held back and emitted at the end, dated by it (newest wins, src/app/import/newest-wins.ts).

import type { IsoDate } from '../../domain/records.ts';
import type { CsvRow } from '../csv-scanner.ts';
import { ImportError } from '../import-error.ts';
import { parseNhsDate } from '../periods.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';
import { HierarchyEmitter } from './hierarchy.ts';

const FIELD_COUNT = 6;
const PRACTICE = 0;
const COMMISSIONER = 1;
const JOINED = 3;
const LEFT = 4;

const COLUMN_NAMES = ['Practice', 'Commissioner', 'Relationship type', 'Join date', 'Leave date', 'Null 6'];

export const odsEpcmem: FormatDefinition = {
  id: 'ods-epcmem',
  name: 'ODS GP practice commissioner memberships (epcmem)',
  publisher: 'NHS England (ODS)',
  detection: {
    by: 'shape',
    fieldCount: FIELD_COUNT,
    description:
      'no header; 6 fields: a practice code, a commissioner code, W, a YYYYMMDD join date, a leave date or empty, 0',
  },
  period: { from: 'content', description: 'the latest date in the file, or --period (an extract date)' },
  yields: ['membership'],
  columnNames: COLUMN_NAMES.map((name, i) => `${i + 1} (${name})`),
  matchesShape: (row) =>
    row.length === FIELD_COUNT &&
    /^[A-Z]\d{5}$/.test(row.text(PRACTICE)) &&
    /^[A-Z0-9]{3,5}$/.test(row.text(COMMISSIONER)) &&
    /^\d{8}$/.test(row.text(JOINED)) &&
    /^(\d{8})?$/.test(row.text(LEFT)),
  create: (context) => new EpcmemReader(context),
};

interface Held {
  line: number;
  practice: string;
  commissioner: string;
  joined: IsoDate;
  left: IsoDate | null;
}

class EpcmemReader implements FormatReader {
  private latest: IsoDate | null = null;
  private readonly override: IsoDate | null;
  private readonly held: Held[] = [];

  constructor(private readonly context: ReaderContext) {
    this.override = context.options.period ? parseNhsDate(context.options.period) : null;
    if (context.options.period && this.override === null) {
      throw new ImportError({
        code: 'invalid_value',
        file: context.file,
        line: null,
        column: null,
        expected: 'an extract date such as 2019-10-01 as the period',
        found: context.options.period,
      });
    }
  }

  row(row: CsvRow): void {
    const { fields } = this.context;
    const joined = this.date(row, JOINED);
    if (joined === null) throw fields.error(row, JOINED, 'invalid_value', 'a join date as YYYYMMDD');
    const left = this.date(row, LEFT);
    for (const d of [joined, left])
      if (d !== null && (this.latest === null || d > this.latest)) this.latest = d;
    if (left !== null && left < joined)
      throw fields.error(row, LEFT, 'invalid_value', `a leave date on or after the join date ${joined}`);
    this.held.push({
      line: row.line,
      practice: fields.text(row, PRACTICE, 'a practice code'),
      commissioner: fields.text(row, COMMISSIONER, 'a commissioner code'),
      joined,
      left,
    });
  }

  finish(): void {
    const extract = this.period();
    if (extract === null) return;
    const hierarchy = new HierarchyEmitter(this.context);
    for (const m of this.held) {
      if (m.joined > extract) continue;
      hierarchy.membership(m.practice, 'sub_icb', m.commissioner, m.joined, {
        asOf: extract,
        endedOn: m.left,
        line: m.line,
      });
    }
  }

  period(): string | null {
    return this.override ?? this.latest;
  }

  private date(row: CsvRow, index: number): IsoDate | null {
    const text = row.text(index);
    if (text === '') return null;
    const date = /^\d{8}$/.test(text) ? parseNhsDate(text) : null;
    if (date === null) throw this.context.fields.error(row, index, 'invalid_value', 'a date as YYYYMMDD');
    return date;
  }
}
