// Incremental releases (docs/indicators.md, "Releases"): each indicator of a release keeps the sha256
// of its own rows and a hash of everything those rows were computed from (its definition, the method
// version, the batches of its facts, the shared batches — hierarchy, populations, IMD, organisations —
// and the peer groups). A later release whose indicator has the same inputs hash copies that
// indicator's rows instead of computing them; the release checksum is made from the per-indicator
// checksums, so it is the same either way. Null on releases made before this migration (those are
// never copied from, and regenerate against their old whole-release checksum).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE release_indicator ADD COLUMN inputs_hash text, ADD COLUMN results_checksum text`.execute(
    db,
  );
  await sql`CREATE INDEX release_indicator_inputs ON release_indicator (indicator_id, inputs_hash)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS release_indicator_inputs`.execute(db);
  await sql`ALTER TABLE release_indicator DROP COLUMN IF EXISTS results_checksum, DROP COLUMN IF EXISTS inputs_hash`.execute(
    db,
  );
}
