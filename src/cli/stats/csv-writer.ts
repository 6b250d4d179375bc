/**
 * RFC 4180 CSV output: a field is quoted only when it must be (it holds a comma, a quote, a line
 * break, or leading/trailing spaces that a lenient reader might trim), quotes are doubled, and records
 * end with LF.
 */

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}
