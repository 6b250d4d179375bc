// Incentive schemes (migrations 006, 009, 011, 012, 016, docs/schemes.md): QOF achievement facts,
// definitions, calculations, statements, approval, appeals, premium distribution and standing rules.
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, Double, JsonValue, NullableDate, NullableNumber } from './columns.ts';

export type QofAchievementMeasure = import('../../domain/records.ts').QofAchievementMeasure;

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

export type DistributionOption = import('../../domain/schemes/distribution.ts').DistributionOption;

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

/** A rule every scheme version is checked against (migration 011, docs/schemes.md "Standing rules"). */
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

/** Incentive schemes from definition to statement, approval, appeal and distribution. */
export interface SchemeTables {
  calculation_override: CalculationOverrideTable;
  qof_achievement: QofAchievementTable;
  scheme: SchemeTable;
  scheme_version: SchemeVersionTable;
  calculation: CalculationTable;
  statement_line: StatementLineTable;
  scheme_approval: SchemeApprovalTable;
  scheme_appeal: SchemeAppealTable;
  premium_distribution: PremiumDistributionTable;
  scheme_standing_rule: SchemeStandingRuleTable;
}

export type QofAchievement = Selectable<QofAchievementTable>;
export type SchemeRow = Selectable<SchemeTable>;
export type SchemeVersionRow = Selectable<SchemeVersionTable>;
export type CalculationRow = Selectable<CalculationTable>;
export type StatementLineRow = Selectable<StatementLineTable>;
export type SchemeAppealRow = Selectable<SchemeAppealTable>;
export type PremiumDistributionRow = Selectable<PremiumDistributionTable>;
