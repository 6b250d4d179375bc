// Bulk writes for importers (up to ~330k rows a file) and releases (millions of rows), the same on
// PGlite and PostgreSQL and usable inside a transaction: the one way Fairview bulk-writes.
// Rows go in with COPY … FROM STDIN (copy-rows.ts): straight into the table when a duplicate key is an
// error, else into a temporary table of the same columns first and from there with one
// `INSERT … SELECT … ON CONFLICT …`, so upserts keep their rules (docs/store.md, "Bulk writes").
import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import { copyRows } from './copy-rows.ts';
import type { Database, TableName } from './schema.ts';

export type OnConflict<T extends TableName> =
  /** Fail on a duplicate key (the default): an import that repeats a fact is a bad file. */
  | 'error'
  /** Keep the existing row. */
  | 'ignore'
  /**
   * Overwrite `update` columns of the existing row that has the same `target` key; `merge` columns
   * take the new value only where it is not null; `where` (SQL over `excluded` and the table) says
   * when to overwrite at all.
   */
  | {
      target: readonly (keyof Database[T] & string)[];
      update: readonly (keyof Database[T] & string)[];
      merge?: readonly (keyof Database[T] & string)[];
      where?: RawBuilder<unknown>;
    };

export interface InsertRowsOptions<T extends TableName> {
  onConflict?: OnConflict<T>;
  /** Rows per statement. Default 10,000. */
  batchSize?: number;
}

/**
 * Writes `rows` into `table` in batches and returns how many rows were written (inserted or updated).
 * Every row must have the same columns as the first; pass `null` for a missing value.
 * Pass the transaction (`trx`) to make the whole import one unit.
 */
export async function insertRows<T extends TableName>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  options: InsertRowsOptions<T> = {},
): Promise<number> {
  const first = rows[0];
  if (!first) return 0;
  const columns = Object.keys(first);
  const batchSize = options.batchSize ?? 100_000;
  const onConflict = options.onConflict ?? 'error';
  let written = 0;
  if (onConflict === 'error') {
    for (let start = 0; start < rows.length; start += batchSize)
      written += await copyRows(db, table, rows.slice(start, start + batchSize), columns);
    return written;
  }
  // COPY has no ON CONFLICT: stage the rows in a temporary table with the same column types.
  const stage = `fairview_stage_${table}`;
  const list = sql.join(columns.map((c) => sql.ref(c)));
  const conflict = conflictClause(table, onConflict);
  for (let start = 0; start < rows.length; start += batchSize) {
    await sql`drop table if exists ${sql.table(stage)}`.execute(db);
    await sql`create temporary table ${sql.table(stage)} as select ${list} from ${sql.table(table)} with no data`.execute(
      db,
    );
    await copyRows(db, stage, rows.slice(start, start + batchSize), columns);
    const result =
      await sql`insert into ${sql.table(table)} (${list}) select ${list} from ${sql.table(stage)} ${conflict}`.execute(
        db,
      );
    written += Number(result.numAffectedRows ?? 0);
    await sql`drop table ${sql.table(stage)}`.execute(db);
  }
  return written;
}

function conflictClause<T extends TableName>(table: T, onConflict: OnConflict<T>): RawBuilder<unknown> {
  if (onConflict === 'error') return sql``;
  if (onConflict === 'ignore') return sql`on conflict do nothing`;
  const target = sql.join(onConflict.target.map((c) => sql.ref(c)));
  const merge = onConflict.merge ?? [];
  if (onConflict.update.length === 0 && merge.length === 0) return sql`on conflict (${target}) do nothing`;
  const set = sql.join([
    ...onConflict.update.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`),
    ...merge.map(
      (c) => sql`${sql.ref(c)} = coalesce(excluded.${sql.ref(c)}, ${sql.ref(table)}.${sql.ref(c)})`,
    ),
  ]);
  const where = onConflict.where ? sql` where ${onConflict.where}` : sql``;
  return sql`on conflict (${target}) do update set ${set}${where}`;
}
