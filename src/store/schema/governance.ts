// Governance (migration 003): delegation, register of interests, committees and decisions.
import type { ColumnType, Generated, Selectable } from 'kysely';
import type {
  CreatedAt,
  DateColumn,
  JsonValue,
  NullableDate,
  NullableNumber,
  NullableText,
  UpdatedAt,
} from './columns.ts';

export type DelegationStatus = 'requested' | 'approved' | 'refused';
export type DelegationFunctionStatus = 'requested' | 'granted' | 'refused';

export interface DelegationPeriodTable {
  id: Generated<number>;
  commissioner_code: string;
  starts_on: DateColumn;
  ends_on: NullableDate;
  /** 1 influence, 2 joint, 3 delegated (src/domain/governance/delegation.ts). */
  level: number;
  /** The NHS England region (area team) holding the contracts. */
  contract_holder_code: NullableText;
  status: DelegationStatus;
  requested_by: string;
  requested_at: CreatedAt;
  request_note: NullableText;
  decided_by: NullableText;
  decided_at: UpdatedAt;
  decision_note: NullableText;
}

export interface DelegationFunctionTable {
  id: Generated<number>;
  period_id: number;
  /** A DelegatedFunction (src/domain/governance/delegation.ts). */
  function: string;
  status: DelegationFunctionStatus;
  requested_by: string;
  requested_at: CreatedAt;
  decided_by: NullableText;
  decided_at: UpdatedAt;
  note: NullableText;
}

export interface GovernancePersonTable {
  id: Generated<number>;
  display_name: string;
  user_id: NullableNumber;
  created_at: CreatedAt;
}

export interface InterestDeclarationTable {
  id: Generated<number>;
  person_id: number;
  /** An InterestKind (src/domain/governance/interests.ts). */
  kind: string;
  organisation_code: NullableText;
  provider_name: NullableText;
  description: string;
  /** Kept out of the published register (a relative's name, say). */
  private_note: NullableText;
  starts_on: NullableDate;
  ends_on: NullableDate;
  declared_at: CreatedAt;
  declared_by: string;
}

export interface InterestReviewTable {
  id: Generated<number>;
  person_id: number;
  reviewed_at: CreatedAt;
  reviewed_by: string;
}

export interface CommitteeTable {
  id: Generated<number>;
  name: string;
  /** The commissioner (sub-ICB location or ICB) the committee decides for. */
  organisation_code: string;
  terms_of_reference: ColumnType<string, string | undefined, string>;
  /** null: the default quorum, a majority of the voting members. */
  quorum_minimum: NullableNumber;
  quorum_requires_chair: ColumnType<boolean, boolean | undefined, boolean>;
  quorum_requires_lay: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  created_by: string;
}

export interface CommitteeMemberTable {
  id: Generated<number>;
  committee_id: number;
  person_id: number;
  role: 'lay' | 'executive' | 'gp' | 'observer';
  observer_body: ColumnType<
    'healthwatch' | 'local_authority' | 'lmc' | 'other' | null,
    'healthwatch' | 'local_authority' | 'lmc' | 'other' | null | undefined,
    'healthwatch' | 'local_authority' | 'lmc' | 'other' | null
  >;
  voting: boolean;
  position: ColumnType<
    'chair' | 'deputy_chair' | 'member',
    'chair' | 'deputy_chair' | 'member' | undefined,
    'chair' | 'deputy_chair' | 'member'
  >;
  starts_on: DateColumn;
  ends_on: NullableDate;
}

export interface CommitteeMeetingTable {
  id: Generated<number>;
  committee_id: number;
  title: string;
  held_on: DateColumn;
  location: NullableText;
  minutes: NullableText;
  minutes_published_at: UpdatedAt;
  created_at: CreatedAt;
  created_by: string;
}

export interface MeetingAttendanceTable {
  meeting_id: number;
  member_id: number;
  present: boolean;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export type AgendaConcernKind = 'general' | 'practices' | 'scheme' | 'agreement' | 'performance_concern';

export interface AgendaItemTable {
  id: Generated<number>;
  meeting_id: number;
  position: number;
  title: string;
  concern_kind: AgendaConcernKind;
  /** The scheme's name, the agreement's id or the concern's reference. */
  concern_ref: NullableText;
  /** Providers named without a code, as a JSON array of strings. */
  provider_names: ColumnType<JsonValue, string | undefined, string>;
  /** A DelegatedFunction the decision needs, if any: decides who may take it. */
  delegated_function: NullableText;
  /** Open to observers. */
  paper: ColumnType<string, string | undefined, string>;
  /** Voting members only: hidden from observers and recused members. */
  confidential_paper: NullableText;
  created_at: CreatedAt;
  created_by: string;
}

export interface AgendaItemOrganisationTable {
  item_id: number;
  organisation_code: string;
}

export interface ItemRecusalTable {
  item_id: number;
  member_id: number;
  reason: string;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface RecusalOverrideTable {
  item_id: number;
  member_id: number;
  reason: string;
  overridden_by: string;
  overridden_at: CreatedAt;
}

export interface ItemVoteTable {
  item_id: number;
  member_id: number;
  choice: 'for' | 'against' | 'abstain';
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface ItemDecisionTable {
  item_id: number;
  outcome: 'carried' | 'not_carried';
  route: 'act' | 'joint' | 'contract_holder';
  route_reason: string;
  decision_text: string;
  public: ColumnType<boolean, boolean | undefined, boolean>;
  votes_for: number;
  votes_against: number;
  abstentions: number;
  /** The QuorumCheck and recusals when the decision was recorded. */
  quorum: ColumnType<JsonValue, string, string>;
  decided_by: string;
  decided_at: CreatedAt;
}

/** Delegation, the register of interests, committees and their decisions. */
export interface GovernanceTables {
  delegation_period: DelegationPeriodTable;
  delegation_function: DelegationFunctionTable;
  governance_person: GovernancePersonTable;
  interest_declaration: InterestDeclarationTable;
  interest_review: InterestReviewTable;
  committee: CommitteeTable;
  committee_member: CommitteeMemberTable;
  committee_meeting: CommitteeMeetingTable;
  meeting_attendance: MeetingAttendanceTable;
  agenda_item: AgendaItemTable;
  agenda_item_organisation: AgendaItemOrganisationTable;
  item_recusal: ItemRecusalTable;
  recusal_override: RecusalOverrideTable;
  item_vote: ItemVoteTable;
  item_decision: ItemDecisionTable;
}

export type DelegationPeriodRow = Selectable<DelegationPeriodTable>;
export type DelegationFunctionRow = Selectable<DelegationFunctionTable>;
export type InterestDeclarationRow = Selectable<InterestDeclarationTable>;
export type CommitteeRow = Selectable<CommitteeTable>;
export type CommitteeMemberRow = Selectable<CommitteeMemberTable>;
export type CommitteeMeetingRow = Selectable<CommitteeMeetingTable>;
export type AgendaItemRow = Selectable<AgendaItemTable>;
export type ItemDecisionRow = Selectable<ItemDecisionTable>;
