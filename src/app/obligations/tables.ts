// Migration 015-obligations: the tables of this area, typed here with `withTables` (as
// src/app/notifications/tables.ts does) so the area does not edit the shared store schema. The
// columns migration 015 adds to `agreement` and `consultation` are declared the same way.
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { EvidenceKind } from '../../domain/obligations/clause-obligation.ts';
import type { EscalationLevel } from '../../domain/obligations/escalation.ts';
import type { Cadence } from '../../domain/obligations/periods.ts';
import type { Database, JsonValue } from '../../store/schema.ts';

type Stamp = ColumnType<Date, Date | string, Date | string>;
type NullableStamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;
type NullableNumber = ColumnType<number | null, number | null | undefined, number | null>;
type Json = ColumnType<JsonValue, string, string>;
type NullableJson = ColumnType<JsonValue | null, string | null | undefined, string | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type ItemStatus = 'due' | 'submitted' | 'accepted' | 'queried';
export type AgreementKind = 'agreement' | 'constitution';
export type ConsultationAudience = 'members' | 'public';

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
  generated_at: Stamp;
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
  submitted_at: Stamp;
  decision: ColumnType<
    'accepted' | 'queried' | null,
    'accepted' | 'queried' | null | undefined,
    'accepted' | 'queried' | null
  >;
  decision_note: NullableText;
  decided_by: NullableText;
  decided_at: NullableStamp;
}

export interface ReviewMeetingTable {
  id: Generated<number>;
  item_id: number;
  scheduled_on: string;
  location: NullableText;
  /** The agenda frozen when the papers went out (src/domain/obligations/agenda.ts), or null before. */
  agenda: NullableJson;
  papers_sent_at: NullableStamp;
  notes: NullableText;
  recorded_by: NullableText;
  recorded_at: NullableStamp;
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
  created_at: Stamp;
}

export interface ReminderTable {
  id: Generated<number>;
  kind: string;
  subject_key: string;
  step: string;
  due_at: Stamp;
  recorded_at: Stamp;
  facts: Json;
  job_id: NullableText;
  delivered_at: NullableStamp;
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
  created_at: Stamp;
}

export interface ConsentTable {
  id: Generated<number>;
  subject_id: number;
  practice_code: string;
  consented_by: string;
  authority_role: string;
  consented_at: Stamp;
  withdrawn_by: NullableText;
  withdrawn_at: NullableStamp;
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
  submitted_at: Stamp;
}

export type ObligationTables = {
  obligation: ObligationTable;
  obligation_item: ObligationItemTable;
  obligation_submission: ObligationSubmissionTable;
  review_meeting: ReviewMeetingTable;
  review_action: ReviewActionTable;
  reminder: ReminderTable;
  consent_subject: ConsentSubjectTable;
  consent: ConsentTable;
  consultation_public_response: ConsultationPublicResponseTable;
  agreement: Database['agreement'] & { kind: Defaulted<AgreementKind> };
  consultation: Database['consultation'] & {
    audience: Defaulted<ConsultationAudience>;
    summary: NullableText;
    summary_published_at: NullableStamp;
    summary_published_by: NullableText;
  };
};

export type WithObligations = Omit<Database, 'agreement' | 'consultation'> & ObligationTables;

export const withObligations = (db: Kysely<Database>): Kysely<WithObligations> =>
  db as unknown as Kysely<WithObligations>;
