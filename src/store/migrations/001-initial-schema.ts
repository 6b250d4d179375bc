// The whole agreed schema (see docs/store.md). SQL kept to PostgreSQL 15 features, because
// production runs Debian's PostgreSQL 15 while PGlite is PostgreSQL 18 inside.
import { type Kysely, sql } from 'kysely';

const statements = [
  `CREATE TABLE import_batch (
    id serial PRIMARY KEY,
    file_name text NOT NULL,
    checksum text NOT NULL UNIQUE,
    format text NOT NULL,
    publisher text NOT NULL,
    period text,
    rows_read integer NOT NULL DEFAULT 0,
    facts_written integer NOT NULL DEFAULT 0,
    rows_skipped integer NOT NULL DEFAULT 0,
    imported_at timestamptz NOT NULL DEFAULT now(),
    imported_by text NOT NULL
  )`,
  `CREATE TABLE import_rejection (
    id serial PRIMARY KEY,
    file_name text NOT NULL,
    checksum text NOT NULL,
    format text,
    message text NOT NULL,
    line integer,
    column_name text,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    attempted_by text NOT NULL
  )`,
  `CREATE INDEX import_rejection_attempted_at ON import_rejection (attempted_at)`,

  `CREATE TABLE organisation (
    code text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('country', 'region', 'icb', 'sub_icb', 'pcn', 'practice')),
    name text NOT NULL,
    ons_code text,
    postcode text,
    open_date date,
    close_date date,
    status text CHECK (status IN ('active', 'closed', 'dormant', 'proposed')),
    contract_type text,
    rurality text,
    batch_id integer REFERENCES import_batch (id)
  )`,
  `CREATE INDEX organisation_kind_name ON organisation (kind, name)`,
  // Search by name or postcode: compare lower(name) / the postcode without spaces, upper-cased, with
  // LIKE 'prefix%' (text_pattern_ops lets the index serve LIKE in any collation). Both databases
  // have these without extensions; a contains-search ('%x%') scans, which is fine for ~10k rows.
  `CREATE INDEX organisation_lower_name ON organisation (lower(name) text_pattern_ops)`,
  `CREATE INDEX organisation_postcode ON organisation ((upper(replace(postcode, ' ', ''))) text_pattern_ops)`,
  `CREATE INDEX organisation_ons_code ON organisation (ons_code)`,

  `CREATE TABLE organisation_membership (
    child_code text NOT NULL,
    parent_kind text NOT NULL CHECK (parent_kind IN ('country', 'region', 'icb', 'sub_icb', 'pcn', 'practice')),
    parent_code text NOT NULL,
    observed_on date NOT NULL,
    batch_id integer NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (child_code, parent_kind, observed_on)
  )`,
  `CREATE INDEX organisation_membership_parent ON organisation_membership (parent_kind, parent_code, observed_on)`,

  `CREATE TABLE organisation_lineage (
    id serial PRIMARY KEY,
    predecessor_code text NOT NULL,
    successor_code text,
    kind text NOT NULL CHECK (kind IN ('merger', 'split', 'closure', 'succession')),
    effective_date date,
    source text NOT NULL CHECK (source IN ('derived', 'administrator')),
    note text,
    batch_id integer REFERENCES import_batch (id),
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX organisation_lineage_predecessor ON organisation_lineage (predecessor_code)`,
  `CREATE INDEX organisation_lineage_successor ON organisation_lineage (successor_code)`,

  `CREATE TABLE list_size (
    practice_code text NOT NULL,
    extract_date date NOT NULL,
    patients integer NOT NULL CHECK (patients >= 0),
    batch_id integer NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (practice_code, extract_date)
  )`,
  `CREATE TABLE population (
    practice_code text NOT NULL,
    extract_date date NOT NULL,
    sex text NOT NULL CHECK (sex IN ('male', 'female')),
    age_band text NOT NULL,
    patients integer NOT NULL CHECK (patients >= 0),
    batch_id integer NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (practice_code, extract_date, sex, age_band)
  )`,
  `CREATE TABLE qof_prevalence (
    practice_code text NOT NULL,
    qof_year text NOT NULL,
    group_code text NOT NULL,
    register numeric NOT NULL,
    patient_list_type text,
    patient_list_size numeric,
    batch_id integer NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (practice_code, qof_year, group_code)
  )`,
  `CREATE INDEX qof_prevalence_year_group ON qof_prevalence (qof_year, group_code)`,
  `CREATE TABLE qof_indicator (
    qof_year text NOT NULL,
    indicator_code text NOT NULL,
    description text NOT NULL,
    group_code text,
    domain text,
    points numeric,
    lower_threshold numeric,
    upper_threshold numeric,
    patient_list_type text,
    batch_id integer NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (qof_year, indicator_code)
  )`,
  `CREATE TABLE indicator_value (
    indicator_id integer NOT NULL,
    indicator_name text NOT NULL,
    area_code text NOT NULL,
    area_type text NOT NULL,
    sex text NOT NULL,
    age text NOT NULL,
    category_type text NOT NULL DEFAULT '',
    category text NOT NULL DEFAULT '',
    time_period text NOT NULL,
    value numeric,
    lower_95 numeric,
    upper_95 numeric,
    lower_99_8 numeric,
    upper_99_8 numeric,
    count numeric,
    denominator numeric,
    value_note text,
    batch_id integer NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (indicator_id, area_code, sex, age, category_type, category, time_period)
  )`,
  `CREATE INDEX indicator_value_area ON indicator_value (area_code, indicator_id)`,
  `CREATE TABLE imd_score (
    practice_code text NOT NULL,
    imd_year integer NOT NULL,
    score numeric NOT NULL,
    batch_id integer NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (practice_code, imd_year)
  )`,
  `CREATE TABLE payment (
    practice_code text NOT NULL,
    financial_year text NOT NULL,
    line text NOT NULL,
    amount numeric NOT NULL,
    batch_id integer NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (practice_code, financial_year, line)
  )`,

  `CREATE TABLE app_user (
    id serial PRIMARY KEY,
    username text NOT NULL UNIQUE,
    display_name text NOT NULL,
    password_hash text NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  // organisation_code is null for roles that belong to no organisation; a primary key cannot hold
  // null, so a surrogate key plus UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+) keeps one row per grant.
  `CREATE TABLE role_assignment (
    id serial PRIMARY KEY,
    user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role text NOT NULL,
    organisation_code text,
    CONSTRAINT role_assignment_grant UNIQUE NULLS NOT DISTINCT (user_id, role, organisation_code)
  )`,
  `CREATE TABLE web_session (
    id_hash text PRIMARY KEY,
    user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
  )`,
  `CREATE INDEX web_session_user ON web_session (user_id)`,
  `CREATE INDEX web_session_expires_at ON web_session (expires_at)`,
  `CREATE TABLE login_attempt (
    id bigserial PRIMARY KEY,
    key text NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    succeeded boolean NOT NULL
  )`,
  `CREATE INDEX login_attempt_key_at ON login_attempt (key, attempted_at)`,

  `CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL,
    action text NOT NULL,
    entity text NOT NULL,
    entity_id text,
    before jsonb,
    after jsonb
  )`,
  `CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at)`,
  `CREATE INDEX audit_log_at ON audit_log (at)`,
  `CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
  END
  $$`,
  `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`,
  `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'audit_log',
    'login_attempt',
    'web_session',
    'role_assignment',
    'app_user',
    'payment',
    'imd_score',
    'indicator_value',
    'qof_indicator',
    'qof_prevalence',
    'population',
    'list_size',
    'organisation_lineage',
    'organisation_membership',
    'organisation',
    'import_rejection',
    'import_batch',
  ];
  for (const table of tables) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS audit_log_is_append_only()').execute(db);
}
