// What the benchmarking pages need beyond queries.ts: the sub-ICB data-sharing setting (peers by name
// or pseudonymised), the results of a practice beside its peers and a practice's results over time.
// (The case-mix adjusted funnel is `funnelChart(…, 'adjusted')` in queries.ts: one implementation.)
import type { Kysely } from 'kysely';
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import type { AreaKind, Database, Result } from '../../store/schema.ts';
import { writeAudit } from '../auth/audit.ts';
import { compareText } from '../indicators/catalogue.ts';
import { publishedRows, type ReleaseRef } from './published-rows.ts';

type Db = Kysely<Database>;

/** Whether the sub-ICB location has agreed to show peers by name; false (pseudonymised) by default. */
export async function peersNamedIn(db: Db, subIcbCode: string | null): Promise<boolean> {
  if (!subIcbCode) return false;
  const row = await db
    .selectFrom('data_sharing_setting')
    .select('peers_named')
    .where('sub_icb_code', '=', subIcbCode)
    .executeTakeFirst();
  return row?.peers_named ?? false;
}

/** Records a sub-ICB location's choice, audited in the same transaction. */
export async function setPeersNamed(
  db: Db,
  change: { subIcbCode: string; named: boolean; actor: string; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await peersNamedIn(trx, change.subIcbCode);
    await trx
      .insertInto('data_sharing_setting')
      .values({
        sub_icb_code: change.subIcbCode,
        peers_named: change.named,
        updated_by: change.actor,
        updated_at: change.now,
      })
      .onConflict((oc) =>
        oc
          .column('sub_icb_code')
          .doUpdateSet({ peers_named: change.named, updated_by: change.actor, updated_at: change.now }),
      )
      .execute();
    await writeAudit(trx, {
      actor: change.actor,
      action: 'data_sharing_changed',
      entity: 'data_sharing_setting',
      entityId: change.subIcbCode,
      before: { peers_named: before },
      after: { peers_named: change.named },
    });
  });
}

/**
 * Every practice result of the given practices in a release (all indicators, all periods), for
 * putting a practice beside its peers. A published release's rows are kept per practice
 * (published-rows.ts, shared with `practiceResults`); those not kept yet are read together in one
 * indexed query (result_area).
 */
export async function resultsOfPractices(
  db: Db,
  release: ReleaseRef,
  codes: readonly string[],
): Promise<readonly Result[]> {
  if (codes.length === 0) return [];
  return publishedRows.rowsOfEach(
    release,
    'practice',
    codes,
    (r) => r.area_code,
    (missing) => readPracticeResults(db, release.id, missing),
  );
}

/** One practice's results in a release (all indicators, all periods), kept when it is published. */
export function practiceResults(db: Db, release: ReleaseRef, code: string): Promise<readonly Result[]> {
  return publishedRows.rows(release, `practice ${code}`, () => readPracticeResults(db, release.id, [code]));
}

function readPracticeResults(db: Db, releaseId: number, codes: readonly string[]): Promise<Result[]> {
  return db
    .selectFrom('result')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('area_kind', '=', 'practice')
    .where('area_code', 'in', [...codes])
    .execute();
}

/**
 * The results of areas (PCN, sub-ICB location, ICB) by code: the benchmarks a practice's scorecard
 * compares with when another level than England is chosen (one query for every indicator and period).
 */
export async function resultsOfAreas(db: Db, releaseId: number, codes: readonly string[]): Promise<Result[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom('result')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('area_kind', 'in', ['pcn', 'sub_icb', 'icb'])
    .where('area_code', 'in', [...codes])
    .execute();
}

/** A practice's results for one indicator, oldest period first (the trend page's table). */
export async function practiceIndicatorSeries(
  db: Db,
  releaseId: number,
  practiceCode: string,
  indicatorId: number,
): Promise<Result[]> {
  const rows = await db
    .selectFrom('result')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('indicator_id', '=', indicatorId)
    .where('area_kind', '=', 'practice')
    .where('area_code', '=', practiceCode)
    .execute();
  return rows.sort((a, b) => compareText(a.period, b.period));
}

/** An area's results for one indicator in every period (the trend page's England column). */
export function areaIndicatorResults(
  db: Db,
  releaseId: number,
  indicatorId: number,
  area: { kind: AreaKind; code: string },
): Promise<Result[]> {
  return db
    .selectFrom('result')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('indicator_id', '=', indicatorId)
    .where('area_kind', '=', area.kind)
    .where('area_code', '=', area.code)
    .execute();
}

/** How the case-mix adjustment of an indicator's period was made, in words (null when it was not). */
export async function casemixDescription(
  db: Db,
  releaseId: number,
  indicatorId: number,
  period: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('casemix_fit')
    .select('description')
    .where('release_id', '=', releaseId)
    .where('indicator_id', '=', indicatorId)
    .where('period', '=', period)
    .executeTakeFirst();
  return row?.description ?? null;
}

/** The indicator versions of a release by code (for links from one indicator to another). */
export function indicatorByCode(
  indicators: readonly IndicatorVersion[],
  code: string,
): IndicatorVersion | null {
  return indicators.find((i) => i.code === code) ?? null;
}

/** Names of the organisations with the given codes (practices, areas), code → name. */
export async function organisationNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  const names = new Map<string, string>();
  // In chunks: a few thousand parameters is fine for PostgreSQL, but keep statements modest.
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .selectFrom('organisation')
      .select(['code', 'name'])
      .where('code', 'in', unique.slice(i, i + 1000))
      .execute();
    for (const r of rows) names.set(r.code, r.name);
  }
  return names;
}

/** Every organisation's name, code → name: what an indicator page's practices are named with. */
export async function everyOrganisationName(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('organisation').select(['code', 'name']).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
