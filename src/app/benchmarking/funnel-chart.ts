// The funnel of an area's practices, redrawn from their counts: the one piece of statistics the
// benchmarking pages do (FunnelPlotR's limits, crude or case-mix adjusted). The indicator page and a
// concern's frozen data pack both draw their funnels with it.
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import { type FunnelFlag, funnelPlotR, type PlotrGridRow, type PlotrResult } from '../../stats/index.ts';
import type { Result } from '../../store/schema.ts';
import { MIN_FUNNEL_PRACTICES } from '../compute/funnels.ts';

/** What a funnel is drawn from: a practice's counts (and, adjusted, its case-mix expected count). */
export type FunnelInputRow = Pick<Result, 'area_code' | 'numerator' | 'denominator'> &
  Partial<Pick<Result, 'expected'>>;

export interface FunnelChart {
  /** The limits to draw (FunnelPlotR's lookup grid): x is the denominator, or the expected count for SR. */
  grid: PlotrGridRow[];
  /** Whether the random-effects (adjusted) limits are the ones flags use. */
  adjusted: boolean;
  phi: number | null;
  tau2: number | null;
  target: number;
  points: { practiceCode: string; x: number; value: number; flag: FunnelFlag }[];
}

/**
 * The funnel of the practices in `results` (one area's, from indicatorAreaResults), drawn as the
 * recompute drew it. Crude: PR for proportions; SR with expected = denominator × pooled rate for
 * rates. Adjusted: SR of observed ÷ the case-mix expected count (unrounded expected counts, random
 * effects when φ > 1, as the case-mix comparison does). For England's practices this redraws exactly
 * the stored funnel (~0.5–1 s for 6,500 practices); for an area it is that area's own funnel.
 * Null when there are too few practices (or, adjusted, too few with an expected count).
 */
export function funnelChart(
  indicator: Pick<IndicatorVersion, 'type' | 'multiplier'>,
  results: readonly FunnelInputRow[],
  basis: 'crude' | 'adjusted' = 'crude',
): FunnelChart | null {
  if (basis === 'adjusted') {
    const usable = results.filter(
      (r) => r.numerator !== null && r.expected !== undefined && r.expected !== null && r.expected > 0,
    );
    if (usable.length < MIN_FUNNEL_PRACTICES) return null;
    const f = funnelPlotR(
      usable.map((r) => ({ numerator: r.numerator, denominator: r.expected! })),
      { dataType: 'SR', shmiRounding: false },
    );
    return chartOf(f, usable, 1);
  }
  const usable = results.filter((r) => r.numerator !== null && r.denominator !== null && r.denominator > 0);
  if (usable.length < MIN_FUNNEL_PRACTICES) return null;
  if (indicator.type === 'proportion') {
    const f = funnelPlotR(
      usable.map((r) => ({ numerator: r.numerator, denominator: r.denominator })),
      { dataType: 'PR', multiplier: indicator.multiplier },
    );
    return chartOf(f, usable, f.summary.target);
  }
  const events = usable.reduce((s, r) => s + r.numerator!, 0);
  const exposure = usable.reduce((s, r) => s + r.denominator!, 0);
  if (!(events > 0)) return null;
  const pooled = events / exposure;
  const f = funnelPlotR(
    usable.map((r) => ({ numerator: r.numerator, denominator: r.denominator! * pooled })),
    { dataType: 'SR', shmiRounding: false },
  );
  return chartOf(f, usable, 1);
}

/** The chart of a fit: its grid and summary, and each unit's point named by the row it came from. */
function chartOf(f: PlotrResult, usable: readonly FunnelInputRow[], target: number): FunnelChart {
  return {
    grid: f.grid,
    adjusted: f.summary.adjusted,
    phi: f.summary.phi,
    tau2: f.summary.tau2,
    target,
    points: f.units.map((u, i) => ({
      practiceCode: usable[i]!.area_code,
      x: u.denominator,
      value: u.value,
      flag: u.flag,
    })),
  };
}
