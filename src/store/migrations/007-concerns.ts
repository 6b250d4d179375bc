// Performance concerns (docs/concerns.md): the concern with its frozen data pack, every step as an
// event on its timeline (nothing is updated away but the current state), the practice's attachments
// (small files kept in the database), improvement plans with their actions, and contract notices.
import { type Kysely, sql } from 'kysely';

const statements = [
  `CREATE TABLE concern (
    id serial PRIMARY KEY,
    practice_code text NOT NULL,
    type text NOT NULL CHECK (type IN ('practice_performance', 'contract_matter', 'individual_performer')),
    source text NOT NULL CHECK (source IN ('funnel_outlier', 'spc_special_cause', 'comparison', 'by_hand')),
    state text NOT NULL,
    title text NOT NULL,
    reason text NOT NULL,
    release_id integer REFERENCES release (id),
    indicator_id integer REFERENCES indicator (id),
    period text,
    flag text,
    data_pack jsonb,
    responsible_officer_code text,
    agenda_item_id integer REFERENCES agenda_item (id),
    raised_by text NOT NULL,
    raised_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (source = 'by_hand' OR (release_id IS NOT NULL AND indicator_id IS NOT NULL AND data_pack IS NOT NULL))
  )`,
  'CREATE INDEX concern_practice ON concern (practice_code)',
  `CREATE TABLE concern_event (
    id serial PRIMARY KEY,
    concern_id integer NOT NULL REFERENCES concern (id),
    step text NOT NULL,
    from_state text,
    to_state text NOT NULL,
    actor text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    note text,
    detail jsonb
  )`,
  'CREATE INDEX concern_event_concern ON concern_event (concern_id, id)',
  `CREATE TABLE concern_attachment (
    id serial PRIMARY KEY,
    concern_id integer NOT NULL REFERENCES concern (id),
    event_id integer NOT NULL REFERENCES concern_event (id),
    file_name text NOT NULL,
    content_type text NOT NULL,
    size integer NOT NULL CHECK (size > 0 AND size <= 2097152),
    content bytea NOT NULL,
    sha256 text NOT NULL,
    uploaded_by text NOT NULL,
    uploaded_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE concern_plan (
    concern_id integer PRIMARY KEY REFERENCES concern (id),
    indicator_id integer NOT NULL REFERENCES indicator (id),
    baseline_release_id integer REFERENCES release (id),
    baseline_value double precision,
    target double precision NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE concern_plan_action (
    id serial PRIMARY KEY,
    concern_id integer NOT NULL REFERENCES concern_plan (concern_id),
    action text NOT NULL,
    owner text NOT NULL,
    due_on date NOT NULL
  )`,
  `CREATE TABLE concern_notice (
    id serial PRIMARY KEY,
    concern_id integer NOT NULL REFERENCES concern (id),
    kind text NOT NULL CHECK (kind IN ('remedial', 'breach')),
    breach text NOT NULL,
    remedy text,
    remedy_period_days integer,
    issued_on date NOT NULL,
    issued_by text NOT NULL,
    issuing_organisation text,
    authority text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CHECK (kind = 'breach' OR (remedy IS NOT NULL AND remedy_period_days >= 28))
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'concern_notice',
    'concern_plan_action',
    'concern_plan',
    'concern_attachment',
    'concern_event',
    'concern',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  }
}
