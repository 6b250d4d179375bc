// Migration 027 (issue 15, "indexes and constraints that slow bulk loads are handled deliberately"):
// the facts' foreign keys to import_batch are replaced by one guard on import_batch itself.
//
// A foreign key is checked row by row: every row an import writes into a fact table fired a trigger
// that probed import_batch's primary key, a quarter of a PostgreSQL import of five demo files (24.4–25.5 s
// with the keys, 16.8–20.3 s without them, alternately; docs/decisions.md, "The facts' batch keys
// checked once"). That check can never fail: every fact's batch_id is the id of the import writing it,
// inserted in the same transaction just before (FactWriter, src/app/import/fact-writer.ts, is the
// facts' one writer). What the keys also gave, that an import batch cannot be deleted while a fact
// names it, is kept by a trigger on import_batch: a delete (nothing in Fairview deletes one) looks in
// every fact table, once per batch deleted, and fails as the key would have (SQLSTATE 23503).
// The other tables keep their keys: they are written a row or a few at a time.
import { type Kysely, sql } from 'kysely';

/** The fact tables an import bulk-writes (src/app/import/fact-rows.ts, newest-wins.ts). */
export const FACT_TABLES_GUARDED = [
  'organisation_observation',
  'organisation_membership',
  'list_size',
  'population',
  'qof_prevalence',
  'qof_indicator',
  'qof_achievement',
  'qof_practice',
  'indicator_value',
  'imd_score',
  'payment',
  'practice_list_figure',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of FACT_TABLES_GUARDED) {
    const keys = await sql<{ conname: string }>`
      select conname from pg_constraint
      where contype = 'f' and conrelid = ${table}::regclass and confrelid = 'import_batch'::regclass`.execute(
      db,
    );
    for (const { conname } of keys.rows)
      await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.ref(conname)}`.execute(db);
  }
  const inUse = FACT_TABLES_GUARDED.map((t) => `EXISTS (SELECT 1 FROM ${t} WHERE batch_id = OLD.id)`).join(
    '\n       OR ',
  );
  await sql
    .raw(`CREATE FUNCTION import_batch_in_use() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF ${inUse} THEN
        RAISE EXCEPTION 'import batch % is still named by the facts it imported', OLD.id
          USING ERRCODE = 'foreign_key_violation';
      END IF;
      RETURN OLD;
    END $$`)
    .execute(db);
  await sql`CREATE TRIGGER import_batch_kept_while_named BEFORE DELETE ON import_batch
    FOR EACH ROW EXECUTE FUNCTION import_batch_in_use()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS import_batch_kept_while_named ON import_batch`.execute(db);
  await sql`DROP FUNCTION IF EXISTS import_batch_in_use()`.execute(db);
  for (const table of FACT_TABLES_GUARDED)
    await sql`ALTER TABLE ${sql.table(table)} ADD FOREIGN KEY (batch_id) REFERENCES import_batch (id)`.execute(
      db,
    );
}
