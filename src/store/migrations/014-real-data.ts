// Real data as it really comes (issue 13; docs/importing.md):
// - refused rows are kept with the import that refused them (import_row_rejection), and counted;
// - every file's statement about an organisation is kept with the file's extract date
//   (organisation_observation), so `organisation` can be resolved "newest wins by extract date"
//   whatever the order the files were imported in (src/app/import/newest-wins.ts);
// - a membership says which file's date it rests on (as_of, the tie-break when two files observe the
//   same child on the same day) and, where the source says so, the last day it held (ended_on:
//   ODS epcmem leave dates, epraccur's left-parent and close dates);
// - lineage candidates found from yearly snapshots wait for an administrator's decision;
// - QOF's per-practice points (revised maximum, achieved, available) have a table of their own.
import { type Kysely, sql } from 'kysely';

const KINDS = `('country', 'region', 'icb', 'sub_icb', 'pcn', 'practice')`;

const statements = [
  `ALTER TABLE import_batch ADD COLUMN rows_rejected integer NOT NULL DEFAULT 0`,
  `CREATE TABLE import_row_rejection (
    id serial PRIMARY KEY,
    batch_id integer NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
    file_name text NOT NULL,
    line integer,
    column_name text,
    value text,
    code text NOT NULL,
    message text NOT NULL
  )`,
  `CREATE INDEX import_row_rejection_batch ON import_row_rejection (batch_id, id)`,

  `CREATE TABLE organisation_observation (
    code text NOT NULL,
    batch_id integer NOT NULL REFERENCES import_batch (id),
    as_of date,
    kind text NOT NULL CHECK (kind IN ${KINDS}),
    name text,
    ons_code text,
    postcode text,
    open_date date,
    close_date date,
    status text CHECK (status IN ('active', 'closed', 'dormant', 'proposed')),
    contract_type text,
    rurality text,
    PRIMARY KEY (code, batch_id)
  )`,
  `CREATE INDEX organisation_observation_batch ON organisation_observation (batch_id)`,
  // What the store held before: each organisation as its last file described it, undated (so any
  // dated statement of a later import outranks it).
  `INSERT INTO organisation_observation
     (code, batch_id, as_of, kind, name, ons_code, postcode, open_date, close_date, status, contract_type, rurality)
   SELECT code, batch_id, NULL, kind, name, ons_code, postcode, open_date, close_date, status, contract_type, rurality
   FROM organisation WHERE batch_id IS NOT NULL`,

  // Null (rows written before, or by hand) counts as observed_on.
  `ALTER TABLE organisation_membership ADD COLUMN as_of date`,
  `ALTER TABLE organisation_membership ADD COLUMN ended_on date`,

  `CREATE TABLE lineage_candidate (
    id serial PRIMARY KEY,
    predecessor_code text NOT NULL,
    successor_code text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('merger', 'succession')),
    close_date date,
    last_extract date NOT NULL,
    next_extract date NOT NULL,
    closed_list integer NOT NULL,
    successor_before integer,
    successor_after integer NOT NULL,
    proximity text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
    decided_by text,
    decided_at timestamptz,
    decision_note text,
    lineage_id integer REFERENCES organisation_lineage (id) ON DELETE SET NULL,
    found_at timestamptz NOT NULL,
    UNIQUE (predecessor_code, successor_code)
  )`,
  `CREATE INDEX lineage_candidate_status ON lineage_candidate (status, predecessor_code)`,

  `CREATE TABLE qof_practice (
    practice_code text NOT NULL,
    qof_year text NOT NULL,
    revised_max_points numeric,
    achieved_points numeric,
    max_points_available numeric,
    list_size integer,
    batch_id integer NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (practice_code, qof_year)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'qof_practice',
    'lineage_candidate',
    'organisation_observation',
    'import_row_rejection',
  ])
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  await sql.raw('ALTER TABLE organisation_membership DROP COLUMN IF EXISTS ended_on').execute(db);
  await sql.raw('ALTER TABLE organisation_membership DROP COLUMN IF EXISTS as_of').execute(db);
  await sql.raw('ALTER TABLE import_batch DROP COLUMN IF EXISTS rows_rejected').execute(db);
}
