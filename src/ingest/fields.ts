// Typed access to a row's fields, with errors that name the file, line, column and what was
// expected. Counts are parsed straight from the bytes (no string) because they are most of the
// fields in the big files.

import { decimalPlaces, parseDecimal } from '../domain/numbers.ts';
import type { CsvRow } from './csv-scanner.ts';
import { ImportError } from './import-error.ts';
import type { NumberRange } from './limits.ts';

const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;

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

  /**
   * A required count: a whole number within `range`; `113.0` is accepted because it is whole.
   * Numbers are plain decimals only (`0x10`, `1e23` are refused, see src/domain/numbers.ts).
   */
  count(row: CsvRow, index: number, range: NumberRange): number {
    const value = this.optionalCount(row, index, range);
    if (value === null) throw this.error(row, index, 'invalid_value', 'a non-negative whole number', '');
    return value;
  }

  /** A count that may be blank (→ null). */
  optionalCount(row: CsvRow, index: number, range: NumberRange): number | null {
    if (row.isBlank(index)) return null;
    const buffer = row.buffer;
    const start = row.starts[index]!;
    const end = row.ends[index]!;
    let value = 0;
    let i = start;
    for (; i < end && i - start < 15; i++) {
      const b = buffer[i]!;
      if (b < ZERO || b > NINE) break;
      value = value * 10 + (b - ZERO);
    }
    let whole = i === end;
    if (!whole && buffer[i] === DOT && i > start) {
      let j = i + 1;
      while (j < end && buffer[j] === ZERO) j++;
      whole = j === end;
    }
    if (whole) {
      if (value > range.max || value < range.min) throw this.implausible(row, index, range);
      return value;
    }
    return this.slowCount(row, index, range);
  }

  private slowCount(row: CsvRow, index: number, range: NumberRange): number {
    const raw = row.text(index);
    const value = parseDecimal(raw);
    if (value !== null && value < 0) {
      throw this.error(row, index, 'negative_count', 'a non-negative number');
    }
    if (value === null) throw this.error(row, index, 'invalid_value', 'a non-negative number');
    if (!Number.isInteger(value))
      throw this.error(row, index, 'invalid_value', 'a non-negative whole number');
    if (value > range.max || value < range.min) throw this.implausible(row, index, range);
    return value;
  }

  /**
   * A decimal that may be blank (→ null), within `range` and with at most `range.decimals` places:
   * money, scores, rates, points. `thousands` accepts `1,234.56`.
   */
  decimal(
    row: CsvRow,
    index: number | null,
    range: NumberRange,
    options: { thousands?: boolean } = {},
  ): number | null {
    if (index === null || row.isBlank(index)) return null;
    const raw = row.text(index);
    const value = parseDecimal(raw, options);
    if (value === null) throw this.error(row, index, 'invalid_value', 'a number written as a decimal');
    if (value < range.min && range.min === 0)
      throw this.error(row, index, 'negative_count', 'a non-negative number');
    if (value < range.min || value > range.max || decimalPlaces(raw) > range.decimals)
      throw this.implausible(row, index, range);
    return value;
  }

  private implausible(row: CsvRow, index: number, range: NumberRange): ImportError {
    return this.error(row, index, 'implausible_value', range.what);
  }
}
