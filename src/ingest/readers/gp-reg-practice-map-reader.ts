// Patients Registered at a GP Practice — the practice mapping file (gp-reg-pat-prac-map.csv):
// practice → PCN → sub-ICB → ICB → region with ODS codes, ONS codes and names, observed on the
// file's EXTRACT_DATE. Older maps name the levels CCG / STP / REGION; both are accepted.

import type { IsoDate } from '../../domain/records.ts';
import type { CsvRow } from '../csv-scanner.ts';
import { parseNhsDate } from '../periods.ts';
import type { FormatDefinition } from '../reader.ts';
import { HierarchyFileReader } from './hierarchy-file-reader.ts';

export const gpRegPracticeMap: FormatDefinition = {
  id: 'gp-reg-practice-map',
  name: 'Patients Registered at a GP Practice — practice mapping',
  publisher: 'NHS England (NHS Digital)',
  detection: {
    by: 'header',
    requiredColumns: [
      ['EXTRACT_DATE'],
      ['PRACTICE_CODE'],
      ['PCN_CODE'],
      ['SUB_ICB_LOCATION_CODE', 'CCG_CODE'],
      ['ICB_CODE', 'STP_CODE'],
    ],
  },
  period: { from: 'column', description: 'EXTRACT_DATE' },
  yields: ['organisation', 'membership'],
  create: (context) => {
    const columns = context.columns!;
    const dateColumn = columns.require('EXTRACT_DATE');
    const dates = new Map<string, IsoDate>();
    const dateOf = (row: CsvRow): IsoDate => {
      const text = row.text(dateColumn);
      let date = dates.get(text);
      if (date === undefined) {
        const parsed = parseNhsDate(text);
        if (parsed === null) {
          throw context.fields.error(
            row,
            dateColumn,
            'invalid_value',
            'a date such as 01JUL2026 or 2026-07-01',
          );
        }
        date = parsed;
        dates.set(text, date);
      }
      return date;
    };
    return new HierarchyFileReader(
      context,
      {
        practice: { code: ['PRACTICE_CODE'], name: ['PRACTICE_NAME'], postcode: ['PRACTICE_POSTCODE'] },
        pcn: { code: ['PCN_CODE'], name: ['PCN_NAME'] },
        subIcb: {
          code: ['SUB_ICB_LOCATION_CODE', 'CCG_CODE'],
          ons: ['ONS_SUB_ICB_LOCATION_CODE', 'ONS_CCG_CODE'],
          name: ['SUB_ICB_LOCATION_NAME', 'CCG_NAME'],
        },
        icb: {
          code: ['ICB_CODE', 'STP_CODE'],
          ons: ['ONS_ICB_CODE', 'ONS_STP_CODE'],
          name: ['ICB_NAME', 'STP_NAME'],
        },
        region: {
          code: ['COMM_REGION_CODE', 'REGION_CODE'],
          ons: ['ONS_COMM_REGION_CODE', 'ONS_REGION_CODE'],
          name: ['COMM_REGION_NAME', 'REGION_NAME'],
        },
      },
      dateOf,
    );
  },
};
