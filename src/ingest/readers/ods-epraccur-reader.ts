// ODS epraccur.csv: GP practices and other prescribing cost centres. No header; 27 quoted fields.
// Only GP practices (field 26, prescribing setting, = 4) in England are read; other settings and
// Welsh practices (national grouping W00) are skipped and counted.
//
// The extract date is not in the file. Memberships (practice → sub-ICB from field 24, sub-ICB →
// ICB from field 4, ICB → region from field 3) are observed on the `period` option when given,
// else on the latest date that appears anywhere in the file (open, close, join or leave date):
// for the December 2023 file that is 2023-12-04. They are held back and emitted at the end, once
// that date is known. Only active and proposed practices get a membership (field 24 of the one
// dormant practice in the December 2023 file holds `112`, not a sub-ICB).

import type { IsoDate, OrganisationStatus } from '../../domain/records.ts';
import type { CsvRow } from '../csv-scanner.ts';
import { ImportError } from '../import-error.ts';
import { parseNhsDate } from '../periods.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';
import { HierarchyEmitter } from './hierarchy.ts';

const FIELD_COUNT = 27;
const CODE = 0;
const NAME = 1;
const NATIONAL_GROUPING = 2;
const HIGH_LEVEL_HEALTH_GEOGRAPHY = 3;
const POSTCODE = 9;
const OPEN_DATE = 10;
const CLOSE_DATE = 11;
const STATUS = 12;
const JOIN_PARENT_DATE = 15;
const LEFT_PARENT_DATE = 16;
const COMMISSIONER = 23;
const PRESCRIBING_SETTING = 25;
const DATE_FIELDS = [OPEN_DATE, CLOSE_DATE, JOIN_PARENT_DATE, LEFT_PARENT_DATE];

const STATUSES: Record<string, OrganisationStatus> = {
  A: 'active',
  C: 'closed',
  D: 'dormant',
  P: 'proposed',
};

const COLUMN_NAMES = [
  'Organisation code',
  'Name',
  'National grouping',
  'High level health geography',
  'Address line 1',
  'Address line 2',
  'Address line 3',
  'Address line 4',
  'Address line 5',
  'Postcode',
  'Open date',
  'Close date',
  'Status code',
  'Organisation sub-type code',
  'Commissioner',
  'Join provider/purchaser date',
  'Left provider/purchaser date',
  'Contact telephone number',
  'Null 19',
  'Null 20',
  'Null 21',
  'Amended record indicator',
  'Null 23',
  'Provider/purchaser',
  'Null 25',
  'Prescribing setting',
  'Null 27',
];

export const odsEpraccur: FormatDefinition = {
  id: 'ods-epraccur',
  name: 'ODS GP practices and prescribing cost centres (epraccur)',
  publisher: 'NHS England (ODS)',
  detection: {
    by: 'shape',
    fieldCount: FIELD_COUNT,
    description: 'no header; 27 fields; the first an organisation code, the 11th a YYYYMMDD date or empty',
  },
  period: { from: 'content', description: 'the latest date in the file, or --period (an extract date)' },
  yields: ['organisation', 'membership'],
  columnNames: COLUMN_NAMES.map((name, i) => `${i + 1} (${name})`),
  matchesShape: (row) =>
    row.length === FIELD_COUNT &&
    /^[A-Z0-9]{3,8}$/.test(row.text(CODE)) &&
    /^(\d{8})?$/.test(row.text(OPEN_DATE)) &&
    /^[ACDP]?$/.test(row.text(STATUS)),
  create: (context) => new EpraccurReader(context),
};

interface HeldMembership {
  practice: string;
  subIcb: string;
  icb: string;
  region: string;
}

class EpraccurReader implements FormatReader {
  private latest: IsoDate | null = null;
  private readonly override: IsoDate | null;
  private readonly held: HeldMembership[] = [];

  constructor(private readonly context: ReaderContext) {
    this.override = context.options.period ? parseNhsDate(context.options.period) : null;
    if (context.options.period && this.override === null) {
      throw new ImportError({
        code: 'invalid_value',
        file: context.file,
        line: null,
        column: null,
        expected: 'an extract date such as 2023-12-01 as the period',
        found: context.options.period,
      });
    }
  }

  row(row: CsvRow): void {
    const { fields, tally } = this.context;
    if (row.length !== FIELD_COUNT) {
      throw fields.error(
        row,
        Math.min(row.length, FIELD_COUNT) - 1,
        'wrong_field_count',
        `${FIELD_COUNT} fields`,
        `${row.length} fields`,
      );
    }
    const dates = DATE_FIELDS.map((index) => this.date(row, index));
    for (const date of dates)
      if (date !== null && (this.latest === null || date > this.latest)) this.latest = date;
    const setting = row.text(PRESCRIBING_SETTING);
    if (setting !== '4') {
      tally.skip(`not a GP practice (prescribing setting ${setting || 'blank'})`);
      return;
    }
    const grouping = row.text(NATIONAL_GROUPING);
    if (grouping === 'W00') {
      tally.skip('Welsh practice (national grouping W00)');
      return;
    }
    const statusCode = row.text(STATUS);
    const status = STATUSES[statusCode];
    if (status === undefined) throw fields.error(row, STATUS, 'invalid_value', 'a status A, C, D or P');
    const code = fields.text(row, CODE, 'an organisation code');
    this.context.emit({
      kind: 'organisation',
      code,
      organisationKind: 'practice',
      name: fields.optionalText(row, NAME),
      onsCode: null,
      postcode: fields.optionalText(row, POSTCODE),
      openDate: dates[0]!,
      closeDate: dates[1]!,
      status,
      contractType: null,
      rurality: null,
    });
    if (status === 'closed' || status === 'dormant') return;
    const subIcb = row.text(COMMISSIONER);
    if (subIcb === '') return;
    this.held.push({ practice: code, subIcb, icb: row.text(HIGH_LEVEL_HEALTH_GEOGRAPHY), region: grouping });
  }

  finish(): void {
    const observedOn = this.period();
    if (observedOn === null) return;
    const hierarchy = new HierarchyEmitter(this.context);
    for (const m of this.held) {
      hierarchy.membership(m.practice, 'sub_icb', m.subIcb, observedOn);
      if (m.icb !== '') hierarchy.membership(m.subIcb, 'icb', m.icb, observedOn);
      if (m.icb !== '' && m.region !== '') hierarchy.membership(m.icb, 'region', m.region, observedOn);
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
