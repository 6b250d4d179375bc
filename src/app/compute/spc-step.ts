// SPC (XmR, NHSRplotthedots rules, src/stats) for each practice's series of one indicator. A chart
// needs MIN_SPC_POINTS values: with fewer there are too few moving ranges for limits worth drawing.
// Series under 13 points are charted but marked short (the reference's own warning threshold): annual
// QOF years give at most 6 points, so every QOF chart is short and says so.
//
// Beside the exact chart (the detail view), the headline SPC signal (src/domain/judgment/
// seasonal-spc.ts): the series deseasonalised against England's value in each period, limits from
// the points before the recent ones, and a special cause in the last 3 points. Monthly and quarterly
// series of 15 points or more only.
import { type IndicatorVersion, improvementDirectionOf } from '../../domain/indicators/definition.ts';
import { periodEndDate } from '../../domain/indicators/periods.ts';
import { headlineSpc } from '../../domain/judgment/index.ts';
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

/**
 * The chart of one practice's series (points in period order), or null when it is too short.
 * `england`: England's value in each period (for the headline signal).
 */
export function practiceSpc(
  indicator: IndicatorVersion,
  practice: string,
  series: readonly SeriesPoint[],
  england: ReadonlyMap<string, number | null>,
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
  const headline =
    indicator.periodType === 'financial_year'
      ? null
      : headlineSpc(
          series.map((p, i) => ({
            period: p.period,
            date: dates[i]!,
            value: p.value,
            england: england.get(p.period) ?? null,
          })),
          direction,
        );
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
      headline_signal: headline?.signal?.rule ?? null,
      headline_period: headline?.signal?.period ?? null,
      headline_point_type: headline?.signal?.pointType ?? null,
      headline_adjustment: headline?.adjustment ?? null,
    },
  };
}
