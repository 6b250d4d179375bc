// Migration 026 (issue 15, "incremental release after one monthly file ≤ 5 s"): an indicator's rows
// are stored once, by the release that computed them, and every later release whose inputs for that
// indicator are unchanged refers to them instead of copying them (a copy of the demo's unchanged
// indicators was 2.1M rows and ~50 s of a ~63 s incremental release).
//
// Each of the six per-indicator tables (result, funnel_fit, casemix_fit, judgment_fit, spc_point,
// spc_summary) becomes `<table>_rows`, whose release_id is the release that COMPUTED the rows; and
// `<table>` becomes a view of the same columns in the same order, with release_id the release that
// HOLDS them: each release_indicator row names the release its rows were computed in
// (`computed_in`), and the view joins through it. Every reader is unchanged; the planner carries a
// reader's `release_id = …` and `indicator_id = …` to release_indicator's primary key and probes the
// rows' own indexes with `computed_in`. Writers COPY into `<table>_rows` (src/app/compute/sink.ts).
//
// `computed_in` references release without a cascade: deleting a release whose rows another release
// still refers to fails (when its transaction commits) instead of taking the other release's rows with it; the one place a release is
// deleted (a release replaced by one of the same name) hands such rows over first
// (src/app/compute/shared-rows.ts). A migration that adds a column to one of these tables must create
// its view again (this one reads the columns from the catalogue).
import { type Kysely, sql } from 'kysely';

const TABLES = ['result', 'funnel_fit', 'casemix_fit', 'judgment_fit', 'spc_point', 'spc_summary'];
const PEER_TABLES = ['peer', 'peer_group'];

async function columnsOf(db: Kysely<unknown>, table: string): Promise<string[]> {
  const rows = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}
    order by ordinal_position`.execute(db);
  return rows.rows.map((r) => r.column_name);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE release_indicator ADD COLUMN computed_in integer`.execute(db);
  await sql`UPDATE release_indicator SET computed_in = release_id`.execute(db);
  await sql`ALTER TABLE release_indicator ALTER COLUMN computed_in SET NOT NULL`.execute(db);
  // Checked when the transaction commits: one statement deleting several releases removes their
  // release_indicator rows by cascade one release at a time, and an immediate check would find a
  // reference that the same statement is about to remove. (Added after the update above: a deferred
  // check pending on the table would forbid the ALTER.)
  await sql`ALTER TABLE release_indicator ADD CONSTRAINT release_indicator_computed_in_fkey
    FOREIGN KEY (computed_in) REFERENCES release (id) DEFERRABLE INITIALLY DEFERRED`.execute(db);
  // Rows per table of the indicator in the release ({"result": n, …}; null before this migration), so
  // a release that refers to them counts them without reading them.
  await sql`ALTER TABLE release_indicator ADD COLUMN row_counts text`.execute(db);
  await sql`CREATE INDEX release_indicator_computed_in ON release_indicator (computed_in, indicator_id)`.execute(
    db,
  );
  for (const table of TABLES)
    await viewOfStoredRows(
      db,
      table,
      'held.release_id',
      `release_indicator held JOIN ${table}_rows computed
         ON computed.release_id = held.computed_in AND computed.indicator_id = held.indicator_id`,
    );
  await sql`ALTER TABLE release ADD COLUMN peers_computed_in integer
    REFERENCES release (id) DEFERRABLE INITIALLY DEFERRED`.execute(db);
  // What the peer groups were computed from (null before this migration: never referred to).
  await sql`ALTER TABLE release ADD COLUMN peers_inputs_hash text, ADD COLUMN peers_checksum text`.execute(
    db,
  );
  await sql`CREATE INDEX release_peers_computed_in ON release (peers_computed_in)`.execute(db);
  for (const table of PEER_TABLES)
    await viewOfStoredRows(
      db,
      table,
      'held.id AS release_id',
      `release held JOIN ${table}_rows computed
         ON computed.release_id = coalesce(held.peers_computed_in, held.id)`,
    );
}

/**
 * `table` becomes `<table>_rows`, and `table` a view of the same columns in the same order: release_id
 * as `releaseId` gives it (the release holding the rows), the others from `computed` in `from`.
 */
async function viewOfStoredRows(
  db: Kysely<unknown>,
  table: string,
  releaseId: string,
  from: string,
): Promise<void> {
  const columns = await columnsOf(db, table);
  await sql.raw(`ALTER TABLE ${table} RENAME TO ${table}_rows`).execute(db);
  const list = columns.map((c) => (c === 'release_id' ? releaseId : `computed.${c}`)).join(', ');
  await sql.raw(`CREATE VIEW ${table} AS SELECT ${list} FROM ${from}`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES)
    await storedRowsAsTable(
      db,
      table,
      `EXISTS (SELECT 1 FROM release_indicator ri WHERE ri.release_id = held.release_id
         AND ri.indicator_id = held.indicator_id AND ri.computed_in <> ri.release_id)`,
    );
  await sql`ALTER TABLE release_indicator DROP COLUMN computed_in, DROP COLUMN row_counts`.execute(db);
  for (const table of PEER_TABLES)
    await storedRowsAsTable(
      db,
      table,
      'EXISTS (SELECT 1 FROM release r WHERE r.id = held.release_id AND r.peers_computed_in <> r.id)',
    );
  await sql`ALTER TABLE release DROP COLUMN peers_computed_in, DROP COLUMN peers_inputs_hash,
    DROP COLUMN peers_checksum`.execute(db);
}

/**
 * The view `table` goes and `<table>_rows` becomes `table` again, with the rows each release referred
 * to but did not compute (the view's rows `held` where `referred` holds) written out as its own.
 */
async function storedRowsAsTable(db: Kysely<unknown>, table: string, referred: string): Promise<void> {
  const columns = (await columnsOf(db, `${table}_rows`)).join(', ');
  await sql
    .raw(`CREATE TEMPORARY TABLE ${table}_referred AS SELECT ${columns} FROM ${table} held WHERE ${referred}`)
    .execute(db);
  await sql.raw(`DROP VIEW ${table}`).execute(db);
  await sql.raw(`ALTER TABLE ${table}_rows RENAME TO ${table}`).execute(db);
  await sql.raw(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${table}_referred`).execute(db);
  await sql.raw(`DROP TABLE ${table}_referred`).execute(db);
}
