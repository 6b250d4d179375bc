// Migration 015 (issue 18, docs/obligations.md): what agreements oblige, tracked over time.
// - obligation: a clause of an issued agreement version that carries a cadence (what, how often,
//   evidence, linked catalogue indicators); obligation_item: one due item per bound practice and
//   period; obligation_submission: each return a practice made for it, and the commissioner's decision.
// - review_meeting / review_action: the quarterly practice review meetings an obligation schedules,
//   with their agenda (frozen when the papers go out), notes and actions followed up at the next one.
// - reminder: the ledger of every reminder and escalation the scheduler decided was due; its unique
//   key makes each one happen once, whichever process's sweep found it first.
// - agreement.kind: a constitution is a versioned document members sign, like an agreement.
// - consent_subject / consent: the consent register for local contracts and schemes.
// - consultation.audience and consultation_public_response: consultations open to the public and
//   Healthwatch, with the commissioner's published summary.
// pg-boss creates and migrates its own schema (`pgboss`) when the scheduler starts.
import { type Kysely, sql } from 'kysely';

const statements = [
  `ALTER TABLE agreement ADD COLUMN kind text NOT NULL DEFAULT 'agreement'
     CHECK (kind IN ('agreement', 'constitution'))`,

  `CREATE TABLE obligation (
    id serial PRIMARY KEY,
    version_id integer NOT NULL,
    clause_position integer NOT NULL,
    what text NOT NULL CHECK (length(what) > 0),
    cadence text NOT NULL CHECK (cadence IN ('monthly', 'quarterly', 'annual')),
    evidence text NOT NULL CHECK (evidence IN ('statement', 'file', 'scorecard_review', 'financial_return', 'review_meeting')),
    indicator_codes jsonb NOT NULL DEFAULT '[]',
    due_days integer NOT NULL CHECK (due_days BETWEEN 0 AND 366),
    starts_on date NOT NULL,
    FOREIGN KEY (version_id, clause_position) REFERENCES agreement_clause (version_id, position),
    UNIQUE (version_id, clause_position)
  )`,

  `CREATE TABLE obligation_item (
    id serial PRIMARY KEY,
    obligation_id integer NOT NULL REFERENCES obligation (id),
    practice_code text NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    due_on date NOT NULL,
    status text NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'submitted', 'accepted', 'queried')),
    escalation text NOT NULL DEFAULT 'none' CHECK (escalation IN ('none', 'reminded', 'manager', 'concern_open')),
    concern_id integer REFERENCES concern (id),
    generated_at timestamptz NOT NULL,
    UNIQUE (obligation_id, practice_code, period_start),
    CHECK (period_end >= period_start)
  )`,
  `CREATE INDEX obligation_item_practice ON obligation_item (practice_code, due_on)`,
  `CREATE INDEX obligation_item_open ON obligation_item (due_on) WHERE status IN ('due', 'queried')`,

  `CREATE TABLE obligation_submission (
    id serial PRIMARY KEY,
    item_id integer NOT NULL REFERENCES obligation_item (id),
    statement text NOT NULL,
    content jsonb NOT NULL DEFAULT '{}',
    file_name text,
    file_type text,
    file_size integer,
    file_sha256 text,
    file_content bytea,
    submitted_by text NOT NULL,
    authority_role text NOT NULL,
    submitted_at timestamptz NOT NULL,
    decision text CHECK (decision IN ('accepted', 'queried')),
    decision_note text,
    decided_by text,
    decided_at timestamptz,
    CHECK (decision IS NULL OR (decided_by IS NOT NULL AND decided_at IS NOT NULL)),
    CHECK (decision IS DISTINCT FROM 'queried' OR decision_note IS NOT NULL)
  )`,
  `CREATE INDEX obligation_submission_item ON obligation_submission (item_id)`,

  `CREATE TABLE review_meeting (
    id serial PRIMARY KEY,
    item_id integer NOT NULL UNIQUE REFERENCES obligation_item (id),
    scheduled_on date NOT NULL,
    location text,
    agenda jsonb,
    papers_sent_at timestamptz,
    notes text,
    recorded_by text,
    recorded_at timestamptz,
    CHECK (notes IS NULL OR (recorded_by IS NOT NULL AND recorded_at IS NOT NULL))
  )`,

  `CREATE TABLE review_action (
    id serial PRIMARY KEY,
    meeting_id integer NOT NULL REFERENCES review_meeting (id),
    action text NOT NULL CHECK (length(action) > 0),
    owner text NOT NULL CHECK (length(owner) > 0),
    due_on date NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    follow_up_meeting_id integer REFERENCES review_meeting (id),
    follow_up_note text,
    created_at timestamptz NOT NULL
  )`,
  `CREATE INDEX review_action_meeting ON review_action (meeting_id)`,

  `CREATE TABLE reminder (
    id serial PRIMARY KEY,
    kind text NOT NULL,
    subject_key text NOT NULL,
    step text NOT NULL,
    due_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    facts jsonb NOT NULL,
    job_id text,
    delivered_at timestamptz,
    recipients integer,
    UNIQUE (kind, subject_key, step)
  )`,
  `CREATE INDEX reminder_subject ON reminder (subject_key)`,

  `CREATE TABLE consent_subject (
    id serial PRIMARY KEY,
    commissioner_code text NOT NULL REFERENCES organisation (code),
    kind text NOT NULL CHECK (kind IN ('local_contract', 'scheme')),
    title text NOT NULL CHECK (length(title) > 0),
    version integer NOT NULL CHECK (version >= 1),
    description text NOT NULL,
    scheme_code text,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (commissioner_code, kind, title, version)
  )`,

  `CREATE TABLE consent (
    id serial PRIMARY KEY,
    subject_id integer NOT NULL REFERENCES consent_subject (id),
    practice_code text NOT NULL,
    consented_by text NOT NULL,
    authority_role text NOT NULL,
    consented_at timestamptz NOT NULL,
    withdrawn_by text,
    withdrawn_at timestamptz,
    withdrawal_reason text,
    CHECK (withdrawn_at IS NULL OR (withdrawn_by IS NOT NULL AND withdrawal_reason IS NOT NULL))
  )`,
  // One standing consent per practice and subject version; a withdrawn one stays on record.
  `CREATE UNIQUE INDEX consent_standing ON consent (subject_id, practice_code) WHERE withdrawn_at IS NULL`,

  `ALTER TABLE consultation ADD COLUMN audience text NOT NULL DEFAULT 'members'
     CHECK (audience IN ('members', 'public'))`,
  `ALTER TABLE consultation ADD COLUMN summary text`,
  `ALTER TABLE consultation ADD COLUMN summary_published_at timestamptz`,
  `ALTER TABLE consultation ADD COLUMN summary_published_by text`,

  `CREATE TABLE consultation_public_response (
    id serial PRIMARY KEY,
    consultation_id integer NOT NULL REFERENCES consultation (id),
    respondent text NOT NULL CHECK (respondent IN ('public', 'healthwatch')),
    option_index integer NOT NULL CHECK (option_index >= 0),
    comment text,
    organisation text,
    submitted_by text,
    submitted_at timestamptz NOT NULL,
    CHECK (respondent = 'public' OR (organisation IS NOT NULL AND submitted_by IS NOT NULL))
  )`,
  `CREATE INDEX consultation_public_response_consultation ON consultation_public_response (consultation_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'consultation_public_response',
    'consent',
    'consent_subject',
    'reminder',
    'review_action',
    'review_meeting',
    'obligation_submission',
    'obligation_item',
    'obligation',
  ])
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  for (const column of ['summary_published_by', 'summary_published_at', 'summary', 'audience'])
    await sql.raw(`ALTER TABLE consultation DROP COLUMN IF EXISTS ${column}`).execute(db);
  await sql.raw('ALTER TABLE agreement DROP COLUMN IF EXISTS kind').execute(db);
}
