// Fair flags (issue 12, docs/casemix-and-peers.md "The headline judgment"): one headline judgment per
// practice × indicator × period — its flag (high/low at 95% or 99.8%), the comparison that made it
// (the case-mix adjusted comparison, or the over-dispersed funnel of all practices where there is no
// model), its z-score and the expected count it was judged against — and, per indicator × period ×
// basis, the judgment's fit and calibration (τ², centre, flags against what chance alone would give,
// the spread of the z-scores) for the indicator page's calibration panel. SPC summaries gain the
// headline SPC signal (deseasonalised against England, about the recent months). Null on releases
// made before this migration.
import { type Kysely, sql } from 'kysely';

const statements = [
  `ALTER TABLE result
    ADD COLUMN headline_flag text
      CHECK (headline_flag IN ('high_99_8', 'high_95', 'none', 'low_95', 'low_99_8')),
    ADD COLUMN headline_basis text CHECK (headline_basis IN ('adjusted', 'funnel')),
    ADD COLUMN headline_z double precision,
    ADD COLUMN headline_expected double precision`,
  `ALTER TABLE spc_summary
    ADD COLUMN headline_signal text,
    ADD COLUMN headline_period text,
    ADD COLUMN headline_point_type text,
    ADD COLUMN headline_adjustment text CHECK (headline_adjustment IN ('england_same_period', 'none'))`,
  `CREATE TABLE judgment_fit (
    release_id integer NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    indicator_id integer NOT NULL REFERENCES indicator (id),
    period text NOT NULL,
    basis text NOT NULL CHECK (basis IN ('adjusted', 'funnel')),
    n integer NOT NULL,
    headline integer NOT NULL,
    tau2 double precision NOT NULL,
    centre double precision NOT NULL,
    high_95 integer NOT NULL,
    low_95 integer NOT NULL,
    high_99_8 integer NOT NULL,
    low_99_8 integer NOT NULL,
    z_rms double precision,
    z_spread double precision,
    description text NOT NULL,
    PRIMARY KEY (release_id, indicator_id, period, basis)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS judgment_fit`.execute(db);
  await sql`ALTER TABLE spc_summary DROP COLUMN IF EXISTS headline_signal, DROP COLUMN IF EXISTS headline_period,
    DROP COLUMN IF EXISTS headline_point_type, DROP COLUMN IF EXISTS headline_adjustment`.execute(db);
  await sql`ALTER TABLE result DROP COLUMN IF EXISTS headline_flag, DROP COLUMN IF EXISTS headline_basis,
    DROP COLUMN IF EXISTS headline_z, DROP COLUMN IF EXISTS headline_expected`.execute(db);
}
