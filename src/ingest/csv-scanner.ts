// A byte-level streaming CSV tokenizer (RFC 4180). It walks the bytes once and records where each
// field starts and ends; a field becomes a string only when a reader asks for it, and counts are
// parsed straight from the bytes. Making millions of short strings is what costs time in CSV
// parsing (measured: the byte walk alone runs at ~300 MB/s, one string per field at ~50 MB/s).
//
// - quoting: `"a, b"`, `"say ""hi"""`, newlines inside quotes; CRLF, LF or a lone CR end a row;
// - a UTF-8 byte order mark is skipped; unquoted fields are trimmed of spaces and tabs;
// - blank lines are skipped;
// - UTF-8 is checked field by field as the bytes are walked (only fields holding a byte ≥ 0x80
//   need the check): a Latin-1 or Windows-1252 file is rejected with the line and column, unless
//   the caller allows the Windows-1252 fallback (one real QOF file needs it:
//   INDICATOR_MAPPINGS_1819_v2.csv has Windows-1252 curly quotes);
// - an unterminated quote at the end of the input is reported as a truncated file;
// - a NUL byte (which no text column can hold) is refused where it stands;
// - a row longer than LIMITS.maxRowBytes, a field longer than LIMITS.maxFieldBytes and a row of more
//   than LIMITS.maxFieldsPerRow fields are refused as soon as they are seen, so a damaged or hostile
//   file (one 200 MB line) costs at most one capped row of memory and time.
//
// A row cut by a chunk boundary is carried over and scanned again with the next chunk; rows are
// short (and capped), so the rescan costs little.

import { isUtf8 } from 'node:buffer';
import { ImportError } from './import-error.ts';
import { LIMITS } from './limits.ts';
import { decodeWindows1252, repairC1 } from './windows-1252.ts';

export type RowHandler = (row: CsvRow) => void;

export type InvalidUtf8Policy = 'reject' | 'windows-1252';

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

const FLAG_HIGH = 1; // holds a byte >= 0x80, already checked to be valid UTF-8
const FLAG_ESCAPED = 2; // quoted and holds a doubled quote
const FLAG_CP1252 = 4; // not UTF-8, allowed by policy: decode as Windows-1252

const INCOMPLETE = -1;

/**
 * Values repeat down a column (the extract date on every row, a practice code on 43 rows in a
 * row, SEX, ORG_TYPE): each column remembers its last short value, and an identical field reuses
 * that string instead of making a new one.
 */
const REUSE_MAX_BYTES = 24;

/**
 * One row, valid only during the call to the row handler (the scanner reuses it): read what you
 * need with `text`, `isBlank`, or the number parsers in fields.ts (which use `byteAt`).
 */
export class CsvRow {
  /** 1-based line where the row starts. */
  line = 0;
  length = 0;
  buffer: Buffer = Buffer.alloc(0);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  flags = new Uint8Array(64);
  private lastBytes = new Uint8Array(64 * REUSE_MAX_BYTES);
  private lastLength = new Int32Array(64).fill(-1);
  private lastText: string[] = [];

  text(index: number): string {
    if (index >= this.length) return '';
    const start = this.starts[index]!;
    const end = this.ends[index]!;
    if (start === end) return '';
    const flags = this.flags[index]!;
    if (flags === 0) {
      if (end - start <= REUSE_MAX_BYTES) return this.reuse(index, start, end);
      return this.buffer.toString('latin1', start, end);
    }
    let value: string;
    if (flags & FLAG_CP1252) value = decodeWindows1252(this.buffer.subarray(start, end));
    else if (flags & FLAG_HIGH) value = repairC1(this.buffer.toString('utf8', start, end));
    else value = this.buffer.toString('latin1', start, end);
    return flags & FLAG_ESCAPED ? value.replaceAll('""', '"') : value;
  }

  isBlank(index: number): boolean {
    return index >= this.length || this.starts[index] === this.ends[index];
  }

  /** Every field as text (for headers and small files). */
  texts(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.text(i));
    return out;
  }

  private reuse(index: number, start: number, end: number): string {
    const buffer = this.buffer;
    const length = end - start;
    if (index >= this.lastLength.length) this.growReuse(index + 1);
    const base = index * REUSE_MAX_BYTES;
    const last = this.lastBytes;
    if (this.lastLength[index] === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (last[base + i] !== buffer[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastText[index]!;
    }
    for (let i = 0; i < length; i++) last[base + i] = buffer[start + i]!;
    const text = buffer.toString('latin1', start, end);
    this.lastLength[index] = length;
    this.lastText[index] = text;
    return text;
  }

  private growReuse(columns: number): void {
    const size = Math.max(columns, this.lastLength.length * 2);
    const bytes = new Uint8Array(size * REUSE_MAX_BYTES);
    bytes.set(this.lastBytes);
    const lengths = new Int32Array(size).fill(-1);
    lengths.set(this.lastLength);
    this.lastBytes = bytes;
    this.lastLength = lengths;
  }
}

export class CsvScanner {
  /** Set once the header is known, so errors can name the column. */
  columnNames: readonly string[] | null = null;
  invalidUtf8: InvalidUtf8Policy = 'reject';
  /** Fields decoded through the Windows-1252 fallback. */
  fallbackFields = 0;
  /** Bytes of CSV text consumed (after decompression). */
  bytesScanned = 0;

  private carry: Buffer | null = null;
  private line = 1;
  private started = false;
  private ended = false;
  private readonly row = new CsvRow();

  constructor(
    private readonly file: string,
    private readonly onRow: RowHandler,
  ) {}

  push(chunk: Uint8Array): void {
    const incoming = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    this.bytesScanned += incoming.length;
    const buffer = this.carry === null ? incoming : Buffer.concat([this.carry, incoming]);
    this.carry = null;
    this.scan(buffer, false);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    const buffer = this.carry ?? Buffer.alloc(0);
    this.carry = null;
    this.scan(buffer, true);
  }

  private scan(buffer: Buffer, final: boolean): void {
    let position = 0;
    if (!this.started) {
      if (buffer.length < 3 && !final) {
        this.carry = buffer;
        return;
      }
      this.started = true;
      if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) position = 3;
    }
    this.row.buffer = buffer;
    const length = buffer.length;
    while (position < length) {
      const next = this.scanRow(buffer, position, final);
      if (next === INCOMPLETE) {
        if (length - position > LIMITS.maxRowBytes) throw this.rowTooLong();
        this.carry = Buffer.from(buffer.subarray(position));
        return;
      }
      position = next;
    }
  }

  private rowTooLong(): ImportError {
    return new ImportError(
      {
        code: 'too_large',
        file: this.file,
        line: this.line,
        column: null,
        expected: `a row of at most ${LIMITS.maxRowBytes.toLocaleString('en-GB')} bytes`,
        found: 'a longer row',
      },
      'the file is damaged or not a CSV file',
    );
  }

  private nulByte(line: number, index: number): ImportError {
    return new ImportError({
      code: 'invalid_value',
      file: this.file,
      line,
      column: this.columnName(index),
      expected: 'text without NUL bytes',
      found: 'a NUL byte (0x00)',
    });
  }

  /** Scans one row starting at `start`; returns where the next row starts, or INCOMPLETE. */
  // Long on purpose: the per-byte loop and its states in one body; a call per byte would cost the speed above.
  private scanRow(buffer: Buffer, start: number, final: boolean): number {
    const length = buffer.length;
    const row = this.row;
    let count = 0;
    let newlines = 0;
    let i = start;
    for (;;) {
      if (count === row.starts.length) this.grow();
      let s = i;
      while (s < length && (buffer[s] === SPACE || buffer[s] === TAB)) s++;
      let flags = 0;
      let fieldStart: number;
      let fieldEnd: number;
      if (s < length && buffer[s] === QUOTE) {
        let j = s + 1;
        let closed = -1;
        while (j < length) {
          const b = buffer[j]!;
          if (b === QUOTE) {
            if (j + 1 < length && buffer[j + 1] === QUOTE) {
              flags |= FLAG_ESCAPED;
              j += 2;
              continue;
            }
            if (j + 1 >= length && !final) return INCOMPLETE; // a `""` may straddle the chunk end
            closed = j;
            break;
          }
          if (b === LF) newlines++;
          else if (b === CR) {
            if (buffer[j + 1] !== LF) newlines++;
          } else if (b >= 0x80) flags |= FLAG_HIGH;
          else if (b === 0) throw this.nulByte(this.line + newlines, count);
          j++;
        }
        if (closed < 0) {
          if (!final) return INCOMPLETE;
          throw new ImportError({
            code: 'truncated',
            file: this.file,
            line: this.line,
            column: this.columnName(count),
            expected: 'a closing quote',
            found: 'the end of the file (the file looks truncated)',
          });
        }
        fieldStart = s + 1;
        fieldEnd = closed;
        i = closed + 1;
        while (i < length && (buffer[i] === SPACE || buffer[i] === TAB)) i++;
        if (i < length && buffer[i] !== COMMA && buffer[i] !== CR && buffer[i] !== LF) {
          throw new ImportError({
            code: 'invalid_value',
            file: this.file,
            line: this.line + newlines,
            column: this.columnName(count),
            expected: 'a comma or the end of the line after a closing quote',
            found: String.fromCharCode(buffer[i]!),
          });
        }
      } else {
        let j = s;
        while (j < length) {
          const b = buffer[j]!;
          if (b === COMMA || b === LF || b === CR) break;
          if (b >= 0x80) flags |= FLAG_HIGH;
          else if (b === 0) throw this.nulByte(this.line + newlines, count);
          j++;
        }
        if (j >= length && !final) return INCOMPLETE;
        let e = j;
        while (e > s && (buffer[e - 1] === SPACE || buffer[e - 1] === TAB)) e--;
        fieldStart = s;
        fieldEnd = e;
        i = j;
      }
      if (fieldEnd - fieldStart > LIMITS.maxFieldBytes) throw this.fieldTooLong(count, newlines);
      if (flags & FLAG_HIGH) flags = this.checkUtf8(buffer, fieldStart, fieldEnd, flags, count);
      row.starts[count] = fieldStart;
      row.ends[count] = fieldEnd;
      row.flags[count] = flags;
      count++;
      if (i >= length) {
        this.emit(count, newlines); // the last row of the file has no line end
        return length;
      }
      const b = buffer[i]!;
      if (b === COMMA) {
        i++;
        if (i < length) continue;
        if (!final) return INCOMPLETE;
        if (count === row.starts.length) this.grow();
        row.starts[count] = i;
        row.ends[count] = i;
        row.flags[count] = 0;
        this.emit(count + 1, newlines);
        return length;
      }
      if (b === CR) {
        if (i + 1 >= length && !final) return INCOMPLETE;
        i += buffer[i + 1] === LF ? 2 : 1;
      } else {
        i++;
      }
      this.emit(count, newlines + 1);
      return i;
    }
  }

  private emit(count: number, linesConsumed: number): void {
    const row = this.row;
    row.line = this.line;
    row.length = count;
    this.line += linesConsumed;
    if (count === 1 && row.starts[0] === row.ends[0]) return; // blank line
    this.onRow(row);
  }

  private checkUtf8(buffer: Buffer, start: number, end: number, flags: number, index: number): number {
    const bytes = buffer.subarray(start, end);
    if (isUtf8(bytes)) return flags;
    if (this.invalidUtf8 === 'windows-1252') {
      this.fallbackFields++;
      return flags | FLAG_CP1252;
    }
    throw new ImportError(
      {
        code: 'wrong_encoding',
        file: this.file,
        line: this.line,
        column: this.columnName(index),
        expected: 'UTF-8 text',
        found: describeBytes(bytes),
      },
      'the file looks like Latin-1 or Windows-1252: save it as UTF-8',
    );
  }

  private fieldTooLong(index: number, newlines: number): ImportError {
    return new ImportError({
      code: 'too_large',
      file: this.file,
      line: this.line + newlines,
      column: this.columnName(index),
      expected: `a field of at most ${LIMITS.maxFieldBytes.toLocaleString('en-GB')} bytes`,
      found: 'a longer field',
    });
  }

  private grow(): void {
    const row = this.row;
    if (row.starts.length >= LIMITS.maxFieldsPerRow) {
      throw new ImportError({
        code: 'too_large',
        file: this.file,
        line: this.line,
        column: null,
        expected: `at most ${LIMITS.maxFieldsPerRow.toLocaleString('en-GB')} fields in a row`,
        found: 'more',
      });
    }
    const size = row.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const flags = new Uint8Array(size);
    starts.set(row.starts);
    ends.set(row.ends);
    flags.set(row.flags);
    row.starts = starts;
    row.ends = ends;
    row.flags = flags;
  }

  private columnName(index: number): string {
    return this.columnNames?.[index] ?? `column ${index + 1}`;
  }
}

function describeBytes(bytes: Buffer): string {
  const firstHigh = bytes.findIndex((b) => b >= 0x80);
  const sample = bytes.subarray(Math.max(0, firstHigh - 12), firstHigh + 12);
  let text = '';
  for (const b of sample) text += b >= 0x80 ? `\\x${b.toString(16)}` : String.fromCharCode(b);
  return text;
}
