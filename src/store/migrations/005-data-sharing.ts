// A sub-ICB location's data-sharing setting for the benchmarking pages: whether a practice's peer
// group is shown by name or pseudonymised ("Peer 1 … N"). No row means the default: pseudonymised.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE data_sharing_setting (
    sub_icb_code text PRIMARY KEY,
    peers_named boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text NOT NULL
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS data_sharing_setting`.execute(db);
}
