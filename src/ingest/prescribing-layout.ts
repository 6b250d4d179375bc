// Which prescribing layout a file is (the current EPD, its earlier variants, or the legacy PDPI) and
// where each column the sums need stands: matched by the header's names, never by position. Shared by
// both engines (prescribing-read.ts, prescribing-duckdb.ts), so detection and its errors are one.

import type { CsvRow } from './csv-scanner.ts';
import { detectFormatFromHeader } from './detect.ts';
import { Columns } from './fields.ts';
import { formatDefinition } from './formats.ts';
import { ImportError } from './import-error.ts';
import { isPrescribingFormat } from './readers/prescribing-formats.ts';

export interface Layout {
  format: 'epd' | 'pdpi';
  month: number;
  practice: number;
  bnf: number;
  name: number | null;
  chemicalName: number | null;
  chapter: number | null;
  items: number;
  quantity: number;
  adq: number | null;
  nic: number;
  cost: number;
}

function layoutOf(format: 'epd' | 'pdpi', columns: Columns): Layout {
  if (format === 'epd') {
    return {
      format,
      month: columns.require('YEAR_MONTH'),
      practice: columns.require('PRACTICE_CODE'),
      bnf: columns.require('BNF_CODE'),
      name: columns.optional('BNF_DESCRIPTION'),
      chemicalName: columns.optional('CHEMICAL_SUBSTANCE_BNF_DESCR'),
      chapter: columns.optional('BNF_CHAPTER_PLUS_CODE'),
      items: columns.require('ITEMS'),
      quantity: columns.require('TOTAL_QUANTITY'),
      adq: columns.optional('ADQUSAGE', 'ADQ_USAGE'),
      nic: columns.require('NIC'),
      cost: columns.require('ACTUAL_COST'),
    };
  }
  return {
    format,
    month: columns.require('PERIOD'),
    practice: columns.require('PRACTICE'),
    bnf: columns.require('BNF CODE'),
    name: columns.optional('BNF NAME'),
    chemicalName: null,
    chapter: null,
    items: columns.require('ITEMS'),
    quantity: columns.require('QUANTITY'),
    adq: null,
    nic: columns.require('NIC'),
    cost: columns.require('ACT COST'),
  };
}

/**
 * Which prescribing layout a header is (detected, or `forced`), with the position of every column
 * the sums need. `previous` is the layout of the file's earlier parts (a zip of several months):
 * every part must have the same. Throws the ImportError a person can act on.
 */
export function prescribingLayout(
  file: string,
  names: string[],
  header: CsvRow | undefined,
  forced: 'epd' | 'pdpi' | undefined,
  previous: 'epd' | 'pdpi' | null,
): { id: 'epd' | 'pdpi'; layout: Layout } {
  let id: 'epd' | 'pdpi';
  if (forced) id = forced;
  else {
    const detected = detectFormatFromHeader(file, names, header).format.id;
    if (!isPrescribingFormat(detected)) {
      throw new ImportError(
        {
          code: 'unknown_format',
          file,
          line: 1,
          column: null,
          expected: 'an English Prescribing Dataset or PDPI header',
          found: `${formatDefinition(detected).name}`,
        },
        'a prescribing file holds only prescribing parts',
      );
    }
    id = detected as 'epd' | 'pdpi';
  }
  if (previous !== null && previous !== id) {
    throw new ImportError({
      code: 'unknown_format',
      file,
      line: 1,
      column: null,
      expected: `the same layout as the other parts (${previous})`,
      found: id,
    });
  }
  return { id, layout: layoutOf(id, new Columns(file, names)) };
}
const MONTH = /^(\d{4})[_-]?(\d{2})$/;

/** `201709`, `2017_09`, `2017-09` → `2017-09-01`; null when it is not a month of 1990–2099. */
export function parseMonth(text: string): string | null {
  const match = MONTH.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (year < 1990 || year > 2099 || month < 1 || month > 12) return null;
  return `${match[1]}-${match[2]}-01`;
}
