// Patients Registered at a GP Practice, 5-year age bands by sex (gp-reg-pat-prac-quin-age.csv).
// GP rows give the population pyramid and, from SEX=ALL / AGE=ALL, the list size; the region, ICB,
// sub-ICB and PCN rows are aggregates of the GP rows and are skipped.

import type { IsoDate } from '../../domain/records.ts';
import type { CsvRow } from '../csv-scanner.ts';
import { RANGES } from '../limits.ts';
import { parseNhsDate } from '../periods.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';

const BAND = /^(\d{1,2})_(\d{1,2})$/;

export const gpRegQuinaryAge: FormatDefinition = {
  id: 'gp-reg-quinary-age',
  name: 'Patients Registered at a GP Practice — 5-year age bands',
  publisher: 'NHS England (NHS Digital)',
  detection: {
    by: 'header',
    requiredColumns: [
      ['EXTRACT_DATE'],
      ['ORG_TYPE'],
      ['ORG_CODE'],
      ['SEX'],
      ['AGE_GROUP_5'],
      ['NUMBER_OF_PATIENTS'],
    ],
  },
  period: { from: 'column', description: 'EXTRACT_DATE (e.g. 2026-07-01 or 01JUL2026)' },
  yields: ['list_size', 'population'],
  create: (context) => new QuinaryAgeReader(context),
};

class QuinaryAgeReader implements FormatReader {
  private readonly extractDate: number;
  private readonly orgType: number;
  private readonly orgCode: number;
  private readonly sex: number;
  private readonly age: number;
  private readonly patients: number;
  private readonly dates = new Map<string, IsoDate>();
  private readonly bands = new Map<string, string>();
  private firstDate: IsoDate | null = null;

  constructor(private readonly context: ReaderContext) {
    const columns = context.columns!;
    this.extractDate = columns.require('EXTRACT_DATE');
    this.orgType = columns.require('ORG_TYPE');
    this.orgCode = columns.require('ORG_CODE');
    this.sex = columns.require('SEX');
    this.age = columns.require('AGE_GROUP_5');
    this.patients = columns.require('NUMBER_OF_PATIENTS');
  }

  row(row: CsvRow): void {
    const { fields, tally } = this.context;
    const orgType = row.text(this.orgType);
    if (orgType.toUpperCase() !== 'GP') {
      tally.skip(`aggregate row (ORG_TYPE ${orgType})`);
      return;
    }
    const practiceCode = fields.text(row, this.orgCode, 'a practice code');
    const extractDate = this.date(row);
    const patients = fields.count(row, this.patients, RANGES.patients);
    const sex = row.text(this.sex).toUpperCase();
    const age = row.text(this.age).toUpperCase();
    if (sex === 'ALL') {
      if (age !== 'ALL') throw fields.error(row, this.age, 'invalid_value', 'ALL when SEX is ALL');
      this.context.emit({ kind: 'list_size', practiceCode, extractDate, patients });
      return;
    }
    if (sex !== 'MALE' && sex !== 'FEMALE')
      throw fields.error(row, this.sex, 'invalid_value', 'MALE, FEMALE or ALL');
    if (age === 'ALL') {
      tally.skip('sex subtotal (AGE_GROUP_5 ALL)');
      return;
    }
    this.context.emit({
      kind: 'population',
      practiceCode,
      extractDate,
      sex: sex === 'MALE' ? 'male' : 'female',
      ageBand: this.band(row, age),
      patients,
    });
  }

  finish(): void {}

  period(): string | null {
    return this.firstDate;
  }

  private date(row: CsvRow): IsoDate {
    const text = row.text(this.extractDate);
    let date = this.dates.get(text);
    if (date === undefined) {
      const parsed = parseNhsDate(text);
      if (parsed === null) {
        throw this.context.fields.error(
          row,
          this.extractDate,
          'invalid_value',
          'a date such as 2026-07-01 or 01JUL2026',
        );
      }
      date = parsed;
      this.dates.set(text, date);
      this.firstDate ??= date;
    }
    return date;
  }

  private band(row: CsvRow, age: string): string {
    let band = this.bands.get(age);
    if (band === undefined) {
      const match = BAND.exec(age);
      if (match) band = `${Number(match[1])}-${Number(match[2])}`;
      else if (/^\d{1,2}\+$/.test(age)) band = age;
      else
        throw this.context.fields.error(
          row,
          this.age,
          'invalid_value',
          'an age band such as 0_4, 90_94 or 95+',
        );
      this.bands.set(age, band);
    }
    return band;
  }
}
