// Recognises a file's format from its first row: by column names (case-insensitive, in any order)
// or, for the headerless epraccur, by its shape. A file that matches nothing is rejected with the
// list of what was expected.

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

/** Detects from a first row given as texts. */
export function detectFormatFromHeader(file: string, firstRow: readonly string[], row?: CsvRow): Detection {
  const names = new Set(firstRow.map(normaliseName));
  let best: FormatDefinition | null = null;
  let bestScore = 0;
  for (const format of FORMAT_DEFINITIONS) {
    const detection = format.detection;
    if (detection.by === 'header') {
      const matched = detection.requiredColumns.every((aliases) =>
        aliases.some((a) => names.has(normaliseName(a))),
      );
      if (matched && detection.requiredColumns.length > bestScore) {
        best = format;
        bestScore = detection.requiredColumns.length;
      }
    }
  }
  if (best) return { format: best, hasHeader: true };
  for (const format of FORMAT_DEFINITIONS) {
    if (format.detection.by === 'shape' && row && format.matchesShape?.(row))
      return { format, hasHeader: false };
  }
  throw unknownFormat(file, firstRow);
}

export function unknownFormat(file: string, firstRow: readonly string[]): ImportError {
  const expected = FORMAT_DEFINITIONS.map((format) => {
    const d = format.detection;
    const what =
      d.by === 'header' ? `columns ${d.requiredColumns.map((a) => a.join('|')).join(', ')}` : d.description;
    return `${format.name} (${what})`;
  }).join('; ');
  return new ImportError(
    {
      code: 'unknown_format',
      file,
      line: 1,
      column: null,
      expected: 'the header of a supported format',
      found: firstRow.slice(0, 8).join(','),
    },
    `supported formats: ${expected}`,
  );
}
