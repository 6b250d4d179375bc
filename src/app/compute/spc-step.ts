// SPC (XmR, NHSRplotthedots rules, src/stats) for each practice's series of one indicator. A chart
// needs MIN_SPC_POINTS values: with fewer there are too few moving ranges for limits worth drawing.
// Series under 13 points are charted but marked short (the reference's own warning threshold): annual
// QOF years give at most 6 points, so every QOF chart is short and says so.
import { type IndicatorVersion, improvementDirectionOf } from '../../domain/indicators/definition.ts';
import { periodEndDate } from '../../domain/indicators/periods.ts';
import { SHORT_GROUP_THRESHOLD, spc, spcSummary } from '../../stats/index.ts';
import type { NewSpcPoint, NewSpcSummary } from '../../store/schema.ts';

export const MIN_SPC_POINTS = 4;

export interface SeriesPoint {
  period: string;
  value: number;
}

export interface SpcRows {
  points: Omit<NewSpcPoint, 'release_id'>[];
  summary: Omit<NewSpcSummary, 'release_id'>;
}

/** The chart of one practice's series (points in period order), or null when it is too short. */
export function practiceSpc(
  indicator: IndicatorVersion,
  practice: string,
  series: readonly SeriesPoint[],
): SpcRows | null {
  if (series.length < MIN_SPC_POINTS) return null;
  const dates = series.map((p) => periodEndDate(p.period, indicator.periodType));
  if (dates.some((d) => d === null)) return null;
  const direction = improvementDirectionOf(indicator.polarity);
  const chart = spc(
    series.map((p, i) => ({ value: p.value, date: dates[i]! })),
    { improvementDirection: direction },
  );
  const points = chart.points.map((pt) => ({
    indicator_id: indicator.id,
    practice_code: practice,
    period: series[pt.row]!.period,
    value: pt.y,
    mean: pt.mean,
    lower_limit: pt.lpl,
    upper_limit: pt.upl,
    special_cause: pt.special_cause_type,
    point_type: pt.point_type,
  }));
  const s = spcSummary(chart).at(-1)!;
  return {
    points,
    summary: {
      indicator_id: indicator.id,
      practice_code: practice,
      n: s.n,
      short_series: s.n < SHORT_GROUP_THRESHOLD,
      improvement_direction: direction,
      mean: s.mean,
      lower_limit: s.lpl,
      upper_limit: s.upl,
      variation: s.variation_type,
      assurance: s.assurance_type,
      variation_icon: s.variation_icon,
      assurance_icon: s.assurance_icon,
    },
  };
}
