/**
 * The analyst's CSV as the methods see it: named columns, numeric columns read with errors that name
 * the data line and column, and rows gathered into groups for `--group-by`.
 */
import type { CsvTable } from './csv-reader.ts';
import { StatsDataError, StatsUsageError } from './errors.ts';
import { parseNumberCell } from './number-text.ts';

export class InputTable {
  readonly header: string[];
  readonly rows: string[][];
  readonly lines: number[];
  /** Columns the method read as numbers: JSON output writes these input cells as numbers. */
  readonly numericColumns = new Set<number>();

  constructor(csv: CsvTable) {
    this.header = csv.header;
    this.rows = csv.rows;
    this.lines = csv.lines;
  }

  get length(): number {
    return this.rows.length;
  }

  /** The index of a column named by an option; an unknown or ambiguous name is a data error. */
  column(name: string, option: string): number {
    const first = this.header.indexOf(name);
    if (first < 0) {
      throw new StatsDataError(
        `column '${name}' (given by --${option}) is not in the input; its columns are ${this.header.map((h) => `'${h}'`).join(', ')}`,
        { column: name },
      );
    }
    if (this.header.indexOf(name, first + 1) >= 0) {
      throw new StatsDataError(
        `column '${name}' (given by --${option}) appears more than once in the header`,
        {
          column: name,
        },
      );
    }
    return first;
  }

  /** Reads a column as numbers (empty = null); text that is not a number is an error naming its line. */
  numbers(name: string, option: string): (number | null)[] {
    const c = this.column(name, option);
    this.numericColumns.add(c);
    return this.rows.map((row, r) => {
      const parsed = parseNumberCell(row[c]!);
      if (parsed.kind === 'number') return parsed.value;
      if (parsed.kind === 'missing') return null;
      throw new StatsDataError(`'${row[c]}' is not a number`, { line: this.lines[r]!, column: name });
    });
  }

  /** Reads a column as text, exactly as written. */
  texts(name: string, option: string): string[] {
    const c = this.column(name, option);
    return this.rows.map((row) => row[c]!);
  }

  /** The data line of row index r (1 = first row after the header). */
  line(r: number): number {
    return this.lines[r]!;
  }
}

/** One group of rows for `--group-by`: its key cells (in the group-by column order) and its row indexes. */
export interface RowGroup {
  key: string[];
  rows: number[];
}

/**
 * Gathers rows into groups in the order R's dplyr writes them: sorted by the group columns, each
 * compared as numbers when every value in that column is a number, else as text in byte order
 * (the C locale dplyr uses). Empty keys sort last, as R sorts NA last.
 */
export function groupRows(table: InputTable, columns: readonly string[], option = 'group-by'): RowGroup[] {
  const indexes = columns.map((name) => table.column(name, option));
  const byKey = new Map<string, RowGroup>();
  for (let r = 0; r < table.length; r++) {
    const key = indexes.map((c) => table.rows[r]![c]!);
    const id = JSON.stringify(key);
    let group = byKey.get(id);
    if (!group) {
      group = { key, rows: [] };
      byKey.set(id, group);
    }
    group.rows.push(r);
  }
  const groups = [...byKey.values()];
  const numeric = indexes.map((c) =>
    table.rows.every((row) => {
      const p = parseNumberCell(row[c]!);
      return p.kind !== 'invalid';
    }),
  );
  groups.sort((a, b) => {
    for (let k = 0; k < indexes.length; k++) {
      const x = a.key[k]!;
      const y = b.key[k]!;
      if (x === y) continue;
      if (x.trim() === '') return 1;
      if (y.trim() === '') return -1;
      if (numeric[k]) {
        const d = Number(x) - Number(y);
        if (d !== 0) return d;
      }
      return x < y ? -1 : 1;
    }
    return 0;
  });
  return groups;
}

/**
 * Groups for a library call: the sorted groups, and for each input row its group's index as text
 * (the library groups by that key; results are matched back to `groups` by it).
 */
export function groupKeys(
  table: InputTable,
  columns: readonly string[],
): { groups: RowGroup[]; groupOf: string[] } {
  const groups = groupRows(table, columns);
  const groupOf: string[] = new Array(table.length);
  groups.forEach((g, k) => {
    for (const r of g.rows) groupOf[r] = String(k);
  });
  return { groups, groupOf };
}

/** Rejects an option combination that the method needs but was not given, e.g. DSR without groups. */
export function requireGroups(columns: readonly string[], method: string): void {
  if (columns.length === 0) throw new StatsUsageError(`method '${method}' needs --group-by`);
}
