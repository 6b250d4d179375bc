// QOF indicator mappings (INDICATOR_MAPPINGS_1819_v2.csv, INDICATOR_MAPPINGS_2019_2020.csv …,
// MAPPING_INDICATORS_<yyzz>.csv): each indicator's points, register group and domain for a QOF
// year. Only the 2018-19 layout has INDICATOR_DESCRIPTION (and INDICATOR_GROUP_* names). That real
// file is Windows-1252 (curly quotes), so this format allows the Windows-1252 fallback.

import type { CsvRow } from '../csv-scanner.ts';
import { RANGES } from '../limits.ts';
import type { FormatDefinition, FormatReader, ReaderContext } from '../reader.ts';
import { qofYearOf } from './qof-prevalence-reader.ts';

export const qofIndicatorMappings: FormatDefinition = {
  id: 'qof-indicator-mappings',
  name: 'QOF indicator mappings',
  publisher: 'NHS England (NHS Digital)',
  detection: {
    by: 'header',
    requiredColumns: [
      ['INDICATOR_CODE'],
      ['INDICATOR_POINT_VALUE'],
      ['GROUP_CODE', 'INDICATOR_GROUP_CODE'],
      ['DOMAIN_CODE'],
    ],
  },
  period: {
    from: 'file-name',
    description: 'QOF year from the file name (…_2019_2020.csv, …_1819_v2.csv), or --period',
  },
  yields: ['qof_indicator'],
  invalidUtf8: 'windows-1252',
  create: (context) => new IndicatorMappingsReader(context),
};

class IndicatorMappingsReader implements FormatReader {
  private readonly qofYear: string;
  private readonly code: number;
  private readonly description: number | null;
  private readonly points: number;
  private readonly group: number;
  private readonly groupDescription: number | null;
  private readonly domain: number;
  private readonly listType: number | null;

  constructor(private readonly context: ReaderContext) {
    const columns = context.columns!;
    this.code = columns.require('INDICATOR_CODE');
    this.description = columns.optional('INDICATOR_DESCRIPTION');
    this.points = columns.require('INDICATOR_POINT_VALUE');
    this.group = columns.require('GROUP_CODE', 'INDICATOR_GROUP_CODE');
    this.groupDescription = columns.optional('GROUP_DESCRIPTION', 'INDICATOR_GROUP_DESCRIPTION');
    this.domain = columns.require('DOMAIN_CODE');
    this.listType = columns.optional('PATIENT_LIST_TYPE');
    this.qofYear = qofYearOf(context);
  }

  row(row: CsvRow): void {
    const { fields } = this.context;
    const points = fields.decimal(row, this.points, RANGES.qofIndicatorPoints);
    this.context.emit({
      kind: 'qof_indicator',
      qofYear: this.qofYear,
      indicatorCode: fields.text(row, this.code, 'an indicator code'),
      description: fields.optionalText(row, this.description),
      groupCode: fields.optionalText(row, this.group),
      groupDescription: fields.optionalText(row, this.groupDescription)?.replace(/\s+/g, ' ') ?? null,
      domain: fields.optionalText(row, this.domain),
      points,
      lowerThreshold: null,
      upperThreshold: null,
      patientListType: fields.optionalText(row, this.listType),
    });
  }

  finish(): void {}

  period(): string | null {
    return this.qofYear;
  }
}
