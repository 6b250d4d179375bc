// Inter-practice agreements (versioned, tagged clauses, practice signatures and vetoes, the LMC's
// response) and member consultations (one vote per practice). docs/agreements.md explains the model.
// The member lists are snapshots taken when a version is issued or a consultation opened, so the
// count of "practices asked" never moves under a dashboard, and the foreign keys from responses and
// votes to them keep a non-member from signing or voting even if the application let one through.
import { type Kysely, sql } from 'kysely';

const statements = [
  `CREATE TABLE agreement (
    id serial PRIMARY KEY,
    commissioner_code text NOT NULL REFERENCES organisation (code),
    title text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL
  )`,
  `CREATE INDEX agreement_commissioner ON agreement (commissioner_code)`,

  `CREATE TABLE agreement_version (
    id serial PRIMARY KEY,
    agreement_id integer NOT NULL REFERENCES agreement (id),
    version integer NOT NULL CHECK (version >= 1),
    body text NOT NULL,
    change_note text,
    issued_at timestamptz NOT NULL DEFAULT now(),
    issued_by text NOT NULL,
    UNIQUE (agreement_id, version)
  )`,

  `CREATE TABLE agreement_clause (
    version_id integer NOT NULL REFERENCES agreement_version (id),
    position integer NOT NULL CHECK (position >= 1),
    heading text NOT NULL,
    tag text NOT NULL CHECK (tag IN ('performance_management', 'benchmarking', 'data_sharing',
      'meetings_reviews', 'sanctions_removal', 'lmc_role', 'dispute_resolution', 'other')),
    body text NOT NULL,
    PRIMARY KEY (version_id, position)
  )`,

  `CREATE TABLE agreement_member (
    version_id integer NOT NULL REFERENCES agreement_version (id),
    practice_code text NOT NULL,
    sub_icb_code text,
    PRIMARY KEY (version_id, practice_code)
  )`,

  `CREATE TABLE agreement_response (
    version_id integer NOT NULL,
    practice_code text NOT NULL,
    decision text NOT NULL CHECK (decision IN ('signed', 'vetoed')),
    reason text,
    responded_by text NOT NULL,
    authority_role text NOT NULL,
    authority_code text NOT NULL,
    responded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (version_id, practice_code),
    FOREIGN KEY (version_id, practice_code) REFERENCES agreement_member (version_id, practice_code)
  )`,

  `CREATE TABLE agreement_lmc_response (
    id serial PRIMARY KEY,
    version_id integer NOT NULL UNIQUE REFERENCES agreement_version (id),
    position text NOT NULL CHECK (position IN ('supports', 'supports_with_changes', 'opposes')),
    response text NOT NULL,
    responded_by text NOT NULL,
    authority_code text NOT NULL,
    responded_at timestamptz NOT NULL DEFAULT now()
  )`,

  `CREATE TABLE consultation (
    id serial PRIMARY KEY,
    commissioner_code text NOT NULL REFERENCES organisation (code),
    title text NOT NULL,
    question text NOT NULL,
    description text,
    options jsonb NOT NULL,
    opens_on date NOT NULL,
    closes_on date NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    CHECK (closes_on >= opens_on)
  )`,
  `CREATE INDEX consultation_commissioner ON consultation (commissioner_code)`,

  `CREATE TABLE consultation_member (
    consultation_id integer NOT NULL REFERENCES consultation (id),
    practice_code text NOT NULL,
    sub_icb_code text,
    PRIMARY KEY (consultation_id, practice_code)
  )`,

  // One vote per practice: the primary key refuses a second one, whatever the application does.
  `CREATE TABLE consultation_vote (
    consultation_id integer NOT NULL,
    practice_code text NOT NULL,
    option_index integer NOT NULL CHECK (option_index >= 0),
    voted_by text NOT NULL,
    authority_role text NOT NULL,
    authority_code text NOT NULL,
    voted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consultation_id, practice_code),
    FOREIGN KEY (consultation_id, practice_code) REFERENCES consultation_member (consultation_id, practice_code)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'consultation_vote',
    'consultation_member',
    'consultation',
    'agreement_lmc_response',
    'agreement_response',
    'agreement_member',
    'agreement_clause',
    'agreement_version',
    'agreement',
  ];
  for (const table of tables) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
}
