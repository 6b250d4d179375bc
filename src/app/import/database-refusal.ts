// When the database refuses a batch of facts the readers let through (a text too long for an index
// entry, a value out of a column's range, a constraint), the raw PostgreSQL message names neither
// the file nor the row. This finds the row: the batch was written under a savepoint, so after
// rolling back to it the rows are tried again in halves (each try rolled back too) until one row is
// left; its line is known, and its column is found by matching the refused value in that line of
// the file. Runs only on the way to rejecting a file, so its cost does not matter.

import { type Kysely, sql } from 'kysely';
import { ImportError } from '../../ingest/import-error.ts';
import type { Database } from '../../store/schema.ts';
import { readLine } from './locate-row.ts';

export interface Located {
  /** The part the fact came from: `file.csv` or `archive.zip!entry.csv`. */
  file: string;
  line: number;
}

/** A savepoint around one write, so a refusal leaves the import's transaction usable for the search. */
export async function withSavepoint<T>(db: Kysely<Database>, write: () => Promise<T>): Promise<T> {
  await sql`savepoint fact_write`.execute(db);
  try {
    const result = await write();
    await sql`release savepoint fact_write`.execute(db);
    return result;
  } catch (error) {
    await sql`rollback to savepoint fact_write`.execute(db);
    throw error;
  }
}

/**
 * The refusal as an ImportError naming file, line and column. `write` writes a subset of `rows`;
 * `where[i]` is where `rows[i]` came from; `path` is the imported file (to read the line back).
 */
export async function refusalOf<R extends object>(
  db: Kysely<Database>,
  path: string,
  hasHeader: boolean,
  rows: readonly R[],
  where: readonly Located[],
  write: (rows: readonly R[]) => Promise<unknown>,
  error: unknown,
): Promise<ImportError> {
  let lo = 0;
  let hi = rows.length;
  let cause = error;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const failure = await tryWrite(db, () => write(rows.slice(lo, mid)));
    if (failure === null) lo = mid;
    else {
      hi = mid;
      cause = failure;
    }
  }
  if (hi - lo === 1) cause = (await tryWrite(db, () => write(rows.slice(lo, hi)))) ?? cause;
  const row = rows[lo] as Record<string, unknown> | undefined;
  const at = where[lo];
  const suspect = row ? suspectOf(row, cause) : null;
  let column = suspect?.column ?? null;
  let found = suspect ? text(suspect.value) : null;
  if (at && suspect) {
    const line = await readLine(path, at.file, at.line, hasHeader).catch(() => null);
    const index = line?.fields.findIndex((f) => sameValue(f, suspect.value)) ?? -1;
    if (line && index >= 0) {
      column = line.header?.[index] ?? `column ${index + 1}`;
      found = line.fields[index]!;
    }
  }
  return new ImportError(
    {
      code: 'database_refused',
      file: at?.file ?? path,
      line: at?.line ?? null,
      column,
      expected: 'a value the database can store',
      found,
    },
    `the database said: ${messageOf(cause)}`,
  );
}

async function tryWrite(db: Kysely<Database>, write: () => Promise<unknown>): Promise<unknown | null> {
  await sql`savepoint fact_try`.execute(db);
  try {
    await write();
    return null;
  } catch (error) {
    return error;
  } finally {
    await sql`rollback to savepoint fact_try`.execute(db);
  }
}

interface Suspect {
  column: string;
  value: unknown;
}

/** Which value of the refused row the error is about: named by the database, else by its shape. */
function suspectOf(row: Record<string, unknown>, error: unknown): Suspect | null {
  const e = error as { column?: unknown; constraint?: unknown; message?: unknown } | null;
  const named = typeof e?.column === 'string' ? e.column : null;
  if (named && named in row) return { column: named, value: row[named] };
  // A CHECK constraint is named `<table>_<column>_check` (001-initial-schema.ts and after).
  const constraint = typeof e?.constraint === 'string' ? e.constraint : '';
  for (const key of Object.keys(row)) {
    if (constraint.endsWith(`_${key}_check`)) return { column: key, value: row[key] };
  }
  const entries = Object.entries(row).filter(([key]) => key !== 'batch_id');
  const nul = entries.find(([, v]) => typeof v === 'string' && v.includes('\u0000'));
  if (nul) return { column: nul[0], value: nul[1] };
  const huge = entries.find(
    ([, v]) => typeof v === 'number' && (!Number.isSafeInteger(v) || Math.abs(v) > 2 ** 31),
  );
  if (huge && /out of range|overflow/i.test(messageOf(error))) return { column: huge[0], value: huge[1] };
  const longest = entries
    .filter(([, v]) => typeof v === 'string')
    .sort((a, b) => (b[1] as string).length - (a[1] as string).length)[0];
  if (longest && /index row|too long|exceeds/i.test(messageOf(error)))
    return { column: longest[0], value: longest[1] };
  return null;
}

function sameValue(field: string, value: unknown): boolean {
  if (typeof value === 'string') return field.trim() === value;
  if (typeof value === 'number') return field.trim() !== '' && Number(field.trim()) === value;
  return false;
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
