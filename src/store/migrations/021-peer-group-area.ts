// Migration 021 (issue 17, docs/openness.md "Peer review groups"): a peer review group belongs to one
// sub-ICB location, whose commissioners create and manage it and whose practices may join it. Groups
// made before this migration have no area: only an administrator manages those.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('peer_review_group').addColumn('area_code', 'text').execute();
  await db.schema.createIndex('peer_review_group_area').on('peer_review_group').column('area_code').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('peer_review_group_area').execute();
  await db.schema.alterTable('peer_review_group').dropColumn('area_code').execute();
}
