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

/**
 * The columns at `columns` of `table`, in that order (every row likewise), titled with its title and
 * `suffix`: for showing a wide table as narrower ones while its export stays whole.
 */
export function pickColumns(table: DataTable, columns: readonly number[], suffix = ''): DataTable {
  for (const c of columns)
    if (!Number.isInteger(c) || c < 0 || c >= table.columns.length)
      throw new RangeError(`${table.title} has no column ${c}`);
  return {
    ...table,
    title: `${table.title}${suffix}`,
    columns: columns.map((c) => table.columns[c]!),
    rows: table.rows.map((row) => columns.map((c) => row[c] ?? null)),
  };
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
