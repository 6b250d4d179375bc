// What a release is computed from, and its fingerprint: the import batches whose facts it reads, the
// indicator definition versions and the method version. Facts only ever arrive through import
// batches (a re-import that changes a fact moves it to the new batch), so the set of batches present
// in the tables read is a faithful, cheap summary of the facts.
//
// The batches are also kept apart: the SHARED ones every indicator depends on (memberships for the
// hierarchy, populations and IMD for case-mix and peers, organisations for rurality) and each
// indicator's OWN ones (the facts its computation reads). `indicatorInputsHash` combines an
// indicator's definition, the method version, both sets and the peer groups into the hash that
// decides whether a new release may copy that indicator's rows from an earlier one.
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import { parseExpression } from '../../domain/indicators/expression.ts';
import type { Database } from '../../store/schema.ts';
import { definitionHash } from '../indicators/catalogue.ts';

export interface ReleaseInputs {
  indicators: IndicatorVersion[];
  /** Import batch ids, ascending (shared and every indicator's own). */
  batchIds: number[];
  fingerprint: string;
  /** Batches every indicator depends on, ascending. */
  sharedBatchIds: number[];
  /** Indicator id → the batches of its own facts, ascending. */
  ownBatchIds: Map<number, number[]>;
  /** Batch id → file checksum. */
  batchChecksums: Map<number, string>;
  /** The registration extracts' dates (YYYY-MM-DD), ascending: the case-mix models' populations. */
  populationExtracts: string[];
  methodVersion: string;
}

export async function releaseInputs(
  db: Kysely<Database>,
  indicators: readonly IndicatorVersion[],
  methodVersion: string,
): Promise<ReleaseInputs> {
  const { shared, own, populationExtracts } = await batchesUsed(db, indicators);
  const all = new Set(shared);
  for (const ids of own.values()) for (const id of ids) all.add(id);
  const batchIds = [...all].sort((a, b) => a - b);
  const batches = await db
    .selectFrom('import_batch')
    .select(['id', 'checksum'])
    .where('id', 'in', batchIds.length > 0 ? batchIds : [-1])
    .orderBy('id')
    .execute();
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify({
        methodVersion,
        indicators: indicators.map((i) => [i.code, i.version, definitionHash(i)]),
        batches: batches.map((b) => [b.id, b.checksum]),
      }),
    )
    .digest('hex');
  return {
    indicators: [...indicators],
    batchIds,
    fingerprint,
    sharedBatchIds: shared,
    ownBatchIds: own,
    batchChecksums: new Map(batches.map((b) => [b.id, b.checksum] as const)),
    populationExtracts,
    methodVersion,
  };
}

/**
 * sha256 over everything one indicator's rows in a release are computed from: its code, version and
 * definition hash, the method version, the batches of its own facts and the shared batches (each with
 * its file checksum), and the checksum of the release's peer groups (which also covers the number of
 * peers asked for). Equal hashes mean equal rows.
 */
export function indicatorInputsHash(
  inputs: ReleaseInputs,
  indicator: IndicatorVersion,
  peersChecksum: string,
): string {
  const withChecksums = (ids: readonly number[]) =>
    ids.map((id) => [id, inputs.batchChecksums.get(id) ?? '']);
  return createHash('sha256')
    .update(
      JSON.stringify({
        methodVersion: inputs.methodVersion,
        indicator: [indicator.code, indicator.version, definitionHash(indicator)],
        own: withChecksums(inputs.ownBatchIds.get(indicator.id) ?? []),
        shared: withChecksums(inputs.sharedBatchIds),
        peers: peersChecksum,
      }),
    )
    .digest('hex');
}

/**
 * sha256 over everything a release's peer groups are computed from: the method version, the shared
 * batches (populations, IMD and organisations are read from them; each with its file checksum) and
 * the number of peers asked for. Equal hashes mean equal peer groups (shared-rows.ts refers to them).
 */
export function peersInputsHash(inputs: ReleaseInputs, peerCount: number): string {
  return createHash('sha256')
    .update(
      JSON.stringify({
        methodVersion: inputs.methodVersion,
        shared: inputs.sharedBatchIds.map((id) => [id, inputs.batchChecksums.get(id) ?? '']),
        peerCount,
      }),
    )
    .digest('hex');
}

interface Sources {
  qof: boolean;
  /** QOF achievement indicator codes. */
  achievement: Set<string>;
  fingertips: Set<number>;
  local: Set<string>;
  /** Reads prescribing measures (their values come from the prescribing months' batches). */
  prescribing: boolean;
}

function sourcesOf(indicator: IndicatorVersion): Sources {
  const s: Sources = {
    qof: false,
    achievement: new Set(),
    fingertips: new Set(),
    local: new Set(),
    prescribing: false,
  };
  const c = indicator.computation;
  if (c.from === 'qof_prevalence') s.qof = true;
  else if (c.from === 'qof_achievement') s.achievement.add(c.indicatorCode);
  else if (c.from === 'indicator_value') s.fingertips.add(c.indicatorId);
  else if (c.from === 'local_value') s.local.add(c.indicatorCode);
  else if (c.from === 'prescribing_measure') s.prescribing = true;
  else {
    for (const t of [...parseExpression(c.numerator), ...parseExpression(c.denominator)]) {
      if (t.ref.series.startsWith('qof_prevalence') || t.ref.series === 'list_size') s.qof = true;
      else if (t.ref.series.startsWith('indicator_value')) s.fingertips.add(t.ref.key as number);
      else s.local.add(t.ref.key as string);
    }
  }
  return s;
}

const ascending = (ids: Iterable<number>) => [...new Set(ids)].sort((a, b) => a - b);

async function batchesUsed(
  db: Kysely<Database>,
  indicators: readonly IndicatorVersion[],
): Promise<{ shared: number[]; own: Map<number, number[]>; populationExtracts: string[] }> {
  const sources = new Map(indicators.map((i) => [i.id, sourcesOf(i)] as const));
  const anyQof = [...sources.values()].some((s) => s.qof);
  const fingertips = new Set([...sources.values()].flatMap((s) => [...s.fingertips]));
  const local = new Set([...sources.values()].flatMap((s) => [...s.local]));
  const ids = async (query: Promise<{ rows: { batch_id: number | null }[] }>) =>
    (await query).rows.flatMap((r) => (r.batch_id === null ? [] : [Number(r.batch_id)]));
  // Always read: the hierarchy (aggregation), populations and IMD (case-mix, peers), organisations (rurality).
  // The populations' batches and extract dates in one pass (the largest table a release reads).
  const populations = await sql<{ batch_id: number; extract_date: string }>`
    select distinct batch_id, extract_date from population`.execute(db);
  const populationExtracts = [...new Set(populations.rows.map((r) => r.extract_date))].sort();
  const shared = ascending([
    ...(await ids(
      sql<{ batch_id: number }>`select distinct batch_id from organisation_membership`.execute(db),
    )),
    ...populations.rows.map((r) => Number(r.batch_id)),
    ...(await ids(sql<{ batch_id: number }>`select distinct batch_id from imd_score`.execute(db))),
    ...(await ids(sql<{ batch_id: number | null }>`select distinct batch_id from organisation`.execute(db))),
  ]);
  const qof = anyQof
    ? await ids(sql<{ batch_id: number }>`select distinct batch_id from qof_prevalence`.execute(db))
    : [];
  const byFingertips = new Map<number, number[]>();
  if (fingertips.size > 0) {
    const rows = await sql<{ indicator_id: number; batch_id: number }>`
      select distinct indicator_id, batch_id from indicator_value
      where indicator_id in (${sql.join([...fingertips])})`.execute(db);
    for (const r of rows.rows) {
      const list = byFingertips.get(Number(r.indicator_id)) ?? [];
      list.push(Number(r.batch_id));
      byFingertips.set(Number(r.indicator_id), list);
    }
  }
  const achievement = new Set([...sources.values()].flatMap((s) => [...s.achievement]));
  const byAchievement = new Map<string, number[]>();
  if (achievement.size > 0) {
    const rows = await sql<{ indicator_code: string; batch_id: number }>`
      select distinct indicator_code, batch_id from qof_achievement
      where indicator_code in (${sql.join([...achievement])})`.execute(db);
    for (const r of rows.rows) {
      const list = byAchievement.get(r.indicator_code) ?? [];
      list.push(Number(r.batch_id));
      byAchievement.set(r.indicator_code, list);
    }
  }
  const byLocal = new Map<string, number[]>();
  if (local.size > 0) {
    const rows = await sql<{ indicator_code: string; batch_id: number }>`
      select distinct indicator_code, batch_id from local_value
      where indicator_code in (${sql.join([...local])})`.execute(db);
    for (const r of rows.rows) {
      const list = byLocal.get(r.indicator_code) ?? [];
      list.push(Number(r.batch_id));
      byLocal.set(r.indicator_code, list);
    }
  }
  const prescribing = [...sources.values()].some((s) => s.prescribing)
    ? await ids(
        sql<{ batch_id: number }>`select import_batch_id as batch_id from prescribing_month`.execute(db),
      )
    : [];
  const own = new Map<number, number[]>();
  for (const [id, s] of sources) {
    own.set(
      id,
      ascending([
        ...(s.qof ? qof : []),
        ...[...s.achievement].flatMap((a) => byAchievement.get(a) ?? []),
        ...[...s.fingertips].flatMap((f) => byFingertips.get(f) ?? []),
        ...[...s.local].flatMap((l) => byLocal.get(l) ?? []),
        ...(s.prescribing ? prescribing : []),
      ]),
    );
  }
  return { shared, own, populationExtracts };
}
