/**
 * Numbers as text, both ways.
 *
 * Writing: JavaScript's `String(x)` is the shortest text that reads back as the same double, which is
 * exactly the spec's "full precision". It switches to exponent form below 1e-6 and from 1e21 (`1e-7`,
 * `2.5e+21`); every CSV reader we know (R, pandas, Excel, `Number()`) reads those back unchanged, so
 * they are kept rather than padded out. Infinities (a SHMI z-score for zero deaths) are written as R
 * writes them, `Inf` / `-Inf`, which R and pandas read back; NaN never leaves as a number (missing).
 *
 * Reading: only plain decimal numbers are accepted (optionally signed, with a fraction and exponent).
 * `Number()` alone would take `''`, `' '`, `0x1F` and `Infinity`, which are not numbers an analyst meant.
 */

/** Shortest round-tripping text for a number; `null` and NaN are missing (empty). */
export function formatNumber(x: number | null): string {
  if (x === null || Number.isNaN(x)) return '';
  if (x === Number.POSITIVE_INFINITY) return 'Inf';
  if (x === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(x);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The result of reading one cell: a number, missing, or text that is not a number. */
export type ParsedCell = { kind: 'number'; value: number } | { kind: 'missing' } | { kind: 'invalid' };

/** Reads a cell as a number. Surrounding spaces are ignored; an empty cell is missing. */
export function parseNumberCell(text: string): ParsedCell {
  const t = text.trim();
  if (t === '') return { kind: 'missing' };
  if (!DECIMAL.test(t)) return { kind: 'invalid' };
  const value = Number(t);
  if (!Number.isFinite(value)) return { kind: 'invalid' };
  return { kind: 'number', value };
}
