// Patients Registered at a GP Practice, the single-year-of-age and all-persons files
// (gp-reg-pat-prac-sing-age-{male,female}.csv, gp-reg-pat-prac-all.csv; data-formats.md §b):
//
//   PUBLICATION,EXTRACT_DATE,TYPE|ORG_TYPE,[CCG_CODE,ONS_CCG_CODE | SUB_ICB_LOCATION_CODE,…,]
//   CODE|ORG_CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS
//
// The location columns vary by year (CCG_* to 2021, SUB_ICB_LOCATION_* after) and are matched by
// name. For GP rows:
// - SEX ALL, AGE ALL → the list size (the all-persons file is only these rows);
// - SEX MALE/FEMALE, AGE 0 … 94, 95+ → the population, summed into Fairview's five-year bands
//   (0-4 … 90-94, 95+) so that it compares with the quinary file; emitted once the file is read;
// - SEX MALE/FEMALE, AGE ALL → a subtotal, skipped;
// - the CCG / sub-ICB code → the practice's membership on the extract date; POSTCODE → its postcode.

import type { IsoDate, Sex } from '../../domain/records.ts';
import type { CsvRow } from '../csv-scanner.ts';
import { RANGES } from '../limits.ts';
import { parseNhsDate } from '../periods.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';
import { HierarchyEmitter } from './hierarchy.ts';

export const gpRegSingleAge: FormatDefinition = {
  id: 'gp-reg-single-age',
  name: 'Patients Registered at a GP Practice — single year of age, or all persons',
  publisher: 'NHS England (NHS Digital)',
  detection: {
    by: 'header',
    requiredColumns: [
      ['EXTRACT_DATE'],
      ['TYPE', 'ORG_TYPE'],
      ['CODE', 'ORG_CODE'],
      ['SEX'],
      ['AGE'],
      ['NUMBER_OF_PATIENTS'],
    ],
  },
  period: { from: 'column', description: 'EXTRACT_DATE (e.g. 01JAN2021)' },
  yields: ['list_size', 'population', 'organisation', 'membership'],
  create: (context) => new SingleAgeReader(context),
};

/** The five-year band of a single year of age: 0–4 → `0-4` … 90–94 → `90-94`, 95+ → `95+`. */
export function quinaryBand(age: number): string {
  if (age >= 95) return '95+';
  const start = age - (age % 5);
  return `${start}-${start + 4}`;
}

class SingleAgeReader implements FormatReader {
  private readonly extractDate: number;
  private readonly type: number;
  private readonly code: number;
  private readonly postcode: number | null;
  private readonly commissioner: number | null;
  private readonly sex: number;
  private readonly age: number;
  private readonly patients: number;
  private readonly hierarchy: HierarchyEmitter;
  private readonly dates = new Map<string, IsoDate>();
  /** practice|date|sex|band → patients, and the first line each came from. */
  private readonly bands = new Map<string, { patients: number; line: number }>();
  private firstDate: IsoDate | null = null;

  constructor(private readonly context: ReaderContext) {
    const columns = context.columns!;
    this.extractDate = columns.require('EXTRACT_DATE');
    this.type = columns.require('ORG_TYPE', 'TYPE');
    this.code = columns.require('ORG_CODE', 'CODE');
    this.postcode = columns.optional('POSTCODE');
    this.commissioner = columns.optional('SUB_ICB_LOCATION_CODE', 'CCG_CODE');
    this.sex = columns.require('SEX');
    this.age = columns.require('AGE');
    this.patients = columns.require('NUMBER_OF_PATIENTS');
    this.hierarchy = new HierarchyEmitter(context);
  }

  row(row: CsvRow): void {
    const { fields, tally, emit } = this.context;
    const type = row.text(this.type);
    if (type.toUpperCase() !== 'GP') {
      tally.skip(`aggregate row (${type})`);
      return;
    }
    const practiceCode = fields.text(row, this.code, 'a practice code');
    const extractDate = this.date(row);
    const patients = fields.count(row, this.patients, RANGES.patients);
    const sex = row.text(this.sex).toUpperCase();
    const age = row.text(this.age).toUpperCase();
    this.hierarchy.organisation(
      'practice',
      { code: practiceCode, postcode: fields.optionalText(row, this.postcode) },
      extractDate,
    );
    const commissioner = fields.optionalText(row, this.commissioner);
    if (commissioner !== null) this.hierarchy.membership(practiceCode, 'sub_icb', commissioner, extractDate);
    if (sex === 'ALL') {
      if (age !== 'ALL') throw fields.error(row, this.age, 'invalid_value', 'ALL when SEX is ALL');
      emit({ kind: 'list_size', practiceCode, extractDate, patients });
      return;
    }
    if (sex !== 'MALE' && sex !== 'FEMALE')
      throw fields.error(row, this.sex, 'invalid_value', 'MALE, FEMALE or ALL');
    if (age === 'ALL') {
      tally.skip('sex subtotal (AGE ALL)');
      return;
    }
    const years = /^(\d{1,2})\+?$/.exec(age);
    if (!years || (age.endsWith('+') && years[1] !== '95'))
      throw fields.error(row, this.age, 'invalid_value', 'an age 0 to 94, 95+ or ALL');
    const key = `${practiceCode}|${extractDate}|${sex}|${quinaryBand(Number(years[1]))}`;
    const band = this.bands.get(key);
    if (band) band.patients += patients;
    else this.bands.set(key, { patients, line: row.line });
  }

  finish(): void {
    for (const [key, { patients, line }] of this.bands) {
      const [practiceCode, extractDate, sex, ageBand] = key.split('|') as [string, IsoDate, string, string];
      this.context.emit(
        {
          kind: 'population',
          practiceCode,
          extractDate,
          sex: sex.toLowerCase() as Sex,
          ageBand,
          patients,
        },
        line,
      );
    }
  }

  period(): string | null {
    return this.firstDate;
  }

  private date(row: CsvRow): IsoDate {
    const text = row.text(this.extractDate);
    let date = this.dates.get(text);
    if (date === undefined) {
      const parsed = parseNhsDate(text);
      if (parsed === null) {
        throw this.context.fields.error(row, this.extractDate, 'invalid_value', 'a date such as 01JAN2021');
      }
      date = parsed;
      this.dates.set(text, date);
      this.firstDate ??= date;
    }
    return date;
  }
}
