// Benchmarking (migrations 002, 005, 010, 013): indicators, releases, peers, results, the fits the
// headline judgments rest on, and each sub-ICB location's choice to show peers by name.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { OrganisationKind } from '../../domain/records.ts';
import type { CreatedAt, Double, JsonValue, NullableNumber, NullableText } from './columns.ts';

export type IndicatorType = 'proportion' | 'rate' | 'dsr' | 'isr' | 'mean' | 'count';
export type IndicatorPolarity = 'higher_is_better' | 'lower_is_better' | 'no_judgement';
export type IndicatorPeriodType = 'financial_year' | 'quarter' | 'month';
export type IndicatorOrigin = 'built_in' | 'template' | 'expression';
export type ReleaseStatus = 'draft' | 'published';
export type AreaKind = OrganisationKind;
export type ResultBasis = 'crude' | 'adjusted';

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
  /**
   * Migration 026: the release whose computation stored the peer groups this release holds (null:
   * this one), what they were computed from (the shared batches and the number of peers) and their
   * checksum (null on releases made before it: never referred to).
   */
  peers_computed_in: NullableNumber;
  peers_inputs_hash: NullableText;
  peers_checksum: NullableText;
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
  /**
   * The release whose computation stored the indicator's rows (migration 026): this release, or an
   * earlier one whose inputs for the indicator were the same (src/app/compute/shared-rows.ts).
   */
  computed_in: number;
  /** Its rows per table, as JSON ({"result": n, …}; null before migration 026). */
  row_counts: NullableText;
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

/** The headline judgment's fit and calibration per indicator × period × basis (migration 013, fair flags). */
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

/** Migration 005-data-sharing: whether a sub-ICB location shows a practice's peers by name. */
export interface DataSharingSettingTable {
  sub_icb_code: string;
  peers_named: boolean;
  updated_at: ColumnType<Date, Date, Date>;
  updated_by: string;
}

/**
 * Migration 025 (issue 15): a page of a published release as a visitor sees it (its view as JSON,
 * gzip-compressed), kept so that it is made once (src/app/benchmarking/page-views.ts).
 */
export interface ReleasePageViewTable {
  release_id: number;
  /** The page, its address and the disclosure rule. */
  page: string;
  /** What else the view was made from (organisation names as imported, the view's shape). */
  depends_on: string;
  view: Uint8Array;
  created_at: Generated<Date>;
}

/**
 * Indicators, releases and their results. The six per-indicator tables (result, funnel_fit,
 * casemix_fit, judgment_fit, spc_point, spc_summary) and the peer groups (peer, peer_group) are views
 * since migration 026: the rows each release holds, stored once in `<table>_rows` by the release that
 * computed them (src/app/compute/shared-rows.ts).
 */
export interface BenchmarkingTables {
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
  judgment_fit: JudgmentFitTable;
  data_sharing_setting: DataSharingSettingTable;
  release_page_view: ReleasePageViewTable;
}

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
export type JudgmentFit = Selectable<JudgmentFitTable>;
export type NewJudgmentFit = Insertable<JudgmentFitTable>;
