// Typed access to a row's fields, with errors that name the file, line, column and what was
// expected. Counts are parsed straight from the bytes (no string) because they are most of the
// fields in the big files.

import type { CsvRow } from './csv-scanner.ts';
import { ImportError } from './import-error.ts';

const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;
const MINUS = 0x2d;

/** Column positions resolved from a header row, matched by name (case-insensitive), never by position. */
export class Columns {
  readonly names: readonly string[];
  private readonly byName = new Map<string, number>();

  constructor(
    readonly file: string,
    header: readonly string[],
  ) {
    this.names = header;
    header.forEach((name, index) => {
      const key = normaliseName(name);
      if (!this.byName.has(key)) this.byName.set(key, index);
    });
  }

  has(...aliases: string[]): boolean {
    return aliases.some((alias) => this.byName.has(normaliseName(alias)));
  }

  /** The position of a required column; `aliases` are the names it has had over the years. */
  require(...aliases: string[]): number {
    const index = this.find(aliases);
    if (index === null) {
      throw new ImportError({
        code: 'missing_column',
        file: this.file,
        line: 1,
        column: aliases[0]!,
        expected: `a column named ${aliases.join(' or ')}`,
        found: 'no such column in the header',
      });
    }
    return index;
  }

  optional(...aliases: string[]): number | null {
    return this.find(aliases);
  }

  private find(aliases: readonly string[]): number | null {
    for (const alias of aliases) {
      const index = this.byName.get(normaliseName(alias));
      if (index !== undefined) return index;
    }
    return null;
  }
}

export function normaliseName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toUpperCase();
}

/** Reads typed values from rows of one file; every failure is an ImportError naming the cell. */
export class FieldReader {
  constructor(
    readonly file: string,
    readonly names: readonly string[],
  ) {}

  columnName(index: number): string {
    return this.names[index] ?? `column ${index + 1}`;
  }

  error(
    row: CsvRow,
    index: number,
    code: ImportError['code'],
    expected: string,
    found?: string,
  ): ImportError {
    return new ImportError({
      code,
      file: this.file,
      line: row.line,
      column: this.columnName(index),
      expected,
      found: found ?? row.text(index),
    });
  }

  /** A required non-empty text. */
  text(row: CsvRow, index: number, expected = 'a value'): string {
    const value = row.text(index);
    if (value === '') throw this.error(row, index, 'invalid_value', expected, '');
    return value;
  }

  optionalText(row: CsvRow, index: number | null): string | null {
    if (index === null) return null;
    const value = row.text(index).trim();
    return value === '' ? null : value;
  }

  /** A required count: a non-negative whole number; `113.0` is accepted because it is whole. */
  count(row: CsvRow, index: number): number {
    const value = this.optionalCount(row, index);
    if (value === null) throw this.error(row, index, 'invalid_value', 'a non-negative whole number', '');
    return value;
  }

  /** A count that may be blank (→ null). */
  optionalCount(row: CsvRow, index: number): number | null {
    if (row.isBlank(index)) return null;
    const buffer = row.buffer;
    const start = row.starts[index]!;
    const end = row.ends[index]!;
    let value = 0;
    let i = start;
    for (; i < end; i++) {
      const b = buffer[i]!;
      if (b < ZERO || b > NINE) break;
      value = value * 10 + (b - ZERO);
    }
    if (i === end && value <= Number.MAX_SAFE_INTEGER) return value;
    if (buffer[i] === DOT && i > start) {
      let j = i + 1;
      while (j < end && buffer[j] === ZERO) j++;
      if (j === end) return value;
    }
    return this.slowCount(row, index);
  }

  private slowCount(row: CsvRow, index: number): number {
    const raw = row.text(index);
    const value = Number(raw);
    if (buffer0(row, index) === MINUS || (Number.isFinite(value) && value < 0)) {
      throw this.error(row, index, 'negative_count', 'a non-negative number');
    }
    if (!Number.isFinite(value) || raw.trim() === '') {
      throw this.error(row, index, 'invalid_value', 'a non-negative number');
    }
    if (!Number.isInteger(value))
      throw this.error(row, index, 'invalid_value', 'a non-negative whole number');
    return value;
  }

  /** A decimal that may be negative or blank (→ null): money, scores, rates. */
  decimal(row: CsvRow, index: number | null): number | null {
    if (index === null || row.isBlank(index)) return null;
    const raw = row.text(index);
    const value = Number(raw.replaceAll(',', ''));
    if (!Number.isFinite(value)) throw this.error(row, index, 'invalid_value', 'a number');
    return value;
  }

  /** A non-negative decimal that may be blank (→ null): Fingertips counts and denominators. */
  nonNegativeDecimal(row: CsvRow, index: number | null): number | null {
    const value = this.decimal(row, index);
    if (value !== null && value < 0) throw this.error(row, index!, 'negative_count', 'a non-negative number');
    return value;
  }
}

function buffer0(row: CsvRow, index: number): number | undefined {
  return row.buffer[row.starts[index]!];
}
