// Inter-practice agreements and member consultations (migration 004), with the columns migration 015
// adds to `agreement` (kind) and `consultation` (audience, published summary).
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, DateColumn, JsonValue, NullableText, UpdatedAt } from './columns.ts';

export type ClauseTagColumn =
  | 'performance_management'
  | 'benchmarking'
  | 'data_sharing'
  | 'meetings_reviews'
  | 'sanctions_removal'
  | 'lmc_role'
  | 'dispute_resolution'
  | 'other';
export type AgreementDecision = 'signed' | 'vetoed';
export type LmcPosition = 'supports' | 'supports_with_changes' | 'opposes';
export type AgreementKind = 'agreement' | 'constitution';
export type ConsultationAudience = 'members' | 'public';

export interface AgreementTable {
  id: Generated<number>;
  /** The sub-ICB location or ICB whose member practices the agreement binds. */
  commissioner_code: string;
  title: string;
  created_at: CreatedAt;
  created_by: string;
  /** Migration 015: an agreement between practices or a constitution; 'agreement' by default. */
  kind: ColumnType<AgreementKind, AgreementKind | undefined, AgreementKind>;
}

export interface AgreementVersionTable {
  id: Generated<number>;
  agreement_id: number;
  version: number;
  /** The whole document as Markdown (src/domain/agreements/document.ts). */
  body: string;
  change_note: NullableText;
  issued_at: CreatedAt;
  issued_by: string;
}

export interface AgreementClauseTable {
  version_id: number;
  position: number;
  heading: string;
  tag: ClauseTagColumn;
  body: string;
}

/** The member practices asked to sign a version, as they stood when it was issued. */
export interface AgreementMemberTable {
  version_id: number;
  practice_code: string;
  sub_icb_code: string | null;
}

export interface AgreementResponseTable {
  version_id: number;
  practice_code: string;
  decision: AgreementDecision;
  reason: NullableText;
  responded_by: string;
  /** The role the response rests on: practice_partner or practice_manager. */
  authority_role: string;
  /** The organisation that role is held for (the practice itself). */
  authority_code: string;
  responded_at: CreatedAt;
}

export interface AgreementLmcResponseTable {
  id: Generated<number>;
  version_id: number;
  position: LmcPosition;
  response: string;
  responded_by: string;
  authority_code: string;
  responded_at: CreatedAt;
}

export interface ConsultationTable {
  id: Generated<number>;
  commissioner_code: string;
  title: string;
  question: string;
  description: NullableText;
  /** The options as a JSON array of strings; votes refer to them by index. */
  options: ColumnType<JsonValue, string, string>;
  opens_on: DateColumn;
  closes_on: DateColumn;
  created_at: CreatedAt;
  created_by: string;
  /** Migration 015: who may answer, member practices or the public; 'members' by default. */
  audience: ColumnType<ConsultationAudience, ConsultationAudience | undefined, ConsultationAudience>;
  summary: NullableText;
  summary_published_at: UpdatedAt;
  summary_published_by: NullableText;
}

export interface ConsultationMemberTable {
  consultation_id: number;
  practice_code: string;
  sub_icb_code: string | null;
}

export interface ConsultationVoteTable {
  consultation_id: number;
  practice_code: string;
  option_index: number;
  voted_by: string;
  authority_role: string;
  authority_code: string;
  voted_at: CreatedAt;
}

/** Agreements, their versions and responses, and member consultations. */
export interface AgreementTables {
  agreement: AgreementTable;
  agreement_version: AgreementVersionTable;
  agreement_clause: AgreementClauseTable;
  agreement_member: AgreementMemberTable;
  agreement_response: AgreementResponseTable;
  agreement_lmc_response: AgreementLmcResponseTable;
  consultation: ConsultationTable;
  consultation_member: ConsultationMemberTable;
  consultation_vote: ConsultationVoteTable;
}

export type Agreement = Selectable<AgreementTable>;
export type AgreementVersion = Selectable<AgreementVersionTable>;
export type AgreementClauseRow = Selectable<AgreementClauseTable>;
export type AgreementResponse = Selectable<AgreementResponseTable>;
export type AgreementLmcResponse = Selectable<AgreementLmcResponseTable>;
export type Consultation = Selectable<ConsultationTable>;
export type ConsultationVote = Selectable<ConsultationVoteTable>;
