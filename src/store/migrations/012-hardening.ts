// Hardening (issue 11): a standing rule belongs to the commissioner whose manager set it
// (`organisation_code`; null for a rule an administrator set for every commissioner), so that
// manage_standing_rules is decided against that commissioner and a rule binds only the schemes put to
// its committees (docs/security.md).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE scheme_standing_rule ADD COLUMN organisation_code text').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE scheme_standing_rule DROP COLUMN IF EXISTS organisation_code').execute(db);
}
