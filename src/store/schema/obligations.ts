// Migration 015-obligations: what an agreement obliges its practices to return, the items owed and
// their submissions, review meetings and their actions, reminders, consent, and the public's responses
// to consultations. The columns it adds to `agreement` and `consultation` are in agreements.ts.
import type { ColumnType, Generated } from 'kysely';
import type { EvidenceKind } from '../../domain/obligations/clause-obligation.ts';
import type { EscalationLevel } from '../../domain/obligations/escalation.ts';
import type { Cadence } from '../../domain/obligations/periods.ts';
import type { CreatedAt, JsonValue, NullableNumber, NullableText, UpdatedAt } from './columns.ts';

type Json = ColumnType<JsonValue, string, string>;
type NullableJson = ColumnType<JsonValue | null, string | null | undefined, string | null>;
/** A column with a DEFAULT: may be left out on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type ItemStatus = 'due' | 'submitted' | 'accepted' | 'queried';

export interface ObligationTable {
  id: Generated<number>;
  version_id: number;
  clause_position: number;
  what: string;
  cadence: Cadence;
  evidence: EvidenceKind;
  /** Catalogue indicator codes, as a JSON array. */
  indicator_codes: ColumnType<string[], string, string>;
  due_days: number;
  /** The day the version was issued: the first period owed is the one containing it (or signature). */
  starts_on: string;
}

export interface ObligationItemTable {
  id: Generated<number>;
  obligation_id: number;
  practice_code: string;
  period_start: string;
  period_end: string;
  due_on: string;
  status: Defaulted<ItemStatus>;
  escalation: Defaulted<EscalationLevel>;
  concern_id: NullableNumber;
  generated_at: CreatedAt;
}

export interface ObligationSubmissionTable {
  id: Generated<number>;
  item_id: number;
  statement: string;
  content: Json;
  file_name: NullableText;
  file_type: NullableText;
  file_size: NullableNumber;
  file_sha256: NullableText;
  file_content: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
  submitted_by: string;
  authority_role: string;
  submitted_at: CreatedAt;
  decision: ColumnType<
    'accepted' | 'queried' | null,
    'accepted' | 'queried' | null | undefined,
    'accepted' | 'queried' | null
  >;
  decision_note: NullableText;
  decided_by: NullableText;
  decided_at: UpdatedAt;
}

export interface ReviewMeetingTable {
  id: Generated<number>;
  item_id: number;
  scheduled_on: string;
  location: NullableText;
  /** The agenda frozen when the papers went out (src/domain/obligations/agenda.ts), or null before. */
  agenda: NullableJson;
  papers_sent_at: UpdatedAt;
  notes: NullableText;
  recorded_by: NullableText;
  recorded_at: UpdatedAt;
}

export interface ReviewActionTable {
  id: Generated<number>;
  meeting_id: number;
  action: string;
  owner: string;
  due_on: string;
  status: Defaulted<'open' | 'done' | 'dropped'>;
  follow_up_meeting_id: NullableNumber;
  follow_up_note: NullableText;
  created_at: CreatedAt;
}

export interface ReminderTable {
  id: Generated<number>;
  kind: string;
  subject_key: string;
  step: string;
  due_at: CreatedAt;
  recorded_at: CreatedAt;
  facts: Json;
  job_id: NullableText;
  delivered_at: UpdatedAt;
  recipients: NullableNumber;
}

export interface ConsentSubjectTable {
  id: Generated<number>;
  commissioner_code: string;
  kind: 'local_contract' | 'scheme';
  title: string;
  version: number;
  description: string;
  scheme_code: NullableText;
  created_by: string;
  created_at: CreatedAt;
}

export interface ConsentTable {
  id: Generated<number>;
  subject_id: number;
  practice_code: string;
  consented_by: string;
  authority_role: string;
  consented_at: CreatedAt;
  withdrawn_by: NullableText;
  withdrawn_at: UpdatedAt;
  withdrawal_reason: NullableText;
}

export interface ConsultationPublicResponseTable {
  id: Generated<number>;
  consultation_id: number;
  respondent: 'public' | 'healthwatch';
  option_index: number;
  comment: NullableText;
  organisation: NullableText;
  submitted_by: NullableText;
  submitted_at: CreatedAt;
}

/** The tables of migration 015. */
export interface ObligationTables {
  obligation: ObligationTable;
  obligation_item: ObligationItemTable;
  obligation_submission: ObligationSubmissionTable;
  review_meeting: ReviewMeetingTable;
  review_action: ReviewActionTable;
  reminder: ReminderTable;
  consent_subject: ConsentSubjectTable;
  consent: ConsentTable;
  consultation_public_response: ConsultationPublicResponseTable;
}
