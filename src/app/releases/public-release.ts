// What the public release pages show: published releases only, and every count and derived figure
// through disclosure control (src/domain/disclosure). Per indicator, the latest period, one sub-ICB
// location's practices at a time, with the total of those practices (the sub-ICB location's total) as
// the table's total line. The hidden cells are those of the release's one pattern per indicator and
// period over England's whole hierarchy (`disclosurePatterns`, the benchmarking pages' own), so a
// /releases table and a benchmarking page never hide different cells of the same figures — and
// within the table no total minus shown practices leaves a single hidden count.
import type { Kysely } from 'kysely';
import {
  type DisclosureRule,
  type PublishedCount,
  publishedRatio,
  publishUnder,
} from '../../domain/disclosure/index.ts';
import type { Database, Release } from '../../store/schema.ts';
import { disclosurePatterns } from '../benchmarking/disclosure.ts';
import { releaseAsOfDate } from '../benchmarking/queries.ts';
import { compareText } from '../indicators/catalogue.ts';
import { loadPracticesAsOf } from '../population/practices-as-of.ts';

export interface PublicFigure {
  numerator: PublishedCount;
  denominator: PublishedCount;
  /** The indicator's value (percentage, rate …) or null when suppressed or not known. */
  value: number | null;
}

export interface PublicPracticeRow extends PublicFigure {
  code: string;
  name: string;
}

export interface PublicIndicatorTable {
  indicatorCode: string;
  indicatorName: string;
  period: string;
  rows: PublicPracticeRow[];
  total: PublicFigure;
}

export interface PublicArea {
  code: string;
  name: string;
  /** False for a commissioner that has closed (a CCG before 2022, say). */
  current?: boolean;
  /** For a closed one: the current organisation its lineage leads to, if known. */
  successor?: { code: string; name: string } | null;
}

export async function listPublishedReleases(db: Kysely<Database>): Promise<Release[]> {
  return db
    .selectFrom('release')
    .selectAll()
    .where('status', '=', 'published')
    .orderBy('id', 'desc')
    .execute();
}

export async function findPublishedRelease(db: Kysely<Database>, name: string): Promise<Release | null> {
  return (
    (await db
      .selectFrom('release')
      .selectAll()
      .where('name', '=', name)
      .where('status', '=', 'published')
      .executeTakeFirst()) ?? null
  );
}

const areasCache = new Map<string, PublicArea[]>();

/**
 * One sub-ICB location of the release, or null: one look-up on the (release, sub-ICB) index, so an
 * unknown area is answered at once (issue 11, finding 9) without listing the release's areas.
 */
export async function releaseArea(
  db: Kysely<Database>,
  release: Release,
  code: string,
): Promise<PublicArea | null> {
  const upper = code.toUpperCase();
  const hit = await db
    .selectFrom('result')
    .select('sub_icb_code')
    .where('release_id', '=', release.id)
    .where('sub_icb_code', '=', upper)
    .limit(1)
    .executeTakeFirst();
  if (!hit) return null;
  const org = await db.selectFrom('organisation').select('name').where('code', '=', upper).executeTakeFirst();
  return { code: upper, name: org?.name ?? upper };
}

/**
 * The sub-ICB locations with practices in the release, by name. A published release never changes,
 * so its list is kept in memory (one query of every result row per release and process).
 */
export async function releaseAreas(db: Kysely<Database>, release: Release): Promise<PublicArea[]> {
  const key = `${release.id}|${release.results_checksum ?? ''}`;
  const cached = release.status === 'published' ? areasCache.get(key) : undefined;
  if (cached) return cached;
  const areas = await listReleaseAreas(db, release);
  if (release.status === 'published') {
    if (areasCache.size > 50) areasCache.clear();
    areasCache.set(key, areas);
  }
  return areas;
}

async function listReleaseAreas(db: Kysely<Database>, release: Release): Promise<PublicArea[]> {
  const rows = await db
    .selectFrom('result')
    .leftJoin('organisation', 'organisation.code', 'result.sub_icb_code')
    .select(['result.sub_icb_code as code', 'organisation.name'])
    .distinct()
    .where('result.release_id', '=', release.id)
    .where('result.area_kind', '=', 'practice')
    .where('result.sub_icb_code', 'is not', null)
    .execute();
  const codes = rows.map((r) => r.code as string);
  const orgs =
    codes.length === 0
      ? []
      : await db
          .selectFrom('organisation')
          .select(['code', 'name', 'close_date', 'status'])
          .where('code', 'in', codes)
          .execute();
  const closed = new Set(
    orgs.filter((o) => o.close_date !== null || o.status === 'closed').map((o) => o.code),
  );
  const successors = await currentSuccessors(db, [...closed]);
  return rows
    .map((r) => {
      const code = r.code as string;
      return {
        code,
        name: r.name ?? code,
        current: !closed.has(code),
        successor: successors.get(code) ?? null,
      };
    })
    .sort((a, b) => compareText(a.name, b.name));
}

/**
 * Each closed commissioner's current successor, following its recorded lineage (a CCG merged into
 * another, which became a sub-ICB location …) up to a few steps.
 */
async function currentSuccessors(
  db: Kysely<Database>,
  codes: string[],
): Promise<Map<string, { code: string; name: string }>> {
  const out = new Map<string, { code: string; name: string }>();
  if (codes.length === 0) return out;
  const links = await db
    .selectFrom('organisation_lineage')
    .select(['predecessor_code', 'successor_code'])
    .where('successor_code', 'is not', null)
    .execute();
  const next = new Map(links.map((l) => [l.predecessor_code, l.successor_code as string]));
  const ends = new Map<string, string>();
  for (const code of codes) {
    let at = next.get(code);
    for (let step = 0; at && next.has(at) && step < 6; step++) at = next.get(at);
    if (at) ends.set(code, at);
  }
  if (ends.size === 0) return out;
  const names = new Map(
    (
      await db
        .selectFrom('organisation')
        .select(['code', 'name'])
        .where('code', 'in', [...new Set(ends.values())])
        .execute()
    ).map((o) => [o.code, o.name]),
  );
  for (const [code, end] of ends) out.set(code, { code: end, name: names.get(end) ?? end });
  return out;
}

/** The practices of an area counted by a release: the practices open on its as-of date. */
export interface ReleaseAreaPractices {
  /** The release's as-of date: the end of the latest period its figures are for. */
  date: string;
  practices: { code: string; name: string }[];
  /** Practices that were members but are not counted on the date, with the reason. */
  leftOut: { code: string; name: string; reason: string }[];
}

/**
 * The practices of `areaCode` a release counts: those open on the release's as-of date by the one
 * "as of" rule (src/app/population/practices-as-of.ts), as the heat map and the organisation page
 * count them for that date. Null when the release has no dated period. Names and codes only: the
 * figures are in the tables, under disclosure control.
 */
export async function releaseAreaPractices(
  db: Kysely<Database>,
  release: Release,
  areaCode: string,
): Promise<ReleaseAreaPractices | null> {
  const date = await releaseAsOfDate(db, release.id);
  if (date === null) return null;
  const rule = await loadPracticesAsOf(db, areaCode, date);
  return {
    date,
    practices: rule.practices.map((p) => ({ code: p.code, name: p.name })),
    leftOut: rule.leftOut,
  };
}

/**
 * A published area's public tables, memoised (issue 11, finding 9: `/releases/NAME?area=X` read and
 * controlled every result row of the area on every visit). A published release's results never change;
 * the practices' names can (an import), so an entry lives at most five minutes, as the visitor cache's
 * do. Bounded: 256 areas (a release has ~106 sub-ICB locations). The tables are the same for every
 * reader (published figures under the rule), so signed-in readers share them. Concurrent first asks
 * share one computation.
 */
const areaFiguresMemo = new Map<string, { at: number; tables: Promise<PublicIndicatorTable[]> }>();
const AREA_FIGURES_LIMIT = 256;
const AREA_FIGURES_MAX_AGE_MS = 5 * 60_000;

export function publicAreaFigures(
  db: Kysely<Database>,
  release: Release,
  subIcbCode: string,
  rule: DisclosureRule,
): Promise<PublicIndicatorTable[]> {
  if (release.status !== 'published') return computeAreaFigures(db, release, subIcbCode, rule);
  const key = `${release.id}|${release.results_checksum ?? ''}|${subIcbCode}|${JSON.stringify(rule)}`;
  const now = performance.now();
  const hit = areaFiguresMemo.get(key);
  if (hit && now - hit.at < AREA_FIGURES_MAX_AGE_MS) {
    areaFiguresMemo.delete(key);
    areaFiguresMemo.set(key, hit);
    return hit.tables;
  }
  const tables = computeAreaFigures(db, release, subIcbCode, rule);
  // A failure is not remembered.
  tables.catch(() => {
    if (areaFiguresMemo.get(key)?.tables === tables) areaFiguresMemo.delete(key);
  });
  areaFiguresMemo.delete(key);
  if (areaFiguresMemo.size >= AREA_FIGURES_LIMIT)
    areaFiguresMemo.delete(areaFiguresMemo.keys().next().value!);
  areaFiguresMemo.set(key, { at: now, tables });
  return tables;
}

async function computeAreaFigures(
  db: Kysely<Database>,
  release: Release,
  subIcbCode: string,
  rule: DisclosureRule,
): Promise<PublicIndicatorTable[]> {
  const rows = await db
    .selectFrom('result')
    .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
    .leftJoin('organisation', 'organisation.code', 'result.area_code')
    .select([
      'indicator.id as indicator_id',
      'indicator.code as indicator_code',
      'indicator.name as indicator_name',
      'indicator.multiplier',
      'result.period',
      'result.area_code',
      'organisation.name as practice_name',
      'result.numerator',
      'result.denominator',
      'result.value',
    ])
    .where('result.release_id', '=', release.id)
    .where('result.area_kind', '=', 'practice')
    .where('result.sub_icb_code', '=', subIcbCode)
    .execute();
  const latest = new Map<string, string>();
  for (const r of rows) {
    const seen = latest.get(r.indicator_code);
    if (seen === undefined || compareText(r.period, seen) > 0) latest.set(r.indicator_code, r.period);
  }
  const chosen = [...latest].sort((a, b) => compareText(a[0], b[0]));
  const idOf = new Map(rows.map((r) => [r.indicator_code, r.indicator_id]));
  const patternOf = await disclosurePatterns(
    db,
    release,
    rule,
    chosen.map(([code, period]) => ({ indicatorId: idOf.get(code)!, period })),
  );
  const tables: PublicIndicatorTable[] = [];
  for (const [code, period] of chosen) {
    const practices = rows
      .filter(
        (r) =>
          r.indicator_code === code && r.period === period && r.numerator !== null && r.denominator !== null,
      )
      .sort((a, b) => compareText(a.area_code, b.area_code));
    if (practices.length === 0) continue;
    const { pattern } = patternOf(idOf.get(code)!, period);
    tables.push({
      indicatorCode: code,
      indicatorName: practices[0]!.indicator_name,
      period,
      ...publishFigures(
        rule,
        practices[0]!.multiplier,
        practices.map((p) => ({
          code: p.area_code,
          name: p.practice_name ?? p.area_code,
          numerator: p.numerator!,
          denominator: p.denominator!,
          value: p.value,
        })),
        (practice) => pattern.practices.get(practice) ?? 0,
        pattern.areas.get(subIcbCode) ?? 0,
      ),
    });
  }
  return tables;
}

interface RawFigure {
  code: string;
  name: string;
  numerator: number;
  denominator: number;
  value: number | null;
}

/** The practices' figures and their total under the hierarchy pattern's masks. */
function publishFigures(
  rule: DisclosureRule,
  multiplier: number,
  figures: readonly RawFigure[],
  practiceMask: (code: string) => number,
  totalMask: number,
): { rows: PublicPracticeRow[]; total: PublicFigure } {
  const rows = figures.map((f) => {
    const c = publishUnder(rule, practiceMask(f.code), f.numerator, f.denominator);
    return {
      code: f.code,
      name: f.name,
      ...c,
      value: publishedRatio(c.numerator, c.denominator, multiplier),
    };
  });
  const n = figures.reduce((s, f) => s + Math.round(f.numerator), 0);
  const d = figures.reduce((s, f) => s + Math.round(f.denominator), 0);
  const c = publishUnder(rule, totalMask, n, d);
  return { rows, total: { ...c, value: publishedRatio(c.numerator, c.denominator, multiplier) } };
}
