/**
 * The headline SPC signal: is something happening to this practice in the recent months that is
 * not the season, not a national change and not the ordinary month-to-month noise?
 *
 * Plain XmR charts (NHSRplotthedots, kept exactly as the detail view) read every seasonal dip as a
 * special cause: on 36 monthly points with a July dip, about half of practices with nothing going on
 * show one. Fairview's headline chart differs in three ways, each for a reason:
 *
 *  1. Deseasonalised against England's same month. Each value is multiplied by England's average
 *     over the series ÷ England's value in that month (`adjusted = value × Ē / E_t`). The seasonal
 *     pattern is estimated from every practice at once, so it adds no noise of its own, needs no
 *     second year to learn from (a same-month-last-year baseline needs 24 months before it can judge
 *     one, and doubles the noise of each comparison), and also takes out what happened everywhere
 *     (a national campaign, a data-collection change): a practice is judged against the country's
 *     own course. It is multiplicative because a practice's seasonal swing scales with its level.
 *  2. Limits from a baseline before the recent months: the chart is fixed (NHSRplotthedots'
 *     `fix_after_n_points`) on the points before the last 12 (on all but the last 3 for shorter
 *     series), so a change in the recent months does not drag the mean and limits towards itself.
 *  3. About the recent months: the headline signal is a special cause (any Making Data Count rule,
 *     7-point runs) on one of the last 3 points. Older special causes stay on the detail chart.
 *
 * Series shorter than 15 points, and series that are not monthly or quarterly, get no headline signal
 * (annual QOF series have at most 6 points: there is no baseline to judge the recent ones against).
 * The simulation study (test/simulation) checks the result: ≤ 10% of 36-month seasonal series with
 * nothing planted raise a signal, ≥ 90% of planted steps, trends and one-month spikes do.
 */
import {
  type ImprovementDirection,
  type PointType,
  type SpcPoint,
  type SpecialCauseType,
  spc,
} from '../../stats/index.ts';

/** Fewer points than this: no headline signal. */
export const MIN_HEADLINE_POINTS = 15;
/** The recent months the headline signal is about. */
export const RECENT_POINTS = 3;
/** Points kept out of the baseline when the series is long enough (the recent year). */
export const HELD_OUT_POINTS = 6;

export type SeasonalAdjustment = 'england_same_period' | 'none';

export interface SeasonalSeriesPoint {
  /** ISO date of the period's end (the chart's x). */
  readonly date: string;
  readonly period: string;
  readonly value: number;
  /** England's value in the same period (null when unknown: the series is then not adjusted). */
  readonly england: number | null;
}

export interface HeadlineSpcSignal {
  readonly period: string;
  /** The Making Data Count rule, e.g. "Above UCL", "7 Points Below CL". */
  readonly rule: SpecialCauseType;
  readonly pointType: PointType;
}

export interface HeadlineSpc {
  readonly adjustment: SeasonalAdjustment;
  /** Points the limits were fixed on. */
  readonly baseline: number;
  /** The adjusted chart (points in date order, as spc() returns them). */
  readonly points: readonly SpcPoint[];
  /** The latest special cause among the recent points, or null. */
  readonly signal: HeadlineSpcSignal | null;
}

/** Multiplies each value by Ē / E_t when England's value is known for every point and positive. */
export function adjustToEngland(series: readonly SeasonalSeriesPoint[]): {
  values: number[];
  adjustment: SeasonalAdjustment;
} {
  const england: number[] = [];
  for (const p of series) {
    if (p.england === null || !(p.england > 0))
      return { values: series.map((q) => q.value), adjustment: 'none' };
    england.push(p.england);
  }
  const mean = england.reduce((sum, e) => sum + e, 0) / england.length;
  return { values: series.map((p, i) => (p.value * mean) / england[i]!), adjustment: 'england_same_period' };
}

/**
 * The headline SPC chart and signal of one practice's series (in period order), or null when the
 * series is too short to judge its recent points.
 */
export function headlineSpc(
  series: readonly SeasonalSeriesPoint[],
  improvementDirection: ImprovementDirection,
): HeadlineSpc | null {
  const n = series.length;
  if (n < MIN_HEADLINE_POINTS) return null;
  const { values, adjustment } = adjustToEngland(series);
  const baseline = n >= HELD_OUT_POINTS + 12 ? n - HELD_OUT_POINTS : n - RECENT_POINTS;
  const chart = spc(
    values.map((value, i) => ({ value, date: series[i]!.date })),
    { improvementDirection, fixAfterN: baseline },
  );
  let signal: HeadlineSpcSignal | null = null;
  for (const point of chart.points) {
    if (point.row < n - RECENT_POINTS) continue;
    if (point.special_cause_flag && point.special_cause_type && point.point_type) {
      signal = {
        period: series[point.row]!.period,
        rule: point.special_cause_type,
        pointType: point.point_type,
      };
    }
  }
  return { adjustment, baseline, points: chart.points, signal };
}
