/**
 * The shapes of an XmR (statistical process control) chart as NHSRplotthedots 0.2.2 `ptd_spc` builds
 * it. Output field names follow the reference's columns (snake_case) so that results can be compared
 * with R column by column; the command line renames `lpl`/`upl` to `lower_limit`/`upper_limit`.
 */

/** A date as ISO `YYYY-MM-DD` text or a JavaScript Date (a Date is taken at its exact instant). */
export type SpcDate = string | Date;

/** One observation. `value` null is a missing point (kept in the output, skipped by the rules). */
export interface SpcRow {
  value: number | null;
  date: SpcDate;
  /** Optional series name: each facet gets its own chart. Use it on every row or on none. */
  facet?: string;
}

export type ImprovementDirection = 'increase' | 'decrease' | 'neutral';

/** Trend and shift run length. 7 is the reference; 6 is the NHS England Making Data Count tool's. */
export type RunLength = 6 | 7;

export interface SpcOptions {
  /** Default 'increase'. */
  improvementDirection?: ImprovementDirection;
  /**
   * Dates that start a new rebase group: a list applies to every facet; an object maps facet → dates.
   * Dates that are not in the data are ignored, as in the reference.
   */
  rebase?: SpcDate[] | Record<string, SpcDate[]>;
  /** A target for every facet, or facet → target (facets not named get no target). */
  target?: number | Record<string, number>;
  /** Fix the mean and limits on the first N rows of each rebase group (N >= 12). Default: all rows. */
  fixAfterN?: number;
  /** Drop moving ranges >= 3.267 × average moving range before the limits. Default true. */
  screenOutliers?: boolean;
  /** Default 7. */
  runLength?: RunLength;
}

/** The rule label: `Above UCL`, `7 Point Trend (Increasing)`, `2 in 3 Below CL`, `7 Points Above CL`, … */
export type SpecialCauseType = string;

export type PointType =
  | 'special_cause_improvement'
  | 'special_cause_concern'
  | 'special_cause_neutral_high'
  | 'special_cause_neutral_low'
  | 'common_cause';

export type AssuranceType = 'consistent_pass' | 'consistent_fail' | 'inconsistent';

/** One point of the chart, in output order (facet, then date). */
export interface SpcPoint {
  /** 0-based index of this point in the input array (output order differs from input order). */
  row: number;
  y: number | null;
  /** The date: `YYYY-MM-DD` when it falls on a UTC midnight, otherwise the full ISO instant. */
  x: string;
  /** The facet, or null when the input has no facets (the reference's "no facet"). */
  facet: string | null;
  rebase_group: number;
  short_group_warning: boolean;
  fix_y: number | null;
  /** The group's mean, kept on missing points too (it is a property of the group, not the point). */
  mean: number | null;
  lpl: number | null;
  upl: number | null;
  /** Null on missing points and when the group has no limits (e.g. every moving range screened out). */
  outside_limits: boolean | null;
  relative_to_mean: -1 | 0 | 1 | null;
  close_to_limits: boolean | null;
  /** Null on missing points: Fairview gives no verdict on a value it does not have. */
  special_cause_type: SpecialCauseType | null;
  special_cause_flag: boolean | null;
  point_type: PointType | null;
  target: number | null;
}

/** The chart with what its summary and icons need to know about how it was made. */
export interface SpcChart {
  points: SpcPoint[];
  improvementDirection: ImprovementDirection;
  /** Whether a target option was given at all (the reference only reports assurance then). */
  hasTarget: boolean;
  runLength: RunLength;
}

/** One row per (facet, rebase group), as the reference's `summary()`. */
export interface SpcSummaryRow {
  facet: string | null;
  rebase_group: number;
  mean: number | null;
  lpl: number | null;
  upl: number | null;
  /** Rows in the group, missing points included (as the reference counts them). */
  n: number;
  /** Missing points in the group (Fairview addition; they count in no category below). */
  n_missing: number;
  common_cause: number;
  special_cause_improvement: number;
  special_cause_concern: number;
  /** point_type of the group's latest point that has a value; null if it has none. */
  variation_type: PointType | null;
  /** Only for the facet's latest rebase group, when a target option was given and not neutral. */
  assurance_type: AssuranceType | null;
  variation_icon: VariationIcon | null;
  assurance_icon: AssuranceIcon | null;
}

export type VariationIcon =
  | 'common_cause.svg'
  | 'neutral_high.svg'
  | 'neutral_low.svg'
  | 'improvement_high.svg'
  | 'improvement_low.svg'
  | 'concern_high.svg'
  | 'concern_low.svg';

export type AssuranceIcon = 'pass.svg' | 'fail.svg' | 'inconsistent.svg';

/** The icons a facet's chart carries: from its latest point and latest rebase group. */
export interface SpcFacetIcons {
  facet: string | null;
  variation_icon: VariationIcon | null;
  /** Null when no target option was given or the direction is neutral. */
  assurance_icon: AssuranceIcon | null;
}
