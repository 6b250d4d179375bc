/**
 * Builds each page's view (views.ts) from the release's stored rows (src/app/benchmarking). No
 * statistics here beyond redrawing funnel limits for the chosen area (the app's funnel functions);
 * everything else was computed by `recompute`.
 */
import type { Kysely } from 'kysely';
import {
  caseMixFunnelChart,
  organisationNames,
  peersNamedIn,
  practiceIndicatorSeries,
  resultsOfPractices,
} from '../../app/benchmarking/page-queries.ts';
import {
  type AreaRef,
  areaMatrix,
  funnelChart,
  indicatorAreaResults,
  practicePeers,
  practiceScorecard,
  practiceSpcSeries,
  releaseIndicatorList,
} from '../../app/benchmarking/queries.ts';
import { peerDisplayContext } from '../../app/releases/peer-review-groups.ts';
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import { peerDisplayName } from '../../domain/openness/peer-display-name.ts';
import type { PlotrGridRow } from '../../stats/index.ts';
import type { Database, Organisation, Release, Result } from '../../store/schema.ts';
import {
  adjustedComparison,
  type Basis,
  comparisonFor,
  crudeComparison,
  peerComparison,
} from './comparison.ts';
import { formatValue } from './format.ts';
import type {
  AdjustedView,
  EnglandRange,
  FunnelView,
  IndicatorPageView,
  IndicatorView,
  LimitRow,
  OrganisationView,
  OverviewView,
  PeersView,
  ReleaseView,
  ScorecardView,
  TrendArrow,
  TrendView,
} from './views.ts';

type Db = Kysely<Database>;

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

function englandRange(e: Result | null): EnglandRange | null {
  if (!e) return null;
  return {
    value: e.value,
    min: e.practice_min,
    q1: e.practice_q1,
    median: e.practice_median,
    q3: e.practice_q3,
    max: e.practice_max,
  };
}

function adjustedView(r: Result, i: IndicatorVersion): AdjustedView {
  return {
    ...adjustedComparison(r, i.polarity),
    expected: r.expected,
    ratio: r.oe_ratio,
    ratioLower95: r.oe_lower_95,
    ratioUpper95: r.oe_upper_95,
    ratioLower998: r.oe_lower_99_8,
    ratioUpper998: r.oe_upper_99_8,
  };
}

function trendArrow(
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

export async function loadScorecard(
  db: Db,
  release: Release,
  practice: Organisation,
  basis: Basis,
): Promise<ScorecardView> {
  const rows = await practiceScorecard(db, release.id, practice.code);
  return {
    release: releaseView(release),
    practice: organisationView(practice),
    basis,
    rows: rows.map((row) => {
      const r = row.result;
      return {
        indicator: indicatorView(row.indicator),
        period: r.period,
        value: r.value,
        lower95: r.lower_95,
        upper95: r.upper_95,
        lower998: r.lower_99_8,
        upper998: r.upper_99_8,
        numerator: r.numerator,
        denominator: r.denominator,
        england: englandRange(row.england),
        quintile: r.quintile,
        comparison: comparisonFor(r, row.indicator.polarity, basis),
        crude: crudeComparison(r),
        adjusted: adjustedView(r, row.indicator),
        flagBasis: r.flag_basis,
        why: r.why,
        trend: trendArrow(row.indicator, r.value, row.previousValue, row.previousPeriod),
        spc: row.spc
          ? {
              points: row.spc.n,
              shortSeries: row.spc.short_series,
              variation: row.spc.variation,
              assurance: row.spc.assurance,
              variationIcon: row.spc.variation_icon,
              assuranceIcon: row.spc.assurance_icon,
            }
          : null,
      };
    }),
  };
}

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

function limitRows(grid: readonly PlotrGridRow[], which: 'adjusted' | 'unadjusted', scale = 1): LimitRow[] {
  return thinned(grid).map((g) => ({
    x: g.x,
    lower95: g[which].lower95 * scale,
    upper95: g[which].upper95 * scale,
    lower998: g[which].lower99_8 * scale,
    upper998: g[which].upper99_8 * scale,
  }));
}

export async function loadIndicatorPage(
  db: Db,
  release: Release,
  indicatorCode: string,
  area: Organisation | 'england',
  period: string | undefined,
  selected: Organisation | null,
): Promise<IndicatorPageView | null> {
  const ref: AreaRef =
    area === 'england'
      ? { kind: 'country', code: ENGLAND_CODE }
      : { kind: area.kind as AreaRef['kind'], code: area.code };
  const data = await indicatorAreaResults(db, release.id, indicatorCode, ref, period);
  if (!data) return null;
  const i = data.indicator;
  const names = await organisationNames(
    db,
    data.practices.map((p) => p.area_code),
  );
  const crude = funnelChart(i, data.practices);
  const adjusted = caseMixFunnelChart(data.practices);
  const crudeFunnel: FunnelView | null = crude
    ? {
        basis: 'crude',
        target: i.type === 'proportion' ? crude.target : crude.target,
        overDispersed: crude.adjusted,
        phi: crude.phi,
        tau2: crude.tau2,
        limits: limitRows(crude.grid, 'unadjusted'),
        overDispersionLimits: limitRows(crude.grid, crude.adjusted ? 'adjusted' : 'unadjusted'),
        points: crude.points.map((p) => ({ code: p.practiceCode, x: p.x, y: p.value, flag: p.flag })),
      }
    : null;
  const adjustedFunnel: FunnelView | null = adjusted
    ? {
        basis: 'adjusted',
        target: 1,
        overDispersed: adjusted.adjusted,
        phi: adjusted.phi,
        tau2: adjusted.tau2,
        limits: limitRows(adjusted.grid, 'unadjusted'),
        overDispersionLimits: limitRows(adjusted.grid, adjusted.adjusted ? 'adjusted' : 'unadjusted'),
        points: adjusted.points.map((p) => ({
          code: p.practiceCode,
          x: p.expected,
          y: p.ratio,
          flag: p.flag,
        })),
      }
    : null;
  const casemix = await db
    .selectFrom('casemix_fit')
    .select('description')
    .where('release_id', '=', release.id)
    .where('indicator_id', '=', i.id)
    .where('period', '=', data.period)
    .executeTakeFirst();
  const practices = [...data.practices]
    .sort(
      (a, b) =>
        (b.value ?? Number.NEGATIVE_INFINITY) - (a.value ?? Number.NEGATIVE_INFINITY) ||
        a.area_code.localeCompare(b.area_code),
    )
    .map((r) => ({
      code: r.area_code,
      name: names.get(r.area_code) ?? r.area_code,
      value: r.value,
      lower95: r.lower_95,
      upper95: r.upper_95,
      lower998: r.lower_99_8,
      upper998: r.upper_99_8,
      numerator: r.numerator,
      denominator: r.denominator,
      crude: crudeComparison(r),
      adjusted: adjustedView(r, i),
      funnelFlag:
        ref.kind === 'sub_icb'
          ? r.funnel_flag_sub_icb
          : ref.kind === 'icb'
            ? r.funnel_flag_icb
            : r.funnel_flag,
      quintile: r.quintile,
    }));
  return {
    release: releaseView(release),
    indicator: indicatorView(i),
    period: data.period,
    periods: data.periods,
    area:
      area === 'england' ? { code: ENGLAND_CODE, name: 'England', kind: 'country' } : organisationView(area),
    selected: selected ? organisationView(selected) : null,
    england: englandRange(data.england),
    areaValue: data.area?.value ?? null,
    funnel: crudeFunnel,
    adjustedFunnel,
    casemixDescription: casemix?.description ?? null,
    practices,
  };
}

export async function loadOverview(
  db: Db,
  release: Release,
  area: Organisation,
  basis: Basis,
): Promise<OverviewView> {
  const matrix = await areaMatrix(db, release.id, { kind: area.kind as AreaRef['kind'], code: area.code });
  const names = await organisationNames(db, matrix.practices);
  return {
    release: releaseView(release),
    area: organisationView(area),
    basis,
    indicators: matrix.indicators.map((i) => ({ ...indicatorView(i), period: i.period })),
    practices: matrix.practices.map((code) => ({
      code,
      name: names.get(code) ?? code,
      cells: matrix.indicators.map((i) => {
        const r = matrix.cells.get(code)?.get(i.code);
        return {
          indicatorCode: i.code,
          value: r?.value ?? null,
          comparison: r
            ? comparisonFor(r, i.polarity, basis)
            : { key: 'not_compared', level: null, text: 'No value' },
        };
      }),
    })),
  };
}

export async function loadTrend(
  db: Db,
  release: Release,
  practice: Organisation,
  indicatorCode: string,
): Promise<TrendView | null> {
  const indicator = (await releaseIndicatorList(db, release.id)).find((i) => i.code === indicatorCode);
  if (!indicator) return null;
  const series = await practiceSpcSeries(db, release.id, practice.code, indicatorCode);
  const results = await practiceIndicatorSeries(db, release.id, practice.code, indicator.id);
  if (!series && results.length === 0) return null;
  const england = new Map(
    (
      await db
        .selectFrom('result')
        .select(['period', 'value'])
        .where('release_id', '=', release.id)
        .where('indicator_id', '=', indicator.id)
        .where('area_kind', '=', 'country')
        .where('area_code', '=', ENGLAND_CODE)
        .execute()
    ).map((r) => [r.period, r.value] as const),
  );
  const s = series?.summary;
  return {
    release: releaseView(release),
    practice: organisationView(practice),
    indicator: indicatorView(indicator),
    spc: s
      ? {
          points: s.n,
          shortSeries: s.short_series,
          variation: s.variation,
          assurance: s.assurance,
          variationIcon: s.variation_icon,
          assuranceIcon: s.assurance_icon,
          improvementDirection: s.improvement_direction,
          mean: s.mean,
          lowerLimit: s.lower_limit,
          upperLimit: s.upper_limit,
        }
      : null,
    points: (series?.points ?? []).map((p) => ({
      period: p.period,
      value: p.value,
      mean: p.mean,
      lowerLimit: p.lower_limit,
      upperLimit: p.upper_limit,
      specialCause: p.special_cause,
      pointType: p.point_type,
    })),
    results: results.map((r) => ({
      period: r.period,
      value: r.value,
      lower95: r.lower_95,
      upper95: r.upper_95,
      numerator: r.numerator,
      denominator: r.denominator,
      england: england.get(r.period) ?? null,
      crude: crudeComparison(r),
    })),
  };
}

export async function loadPeers(
  db: Db,
  release: Release,
  practice: Organisation,
  subIcbCode: string | null,
  /** The signed-in viewer's own practices: peers sharing a peer review group with one are named. */
  viewerPractices: readonly string[] = [],
): Promise<PeersView> {
  const group = await practicePeers(db, release.id, practice.code);
  const named = await peersNamedIn(db, subIcbCode);
  const peers = group?.peers ?? [];
  // Members of a shared peer review group see each other by name (src/domain/openness).
  const display = await peerDisplayContext(db, subIcbCode, [...viewerPractices, ...peers.map((p) => p.code)]);
  const indicators = await releaseIndicatorList(db, release.id);
  const results = await resultsOfPractices(db, release.id, [practice.code, ...peers.map((p) => p.code)]);
  const byKey = new Map(results.map((r) => [`${r.indicator_id}|${r.period}|${r.area_code}`, r]));
  const rows: PeersView['rows'] = [];
  for (const i of indicators) {
    const own = results
      .filter((r) => r.indicator_id === i.id && r.area_code === practice.code)
      .sort((a, b) => a.period.localeCompare(b.period))
      .at(-1);
    if (!own) continue;
    rows.push({
      indicator: indicatorView(i),
      period: own.period,
      value: own.value,
      peerGroupValue: own.peer_value,
      comparison: peerComparison(own),
      peerValues: peers.map((p) => byKey.get(`${i.id}|${own.period}|${p.code}`)?.value ?? null),
    });
  }
  return {
    release: releaseView(release),
    practice: organisationView(practice),
    named,
    explanation: group?.explanation ?? null,
    peers: peers.map((p) => {
      const shown = peerDisplayName({ practiceCodes: viewerPractices }, p, display);
      return { label: shown.label, code: shown.code, rank: p.rank, distance: p.distance };
    }),
    rows,
  };
}
