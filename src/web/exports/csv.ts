/**
 * CSV as RFC 4180 writes it (CRLF, fields quoted when they hold a comma, quote or line break), with a
 * UTF-8 byte-order mark so Excel reads names like "Ashgrove – Surgery" correctly. Numbers are written
 * with every digit; a missing value is an empty field.
 */
import type { Cell, DataTable } from './data-table.ts';

/** A cell starting with = + - @ would run as a formula in a spreadsheet: quote it as text. */
const FORMULA_START = /^[=+\-@\t\r]/;

function field(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: DataTable): string {
  const lines = [table.columns.map((c) => field(c.label)), ...table.rows.map((r) => r.map(field))];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}
