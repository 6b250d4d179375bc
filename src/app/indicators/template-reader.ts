// Reads a Fairview indicator template (docs/indicators.md) into definitions and values. The file is
// small (one local indicator is a few thousand rows), so it is read whole and checked completely: a
// bad row rejects the file with every problem found (up to 100), each naming file, line and column.
// The ingest reader pattern (src/ingest) yields national fact records into fixed tables; a template
// carries a definition as well as values, so it is read here, with the same scanner and errors.
import { basename } from 'node:path';
import type { IndicatorDefinition } from '../../domain/indicators/definition.ts';
import {
  isTemplateProblem,
  TEMPLATE_DEFINITION_COLUMNS,
  TEMPLATE_OPTIONAL_COLUMNS,
  TEMPLATE_REQUIRED_COLUMNS,
  type TemplateColumn,
  type TemplateRow,
  type TemplateValue,
  templateDefinition,
  templateValue,
} from '../../domain/indicators/template.ts';
import { CsvScanner } from '../../ingest/csv-scanner.ts';
import { ImportError } from '../../ingest/import-error.ts';
import { openSource } from '../../ingest/source.ts';

export interface TemplateIndicator {
  definition: IndicatorDefinition;
  values: TemplateValue[];
}

export interface TemplateReading {
  fileName: string;
  /** sha256 of the raw file. */
  checksum: string;
  indicators: TemplateIndicator[];
  rowsRead: number;
}

/** Thrown when a template cannot be used; `errors` holds every problem found (first 100). */
export class TemplateError extends Error {
  constructor(readonly errors: ImportError[]) {
    super(
      errors.length === 1
        ? errors[0]!.message
        : `${errors[0]!.message} (and ${errors.length - 1} more problem${errors.length === 2 ? '' : 's'})`,
    );
    this.name = 'TemplateError';
  }
}

const MAX_ERRORS = 100;

export async function readIndicatorTemplate(path: string): Promise<TemplateReading> {
  const fileName = basename(path);
  const source = await openSource(path);
  const errors: ImportError[] = [];
  const fail: Fail = (line, column, expected, found, code = 'invalid_value') => {
    if (errors.length < MAX_ERRORS)
      errors.push(new ImportError({ code, file: fileName, line, column, expected, found }));
  };
  let header: Map<TemplateColumn, number> | null = null;
  const byCode = new Map<string, TemplateEntry>();
  let rowsRead = 0;
  let headerProblems = false;
  const scanner = new CsvScanner(fileName, (row) => {
    if (header === null) {
      const before = errors.length;
      header = readHeader(row.texts(), (column) =>
        fail(row.line, column, 'this column (see docs/indicators.md)', null, 'missing_column'),
      );
      headerProblems = errors.length > before;
      return;
    }
    rowsRead++;
    if (headerProblems) return; // without its columns no row can be read
    const columns = header;
    const text = {} as Record<TemplateColumn, string>;
    for (const c of [...TEMPLATE_REQUIRED_COLUMNS, ...TEMPLATE_OPTIONAL_COLUMNS]) {
      const i = columns.get(c);
      text[c] = i === undefined ? '' : row.text(i);
    }
    addRow(text, row.line, byCode, fail);
  });
  try {
    for await (const entry of source.entries()) {
      for await (const chunk of entry.chunks) scanner.push(chunk);
      scanner.end();
      break; // a template is one CSV
    }
  } catch (error) {
    if (error instanceof ImportError) throw new TemplateError([error]);
    throw error;
  }
  if (header === null) fail(null, null, 'a header row and at least one data row', 'an empty file');
  else if (rowsRead === 0) fail(null, null, 'at least one data row', 'only a header');
  if (errors.length > 0) throw new TemplateError(errors);
  return {
    fileName,
    checksum: source.checksum() ?? '',
    rowsRead,
    indicators: [...byCode.values()].map((e) => ({ definition: e.definition, values: e.values })),
  };
}

interface TemplateEntry {
  definition: IndicatorDefinition;
  firstRow: TemplateRow;
  line: number;
  values: TemplateValue[];
  keys: Set<string>;
}

type Fail = (
  line: number | null,
  column: string | null,
  expected: string | null,
  found: string | null,
  code?: 'missing_column' | 'invalid_value',
) => void;

/** One data row, added to its indicator's entry (the first row of an indicator defines it). */
function addRow(
  text: Record<TemplateColumn, string>,
  line: number,
  byCode: Map<string, TemplateEntry>,
  fail: Fail,
) {
  const code = text.indicator_code.trim();
  let entry = byCode.get(code);
  if (!entry) {
    const definition = templateDefinition(text);
    if (isTemplateProblem(definition))
      return fail(line, definition.column, definition.expected, definition.found);
    entry = { definition, firstRow: text, line, values: [], keys: new Set() };
    byCode.set(code, entry);
  } else {
    for (const c of TEMPLATE_DEFINITION_COLUMNS) {
      if (text[c].trim() !== entry.firstRow[c].trim()) {
        return fail(
          line,
          c,
          `'${entry.firstRow[c]}' as on line ${entry.line} (the definition must be the same on every row of ${code})`,
          text[c],
        );
      }
    }
  }
  const value = templateValue(text, entry.definition);
  if (isTemplateProblem(value)) return fail(line, value.column, value.expected, value.found);
  const key = `${value.practiceCode}|${value.period}`;
  if (entry.keys.has(key)) {
    return fail(
      line,
      'period',
      `one row per practice and period (${value.practiceCode} ${value.period} is repeated)`,
      text.period,
    );
  }
  entry.keys.add(key);
  entry.values.push(value);
}

function readHeader(names: string[], missing: (column: string) => void): Map<TemplateColumn, number> {
  const index = new Map<TemplateColumn, number>();
  const normalised = names.map((n) => n.trim().toLowerCase().replaceAll(' ', '_'));
  for (const c of [...TEMPLATE_REQUIRED_COLUMNS, ...TEMPLATE_OPTIONAL_COLUMNS]) {
    const i = normalised.indexOf(c);
    if (i >= 0) index.set(c, i);
  }
  for (const c of TEMPLATE_REQUIRED_COLUMNS) if (!index.has(c)) missing(c);
  return index;
}
