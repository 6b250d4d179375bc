/**
 * Builds each page's view (views.ts) from the release's stored rows (src/app/benchmarking). No
 * statistics here beyond redrawing funnel limits for the chosen area (the app's funnel functions);
 * everything else was computed by `recompute`.
 */
import type { Kysely } from 'kysely';
import {
  type Disclosure,
  type DisclosureControl,
  disclosurePatterns,
} from '../../app/benchmarking/disclosure.ts';
import {
  organisationNames,
  peersNamedIn,
  practiceIndicatorSeries,
  resultsOfAreas,
  resultsOfPractices,
} from '../../app/benchmarking/page-queries.ts';
import {
  type AreaRef,
  areaMatrix,
  funnelChart,
  indicatorAreaResults,
  judgmentFits,
  practicePeers,
  practiceScorecard,
  practiceSpcSeries,
  releaseIndicatorList,
} from '../../app/benchmarking/queries.ts';
import { type PracticeSaving, practiceSavings } from '../../app/prescribing/views.ts';
import { peerDisplayContext } from '../../app/releases/peer-review-groups.ts';
import { describeRule } from '../../domain/disclosure/index.ts';
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import { type HeadlineBasis, isFlagged } from '../../domain/judgment/index.ts';
import { peerDisplayName } from '../../domain/openness/peer-display-name.ts';
import type {
  Database,
  JudgmentFit,
  Organisation,
  Release,
  Result,
  SpcSummaryRow,
} from '../../store/schema.ts';
import {
  adjustedComparison,
  COMPARISON_LEVEL_LABEL,
  COMPARISON_LEVELS,
  type ComparisonLevel,
  type ComparisonView,
  crudeComparison,
  type HeadlineView,
  headlineComparison,
  levelComparison,
  peerComparison,
  withoutNumbers,
} from './comparison.ts';
import { areaCounts, derived, practiceCounts, publishedResult, type ShownCounts } from './disclose.ts';
import { formatValue } from './format.ts';
import { funnelView } from './funnel-view.ts';
import type {
  AdjustedView,
  BenchmarkView,
  CalibrationFit,
  CalibrationView,
  ComparisonLevelView,
  DisclosureView,
  EnglandRange,
  FlagSource,
  FunnelView,
  HeadlineSpcView,
  IndicatorPageView,
  IndicatorView,
  OrganisationView,
  OverviewView,
  PeersView,
  PrescribingRowView,
  ReleaseView,
  ScorecardView,
  SpcBrief,
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

/**
 * England's value and the spread of its practices. Under disclosure control the lowest and highest
 * are left out (each is one practice's value, perhaps one whose count is suppressed), and England's
 * value is shown only when its own totals are.
 */
function englandRange(
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
function adjustedView(r: Result, p: Result, i: IndicatorVersion, counts: ShownCounts): AdjustedView {
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
function headlineView(r: Result, i: IndicatorVersion, counts: ShownCounts | null = null): HeadlineView {
  const h = headlineComparison(r, i.polarity);
  return counts?.controlled ? withoutNumbers(h) : h;
}

/** The verdict alone, as the coloured comparison of a row. */
function verdictOf(h: HeadlineView): ComparisonView {
  return { key: h.key, level: h.level, text: h.text };
}

/**
 * The flag of a practice's result a concern could be raised from: its headline judgment (the crude
 * comparison with England is context, never a flag to act on).
 */
export function flagSourceOf(r: Result): FlagSource | null {
  return isFlagged(r.headline_flag) ? 'funnel_outlier' : null;
}

function headlineSpcOf(s: SpcSummaryRow): HeadlineSpcView | null {
  if (s.headline_adjustment === null) return null;
  return {
    signal: s.headline_signal,
    period: s.headline_period,
    pointType: s.headline_point_type,
    adjustment: s.headline_adjustment,
  };
}

function spcBrief(s: SpcSummaryRow): SpcBrief {
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
function disclosureView(control: DisclosureControl | null): DisclosureView | null {
  return control ? { rule: describeRule(control.rule) } : null;
}

/** The patterns a loader needs, with the viewer's open organisations; null without control. */
async function patternsFor(
  db: Db,
  release: Release,
  control: DisclosureControl | null,
  wanted: readonly { indicatorId: number; period: string }[],
): Promise<((indicatorId: number, period: string) => Disclosure) | null> {
  return control
    ? disclosurePatterns(db, release, control.rule, wanted, control.open, control.withhold ?? false)
    : null;
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

/**
 * `control`: publish under disclosure control every row whose organisation the viewer may not see in
 * full (src/web/benchmarking/disclose.ts); null only for a viewer who may see all of them. The same
 * in every loader below.
 */
export async function loadScorecard(
  db: Db,
  release: Release,
  practice: Organisation,
  control: DisclosureControl | null = null,
  level: ComparisonLevel = 'england',
): Promise<ScorecardView> {
  const rows = await practiceScorecard(db, release, practice.code);
  const levels = await scorecardLevels(db, rows.at(-1)?.result ?? null);
  const compare = levels.find((l) => l.level === level) ?? levels[0]!;
  const benchmarks = await scorecardBenchmarks(db, release, practice, rows, compare, control);
  const pattern = await patternsFor(
    db,
    release,
    control,
    rows.flatMap((row) => [
      { indicatorId: row.indicator.id, period: row.result.period },
      ...(row.previous ? [{ indicatorId: row.indicator.id, period: row.previous.period }] : []),
    ]),
  );
  // Prescribing measures (RX-<measure id>): the practice's saving in the row's month.
  const savings = await practiceSavings(
    { db },
    practice.code,
    rows.flatMap((row) =>
      row.indicator.code.startsWith(RX_PREFIX)
        ? [{ measureId: row.indicator.code.slice(RX_PREFIX.length), month: row.result.period }]
        : [],
    ),
  );
  return {
    release: releaseView(release),
    disclosure: disclosureView(control),
    practice: organisationView(practice),
    compare,
    levels,
    rows: rows.map((row) => {
      const r = row.result;
      const d = pattern ? pattern(row.indicator.id, r.period) : null;
      const counts = practiceCounts(d, practice.code, r.numerator, r.denominator);
      const p = publishedResult(r, counts, row.indicator);
      const show = <T>(v: T): T | null => derived(counts, v);
      const previous = row.previous;
      const previousCounts =
        pattern && previous
          ? practiceCounts(
              pattern(row.indicator.id, previous.period),
              practice.code,
              previous.numerator,
              previous.denominator,
            )
          : null;
      const previousShown = !previousCounts || previousCounts.derivedShown;
      const previousValue =
        previous && previousCounts
          ? publishedResult(previous, previousCounts, row.indicator).value
          : row.previousValue;
      const flag = headlineView(r, row.indicator, counts);
      return {
        indicator: indicatorView(row.indicator),
        period: r.period,
        value: show(p.value),
        lower95: show(p.lower_95),
        upper95: show(p.upper_95),
        lower998: show(p.lower_99_8),
        upper998: show(p.upper_99_8),
        numerator: counts.numerator,
        denominator: counts.denominator,
        suppressed: counts.suppressed,
        england: englandRange(row.england, row.indicator, d),
        quintile: show(r.quintile),
        decile: show(r.decile),
        benchmark: benchmarks(row),
        comparison: verdictOf(flag),
        flag,
        crude: crudeComparison(r),
        adjusted: adjustedView(r, p, row.indicator, counts),
        flagBasis: (r.headline_basis ?? null) as HeadlineBasis | null,
        why: r.why,
        trend:
          counts.derivedShown && previousShown
            ? trendArrow(row.indicator, p.value, previousValue, row.previousPeriod)
            : {
                previousPeriod: row.previousPeriod,
                previousValue: null,
                direction: null,
                text: 'Not compared with the period before: a figure is suppressed',
              },
        spc: row.spc ? spcBrief(row.spc) : null,
        flagSource: flagSourceOf(r),
        prescribing: prescribingView(
          savings.get(`${row.indicator.code.slice(RX_PREFIX.length)}|${r.period}`),
          row.indicator.polarity,
          show,
        ),
      };
    }),
  };
}

const RX_PREFIX = 'RX-';

/** A prescribing row's saving; withheld (null) with the practice's counts under disclosure control. */
function prescribingView(
  s: PracticeSaving | undefined,
  polarity: string,
  show: <T>(v: T) => T | null,
): PrescribingRowView | null {
  if (!s) return null;
  return {
    measureId: s.measureId,
    month: s.month,
    saving: polarity === 'lower_is_better' ? show(s.saving) : null,
    synthetic: s.synthetic,
  };
}

/**
 * The levels a scorecard can compare with: England, the ICB, sub-ICB location and PCN the practice
 * belonged to in its latest period (the result row's parents), and its peer group.
 */
async function scorecardLevels(db: Db, latest: Result | null): Promise<ComparisonLevelView[]> {
  const codes = { icb: latest?.icb_code, sub_icb: latest?.sub_icb_code, pcn: latest?.pcn_code };
  const names = await organisationNames(
    db,
    Object.values(codes).filter((c): c is string => !!c),
  );
  return COMPARISON_LEVELS.flatMap((level): ComparisonLevelView[] => {
    if (level === 'england' || level === 'peers') {
      return [{ level, label: COMPARISON_LEVEL_LABEL[level], area: null }];
    }
    const code = codes[level];
    if (!code) return [];
    const name = names.get(code) ?? code;
    return [
      {
        level,
        label: `${COMPARISON_LEVEL_LABEL[level]}: ${name}`,
        area: { code, name, kind: level },
      },
    ];
  });
}

/**
 * Each scorecard row's benchmark at the chosen level. An area's value is published as the indicator
 * page publishes it (from its published totals under disclosure control); the peer group's pooled
 * value comes from the peers page's own loader, so it is withheld exactly where that page withholds it.
 */
async function scorecardBenchmarks(
  db: Db,
  release: Release,
  practice: Organisation,
  rows: Awaited<ReturnType<typeof practiceScorecard>>,
  compare: ComparisonLevelView,
  control: DisclosureControl | null,
): Promise<(row: Awaited<ReturnType<typeof practiceScorecard>>[number]) => BenchmarkView> {
  const against = {
    england: 'England',
    icb: 'its ICB',
    sub_icb: 'its sub-ICB location',
    pcn: 'its PCN',
    peers: 'its peers',
  }[compare.level];
  if (compare.level === 'peers') {
    const peers = await loadPeers(
      db,
      release,
      practice,
      rows.at(-1)?.result.sub_icb_code ?? null,
      [],
      control,
    );
    const byCode = new Map(peers.rows.map((r) => [`${r.indicator.code}|${r.period}`, r]));
    return (row) => {
      const p = byCode.get(`${row.indicator.code}|${row.result.period}`);
      return {
        value: p?.peerGroupValue ?? null,
        suppressed: p?.suppressed.peerGroupValue ?? false,
        comparison: levelComparison(row.result, 'peers', against),
      };
    };
  }
  if (compare.level === 'england') {
    const pattern = await patternsFor(
      db,
      release,
      control,
      rows.map((row) => ({ indicatorId: row.indicator.id, period: row.result.period })),
    );
    return (row) => {
      const d = pattern ? pattern(row.indicator.id, row.result.period) : null;
      const value = row.england ? publishedValue(row.england, row.indicator, d) : null;
      return {
        value,
        suppressed: row.england !== null && row.england.value !== null && value === null,
        comparison: levelComparison(row.result, 'england', against),
      };
    };
  }
  const column = { icb: 'icb_code', sub_icb: 'sub_icb_code', pcn: 'pcn_code' } as const;
  const level = compare.level;
  const areaRows = await resultsOfAreas(db, release.id, [
    ...new Set(rows.map((r) => r.result[column[level]]).filter((c): c is string => !!c)),
  ]);
  const byKey = new Map(areaRows.map((a) => [`${a.indicator_id}|${a.period}|${a.area_code}`, a]));
  const pattern = await patternsFor(
    db,
    release,
    control,
    rows.map((row) => ({ indicatorId: row.indicator.id, period: row.result.period })),
  );
  return (row) => {
    const code = row.result[column[level]];
    const area = code ? byKey.get(`${row.indicator.id}|${row.result.period}|${code}`) : undefined;
    const d = pattern ? pattern(row.indicator.id, row.result.period) : null;
    const value = area ? publishedValue(area, row.indicator, d) : null;
    return {
      value,
      suppressed: area !== undefined && area.value !== null && value === null,
      comparison: levelComparison(row.result, level, against),
    };
  };
}

export async function loadIndicatorPage(
  db: Db,
  release: Release,
  indicatorCode: string,
  area: Organisation | 'england',
  period: string | undefined,
  selected: Organisation | null,
  control: DisclosureControl | null = null,
): Promise<IndicatorPageView | null> {
  const ref: AreaRef =
    area === 'england'
      ? { kind: 'country', code: ENGLAND_CODE }
      : { kind: area.kind as AreaRef['kind'], code: area.code };
  const data = await indicatorAreaResults(db, release.id, indicatorCode, ref, period);
  if (!data) return null;
  const i = data.indicator;
  const d =
    (await patternsFor(db, release, control, [{ indicatorId: i.id, period: data.period }]))?.(
      i.id,
      data.period,
    ) ?? null;
  const counts = new Map(
    data.practices.map((r) => [r.area_code, practiceCounts(d, r.area_code, r.numerator, r.denominator)]),
  );
  // Every row as published to this viewer: controlled rows carry their published counts and figures
  // made from them (disclose.ts), so the funnels below plot nothing finer than the counts shown.
  const published = new Map(
    data.practices.map((r) => [r.area_code, publishedResult(r, counts.get(r.area_code)!, i)]),
  );
  // A visitor's funnels are drawn from the practices whose figures are published: limits, φ and τ²
  // made with a suppressed practice in them could give its count back.
  const drawn = data.practices
    .filter((r) => counts.get(r.area_code)!.derivedShown)
    .map((r) => published.get(r.area_code)!);
  const names = await organisationNames(
    db,
    data.practices.map((p) => p.area_code),
  );
  const crude = funnelChart(i, drawn);
  const adjusted = funnelChart(i, drawn, 'adjusted');
  const fits = await judgmentFits(db, release.id, i.id, data.period);
  const casemix = await db
    .selectFrom('casemix_fit')
    .select('description')
    .where('release_id', '=', release.id)
    .where('indicator_id', '=', i.id)
    .where('period', '=', data.period)
    .executeTakeFirst();
  // Ranked by the published value (a rank by the true one would order rows the counts cannot).
  const rankValue = (r: Result) => published.get(r.area_code)!.value ?? Number.NEGATIVE_INFINITY;
  const practices = [...data.practices]
    .sort((a, b) => rankValue(b) - rankValue(a) || a.area_code.localeCompare(b.area_code))
    .map((r) => {
      const c = counts.get(r.area_code)!;
      const p = published.get(r.area_code)!;
      const show = <T>(v: T): T | null => derived(c, v);
      return {
        code: r.area_code,
        name: names.get(r.area_code) ?? r.area_code,
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
          ref.kind === 'sub_icb'
            ? r.funnel_flag_sub_icb
            : ref.kind === 'icb'
              ? r.funnel_flag_icb
              : r.funnel_flag,
        quintile: show(r.quintile),
        flagSource: flagSourceOf(r),
      };
    })
    // Suppressed values go last, like missing ones (a stable sort keeps the rest ranked).
    .sort((a, b) => Number(a.value === null) - Number(b.value === null));
  const areaRow = data.area;
  return {
    release: releaseView(release),
    disclosure: disclosureView(control),
    suppressedPractices: data.practices.length - drawn.length,
    indicator: indicatorView(i),
    period: data.period,
    periods: data.periods,
    area:
      area === 'england' ? { code: ENGLAND_CODE, name: 'England', kind: 'country' } : organisationView(area),
    selected: selected ? organisationView(selected) : null,
    england: englandRange(data.england, i, d),
    areaValue: areaRow ? publishedValue(areaRow, i, d) : null,
    funnel: crude ? funnelView(crude, 'crude') : null,
    adjustedFunnel: adjusted ? funnelView(adjusted, 'adjusted') : null,
    headlineFunnel: headlineFunnel(drawn, fits),
    calibration: calibrationView(fits, data.practices),
    casemixDescription: casemix?.description ?? null,
    practices,
  };
}

/** An area's value as published to this viewer (from its published totals when controlled). */
function publishedValue(
  r: Result,
  i: Pick<IndicatorVersion, 'type' | 'multiplier'>,
  d: Disclosure | null,
): number | null {
  const c = areaCounts(d, r.area_code, r.numerator, r.denominator);
  return derived(c, publishedResult(r, c, i).value);
}

const Z95 = 1.959963984540054;
const Z998 = 3.090232306167813;

/**
 * The headline judgment drawn as a funnel of z-scores: each practice's z against the count it was
 * judged against (log-spaced x), with the flat limits ±1.96 (95%) and ±3.09 (99.8%) that its flag was
 * decided by (the z-scores come from each practice's own predictive tail, so the lines are exact).
 */
function headlineFunnel(rows: readonly Result[], fits: readonly { tau2: number }[]): FunnelView | null {
  const points = rows.filter(
    (r) => r.headline_z !== null && r.headline_expected !== null && r.headline_expected > 0,
  );
  if (points.length === 0) return null;
  const xs = points.map((r) => r.headline_expected!);
  const limit = (x: number) => ({ x, lower95: -Z95, upper95: Z95, lower998: -Z998, upper998: Z998 });
  const limits = [limit(Math.min(...xs) / 2), limit(Math.max(...xs) * 2)];
  return {
    basis: 'headline',
    target: 0,
    overDispersed: false,
    phi: null,
    tau2: fits[0]?.tau2 ?? null,
    limits,
    overDispersionLimits: limits,
    points: points.map((r) => ({
      code: r.area_code,
      x: r.headline_expected!,
      y: r.headline_z!,
      flag: r.headline_flag ?? 'none',
    })),
  };
}

const CRUDE_SIMILAR = new Set(['similar', 'not_compared']);

function calibrationView(fits: readonly JudgmentFit[], shown: readonly Result[]): CalibrationView | null {
  if (fits.length === 0) return null;
  const judged = shown.filter((r) => r.headline_flag !== null);
  return {
    fits: fits.map(
      (f): CalibrationFit => ({
        basis: f.basis,
        practices: f.n,
        verdicts: f.headline,
        tau2: f.tau2,
        centre: f.centre,
        high95: f.high_95,
        low95: f.low_95,
        high998: f.high_99_8,
        low998: f.low_99_8,
        chance95: f.n * 0.05,
        chance998: f.n * 0.002,
        zRms: f.z_rms,
        zSpread: f.z_spread,
        description: f.description,
      }),
    ),
    shown: {
      practices: judged.length,
      flagged95: judged.filter((r) => isFlagged(r.headline_flag)).length,
      flagged998: judged.filter((r) => r.headline_flag === 'high_99_8' || r.headline_flag === 'low_99_8')
        .length,
      chance95: judged.length * 0.05,
      chance998: judged.length * 0.002,
      crudeFlagged95: shown.filter((r) => r.cmp_england !== null && !CRUDE_SIMILAR.has(r.cmp_england)).length,
    },
  };
}

export async function loadOverview(
  db: Db,
  release: Release,
  area: Organisation,
  control: DisclosureControl | null = null,
): Promise<OverviewView> {
  const matrix = await areaMatrix(db, release, { kind: area.kind as AreaRef['kind'], code: area.code });
  const names = await organisationNames(db, matrix.practices);
  const pattern = await patternsFor(
    db,
    release,
    control,
    matrix.indicators.map((i) => ({ indicatorId: i.id, period: i.period })),
  );
  return {
    release: releaseView(release),
    disclosure: disclosureView(control),
    area: organisationView(area),
    indicators: matrix.indicators.map((i) => ({ ...indicatorView(i), period: i.period })),
    asOfDate: matrix.asOf?.date ?? null,
    practices: matrix.practices.map((code) => ({
      code,
      name: names.get(code) ?? code,
      cells: matrix.indicators.map((i) => {
        const r = matrix.cells.get(code)?.get(i.code);
        const c = r
          ? practiceCounts(pattern ? pattern(i.id, i.period) : null, code, r.numerator, r.denominator)
          : null;
        const flag: HeadlineView = r
          ? headlineView(r, i, c)
          : {
              key: 'not_compared',
              level: null,
              text: 'No value',
              flag: null,
              basis: null,
              z: null,
              expected: null,
              ratio: null,
            };
        return {
          indicatorCode: i.code,
          value: r && c ? derived(c, publishedResult(r, c, i).value) : null,
          suppressed: c !== null && !c.derivedShown,
          comparison: verdictOf(flag),
          flag,
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
  control: DisclosureControl | null = null,
): Promise<TrendView | null> {
  const indicator = (await releaseIndicatorList(db, release.id)).find((i) => i.code === indicatorCode);
  if (!indicator) return null;
  const series = await practiceSpcSeries(db, release.id, practice.code, indicatorCode);
  const results = await practiceIndicatorSeries(db, release.id, practice.code, indicator.id);
  if (!series && results.length === 0) return null;
  const englandRows = await db
    .selectFrom('result')
    .selectAll()
    .where('release_id', '=', release.id)
    .where('indicator_id', '=', indicator.id)
    .where('area_kind', '=', 'country')
    .where('area_code', '=', ENGLAND_CODE)
    .execute();
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

export async function loadPeers(
  db: Db,
  release: Release,
  practice: Organisation,
  subIcbCode: string | null,
  /** The signed-in viewer's own practices: peers sharing a peer review group with one are named. */
  viewerPractices: readonly string[] = [],
  control: DisclosureControl | null = null,
  /** The viewer may see every peer by name (policy: view_peer_names on the practice's sub-ICB). */
  entitledToNames = false,
): Promise<PeersView> {
  const group = await practicePeers(db, release.id, practice.code);
  const named = await peersNamedIn(db, subIcbCode);
  const peers = group?.peers ?? [];
  // Members of a shared peer review group see each other by name (src/domain/openness).
  const display = await peerDisplayContext(db, subIcbCode, [...viewerPractices, ...peers.map((p) => p.code)]);
  const indicators = await releaseIndicatorList(db, release.id);
  const results = await resultsOfPractices(db, release, [practice.code, ...peers.map((p) => p.code)]);
  const byKey = new Map(results.map((r) => [`${r.indicator_id}|${r.period}|${r.area_code}`, r]));
  const latest = indicators.flatMap((i) => {
    const own = results
      .filter((r) => r.indicator_id === i.id && r.area_code === practice.code)
      .sort((a, b) => a.period.localeCompare(b.period))
      .at(-1);
    return own ? [{ indicator: i, own }] : [];
  });
  const pattern = await patternsFor(
    db,
    release,
    control,
    latest.map((l) => ({ indicatorId: l.indicator.id, period: l.own.period })),
  );
  const rows: PeersView['rows'] = latest.map(({ indicator: i, own }) => {
    const d = pattern ? pattern(i.id, own.period) : null;
    const countsOf = (r: Result) => practiceCounts(d, r.area_code, r.numerator, r.denominator);
    const shownOf = (r: Result | undefined): boolean => !r || countsOf(r).derivedShown;
    const peerValue = (r: Result | undefined): number | null =>
      r ? publishedResult(r, countsOf(r), i).value : null;
    const ownPublished = publishedResult(own, countsOf(own), i);
    const peerRows = peers.map((p) => byKey.get(`${i.id}|${own.period}|${p.code}`));
    const peerShown = peerRows.map(shownOf);
    const ownShown = shownOf(own);
    // The peer group's pooled value is their total: with a peer's figure suppressed, it would give that
    // figure back from the others (shown here and on the indicator page).
    const poolShown = peerShown.every(Boolean);
    return {
      indicator: indicatorView(i),
      period: own.period,
      value: ownShown ? ownPublished.value : null,
      peerGroupValue: poolShown ? ownPublished.peer_value : null,
      comparison: peerComparison(own),
      flag: headlineView(own, i, practiceCounts(d, own.area_code, own.numerator, own.denominator)),
      peerValues: peerRows.map((r, k) => (peerShown[k] ? peerValue(r) : null)),
      suppressed: {
        value: !ownShown,
        peerGroupValue: !poolShown,
        peers: peerShown.map((s) => !s),
      },
    };
  });
  return {
    release: releaseView(release),
    disclosure: disclosureView(control),
    practice: organisationView(practice),
    named,
    explanation: group?.explanation ?? null,
    peers: peers.map((p) => {
      const shown = peerDisplayName({ practiceCodes: viewerPractices, entitledToNames }, p, display);
      return { label: shown.label, code: shown.code, rank: p.rank, distance: p.distance };
    }),
    rows,
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
