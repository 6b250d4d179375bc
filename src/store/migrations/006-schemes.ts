// Incentive schemes (docs/schemes.md): QOF achievement facts, scheme definitions and their versions,
// calculations and their statement lines. A calculation's lines are written with it in one
// transaction; the checksum covers the statements' CSV text, so a recalculation from the same inputs
// can be proven identical. Statement numbers are `double precision` (bit for bit, as results are).
import { type Kysely, sql } from 'kysely';

const statements = [
  // The published QOF achievement files, long format: one row per practice × indicator × measure.
  `CREATE TABLE qof_achievement (
    practice_code text NOT NULL,
    qof_year text NOT NULL,
    indicator_code text NOT NULL,
    measure text NOT NULL CHECK (measure IN ('REGISTER', 'NEWLY_DIAGNOSED', 'NUMERATOR', 'DENOMINATOR', 'PCAS', 'ACHIEVED_POINTS')),
    value double precision NOT NULL,
    batch_id integer NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (qof_year, indicator_code, practice_code, measure)
  )`,
  'CREATE INDEX qof_achievement_practice ON qof_achievement (practice_code, qof_year)',

  `CREATE TABLE scheme (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('qof', 'quality_premium', 'local')),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL
  )`,
  `CREATE TABLE scheme_version (
    id serial PRIMARY KEY,
    scheme_id integer NOT NULL REFERENCES scheme (id),
    version integer NOT NULL CHECK (version >= 1),
    name text NOT NULL,
    year text NOT NULL,
    definition jsonb NOT NULL,
    definition_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    UNIQUE (scheme_id, version)
  )`,

  // status is free text for the approval workflow to extend ('prepared' when calculated).
  `CREATE TABLE calculation (
    id serial PRIMARY KEY,
    scheme_version_id integer NOT NULL REFERENCES scheme_version (id),
    period text NOT NULL,
    source_kind text NOT NULL CHECK (source_kind IN ('release', 'qof_achievement', 'inputs_file')),
    release_id integer REFERENCES release (id),
    source text NOT NULL,
    inputs_fingerprint text NOT NULL,
    statements_checksum text NOT NULL,
    statement_count integer NOT NULL,
    line_count integer NOT NULL,
    total_amount double precision NOT NULL,
    basis jsonb NOT NULL,
    status text NOT NULL DEFAULT 'prepared',
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL
  )`,
  'CREATE INDEX calculation_version ON calculation (scheme_version_id, inputs_fingerprint)',

  `CREATE TABLE statement_line (
    calculation_id integer NOT NULL REFERENCES calculation (id) ON DELETE CASCADE,
    line_no integer NOT NULL,
    org_code text NOT NULL,
    org_kind text NOT NULL CHECK (org_kind IN ('practice', 'commissioner')),
    participating boolean NOT NULL,
    line_type text NOT NULL,
    item_code text NOT NULL,
    item_name text,
    numerator double precision,
    eligible double precision,
    exceptions double precision,
    denominator double precision,
    achievement double precision,
    baseline double precision,
    target double precision,
    lower_threshold double precision,
    upper_threshold double precision,
    points_available double precision,
    points_achieved double precision,
    practice_prevalence double precision,
    national_prevalence double precision,
    prevalence_factor double precision,
    list_size double precision,
    national_average_list double precision,
    list_size_factor double precision,
    adjusted_points double precision,
    rate double precision,
    amount double precision NOT NULL,
    note text NOT NULL,
    PRIMARY KEY (calculation_id, line_no)
  )`,
  'CREATE INDEX statement_line_org ON statement_line (calculation_id, org_code)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['statement_line', 'calculation', 'scheme_version', 'scheme', 'qof_achievement']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  }
}
