// Where a calculation stands in its approval (docs/schemes.md "Approval"): read from its agenda item's
// decision each time, never stored twice.
import type { Kysely } from 'kysely';
import type { Database, ItemDecisionRow } from '../../store/schema.ts';
import { UseCaseError } from '../use-case-error.ts';

export type ApprovalStatus = 'prepared' | 'submitted' | 'approved' | 'not_approved';

export interface Approval {
  status: ApprovalStatus;
  agendaItemId: number | null;
  meetingId: number | null;
  decision: ItemDecisionRow | null;
}

/** Where a calculation stands, read from its agenda item's decision (never stored twice). */
export async function approvalOf(db: Kysely<Database>, calculationId: number): Promise<Approval> {
  const row = await db
    .selectFrom('scheme_approval')
    .innerJoin('agenda_item', 'agenda_item.id', 'scheme_approval.agenda_item_id')
    .select(['scheme_approval.agenda_item_id', 'agenda_item.meeting_id'])
    .where('scheme_approval.calculation_id', '=', calculationId)
    .executeTakeFirst();
  if (!row) return { status: 'prepared', agendaItemId: null, meetingId: null, decision: null };
  const decision =
    (await db
      .selectFrom('item_decision')
      .selectAll()
      .where('item_id', '=', row.agenda_item_id)
      .executeTakeFirst()) ?? null;
  const status: ApprovalStatus = !decision
    ? 'submitted'
    : decision.outcome === 'carried'
      ? 'approved'
      : 'not_approved';
  return { status, agendaItemId: row.agenda_item_id, meetingId: row.meeting_id, decision };
}

export async function requireApproved(db: Kysely<Database>, calculationId: number): Promise<Approval> {
  const approval = await approvalOf(db, calculationId);
  if (approval.status !== 'approved')
    throw new UseCaseError('conflict', `Calculation ${calculationId} has not been approved by the committee`);
  return approval;
}
