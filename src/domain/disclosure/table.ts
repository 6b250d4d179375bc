/**
 * Disclosure control for a table of counts with row and column totals. Primary suppression hides the
 * small counts; secondary suppression then makes sure no hidden count can be recovered by subtraction:
 * in every line (a row with its row total, or a column with its column total) the number of suppressed
 * figures must never be exactly one. When it is, the next smallest figure in that line is suppressed
 * too (a non-zero cell first, since hiding a zero beside the suppressed cell would not hide anything;
 * the total when no cell is left), and the whole check repeats until nothing changes.
 */
import { type DisclosureRule, isPrimarySuppressed, type PublishedCount, roundCount } from './rule.ts';

/** Interior cells by row then column; totals are computed from them (so they always add up). */
export interface CountTable {
  readonly cells: readonly (readonly number[])[];
  /** Whether the table publishes a total for each row (and so a row is a line to protect). */
  readonly rowTotals: boolean;
  /** Whether the table publishes a total for each column. */
  readonly columnTotals: boolean;
}

export interface ProtectedTable {
  readonly cells: PublishedCount[][];
  /** One per row when `rowTotals`, else empty. */
  readonly rowTotals: PublishedCount[];
  /** One per column when `columnTotals`, else empty. */
  readonly columnTotals: PublishedCount[];
  /** The grand total, when both kinds of total are published. */
  readonly grandTotal: PublishedCount | null;
}

/** A position in the table: an interior cell, a row total, a column total, or the grand total. */
type Slot = { r: number; c: number }; // r === rows → column total row; c === cols → row total column

export function protectTable(rule: DisclosureRule, table: CountTable): ProtectedTable {
  const rows = table.cells.length;
  const cols = rows === 0 ? 0 : Math.max(...table.cells.map((row) => row.length));
  // A full grid with totals in row `rows` and column `cols`: values and suppression flags.
  const value: number[][] = [];
  for (let r = 0; r <= rows; r++) value.push(new Array<number>(cols + 1).fill(0));
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const v = Math.round(table.cells[r]?.[c] ?? 0);
      value[r]![c] = v;
      value[r]![cols]! += v;
      value[rows]![c]! += v;
      value[rows]![cols]! += v;
    }
  const hidden: boolean[][] = value.map((row) => row.map((v) => isPrimarySuppressed(rule, v)));

  // The lines whose sum is published: each is a list of slots, the last one being the total.
  const lines: Slot[][] = [];
  if (table.rowTotals) {
    for (let r = 0; r < rows; r++) lines.push([...range(cols).map((c) => ({ r, c })), { r, c: cols }]);
    if (table.columnTotals) lines.push([...range(cols).map((c) => ({ r: rows, c })), { r: rows, c: cols }]);
  }
  if (table.columnTotals) {
    for (let c = 0; c < cols; c++) lines.push([...range(rows).map((r) => ({ r, c })), { r: rows, c }]);
    if (table.rowTotals) lines.push([...range(rows).map((r) => ({ r, c: cols })), { r: rows, c: cols }]);
  }

  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const suppressed = line.filter((s) => hidden[s.r]![s.c]).length;
      if (suppressed !== 1) continue;
      const next = nextToSuppress(line, value, hidden);
      if (next) {
        hidden[next.r]![next.c] = true;
        changed = true;
      }
    }
  }

  const publish = (r: number, c: number): PublishedCount =>
    hidden[r]![c] ? { kind: 'suppressed' } : { kind: 'shown', value: roundCount(rule, value[r]![c]!) };
  return {
    cells: range(rows).map((r) => range(cols).map((c) => publish(r, c))),
    rowTotals: table.rowTotals ? range(rows).map((r) => publish(r, cols)) : [],
    columnTotals: table.columnTotals ? range(cols).map((c) => publish(rows, c)) : [],
    grandTotal: table.rowTotals && table.columnTotals ? publish(rows, cols) : null,
  };
}

/** The smallest non-zero visible cell of the line, else the smallest visible cell, else its total. */
function nextToSuppress(line: Slot[], value: number[][], hidden: boolean[][]): Slot | null {
  const cells = line.slice(0, -1).filter((s) => !hidden[s.r]![s.c]);
  const bySize = (a: Slot, b: Slot) => value[a.r]![a.c]! - value[b.r]![b.c]!;
  const nonZero = cells.filter((s) => value[s.r]![s.c] !== 0).sort(bySize);
  if (nonZero[0]) return nonZero[0];
  const any = [...cells].sort(bySize);
  if (any[0]) return any[0];
  const total = line[line.length - 1]!;
  return hidden[total.r]![total.c] ? null : total;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
