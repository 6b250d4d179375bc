/**
 * The data behind each benchmarking page, as plain JSON-ready objects: the pages render them, the
 * JSON API returns them as they are, and the exports turn their tables into CSV and Excel. Missing
 * numbers are null. Field names are camelCase; the OpenAPI document (api-schema.ts) describes them.
 */

import type { AreaKind, ReleaseStatus } from '../../app/db.ts';
import type { IndicatorType, PeriodType, Polarity } from '../../domain/indicators/definition.ts';
import type { HeadlineBasis } from '../../domain/judgment/index.ts';
import type { Basis, ComparisonLevel, ComparisonView, HeadlineView } from './comparison.ts';

/**
 * Set when the figures were published under disclosure control (a visitor who is not signed in):
 * the rule in words. Counts are suppressed (null, with `suppressed` saying so) or rounded, and a
 * value, limit or ratio made from a suppressed count is null too.
 */
export interface DisclosureView {
  rule: string;
}

/** Which counts of a row disclosure control suppressed (both false when nothing was). */
export interface SuppressedCounts {
  numerator: boolean;
  denominator: boolean;
}

export interface ReleaseView {
  name: string;
  status: ReleaseStatus;
  methodVersion: string;
  createdAt: string;
  publishedAt: string | null;
}

export interface IndicatorView {
  code: string;
  version: number;
  name: string;
  domain: string;
  type: IndicatorType;
  polarity: Polarity;
  multiplier: number;
  /** "%" or "per 1,000" …: how values are written. */
  unit: string;
  periodType: PeriodType;
  numerator: string;
  denominator: string;
  source: string;
  caveats: string | null;
}

export interface OrganisationView {
  code: string;
  name: string;
  kind: AreaKind;
}

export interface EnglandRange {
  value: number | null;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}

export interface AdjustedView extends ComparisonView {
  expected: number | null;
  /** Observed ÷ expected, with its confidence interval. */
  ratio: number | null;
  ratioLower95: number | null;
  ratioUpper95: number | null;
  ratioLower998: number | null;
  ratioUpper998: number | null;
}

export interface TrendArrow {
  previousPeriod: string | null;
  previousValue: number | null;
  direction: 'up' | 'down' | 'unchanged' | null;
  /** "Up from 2.55% in 2020-21" (not a test of significance). */
  text: string;
}

export interface SpcBrief {
  points: number;
  shortSeries: boolean;
  variation: string | null;
  assurance: string | null;
  variationIcon: string | null;
  assuranceIcon: string | null;
  /** The headline SPC signal (deseasonalised against England, about the last 3 points), or null. */
  headline: HeadlineSpcView | null;
}

export interface HeadlineSpcView {
  /** The Making Data Count rule, e.g. "Above UCL", or null when there is no signal. */
  signal: string | null;
  period: string | null;
  pointType: string | null;
  /** 'england_same_period' (deseasonalised against England) or 'none'. */
  adjustment: string;
}

export interface ScorecardRow {
  indicator: IndicatorView;
  period: string;
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  lower998: number | null;
  upper998: number | null;
  numerator: number | null;
  denominator: number | null;
  suppressed: SuppressedCounts;
  england: EnglandRange | null;
  quintile: number | null;
  /** 1 (lowest tenth of England's practices) … 10 (highest), by value. */
  decile: number | null;
  /** The chosen comparison level's value and the crude comparison with it (context, never the colour). */
  benchmark: BenchmarkView;
  /** The coloured verdict: the headline judgment (the same as `flag`, without its numbers). */
  comparison: ComparisonView;
  /** The headline judgment: verdict, the comparison that made it, z-score and expected count. */
  flag: HeadlineView;
  /** Context: the crude comparison with England (never the coloured verdict). */
  crude: ComparisonView;
  /** Detail: the case-mix adjusted funnel (binomial GLM, FunnelPlotR SR). */
  adjusted: AdjustedView;
  /** Which comparison made the headline verdict. */
  flagBasis: HeadlineBasis | null;
  why: string | null;
  trend: TrendArrow;
  spc: SpcBrief | null;
  /** The flag a concern could be raised from (src/domain/concerns), or null when there is none. */
  flagSource: FlagSource | null;
  /** A prescribing measure's row (RX-…): its measure and the practice's saving; null for other indicators. */
  prescribing: PrescribingRowView | null;
}

/**
 * The saving on a prescribing measure's scorecard row: £ the practice would have spent less in the
 * row's month prescribing at England's 10th-percentile ratio (src/domain/prescribing/deciles.ts);
 * null when the measure has no saving (not lower-is-better) or the counts are withheld.
 */
export interface PrescribingRowView {
  measureId: string;
  /** YYYY-MM */
  month: string;
  saving: number | null;
  /** The month is the demo's SYNTHETIC prescribing, not NHS data. */
  synthetic: boolean;
}

/** A flag in the release that a performance concern can be raised from. */
export type FlagSource = 'funnel_outlier' | 'comparison' | 'spc_special_cause';

/** A scorecard row's benchmark at the chosen level (England, ICB, sub-ICB location, PCN or peers). */
export interface BenchmarkView {
  /** The comparator's value (England's, the area's or the peer group's pooled value). */
  value: number | null;
  /** True when disclosure control withholds the comparator's value. */
  suppressed: boolean;
  /** The crude comparison with it (95% / 99.8%), as context. */
  comparison: ComparisonView;
}

/** One comparison level a scorecard can be read against; `area` null for England and peers. */
export interface ComparisonLevelView {
  level: ComparisonLevel;
  label: string;
  area: OrganisationView | null;
}

export interface ScorecardView {
  release: ReleaseView;
  disclosure: DisclosureView | null;
  practice: OrganisationView;
  /** The level the rows' `benchmark` compares with (?compare=, England by default). */
  compare: ComparisonLevelView;
  /** Every level offered for this practice (areas it belongs to in its latest period). */
  levels: ComparisonLevelView[];
  rows: ScorecardRow[];
}

export interface LimitRow {
  x: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export interface FunnelView {
  /**
   * 'crude': value against the denominator; 'adjusted': observed ÷ expected against the expected count;
   * 'headline': the headline z-score against the expected count (flat limits at ±1.96 and ±3.09).
   */
  basis: Basis;
  target: number;
  /** Over-dispersion: when true the flags use the wider (random-effects) limits. */
  overDispersed: boolean;
  phi: number | null;
  tau2: number | null;
  /** Limits from chance alone (binomial / Poisson). */
  limits: LimitRow[];
  /** Limits allowing for the between-practice variance τ² (equal to `limits` when not over-dispersed). */
  overDispersionLimits: LimitRow[];
  points: { code: string; x: number; y: number; flag: string }[];
}

export interface IndicatorPracticeRow {
  code: string;
  name: string;
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  lower998: number | null;
  upper998: number | null;
  numerator: number | null;
  denominator: number | null;
  suppressed: SuppressedCounts;
  /** The headline judgment (the coloured verdict). */
  flag: HeadlineView;
  crude: ComparisonView;
  adjusted: AdjustedView;
  /** The crude funnel flag in the area shown (England, ICB or sub-ICB funnel). */
  funnelFlag: string | null;
  quintile: number | null;
  flagSource: FlagSource | null;
}

/** One basis of the headline judgment in England, with its calibration (judgment_fit). */
export interface CalibrationFit {
  basis: HeadlineBasis;
  /** Practices judged on this basis, and those whose verdict it made. */
  practices: number;
  verdicts: number;
  tau2: number;
  centre: number;
  high95: number;
  low95: number;
  high998: number;
  low998: number;
  /** What chance alone would flag among `practices`. */
  chance95: number;
  chance998: number;
  zRms: number | null;
  zSpread: number | null;
  description: string;
}

/** The indicator page's calibration panel. */
export interface CalibrationView {
  /** The national fits (adjusted first). */
  fits: CalibrationFit[];
  /** The practices shown (the area): headline flags against chance, and the crude count for context. */
  shown: {
    practices: number;
    flagged95: number;
    flagged998: number;
    chance95: number;
    chance998: number;
    crudeFlagged95: number;
  };
}

export interface IndicatorPageView {
  release: ReleaseView;
  disclosure: DisclosureView | null;
  /** Practices left off the funnels because their figures are suppressed (visitors only). */
  suppressedPractices: number;
  indicator: IndicatorView;
  period: string;
  periods: string[];
  area: OrganisationView;
  selected: OrganisationView | null;
  england: EnglandRange | null;
  areaValue: number | null;
  funnel: FunnelView | null;
  adjustedFunnel: FunnelView | null;
  /** The headline z-scores against the expected count, coloured by the headline verdict. */
  headlineFunnel: FunnelView | null;
  calibration: CalibrationView | null;
  casemixDescription: string | null;
  /** Ranked by value, highest first: the caterpillar's order and the table's. */
  practices: IndicatorPracticeRow[];
}

export interface OverviewCell {
  indicatorCode: string;
  value: number | null;
  /** True when the value is suppressed by disclosure control. */
  suppressed: boolean;
  /** The headline verdict (the cell's colour). */
  comparison: ComparisonView;
  flag: HeadlineView;
}

export interface OverviewView {
  release: ReleaseView;
  disclosure: DisclosureView | null;
  area: OrganisationView;
  indicators: (IndicatorView & { period: string })[];
  practices: { code: string; name: string; cells: OverviewCell[] }[];
  /** The date the area's practices are taken as of (the one "as of" rule); null for England. */
  asOfDate: string | null;
}

export interface TrendPoint {
  period: string;
  value: number | null;
  mean: number | null;
  lowerLimit: number | null;
  upperLimit: number | null;
  specialCause: string | null;
  pointType: string | null;
}

export interface TrendView {
  release: ReleaseView;
  disclosure: DisclosureView | null;
  practice: OrganisationView;
  indicator: IndicatorView;
  /** Null when the series is too short for an SPC chart. */
  spc:
    | (SpcBrief & {
        improvementDirection: string;
        mean: number | null;
        lowerLimit: number | null;
        upperLimit: number | null;
      })
    | null;
  points: TrendPoint[];
  /** The latest period with special-cause variation on the exact chart, or null. */
  specialCausePeriod: string | null;
  /** The headline SPC signal (a concern can be raised from it), or null when there is no headline chart. */
  headlineSpc: HeadlineSpcView | null;
  /** Every period's result with its confidence limits and comparison with England. */
  results: {
    period: string;
    value: number | null;
    lower95: number | null;
    upper95: number | null;
    numerator: number | null;
    denominator: number | null;
    suppressed: SuppressedCounts;
    england: number | null;
    /** The headline verdict of the period's figure. */
    flag: HeadlineView;
    /** Context: the crude comparison with England. */
    crude: ComparisonView;
  }[];
}

export interface PeerRef {
  /** "Peer 3" when pseudonymised; the practice's name otherwise. */
  label: string;
  /** Null when pseudonymised. */
  code: string | null;
  rank: number;
  distance: number;
}

export interface PeersView {
  release: ReleaseView;
  disclosure: DisclosureView | null;
  practice: OrganisationView;
  /** True when the sub-ICB location shows peers by name. */
  named: boolean;
  explanation: string | null;
  peers: PeerRef[];
  rows: {
    indicator: IndicatorView;
    period: string;
    value: number | null;
    peerGroupValue: number | null;
    /** Context: the crude comparison with the peer group's pooled value. */
    comparison: ComparisonView;
    /** The headline verdict of the practice's figure. */
    flag: HeadlineView;
    /** One per peer, in the order of `peers` (null when the peer has no value for the period). */
    peerValues: (number | null)[];
    /** Which of value, peer group value and each peer's value disclosure control suppressed. */
    suppressed: { value: boolean; peerGroupValue: boolean; peers: boolean[] };
  }[];
}
