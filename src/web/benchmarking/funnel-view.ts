/**
 * A funnel as the pages draw it (FunnelView): the limits FunnelPlotR computed (`funnelChart` in
 * src/app/benchmarking/queries.ts, the one implementation), thinned to enough rows for a smooth line,
 * and the practices' points. The indicator page and a concern's frozen data pack both use it.
 */
import type { FunnelChart } from '../../app/benchmarking/funnel-chart.ts';
import type { PlotrGridRow } from '../../stats/index.ts';
import type { Basis } from './comparison.ts';
import type { FunnelView, LimitRow } from './views.ts';

/** Enough rows to draw a smooth limit line: FunnelPlotR's grid has thousands; keep ~160, log-spaced. */
const LIMIT_ROWS = 160;

function thinned(grid: readonly PlotrGridRow[]): PlotrGridRow[] {
  const usable = grid.filter((g) => Number.isFinite(g.x) && g.x > 0);
  if (usable.length <= LIMIT_ROWS) return usable;
  const lo = Math.log(usable[0]!.x);
  const hi = Math.log(usable.at(-1)!.x);
  const kept: PlotrGridRow[] = [];
  let next = lo;
  for (const g of usable) {
    if (Math.log(g.x) >= next) {
      kept.push(g);
      next = Math.log(g.x) + (hi - lo) / LIMIT_ROWS;
    }
  }
  if (kept.at(-1) !== usable.at(-1)) kept.push(usable.at(-1)!);
  return kept;
}

function limitRows(thin: readonly PlotrGridRow[], which: 'adjusted' | 'unadjusted'): LimitRow[] {
  return thin.map((g) => ({
    x: g.x,
    lower95: g[which].lower95,
    upper95: g[which].upper95,
    lower998: g[which].lower99_8,
    upper998: g[which].upper99_8,
  }));
}

/** The chart's limits (chance alone, and allowing for over-dispersion when φ > 1) and its points. */
export function funnelView(chart: FunnelChart, basis: Basis): FunnelView {
  // Thinned once for both sets of limits (England's grid has ~7,000 rows).
  const thin = thinned(chart.grid);
  return {
    basis,
    target: chart.target,
    overDispersed: chart.adjusted,
    phi: chart.phi,
    tau2: chart.tau2,
    limits: limitRows(thin, 'unadjusted'),
    overDispersionLimits: limitRows(thin, chart.adjusted ? 'adjusted' : 'unadjusted'),
    points: chart.points.map((p) => ({ code: p.practiceCode, x: p.x, y: p.value, flag: p.flag })),
  };
}
