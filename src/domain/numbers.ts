// Numbers as published files write them: plain decimals only. JavaScript's Number() also reads
// `0x10` (16), `1e23`, `0b11`, `Infinity` and ` ` (0), none of which an NHS publication writes and
// all of which have reached the store through it; every reader parses with this instead.

/** `12`, `-3`, `+4.50`, `.5`, `113.0`; thousands separators only when asked (`1,234.56`). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * The value of a plain decimal numeral, or null when `text` is anything else (hex, exponents,
 * words, blanks). `thousands` also accepts `1,234,567.89` as printed in the payments files.
 */
export function parseDecimal(text: string, options: { thousands?: boolean } = {}): number | null {
  const t = text.trim();
  if (DECIMAL.test(t)) return Number(t);
  if (options.thousands && GROUPED.test(t)) return Number(t.replaceAll(',', ''));
  return null;
}

/** Decimal places a numeral needs (`557.86` → 2, `113.0` → 0), for columns that allow only so many. */
export function decimalPlaces(text: string): number {
  const t = text.trim();
  const dot = t.indexOf('.');
  return dot < 0 ? 0 : t.slice(dot + 1).replace(/0+$/, '').length;
}

// Numbers written for people, in British English (`1,234.56`). `toLocaleString` with options builds a
// new Intl.NumberFormat on every call (~60 µs here, against ~1.5 µs for a kept one), which was a
// tenth of a second of every area overview page under load (issue 11); so every formatter is built
// once per set of options and kept. (Without options V8 keeps its own, so `toLocaleString('en-GB')` stays.)
const FORMATS = new Map<string, Intl.NumberFormat>();

export interface NumberFormatOptions {
  minimumFractionDigits?: number;
  maximumFractionDigits?: number;
}

/** `value` as `en-GB` writes it (grouped thousands), with these fraction digits. */
export function formatEnGB(value: number, options: NumberFormatOptions = {}): string {
  const { minimumFractionDigits: min, maximumFractionDigits: max } = options;
  const key = `${min ?? ''}/${max ?? ''}`;
  let format = FORMATS.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', options);
    FORMATS.set(key, format);
  }
  return format.format(value);
}
