// Numbers read straight from a CSV row's bytes (a national month is 17–18 million rows, so no string
// is made for a number): whole item counts, decimals, the rare exponent form, and the plausibility
// bound. The errors name the line and column (FieldReader).

import type { CsvRow } from './csv-scanner.ts';
import type { FieldReader } from './fields.ts';

const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;
const MINUS = 0x2d;
const POWERS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** A whole number written with digits (and possibly `.0…`), or null. Zero-padded `0000040` is 40. */
export function wholeAt(row: CsvRow, index: number): number | null {
  const value = decimalAt(row, index);
  return value !== null && Number.isInteger(value) && value >= 0 ? value : null;
}

/**
 * A plain decimal read from the bytes: `-12.345`, `0000113.31`, `168.0`. The digits are read as one
 * integer and divided by a power of ten, which rounds exactly as `Number(text)` does while both are
 * exact (up to 15 significant digits); longer numerals go through Number. Null when not a decimal.
 */
function decimalAt(row: CsvRow, index: number): number | null {
  const buffer = row.buffer;
  let i = row.starts[index]!;
  const end = row.ends[index]!;
  if (i === end) return null;
  let negative = false;
  if (buffer[i] === MINUS) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  let sawDigit = false;
  for (; i < end; i++) {
    const b = buffer[i]!;
    if (b >= ZERO && b <= NINE) {
      sawDigit = true;
      mantissa = mantissa * 10 + (b - ZERO);
      if (mantissa > 0 || decimals >= 0) digits++;
      if (decimals >= 0) decimals++;
    } else if (b === DOT && decimals < 0) decimals = 0;
    else if ((b === LOWER_E || b === UPPER_E) && sawDigit) return exponential(row.text(index));
    else return null;
  }
  if (!sawDigit) return null;
  if (digits > 15 || decimals > 15) {
    const value = Number(row.text(index));
    return Number.isFinite(value) ? value : null;
  }
  const value = decimals > 0 ? mantissa / POWERS[decimals]! : mantissa;
  return negative ? -value : value;
}

const LOWER_E = 0x65;
const UPPER_E = 0x45;
const EXPONENTIAL = /^-?(\d+\.?\d*|\.\d+)[eE][-+]?\d{1,3}$/;

/**
 * `1.5e3`: NHSBSA does not write numbers so, but the value is unambiguous and DuckDB (the other
 * engine, prescribing-duckdb.ts) reads it, so the two engines accept the same numbers.
 */
function exponential(text: string): number | null {
  if (!EXPONENTIAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

const LARGEST = 1e12;

export function numberAt(row: CsvRow, index: number, fields: FieldReader, what: string): number {
  if (row.isBlank(index)) throw fields.error(row, index, 'invalid_value', what, '');
  const value = decimalAt(row, index);
  if (value === null) throw fields.error(row, index, 'invalid_value', `${what} written as a decimal`);
  if (value > LARGEST || value < -LARGEST) {
    throw fields.error(row, index, 'implausible_value', `${what} between -10^12 and 10^12`);
  }
  return value;
}
