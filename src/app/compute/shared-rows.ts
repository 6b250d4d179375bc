// A release's rows are stored once, by the release that computed them (migration 026). A later
// release whose inputs for an indicator are unchanged — same definition, methods, facts, hierarchy,
// case-mix sources and peer groups, hence the same rows (inputs.ts) — refers to them by setting its
// release_indicator row's `computed_in`, and the six per-indicator views show them as its own; one
// whose shared batches and number of peers are unchanged refers to the earlier peer groups the same
// way (`release.peers_computed_in`). So an incremental release writes only what changed
// (docs/decisions.md, "A release refers to the rows it did not compute").
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';

export const INDICATOR_TABLES = [
  'result',
  'funnel_fit',
  'casemix_fit',
  'judgment_fit',
  'spc_point',
  'spc_summary',
] as const;
export type IndicatorTable = (typeof INDICATOR_TABLES)[number];

export const PEER_TABLES = ['peer', 'peer_group'] as const;

/** Where a release table's rows are written: the stored rows behind its view. */
export function storedTable(table: IndicatorTable | (typeof PEER_TABLES)[number]): string {
  return `${table}_rows`;
}

/** An indicator's rows per table in a release (release_indicator.row_counts). */
export type IndicatorRowCounts = Record<IndicatorTable, number>;

/** Release `to` refers to the rows release `from` holds for `indicatorIds` (wherever `from` got them). */
export async function referIndicatorRows(
  db: Kysely<Database>,
  from: number,
  to: number,
  indicatorIds: readonly number[],
): Promise<void> {
  if (indicatorIds.length === 0) return;
  await sql`
    update release_indicator held set computed_in = source.computed_in
    from release_indicator source
    where held.release_id = ${to} and source.release_id = ${from}
      and source.indicator_id = held.indicator_id and held.indicator_id in (${sql.join([...indicatorIds])})`.execute(
    db,
  );
}

/**
 * The rows release `releaseId` holds for each of `indicatorIds`, per table, counted (for releases made
 * before migration 026, which stored no counts).
 */
export async function countIndicatorRows(
  db: Kysely<Database>,
  releaseId: number,
  indicatorIds: readonly number[],
): Promise<Map<number, IndicatorRowCounts>> {
  const out = new Map<number, IndicatorRowCounts>();
  for (const id of indicatorIds)
    out.set(id, Object.fromEntries(INDICATOR_TABLES.map((t) => [t, 0])) as IndicatorRowCounts);
  if (indicatorIds.length === 0) return out;
  for (const table of INDICATOR_TABLES) {
    const r = await sql<{ indicator_id: number; n: string }>`
      select indicator_id, count(*) as n from ${sql.table(table)}
      where release_id = ${releaseId} and indicator_id in (${sql.join([...indicatorIds])})
      group by indicator_id`.execute(db);
    for (const row of r.rows) out.get(Number(row.indicator_id))![table] = Number(row.n);
  }
  return out;
}

/**
 * Before release `releaseId` is deleted: the rows it computed that other releases still refer to pass
 * to the earliest of those releases (their stored release_id and every reference move to it), so
 * deleting it takes only what no other release holds. Inside the caller's transaction.
 */
export async function handOverRows(db: Kysely<Database>, releaseId: number): Promise<void> {
  const peerHeir = await db
    .selectFrom('release')
    .select(({ fn }) => fn.min('id').as('id'))
    .where('peers_computed_in', '=', releaseId)
    .where('id', '<>', releaseId)
    .executeTakeFirst();
  if (peerHeir?.id != null) {
    for (const table of PEER_TABLES)
      await sql`update ${sql.table(storedTable(table))} set release_id = ${peerHeir.id}
        where release_id = ${releaseId}`.execute(db);
    await db
      .updateTable('release')
      .set({ peers_computed_in: peerHeir.id })
      .where('peers_computed_in', '=', releaseId)
      .where('id', '<>', releaseId)
      .execute();
  }
  const heirs = sql`(
    select indicator_id, min(release_id) as heir from release_indicator
    where computed_in = ${releaseId} and release_id <> ${releaseId} group by indicator_id)`;
  for (const table of INDICATOR_TABLES) {
    await sql`
      update ${sql.table(storedTable(table))} stored set release_id = heirs.heir from ${heirs} heirs
      where stored.release_id = ${releaseId} and stored.indicator_id = heirs.indicator_id`.execute(db);
  }
  await sql`
    update release_indicator held set computed_in = heirs.heir from ${heirs} heirs
    where held.computed_in = ${releaseId} and held.release_id <> ${releaseId}
      and held.indicator_id = heirs.indicator_id`.execute(db);
}

/** The earlier release (other than `releaseId`) whose peer groups were computed from `inputsHash`. */
export async function earlierPeerGroups(
  db: Kysely<Database>,
  releaseId: number,
  inputsHash: string,
): Promise<{ releaseId: number; name: string; checksum: string } | null> {
  const row = await db
    .selectFrom('release')
    .select(['id', 'name', 'peers_checksum'])
    .where('peers_inputs_hash', '=', inputsHash)
    .where('peers_checksum', 'is not', null)
    .where('id', '<>', releaseId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { releaseId: row.id, name: row.name, checksum: row.peers_checksum! } : null;
}

/**
 * Release `to` refers to the peer groups release `from` holds; returns them as computePeerGroups does
 * (practice → peer codes, nearest first; null when there are none) and their rows per table.
 */
export async function referPeerGroups(
  db: Kysely<Database>,
  from: number,
  to: number,
): Promise<{ peers: Map<string, string[]> | null; counts: Record<(typeof PEER_TABLES)[number], number> }> {
  await sql`
    update release held set peers_computed_in = coalesce(source.peers_computed_in, source.id)
    from release source where held.id = ${to} and source.id = ${from}`.execute(db);
  const rows = await db
    .selectFrom('peer')
    .select(['practice_code', 'peer_code'])
    .where('release_id', '=', to)
    .orderBy('practice_code')
    .orderBy('rank')
    .execute();
  const groups = await db
    .selectFrom('peer_group')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('release_id', '=', to)
    .executeTakeFirstOrThrow();
  const peers = new Map<string, string[]>();
  for (const r of rows) {
    const list = peers.get(r.practice_code);
    if (list) list.push(r.peer_code);
    else peers.set(r.practice_code, [r.peer_code]);
  }
  return {
    peers: rows.length > 0 ? peers : null,
    counts: { peer: rows.length, peer_group: Number(groups.n) },
  };
}
