// The standard Fingertips indicator CSV export (27 columns: Indicator ID … Time period range; older
// exports have 26). Every row becomes an indicator_value, except GP rows of an IMD deprivation
// indicator, which become imd_score. Quirk of the real file: rows appended by hand for 2023/24
// have a blank Indicator ID, Sex and Age; they are completed from an earlier row with the same
// Indicator Name (a blank ID with no such row is an error). GP rows say Area Type `GPs`, or `GP` in
// exports before about 2022 (src/domain/indicators/fingertips.ts).

import { isGpAreaType } from '../../domain/indicators/fingertips.ts';
import type { CsvRow } from '../csv-scanner.ts';
import { RANGES } from '../limits.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';
import { IMD_INDICATOR_IDS, imdEditionOf } from './imd.ts';

export const fingertipsIndicatorExport: FormatDefinition = {
  id: 'fingertips-indicator-export',
  name: 'Fingertips indicator data export',
  publisher: 'OHID (Fingertips)',
  detection: {
    by: 'header',
    requiredColumns: [
      ['Indicator ID'],
      ['Indicator Name'],
      ['Area Code'],
      ['Area Type'],
      ['Time period'],
      ['Value'],
    ],
  },
  period: {
    from: 'content',
    description: 'per row (Time period); the batch period is the latest time period',
  },
  yields: ['indicator_value', 'imd_score'],
  create: (context) => new IndicatorExportReader(context),
};

type ExportColumns = ReturnType<typeof exportColumns>;

function exportColumns(columns: NonNullable<ReaderContext['columns']>) {
  return {
    id: columns.require('Indicator ID'),
    name: columns.require('Indicator Name'),
    areaCode: columns.require('Area Code'),
    areaType: columns.require('Area Type'),
    sex: columns.optional('Sex'),
    age: columns.optional('Age'),
    categoryType: columns.optional('Category Type'),
    category: columns.optional('Category'),
    period: columns.require('Time period'),
    sortable: columns.optional('Time period Sortable'),
    value: columns.require('Value'),
    lower95: columns.optional('Lower CI 95.0 limit'),
    upper95: columns.optional('Upper CI 95.0 limit'),
    lower998: columns.optional('Lower CI 99.8 limit'),
    upper998: columns.optional('Upper CI 99.8 limit'),
    count: columns.optional('Count'),
    denominator: columns.optional('Denominator'),
    note: columns.optional('Value note'),
  };
}

interface Completion {
  id: number;
  sex: string;
  age: string;
}

class IndicatorExportReader implements FormatReader {
  private readonly c: ExportColumns;
  private readonly byName = new Map<string, Completion>();
  private latestSortable = -1;
  private latestPeriod: string | null = null;

  constructor(private readonly context: ReaderContext) {
    this.c = exportColumns(context.columns!);
  }

  row(row: CsvRow): void {
    const { fields, emit } = this.context;
    const c = this.c;
    const text = (index: number | null) => (index === null ? '' : row.text(index).trim());
    const indicatorName = fields.text(row, c.name, 'an indicator name');
    let sex = text(c.sex);
    let age = text(c.age);
    let indicatorId: number;
    if (row.isBlank(c.id)) {
      const earlier = this.byName.get(indicatorName);
      if (!earlier) throw fields.error(row, c.id, 'invalid_value', 'an indicator id (a whole number)');
      indicatorId = earlier.id;
      sex ||= earlier.sex;
      age ||= earlier.age;
      this.context.tally.note(
        'blank Indicator ID, Sex or Age completed from a row with the same Indicator Name',
      );
    } else {
      indicatorId = fields.count(row, c.id, RANGES.indicatorId);
      if (!this.byName.has(indicatorName)) this.byName.set(indicatorName, { id: indicatorId, sex, age });
    }
    const timePeriod = fields.text(row, c.period, 'a time period');
    this.notePeriod(row, timePeriod);
    const areaCode = fields.text(row, c.areaCode, 'an area code');
    const areaType = text(c.areaType);
    const value = fields.decimal(row, c.value, RANGES.value);
    const imdYear = IMD_INDICATOR_IDS.has(indicatorId) || imdEditionOf(indicatorName) !== null;
    if (imdYear && isGpAreaType(areaType) && value !== null) {
      emit({
        kind: 'imd_score',
        practiceCode: areaCode,
        imdYear: imdEditionOf(indicatorName) ?? Number.parseInt(timePeriod, 10),
        score: value,
      });
      return;
    }
    emit({
      kind: 'indicator_value',
      indicatorId,
      indicatorName,
      areaCode,
      areaType,
      sex,
      age,
      categoryType: text(c.categoryType),
      category: text(c.category),
      timePeriod,
      value,
      lower95: fields.decimal(row, c.lower95, RANGES.value),
      upper95: fields.decimal(row, c.upper95, RANGES.value),
      lower99_8: fields.decimal(row, c.lower998, RANGES.value),
      upper99_8: fields.decimal(row, c.upper998, RANGES.value),
      count: fields.decimal(row, c.count, RANGES.fingertipsCount),
      denominator: fields.decimal(row, c.denominator, RANGES.fingertipsCount),
      valueNote: fields.optionalText(row, c.note),
    });
  }

  finish(): void {}

  period(): string | null {
    return this.latestPeriod;
  }

  private notePeriod(row: CsvRow, timePeriod: string): void {
    const sortableIndex = this.c.sortable;
    const sortable =
      sortableIndex === null || row.isBlank(sortableIndex)
        ? Number.parseInt(timePeriod, 10) * 10000
        : Number(row.text(sortableIndex));
    if (Number.isFinite(sortable) && sortable > this.latestSortable) {
      this.latestSortable = sortable;
      this.latestPeriod = timePeriod;
    }
  }
}
