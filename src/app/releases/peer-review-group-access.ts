// Who may do what to a peer review group, and the group as that person sees it: the use cases in
// peer-review-groups.ts ask here before they read or change a group.
import type { Kysely } from 'kysely';
import { can, type PolicyTarget } from '../../domain/policy.ts';
import type { RoleAssignment } from '../../domain/roles.ts';
import type { Database } from '../../store/schema.ts';
import { currentAncestors } from '../browse/organisations.ts';

export interface PeerGroupActor {
  username: string;
  roles: readonly RoleAssignment[];
}

export interface PeerGroupMemberView {
  practiceCode: string;
  practiceName: string | null;
  agreedBy: string;
  agreedAt: Date;
}

export interface PeerGroupView {
  id: number;
  name: string;
  areaCode: string | null;
  areaName: string | null;
  createdBy: string;
  createdAt: Date;
  members: PeerGroupMemberView[];
  /** What the reader may do here. */
  may: {
    manage: boolean;
    rename: boolean;
    delete: boolean;
    /** The reader's practices (in the group's area) that may join and are not members yet. */
    join: string[];
    /** Members the reader may take out: all of them for a manager, else the reader's own practices. */
    remove: string[];
  };
}

/** An organisation with its current ancestors, as the policy wants it (null: no such organisation). */
export async function targetOf(db: Kysely<Database>, code: string): Promise<PolicyTarget | null> {
  const org = await db
    .selectFrom('organisation')
    .select(['code', 'name', 'kind', 'status', 'close_date'])
    .where('code', '=', code.toUpperCase())
    .executeTakeFirst();
  if (!org) return null;
  return { organisationCode: org.code, ancestors: (await currentAncestors(db, org)).map((a) => a.code) };
}

/** The practices the actor may join groups for, with their ancestors (a role held for the practice). */
export async function ownPractices(db: Kysely<Database>, actor: PeerGroupActor): Promise<PolicyTarget[]> {
  const codes = [
    ...new Set(
      actor.roles.flatMap((r) =>
        r.organisationCode && (r.role === 'practice_manager' || r.role === 'practice_partner')
          ? [r.organisationCode.toUpperCase()]
          : [],
      ),
    ),
  ];
  const out: PolicyTarget[] = [];
  for (const code of codes) {
    if (!can(actor, 'join_peer_review_group', { organisationCode: code }).allowed) continue;
    const target = await targetOf(db, code);
    if (target) out.push(target);
  }
  return out;
}

export interface GroupRow {
  id: number;
  name: string;
  area_code: string | null;
  created_by: string;
  created_at: Date | string;
}

export async function groupRows(db: Kysely<Database>, id?: number): Promise<GroupRow[]> {
  let q = db.selectFrom('peer_review_group').select(['id', 'name', 'area_code', 'created_by', 'created_at']);
  if (id !== undefined) q = q.where('id', '=', id);
  return q.orderBy('name').execute();
}

export interface GroupAccess {
  manage: boolean;
  rename: boolean;
  delete: boolean;
  /** The policy's reason when renaming or deleting is refused. */
  refusal: { rename: string; delete: string };
  /** The actor's own practices in the group's area. */
  practices: string[];
}

/** How the actor stands to one group; null when they may not see it. */
export async function accessTo(
  db: Kysely<Database>,
  actor: PeerGroupActor,
  group: GroupRow,
  practices: readonly PolicyTarget[],
  areaTargets: Map<string, PolicyTarget | null>,
): Promise<GroupAccess | null> {
  // A group made before groups had an area (migration 021): an administrator's alone.
  let area: PolicyTarget = { organisationCode: 'E92000001' };
  if (group.area_code) {
    if (!areaTargets.has(group.area_code))
      areaTargets.set(group.area_code, await targetOf(db, group.area_code));
    area = areaTargets.get(group.area_code) ?? { organisationCode: group.area_code };
  }
  const inArea = group.area_code
    ? practices.filter((p) => p.ancestors?.includes(group.area_code!)).map((p) => p.organisationCode!)
    : [];
  const views = can(actor, 'view_peer_review_groups', area).allowed;
  if (!views && inArea.length === 0) return null;
  const decide = (action: 'rename_peer_review_group' | 'delete_peer_review_group') =>
    can(actor, action, area);
  return {
    manage: can(actor, 'manage_peer_review_groups', area).allowed,
    rename: decide('rename_peer_review_group').allowed,
    delete: decide('delete_peer_review_group').allowed,
    refusal: {
      rename: decide('rename_peer_review_group').reason,
      delete: decide('delete_peer_review_group').reason,
    },
    practices: inArea,
  };
}

export async function viewOf(
  db: Kysely<Database>,
  group: GroupRow,
  access: GroupAccess,
): Promise<PeerGroupView> {
  const members = await db
    .selectFrom('peer_review_group_member as m')
    .leftJoin('organisation as o', 'o.code', 'm.practice_code')
    .select(['m.practice_code', 'o.name', 'm.agreed_by', 'm.agreed_at'])
    .where('m.group_id', '=', group.id)
    .orderBy('m.practice_code')
    .execute();
  const area = group.area_code
    ? await db
        .selectFrom('organisation')
        .select('name')
        .where('code', '=', group.area_code)
        .executeTakeFirst()
    : undefined;
  const memberCodes = members.map((m) => m.practice_code);
  return {
    id: group.id,
    name: group.name,
    areaCode: group.area_code,
    areaName: area?.name ?? null,
    createdBy: group.created_by,
    createdAt: new Date(group.created_at),
    members: members.map((m) => ({
      practiceCode: m.practice_code,
      practiceName: m.name ?? null,
      agreedBy: m.agreed_by,
      agreedAt: new Date(m.agreed_at),
    })),
    may: {
      manage: access.manage,
      rename: access.rename,
      delete: access.delete,
      join: access.practices.filter((p) => !memberCodes.includes(p)),
      remove: access.manage ? memberCodes : access.practices.filter((p) => memberCodes.includes(p)),
    },
  };
}
