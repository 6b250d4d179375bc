// Openness (issue 6, section 2): peer review groups, pre-publication data queries on a draft release,
// recorded overrides of open queries at publication, and in-app notifications with their e-mail address.
// Queries name their release by name, not id: recomputing a draft under the same name replaces its row,
// and the query (and its answer) must outlive that.
import { type Kysely, sql } from 'kysely';

const statements = [
  `CREATE TABLE peer_review_group (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL
  )`,
  `CREATE TABLE peer_review_group_member (
    group_id integer NOT NULL REFERENCES peer_review_group (id) ON DELETE CASCADE,
    practice_code text NOT NULL,
    agreed_at timestamptz NOT NULL DEFAULT now(),
    agreed_by text NOT NULL,
    PRIMARY KEY (group_id, practice_code)
  )`,
  `CREATE INDEX peer_review_group_member_practice ON peer_review_group_member (practice_code)`,
  `CREATE TABLE data_query (
    id serial PRIMARY KEY,
    release_name text NOT NULL,
    practice_code text NOT NULL,
    indicator_id integer NOT NULL REFERENCES indicator (id),
    period text NOT NULL,
    area_code text NOT NULL,
    question text NOT NULL CHECK (length(question) > 0),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
    raised_by text NOT NULL,
    raised_at timestamptz NOT NULL DEFAULT now(),
    answer text,
    answered_by text,
    answered_at timestamptz,
    correction_release text,
    CHECK (status = 'open' OR (answer IS NOT NULL AND answered_by IS NOT NULL))
  )`,
  `CREATE INDEX data_query_release ON data_query (release_name, status)`,
  `CREATE TABLE release_publication_override (
    id serial PRIMARY KEY,
    release_name text NOT NULL,
    reason text NOT NULL CHECK (length(reason) > 0),
    open_query_ids jsonb NOT NULL,
    decided_by text NOT NULL,
    decided_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE user_email (
    user_id integer PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    email text NOT NULL
  )`,
  `CREATE TABLE notification (
    id serial PRIMARY KEY,
    user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    subject text NOT NULL,
    body text NOT NULL,
    link text,
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz,
    emailed_at timestamptz,
    email_error text
  )`,
  `CREATE INDEX notification_user ON notification (user_id, created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'notification',
    'user_email',
    'release_publication_override',
    'data_query',
    'peer_review_group_member',
    'peer_review_group',
  ])
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
}
