// Peer review groups: practices that agreed to share identified data with each other. A practice joins
// by its own agreement (recorded with who agreed, audited); inside a group, members see each other by
// name (src/domain/openness/peer-display-name.ts).
import type { Kysely } from 'kysely';
import type { PeerDisplayContext } from '../../domain/openness/peer-display-name.ts';
import type { Database } from '../../store/schema.ts';
import { writeAudit } from '../auth/audit.ts';
import { peersNamedIn } from '../benchmarking/page-queries.ts';
import { withOpenness } from './tables.ts';

export async function createPeerReviewGroup(
  db: Kysely<Database>,
  name: string,
  actor: string,
  now: Date,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await withOpenness(trx)
      .insertInto('peer_review_group')
      .values({ name: name.trim(), created_by: actor, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor,
      action: 'peer_review_group_created',
      entity: 'peer_review_group',
      entityId: String(row.id),
      before: null,
      after: { name: name.trim() },
    });
    return row.id;
  });
}

/** Records a practice's agreement to share identified data within the group. */
export async function joinPeerReviewGroup(
  db: Kysely<Database>,
  groupId: number,
  practiceCode: string,
  actor: string,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await withOpenness(trx)
      .insertInto('peer_review_group_member')
      .values({
        group_id: groupId,
        practice_code: practiceCode.toUpperCase(),
        agreed_by: actor,
        agreed_at: now,
      })
      .onConflict((oc) => oc.columns(['group_id', 'practice_code']).doNothing())
      .execute();
    await writeAudit(trx, {
      actor,
      action: 'peer_review_group_joined',
      entity: 'peer_review_group',
      entityId: String(groupId),
      before: null,
      after: { practice: practiceCode.toUpperCase() },
    });
  });
}

/** Group ids of each of the given practices (practices in no group are absent). */
export async function peerReviewGroupsOf(
  db: Kysely<Database>,
  practiceCodes: readonly string[],
): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (practiceCodes.length === 0) return out;
  const rows = await withOpenness(db)
    .selectFrom('peer_review_group_member')
    .select(['practice_code', 'group_id'])
    .where('practice_code', 'in', [...practiceCodes])
    .orderBy('group_id')
    .execute();
  for (const r of rows) out.set(r.practice_code, [...(out.get(r.practice_code) ?? []), r.group_id]);
  return out;
}

/** What `peerDisplayName` needs to show a practice's peers. */
export async function peerDisplayContext(
  db: Kysely<Database>,
  subIcbCode: string | null,
  practiceCodes: readonly string[],
): Promise<PeerDisplayContext> {
  return {
    subIcbPublishesNames: await peersNamedIn(db, subIcbCode),
    groupsOf: await peerReviewGroupsOf(db, practiceCodes),
  };
}
