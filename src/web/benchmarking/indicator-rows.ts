/**
 * The parts of an indicator page's view made from its practices' rows: each practice's row, their
 * ranking, and the three funnels. One implementation for both ways a view is made: from the release's
 * rows (makeIndicatorPage, load-indicator.ts) and, for a signed-in viewer, from the visitors' view with
 * her own organisations' rows opened (opened-view.ts). Both must give the very same view, so every
 * choice of order here depends only on what a visitor's view holds: the funnels take their practices
 * in code order, and the table is ranked by the published value.
 */
import { type FunnelInputRow, funnelChart } from '../../app/benchmarking/funnel-chart.ts';
import type { AreaRef } from '../../app/benchmarking/queries.ts';
import type { Result } from '../../app/db.ts';
import { compareText } from '../../app/indicators/catalogue.ts';
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import { crudeComparison } from './comparison.ts';
import { derived, type ShownCounts } from './disclose.ts';
import { funnelView } from './funnel-view.ts';
import { adjustedView, flagSourceOf, headlineView } from './view-parts.ts';
import type { FunnelView, IndicatorPageView, IndicatorPracticeRow } from './views.ts';

/** One practice's row, its figures shown or withheld under disclosure control. */
export function practiceRow(
  r: Result,
  i: IndicatorVersion,
  ref: Pick<AreaRef, 'kind'>,
  c: ShownCounts,
  p: Result,
  name: string,
): IndicatorPracticeRow {
  const show = <T>(v: T): T | null => derived(c, v);
  return {
    code: r.area_code,
    name,
    value: show(p.value),
    lower95: show(p.lower_95),
    upper95: show(p.upper_95),
    lower998: show(p.lower_99_8),
    upper998: show(p.upper_99_8),
    numerator: c.numerator,
    denominator: c.denominator,
    suppressed: c.suppressed,
    flag: headlineView(r, i, c),
    crude: crudeComparison(r),
    adjusted: adjustedView(r, p, i, c),
    funnelFlag:
      ref.kind === 'sub_icb' ? r.funnel_flag_sub_icb : ref.kind === 'icb' ? r.funnel_flag_icb : r.funnel_flag,
    quintile: show(r.quintile),
    flagSource: flagSourceOf(r),
  };
}

/**
 * The rows ranked by their published value, highest first, then by code; suppressed and missing
 * values last (a rank by the true value would order rows the counts cannot).
 */
export function rankedPractices(rows: readonly IndicatorPracticeRow[]): IndicatorPracticeRow[] {
  const rank = (r: IndicatorPracticeRow) => r.value ?? Number.NEGATIVE_INFINITY;
  return [...rows]
    .sort((a, b) => rank(b) - rank(a) || a.code.localeCompare(b.code))
    .sort((a, b) => Number(a.value === null) - Number(b.value === null));
}

/**
 * Whether a row's figures are published, so that it is drawn on the funnels: a visitor's funnels are
 * drawn from those practices only (limits, φ and τ² made with a suppressed practice in them could give
 * its count back).
 */
export function isDrawn(row: Pick<IndicatorPracticeRow, 'suppressed'>): boolean {
  return !row.suppressed.numerator && !row.suppressed.denominator;
}

/** A drawn practice as the funnels see it: its published counts and case-mix expected count. */
export type DrawnRow = FunnelInputRow & Pick<Result, 'headline_z' | 'headline_expected' | 'headline_flag'>;

type HeadlinePoint = FunnelView['points'][number];

/** The headline funnel's point of a drawn row, when it has a z-score to draw. */
export function headlinePoint(r: DrawnRow): HeadlinePoint | null {
  if (r.headline_z === null || r.headline_expected === null || !(r.headline_expected > 0)) return null;
  return { code: r.area_code, x: r.headline_expected, y: r.headline_z, flag: r.headline_flag ?? 'none' };
}

const Z95 = 1.959963984540054;
const Z998 = 3.090232306167813;

/**
 * The crude and adjusted funnels of the drawn practices as FunnelPlotR fits them, the practices taken
 * in code order (`drawn` may come in any order).
 */
export function drawnFunnels(
  i: Pick<IndicatorVersion, 'type' | 'multiplier'>,
  drawn: readonly FunnelInputRow[],
): Pick<IndicatorPageView, 'funnel' | 'adjustedFunnel'> {
  const inOrder = [...drawn].sort((a, b) => compareText(a.area_code, b.area_code));
  const crude = funnelChart(i, inOrder);
  const adjusted = funnelChart(i, inOrder, 'adjusted');
  return {
    funnel: crude ? funnelView(crude, 'crude') : null,
    adjustedFunnel: adjusted ? funnelView(adjusted, 'adjusted') : null,
  };
}

/**
 * The headline judgment drawn as a funnel of z-scores: each drawn practice's z against the count it was
 * judged against (log-spaced x), in code order, with the flat limits ±1.96 (95%) and ±3.09 (99.8%) its
 * flag was decided by (the z-scores come from each practice's own predictive tail, so the lines are
 * exact). `tau2` is the headline fit's.
 */
export function headlineFunnel(headline: readonly HeadlinePoint[], tau2: number | null): FunnelView | null {
  if (headline.length === 0) return null;
  const points = [...headline].sort((a, b) => compareText(a.code, b.code));
  const xs = points.map((p) => p.x);
  const limit = (x: number) => ({ x, lower95: -Z95, upper95: Z95, lower998: -Z998, upper998: Z998 });
  const limits = [limit(Math.min(...xs) / 2), limit(Math.max(...xs) * 2)];
  return {
    basis: 'headline',
    target: 0,
    overDispersed: false,
    phi: null,
    tau2,
    limits,
    overDispersionLimits: limits,
    points,
  };
}
