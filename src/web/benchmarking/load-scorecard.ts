/** A practice's scorecard: every indicator's latest result, its trend and its benchmark at one level. */
import type { DisclosureControl } from '../../app/benchmarking/disclosure.ts';
import { organisationNames, resultsOfAreas } from '../../app/benchmarking/page-queries.ts';
import { type PagesRelease, practiceScorecard } from '../../app/benchmarking/queries.ts';
import type { Db, Organisation, Release, Result } from '../../app/db.ts';
import { type PracticeSaving, practiceSavings } from '../../app/prescribing/views.ts';
import { SingleFlight } from '../../app/single-flight.ts';
import type { HeadlineBasis } from '../../domain/judgment/index.ts';
import {
  COMPARISON_LEVEL_LABEL,
  COMPARISON_LEVELS,
  type ComparisonLevel,
  crudeComparison,
  levelComparison,
} from './comparison.ts';
import { derived, practiceCounts, publishedResult } from './disclose.ts';
import { loadPeers } from './load-peers.ts';
import {
  adjustedView,
  disclosureView,
  englandRange,
  flagSourceOf,
  headlineView,
  indicatorView,
  organisationView,
  patternsFor,
  publishedValue,
  releaseView,
  spcBrief,
  trendArrow,
  verdictOf,
} from './view-parts.ts';
import { KeptViews, viewerViewKey } from './viewer-views.ts';
import type { BenchmarkView, ComparisonLevelView, PrescribingRowView, ScorecardView } from './views.ts';

/**
 * The shape of the scorecard views kept in memory: change it whenever ScorecardView or the way this file
 * makes it changes (a view made by older code is then made again).
 */
const SCORECARD_VIEW_SHAPE = 'scorecard-view 1';

/**
 * The scorecards made for the last 32 viewers' controls (viewer-views.ts): a practice manager going back
 * to her scorecard, or a commissioner moving between practices and back, is not answered by its ~16
 * queries again. Visitors share one control, so one kept scorecard a practice serves them all.
 */
const kept = new KeptViews<ScorecardView>(32);

/**
 * Requests for the same scorecard at once share its one making: from a fresh start, her 32 open
 * connections' first requests made it 32 times over (~16 queries each), in the way of every request
 * queued behind them.
 */
const making = new SingleFlight<string, ScorecardView>();

/** How many scorecard requests were given a kept view (tests). */
export function scorecardViewsServed(): number {
  return kept.served;
}

export async function loadScorecard(
  db: Db,
  release: PagesRelease,
  practice: Organisation,
  control: DisclosureControl | null = null,
  level: ComparisonLevel = 'england',
): Promise<ScorecardView> {
  // The prescribing rows' savings are not the release's: measures recomputed since (a new measure run)
  // make the scorecard again.
  const key = viewerViewKey(release, control, [
    'scorecard',
    practice.code,
    level,
    release.measuresVersion,
    SCORECARD_VIEW_SHAPE,
  ]);
  if (key === null) return makeScorecard(db, release, practice, control, level);
  return (
    kept.get(key) ??
    making.run(key, async () => kept.keep(key, await makeScorecard(db, release, practice, control, level)))
  );
}

/** The scorecard made from the release's rows for this viewer (no kept view read or written). */
export async function makeScorecard(
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
    rows: rows.map((row) => scorecardRow(row, practice, pattern, benchmarks, savings)),
  };
}

/** One indicator's row of the scorecard, its figures shown or withheld under disclosure control. */
function scorecardRow(
  row: Awaited<ReturnType<typeof practiceScorecard>>[number],
  practice: Organisation,
  pattern: Awaited<ReturnType<typeof patternsFor>>,
  benchmarks: Awaited<ReturnType<typeof scorecardBenchmarks>>,
  savings: Awaited<ReturnType<typeof practiceSavings>>,
): ScorecardView['rows'][number] {
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
