// ODS epraccur.csv: GP practices and other prescribing cost centres. No header; 27 quoted fields.
// Only GP practices (field 26, prescribing setting, = 4) in England are read; other settings and
// Welsh practices (national grouping W00) are skipped and counted.
//
// The extract date is not in the file: it is the `period` option when given, else the latest date
// that appears anywhere in the file (open, close, join or leave date): 2016-01-xx, 2019-10-xx and
// 2023-12-04 for the three real vintages. Everything is dated by it (organisations and memberships
// are held back and emitted at the end, once it is known), so that newer files win whatever the
// order of import.
//
// What the fields meant changed with the NHS (../shared/spec/data-formats.md §c):
// - field 3 (national grouping) is an NHS England region: the four of 2013–2018 (Y54–Y57) or the
//   seven since (Y56, Y58–Y63);
// - field 4 (high level health geography) held NHS England's area team or local office (Q + two
//   digits, e.g. Q74) until the ICBs came in July 2022 (Q + letters, e.g. QHM). Only an ICB code is
//   kept (as the sub-ICB's ICB); an area team is not an organisation Fairview keeps, and the CCG is
//   then placed directly in its region;
// - field 24 (provider/purchaser) is the commissioner: a CCG before July 2022, a sub-ICB location
//   after (the same level; most kept their codes).
// An active or proposed practice belongs to that commissioner on the extract date and since its
// join date (field 16). A closed practice keeps its last commissioner and dates frozen in later
// files: it belonged to it from the join date to the left date (field 17, else the close date),
// so its membership ends when it closed. Dormant practices get none (field 24 of the one dormant
// practice in the December 2023 file holds `112`, not a sub-ICB).

import type { IsoDate, OrganisationRecord, OrganisationStatus } from '../../domain/records.ts';
import type { CsvRow } from '../csv-scanner.ts';
import { ImportError } from '../import-error.ts';
import { parseNhsDate } from '../periods.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';
import { HierarchyEmitter, isIcbCode, isNhsEnglandRegion } from './hierarchy.ts';

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

interface HeldPractice {
  line: number;
  organisation: OrganisationRecord;
  commissioner: string;
  icb: string;
  region: string;
  joined: IsoDate | null;
  left: IsoDate | null;
}

class EpraccurReader implements FormatReader {
  private latest: IsoDate | null = null;
  private readonly override: IsoDate | null;
  private readonly held: HeldPractice[] = [];

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
    this.held.push({
      line: row.line,
      organisation: {
        kind: 'organisation',
        code,
        organisationKind: 'practice',
        asOf: null, // the extract date, known at the end
        name: fields.optionalText(row, NAME),
        onsCode: null,
        postcode: fields.optionalText(row, POSTCODE),
        openDate: dates[0]!,
        closeDate: dates[1]!,
        status,
        contractType: null,
        rurality: null,
      },
      commissioner: status === 'dormant' ? '' : row.text(COMMISSIONER),
      icb: row.text(HIGH_LEVEL_HEALTH_GEOGRAPHY),
      region: grouping,
      joined: dates[2]!,
      left: dates[3]!,
    });
  }

  finish(): void {
    const extract = this.period();
    if (extract === null) return;
    const hierarchy = new HierarchyEmitter(this.context);
    let areaTeams = 0;
    for (const p of this.held) {
      const o = p.organisation;
      this.context.emit({ ...o, asOf: extract }, p.line);
      if (p.commissioner === '') continue;
      const at = { asOf: extract, line: p.line };
      if (o.status === 'closed') {
        const ended = p.left ?? o.closeDate;
        const from = p.joined ?? ended;
        if (from !== null && from <= extract)
          hierarchy.membership(o.code, 'sub_icb', p.commissioner, from, { ...at, endedOn: ended });
        continue;
      }
      hierarchy.membership(o.code, 'sub_icb', p.commissioner, extract, at);
      if (p.joined !== null && p.joined < extract)
        hierarchy.membership(o.code, 'sub_icb', p.commissioner, p.joined, at);
      const region = isNhsEnglandRegion(p.region) ? p.region : null;
      if (isIcbCode(p.icb)) {
        hierarchy.membership(p.commissioner, 'icb', p.icb, extract, at);
        if (region) hierarchy.membership(p.icb, 'region', region, extract, at);
      } else {
        if (p.icb !== '') areaTeams++;
        if (region) hierarchy.membership(p.commissioner, 'region', region, extract, at);
      }
    }
    if (areaTeams > 0) {
      this.context.tally.notes[
        'practices whose field 4 is an NHS England area team or local office, not an ICB (not kept)'
      ] = areaTeams;
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
