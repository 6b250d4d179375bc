// Migration 024 (issue 20, docs/prescribing.md "Measures"): the sums each measure needs, per month ×
// practice × measure, computed once when a month is imported (or when the measures change), so
// recomputing twelve months of measures reads ~2 million small rows instead of scanning ~80 million
// prescribing groups. prescribing_month.measure_sums says which set of measures (a fingerprint of
// their definitions) the month's sums were computed for: a changed measure makes them stale.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE prescribing_measure_sum (
    month date NOT NULL,
    measure_id text NOT NULL,
    practice_code text NOT NULL,
    numerator double precision NOT NULL,
    numerator_cost double precision NOT NULL,
    -- the BNF denominator's sum; null for a population measure (the list size is looked up then)
    denominator double precision,
    PRIMARY KEY (month, measure_id, practice_code)
  )`.execute(db);
  await sql`ALTER TABLE prescribing_month ADD COLUMN measure_sums text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE prescribing_month DROP COLUMN IF EXISTS measure_sums`.execute(db);
  await sql`DROP TABLE IF EXISTS prescribing_measure_sum`.execute(db);
}
