// NHS Payments to General Practice (one row per practice per financial year). Every numeric
// payment column becomes a payment line named by its published column (blank cells give no line);
// the practice's contract type, rurality, postcode and dates become an organisation update.
// Not payment lines: patient numbers ("Number of …") and averages ("Average payments per …"). The
// registered and weighted lists ("Number of Registered / Weighted Patients (Last Known Figure)")
// become list figures (table practice_list_figure), dated to the first day of the quarter they
// describe: the 2014-15 layout's "Quarter used for patient data" (Q1 = 1 April … Q4 = 1 January),
// else the year's last quarter (1 January), which is how later files take the last known figure.
// The financial year is not in the rows: it comes from the file name (…-2022-23.csv) or --period;
// the organisation facts are dated 31 March, the end of that year.
//
// Layouts (matched by name): 2014-15 has the CCG but no rurality, and a "Quarter used for patient
// data" (text); 2021-22 adds the PCN and rurality; 2022-23 names the sub-ICB. Rurality is read
// where the file has it.

import type { IsoDate } from '../../domain/records.ts';
import type { CsvRow } from '../csv-scanner.ts';
import { ImportError } from '../import-error.ts';
import { RANGES } from '../limits.ts';
import { financialYearEnd, financialYearFromFileName, parseFinancialYear, parseNhsDate } from '../periods.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';

/** Descriptive columns of the 2022-23 layout (matched by name); every other column is a payment line. */
const DESCRIPTIVE = [
  'NHS England (Region) code',
  'NHS England (Region) Name',
  'CCG Code',
  'Sub ICB NAME',
  'Code',
  'CCG NAME',
  'Practice Code',
  'Practice Name',
  'Practice Address',
  'Practice Postcode',
  'Practice Open Date',
  'Practice Close Date',
  'Contract Type',
  'Dispensing Practice',
  'Practice type',
  'Practice Rurality',
  'Atypical characteristics',
  'PCN Code',
  'PCN Name',
  'Quarter used for patient data',
].map((name) => name.toUpperCase());

const NOT_PAYMENTS = /^(number of|average payments)/i;

export const nhsPayments: FormatDefinition = {
  id: 'nhs-payments',
  name: 'NHS Payments to General Practice',
  publisher: 'NHS England',
  detection: {
    by: 'header',
    requiredColumns: [['Practice Code'], ['Contract Type'], ['Global Sum']],
  },
  period: {
    from: 'file-name',
    description: 'financial year from the file name (…-2022-23.csv), or --period',
  },
  yields: ['payment', 'organisation', 'list_figure'],
  create: (context) => new PaymentsReader(context),
};

class PaymentsReader implements FormatReader {
  private readonly financialYear: string;
  private readonly practice: number;
  private readonly name: number | null;
  private readonly postcode: number | null;
  private readonly openDate: number | null;
  private readonly closeDate: number | null;
  private readonly contractType: number;
  private readonly rurality: number | null;
  private readonly lines: { index: number; line: string }[] = [];
  private readonly registered: number | null;
  private readonly weighted: number | null;
  private readonly quarter: number | null;

  constructor(private readonly context: ReaderContext) {
    const columns = context.columns!;
    this.practice = columns.require('Practice Code');
    this.name = columns.optional('Practice Name');
    this.postcode = columns.optional('Practice Postcode');
    this.openDate = columns.optional('Practice Open Date');
    this.closeDate = columns.optional('Practice Close Date');
    this.contractType = columns.require('Contract Type');
    this.rurality = columns.optional('Practice Rurality');
    this.registered = columns.optional('Number of Registered Patients (Last Known Figure)');
    this.weighted = columns.optional('Number of Weighted Patients (Last Known Figure)');
    this.quarter = columns.optional('Quarter used for patient data');
    columns.names.forEach((raw, index) => {
      const line = raw
        .replace(/^\uFEFF/, '')
        .replace(/\s+/g, ' ')
        .trim();
      if (line === '' || DESCRIPTIVE.includes(line.toUpperCase()) || NOT_PAYMENTS.test(line)) return;
      this.lines.push({ index, line });
    });
    this.financialYear = yearOf(context);
  }

  row(row: CsvRow): void {
    const { fields, emit } = this.context;
    const practiceCode = fields.text(row, this.practice, 'a practice code');
    const contractType = fields.optionalText(row, this.contractType);
    emit({
      kind: 'organisation',
      code: practiceCode,
      organisationKind: 'practice',
      asOf: financialYearEnd(this.financialYear),
      name: fields.optionalText(row, this.name),
      onsCode: null,
      postcode: fields.optionalText(row, this.postcode),
      openDate: this.date(row, this.openDate),
      closeDate: this.date(row, this.closeDate),
      status: null,
      contractType: contractType === null || /^unknown$/i.test(contractType) ? null : contractType,
      rurality: fields.optionalText(row, this.rurality),
    });
    const extractDate = this.listDate(row);
    for (const [measure, index] of [
      ['registered', this.registered],
      ['weighted', this.weighted],
    ] as const) {
      if (index === null) continue;
      const patients = fields.decimal(row, index, RANGES.pounds, { thousands: true });
      if (patients === null || patients <= 0) continue;
      const column = measure === 'registered' ? 'Registered' : 'Weighted';
      emit({
        kind: 'list_figure',
        practiceCode,
        extractDate,
        measure,
        patients,
        label: `NHS Payments to General Practice ${this.financialYear}, Number of ${column} Patients (Last Known Figure) at ${extractDate}`,
      });
    }
    for (const { index, line } of this.lines) {
      const amount = fields.decimal(row, index, RANGES.pounds, { thousands: true });
      if (amount === null) continue;
      emit({ kind: 'payment', practiceCode, financialYear: this.financialYear, line, amount });
    }
  }

  finish(): void {}

  period(): string | null {
    return this.financialYear;
  }

  /** The first day of the quarter the file's patient numbers describe. */
  private listDate(row: CsvRow): IsoDate {
    const start = Number(this.financialYear.slice(0, 4));
    const said = this.quarter === null || row.isBlank(this.quarter) ? '' : row.text(this.quarter);
    const q = /Q([1-4])/i.exec(said);
    const quarter = q ? Number(q[1]) : 4;
    return ['', `${start}-04-01`, `${start}-07-01`, `${start}-10-01`, `${start + 1}-01-01`][quarter]!;
  }

  private date(row: CsvRow, index: number | null): IsoDate | null {
    if (index === null || row.isBlank(index)) return null;
    // 2014-15 writes `-` for "no date".
    if (row.text(index) === '-') return null;
    const date = parseNhsDate(row.text(index));
    if (date === null) throw this.context.fields.error(row, index, 'invalid_value', 'a date as DD/MM/YYYY');
    return date;
  }
}

function yearOf(context: ReaderContext): string {
  const fromOption = context.options.period ? parseFinancialYear(context.options.period) : null;
  const fromName = /(20\d{2})[-_](\d{2})(?!\d)/.exec(context.entryName);
  const year = fromOption ?? (fromName ? parseFinancialYear(`${fromName[1]}-${fromName[2]}`) : null);
  if (year === null) {
    const alt = financialYearFromFileName(context.entryName);
    if (alt !== null) return alt;
    throw new ImportError({
      code: 'invalid_value',
      file: context.file,
      line: null,
      column: null,
      expected: 'a financial year in the file name (…-2022-23.csv) or given as the period',
      found: context.options.period ?? context.entryName,
    });
  }
  return year;
}
