// Kysely types for every table, exactly as the migrations name them (snake_case, no
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
/**
 * A `timestamptz` column the application must set from its injected clock (`src/app/clock.ts`): the
 * column's DEFAULT now() would read the database's wall clock, which a test's fixed clock cannot
 * reach, so the type makes leaving it out a compile error.
 */
export type CreatedAt = ColumnType<Date, Date | string, Date | string>;
/**
 * A `timestamptz` column the database stamps itself (DEFAULT now()): only for records of when a write
 * really happened (the audit log, import batches and rejections), which no process clock should set.
 */
export type StampedByDatabase = ColumnType<Date, undefined, never>;
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
  /** Rows refused while the rest of the file was kept (each in import_row_rejection, up to a cap). */
  rows_rejected: ColumnType<number, number | undefined, number>;
  imported_at: StampedByDatabase;
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
  attempted_at: StampedByDatabase;
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

/** A row the import refused while keeping the rest of the file: shown on the import page. */
export interface ImportRowRejectionTable {
  id: Generated<number>;
  batch_id: number;
  /** The part: `file.csv` or `archive.zip!entry.csv`. */
  file_name: string;
  line: NullableNumber;
  column_name: NullableText;
  value: NullableText;
  /** The ImportError code, e.g. `register_exceeds_list`. */
  code: string;
  message: string;
}

/**
 * What one file said about one organisation, dated by the file's extract date (`as_of`; null for a
 * practice added by its code alone). `organisation` is resolved from these, newest first
 * (src/app/import/newest-wins.ts).
 */
export interface OrganisationObservationTable {
  code: string;
  batch_id: number;
  as_of: NullableDate;
  kind: OrganisationKind;
  name: NullableText;
  ons_code: NullableText;
  postcode: NullableText;
  open_date: NullableDate;
  close_date: NullableDate;
  status: ColumnType<
    OrganisationStatus | null,
    OrganisationStatus | null | undefined,
    OrganisationStatus | null
  >;
  contract_type: NullableText;
  rurality: NullableText;
}

/** One observation per extract; validity periods are derived by src/domain/membership.ts. */
export interface OrganisationMembershipTable {
  child_code: string;
  parent_kind: OrganisationKind;
  parent_code: string;
  observed_on: DateColumn;
  /**
   * The extract date of the file that said so (null: as observed_on): of two files observing the
   * same child on the same day, the newer wins.
   */
  as_of: NullableDate;
  /** The last day the membership held, where the source says (ODS leave and close dates). */
  ended_on: NullableDate;
  batch_id: number;
}

export type LineageCandidateStatus = 'pending' | 'confirmed' | 'rejected';

/** A merger or succession the data suggests but cannot prove: an administrator decides. */
export interface LineageCandidateTable {
  id: Generated<number>;
  predecessor_code: string;
  successor_code: string;
  kind: 'merger' | 'succession';
  close_date: NullableDate;
  /** The last extract with the predecessor's list, and the next extract. */
  last_extract: DateColumn;
  next_extract: DateColumn;
  closed_list: number;
  successor_before: NullableNumber;
  successor_after: number;
  /** How close the two practices are: 'same postcode sector' or 'same postcode district'. */
  proximity: string;
  status: ColumnType<LineageCandidateStatus, LineageCandidateStatus | undefined, LineageCandidateStatus>;
  decided_by: NullableText;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  decision_note: NullableText;
  lineage_id: NullableNumber;
  found_at: CreatedAt;
}

/** A practice's QOF points in one year, from ORGANISATION_REFERENCE and the practice summary tables. */
export interface QofPracticeTable {
  practice_code: string;
  qof_year: string;
  revised_max_points: NullableNumber;
  achieved_points: NullableNumber;
  max_points_available: NullableNumber;
  list_size: NullableNumber;
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

/** A registered or weighted list published in NHS Payments to General Practice (migration 016). */
export interface PracticeListFigureTable {
  practice_code: string;
  /** The first day of the quarter the figure describes. */
  extract_date: DateColumn;
  measure: 'registered' | 'weighted';
  patients: number;
  /** In words: "NHS Payments to General Practice 2022-23, Number of Weighted Patients (Last Known Figure)". */
  label: string;
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
  at: StampedByDatabase;
  actor: string;
  action: string;
  entity: string;
  entity_id: NullableText;
  before: JsonColumn;
  after: JsonColumn;
}

// ---- Benchmarking (migration 002): indicators, releases, results. ----

export type IndicatorType = 'proportion' | 'rate' | 'dsr' | 'isr' | 'mean' | 'count';
export type IndicatorPolarity = 'higher_is_better' | 'lower_is_better' | 'no_judgement';
export type IndicatorPeriodType = 'financial_year' | 'quarter' | 'month';
export type IndicatorOrigin = 'built_in' | 'template' | 'expression';
export type ReleaseStatus = 'draft' | 'published';
export type AreaKind = OrganisationKind;
export type ResultBasis = 'crude' | 'adjusted';
/** A nullable `double precision` column that must be given (null allowed). */
export type Double = number | null;

export interface IndicatorTable {
  id: Generated<number>;
  code: string;
  version: number;
  name: string;
  domain: string;
  type: IndicatorType;
  numerator: string;
  denominator: string;
  multiplier: number;
  polarity: IndicatorPolarity;
  period_type: IndicatorPeriodType;
  source: string;
  caveats: NullableText;
  disclosure_rule: NullableText;
  origin: IndicatorOrigin;
  /** How the facts are gathered (src/domain/indicators/definition.ts `Computation`), as JSON text. */
  computation: ColumnType<JsonValue, string, string>;
  /** sha256 of the canonical definition: an unchanged definition keeps its version. */
  definition_hash: string;
  created_at: CreatedAt;
  created_by: string;
}

export interface LocalValueTable {
  indicator_code: string;
  practice_code: string;
  period: string;
  numerator: number;
  denominator: number;
  batch_id: number;
}

export interface ReleaseTable {
  id: Generated<number>;
  name: string;
  status: ReleaseStatus;
  method_version: string;
  /** sha256 over the batches, definition versions and method version the release was computed from. */
  inputs_fingerprint: string;
  /** sha256 over every computed row in a fixed order (docs/indicators.md, "Releases"). */
  results_checksum: string;
  result_count: number;
  created_at: CreatedAt;
  created_by: string;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  published_by: NullableText;
}

export interface ReleaseBatchTable {
  release_id: number;
  batch_id: number;
}

export interface ReleaseIndicatorTable {
  release_id: number;
  indicator_id: number;
  /** sha256 over what the indicator's rows were computed from (null before migration 010). */
  inputs_hash: string | null;
  /** sha256 over the indicator's rows in this release (null before migration 010). */
  results_checksum: string | null;
}

export interface PeerTable {
  release_id: number;
  practice_code: string;
  peer_code: string;
  rank: number;
  distance: number;
}

export interface PeerGroupTable {
  release_id: number;
  practice_code: string;
  explanation: string;
  profile: ColumnType<JsonValue, string, string>;
}

export interface ResultTable {
  release_id: number;
  indicator_id: number;
  period: string;
  area_kind: AreaKind;
  area_code: string;
  /** The practice's parents in force for the period (practices only; null when unknown). */
  pcn_code: string | null;
  sub_icb_code: string | null;
  icb_code: string | null;
  region_code: string | null;
  numerator: Double;
  denominator: Double;
  value: Double;
  lower_95: Double;
  upper_95: Double;
  lower_99_8: Double;
  upper_99_8: Double;
  /** BenchmarkComparison of src/stats: better, similar, worse, higher, lower, not_compared. */
  cmp_england: string | null;
  cmp_icb: string | null;
  cmp_sub_icb: string | null;
  cmp_pcn: string | null;
  cmp_peers: string | null;
  cmp_england_998: string | null;
  cmp_icb_998: string | null;
  cmp_sub_icb_998: string | null;
  cmp_pcn_998: string | null;
  cmp_peers_998: string | null;
  /** The pooled value of the practice's peer group (its benchmark). */
  peer_value: Double;
  quintile: number | null;
  decile: number | null;
  /**
   * Areas only: the spread of its practices' values (type-7 quantiles), for spine charts: lowest,
   * 25th percentile, median, 75th percentile, highest.
   */
  practice_min: Double;
  practice_q1: Double;
  practice_median: Double;
  practice_q3: Double;
  practice_max: Double;
  /** FunnelFlag (high_99_8 … low_99_8) in the crude funnel of all England's practices. */
  funnel_flag: string | null;
  funnel_flag_icb: string | null;
  funnel_flag_sub_icb: string | null;
  expected: Double;
  oe_ratio: Double;
  oe_lower_95: Double;
  oe_upper_95: Double;
  oe_lower_99_8: Double;
  oe_upper_99_8: Double;
  /** FunnelFlag in the case-mix adjusted (SR, observed/expected) funnel of England's practices. */
  casemix_flag: string | null;
  flag_basis: ResultBasis | null;
  why: string | null;
  /**
   * The headline judgment (migration 013; null on releases made before it, and on area rows):
   * FunnelFlag high_99_8 … low_99_8 against what is expected for a practice like it, allowing for
   * legitimate variation between practices (src/domain/judgment).
   */
  headline_flag: string | null;
  /** The comparison that made the headline verdict: the case-mix adjusted one, or the funnel of all practices. */
  headline_basis: HeadlineBasis | null;
  /** Signed normal deviate of the headline judgment (positive: higher than expected). */
  headline_z: Double;
  /** The count the headline judgment compared the practice's count with. */
  headline_expected: Double;
}

export type HeadlineBasis = 'adjusted' | 'funnel';

export interface FunnelFitTable {
  release_id: number;
  indicator_id: number;
  period: string;
  level: Exclude<AreaKind, 'practice'>;
  parent_code: string;
  basis: ResultBasis;
  phi: Double;
  tau2: Double;
  adjusted: boolean;
  target: number;
  n: number;
}

export interface CasemixFitTable {
  release_id: number;
  indicator_id: number;
  period: string;
  fitted: boolean;
  population_extract: string | null;
  imd_year: number | null;
  n: number;
  description: string;
}

export interface SpcPointTable {
  release_id: number;
  indicator_id: number;
  practice_code: string;
  period: string;
  value: Double;
  mean: Double;
  lower_limit: Double;
  upper_limit: Double;
  special_cause: string | null;
  point_type: string | null;
}

export interface SpcSummaryTable {
  release_id: number;
  indicator_id: number;
  practice_code: string;
  n: number;
  /** Fewer points than NHSRplotthedots' warning threshold (13): read the limits with care. */
  short_series: boolean;
  improvement_direction: string;
  mean: Double;
  lower_limit: Double;
  upper_limit: Double;
  variation: string | null;
  assurance: string | null;
  variation_icon: string | null;
  assurance_icon: string | null;
  /**
   * The headline SPC signal (migration 013): the Making Data Count rule of a special cause in the
   * last 3 points of the chart deseasonalised against England (src/domain/judgment/seasonal-spc.ts),
   * or null (no signal, or the series too short to judge).
   */
  headline_signal: string | null;
  headline_period: string | null;
  headline_point_type: string | null;
  /** How the headline chart was deseasonalised; null when there is no headline chart (under 15 points). */
  headline_adjustment: string | null;
}

export interface Database {
  import_batch: ImportBatchTable;
  import_rejection: ImportRejectionTable;
  import_row_rejection: ImportRowRejectionTable;
  organisation: OrganisationTable;
  organisation_observation: OrganisationObservationTable;
  organisation_membership: OrganisationMembershipTable;
  lineage_candidate: LineageCandidateTable;
  qof_practice: QofPracticeTable;
  organisation_lineage: OrganisationLineageTable;
  list_size: ListSizeTable;
  population: PopulationTable;
  qof_prevalence: QofPrevalenceTable;
  qof_indicator: QofIndicatorTable;
  indicator_value: IndicatorValueTable;
  imd_score: ImdScoreTable;
  payment: PaymentTable;
  practice_list_figure: PracticeListFigureTable;
  calculation_override: CalculationOverrideTable;
  app_user: AppUserTable;
  role_assignment: RoleAssignmentTable;
  web_session: WebSessionTable;
  login_attempt: LoginAttemptTable;
  audit_log: AuditLogTable;
  indicator: IndicatorTable;
  local_value: LocalValueTable;
  release: ReleaseTable;
  release_batch: ReleaseBatchTable;
  release_indicator: ReleaseIndicatorTable;
  peer: PeerTable;
  peer_group: PeerGroupTable;
  result: ResultTable;
  funnel_fit: FunnelFitTable;
  casemix_fit: CasemixFitTable;
  spc_point: SpcPointTable;
  spc_summary: SpcSummaryTable;
}

export type TableName = keyof Database;

export type ImportBatch = Selectable<ImportBatchTable>;
export type NewImportBatch = Insertable<ImportBatchTable>;
export type ImportBatchUpdate = Updateable<ImportBatchTable>;
export type ImportRejection = Selectable<ImportRejectionTable>;
export type ImportRowRejection = Selectable<ImportRowRejectionTable>;
export type LineageCandidate = Selectable<LineageCandidateTable>;
export type QofPractice = Selectable<QofPracticeTable>;
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
export type Indicator = Selectable<IndicatorTable>;
export type NewIndicator = Insertable<IndicatorTable>;
export type LocalValue = Selectable<LocalValueTable>;
export type NewLocalValue = Insertable<LocalValueTable>;
export type Release = Selectable<ReleaseTable>;
export type NewRelease = Insertable<ReleaseTable>;
export type Peer = Selectable<PeerTable>;
export type NewPeer = Insertable<PeerTable>;
export type PeerGroup = Selectable<PeerGroupTable>;
export type NewPeerGroup = Insertable<PeerGroupTable>;
export type Result = Selectable<ResultTable>;
export type NewResult = Insertable<ResultTable>;
export type FunnelFit = Selectable<FunnelFitTable>;
export type NewFunnelFit = Insertable<FunnelFitTable>;
export type CasemixFit = Selectable<CasemixFitTable>;
export type NewCasemixFit = Insertable<CasemixFitTable>;
export type SpcPointRow = Selectable<SpcPointTable>;
export type NewSpcPoint = Insertable<SpcPointTable>;
export type SpcSummaryRow = Selectable<SpcSummaryTable>;
export type NewSpcSummary = Insertable<SpcSummaryTable>;

// ---- Inter-practice agreements and member consultations (migration 004). ----
// Declared as a second `Database` interface, which TypeScript merges with the one above, so this
// block only appends and never edits lines another migration's author may be changing.

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

export interface AgreementTable {
  id: Generated<number>;
  /** The sub-ICB location or ICB whose member practices the agreement binds. */
  commissioner_code: string;
  title: string;
  created_at: CreatedAt;
  created_by: string;
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

export interface Database {
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

// ---- Governance (migration 003): delegation, register of interests, committees and decisions. ----
// Declared as a second `Database` interface: TypeScript merges it with the ones above.

export type DelegationStatus = 'requested' | 'approved' | 'refused';
export type DelegationFunctionStatus = 'requested' | 'granted' | 'refused';
export type UpdatedAt = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

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

export interface Database {
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

// ---- Incentive schemes (migration 006): QOF achievement facts, definitions, calculations, statements. ----
// Declared as a further `Database` interface: TypeScript merges it with the ones above.

export type QofAchievementMeasure = import('../domain/records.ts').QofAchievementMeasure;

export interface QofAchievementTable {
  practice_code: string;
  qof_year: string;
  indicator_code: string;
  measure: QofAchievementMeasure;
  value: number;
  batch_id: number;
}

export interface SchemeTable {
  id: Generated<number>;
  /** The definition's `id`, stable across versions. */
  code: string;
  kind: 'qof' | 'quality_premium' | 'local';
  created_at: CreatedAt;
  created_by: string;
}

export interface SchemeVersionTable {
  id: Generated<number>;
  scheme_id: number;
  version: number;
  name: string;
  year: string;
  /** The validated definition (src/domain/schemes/definition.ts), written as JSON text. */
  definition: ColumnType<JsonValue, string, string>;
  /** sha256 of the canonical definition: the same version number must always mean the same rules. */
  definition_hash: string;
  created_at: CreatedAt;
  created_by: string;
}

export interface CalculationTable {
  id: Generated<number>;
  scheme_version_id: number;
  period: string;
  source_kind: 'release' | 'qof_achievement' | 'inputs_file';
  release_id: NullableNumber;
  /** In words: the release name, the achievement files' batches, the inputs file. */
  source: string;
  /** sha256 of the canonical inputs: same version + same fingerprint must give the same checksum. */
  inputs_fingerprint: string;
  /** sha256 of the statements' CSV text (src/domain/schemes/statement-csv.ts). */
  statements_checksum: string;
  statement_count: number;
  line_count: number;
  total_amount: number;
  basis: ColumnType<JsonValue, string, string>;
  /** 'prepared' when calculated; the approval workflow moves it on. */
  status: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
  created_by: string;
  /** The organisation whose practices were calculated, as of `as_of` (null: as the inputs came). */
  scope_code: ColumnType<string | null, string | null | undefined, string | null>;
  as_of: NullableDate;
}

/** A recorded reason to put a calculation that pays nobody, or rests on stale inputs, to the committee. */
export interface CalculationOverrideTable {
  id: Generated<number>;
  calculation_id: number;
  /** What the checks found, in words (one per line). */
  reasons: string;
  override_reason: string;
  recorded_by: string;
  recorded_at: ColumnType<Date, Date, Date>;
}

export interface StatementLineTable {
  calculation_id: number;
  line_no: number;
  org_code: string;
  org_kind: 'practice' | 'commissioner';
  participating: boolean;
  line_type: string;
  item_code: string;
  item_name: string | null;
  numerator: Double;
  eligible: Double;
  exceptions: Double;
  denominator: Double;
  achievement: Double;
  baseline: Double;
  target: Double;
  lower_threshold: Double;
  upper_threshold: Double;
  points_available: Double;
  points_achieved: Double;
  practice_prevalence: Double;
  national_prevalence: Double;
  prevalence_factor: Double;
  list_size: Double;
  national_average_list: Double;
  list_size_factor: Double;
  adjusted_points: Double;
  rate: Double;
  amount: number;
  note: string;
}

export interface Database {
  qof_achievement: QofAchievementTable;
  scheme: SchemeTable;
  scheme_version: SchemeVersionTable;
  calculation: CalculationTable;
  statement_line: StatementLineTable;
}

export type QofAchievement = Selectable<QofAchievementTable>;
export type SchemeRow = Selectable<SchemeTable>;
export type SchemeVersionRow = Selectable<SchemeVersionTable>;
export type CalculationRow = Selectable<CalculationTable>;
export type StatementLineRow = Selectable<StatementLineTable>;

// ---- Performance concerns (migration 007, docs/concerns.md). ----

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

export interface Database {
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

// ---- Scheme approval, appeals and premium distribution (migration 009, docs/schemes.md). ----

export interface SchemeApprovalTable {
  calculation_id: number;
  /** The committee agenda item the calculation was put to: its decision approves or refuses it. */
  agenda_item_id: number;
  submitted_by: string;
  submitted_at: CreatedAt;
}

export interface SchemeAppealTable {
  id: Generated<number>;
  calculation_id: number;
  org_code: string;
  /** The statement line appealed (statement_line.line_no). */
  line_no: number;
  reason: string;
  raised_by: string;
  raised_at: CreatedAt;
  outcome: 'upheld' | 'not_upheld' | null;
  outcome_note: string | null;
  decided_by: string | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type DistributionOption = import('../domain/schemes/distribution.ts').DistributionOption;

export interface PremiumDistributionTable {
  id: Generated<number>;
  /** The quality premium's calculation whose commissioner-level amount is distributed. */
  calculation_id: number;
  commissioner_code: string;
  option: DistributionOption;
  /** What the option needs (src/domain/schemes/distribution.ts DistributionSettings), as JSON text. */
  settings: ColumnType<JsonValue, string, string>;
  agenda_item_id: number;
  created_by: string;
  created_at: CreatedAt;
}

export interface Database {
  scheme_approval: SchemeApprovalTable;
  scheme_appeal: SchemeAppealTable;
  premium_distribution: PremiumDistributionTable;
}

export type SchemeAppealRow = Selectable<SchemeAppealTable>;
export type PremiumDistributionRow = Selectable<PremiumDistributionTable>;

// ---- Scheme standing rules (migration 011, docs/schemes.md "Standing rules"). ----

export interface SchemeStandingRuleTable {
  id: Generated<number>;
  rule: 'covers_indicators' | 'not_less_than_replaced' | 'max_total_cost';
  /** The rule's settings (src/domain/schemes/standing-rules.ts StandingRule without `rule`), as JSON text. */
  settings: ColumnType<JsonValue, string, string>;
  created_by: string;
  created_at: CreatedAt;
  /** The commissioner whose manager set it (migration 012); null: an administrator's, for everyone. */
  organisation_code: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface Database {
  scheme_standing_rule: SchemeStandingRuleTable;
}

// ---- Fair flags (migration 013): the headline judgment's fit and calibration per indicator × period × basis. ----

export interface JudgmentFitTable {
  release_id: number;
  indicator_id: number;
  period: string;
  basis: HeadlineBasis;
  /** Practices judged on this basis. */
  n: number;
  /** Of those, practices whose headline verdict this basis made. */
  headline: number;
  tau2: number;
  centre: number;
  high_95: number;
  low_95: number;
  high_99_8: number;
  low_99_8: number;
  /** Root mean square of the z-scores (about 1 when the limits are right). */
  z_rms: Double;
  /** 1.4826 × the median absolute z: the spread of the bulk, untouched by outliers. */
  z_spread: Double;
  description: string;
}

export interface Database {
  judgment_fit: JudgmentFitTable;
}

export type JudgmentFit = Selectable<JudgmentFitTable>;
export type NewJudgmentFit = Insertable<JudgmentFitTable>;

// ---- Prescribing (migration 018, docs/prescribing.md): the English Prescribing Dataset, aggregated. ----

export interface PrescribingTable {
  /** The first day of the month, 'YYYY-MM-01' (the partition key). */
  month: DateColumn;
  practice_code: string;
  bnf_code: string;
  items: number;
  quantity: number;
  adq_usage: Double;
  nic: number;
  actual_cost: number;
  import_batch_id: number;
}

export interface PrescribingMonthTable {
  month: DateColumn;
  import_batch_id: number;
  rows_read: number;
  groups: number;
  practices: number;
  /** Practice codes in the month that no organisation file names (kept, and reported). */
  unknown_practices: number;
  items: number;
  actual_cost: number;
  /** Fingerprint of the measures whose sums prescribing_measure_sum holds for the month (migration 024). */
  measure_sums: Generated<string | null>;
}

/** Per month × measure × practice, the sums the measure needs (migration 024). */
export interface PrescribingMeasureSumTable {
  month: DateColumn;
  measure_id: string;
  practice_code: string;
  numerator: number;
  numerator_cost: number;
  denominator: number | null;
}

export interface BnfPresentationTable {
  bnf_code: string;
  name: NullableText;
  chemical_code: string;
  chemical_name: NullableText;
  paragraph_code: string;
  section_code: string;
  chapter_code: string;
  chapter_name: NullableText;
}

export interface Database {
  prescribing: PrescribingTable;
  prescribing_month: PrescribingMonthTable;
  bnf_presentation: BnfPresentationTable;
  prescribing_measure_sum: PrescribingMeasureSumTable;
}

export interface PrescribingMeasureValueTable {
  measure_id: string;
  month: DateColumn;
  practice_code: string;
  numerator: number;
  /** The BNF denominator, or the registered list; null when the practice has no list size. */
  denominator: Double;
  numerator_cost: number;
  /** Percentage, or rate per 1,000 patients; null when the denominator is zero or unknown. */
  ratio: Double;
  /** The practice's percentile rank in England that month (0–100). */
  percentile: Double;
  /** Pounds saved had it prescribed at England's 10th-percentile ratio (low_is_good measures). */
  saving: ColumnType<number, number | undefined, number>;
}

export interface PrescribingMeasureDecileTable {
  measure_id: string;
  month: DateColumn;
  practices: number;
  /** The 10th … 90th percentiles, as JSON text on insert. */
  deciles: ColumnType<number[], string, string>;
}

export interface Database {
  prescribing_measure_value: PrescribingMeasureValueTable;
  prescribing_measure_decile: PrescribingMeasureDecileTable;
  prescribing_measure_run: { fingerprint: string };
}
