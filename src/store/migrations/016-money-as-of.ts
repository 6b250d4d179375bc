// Money a finance lead can sign (issue 14):
// - practice_list_figure: the registered and weighted lists NHS Payments to General Practice
//   publishes per practice and year ("Number of Registered / Weighted Patients (Last Known
//   Figure)"), dated to the quarter they describe, for the "as of" rule and per-weighted-patient
//   distribution (src/domain/population/as-of.ts);
// - calculation.scope_code / as_of: the organisation and date a calculation's practices were taken
//   as of, so a what-if and a reconciliation start from exactly those practices;
// - calculation_override: the recorded reason a calculation that pays no practice, or rests on stale
//   inputs, may still be put to the committee.
import { type Kysely, sql } from 'kysely';

const statements = [
  `CREATE TABLE practice_list_figure (
    practice_code text NOT NULL,
    extract_date date NOT NULL,
    measure text NOT NULL CHECK (measure IN ('registered', 'weighted')),
    patients numeric NOT NULL,
    label text NOT NULL,
    batch_id integer NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (practice_code, extract_date, measure)
  )`,
  `CREATE INDEX practice_list_figure_batch ON practice_list_figure (batch_id)`,
  `ALTER TABLE calculation ADD COLUMN scope_code text`,
  `ALTER TABLE calculation ADD COLUMN as_of date`,
  `CREATE TABLE calculation_override (
    id serial PRIMARY KEY,
    calculation_id integer NOT NULL REFERENCES calculation (id),
    reasons text NOT NULL,
    override_reason text NOT NULL,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL
  )`,
  `CREATE INDEX calculation_override_calculation ON calculation_override (calculation_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS calculation_override').execute(db);
  await sql.raw('ALTER TABLE calculation DROP COLUMN IF EXISTS as_of').execute(db);
  await sql.raw('ALTER TABLE calculation DROP COLUMN IF EXISTS scope_code').execute(db);
  await sql.raw('DROP TABLE IF EXISTS practice_list_figure').execute(db);
}
