/**
 * A table of plain values: what every benchmarking page shows as its accessible table, and what it
 * exports as CSV and Excel. Numbers stay numbers (null when missing) so a spreadsheet can sort them.
 */
export type Cell = string | number | null;

export interface DataColumn {
  /** The header as people read it, e.g. "Value (%)". */
  label: string;
  /** Numbers: right-aligned on the page, written as numbers in the spreadsheet. */
  numeric?: boolean;
  /** Decimal places on the page (exports keep every digit). */
  digits?: number;
}

export interface DataTable {
  /** Names the table (the HTML caption, the sheet name, the file name). */
  title: string;
  columns: DataColumn[];
  rows: Cell[][];
}

/** A file name from a title: letters, digits and hyphens only. */
export function fileNameFor(title: string, extension: string): string {
  const stem = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${stem || 'table'}.${extension}`;
}
