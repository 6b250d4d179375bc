// Standing rules (docs/schemes.md "Standing rules"): conditions the commissioner sets once and every
// local scheme must pass before it can be put to the committee for approval. One row per rule; the
// rule's settings (indicator codes, a tolerance, a budget) are JSON checked by `readStandingRules`.
// Every change is audited; the check that held when a calculation was submitted is written into the
// agenda item's paper and the audit entry, so a later change of rules does not rewrite history.
import { type Kysely, sql } from 'kysely';

const statements = [
  `CREATE TABLE scheme_standing_rule (
    id serial PRIMARY KEY,
    rule text NOT NULL CHECK (rule IN ('covers_indicators', 'not_less_than_replaced', 'max_total_cost')),
    settings jsonb NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS scheme_standing_rule').execute(db);
}
