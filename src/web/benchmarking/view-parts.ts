/**
 * The pieces every page loader builds its view from: a release, indicator and organisation as views,
 * England's range, the headline verdict, SPC briefs and the disclosure patterns a viewer gets.
 */
import {
  type Disclosure,
  type DisclosureControl,
  disclosurePatterns,
} from '../../app/benchmarking/disclosure.ts';
import type { Db, Organisation, Release, Result, SpcSummaryRow } from '../../app/db.ts';
import { describeRule } from '../../domain/disclosure/index.ts';
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import { isFlagged } from '../../domain/judgment/index.ts';
import {
  adjustedComparison,
  type ComparisonView,
  type HeadlineView,
  headlineComparison,
  withoutNumbers,
} from './comparison.ts';
import { areaCounts, derived, publishedResult, type ShownCounts } from './disclose.ts';
import { formatValue } from './format.ts';
import type {
  AdjustedView,
  DisclosureView,
  EnglandRange,
  FlagSource,
  HeadlineSpcView,
  IndicatorView,
  OrganisationView,
  ReleaseView,
  SpcBrief,
  TrendArrow,
} from './views.ts';

export const ENGLAND_CODE = 'E92000001';

export function releaseView(r: Release): ReleaseView {
  return {
    name: r.name,
    status: r.status,
    methodVersion: r.method_version,
    createdAt: new Date(r.created_at).toISOString(),
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
  };
}

export function unitOf(multiplier: number): string {
  return multiplier === 100 ? '%' : multiplier === 1 ? '' : `per ${multiplier.toLocaleString('en-GB')}`;
}

export function indicatorView(i: IndicatorVersion): IndicatorView {
  return {
    code: i.code,
    version: i.version,
    name: i.name,
    domain: i.domain,
    type: i.type,
    polarity: i.polarity,
    multiplier: i.multiplier,
    unit: unitOf(i.multiplier),
    periodType: i.periodType,
    numerator: i.numerator,
    denominator: i.denominator,
    source: i.source,
    caveats: i.caveats,
  };
}

export function organisationView(o: Pick<Organisation, 'code' | 'name' | 'kind'>): OrganisationView {
  return { code: o.code, name: o.name, kind: o.kind };
}

/**
 * England's value and the spread of its practices. Under disclosure control the lowest and highest
 * are left out (each is one practice's value, perhaps one whose count is suppressed), and England's
 * value is shown only when its own totals are.
 */
export function englandRange(
  e: Result | null,
  i: Pick<IndicatorVersion, 'type' | 'multiplier'>,
  d: Disclosure | null = null,
): EnglandRange | null {
  if (!e) return null;
  const counts = areaCounts(d, e.area_code, e.numerator, e.denominator);
  const p = publishedResult(e, counts, i);
  return {
    value: derived(counts, p.value),
    min: counts.controlled ? null : e.practice_min,
    q1: p.practice_q1,
    median: p.practice_median,
    q3: p.practice_q3,
    max: counts.controlled ? null : e.practice_max,
  };
}

/** `r` as stored (its verdict), `p` as published to this viewer (its numbers; see disclose.ts). */
export function adjustedView(r: Result, p: Result, i: IndicatorVersion, counts: ShownCounts): AdjustedView {
  const show = <T>(v: T): T | null => derived(counts, v);
  return {
    ...adjustedComparison(r, i.polarity),
    expected: show(p.expected),
    ratio: show(p.oe_ratio),
    ratioLower95: show(p.oe_lower_95),
    ratioUpper95: show(p.oe_upper_95),
    ratioLower998: show(p.oe_lower_99_8),
    ratioUpper998: show(p.oe_upper_99_8),
  };
}

/**
 * The headline verdict of a practice's result. A viewer who gets the practice's counts under
 * disclosure control sees the verdict but not its z-score, expected count or ratio: they come from the
 * true count through the model and would narrow it down.
 */
export function headlineView(
  r: Result,
  i: IndicatorVersion,
  counts: ShownCounts | null = null,
): HeadlineView {
  const h = headlineComparison(r, i.polarity);
  return counts?.controlled ? withoutNumbers(h) : h;
}

/** The verdict alone, as the coloured comparison of a row. */
export function verdictOf(h: HeadlineView): ComparisonView {
  return { key: h.key, level: h.level, text: h.text };
}

/**
 * The flag of a practice's result a concern could be raised from: its headline judgment (the crude
 * comparison with England is context, never a flag to act on).
 */
export function flagSourceOf(r: Result): FlagSource | null {
  return isFlagged(r.headline_flag) ? 'funnel_outlier' : null;
}

export function headlineSpcOf(s: SpcSummaryRow): HeadlineSpcView | null {
  if (s.headline_adjustment === null) return null;
  return {
    signal: s.headline_signal,
    period: s.headline_period,
    pointType: s.headline_point_type,
    adjustment: s.headline_adjustment,
  };
}

export function spcBrief(s: SpcSummaryRow): SpcBrief {
  return {
    points: s.n,
    shortSeries: s.short_series,
    variation: s.variation,
    assurance: s.assurance,
    variationIcon: s.variation_icon,
    assuranceIcon: s.assurance_icon,
    headline: headlineSpcOf(s),
  };
}

/** The rule in words for views published under disclosure control; null when nothing is controlled. */
export function disclosureView(control: DisclosureControl | null): DisclosureView | null {
  return control ? { rule: describeRule(control.rule) } : null;
}

/** The patterns a loader needs, with the viewer's open organisations; null without control. */
export async function patternsFor(
  db: Db,
  release: Release,
  control: DisclosureControl | null,
  wanted: readonly { indicatorId: number; period: string }[],
): Promise<((indicatorId: number, period: string) => Disclosure) | null> {
  return control
    ? disclosurePatterns(db, release, control.rule, wanted, control.open, control.withhold ?? false)
    : null;
}

export function trendArrow(
  i: IndicatorVersion,
  value: number | null,
  previousValue: number | null,
  previousPeriod: string | null,
): TrendArrow {
  if (value === null || previousValue === null || previousPeriod === null) {
    return { previousPeriod, previousValue, direction: null, text: 'No earlier period to compare' };
  }
  const unit = unitOf(i.multiplier);
  const then = `${formatValue(previousValue, unit)} in ${previousPeriod}`;
  // Equal when they print the same: a change too small to show is not a change to a reader.
  if (formatValue(value, unit) === formatValue(previousValue, unit)) {
    return { previousPeriod, previousValue, direction: 'unchanged', text: `Unchanged from ${then}` };
  }
  const direction = value > previousValue ? 'up' : 'down';
  return {
    previousPeriod,
    previousValue,
    direction,
    text: `${direction === 'up' ? 'Up' : 'Down'} from ${then}`,
  };
}

/**
 * `control`: publish under disclosure control every row whose organisation the viewer may not see in
 * full (src/web/benchmarking/disclose.ts); null only for a viewer who may see all of them. The same
 * in every loader below.
 */

/** An area's value as published to this viewer (from its published totals when controlled). */
export function publishedValue(
  r: Result,
  i: Pick<IndicatorVersion, 'type' | 'multiplier'>,
  d: Disclosure | null,
): number | null {
  const c = areaCounts(d, r.area_code, r.numerator, r.denominator);
  return derived(c, publishedResult(r, c, i).value);
}
