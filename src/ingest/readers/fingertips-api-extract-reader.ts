// A slim Fingertips API extract (UTF-8 BOM): IndicatorID, Year, AreaCode, AreaName, IsAreaCurrent,
// Value. IMD deprivation indicators (93553) become imd_score with the IMD edition = Year; any other
// indicator becomes an indicator_value with area type `GPs`, sex `Persons` and age `All ages` left
// blank (the extract does not say). Blank values are skipped.

import type { CsvRow } from '../csv-scanner.ts';
import { RANGES } from '../limits.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';
import { IMD_INDICATOR_IDS } from './imd.ts';

export const fingertipsApiExtract: FormatDefinition = {
  id: 'fingertips-api-extract',
  name: 'Fingertips API extract (IndicatorID, Year, AreaCode, Value)',
  publisher: 'OHID (Fingertips)',
  detection: { by: 'header', requiredColumns: [['IndicatorID'], ['Year'], ['AreaCode'], ['Value']] },
  period: { from: 'content', description: 'per row (Year); the batch period lists the years' },
  yields: ['imd_score', 'indicator_value'],
  create: (context) => new ApiExtractReader(context),
};

class ApiExtractReader implements FormatReader {
  private readonly id: number;
  private readonly year: number;
  private readonly area: number;
  private readonly name: number | null;
  private readonly value: number;
  private readonly years = new Set<string>();

  constructor(private readonly context: ReaderContext) {
    const columns = context.columns!;
    this.id = columns.require('IndicatorID');
    this.year = columns.require('Year');
    this.area = columns.require('AreaCode');
    this.name = columns.optional('IndicatorName');
    this.value = columns.require('Value');
  }

  row(row: CsvRow): void {
    const { fields, tally, emit } = this.context;
    const indicatorId = fields.count(row, this.id, RANGES.indicatorId);
    const year = fields.count(row, this.year, RANGES.year);
    const areaCode = fields.text(row, this.area, 'an area code');
    const value = fields.decimal(row, this.value, RANGES.value);
    if (value === null) {
      tally.skip('blank Value');
      return;
    }
    this.years.add(String(year));
    if (IMD_INDICATOR_IDS.has(indicatorId)) {
      emit({ kind: 'imd_score', practiceCode: areaCode, imdYear: year, score: value });
      return;
    }
    emit({
      kind: 'indicator_value',
      indicatorId,
      indicatorName: fields.optionalText(row, this.name) ?? '',
      areaCode,
      areaType: 'GPs',
      sex: '',
      age: '',
      categoryType: '',
      category: '',
      timePeriod: String(year),
      value,
      lower95: null,
      upper95: null,
      lower99_8: null,
      upper99_8: null,
      count: null,
      denominator: null,
      valueNote: null,
    });
  }

  finish(): void {}

  period(): string | null {
    return this.years.size === 0 ? null : [...this.years].sort().join(',');
  }
}
