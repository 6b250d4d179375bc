/**
 * An RFC 4180 CSV reader for the analyst command line: UTF-8 with an optional byte-order mark, a header
 * row, quoted fields that may hold commas, doubled quotes and line breaks, and CRLF or LF endings.
 *
 * Every cell comes back as text; deciding what is a number (and what is missing) is the caller's job,
 * because only the caller knows which columns a method reads.
 */
import { StatsDataError } from './errors.ts';

export interface CsvTable {
  header: string[];
  /** Data records in file order; blank lines are skipped (but still counted in `lines`). */
  rows: string[][];
  /** For each row, its data line number: 1 is the first record after the header. */
  lines: number[];
}

/** Decodes bytes as strict UTF-8 (invalid bytes are an error, not a silent U+FFFD) and parses them. */
export function readCsvBytes(bytes: Uint8Array): CsvTable {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new StatsDataError('the input is not valid UTF-8 text');
  }
  return parseCsv(text);
}

/** Parses CSV text into records of fields (no header handling). A leading BOM is dropped. */
export function parseCsvRecords(input: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  // `atFieldStart` lets a quote open a quoted field only as the field's first character.
  let atFieldStart = true;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (atFieldStart && c === 0x22) {
      // Quoted field: runs to the next quote not followed by another quote.
      i++;
      let parts = '';
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0)
          throw new StatsDataError(`a quoted field opened in record ${records.length + 1} is never closed`);
        if (text.charCodeAt(q + 1) === 0x22) {
          parts += text.slice(i, q + 1);
          i = q + 2;
          continue;
        }
        parts += text.slice(i, q);
        i = q + 1;
        break;
      }
      field = parts;
      atFieldStart = false;
      const next = text.charCodeAt(i);
      if (i < n && next !== 0x2c && next !== 0x0a && next !== 0x0d) {
        throw new StatsDataError(
          `record ${records.length + 1} has text after a closing quote (write "" for a quote inside a quoted field)`,
        );
      }
      continue;
    }
    if (c === 0x2c) {
      record.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else if (c === 0x0a || c === 0x0d) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      atFieldStart = true;
      i += c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
    } else {
      // Unquoted run: copy up to the next delimiter in one slice.
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x2c || d === 0x0a || d === 0x0d) break;
        j++;
      }
      field += text.slice(i, j);
      atFieldStart = false;
      i = j;
    }
  }
  // A final record without a line break still counts; a trailing line break does not add an empty one.
  if (!atFieldStart || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function isBlank(record: string[]): boolean {
  return record.length === 1 && record[0] === '';
}

/** Parses CSV text with a header row; every data record must have as many fields as the header. */
export function parseCsv(text: string): CsvTable {
  const records = parseCsvRecords(text);
  const first = records.findIndex((r) => !isBlank(r));
  if (first < 0) throw new StatsDataError('the input has no header row');
  const header = records[first]!;
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let k = first + 1; k < records.length; k++) {
    const record = records[k]!;
    const line = k - first;
    if (isBlank(record)) continue;
    if (record.length !== header.length) {
      throw new StatsDataError(
        `data line ${line} has ${record.length} field${record.length === 1 ? '' : 's'} but the header has ${header.length}`,
        { line },
      );
    }
    rows.push(record);
    lines.push(line);
  }
  return { header, rows, lines };
}
