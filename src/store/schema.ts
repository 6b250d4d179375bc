// Kysely types for every table, exactly as docs/plan/schema-outline.md names them (snake_case, no
// case-mapping plugin). The store's type parsers make both databases return the same JS values:
//   date        -> 'YYYY-MM-DD' string (no time zone surprises)
//   numeric     -> number
//   bigint      -> number (count(*), sum(int), bigserial ids; all far below 2^53 here)
//   timestamptz -> Date
//   jsonb       -> parsed JSON; write it as JSON text (JSON.stringify), because `pg` would turn a JS
//                  array into a PostgreSQL array rather than JSON.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { OrganisationKind, OrganisationStatus, Sex } from '../domain/records.ts';
import type { Role } from '../domain/roles.ts';

export type { OrganisationKind, OrganisationStatus, Role, Sex };

/** A `date` column: read as 'YYYY-MM-DD'. */
export type DateColumn = string;
/** A nullable `date` column that may be left out on insert. */
export type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;
/** A `timestamptz` column with a default of now(). */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `timestamptz` column that must be given. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A nullable `numeric` column that may be left out on insert. */
export type NullableNumber = ColumnType<number | null, number | null | undefined, number | null>;
/** A nullable `text` column that may be left out on insert. */
export type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A nullable `jsonb` column: read as parsed JSON, written as JSON text. */
export type JsonColumn = ColumnType<JsonValue | null, string | null | undefined, string | null>;

export type LineageKind = 'merger' | 'split' | 'closure' | 'succession';
export type LineageSource = 'derived' | 'administrator';

export interface ImportBatchTable {
  id: Generated<number>;
  file_name: string;
  /** sha256 hex of the raw file bytes as stored (of the .zip/.gz itself). */
  checksum: string;
  format: string;
  publisher: string;
  period: NullableText;
  rows_read: ColumnType<number, number | undefined, number>;
  facts_written: ColumnType<number, number | undefined, number>;
  rows_skipped: ColumnType<number, number | undefined, number>;
  imported_at: CreatedAt;
  imported_by: string;
}

/** Written outside the failed import's transaction, so the rejection survives its rollback. */
export interface ImportRejectionTable {
  id: Generated<number>;
  file_name: string;
  checksum: string;
  format: NullableText;
  message: string;
  line: NullableNumber;
  column_name: NullableText;
  attempted_at: CreatedAt;
  attempted_by: string;
}

export interface OrganisationTable {
  code: string;
  kind: OrganisationKind;
  name: string;
  ons_code: NullableText;
  postcode: NullableText;
  open_date: NullableDate;
  close_date: NullableDate;
  status: ColumnType<
    OrganisationStatus | null,
    OrganisationStatus | null | undefined,
    OrganisationStatus | null
  >;
  /** 'GMS', 'PMS', 'APMS', … as published. */
  contract_type: NullableText;
  rurality: NullableText;
  batch_id: NullableNumber;
}

/** One observation per extract; validity periods are derived by src/domain/membership.ts. */
export interface OrganisationMembershipTable {
  child_code: string;
  parent_kind: OrganisationKind;
  parent_code: string;
  observed_on: DateColumn;
  batch_id: number;
}

export interface OrganisationLineageTable {
  id: Generated<number>;
  predecessor_code: string;
  successor_code: NullableText;
  kind: LineageKind;
  effective_date: NullableDate;
  source: LineageSource;
  note: NullableText;
  batch_id: NullableNumber;
  created_by: NullableText;
  created_at: CreatedAt;
}

export interface ListSizeTable {
  practice_code: string;
  extract_date: DateColumn;
  patients: number;
  batch_id: number;
}

export interface PopulationTable {
  practice_code: string;
  extract_date: DateColumn;
  sex: Sex;
  /** '0-4', '5-9', … '90-94', '95+', or the legacy 10-year bands '0-4', '5-14', … '75+'. */
  age_band: string;
  patients: number;
  batch_id: number;
}

export interface QofPrevalenceTable {
  practice_code: string;
  /** '2016-17' */
  qof_year: string;
  group_code: string;
  register: number;
  patient_list_type: NullableText;
  patient_list_size: NullableNumber;
  batch_id: number;
}

export interface QofIndicatorTable {
  qof_year: string;
  indicator_code: string;
  description: string;
  group_code: NullableText;
  domain: NullableText;
  points: NullableNumber;
  lower_threshold: NullableNumber;
  upper_threshold: NullableNumber;
  patient_list_type: NullableText;
  batch_id: number;
}

export interface IndicatorValueTable {
  indicator_id: number;
  indicator_name: string;
  area_code: string;
  area_type: string;
  sex: string;
  age: string;
  category_type: ColumnType<string, string | undefined, string>;
  category: ColumnType<string, string | undefined, string>;
  time_period: string;
  value: NullableNumber;
  lower_95: NullableNumber;
  upper_95: NullableNumber;
  lower_99_8: NullableNumber;
  upper_99_8: NullableNumber;
  count: NullableNumber;
  denominator: NullableNumber;
  value_note: NullableText;
  batch_id: number;
}

export interface ImdScoreTable {
  practice_code: string;
  imd_year: number;
  score: number;
  batch_id: number;
}

export interface PaymentTable {
  practice_code: string;
  /** '2022-23' */
  financial_year: string;
  /** The published column name. */
  line: string;
  amount: number;
  batch_id: number;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
}

/**
 * organisation_code is null for roles not tied to one organisation (administrator, committee members).
 * A primary key cannot hold null, so the table has a surrogate id and a UNIQUE NULLS NOT DISTINCT
 * (user_id, role, organisation_code); `onConflict((oc) => oc.columns(['user_id', 'role',
 * 'organisation_code']))` works against it.
 */
export interface RoleAssignmentTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  organisation_code: NullableText;
}

export interface WebSessionTable {
  /** sha256 hex of the cookie token. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  key: string;
  attempted_at: CreatedAt;
  succeeded: boolean;
}

/** Append-only: a trigger rejects UPDATE and DELETE. */
export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor: string;
  action: string;
  entity: string;
  entity_id: NullableText;
  before: JsonColumn;
  after: JsonColumn;
}

export interface Database {
  import_batch: ImportBatchTable;
  import_rejection: ImportRejectionTable;
  organisation: OrganisationTable;
  organisation_membership: OrganisationMembershipTable;
  organisation_lineage: OrganisationLineageTable;
  list_size: ListSizeTable;
  population: PopulationTable;
  qof_prevalence: QofPrevalenceTable;
  qof_indicator: QofIndicatorTable;
  indicator_value: IndicatorValueTable;
  imd_score: ImdScoreTable;
  payment: PaymentTable;
  app_user: AppUserTable;
  role_assignment: RoleAssignmentTable;
  web_session: WebSessionTable;
  login_attempt: LoginAttemptTable;
  audit_log: AuditLogTable;
}

export type TableName = keyof Database;

export type ImportBatch = Selectable<ImportBatchTable>;
export type NewImportBatch = Insertable<ImportBatchTable>;
export type ImportBatchUpdate = Updateable<ImportBatchTable>;
export type ImportRejection = Selectable<ImportRejectionTable>;
export type NewImportRejection = Insertable<ImportRejectionTable>;
export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationMembership = Selectable<OrganisationMembershipTable>;
export type NewOrganisationMembership = Insertable<OrganisationMembershipTable>;
export type OrganisationLineage = Selectable<OrganisationLineageTable>;
export type NewOrganisationLineage = Insertable<OrganisationLineageTable>;
export type ListSize = Selectable<ListSizeTable>;
export type NewListSize = Insertable<ListSizeTable>;
export type Population = Selectable<PopulationTable>;
export type NewPopulation = Insertable<PopulationTable>;
export type QofPrevalence = Selectable<QofPrevalenceTable>;
export type NewQofPrevalence = Insertable<QofPrevalenceTable>;
export type QofIndicator = Selectable<QofIndicatorTable>;
export type NewQofIndicator = Insertable<QofIndicatorTable>;
export type IndicatorValue = Selectable<IndicatorValueTable>;
export type NewIndicatorValue = Insertable<IndicatorValueTable>;
export type ImdScore = Selectable<ImdScoreTable>;
export type NewImdScore = Insertable<ImdScoreTable>;
export type Payment = Selectable<PaymentTable>;
export type NewPayment = Insertable<PaymentTable>;
export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type RoleAssignment = Selectable<RoleAssignmentTable>;
export type NewRoleAssignment = Insertable<RoleAssignmentTable>;
export type WebSession = Selectable<WebSessionTable>;
export type NewWebSession = Insertable<WebSessionTable>;
export type LoginAttempt = Selectable<LoginAttemptTable>;
export type NewLoginAttempt = Insertable<LoginAttemptTable>;
export type AuditLogEntry = Selectable<AuditLogTable>;
export type NewAuditLogEntry = Insertable<AuditLogTable>;
