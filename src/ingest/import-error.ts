// Why a file (or one row of it) cannot be imported, said so that a person can find and fix it:
// "PREVALENCE_1617.csv line 12, column REGISTER: expected a non-negative number, found '-3'".

export type ImportErrorCode =
  | 'unknown_format'
  | 'missing_column'
  | 'invalid_value'
  | 'negative_count'
  | 'register_exceeds_list'
  | 'wrong_field_count'
  | 'truncated'
  | 'wrong_encoding'
  | 'unreadable_file'
  | 'unknown_practice'
  /** A row, field or decompressed file beyond LIMITS (src/ingest/limits.ts): a damaged or hostile file. */
  | 'too_large'
  /** A number outside what the column can plausibly hold (RANGES in src/ingest/limits.ts). */
  | 'implausible_value'
  /** The database refused a value the readers let through: mapped back to its file, line and column. */
  | 'database_refused';

export interface ImportErrorDetails {
  code: ImportErrorCode;
  /** File name as the user knows it (for a zip entry: `archive.zip!entry.csv`). */
  file: string;
  /** 1-based physical line where the row starts; null when the problem is the whole file. */
  line: number | null;
  /** Column name from the header (or `column 24` in a headerless file). */
  column: string | null;
  /** What would have been accepted. */
  expected: string | null;
  /** What was there, as text. */
  found: string | null;
}

export class ImportError extends Error {
  readonly code: ImportErrorCode;
  readonly file: string;
  readonly line: number | null;
  readonly column: string | null;
  readonly expected: string | null;
  readonly found: string | null;

  constructor(details: ImportErrorDetails, detail?: string) {
    super(formatMessage(details, detail));
    this.name = 'ImportError';
    this.code = details.code;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.expected = details.expected;
    this.found = details.found;
  }
}

function formatMessage(d: ImportErrorDetails, detail: string | undefined): string {
  let where = d.file;
  if (d.line !== null) where += ` line ${d.line}`;
  if (d.column !== null) {
    const label = d.column.startsWith('column ') ? d.column : `column ${d.column}`;
    where += `${d.line !== null ? ',' : ''} ${label}`;
  }
  const parts: string[] = [];
  if (d.expected !== null) parts.push(`expected ${d.expected}`);
  if (d.found !== null) parts.push(`found '${shorten(d.found)}'`);
  let message = `${where}: ${parts.join(', ')}`;
  if (parts.length === 0) message = `${where}: ${detail ?? d.code}`;
  else if (detail) message += ` (${detail})`;
  return message;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
