/**
 * What a method hands back to the command: result columns and rows, optionally echoing the input rows
 * before them (ungrouped methods), and a JSON summary. Rendering to CSV or JSON lives here too, so
 * every method writes numbers, missing values and column names the same way.
 */
import { csvRecord } from './csv-writer.ts';
import { StatsDataError } from './errors.ts';
import type { InputTable } from './input-table.ts';
import { formatNumber, parseNumberCell } from './number-text.ts';

/** A result cell: numbers and flags as values, labels as text, missing as null. */
export type Cell = string | number | boolean | null;

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface StatsResult {
  /** Ungrouped methods: the input, whose row `echoRows[i]` is written before result row i. */
  echo?: { table: InputTable; rows: readonly number[] };
  /** Result column names, in the spec's order (grouped methods start with the group columns). */
  columns: string[];
  rows: Cell[][];
  /** The JSON `summary` object (an empty object for methods without one). */
  summary: { [key: string]: Json };
}

function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return formatNumber(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return cell;
}

/** Refuses input columns whose names a method would write again: the output must be unambiguous. */
export function checkColumnClash(result: StatsResult): void {
  if (!result.echo) return;
  const own = new Set(result.columns);
  const clash = result.echo.table.header.find((h) => own.has(h));
  if (clash !== undefined) {
    throw new StatsDataError(
      `the input already has a column named '${clash}', which this method writes; rename it first`,
      { column: clash },
    );
  }
}

export function renderCsv(result: StatsResult): string {
  const echo = result.echo;
  const header = echo ? [...echo.table.header, ...result.columns] : result.columns;
  const out: string[] = [csvRecord(header)];
  for (let i = 0; i < result.rows.length; i++) {
    const cells = result.rows[i]!.map(cellText);
    out.push(csvRecord(echo ? [...echo.table.rows[echo.rows[i]!]!, ...cells] : cells));
  }
  return out.join('');
}

function jsonCell(cell: Cell): Json {
  if (typeof cell === 'number' && !Number.isFinite(cell)) return null;
  return cell;
}

/** Input cells in JSON: numbers for the columns the method read as numbers, else text; empty is null. */
function jsonInputCell(table: InputTable, column: number, text: string): Json {
  if (text.trim() === '') return null;
  if (table.numericColumns.has(column)) {
    const parsed = parseNumberCell(text);
    if (parsed.kind === 'number') return parsed.value;
  }
  return text;
}

export function renderJson(result: StatsResult): string {
  const echo = result.echo;
  const lines: string[] = [];
  for (let i = 0; i < result.rows.length; i++) {
    const row: { [key: string]: Json } = {};
    if (echo) {
      const input = echo.table.rows[echo.rows[i]!]!;
      echo.table.header.forEach((name, c) => {
        row[name] = jsonInputCell(echo.table, c, input[c]!);
      });
    }
    result.columns.forEach((name, c) => {
      row[name] = jsonCell(result.rows[i]![c]!);
    });
    lines.push(JSON.stringify(row));
  }
  const rows = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n]`;
  return `{"rows": ${rows}, "summary": ${JSON.stringify(result.summary)}}\n`;
}
