/**
 * Reading obligations: the dashboard of a commissioner (each bound practice's items by status, the
 * overdue ones with their escalation) and of a practice, one item with its returns and the reminders
 * sent about it, and one review meeting with its agenda and actions.
 */

import type { Kysely } from 'kysely';
import { type AgendaEntry, buildAgenda } from '../../domain/obligations/agenda.ts';
import type { EvidenceKind } from '../../domain/obligations/clause-obligation.ts';
import type { EscalationLevel } from '../../domain/obligations/escalation.ts';
import { type Cadence, periodLabel } from '../../domain/obligations/periods.ts';
import type { Database, ItemStatus, JsonValue } from '../../store/schema.ts';
import { utcDate } from '../clock.ts';
import { UseCaseError } from '../use-case-error.ts';
import { agendaFacts } from './meetings.ts';
import { type LoadedItem, loadItem } from './returns.ts';
import { type ScorecardFigure, scorecardSnapshot } from './scorecard.ts';

export interface ItemRow {
  id: number;
  practiceCode: string;
  practiceName: string;
  what: string;
  evidence: EvidenceKind;
  period: string;
  dueOn: string;
  status: ItemStatus;
  overdue: boolean;
  escalation: EscalationLevel;
  concernId: number | null;
  meetingId: number | null;
}

async function itemRows(
  db: Kysely<Database>,
  now: Date,
  filter: { practiceCode?: string; commissionerCode?: string },
): Promise<ItemRow[]> {
  let q = db
    .selectFrom('obligation_item as i')
    .innerJoin('obligation as o', 'o.id', 'i.obligation_id')
    .innerJoin('agreement_version as v', 'v.id', 'o.version_id')
    .innerJoin('agreement as a', 'a.id', 'v.agreement_id')
    .innerJoin('organisation as org', 'org.code', 'i.practice_code')
    .leftJoin('review_meeting as m', 'm.item_id', 'i.id')
    .select([
      'i.id',
      'i.practice_code',
      'org.name',
      'o.what',
      'o.evidence',
      'o.cadence',
      'i.period_start',
      'i.due_on',
      'i.status',
      'i.escalation',
      'i.concern_id',
      'm.id as meeting_id',
    ]);
  if (filter.practiceCode) q = q.where('i.practice_code', '=', filter.practiceCode);
  if (filter.commissionerCode) q = q.where('a.commissioner_code', '=', filter.commissionerCode);
  const rows = await q.orderBy('i.due_on', 'desc').orderBy('i.practice_code').orderBy('i.id').execute();
  const today = utcDate(now);
  return rows.map((r) => ({
    id: r.id,
    practiceCode: r.practice_code,
    practiceName: r.name,
    what: r.what,
    evidence: r.evidence,
    period: periodLabel(r.cadence as Cadence, r.period_start),
    dueOn: r.due_on,
    status: r.status,
    overdue: (r.status === 'due' || r.status === 'queried') && r.due_on < today,
    escalation: r.escalation,
    concernId: r.concern_id,
    meetingId: r.meeting_id,
  }));
}

export interface PracticeSummary {
  practiceCode: string;
  practiceName: string;
  due: number;
  overdue: number;
  submitted: number;
  accepted: number;
  queried: number;
  worstEscalation: EscalationLevel;
}

const LEVEL_ORDER: EscalationLevel[] = ['none', 'reminded', 'manager', 'concern_open'];

export function summarise(items: readonly ItemRow[]): PracticeSummary[] {
  const by = new Map<string, PracticeSummary>();
  for (const i of items) {
    const s =
      by.get(i.practiceCode) ??
      ({
        practiceCode: i.practiceCode,
        practiceName: i.practiceName,
        due: 0,
        overdue: 0,
        submitted: 0,
        accepted: 0,
        queried: 0,
        worstEscalation: 'none',
      } satisfies PracticeSummary);
    if (i.overdue) s.overdue++;
    else if (i.status === 'due') s.due++;
    if (i.status === 'submitted') s.submitted++;
    if (i.status === 'accepted') s.accepted++;
    if (i.status === 'queried') s.queried++;
    if (i.overdue && LEVEL_ORDER.indexOf(i.escalation) > LEVEL_ORDER.indexOf(s.worstEscalation))
      s.worstEscalation = i.escalation;
    by.set(i.practiceCode, s);
  }
  return [...by.values()].sort((a, b) => a.practiceCode.localeCompare(b.practiceCode));
}

export interface CommissionerDashboard {
  commissionerCode: string;
  commissionerName: string;
  practices: PracticeSummary[];
  overdue: ItemRow[];
  awaitingDecision: ItemRow[];
  meetings: ItemRow[];
}

export async function commissionerDashboard(
  db: Kysely<Database>,
  commissionerCode: string,
  now: Date,
): Promise<CommissionerDashboard> {
  const org = await db
    .selectFrom('organisation')
    .select(['code', 'name'])
    .where('code', '=', commissionerCode)
    .executeTakeFirst();
  if (!org) throw new UseCaseError('not_found', `No organisation has the code ${commissionerCode}`);
  const items = await itemRows(db, now, { commissionerCode });
  return {
    commissionerCode: org.code,
    commissionerName: org.name,
    practices: summarise(items),
    overdue: items.filter((i) => i.overdue).sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
    awaitingDecision: items.filter((i) => i.status === 'submitted'),
    meetings: items.filter((i) => i.evidence === 'review_meeting').slice(0, 50),
  };
}

export async function practiceItems(db: Kysely<Database>, practiceCode: string, now: Date) {
  const org = await db
    .selectFrom('organisation')
    .select(['code', 'name', 'kind'])
    .where('code', '=', practiceCode)
    .executeTakeFirst();
  if (org?.kind !== 'practice') throw new UseCaseError('not_found', `There is no practice ${practiceCode}`);
  const items = await itemRows(db, now, { practiceCode });
  return { practiceCode: org.code, practiceName: org.name, summary: summarise(items)[0] ?? null, items };
}

export interface SubmissionView {
  id: number;
  statement: string;
  content: JsonValue;
  fileName: string | null;
  fileSize: number | null;
  fileSha256: string | null;
  submittedBy: string;
  authorityRole: string;
  submittedAt: Date;
  decision: 'accepted' | 'queried' | null;
  decisionNote: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export interface ReminderView {
  step: string;
  dueAt: Date;
  deliveredAt: Date | null;
  recipients: number | null;
}

export interface ItemView {
  item: LoadedItem;
  overdue: boolean;
  submissions: SubmissionView[];
  reminders: ReminderView[];
  meetingId: number | null;
  /** A scorecard review's figures as they stand now (for the form). */
  figures: { release: string | null; rows: ScorecardFigure[] } | null;
  clauseHeading: string;
}

export async function itemView(db: Kysely<Database>, itemId: number, now: Date): Promise<ItemView> {
  const item = await loadItem(db, itemId);
  const submissions = await db
    .selectFrom('obligation_submission')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
  const reminders = await db
    .selectFrom('reminder')
    .select(['step', 'due_at', 'delivered_at', 'recipients'])
    .where('kind', '=', 'return')
    .where('subject_key', '=', `obligation_item:${itemId}`)
    .orderBy('due_at')
    .execute();
  const meeting = await db
    .selectFrom('review_meeting')
    .select('id')
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  const clause = await db
    .selectFrom('agreement_clause')
    .select('heading')
    .where('version_id', '=', item.version_id)
    .where('position', '=', item.clause_position)
    .executeTakeFirstOrThrow();
  return {
    item,
    overdue: (item.status === 'due' || item.status === 'queried') && item.due_on < utcDate(now),
    submissions: submissions.map((s) => ({
      id: s.id,
      statement: s.statement,
      content: s.content,
      fileName: s.file_name,
      fileSize: s.file_size,
      fileSha256: s.file_sha256,
      submittedBy: s.submitted_by,
      authorityRole: s.authority_role,
      submittedAt: s.submitted_at,
      decision: s.decision,
      decisionNote: s.decision_note,
      decidedBy: s.decided_by,
      decidedAt: s.decided_at,
    })),
    reminders: reminders.map((r) => ({
      step: r.step,
      dueAt: r.due_at,
      deliveredAt: r.delivered_at,
      recipients: r.recipients,
    })),
    meetingId: meeting?.id ?? null,
    figures:
      item.evidence === 'scorecard_review'
        ? await scorecardSnapshot(db, item.practice_code, item.indicator_codes)
        : null,
    clauseHeading: clause.heading,
  };
}

export async function submissionFile(db: Kysely<Database>, submissionId: number) {
  const row = await db
    .selectFrom('obligation_submission')
    .select(['item_id', 'file_name', 'file_type', 'file_content'])
    .where('id', '=', submissionId)
    .executeTakeFirst();
  if (!row?.file_content) throw new UseCaseError('not_found', 'There is no such file');
  return row;
}

export interface MeetingView {
  id: number;
  itemId: number;
  practiceCode: string;
  practiceName: string;
  period: string;
  scheduledOn: string;
  location: string | null;
  papersSentAt: Date | null;
  /** Frozen when the papers went out; before that, as it would be built now. */
  agenda: AgendaEntry[];
  agendaFrozen: boolean;
  notes: string | null;
  recordedBy: string | null;
  recordedAt: Date | null;
  actions: {
    id: number;
    action: string;
    owner: string;
    dueOn: string;
    status: string;
    followUpNote: string | null;
    followUpMeetingId: number | null;
  }[];
  /** Open actions of earlier meetings, to follow up at this one (before it is recorded). */
  followUps: {
    id: number;
    action: string;
    owner: string;
    dueOn: string;
    fromMeetingId: number;
    fromMeetingOn: string;
  }[];
  /** Actions of earlier meetings this one followed up. */
  followedUp: { id: number; action: string; status: string; note: string | null }[];
}

export async function meetingView(db: Kysely<Database>, meetingId: number, now: Date): Promise<MeetingView> {
  const m = Number.isSafeInteger(meetingId)
    ? await db
        .selectFrom('review_meeting as m')
        .innerJoin('obligation_item as i', 'i.id', 'm.item_id')
        .innerJoin('obligation as o', 'o.id', 'i.obligation_id')
        .innerJoin('organisation as org', 'org.code', 'i.practice_code')
        .select([
          'm.id',
          'm.item_id',
          'm.scheduled_on',
          'm.location',
          'm.agenda',
          'm.papers_sent_at',
          'm.notes',
          'm.recorded_by',
          'm.recorded_at',
          'i.practice_code',
          'i.period_start',
          'o.cadence',
          'org.name',
        ])
        .where('m.id', '=', meetingId)
        .executeTakeFirst()
    : undefined;
  if (!m) throw new UseCaseError('not_found', 'There is no such review meeting');
  const actions = await db
    .selectFrom('review_action')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('id')
    .execute();
  const earlier = await earlierActions(db, m.practice_code, meetingId);
  const agenda =
    m.agenda !== null
      ? (m.agenda as unknown as AgendaEntry[])
      : buildAgenda(await agendaFacts(db, meetingId, now));
  return {
    id: m.id,
    itemId: m.item_id,
    practiceCode: m.practice_code,
    practiceName: m.name,
    period: periodLabel(m.cadence, m.period_start),
    scheduledOn: m.scheduled_on,
    location: m.location,
    papersSentAt: m.papers_sent_at,
    agenda,
    agendaFrozen: m.agenda !== null,
    notes: m.notes,
    recordedBy: m.recorded_by,
    recordedAt: m.recorded_at,
    actions: actions.map((a) => ({
      id: a.id,
      action: a.action,
      owner: a.owner,
      dueOn: a.due_on,
      status: a.status,
      followUpNote: a.follow_up_note,
      followUpMeetingId: a.follow_up_meeting_id,
    })),
    followUps:
      m.notes === null
        ? earlier
            .filter((a) => a.status === 'open')
            .map((a) => ({
              id: a.id,
              action: a.action,
              owner: a.owner,
              dueOn: a.due_on,
              fromMeetingId: a.meeting_id,
              fromMeetingOn: a.scheduled_on,
            }))
        : [],
    followedUp: earlier
      .filter((a) => a.follow_up_meeting_id === meetingId)
      .map((a) => ({ id: a.id, action: a.action, status: a.status, note: a.follow_up_note })),
  };
}

/** The practice's actions from its other review meetings (to follow up, or followed up here). */
async function earlierActions(db: Kysely<Database>, practiceCode: string, meetingId: number) {
  return db
    .selectFrom('review_action as a')
    .innerJoin('review_meeting as rm', 'rm.id', 'a.meeting_id')
    .innerJoin('obligation_item as i', 'i.id', 'rm.item_id')
    .select([
      'a.id',
      'a.action',
      'a.owner',
      'a.due_on',
      'a.status',
      'a.follow_up_meeting_id',
      'a.follow_up_note',
      'rm.id as meeting_id',
      'rm.scheduled_on',
    ])
    .where('i.practice_code', '=', practiceCode)
    .where('rm.id', '!=', meetingId)
    .orderBy('a.id')
    .execute();
}
