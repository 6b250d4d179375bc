/**
 * Disclosure control for the benchmarking pages a visitor sees: one suppression pattern per release,
 * indicator and period, computed over every practice of England with their PCN, sub-ICB location, ICB
 * and region (src/domain/disclosure/hierarchy.ts), so every page — a scorecard, an indicator in any
 * area, a heat map, a trend, a peer group, the /releases tables — hides the same cells.
 *
 * Published releases never change, so patterns are cached in memory (only the hidden cells are kept:
 * a few kilobytes per indicator and period). Drafts are never shown to visitors and are not cached.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import {
  type DisclosureRule,
  type HiddenMask,
  type HierarchyMember,
  type HierarchyPattern,
  hierarchyPattern,
  type ProtectedCounts,
  publishUnder,
  ruleKey,
} from '../../domain/disclosure/index.ts';
import type { Database, Release } from '../../store/schema.ts';
import { ENGLAND } from '../compute/hierarchy.ts';
import { compareText } from '../indicators/catalogue.ts';
import { keepPageViews, readPageViews } from './page-views.ts';

type Db = Kysely<Database>;

export interface IndicatorPeriod {
  indicatorId: number;
  period: string;
}

/** The pattern of one indicator and period, with the rule it was made under. */
export interface Disclosure {
  readonly rule: DisclosureRule;
  readonly pattern: HierarchyPattern;
  /** Codes (practices and areas) whose figures this viewer may see in full: left uncontrolled. */
  readonly open: ReadonlySet<string>;
  /** A draft: figures outside `open` are withheld altogether (a draft publishes nothing). */
  readonly withhold?: boolean;
}

/**
 * How a page's figures are published to one viewer: under `rule`, except the organisations in `open`
 * (those the policy lets the viewer see restricted figures of: a role's organisation and everything
 * beneath it). Null (no control at all) only for a viewer who may see every organisation's figures.
 */
export interface DisclosureControl {
  readonly rule: DisclosureRule;
  readonly open: ReadonlySet<string>;
  /** A draft release: figures outside `open` are withheld, not published under the rule. */
  readonly withhold?: boolean;
}

const NOTHING_OPEN: ReadonlySet<string> = new Set();

/** The area codes a practice's result is counted in, smallest first, ending with England. */
export function areasOf(r: {
  pcn_code: string | null;
  sub_icb_code: string | null;
  icb_code: string | null;
  region_code: string | null;
}): string[] {
  const chain = [r.pcn_code, r.sub_icb_code, r.icb_code, r.region_code].filter(
    (c): c is string => c !== null && c !== '',
  );
  return [...chain, ENGLAND];
}

const CACHE_LIMIT = 2000;
const cache = new Map<string, HierarchyPattern>();

const keyOf = (release: Release, rule: DisclosureRule, k: IndicatorPeriod) =>
  `${release.id}|${release.results_checksum ?? ''}|${ruleKey(rule)}|${k.indicatorId}|${k.period}`;

/**
 * The patterns of the given indicators and periods (one query for those not cached yet). Returns a
 * lookup by indicator id and period.
 */
export async function disclosurePatterns(
  db: Db,
  release: Release,
  rule: DisclosureRule,
  wanted: readonly IndicatorPeriod[],
  open: ReadonlySet<string> = NOTHING_OPEN,
  withhold = false,
): Promise<(indicatorId: number, period: string) => Disclosure> {
  const cacheable = release.status === 'published';
  const found = new Map<string, HierarchyPattern>();
  // Missing patterns by indicator, then period: their practices, filled from one query.
  const missing = new Map<number, Map<string, HierarchyMember[]>>();
  let missingCount = 0;
  for (const k of wanted) {
    const key = keyOf(release, rule, k);
    const hit = cacheable ? cache.get(key) : undefined;
    if (hit) {
      found.set(key, hit);
      continue;
    }
    const periods = missing.get(k.indicatorId) ?? new Map<string, HierarchyMember[]>();
    missing.set(k.indicatorId, periods);
    if (!periods.has(k.period)) {
      periods.set(k.period, []);
      missingCount++;
    }
  }
  const remember = (key: string, pattern: HierarchyPattern) => {
    found.set(key, pattern);
    if (cacheable) {
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(key, pattern);
    }
  };
  if (missingCount > 0 && cacheable) {
    // Kept in the database by an earlier process (a restart): read back, not made again.
    const pages = [...missing].flatMap(([indicatorId, byPeriod]) =>
      [...byPeriod.keys()].map((period) => patternPage(rule, { indicatorId, period })),
    );
    const kept = await readPageViews(db, release, pages, PATTERN_SHAPE);
    for (const [indicatorId, byPeriod] of missing)
      for (const period of [...byPeriod.keys()]) {
        const bytes = kept.get(patternPage(rule, { indicatorId, period }));
        if (!bytes) continue;
        remember(keyOf(release, rule, { indicatorId, period }), patternFromBytes(bytes));
        byPeriod.delete(period);
        missingCount--;
      }
    for (const [indicatorId, byPeriod] of missing) if (byPeriod.size === 0) missing.delete(indicatorId);
  }
  if (missingCount > 0) {
    await fillPractices(db, release.id, missing);
    const made = new Map<string, Uint8Array>();
    for (const [indicatorId, byPeriod] of missing)
      for (const [period, list] of byPeriod) {
        const pattern = hierarchyPattern(rule, list);
        remember(keyOf(release, rule, { indicatorId, period }), pattern);
        if (cacheable) made.set(patternPage(rule, { indicatorId, period }), patternToBytes(pattern));
      }
    // Kept for the next process too; not from inside a caller's transaction (a failed write would
    // abort it), and a failure to keep is no failure to answer.
    if (made.size > 0 && !db.isTransaction)
      await keepPageViews(db, release, made, PATTERN_SHAPE).catch((error: unknown) =>
        console.error(
          `disclosure control: ${made.size} patterns were not kept (${error instanceof Error ? error.message : String(error)})`,
        ),
      );
  }
  const empty: HierarchyPattern = { proportion: true, practices: new Map(), areas: new Map() };
  return (indicatorId, period) => ({
    rule,
    open,
    withhold,
    pattern: found.get(keyOf(release, rule, { indicatorId, period })) ?? empty,
  });
}

/**
 * Patterns of published releases are also kept in the database (release_page_view, migration 025;
 * src/app/benchmarking/page-views.ts) so that a restarted server reads them instead of reading every
 * practice's counts again: a pattern depends only on the release's rows (never changed once published)
 * and the rule, both in its key; PATTERN_SHAPE names the algorithm and the stored form (change it with
 * either, so patterns kept by an older Fairview are made again).
 */
const PATTERN_SHAPE = 'disclosure pattern 1';

const patternPage = (rule: DisclosureRule, k: IndicatorPeriod) =>
  `disclosure|${ruleKey(rule)}|${k.indicatorId}|${k.period}`;

function patternToBytes(p: HierarchyPattern): Uint8Array {
  return gzipSync(
    JSON.stringify({ proportion: p.proportion, practices: [...p.practices], areas: [...p.areas] }),
  );
}

function patternFromBytes(bytes: Uint8Array): HierarchyPattern {
  const p = JSON.parse(gunzipSync(bytes).toString('utf8')) as {
    proportion: boolean;
    practices: [string, HiddenMask][];
    areas: [string, HiddenMask][];
  };
  return { proportion: p.proportion, practices: new Map(p.practices), areas: new Map(p.areas) };
}

/** Fills each missing indicator and period with its practices (numerator, denominator, chain of areas), from one query. */
async function fillPractices(
  db: Db,
  releaseId: number,
  missing: ReadonlyMap<number, ReadonlyMap<string, HierarchyMember[]>>,
): Promise<void> {
  const periods = [...new Set([...missing.values()].flatMap((p) => [...p.keys()]))];
  // One row per indicator and period, its practices as parallel arrays in code order: a tenth of the
  // rows (and a quarter of the time on PGlite) of one row per practice, and an order that does not
  // depend on the database, so a pattern made again (after a restart, on PostgreSQL) is the same.
  const byCode = sql.raw('ORDER BY area_code COLLATE "C"');
  const groups = await db
    .selectFrom('result')
    .select(['indicator_id', 'period'])
    .select([
      sql<string[]>`array_agg(area_code ${byCode})`.as('codes'),
      sql<number[]>`array_agg(numerator ${byCode})`.as('numerators'),
      sql<number[]>`array_agg(denominator ${byCode})`.as('denominators'),
      sql<string[]>`array_agg(concat_ws('|', coalesce(pcn_code, ''), coalesce(sub_icb_code, ''),
        coalesce(icb_code, ''), coalesce(region_code, '')) ${byCode})`.as('chains'),
    ])
    .where('release_id', '=', releaseId)
    .where('area_kind', '=', 'practice')
    .where('indicator_id', 'in', [...missing.keys()])
    .where('period', 'in', periods)
    .where('numerator', 'is not', null)
    .where('denominator', 'is not', null)
    .groupBy(['indicator_id', 'period'])
    .execute();
  // Practices share their chain of areas across indicators and periods: split once each.
  const chains = new Map<string, string[]>();
  for (const g of groups) {
    const list = missing.get(g.indicator_id)?.get(g.period);
    if (!list) continue;
    g.codes.forEach((code, i) => {
      const chainText = g.chains[i]!;
      let areas = chains.get(chainText);
      if (!areas) {
        areas = [...chainText.split('|').filter((c) => c !== ''), ENGLAND];
        chains.set(chainText, areas);
      }
      list.push({
        code,
        numerator: Number(g.numerators[i]),
        denominator: Number(g.denominators[i]),
        areas,
      });
    });
  }
}

/** Empties the cache of patterns (tests and benchmarks measure a cold start with it). */
export function forgetDisclosurePatterns(): void {
  cache.clear();
}

/**
 * Builds the patterns a visitor's pages of the latest published release will ask for first — every
 * indicator's two latest periods (a scorecard's figure and its trend) — one indicator per query, so on
 * PGlite's single session no request waits behind one long query. Meant to run in the background after
 * the server starts; returns how many patterns it made (0 when there is no published release).
 */
export async function warmDisclosurePatterns(
  db: Db,
  rule: DisclosureRule,
  options: { periodsPerIndicator?: number } = {},
): Promise<number> {
  const release = await db
    .selectFrom('release')
    .selectAll()
    .where('status', '=', 'published')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!release) return 0;
  const perIndicator = options.periodsPerIndicator ?? 2;
  // England's rows name every indicator and period of the release (a few hundred rows).
  const rows = await db
    .selectFrom('result')
    .select(['indicator_id', 'period'])
    .where('release_id', '=', release.id)
    .where('area_kind', '=', 'country')
    .execute();
  const periods = new Map<number, string[]>();
  for (const r of rows) periods.set(r.indicator_id, [...(periods.get(r.indicator_id) ?? []), r.period]);
  let made = 0;
  for (const [indicatorId, list] of [...periods].sort((a, b) => a[0] - b[0])) {
    const latest = [...new Set(list)].sort(compareText).slice(-perIndicator);
    await disclosurePatterns(
      db,
      release,
      rule,
      latest.map((period) => ({ indicatorId, period })),
    );
    made += latest.length;
  }
  return made;
}

let warming: Promise<unknown> = Promise.resolve();

/** `work` after any warming already under way: warmings run one at a time. */
function queued<T>(work: () => Promise<T>): Promise<T> {
  const done = warming.then(work);
  warming = done.catch(() => undefined);
  return done;
}

/**
 * `warmDisclosurePatterns` after any warming already under way, for a caller that waits (the server
 * before it says it is ready): its count, or the error it met.
 */
export function warmDisclosureNow(db: Db, rule: DisclosureRule): Promise<number> {
  return queued(() => warmDisclosurePatterns(db, rule));
}

/**
 * Starts `warmDisclosurePatterns` after `delayMs` without anyone waiting for it (server start, a
 * release just published): requests are served meanwhile, their queries interleaved with its short
 * ones. Runs one at a time (a second call queues behind the first); a failure is logged, never thrown.
 */
export function warmDisclosureInBackground(db: Db, rule: DisclosureRule, delayMs = 1000): void {
  const timer = setTimeout(() => {
    void queued(async () => {
      const started = performance.now();
      try {
        const made = await warmDisclosurePatterns(db, rule);
        if (made > 0)
          console.log(
            `disclosure control: ${made} patterns of the latest published release ready in ${Math.round(performance.now() - started)} ms`,
          );
      } catch (error) {
        console.error(
          `disclosure control: the patterns were not prepared in advance (${error instanceof Error ? error.message : String(error)}); pages will make them on demand`,
        );
      }
    });
  }, delayMs);
  timer.unref();
}

/** A practice's counts as published under the pattern (null counts stay unknown). */
export function publishedPractice(
  d: Disclosure,
  code: string,
  numerator: number | null,
  denominator: number | null,
): ProtectedCounts & { mask: HiddenMask } {
  return published(d, d.pattern.practices.get(code) ?? 0, numerator, denominator);
}

/** An area's totals as published under the pattern. */
export function publishedArea(
  d: Disclosure,
  code: string,
  numerator: number | null,
  denominator: number | null,
): ProtectedCounts & { mask: HiddenMask } {
  return published(d, d.pattern.areas.get(code) ?? 0, numerator, denominator);
}

function published(
  d: Disclosure,
  mask: HiddenMask,
  numerator: number | null,
  denominator: number | null,
): ProtectedCounts & { mask: HiddenMask } {
  if (numerator === null || denominator === null) {
    // Not computed: nothing to protect, but nothing to show either.
    return { mask, numerator: { kind: 'suppressed' }, denominator: { kind: 'suppressed' } };
  }
  return { mask, ...publishUnder(d.rule, mask, numerator, denominator) };
}

const openCache = new Map<string, ReadonlySet<string>>();
const OPEN_CACHE_LIMIT = 500;

/**
 * The organisations of a release whose figures a viewer may see in full: every code in `reached`
 * (the organisations the policy lets the viewer see restricted figures of), each practice of the
 * release counted in one of them, and every area between such a practice and the reached code (a
 * sub-ICB location's PCNs). Remembered per release and set of codes (a release's practices and their
 * areas never change once computed).
 */
export async function openOrganisations(
  db: Db,
  release: Release,
  reached: readonly string[],
): Promise<ReadonlySet<string>> {
  const codes = [...new Set(reached.map((c) => c.toUpperCase()))].sort();
  if (codes.length === 0) return NOTHING_OPEN;
  const key = `${release.id}|${release.results_checksum ?? ''}|${release.status}|${codes.join(',')}`;
  const hit = openCache.get(key);
  if (hit) return hit;
  // region_code has no index, and asking for it turns the indexed look-ups (result_area, result_pcn,
  // result_sub_icb, result_icb) into a scan of every row of the release (~0.4 s on the demo, on every
  // signed-in viewer's first page): it is asked only for codes that are regions, or not known as
  // organisations at all (an organisation's code names one organisation, of one kind).
  const known = await db
    .selectFrom('organisation')
    .select(['code', 'kind'])
    .where('code', 'in', codes)
    .execute();
  const kinds = new Map(known.map((o) => [o.code.toUpperCase(), o.kind]));
  const regions = codes.filter((c) => {
    const kind = kinds.get(c);
    return kind === undefined || kind === 'region' || kind === 'country';
  });
  // One indexed look-up per kind of code, joined by UNION (which also removes duplicates): an OR of
  // the four columns cannot be probed per release through the `result` view (migration 026), whose
  // rows are found by the release that computed them, and became a scan of every release's rows.
  const columns = ['area_code', 'pcn_code', 'sub_icb_code', 'icb_code'] as const;
  const lookUp = (column: (typeof columns)[number] | 'region_code', of: readonly string[]) =>
    db
      .selectFrom('result')
      .select(['area_code', 'pcn_code', 'sub_icb_code', 'icb_code', 'region_code'])
      .where('release_id', '=', release.id)
      .where('area_kind', '=', 'practice')
      .where(column, 'in', of);
  let query = lookUp('area_code', codes);
  for (const column of columns.slice(1)) query = query.union(lookUp(column, codes));
  if (regions.length > 0) query = query.union(lookUp('region_code', regions));
  const rows = await query.execute();
  const wanted = new Set(codes);
  const open = new Set(codes);
  for (const r of rows) {
    const chain = [r.area_code, r.pcn_code, r.sub_icb_code, r.icb_code, r.region_code];
    const top = chain.findIndex((c) => c !== null && wanted.has(c.toUpperCase()));
    for (const c of chain.slice(0, top + 1)) if (c) open.add(c);
  }
  if (openCache.size >= OPEN_CACHE_LIMIT) openCache.delete(openCache.keys().next().value!);
  openCache.set(key, open);
  return open;
}
