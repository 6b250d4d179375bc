/** Meetings: creating them, the agenda, who attended, and the minutes (published for everyone). */
import type { Kysely } from 'kysely';
import { isDelegatedFunction } from '../../domain/governance/delegation.ts';
import type { PolicyTarget } from '../../domain/policy.ts';
import type { AgendaConcernKind, CommitteeMeetingRow, CommitteeRow, Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { findOrganisation } from '../browse/organisations.ts';
import { UseCaseError } from '../use-case-error.ts';
import { type CommitteeMember, committeeMembers, findCommittee } from './committees.ts';
import { targetFor } from './context.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const CONCERN_KINDS: readonly AgendaConcernKind[] = [
  'general',
  'practices',
  'scheme',
  'agreement',
  'performance_concern',
];
export const CONCERN_LABELS: Record<AgendaConcernKind, string> = {
  general: 'General business',
  practices: 'Named practices or providers',
  scheme: 'An incentive scheme',
  agreement: 'An inter-practice agreement',
  performance_concern: 'A performance concern',
};

export interface MeetingContext {
  meeting: CommitteeMeetingRow;
  committee: CommitteeRow;
  target: PolicyTarget;
}

export async function meetingContext(db: Kysely<Database>, meetingId: number): Promise<MeetingContext> {
  const meeting = Number.isSafeInteger(meetingId)
    ? await db.selectFrom('committee_meeting').selectAll().where('id', '=', meetingId).executeTakeFirst()
    : undefined;
  if (!meeting) throw new UseCaseError('not_found', 'There is no such meeting');
  const committee = await findCommittee(db, meeting.committee_id);
  return { meeting, committee, target: await targetFor(db, committee.organisation_code) };
}

export interface MeetingForm {
  title: string;
  heldOn: string;
  location: string | null;
}

export async function createMeeting(
  db: Kysely<Database>,
  actor: Actor | null,
  committeeId: number,
  form: MeetingForm,
  now: Date,
): Promise<number> {
  const committee = await findCommittee(db, committeeId);
  authorise(actor, 'manage_committee', await targetFor(db, committee.organisation_code));
  if (form.title.trim() === '') throw new UseCaseError('invalid', 'Enter the meeting’s title', 'title');
  if (!ISO_DATE.test(form.heldOn))
    throw new UseCaseError('invalid', 'Enter the date like 2026-05-14', 'held_on');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('committee_meeting')
      .values({
        committee_id: committeeId,
        title: form.title.trim(),
        held_on: form.heldOn,
        location: form.location?.trim() || null,
        created_by: actor!.username,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'meeting_created',
      entity: 'committee_meeting',
      entityId: String(row.id),
      before: null,
      after: {
        committee_id: committeeId,
        title: form.title.trim(),
        held_on: form.heldOn,
        location: form.location,
      },
    });
    return row.id;
  });
}

/** Marks every member present or absent (members not listed are absent). */
export async function recordAttendance(
  db: Kysely<Database>,
  actor: Actor | null,
  meetingId: number,
  presentMemberIds: readonly number[],
  now: Date,
): Promise<void> {
  const { meeting, target } = await meetingContext(db, meetingId);
  authorise(actor, 'manage_committee', target);
  const members = await committeeMembers(db, meeting.committee_id, meeting.held_on);
  const present = new Set(presentMemberIds);
  for (const id of present) {
    if (!members.some((m) => m.id === id))
      throw new UseCaseError('invalid', 'That is not a member of this committee', 'present');
  }
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('meeting_attendance')
      .select(['member_id', 'present'])
      .where('meeting_id', '=', meetingId)
      .execute();
    for (const m of members) {
      await trx
        .insertInto('meeting_attendance')
        .values({
          meeting_id: meetingId,
          member_id: m.id,
          present: present.has(m.id),
          recorded_by: actor!.username,
          recorded_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['meeting_id', 'member_id']).doUpdateSet({
            present: present.has(m.id),
            recorded_by: actor!.username,
            recorded_at: now,
          }),
        )
        .execute();
    }
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'attendance_recorded',
      entity: 'committee_meeting',
      entityId: String(meetingId),
      before: before.filter((b) => b.present).map((b) => b.member_id),
      after: members.filter((m) => present.has(m.id)).map((m) => m.id),
    });
  });
}

export interface AgendaItemForm {
  title: string;
  concernKind: string;
  concernRef: string | null;
  /** Practice or provider ODS codes, separated by commas or spaces. */
  organisationCodes: string;
  /** Providers without a code, one a line. */
  providerNames: string;
  delegatedFunction: string | null;
  paper: string;
  confidentialPaper: string | null;
}

export function parseCodes(text: string): string[] {
  return [
    ...new Set(
      text
        .toUpperCase()
        .split(/[\s,;]+/)
        .filter((c) => c !== ''),
    ),
  ];
}

export async function addAgendaItem(
  db: Kysely<Database>,
  actor: Actor | null,
  meetingId: number,
  form: AgendaItemForm,
  now: Date,
): Promise<number> {
  const { target } = await meetingContext(db, meetingId);
  authorise(actor, 'manage_committee', target);
  if (form.title.trim() === '') throw new UseCaseError('invalid', 'Enter the item’s title', 'title');
  if (!(CONCERN_KINDS as readonly string[]).includes(form.concernKind))
    throw new UseCaseError('invalid', 'Select what the item concerns', 'concern_kind');
  const fn = form.delegatedFunction?.trim() || null;
  if (fn !== null && !isDelegatedFunction(fn))
    throw new UseCaseError('invalid', 'Select a function from the list', 'delegated_function');
  const codes = parseCodes(form.organisationCodes);
  for (const code of codes) {
    if (!/^[A-Z0-9]{3,10}$/.test(code) || !(await findOrganisation(db, code))) {
      throw new UseCaseError(
        'invalid',
        `There is no practice or organisation with the code ${code}`,
        'organisation_codes',
      );
    }
  }
  const providers = [
    ...new Set(
      form.providerNames
        .split(/\r?\n/)
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    ),
  ];
  return db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('agenda_item')
      .select((eb) => eb.fn.max('position').as('position'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    const row = await trx
      .insertInto('agenda_item')
      .values({
        meeting_id: meetingId,
        position: Number(last?.position ?? 0) + 1,
        title: form.title.trim(),
        concern_kind: form.concernKind as AgendaConcernKind,
        concern_ref: form.concernRef?.trim() || null,
        provider_names: JSON.stringify(providers),
        delegated_function: fn,
        paper: form.paper.trim(),
        confidential_paper: form.confidentialPaper?.trim() || null,
        created_by: actor!.username,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (codes.length > 0) {
      await trx
        .insertInto('agenda_item_organisation')
        .values(codes.map((c) => ({ item_id: row.id, organisation_code: c })))
        .execute();
    }
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'agenda_item_added',
      entity: 'agenda_item',
      entityId: String(row.id),
      before: null,
      after: {
        meeting_id: meetingId,
        title: form.title.trim(),
        concern_kind: form.concernKind,
        concern_ref: form.concernRef,
        organisation_codes: codes,
        provider_names: providers,
        delegated_function: fn,
      },
    });
    return row.id;
  });
}

export async function publishMinutes(
  db: Kysely<Database>,
  actor: Actor | null,
  meetingId: number,
  minutes: string,
  now: Date,
): Promise<void> {
  const { meeting, target } = await meetingContext(db, meetingId);
  authorise(actor, 'manage_committee', target);
  if (minutes.trim() === '') throw new UseCaseError('invalid', 'Enter the minutes', 'minutes');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('committee_meeting')
      .set({ minutes: minutes.trim(), minutes_published_at: now })
      .where('id', '=', meetingId)
      .execute();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'minutes_published',
      entity: 'committee_meeting',
      entityId: String(meetingId),
      before: { minutes: meeting.minutes },
      after: { minutes: minutes.trim() },
    });
  });
}

export interface AgendaEntry {
  id: number;
  position: number;
  title: string;
  concernKind: AgendaConcernKind;
  organisationCodes: string[];
  decided: boolean;
}

export interface MeetingView extends MeetingContext {
  members: CommitteeMember[];
  present: Set<number>;
  attendanceRecorded: boolean;
  agenda: AgendaEntry[];
}

export async function agendaOf(db: Kysely<Database>, meetingId: number): Promise<AgendaEntry[]> {
  const items = await db
    .selectFrom('agenda_item as i')
    .leftJoin('item_decision as d', 'd.item_id', 'i.id')
    .select(['i.id', 'i.position', 'i.title', 'i.concern_kind', 'd.item_id as decided'])
    .where('i.meeting_id', '=', meetingId)
    .orderBy('i.position')
    .execute();
  const orgs = items.length
    ? await db
        .selectFrom('agenda_item_organisation')
        .selectAll()
        .where(
          'item_id',
          'in',
          items.map((i) => i.id),
        )
        .execute()
    : [];
  return items.map((i) => ({
    id: i.id,
    position: i.position,
    title: i.title,
    concernKind: i.concern_kind,
    organisationCodes: orgs
      .filter((o) => o.item_id === i.id)
      .map((o) => o.organisation_code)
      .sort(),
    decided: i.decided !== null,
  }));
}

export async function getMeeting(
  db: Kysely<Database>,
  actor: Actor | null,
  meetingId: number,
): Promise<MeetingView> {
  const context = await meetingContext(db, meetingId);
  authorise(actor, 'view_governance', context.target);
  const members = await committeeMembers(db, context.committee.id, context.meeting.held_on);
  const attendance = await db
    .selectFrom('meeting_attendance')
    .select(['member_id', 'present'])
    .where('meeting_id', '=', meetingId)
    .execute();
  return {
    ...context,
    members,
    present: new Set(attendance.filter((a) => a.present).map((a) => a.member_id)),
    attendanceRecorded: attendance.length > 0,
    agenda: await agendaOf(db, meetingId),
  };
}
