// Legacy quarterly practice list sizes (Patient_List_Size_2013_04-06.csv … 2016_01-03.csv):
// one row per practice with patients by sex × 10-year band (0-4, 5-14 … 75+). The list size is
// the sum of the bands. Rows whose every band is zero are cost centres that are not practices
// (outreach services, drug services) and are skipped. The snapshot date is not in the file: it is
// the first day of the quarter named in the file name (2013_04-06 → 2013-04-01), or the `period`.
//
// Each row also names the practice's commissioner ("PCO": the CCG from April 2013, written with a
// `00` suffix as in the prescribing files, `07L00` → 07L) and NHS England region (Y54–Y57), which
// become memberships observed on the quarter's date: the only record of many practices' CCGs
// before 2016. The area team columns (Q + two digits) are not kept: Fairview keeps no area teams.

import type { IsoDate } from '../../domain/records.ts';
import type { CsvRow } from '../csv-scanner.ts';
import { ImportError } from '../import-error.ts';
import { RANGES } from '../limits.ts';
import { parseNhsDate } from '../periods.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';
import { HierarchyEmitter, isNhsEnglandRegion } from './hierarchy.ts';

const BANDS = ['0-4', '5-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+'];

export const gpRegLegacyQuarterly: FormatDefinition = {
  id: 'gp-reg-legacy-quarterly',
  name: 'Quarterly practice list sizes by sex and 10-year band (2013–2016)',
  publisher: 'NHS England (Health and Social Care Information Centre)',
  detection: {
    by: 'header',
    requiredColumns: [['Practice Code'], ['Male 0-4'], ['Female 0-4'], ['Male 75+'], ['Female 75+']],
  },
  period: {
    from: 'file-name',
    description: 'first day of the quarter in the file name (…_2013_04-06.csv), or --period',
  },
  yields: ['organisation', 'membership', 'list_size', 'population'],
  create: (context) => new LegacyQuarterlyReader(context),
};

class LegacyQuarterlyReader implements FormatReader {
  private readonly extractDate: IsoDate;
  private readonly practice: number;
  private readonly name: number | null;
  private readonly pco: number | null;
  private readonly pcoName: number | null;
  private readonly region: number | null;
  private readonly regionName: number | null;
  private readonly hierarchy: HierarchyEmitter;
  private readonly male: number[];
  private readonly female: number[];

  constructor(private readonly context: ReaderContext) {
    const columns = context.columns!;
    this.practice = columns.require('Practice Code');
    this.name = columns.optional('Practice Name');
    this.pco = columns.optional('PCO Code');
    this.pcoName = columns.optional('PCO Name');
    this.region = columns.optional('Regional Office Code');
    this.regionName = columns.optional('Regional Office Name');
    this.hierarchy = new HierarchyEmitter(context);
    this.male = BANDS.map((band) => columns.require(`Male ${band}`));
    this.female = BANDS.map((band) => columns.require(`Female ${band}`));
    this.extractDate = extractDateOf(context);
  }

  row(row: CsvRow): void {
    const { fields, tally, emit } = this.context;
    const practiceCode = fields.text(row, this.practice, 'a practice code');
    const male = this.male.map((index) => fields.count(row, index, RANGES.patients));
    const female = this.female.map((index) => fields.count(row, index, RANGES.patients));
    let total = 0;
    for (const n of male) total += n;
    for (const n of female) total += n;
    if (total === 0) {
      tally.skip('no registered patients (not a practice)');
      return;
    }
    const date = this.extractDate;
    this.hierarchy.organisation(
      'practice',
      { code: practiceCode, name: fields.optionalText(row, this.name) },
      date,
    );
    const pco = commissionerCode(fields.optionalText(row, this.pco));
    if (pco !== null) {
      this.hierarchy.organisation(
        'sub_icb',
        { code: pco, name: fields.optionalText(row, this.pcoName) },
        date,
      );
      this.hierarchy.membership(practiceCode, 'sub_icb', pco, date);
      const region = fields.optionalText(row, this.region);
      if (region !== null && isNhsEnglandRegion(region)) {
        this.hierarchy.organisation(
          'region',
          { code: region, name: fields.optionalText(row, this.regionName) },
          date,
        );
        this.hierarchy.membership(pco, 'region', region, date);
      }
    }
    emit({ kind: 'list_size', practiceCode, extractDate: this.extractDate, patients: total });
    BANDS.forEach((ageBand, i) => {
      emit({
        kind: 'population',
        practiceCode,
        extractDate: this.extractDate,
        sex: 'male',
        ageBand,
        patients: male[i]!,
      });
      emit({
        kind: 'population',
        practiceCode,
        extractDate: this.extractDate,
        sex: 'female',
        ageBand,
        patients: female[i]!,
      });
    });
  }

  finish(): void {}

  period(): string | null {
    return this.extractDate;
  }
}

/** `07L00` → `07L` (a CCG written as in the prescribing files); other codes as they are. */
function commissionerCode(code: string | null): string | null {
  if (code === null) return null;
  return /^[0-9A-Z]{3}00$/.test(code) ? code.slice(0, 3) : code;
}

function extractDateOf(context: ReaderContext): IsoDate {
  if (context.options.period) {
    const date = parseNhsDate(context.options.period);
    if (date !== null) return date;
  } else {
    const match = /(\d{4})_(\d{2})-(\d{2})/.exec(context.entryName);
    const date = match ? parseNhsDate(`${match[1]}-${match[2]}-01`) : null;
    if (date !== null) return date;
  }
  throw new ImportError({
    code: 'invalid_value',
    file: context.file,
    line: null,
    column: null,
    expected:
      'a quarter in the file name (Patient_List_Size_2013_04-06.csv) or an extract date as the period',
    found: context.options.period ?? context.entryName,
  });
}
