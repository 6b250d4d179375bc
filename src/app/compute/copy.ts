// Copying indicators' rows from an earlier release into the one being made, inside its transaction:
// one `INSERT … SELECT` per table (results, funnel fits, case-mix fits, judgment fits, SPC points and
// summaries), so the rows never leave the database. Used when the indicator's inputs hash (inputs.ts) equals the
// one stored for it in that release: same definition, methods, facts, hierarchy, case-mix sources
// and peer groups, hence the same rows.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { ReleaseTableName } from './sink.ts';

export const INDICATOR_TABLES = [
  'result',
  'funnel_fit',
  'casemix_fit',
  'judgment_fit',
  'spc_point',
  'spc_summary',
] as const;
type IndicatorTable = (typeof INDICATOR_TABLES)[number] & ReleaseTableName;

/** The columns of each indicator table other than release_id, in table order. */
export type IndicatorTableColumns = ReadonlyMap<IndicatorTable, readonly string[]>;

export async function indicatorTableColumns(db: Kysely<Database>): Promise<IndicatorTableColumns> {
  const rows = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and table_name in (${sql.join([...INDICATOR_TABLES])})
    order by table_name, ordinal_position`.execute(db);
  const out = new Map<IndicatorTable, string[]>();
  for (const table of INDICATOR_TABLES) out.set(table, []);
  for (const r of rows.rows)
    if (r.column_name !== 'release_id') out.get(r.table_name as IndicatorTable)!.push(r.column_name);
  return out;
}

/**
 * Copies the rows of `indicatorIds` in release `from` into release `to`, one statement per table for
 * them all (not one per indicator and table: the database does the same work in a fiftieth of the
 * statements); returns rows copied per table.
 */
export async function copyIndicatorRows(
  db: Kysely<Database>,
  columns: IndicatorTableColumns,
  from: number,
  to: number,
  indicatorIds: readonly number[],
): Promise<Record<IndicatorTable, number>> {
  const counts = {} as Record<IndicatorTable, number>;
  for (const table of INDICATOR_TABLES) {
    counts[table] = 0;
    if (indicatorIds.length === 0) continue;
    const list = sql.join(columns.get(table)!.map((c) => sql.ref(c)));
    const result = await sql`
      insert into ${sql.table(table)} (release_id, ${list})
      select ${to}, ${list} from ${sql.table(table)}
      where release_id = ${from} and indicator_id in (${sql.join([...indicatorIds])})`.execute(db);
    counts[table] = Number(result.numAffectedRows ?? 0n);
  }
  return counts;
}
