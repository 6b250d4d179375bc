// Governance (issue 5, sections 1–3): co-commissioning delegation, the register of interests,
// committees, meetings, agenda items, recusals, votes and decisions. PostgreSQL 15 SQL.
import { type Kysely, sql } from 'kysely';

const statements = [
  // One row per commissioner and period: the level asked for and, once decided, the answer.
  `CREATE TABLE delegation_period (
    id serial PRIMARY KEY,
    commissioner_code text NOT NULL,
    starts_on date NOT NULL,
    ends_on date,
    level smallint NOT NULL CHECK (level IN (1, 2, 3)),
    contract_holder_code text,
    status text NOT NULL CHECK (status IN ('requested', 'approved', 'refused')),
    requested_by text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    request_note text,
    decided_by text,
    decided_at timestamptz,
    decision_note text,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
  )`,
  `CREATE INDEX delegation_period_commissioner ON delegation_period (commissioner_code, starts_on)`,
  `CREATE TABLE delegation_function (
    id serial PRIMARY KEY,
    period_id integer NOT NULL REFERENCES delegation_period (id) ON DELETE CASCADE,
    function text NOT NULL,
    status text NOT NULL CHECK (status IN ('requested', 'granted', 'refused')),
    requested_by text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    decided_by text,
    decided_at timestamptz,
    note text,
    UNIQUE (period_id, function)
  )`,

  // Anyone who declares interests or sits on a committee; linked to an account when they have one.
  `CREATE TABLE governance_person (
    id serial PRIMARY KEY,
    display_name text NOT NULL,
    user_id integer UNIQUE REFERENCES app_user (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE interest_declaration (
    id serial PRIMARY KEY,
    person_id integer NOT NULL REFERENCES governance_person (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('practice_partnership', 'practice_employment', 'pcn_role',
      'provider_financial', 'family_link', 'other', 'nil')),
    organisation_code text,
    provider_name text,
    description text NOT NULL,
    private_note text,
    starts_on date,
    ends_on date,
    declared_at timestamptz NOT NULL DEFAULT now(),
    declared_by text NOT NULL
  )`,
  `CREATE INDEX interest_declaration_person ON interest_declaration (person_id)`,
  `CREATE INDEX interest_declaration_organisation ON interest_declaration (organisation_code)`,
  // "My declarations are complete and correct": the yearly review.
  `CREATE TABLE interest_review (
    id serial PRIMARY KEY,
    person_id integer NOT NULL REFERENCES governance_person (id) ON DELETE CASCADE,
    reviewed_at timestamptz NOT NULL DEFAULT now(),
    reviewed_by text NOT NULL
  )`,
  `CREATE INDEX interest_review_person ON interest_review (person_id, reviewed_at)`,

  `CREATE TABLE committee (
    id serial PRIMARY KEY,
    name text NOT NULL,
    organisation_code text NOT NULL,
    terms_of_reference text NOT NULL DEFAULT '',
    quorum_minimum integer CHECK (quorum_minimum IS NULL OR quorum_minimum > 0),
    quorum_requires_chair boolean NOT NULL DEFAULT true,
    quorum_requires_lay boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL
  )`,
  `CREATE TABLE committee_member (
    id serial PRIMARY KEY,
    committee_id integer NOT NULL REFERENCES committee (id) ON DELETE CASCADE,
    person_id integer NOT NULL REFERENCES governance_person (id),
    role text NOT NULL CHECK (role IN ('lay', 'executive', 'gp', 'observer')),
    observer_body text CHECK (observer_body IN ('healthwatch', 'local_authority', 'lmc', 'other')),
    voting boolean NOT NULL,
    position text NOT NULL DEFAULT 'member' CHECK (position IN ('chair', 'deputy_chair', 'member')),
    starts_on date NOT NULL,
    ends_on date,
    UNIQUE (committee_id, person_id)
  )`,
  `CREATE TABLE committee_meeting (
    id serial PRIMARY KEY,
    committee_id integer NOT NULL REFERENCES committee (id) ON DELETE CASCADE,
    title text NOT NULL,
    held_on date NOT NULL,
    location text,
    minutes text,
    minutes_published_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL
  )`,
  `CREATE INDEX committee_meeting_committee ON committee_meeting (committee_id, held_on)`,
  `CREATE TABLE meeting_attendance (
    meeting_id integer NOT NULL REFERENCES committee_meeting (id) ON DELETE CASCADE,
    member_id integer NOT NULL REFERENCES committee_member (id) ON DELETE CASCADE,
    present boolean NOT NULL,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, member_id)
  )`,
  `CREATE TABLE agenda_item (
    id serial PRIMARY KEY,
    meeting_id integer NOT NULL REFERENCES committee_meeting (id) ON DELETE CASCADE,
    position integer NOT NULL,
    title text NOT NULL,
    concern_kind text NOT NULL CHECK (concern_kind IN ('general', 'practices', 'scheme', 'agreement',
      'performance_concern')),
    concern_ref text,
    provider_names jsonb NOT NULL DEFAULT '[]',
    delegated_function text,
    paper text NOT NULL DEFAULT '',
    confidential_paper text,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL
  )`,
  `CREATE INDEX agenda_item_meeting ON agenda_item (meeting_id, position)`,
  `CREATE TABLE agenda_item_organisation (
    item_id integer NOT NULL REFERENCES agenda_item (id) ON DELETE CASCADE,
    organisation_code text NOT NULL,
    PRIMARY KEY (item_id, organisation_code)
  )`,
  `CREATE TABLE item_recusal (
    item_id integer NOT NULL REFERENCES agenda_item (id) ON DELETE CASCADE,
    member_id integer NOT NULL REFERENCES committee_member (id) ON DELETE CASCADE,
    reason text NOT NULL,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, member_id)
  )`,
  `CREATE TABLE recusal_override (
    item_id integer NOT NULL REFERENCES agenda_item (id) ON DELETE CASCADE,
    member_id integer NOT NULL REFERENCES committee_member (id) ON DELETE CASCADE,
    reason text NOT NULL,
    overridden_by text NOT NULL,
    overridden_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, member_id)
  )`,
  `CREATE TABLE item_vote (
    item_id integer NOT NULL REFERENCES agenda_item (id) ON DELETE CASCADE,
    member_id integer NOT NULL REFERENCES committee_member (id) ON DELETE CASCADE,
    choice text NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, member_id)
  )`,
  // The quorum, recusals and tally as they stood when the decision was recorded.
  `CREATE TABLE item_decision (
    item_id integer PRIMARY KEY REFERENCES agenda_item (id) ON DELETE CASCADE,
    outcome text NOT NULL CHECK (outcome IN ('carried', 'not_carried')),
    route text NOT NULL CHECK (route IN ('act', 'joint', 'contract_holder')),
    route_reason text NOT NULL,
    decision_text text NOT NULL,
    public boolean NOT NULL DEFAULT true,
    votes_for integer NOT NULL,
    votes_against integer NOT NULL,
    abstentions integer NOT NULL,
    quorum jsonb NOT NULL,
    decided_by text NOT NULL,
    decided_at timestamptz NOT NULL DEFAULT now()
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'item_decision',
    'item_vote',
    'recusal_override',
    'item_recusal',
    'agenda_item_organisation',
    'agenda_item',
    'meeting_attendance',
    'committee_meeting',
    'committee_member',
    'committee',
    'interest_review',
    'interest_declaration',
    'governance_person',
    'delegation_function',
    'delegation_period',
  ];
  for (const table of tables) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
}
