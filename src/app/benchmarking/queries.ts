// What the benchmarking pages read: a release, a practice's scorecard, an indicator's results in an
// area (funnel, caterpillar, table), an area's practices × indicators matrix, a practice's SPC series
// and its peers. Everything heavy was computed at recompute time; these are lookups on the release's
// rows (result_area / result_sub_icb / result_icb / result_pcn indexes). The one piece of statistics
// the pages do, redrawing an area's funnel, is funnel-chart.ts.
import type { Kysely } from 'kysely';
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import { periodEndDate } from '../../domain/indicators/periods.ts';
import { PREPARED } from '../../store/prepared-statements.ts';
import type {
  Database,
  FunnelFit,
  JudgmentFit,
  Release,
  Result,
  SpcPointRow,
  SpcSummaryRow,
} from '../../store/schema.ts';
import { ENGLAND } from '../compute/hierarchy.ts';
import { compareText, toVersion } from '../indicators/catalogue.ts';
import { loadPracticesAsOf } from '../population/practices-as-of.ts';
import { measuresFingerprint, measuresVersionOf } from '../prescribing/views.ts';
import { practiceResults } from './page-queries.ts';
import { latestImportBatch, organisationsVersionOf } from './page-views.ts';
import { publishedRows, type ReleaseRef } from './published-rows.ts';

type Db = Kysely<Database>;

export type AreaLevel = 'pcn' | 'sub_icb' | 'icb' | 'region' | 'country';

export interface AreaRef {
  kind: AreaLevel;
  code: string;
}

/**
 * A release as the pages read it: with the versions of what else their kept views are made from (the
 * organisations as last imported, the prescribing measures as last run), read in the same query. A
 * signed-in request's round trips to the database are its largest cost under load (docs/decisions.md,
 * "A signed-in request's round trips to the database").
 */
export interface PagesRelease extends Release {
  readonly organisationsVersion: string;
  readonly measuresVersion: string;
}

/** The latest published release, or the one named (published or draft); null when there is none. */
export async function findReleaseForPages(db: Db, name?: string): Promise<PagesRelease | null> {
  let query = db
    .selectFrom('release')
    .modifyFront(PREPARED)
    .selectAll()
    .select([
      latestImportBatch().as('latest_import_batch'),
      measuresFingerprint().as('measures_fingerprint'),
    ]);
  query =
    name === undefined
      ? query.where('status', '=', 'published').orderBy('id', 'desc').limit(1)
      : query.where('name', '=', name);
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const { latest_import_batch, measures_fingerprint, ...release } = row;
  return {
    ...release,
    organisationsVersion: organisationsVersionOf(latest_import_batch),
    measuresVersion: measuresVersionOf(measures_fingerprint),
  };
}

/** A release by its id (a concern or a plan names the release it was raised on); null when gone. */
export async function findReleaseById(db: Db, id: number): Promise<Release | null> {
  return (await db.selectFrom('release').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** Every release, newest first (for "show an earlier release"). */
export async function listReleases(db: Db): Promise<Release[]> {
  return db.selectFrom('release').selectAll().orderBy('id', 'desc').execute();
}

/** The indicator versions a release used, in code order. */
export async function releaseIndicatorList(db: Db, releaseId: number): Promise<IndicatorVersion[]> {
  const rows = await db
    .selectFrom('indicator')
    .innerJoin('release_indicator', 'release_indicator.indicator_id', 'indicator.id')
    .selectAll('indicator')
    .where('release_indicator.release_id', '=', releaseId)
    .execute();
  return rows.map(toVersion).sort((a, b) => compareText(a.code, b.code));
}

export interface ScorecardRow {
  indicator: IndicatorVersion;
  /** The practice's result in the latest period it has (or the period asked for). */
  result: Result;
  /** England's row for the same period: its value is the benchmark; practice_* give the spine's range. */
  england: Result | null;
  /** The practice's value in the period before, for the trend arrow; null when there is none. */
  previousValue: number | null;
  previousPeriod: string | null;
  /** The practice's result in the period before (its counts decide whether a visitor sees the trend). */
  previous: Result | null;
  /** The practice's SPC summary for this indicator, when its series was long enough to chart. */
  spc: SpcSummaryRow | null;
}

/** One row per indicator that has a result for the practice. */
export async function practiceScorecard(
  db: Db,
  release: ReleaseRef,
  practiceCode: string,
  options: { period?: string } = {},
): Promise<ScorecardRow[]> {
  const releaseId = release.id;
  const indicators = await releaseIndicatorList(db, releaseId);
  const results = await practiceResults(db, release, practiceCode);
  const spc = await publishedRows.rows(release, `spc ${practiceCode}`, () =>
    db
      .selectFrom('spc_summary')
      .selectAll()
      .where('release_id', '=', releaseId)
      .where('practice_code', '=', practiceCode)
      .execute(),
  );
  // England's rows of every indicator and period in one query (a few hundred rows).
  const englandRows = await publishedRows.rows(release, 'england', () =>
    db
      .selectFrom('result')
      .selectAll()
      .where('release_id', '=', releaseId)
      .where('area_kind', '=', 'country')
      .where('area_code', '=', ENGLAND)
      .execute(),
  );
  const rows: ScorecardRow[] = [];
  for (const indicator of indicators) {
    const own = results
      .filter((r) => r.indicator_id === indicator.id)
      .sort((a, b) => compareText(a.period, b.period));
    const index =
      options.period === undefined ? own.length - 1 : own.findIndex((r) => r.period === options.period);
    const result = own[index];
    if (!result) continue;
    const england = englandRows.find((e) => e.indicator_id === indicator.id && e.period === result.period);
    const previous = index > 0 ? own[index - 1]! : null;
    rows.push({
      indicator,
      result,
      england: england ?? null,
      previousValue: previous?.value ?? null,
      previousPeriod: previous?.period ?? null,
      previous,
      spc: spc.find((s) => s.indicator_id === indicator.id) ?? null,
    });
  }
  return rows;
}

export interface IndicatorAreaResults {
  indicator: IndicatorVersion;
  period: string;
  /** Periods this indicator has, oldest first (for a period picker). */
  periods: string[];
  /** The area's own row (null for England when asked as country, which is `england`). */
  area: Result | null;
  england: Result | null;
  /** The area's practices, ordered by value (lowest first, missing last): the caterpillar order. */
  practices: Result[];
  /** Funnel fits for the area (crude; and for England also adjusted). */
  fits: FunnelFit[];
}

/** An indicator's results for the practices of an area in a period (default: the latest period). */
export async function indicatorAreaResults(
  db: Db,
  releaseId: number,
  indicatorCode: string,
  area: AreaRef,
  period?: string,
): Promise<IndicatorAreaResults | null> {
  const indicator = (await releaseIndicatorList(db, releaseId)).find((i) => i.code === indicatorCode);
  if (!indicator) return null;
  const periods = (
    await db
      .selectFrom('result')
      .select('period')
      .distinct()
      .where('release_id', '=', releaseId)
      .where('indicator_id', '=', indicator.id)
      .where('area_kind', '=', 'country')
      .execute()
  )
    .map((r) => r.period)
    .sort(compareText);
  const chosen = period ?? periods.at(-1);
  if (chosen === undefined || !periods.includes(chosen)) return null;
  const base = db
    .selectFrom('result')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('indicator_id', '=', indicator.id)
    .where('period', '=', chosen);
  let practiceQuery = base.where('area_kind', '=', 'practice');
  if (area.kind !== 'country') practiceQuery = practiceQuery.where(`${area.kind}_code`, '=', area.code);
  const practices = (await practiceQuery.execute()).sort(
    (a, b) =>
      (a.value ?? Number.POSITIVE_INFINITY) - (b.value ?? Number.POSITIVE_INFINITY) ||
      compareText(a.area_code, b.area_code),
  );
  const areaRow = await base
    .where('area_kind', '=', area.kind)
    .where('area_code', '=', area.code)
    .executeTakeFirst();
  const england = await base
    .where('area_kind', '=', 'country')
    .where('area_code', '=', ENGLAND)
    .executeTakeFirst();
  const fits = await db
    .selectFrom('funnel_fit')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('indicator_id', '=', indicator.id)
    .where('period', '=', chosen)
    .where((eb) =>
      eb.or([
        eb.and([eb('level', '=', area.kind), eb('parent_code', '=', area.code)]),
        eb.and([eb('level', '=', 'country'), eb('parent_code', '=', ENGLAND)]),
      ]),
    )
    .orderBy('level')
    .orderBy('basis')
    .execute();
  return {
    indicator,
    period: chosen,
    periods,
    area: areaRow ?? null,
    england: england ?? null,
    practices,
    fits,
  };
}

/**
 * The results of the practices `codes` for an indicator and period of a release (the rows a signed-in
 * viewer's control opens, in no particular order).
 */
export async function practicesIndicatorResults(
  db: Db,
  releaseId: number,
  indicatorId: number,
  period: string,
  codes: readonly string[],
): Promise<Result[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom('result')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('indicator_id', '=', indicatorId)
    .where('period', '=', period)
    .where('area_kind', '=', 'practice')
    .where('area_code', 'in', codes)
    .execute();
}

/** The headline judgment's national fits for an indicator and period (adjusted first, then funnel). */
export async function judgmentFits(
  db: Db,
  releaseId: number,
  indicatorId: number,
  period: string,
): Promise<JudgmentFit[]> {
  return db
    .selectFrom('judgment_fit')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('indicator_id', '=', indicatorId)
    .where('period', '=', period)
    .orderBy('basis')
    .execute();
}

export interface AreaMatrix {
  indicators: (IndicatorVersion & { period: string })[];
  /** The practices of the area open at the latest period's end (the one "as of" rule). */
  practices: string[];
  /** That date, and the practices counted; null for England (every practice with a result). */
  asOf: { date: string; practices: number } | null;
  /** practice code → indicator code → its result in the indicator's latest period. */
  cells: Map<string, Map<string, Result>>;
}

/**
 * A release's "as of" date (docs/decisions.md, issue 14): the end of the latest period its figures are
 * for — each indicator's latest period with an England result, the latest end among them. The heat map,
 * the release's area pages and their APIs count an organisation's practices on this date.
 */
export async function releaseAsOfDate(db: Db, releaseId: number): Promise<string | null> {
  const indicators = await releaseIndicatorList(db, releaseId);
  const latest = await db
    .selectFrom('result')
    .select(({ fn }) => ['indicator_id', fn.max('period').as('period')])
    .where('release_id', '=', releaseId)
    .where('area_kind', '=', 'country')
    .groupBy('indicator_id')
    .execute();
  const periodOf = new Map(latest.map((r) => [r.indicator_id, r.period]));
  return latestPeriodEnd(
    indicators.flatMap((i) => {
      const period = periodOf.get(i.id);
      return period ? [{ ...i, period }] : [];
    }),
  );
}

function latestPeriodEnd(indicators: readonly (IndicatorVersion & { period: string })[]): string | null {
  const ends = indicators
    .map((i) => periodEndDate(i.period, i.periodType))
    .filter((d): d is string => d !== null)
    .sort();
  return ends[ends.length - 1] ?? null;
}

/** The practices of an area × every indicator (each at its latest period): the heat map. */
export async function areaMatrix(db: Db, release: ReleaseRef, area: AreaRef): Promise<AreaMatrix> {
  const releaseId = release.id;
  const indicators = await releaseIndicatorList(db, releaseId);
  const withPeriods: (IndicatorVersion & { period: string })[] = [];
  const cells = new Map<string, Map<string, Result>>();
  for (const indicator of indicators) {
    const [latest] = await publishedRows.rows(release, `latest ${indicator.id}`, async () => [
      await db
        .selectFrom('result')
        .select(({ fn }) => fn.max('period').as('period'))
        .where('release_id', '=', releaseId)
        .where('indicator_id', '=', indicator.id)
        .where('area_kind', '=', 'country')
        .executeTakeFirst(),
    ]);
    if (!latest?.period) continue;
    withPeriods.push({ ...indicator, period: latest.period });
    const period = latest.period;
    const rows = await publishedRows.rows(
      release,
      `cells ${area.kind} ${area.code} ${indicator.id} ${period}`,
      () => {
        let query = db
          .selectFrom('result')
          .selectAll()
          .where('release_id', '=', releaseId)
          .where('indicator_id', '=', indicator.id)
          .where('period', '=', period)
          .where('area_kind', '=', 'practice');
        if (area.kind !== 'country') query = query.where(`${area.kind}_code`, '=', area.code);
        return query.execute();
      },
    );
    for (const r of rows) {
      const row = cells.get(r.area_code) ?? new Map<string, Result>();
      cells.set(r.area_code, row);
      row.set(indicator.code, r);
    }
  }
  if (area.kind === 'country')
    return { indicators: withPeriods, practices: [...cells.keys()].sort(compareText), cells, asOf: null };
  // Rows: the area's practices open on the release's as-of date (the end of the latest period shown),
  // with or without results, so the heat map counts the practices every other page counts for that
  // organisation and date.
  const date = latestPeriodEnd(withPeriods);
  if (date === null)
    return { indicators: withPeriods, practices: [...cells.keys()].sort(compareText), cells, asOf: null };
  const rule = await loadPracticesAsOf(db, area.code, date);
  const practices = rule.practices.map((p) => p.code).sort(compareText);
  return { indicators: withPeriods, practices, cells, asOf: { date, practices: practices.length } };
}

export interface SpcSeries {
  indicator: IndicatorVersion;
  points: SpcPointRow[];
  summary: SpcSummaryRow;
}

/** A practice's SPC chart for one indicator; null when its series was too short to chart. */
export async function practiceSpcSeries(
  db: Db,
  releaseId: number,
  practiceCode: string,
  indicatorCode: string,
): Promise<SpcSeries | null> {
  const indicator = (await releaseIndicatorList(db, releaseId)).find((i) => i.code === indicatorCode);
  if (!indicator) return null;
  const summary = await db
    .selectFrom('spc_summary')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('indicator_id', '=', indicator.id)
    .where('practice_code', '=', practiceCode)
    .executeTakeFirst();
  if (!summary) return null;
  const points = await db
    .selectFrom('spc_point')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('indicator_id', '=', indicator.id)
    .where('practice_code', '=', practiceCode)
    .orderBy('period')
    .execute();
  return { indicator, points, summary };
}

export interface PracticePeers {
  practiceCode: string;
  /** "These 20 practices are like yours because …" */
  explanation: string;
  profile: unknown;
  peers: { code: string; name: string | null; rank: number; distance: number }[];
}

/** A practice's peer group in a release, with names and the explanation; null when it has none. */
export async function practicePeers(
  db: Db,
  releaseId: number,
  practiceCode: string,
): Promise<PracticePeers | null> {
  const group = await db
    .selectFrom('peer_group')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('practice_code', '=', practiceCode)
    .executeTakeFirst();
  if (!group) return null;
  const peers = await db
    .selectFrom('peer')
    .leftJoin('organisation', 'organisation.code', 'peer.peer_code')
    .select(['peer.peer_code', 'peer.rank', 'peer.distance', 'organisation.name'])
    .where('peer.release_id', '=', releaseId)
    .where('peer.practice_code', '=', practiceCode)
    .orderBy('peer.rank')
    .execute();
  return {
    practiceCode,
    explanation: group.explanation,
    profile: group.profile,
    peers: peers.map((p) => ({ code: p.peer_code, name: p.name, rank: p.rank, distance: p.distance })),
  };
}
