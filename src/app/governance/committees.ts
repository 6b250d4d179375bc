/**
 * Committees: terms of reference, quorum rule and membership, with the composition check that
 * decides whether the committee may take decisions at all.
 */
import type { Kysely } from 'kysely';
import {
  type CommitteeMemberInfo,
  type CompositionCheck,
  checkComposition,
  MEMBER_ROLES,
  type MemberRole,
  OBSERVER_BODIES,
  type ObserverBody,
  POSITIONS,
  type Position,
  type QuorumRule,
} from '../../domain/governance/committee-rules.ts';
import type { PolicyTarget } from '../../domain/policy.ts';
import type { CommitteeRow, Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { findOrganisation } from '../browse/organisations.ts';
import { UseCaseError } from '../use-case-error.ts';
import { targetFor } from './context.ts';

export interface CommitteeMember extends CommitteeMemberInfo {
  personId: number;
  userId: number | null;
  observerBody: ObserverBody | null;
  startsOn: string;
  endsOn: string | null;
}

export interface CommitteeSummary {
  id: number;
  name: string;
  organisationCode: string;
  organisationName: string | null;
}

export interface CommitteeView extends CommitteeSummary {
  termsOfReference: string;
  quorum: QuorumRule;
  members: CommitteeMember[];
  composition: CompositionCheck;
  meetings: { id: number; title: string; heldOn: string; minutesPublished: boolean }[];
  target: PolicyTarget;
}

export function quorumRuleOf(row: CommitteeRow): QuorumRule {
  return {
    minimumVoting: row.quorum_minimum,
    requireChairOrDeputy: row.quorum_requires_chair,
    requireLay: row.quorum_requires_lay,
  };
}

export async function listCommittees(db: Kysely<Database>): Promise<CommitteeSummary[]> {
  const rows = await db
    .selectFrom('committee as c')
    .leftJoin('organisation as o', 'o.code', 'c.organisation_code')
    .select(['c.id', 'c.name', 'c.organisation_code', 'o.name as organisation_name'])
    .orderBy('c.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    organisationCode: r.organisation_code,
    organisationName: r.organisation_name,
  }));
}

/** Members serving on `day`. */
export async function committeeMembers(
  db: Kysely<Database>,
  committeeId: number,
  day: string,
): Promise<CommitteeMember[]> {
  const rows = await db
    .selectFrom('committee_member as m')
    .innerJoin('governance_person as p', 'p.id', 'm.person_id')
    .select([
      'm.id',
      'm.person_id',
      'p.display_name',
      'p.user_id',
      'm.role',
      'm.observer_body',
      'm.voting',
      'm.position',
      'm.starts_on',
      'm.ends_on',
    ])
    .where('m.committee_id', '=', committeeId)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .orderBy('m.id')
    .execute();
  const order: Record<Position, number> = { chair: 0, deputy_chair: 1, member: 2 };
  const roleOrder: Record<MemberRole, number> = { lay: 0, executive: 1, gp: 2, observer: 3 };
  return rows
    .map((r) => ({
      id: r.id,
      personId: r.person_id,
      userId: r.user_id,
      name: r.display_name,
      role: r.role,
      observerBody: r.observer_body,
      voting: r.voting,
      position: r.position,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
    }))
    .sort(
      (a, b) => order[a.position] - order[b.position] || roleOrder[a.role] - roleOrder[b.role] || a.id - b.id,
    );
}

export async function findCommittee(db: Kysely<Database>, id: number): Promise<CommitteeRow> {
  const row = Number.isSafeInteger(id)
    ? await db.selectFrom('committee').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw new UseCaseError('not_found', 'There is no such committee');
  return row;
}

/** The committee as members and observers see it. */
export async function getCommittee(
  db: Kysely<Database>,
  actor: Actor | null,
  id: number,
  day: string,
): Promise<CommitteeView> {
  const row = await findCommittee(db, id);
  const target = await targetFor(db, row.organisation_code);
  authorise(actor, 'view_governance', target);
  const members = await committeeMembers(db, id, day);
  const quorum = quorumRuleOf(row);
  const meetings = await db
    .selectFrom('committee_meeting')
    .select(['id', 'title', 'held_on', 'minutes_published_at'])
    .where('committee_id', '=', id)
    .orderBy('held_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const org = await findOrganisation(db, row.organisation_code);
  return {
    id: row.id,
    name: row.name,
    organisationCode: row.organisation_code,
    organisationName: org?.name ?? null,
    termsOfReference: row.terms_of_reference,
    quorum,
    members,
    composition: checkComposition(members, quorum),
    meetings: meetings.map((m) => ({
      id: m.id,
      title: m.title,
      heldOn: m.held_on,
      minutesPublished: m.minutes_published_at !== null,
    })),
    target,
  };
}

export interface CommitteeForm {
  name: string;
  organisationCode: string;
  termsOfReference: string;
  quorumMinimum: number | null;
  quorumRequiresChair: boolean;
  quorumRequiresLay: boolean;
}

function checkForm(form: CommitteeForm): void {
  if (form.name.trim() === '') throw new UseCaseError('invalid', 'Enter the committee’s name', 'name');
  if (form.quorumMinimum !== null && (!Number.isInteger(form.quorumMinimum) || form.quorumMinimum < 1)) {
    throw new UseCaseError(
      'invalid',
      'Enter the quorum as a whole number of at least 1, or leave it empty',
      'quorum_minimum',
    );
  }
}

export async function createCommittee(
  db: Kysely<Database>,
  actor: Actor | null,
  form: CommitteeForm,
  now: Date,
): Promise<number> {
  const code = form.organisationCode.trim().toUpperCase();
  const org = code ? await findOrganisation(db, code) : null;
  if (!org || (org.kind !== 'sub_icb' && org.kind !== 'icb')) {
    throw new UseCaseError(
      'invalid',
      'Enter the code of a sub-ICB location or ICB, like 16C',
      'organisation_code',
    );
  }
  authorise(actor, 'manage_committee', await targetFor(db, code));
  checkForm(form);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('committee')
      .values({
        name: form.name.trim(),
        organisation_code: org.code,
        terms_of_reference: form.termsOfReference.trim(),
        quorum_minimum: form.quorumMinimum,
        quorum_requires_chair: form.quorumRequiresChair,
        quorum_requires_lay: form.quorumRequiresLay,
        created_by: actor!.username,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'committee_created',
      entity: 'committee',
      entityId: String(row.id),
      before: null,
      after: { ...form, organisationCode: org.code },
    });
    return row.id;
  });
}

/** Terms of reference and the quorum rule. */
export async function updateTerms(
  db: Kysely<Database>,
  actor: Actor | null,
  id: number,
  form: Omit<CommitteeForm, 'organisationCode' | 'name'>,
): Promise<void> {
  const row = await findCommittee(db, id);
  authorise(actor, 'manage_committee', await targetFor(db, row.organisation_code));
  checkForm({ ...form, name: row.name, organisationCode: row.organisation_code });
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('committee')
      .set({
        terms_of_reference: form.termsOfReference.trim(),
        quorum_minimum: form.quorumMinimum,
        quorum_requires_chair: form.quorumRequiresChair,
        quorum_requires_lay: form.quorumRequiresLay,
      })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'committee_terms_changed',
      entity: 'committee',
      entityId: String(id),
      before: {
        terms_of_reference: row.terms_of_reference,
        quorum_minimum: row.quorum_minimum,
        quorum_requires_chair: row.quorum_requires_chair,
        quorum_requires_lay: row.quorum_requires_lay,
      },
      after: {
        terms_of_reference: form.termsOfReference.trim(),
        quorum_minimum: form.quorumMinimum,
        quorum_requires_chair: form.quorumRequiresChair,
        quorum_requires_lay: form.quorumRequiresLay,
      },
    });
  });
}

export interface MemberForm {
  /** An existing person, or a new one by name (optionally linked to an account by username). */
  personId: number | null;
  name: string;
  username: string | null;
  role: string;
  observerBody: string | null;
  voting: boolean;
  position: string;
  startsOn: string;
}

export async function addMember(
  db: Kysely<Database>,
  actor: Actor | null,
  committeeId: number,
  form: MemberForm,
  now: Date,
): Promise<number> {
  const committee = await findCommittee(db, committeeId);
  authorise(actor, 'manage_committee', await targetFor(db, committee.organisation_code));
  if (!(MEMBER_ROLES as readonly string[]).includes(form.role))
    throw new UseCaseError('invalid', 'Select the member’s role', 'role');
  const role = form.role as MemberRole;
  if (!(POSITIONS as readonly string[]).includes(form.position))
    throw new UseCaseError('invalid', 'Select the position', 'position');
  const observerBody = role === 'observer' ? ((form.observerBody ?? 'other') as ObserverBody) : null;
  if (observerBody !== null && !(OBSERVER_BODIES as readonly string[]).includes(observerBody))
    throw new UseCaseError('invalid', 'Select the body the observer represents', 'observer_body');
  // Observers never vote, whatever the form said: the rule is the software's, not the clerk's.
  const voting = role === 'observer' ? false : form.voting;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.startsOn))
    throw new UseCaseError('invalid', 'Enter the start date like 2026-04-01', 'starts_on');
  return db.transaction().execute(async (trx) => {
    const personId = await personFor(trx, form, now);
    const taken = await trx
      .selectFrom('committee_member')
      .select('id')
      .where('committee_id', '=', committeeId)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    if (taken) throw new UseCaseError('conflict', 'This person is already a member of the committee', 'name');
    const row = await trx
      .insertInto('committee_member')
      .values({
        committee_id: committeeId,
        person_id: personId,
        role,
        observer_body: observerBody,
        voting,
        position: form.position as Position,
        starts_on: form.startsOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'committee_member_added',
      entity: 'committee_member',
      entityId: String(row.id),
      before: null,
      after: {
        committee_id: committeeId,
        person_id: personId,
        role,
        observer_body: observerBody,
        voting,
        position: form.position,
        starts_on: form.startsOn,
      },
    });
    return row.id;
  });
}

/**
 * The person the member is: the one named on the form, else the person of the given account, else a
 * new person (with that account, if any).
 */
async function personFor(trx: Kysely<Database>, form: MemberForm, now: Date): Promise<number> {
  let personId = form.personId;
  if (personId === null) {
    if (form.name.trim() === '') throw new UseCaseError('invalid', 'Enter the member’s name', 'name');
    let userId: number | null = null;
    if (form.username) {
      const user = await trx
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', form.username.trim().toLowerCase())
        .executeTakeFirst();
      if (!user) throw new UseCaseError('invalid', `There is no account '${form.username}'`, 'username');
      userId = user.id;
      const existing = await trx
        .selectFrom('governance_person')
        .select('id')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (existing) personId = existing.id;
    }
    if (personId === null) {
      personId = (
        await trx
          .insertInto('governance_person')
          .values({ display_name: form.name.trim(), user_id: userId, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
  }
  return personId;
}
