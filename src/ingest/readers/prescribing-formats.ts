// The prescribing files: the English Prescribing Dataset (NHSBSA, monthly, 2014 on, with the
// SNOMED-code variant since 2025) and the legacy Practice Level Prescribing "PDPI BNFT" files
// (NHS Digital, 2010 – about 2020). Both are far too big to become one fact per row (a month is
// 17–18 million rows), so they are not read through `FormatReader`: src/ingest/prescribing-read.ts
// sums them on the way in to month × practice × BNF presentation. The definitions here are what
// detection, `fairview import --help` and the import history need.
//
// Columns are matched by name (../shared/spec/data-formats.md §d):
// - EPD: YEAR_MONTH (`202503`, or `2017_09` in the 2017 files), PRACTICE_CODE, BNF_CODE,
//   BNF_DESCRIPTION, CHEMICAL_SUBSTANCE_BNF_DESCR, BNF_CHAPTER_PLUS_CODE, ITEMS, TOTAL_QUANTITY
//   (= QUANTITY × ITEMS: one row per pack size), ADQUSAGE (blank where no ADQ), NIC, ACTUAL_COST.
//   Columns 4–5 (AREA_TEAM_*, STP_*, ICB_*) and SNOMED_CODE are not needed and may be anywhere.
// - PDPI: ` SHA, PCT, PRACTICE, BNF CODE, BNF NAME, ITEMS, NIC, ACT COST, QUANTITY, PERIOD,` —
//   space-padded, zero-padded, a trailing empty column before December 2018; QUANTITY is the total.

import type { FormatDefinition } from '../reader.ts';

function notRowByRow(): never {
  throw new Error('prescribing files are read by readPrescribing (src/ingest/prescribing-read.ts)');
}

export const epd: FormatDefinition = {
  id: 'epd',
  name: 'English Prescribing Dataset (EPD), one month',
  publisher: 'NHS Business Services Authority (NHSBSA)',
  detection: {
    by: 'header',
    requiredColumns: [['YEAR_MONTH'], ['PRACTICE_CODE'], ['BNF_CODE'], ['ITEMS'], ['NIC'], ['ACTUAL_COST']],
  },
  period: { from: 'column', description: 'YEAR_MONTH' },
  yields: [],
  create: notRowByRow,
};

export const pdpi: FormatDefinition = {
  id: 'pdpi',
  name: 'Practice Level Prescribing (PDPI BNFT), one month',
  publisher: 'NHS Digital (HSCIC)',
  detection: {
    by: 'header',
    requiredColumns: [['PRACTICE'], ['BNF CODE'], ['ITEMS'], ['NIC'], ['ACT COST'], ['PERIOD']],
  },
  period: { from: 'column', description: 'PERIOD' },
  yields: [],
  create: notRowByRow,
};

export function isPrescribingFormat(id: string): boolean {
  return id === 'epd' || id === 'pdpi';
}
