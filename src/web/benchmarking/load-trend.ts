/** A practice's trend on one indicator: its SPC chart and its results period by period. */
import type { DisclosureControl } from '../../app/benchmarking/disclosure.ts';
import { areaIndicatorResults, practiceIndicatorSeries } from '../../app/benchmarking/page-queries.ts';
import { practiceSpcSeries, releaseIndicatorList } from '../../app/benchmarking/queries.ts';
import type { Db, Organisation, Release } from '../../app/db.ts';
import { crudeComparison } from './comparison.ts';
import { derived, practiceCounts, publishedResult } from './disclose.ts';
import {
  disclosureView,
  ENGLAND_CODE,
  headlineSpcOf,
  headlineView,
  indicatorView,
  organisationView,
  patternsFor,
  publishedValue,
  releaseView,
  spcBrief,
} from './view-parts.ts';
import type { TrendView } from './views.ts';

export async function loadTrend(
  db: Db,
  release: Release,
  practice: Organisation,
  indicatorCode: string,
  control: DisclosureControl | null = null,
): Promise<TrendView | null> {
  // Stays long: the disclosure decisions for one series (its points, XmR mean and limits, rows) depend on each other, so they are made together here.
  const indicator = (await releaseIndicatorList(db, release.id)).find((i) => i.code === indicatorCode);
  if (!indicator) return null;
  const series = await practiceSpcSeries(db, release.id, practice.code, indicatorCode);
  const results = await practiceIndicatorSeries(db, release.id, practice.code, indicator.id);
  if (!series && results.length === 0) return null;
  const englandRows = await areaIndicatorResults(db, release.id, indicator.id, {
    kind: 'country',
    code: ENGLAND_CODE,
  });
  const periods = [
    ...new Set([...results.map((r) => r.period), ...(series?.points ?? []).map((p) => p.period)]),
  ];
  const pattern = await patternsFor(
    db,
    release,
    control,
    periods.map((period) => ({ indicatorId: indicator.id, period })),
  );
  const disclosureOf = (period: string) => (pattern ? pattern(indicator.id, period) : null);
  const england = new Map(
    englandRows.map((r) => [r.period, publishedValue(r, indicator, disclosureOf(r.period))] as const),
  );
  const counts = new Map(
    results.map((r) => [
      r.period,
      practiceCounts(disclosureOf(r.period), practice.code, r.numerator, r.denominator),
    ]),
  );
  const shownIn = (period: string) => counts.get(period)?.derivedShown ?? true;
  const publishedRows = new Map(
    results.map((r) => [r.period, publishedResult(r, counts.get(r.period)!, indicator)]),
  );
  // The mean and process limits are made from every point: with one point suppressed they would give
  // it back (mean × n − the others), so a visitor sees them only when every point is shown; under
  // control, the points are the published values and the XmR mean and limits are made from them.
  const wholeSeries = (series?.points ?? []).every((p) => shownIn(p.period));
  const controlled = results.some((r) => counts.get(r.period)?.controlled);
  const pointValue = (period: string, stored: number | null) =>
    controlled ? (publishedRows.get(period)?.value ?? null) : stored;
  const xmr = controlled ? xmrOf((series?.points ?? []).map((p) => pointValue(p.period, p.value))) : null;
  const s = series?.summary;
  return {
    release: releaseView(release),
    disclosure: disclosureView(control),
    practice: organisationView(practice),
    indicator: indicatorView(indicator),
    spc: s
      ? {
          ...spcBrief(s),
          improvementDirection: s.improvement_direction,
          mean: wholeSeries ? (xmr ? xmr.mean : s.mean) : null,
          lowerLimit: wholeSeries ? (xmr ? xmr.lower : s.lower_limit) : null,
          upperLimit: wholeSeries ? (xmr ? xmr.upper : s.upper_limit) : null,
        }
      : null,
    points: (series?.points ?? []).map((p) => {
      const shown = shownIn(p.period);
      return {
        period: p.period,
        value: shown ? pointValue(p.period, p.value) : null,
        mean: wholeSeries ? (xmr ? xmr.mean : p.mean) : null,
        lowerLimit: wholeSeries ? (xmr ? xmr.lower : p.lower_limit) : null,
        upperLimit: wholeSeries ? (xmr ? xmr.upper : p.upper_limit) : null,
        specialCause: shown ? p.special_cause : null,
        pointType: shown ? p.point_type : null,
      };
    }),
    specialCausePeriod:
      (series?.points ?? [])
        .filter((p) => shownIn(p.period) && p.special_cause !== null && p.special_cause !== 'Common Cause')
        .map((p) => p.period)
        .at(-1) ?? null,
    headlineSpc: s ? headlineSpcOf(s) : null,
    results: results.map((r) => {
      const c = counts.get(r.period)!;
      const p = publishedRows.get(r.period)!;
      const show = <T>(v: T): T | null => derived(c, v);
      return {
        period: r.period,
        value: show(p.value),
        lower95: show(p.lower_95),
        upper95: show(p.upper_95),
        numerator: c.numerator,
        denominator: c.denominator,
        suppressed: c.suppressed,
        england: england.get(r.period) ?? null,
        flag: headlineView(r, indicator, c),
        crude: crudeComparison(r),
      };
    }),
  };
}

/**
 * The XmR chart's centre line and process limits (mean ± 2.66 × the mean moving range) of the values
 * as published: what a controlled trend draws instead of the stored limits of the true values.
 */
function xmrOf(values: readonly (number | null)[]): { mean: number; lower: number; upper: number } | null {
  const v = values.filter((x): x is number => x !== null);
  if (v.length < 2) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  let ranges = 0;
  for (let k = 1; k < v.length; k++) ranges += Math.abs(v[k]! - v[k - 1]!);
  const mr = ranges / (v.length - 1);
  return { mean, lower: mean - 2.66 * mr, upper: mean + 2.66 * mr };
}
