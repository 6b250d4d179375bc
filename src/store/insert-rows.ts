// Bulk insert for importers (up to ~330k rows a file), the same on PGlite and PostgreSQL and usable
// inside a transaction. Each batch is ONE statement with one array parameter per column:
//   INSERT INTO t (a, b) SELECT * FROM unnest($1::text[], $2::date[])
// so the 65,535 bind-parameter limit never applies, and PostgreSQL parses a few long array literals
// instead of hundreds of thousands of placeholders. COPY FROM STDIN would be faster on PostgreSQL but
// PGlite does not support it, and one code path is worth more than the difference (docs/store.md).
import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
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
 * Inserts `rows` into `table` in batches and returns how many rows were written (inserted or updated).
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
  const types = await columnTypes(db, table, columns);
  const batchSize = options.batchSize ?? 10_000;
  const conflict = conflictClause(table, options.onConflict ?? 'error');
  const target = sql.join(columns.map((c) => sql.ref(c)));
  let written = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const arrays = columnArrays(rows, columns, start, Math.min(rows.length, start + batchSize));
    const unnest = sql.join(arrays.map((values, i) => sql`${sql.val(values)}::${sql.raw(`${types[i]}[]`)}`));
    const result =
      await sql`insert into ${sql.table(table)} (${target}) select * from unnest(${unnest}) ${conflict}`.execute(
        db,
      );
    written += Number(result.numAffectedRows ?? 0);
  }
  return written;
}

/** Turns rows[start..end) into one array per column, checking every row has exactly those columns. */
function columnArrays(
  rows: readonly object[],
  columns: readonly string[],
  start: number,
  end: number,
): unknown[][] {
  const arrays = columns.map(() => new Array<unknown>(end - start));
  for (let r = start; r < end; r++) {
    const row = rows[r] as Record<string, unknown>;
    let count = 0;
    for (const key in row) if (Object.hasOwn(row, key)) count++;
    if (count !== columns.length) {
      throw new Error(
        `insertRows: row ${r} has columns ${Object.keys(row).join(', ')}; expected ${columns.join(', ')}`,
      );
    }
    for (let c = 0; c < columns.length; c++) {
      const value = row[columns[c]!];
      if (value === undefined)
        throw new Error(`insertRows: row ${r} has no value for ${columns[c]} (use null)`);
      arrays[c]![r - start] = value;
    }
  }
  return arrays;
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

// Column types come from the catalogue, so a migration that changes a type needs no change here.
const typeCache = new Map<string, Map<string, string>>();

async function columnTypes(
  db: Kysely<Database>,
  table: string,
  columns: readonly string[],
): Promise<string[]> {
  let types = typeCache.get(table);
  if (!types || columns.some((c) => !types?.has(c))) {
    const result = await sql<{ name: string; type: string }>`
      select attname as name, format_type(atttypid, atttypmod) as type
      from pg_attribute
      where attrelid = ${table}::regclass and attnum > 0 and not attisdropped`.execute(db);
    types = new Map(result.rows.map((r) => [r.name, r.type]));
    typeCache.set(table, types);
  }
  return columns.map((c) => {
    const type = types.get(c);
    if (!type) throw new Error(`insertRows: ${table} has no column ${c}`);
    return type;
  });
}
