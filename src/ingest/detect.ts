// Recognises a file's format from its first row: by column names (case-insensitive, in any order;
// a name ending in `*` matches any column that starts with it) or, for the headerless ODS files, by
// their shape. A file that matches nothing is rejected with a short message naming the nearest
// format and what it lacks, never the whole catalogue (that is `fairview import --help`).

import type { CsvRow } from './csv-scanner.ts';
import { normaliseName } from './fields.ts';
import { FORMAT_DEFINITIONS } from './formats.ts';
import { ImportError } from './import-error.ts';
import type { FormatDefinition } from './reader.ts';

export interface Detection {
  format: FormatDefinition;
  /** True when the first row is a header (and so not data). */
  hasHeader: boolean;
}

/** Does a header (normalised names) have a column named `alias` (or starting with it, for `name*`)? */
function hasColumn(names: readonly string[], alias: string): boolean {
  const wanted = normaliseName(alias.replace(/\*$/, ''));
  return alias.endsWith('*') ? names.some((n) => n.startsWith(wanted)) : names.includes(wanted);
}

/** Required column groups of `format` that the header lacks (each as its first name). */
function missingColumns(format: FormatDefinition, names: readonly string[]): string[] {
  const d = format.detection;
  if (d.by !== 'header') return [];
  return d.requiredColumns
    .filter((aliases) => !aliases.some((a) => hasColumn(names, a)))
    .map((aliases) => aliases[0]!.replace(/\*$/, '…'));
}

/** Detects from a first row given as texts. */
export function detectFormatFromHeader(file: string, firstRow: readonly string[], row?: CsvRow): Detection {
  const names = firstRow.map(normaliseName);
  let best: FormatDefinition | null = null;
  let bestScore = 0;
  for (const format of FORMAT_DEFINITIONS) {
    const detection = format.detection;
    if (detection.by !== 'header') continue;
    if (missingColumns(format, names).length === 0 && detection.requiredColumns.length > bestScore) {
      best = format;
      bestScore = detection.requiredColumns.length;
    }
  }
  if (best) return { format: best, hasHeader: true };
  for (const format of FORMAT_DEFINITIONS) {
    if (format.detection.by === 'shape' && row && format.matchesShape?.(row))
      return { format, hasHeader: false };
  }
  throw unknownFormat(file, firstRow);
}

/** The format the row comes closest to, and what it lacks; null when it shares nothing with any. */
export function nearestFormat(
  firstRow: readonly string[],
): { format: FormatDefinition; differs: string } | null {
  const names = firstRow.map(normaliseName);
  let nearest: { format: FormatDefinition; differs: string; score: number } | null = null;
  for (const format of FORMAT_DEFINITIONS) {
    const d = format.detection;
    let score: number;
    let differs: string;
    if (d.by === 'header') {
      const missing = missingColumns(format, names);
      score = (d.requiredColumns.length - missing.length) / d.requiredColumns.length;
      differs = `it has no ${missing.join(', ')} column${missing.length === 1 ? '' : 's'}`;
    } else {
      // A headerless file with the right number of fields, whose values do not look right.
      score = firstRow.length === d.fieldCount ? 0.5 : 0;
      differs = `its ${d.fieldCount} fields do not look like one (${d.description})`;
    }
    if (score > 0 && (nearest === null || score > nearest.score)) nearest = { format, differs, score };
  }
  return nearest && { format: nearest.format, differs: nearest.differs };
}

export function unknownFormat(file: string, firstRow: readonly string[]): ImportError {
  const nearest = nearestFormat(firstRow);
  const hint = nearest
    ? `the nearest is ${nearest.format.name} (--format ${nearest.format.id}), but ${nearest.differs}`
    : 'no column matches any format Fairview reads';
  return new ImportError(
    {
      code: 'unknown_format',
      file,
      line: 1,
      column: null,
      expected: 'a header Fairview knows',
      found: firstRow.slice(0, 8).join(','),
    },
    `${hint}; fairview import --help lists them`,
  );
}
