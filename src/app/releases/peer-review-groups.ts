// Peer review groups: practices of one sub-ICB location that agreed to share identified data with each
// other. The location's commissioning managers create, rename and delete a group and may take a
// practice out of it; a practice joins or leaves by its own agreement (recorded with who agreed,
// audited). Inside a group, members see each other by name (src/domain/openness/peer-display-name.ts).
// Who may do what is the policy's (src/domain/policy.ts: view_peer_review_groups,
// manage_peer_review_groups, rename_peer_review_group, delete_peer_review_group,
// join_peer_review_group); these use cases ask it and refuse with the policy's reason. A group the
// reader may not see is `not_found` for every step, so its existence is not told.
import type { Kysely } from 'kysely';
import type { PeerDisplayContext } from '../../domain/openness/peer-display-name.ts';
import { can, type PolicyTarget } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { peersNamedIn } from '../benchmarking/page-queries.ts';
import { UseCaseError } from '../use-case-error.ts';
import type { PeerGroupActor, PeerGroupView } from './peer-review-group-access.ts';
import {
  accessTo,
  type GroupAccess,
  groupRows,
  ownPractices,
  targetOf,
  viewOf,
} from './peer-review-group-access.ts';

/** No such group, or one the reader may not know of (the same answer: its existence is not shown). */
const notFound = (): UseCaseError => new UseCaseError('not_found', 'No such peer review group');

export interface PeerGroupsView {
  groups: PeerGroupView[];
  /** Sub-ICB locations where the reader may create a group. */
  areas: { code: string; name: string }[];
}

/** The groups the actor may see (their areas' groups; a practice's, those of its sub-ICB location). */
export async function listPeerReviewGroups(
  db: Kysely<Database>,
  actor: PeerGroupActor,
): Promise<PeerGroupsView> {
  const practices = await ownPractices(db, actor);
  const areaTargets = new Map<string, PolicyTarget | null>();
  const groups: PeerGroupView[] = [];
  for (const row of await groupRows(db)) {
    const access = await accessTo(db, actor, row, practices, areaTargets);
    if (access) groups.push(await viewOf(db, row, access));
  }
  return { groups, areas: await manageableAreas(db, actor) };
}

/** Sub-ICB locations at or beneath the actor's roles where the policy lets them create a group. */
async function manageableAreas(
  db: Kysely<Database>,
  actor: PeerGroupActor,
): Promise<{ code: string; name: string }[]> {
  const scopes = actor.roles.flatMap((r) => (r.organisationCode ? [r.organisationCode.toUpperCase()] : []));
  const admin = actor.roles.some((r) => r.role === 'administrator');
  if (!admin && scopes.length === 0) return [];
  let q = db
    .selectFrom('organisation')
    .select(['code', 'name'])
    .where('kind', '=', 'sub_icb')
    .where((eb) => eb.or([eb('status', 'is', null), eb('status', '!=', 'closed')]));
  // A role's own sub-ICB location, or those whose current ICB or region it names.
  if (!admin) {
    const under = await db
      .selectFrom('organisation_membership')
      .select('child_code')
      .distinct()
      .where('parent_code', 'in', scopes)
      .execute();
    q = q.where('code', 'in', [...scopes, ...under.map((u) => u.child_code)]);
  }
  const areas = await q.orderBy('name').execute();
  if (admin) return areas;
  const out = [];
  for (const area of areas) {
    const target = await targetOf(db, area.code);
    if (target && can(actor, 'manage_peer_review_groups', target).allowed) out.push(area);
  }
  return out;
}

/** One group as the actor may see it; not_found when there is none they may see. */
export async function getPeerReviewGroup(
  db: Kysely<Database>,
  actor: PeerGroupActor,
  id: number,
): Promise<PeerGroupView> {
  return (await groupWithAccess(db, actor, id)).view;
}

async function groupWithAccess(
  db: Kysely<Database>,
  actor: PeerGroupActor,
  id: number,
): Promise<{ view: PeerGroupView; access: GroupAccess }> {
  const [row] = await groupRows(db, id);
  const access = row ? await accessTo(db, actor, row, await ownPractices(db, actor), new Map()) : null;
  if (!row || !access) throw notFound();
  return { view: await viewOf(db, row, access), access };
}

/** Creates a group in a sub-ICB location (manage_peer_review_groups there). */
export async function createPeerReviewGroup(
  db: Kysely<Database>,
  actor: PeerGroupActor,
  input: { name: string; areaCode: string },
  now: Date,
): Promise<number> {
  const name = await freeName(db, input.name, null);
  const area = await db
    .selectFrom('organisation')
    .select(['code', 'kind'])
    .where('code', '=', input.areaCode.toUpperCase())
    .executeTakeFirst();
  if (area?.kind !== 'sub_icb') throw new UseCaseError('invalid', 'choose a sub-ICB location', 'area');
  authorise(actor, 'manage_peer_review_groups', (await targetOf(db, area.code))!);
  const taken = await db
    .selectFrom('peer_review_group')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  if (taken) throw new UseCaseError('invalid', 'a peer review group already has that name');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('peer_review_group')
      .values({ name, area_code: area.code, created_by: actor.username, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'peer_review_group_created',
      entity: 'peer_review_group',
      entityId: String(row.id),
      before: null,
      after: { name, area: area.code },
    });
    return row.id;
  });
}

/** A practice's step into or out of a group. */
export type MembershipStep = 'join' | 'leave';

/**
 * A practice joins (its own partners or manager agreeing to share identified data within the group:
 * join_peer_review_group on the practice, a practice of the group's sub-ICB location), or leaves (its
 * own staff), or is taken out by a manager of the group's area. Recorded with who, audited.
 */
export async function changeMembership(
  db: Kysely<Database>,
  actor: PeerGroupActor,
  groupId: number,
  step: MembershipStep,
  practiceCode: string,
  now: Date,
): Promise<void> {
  const group = await getPeerReviewGroup(db, actor, groupId);
  const code = practiceCode.trim().toUpperCase();
  if (step === 'join' && !group.may.join.includes(code)) {
    const decision = can(actor, 'join_peer_review_group', { organisationCode: code });
    throw new UseCaseError(
      'forbidden',
      decision.allowed
        ? `${code} is not a practice of ${group.areaCode ?? 'this group’s area'}`
        : decision.reason,
    );
  }
  if (step === 'leave' && !group.members.some((m) => m.practiceCode === code))
    throw new UseCaseError('invalid', `${code} is not a member of this group`, 'practice');
  if (step === 'leave' && !group.may.remove.includes(code))
    throw new UseCaseError(
      'forbidden',
      'only the practice itself or a commissioning manager of the group’s area may take it out',
    );
  await db.transaction().execute(async (trx) => {
    if (step === 'join')
      await trx
        .insertInto('peer_review_group_member')
        .values({ group_id: groupId, practice_code: code, agreed_by: actor.username, agreed_at: now })
        .onConflict((oc) => oc.columns(['group_id', 'practice_code']).doNothing())
        .execute();
    else
      await trx
        .deleteFrom('peer_review_group_member')
        .where('group_id', '=', groupId)
        .where('practice_code', '=', code)
        .execute();
    await writeAudit(trx, {
      actor: actor.username,
      action: step === 'join' ? 'peer_review_group_joined' : 'peer_review_group_left',
      entity: 'peer_review_group',
      entityId: String(groupId),
      before: step === 'join' ? null : { practice: code },
      after: step === 'join' ? { practice: code } : { left_at: now.toISOString() },
    });
  });
}

/** A group name that is given, not too long, and no other group's (`except`: the group renamed). */
async function freeName(db: Kysely<Database>, raw: string, except: number | null): Promise<string> {
  const name = raw.trim();
  if (name.length === 0 || name.length > 200)
    throw new UseCaseError('invalid', 'give the group a name (up to 200 characters)', 'name');
  let q = db.selectFrom('peer_review_group').select('id').where('name', '=', name);
  if (except !== null) q = q.where('id', '!=', except);
  if (await q.executeTakeFirst())
    throw new UseCaseError('invalid', 'a peer review group already has that name', 'name');
  return name;
}

/** Renames a group (rename_peer_review_group in its area); audited with the old and new names. */
export async function renamePeerReviewGroup(
  db: Kysely<Database>,
  actor: PeerGroupActor,
  groupId: number,
  newName: string,
): Promise<void> {
  const { view, access } = await groupWithAccess(db, actor, groupId);
  if (!access.rename) throw new UseCaseError('forbidden', access.refusal.rename);
  const name = await freeName(db, newName, groupId);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('peer_review_group').set({ name }).where('id', '=', groupId).execute();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'peer_review_group_renamed',
      entity: 'peer_review_group',
      entityId: String(groupId),
      before: { name: view.name },
      after: { name },
    });
  });
}

/**
 * Deletes a group (delete_peer_review_group in its area). Its members' agreements end with it; the
 * audit entry keeps who had agreed, so the record of what was shared, and with whom, stays.
 */
export async function deletePeerReviewGroup(
  db: Kysely<Database>,
  actor: PeerGroupActor,
  groupId: number,
  now: Date,
): Promise<void> {
  const { view, access } = await groupWithAccess(db, actor, groupId);
  if (!access.delete) throw new UseCaseError('forbidden', access.refusal.delete);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('peer_review_group_member').where('group_id', '=', groupId).execute();
    await trx.deleteFrom('peer_review_group').where('id', '=', groupId).execute();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'peer_review_group_deleted',
      entity: 'peer_review_group',
      entityId: String(groupId),
      before: {
        name: view.name,
        area: view.areaCode,
        members: view.members.map((m) => ({ practice: m.practiceCode, agreedBy: m.agreedBy })),
      },
      after: { deleted_at: now.toISOString() },
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
  const rows = await db
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
