/**
 * Reading the R reference fixtures in test/stats/reference/ (written by make-reference.R) and comparing
 * Fairview's numbers with them at the project's tolerance: relative 1e-9, absolute 1e-12 near zero.
 * A mismatch is collected rather than thrown, so one test reports every differing cell of a case.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../src/cli/stats/csv-reader.ts';

export const REFERENCE_DIR = fileURLToPath(new URL('./reference/', import.meta.url));

export type FixtureRow = Readonly<Record<string, string>>;

export function readFixture(name: string): FixtureRow[] {
  const table = parseCsv(readFileSync(`${REFERENCE_DIR}${name}.csv`, 'utf8'));
  return table.rows.map((cells) => Object.fromEntries(table.header.map((h, i) => [h, cells[i] ?? ''])));
}

/** A fixture cell as a number: empty is missing (R's NA); Inf, -Inf and NaN as R writes them. */
export function num(cell: string | undefined): number | null {
  if (cell === undefined || cell === '') return null;
  if (cell === 'Inf') return Number.POSITIVE_INFINITY;
  if (cell === '-Inf') return Number.NEGATIVE_INFINITY;
  if (cell === 'NaN') return Number.NaN;
  const value = Number(cell);
  assert.ok(!Number.isNaN(value), `fixture cell '${cell}' is not a number`);
  return value;
}

/** A fixture cell that must hold a number. */
export function req(cell: string | undefined): number {
  const value = num(cell);
  assert.ok(value !== null && !Number.isNaN(value), `fixture cell '${cell}' should hold a number`);
  return value;
}

export function bool(cell: string | undefined): boolean | null {
  if (cell === undefined || cell === '') return null;
  assert.ok(cell === 'TRUE' || cell === 'FALSE', `fixture cell '${cell}' is not TRUE/FALSE`);
  return cell === 'TRUE';
}

export function text(cell: string | undefined): string | null {
  return cell === undefined || cell === '' ? null : cell;
}

export const RELATIVE = 1e-9;
export const ABSOLUTE = 1e-12;

/** Whether two numbers agree: both missing, both the same infinity, or within 1e-9 relative / 1e-12 absolute. */
export function agrees(actual: number | null | undefined, expected: number | null): boolean {
  const a = actual === undefined || (actual !== null && Number.isNaN(actual)) ? null : actual;
  // R's NaN (e.g. qt with 0 degrees of freedom) is a missing value to Fairview.
  const e = expected !== null && Number.isNaN(expected) ? null : expected;
  if (a === null || e === null) return a === e;
  if (!Number.isFinite(e) || !Number.isFinite(a)) return a === e;
  const diff = Math.abs(a - e);
  return diff <= ABSOLUTE || diff <= RELATIVE * Math.abs(e);
}

/** Collects differences between Fairview and R for one case; `done()` fails the test listing them. */
export class Comparison {
  readonly problems: string[] = [];
  checked = 0;

  constructor(readonly name: string) {}

  number(label: string, actual: number | null | undefined, expected: number | null): void {
    this.checked++;
    if (!agrees(actual, expected)) {
      const rel =
        typeof actual === 'number' && expected !== null && expected !== 0
          ? ` (relative error ${(Math.abs(actual - expected) / Math.abs(expected)).toExponential(2)})`
          : '';
      this.problems.push(`${label}: Fairview ${actual} vs R ${expected}${rel}`);
    }
  }

  cell(label: string, actual: number | null | undefined, cell: string | undefined): void {
    this.number(label, actual, num(cell));
  }

  same<T>(label: string, actual: T, expected: T): void {
    this.checked++;
    if (actual !== expected)
      this.problems.push(`${label}: Fairview ${String(actual)} vs R ${String(expected)}`);
  }

  done(): void {
    assert.ok(this.checked > 0, `${this.name}: nothing was compared`);
    assert.equal(
      this.problems.length,
      0,
      `${this.name}: ${this.problems.length} of ${this.checked} values differ from R:\n  ${this.problems
        .slice(0, 40)
        .join('\n  ')}`,
    );
  }
}
