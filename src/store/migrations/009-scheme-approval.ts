// Scheme approval, appeals and premium distribution (docs/schemes.md "Approval"): a calculation is put
// to a committee as an agenda item (recusal applies there); its approval follows the item's decision.
// Practices appeal single statement lines; a commissioner-level premium's distribution is itself a
// committee decision recorded against the premium's calculation.
import { type Kysely, sql } from 'kysely';

const statements = [
  `CREATE TABLE scheme_approval (
    calculation_id integer PRIMARY KEY REFERENCES calculation (id),
    agenda_item_id integer NOT NULL REFERENCES agenda_item (id),
    submitted_by text NOT NULL,
    submitted_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE scheme_appeal (
    id serial PRIMARY KEY,
    calculation_id integer NOT NULL REFERENCES calculation (id),
    org_code text NOT NULL,
    line_no integer NOT NULL,
    reason text NOT NULL,
    raised_by text NOT NULL,
    raised_at timestamptz NOT NULL DEFAULT now(),
    outcome text CHECK (outcome IN ('upheld', 'not_upheld')),
    outcome_note text,
    decided_by text,
    decided_at timestamptz
  )`,
  'CREATE INDEX scheme_appeal_calculation ON scheme_appeal (calculation_id, org_code)',
  `CREATE TABLE premium_distribution (
    id serial PRIMARY KEY,
    calculation_id integer NOT NULL REFERENCES calculation (id),
    commissioner_code text NOT NULL,
    option text NOT NULL CHECK (option IN ('per_registered', 'per_weighted', 'conditional', 'retain')),
    settings jsonb NOT NULL,
    agenda_item_id integer NOT NULL REFERENCES agenda_item (id),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  'CREATE INDEX premium_distribution_calculation ON premium_distribution (calculation_id, commissioner_code)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['premium_distribution', 'scheme_appeal', 'scheme_approval'])
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
}
