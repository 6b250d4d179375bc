// The release row and what it freezes (batches, indicator versions), written inside the release's
// transaction; publishing; and the names of automatic releases.
import type { Kysely } from 'kysely';
import type { Database, Release } from '../../store/schema.ts';
import { writeAudit } from '../auth/audit.ts';
import { assertPublishable } from '../releases/publication-guard.ts';
import type { ReleaseInputs } from './inputs.ts';

export async function findRelease(db: Kysely<Database>, name: string): Promise<Release | undefined> {
  return db.selectFrom('release').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function latestRelease(db: Kysely<Database>): Promise<Release | undefined> {
  return db.selectFrom('release').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** `2026-11-24`, or `2026-11-24.2`, `.3` … when that name is taken. */
export async function automaticName(db: Kysely<Database>, now: Date): Promise<string> {
  const day = now.toISOString().slice(0, 10);
  const taken = new Set(
    (await db.selectFrom('release').select('name').where('name', 'like', `${day}%`).execute()).map(
      (r) => r.name,
    ),
  );
  if (!taken.has(day)) return day;
  let n = 2;
  while (taken.has(`${day}.${n}`)) n++;
  return `${day}.${n}`;
}

export async function insertRelease(
  db: Kysely<Database>,
  name: string,
  inputs: ReleaseInputs,
  methodVersion: string,
  actor: string,
  now: Date,
): Promise<number> {
  const row = await db
    .insertInto('release')
    .values({
      name,
      status: 'draft',
      method_version: methodVersion,
      inputs_fingerprint: inputs.fingerprint,
      results_checksum: '',
      result_count: 0,
      created_by: actor,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (inputs.batchIds.length > 0) {
    await db
      .insertInto('release_batch')
      .values(inputs.batchIds.map((batch_id) => ({ release_id: row.id, batch_id })))
      .execute();
  }
  if (inputs.indicators.length > 0) {
    await db
      .insertInto('release_indicator')
      .values(inputs.indicators.map((i) => ({ release_id: row.id, indicator_id: i.id, computed_in: row.id })))
      .execute();
  }
  return row.id;
}

export async function publishRelease(
  db: Kysely<Database>,
  release: Release,
  actor: string,
  now: Date,
): Promise<void> {
  if (release.status === 'published') return;
  // Pre-publication checks (src/app/releases): open data queries block publication unless overridden.
  await assertPublishable(db, release.name);
  await db
    .updateTable('release')
    .set({ status: 'published', published_at: now, published_by: actor })
    .where('id', '=', release.id)
    .execute();
  await writeAudit(db, {
    actor,
    action: 'release_published',
    entity: 'release',
    entityId: release.name,
    before: { status: release.status },
    after: { status: 'published', results_checksum: release.results_checksum },
  });
}
