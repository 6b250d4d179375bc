// What an incentive scheme is, as a commissioner writes it down (docs/schemes.md): a declarative,
// versioned definition of one of three kinds. A definition is immutable once saved: any change is a
// new `version`, so a calculation always names the exact rules it applied.

export type SchemeKind = 'qof' | 'quality_premium' | 'local';

export const SCHEME_KINDS: readonly SchemeKind[] = ['qof', 'quality_premium', 'local'];

/** Fields every scheme has. */
export interface SchemeHeader {
  /** Stable identifier across versions, e.g. `qof-2023-24`, `somerset-local-2024`. */
  id: string;
  /** 1, 2, 3 …: a changed definition must carry a new version. */
  version: number;
  name: string;
  /** The financial year it pays for, `2023-24`. */
  year: string;
  description: string | null;
}

// ---- QOF-style ----

/**
 * How an indicator's achievement is measured.
 * - `ratio`: numerator ÷ denominator (after exceptions), scored between the thresholds.
 * - `register`: full points when the practice holds a register of at least one patient (QOF's
 *   "establishes and maintains a register" indicators, AF001 …).
 * - `declared`: points achieved are declared, not counted (QOF's quality-improvement domain);
 *   taken from the inputs' `achievedPoints`, capped at the points available.
 */
export type QofMeasure = 'ratio' | 'register' | 'declared';

export interface QofIndicator {
  code: string;
  name: string | null;
  measure: QofMeasure;
  points: number;
  /** Achievement %, 0–100; ratio indicators only (null otherwise). */
  lowerThreshold: number | null;
  upperThreshold: number | null;
  /**
   * The QOF register group whose prevalence adjusts this indicator's points (`AF`, `DM` …), or null
   * for indicators paid on list size alone (most public health and all quality improvement).
   */
  prevalenceGroup: string | null;
}

export interface QofScheme extends SchemeHeader {
  kind: 'qof';
  /** £ per point for an average-sized practice at national average prevalence. */
  poundsPerPoint: number;
  /**
   * The national average practice list (the Contractor Population Index's divisor). Null: the mean
   * list size of the practices in the inputs is used (and the statement says so).
   */
  nationalAverageListSize: number | null;
  /**
   * National prevalence by register group, as a fraction (0.0221 for 2.21%). A group missing here
   * is computed from the inputs as Σ registers ÷ Σ lists (and the statement says so).
   */
  nationalPrevalence: Record<string, number>;
  /** What a ratio indicator with no patients after exceptions earns: QOF 2024-25 says no points. */
  zeroDenominator: 'no_points' | 'full_points';
  indicators: QofIndicator[];
}

// ---- Quality premium (commissioner level) ----

/** The target a commissioner-level measure must reach. */
export type PremiumTarget =
  /** Value at or beyond `value` in the measure's direction. */
  | { type: 'absolute'; value: number }
  /**
   * Improvement on the commissioner's own baseline: by at least `change` (in the measure's units,
   * in the better direction), or by `relativePercent` % of the baseline, whichever is given.
   */
  | { type: 'improvement'; change: number | null; relativePercent: number | null };

export interface PremiumMeasure {
  code: string;
  name: string;
  /** Share of the maximum premium the measure is worth (all measures' weights sum to at most 1). */
  weight: number;
  direction: 'higher_is_better' | 'lower_is_better';
  target: PremiumTarget;
}

/** A condition that, failed, withholds the whole premium (financial balance, a serious quality failure). */
export interface PremiumGateway {
  code: string;
  description: string;
}

/** A standard (e.g. an NHS Constitution right or pledge) whose miss reduces the premium by a percentage. */
export interface PremiumReduction {
  code: string;
  description: string;
  /** Percent of the earned premium removed when the standard is missed, e.g. 25. */
  percent: number;
}

export interface QualityPremiumScheme extends SchemeHeader {
  kind: 'quality_premium';
  /** The maximum premium, £ per registered patient (default 5). */
  capPerPatient: number;
  measures: PremiumMeasure[];
  gateways: PremiumGateway[];
  reductions: PremiumReduction[];
}

// ---- Local scheme ----

/** A practice-level target, in achievement percentage points. */
export type LocalTarget =
  | { relativeTo: 'absolute'; value: number }
  /** The practice's own baseline plus `change` percentage points, capped at `ceiling` when given. */
  | { relativeTo: 'own_baseline'; change: number; ceiling: number | null }
  /** The peer group's median (or pooled) achievement plus `change` points, capped at `ceiling`. */
  | { relativeTo: 'peer_group'; statistic: 'median' | 'pooled'; change: number; ceiling: number | null };

/** A band of achievement relative to the target and what it pays. */
export interface LocalBand {
  label: string;
  /**
   * The band applies when (achievement − target) ≥ `minimumGap` percentage points (signs flipped for
   * lower-is-better indicators). 0 means "target met", −5 means "within 5 points of it".
   */
  minimumGap: number;
  /** £ per registered patient, or a fixed £ amount. */
  payment: { perPatient: number } | { fixed: number };
}

export interface LocalIndicator {
  code: string;
  name: string | null;
  polarity: 'higher_is_better' | 'lower_is_better';
  target: LocalTarget;
  /** Highest-paying first is not required: the best band the practice reaches applies. */
  bands: LocalBand[];
}

export interface LocalScheme extends SchemeHeader {
  kind: 'local';
  /** The scheme year, ISO dates inclusive: a joiner's payment is pro rata by days within it. */
  startsOn: string;
  endsOn: string;
  /** At most this many £ per registered patient for one practice's whole statement (null: no cap). */
  capPerPatient: number | null;
  /** What the scheme replaces, e.g. `qof-2023-24` (for the standing rules). */
  replaces: string | null;
  indicators: LocalIndicator[];
}

export type SchemeDefinition = QofScheme | QualityPremiumScheme | LocalScheme;
