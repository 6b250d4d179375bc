// Performance concerns (migration 007, docs/concerns.md).
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, DateColumn, Double, JsonValue } from './columns.ts';

export interface ConcernTable {
  id: Generated<number>;
  practice_code: string;
  type: 'practice_performance' | 'contract_matter' | 'individual_performer';
  source: 'funnel_outlier' | 'spc_special_cause' | 'comparison' | 'by_hand';
  /** src/domain/concerns/workflow.ts ConcernState. */
  state: string;
  title: string;
  reason: string;
  release_id: number | null;
  indicator_id: number | null;
  period: string | null;
  flag: string | null;
  /** The numbers and chart inputs of the release that raised it, frozen (null when raised by hand). */
  data_pack: ColumnType<JsonValue | null, string | null, string | null>;
  /** The NHS England region whose responsible officer handles an individual-performer concern. */
  responsible_officer_code: string | null;
  agenda_item_id: number | null;
  raised_by: string;
  raised_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ConcernEventTable {
  id: Generated<number>;
  concern_id: number;
  step: string;
  from_state: string | null;
  to_state: string;
  actor: string;
  at: CreatedAt;
  note: string | null;
  detail: ColumnType<JsonValue | null, string | null, string | null>;
}

export interface ConcernAttachmentTable {
  id: Generated<number>;
  concern_id: number;
  event_id: number;
  file_name: string;
  content_type: string;
  size: number;
  content: Buffer;
  sha256: string;
  uploaded_by: string;
  uploaded_at: CreatedAt;
}

export interface ConcernPlanTable {
  concern_id: number;
  indicator_id: number;
  baseline_release_id: number | null;
  baseline_value: Double;
  target: number;
  created_by: string;
  created_at: CreatedAt;
}

export interface ConcernPlanActionTable {
  id: Generated<number>;
  concern_id: number;
  action: string;
  owner: string;
  due_on: DateColumn;
}

export interface ConcernNoticeTable {
  id: Generated<number>;
  concern_id: number;
  kind: 'remedial' | 'breach';
  breach: string;
  remedy: string | null;
  remedy_period_days: number | null;
  issued_on: DateColumn;
  issued_by: string;
  issuing_organisation: string | null;
  /** Why the issuer could (the area team, or the commissioner's level 3 delegation), as decided then. */
  authority: string;
  recorded_at: CreatedAt;
}

/** Performance concerns, their events, attachments, plans and notices. */
export interface ConcernTables {
  concern: ConcernTable;
  concern_event: ConcernEventTable;
  concern_attachment: ConcernAttachmentTable;
  concern_plan: ConcernPlanTable;
  concern_plan_action: ConcernPlanActionTable;
  concern_notice: ConcernNoticeTable;
}

export type ConcernRow = Selectable<ConcernTable>;
export type ConcernEventRow = Selectable<ConcernEventTable>;
export type ConcernNoticeRow = Selectable<ConcernNoticeTable>;
