// `recompute`: turn the current facts and indicator definitions into a release — every result,
// funnel fit, case-mix fit, SPC chart and peer group — written in ONE transaction, with a checksum
// over every row in a fixed order. Idempotent: when nothing the latest release was made from has
// changed, nothing is written. Incremental: an indicator whose inputs (definition, methods, its own
// facts' batches, the shared batches and the peer groups) equal those it had in an earlier release
// takes its rows from that release instead of computing them — it refers to the rows stored there,
// written once (shared-rows.ts; "copied" in progress and audit). Naming an existing release regenerates
// it — every indicator computed, nothing copied — and checks the numbers come out identical
// (docs/indicators.md, "Releases").
import { type Kysely, sql } from 'kysely';
import type { IndicatorVersion } from '../../domain/indicators/definition.ts';
import type { Store } from '../../store/database.ts';
import type { Database, Release } from '../../store/schema.ts';
import { writeAudit } from '../auth/audit.ts';
import { syncBuiltInIndicators } from '../indicators/built-in.ts';
import { compareText, currentIndicators, toVersion } from '../indicators/catalogue.ts';
import { refreshMeasures } from '../prescribing/measures.ts';
import { CaseMixInputs } from './casemix-inputs.ts';
import { type IndicatorChecksum, releaseChecksum } from './checksum.ts';
import { computeIndicator } from './compute-indicator.ts';
import { Hierarchy } from './hierarchy.ts';
import { indicatorInputsHash, peersInputsHash, type ReleaseInputs, releaseInputs } from './inputs.ts';
import { METHOD_VERSION } from './method.ts';
import { computePeerGroups, DEFAULT_PEER_COUNT } from './peers.ts';
import {
  automaticName,
  findRelease,
  insertRelease,
  latestRelease,
  publishRelease,
} from './release-record.ts';
import {
  countIndicatorRows,
  earlierPeerGroups,
  handOverRows,
  INDICATOR_TABLES,
  type IndicatorRowCounts,
  referIndicatorRows,
  referPeerGroups,
} from './shared-rows.ts';
import { ReleaseSink, type ReleaseTableName } from './sink.ts';
import { whySentence } from './why.ts';

export interface RecomputeOptions {
  /** Release name; default an automatic one (the date) when something changed. */
  release?: string;
  publish?: boolean;
  actor: string;
  /** The instant of this run (from the caller's clock): release names, creation and publication. */
  now: Date;
  onProgress?: (event: RecomputeProgress) => void;
  /** Peers per practice (default 20). */
  peerCount?: number;
  /**
   * Compute every indicator, copying none from earlier releases (the numbers and the checksum are
   * the same either way; this is slower, and a check on the copying).
   */
  full?: boolean;
}

export type RecomputeProgress =
  | { type: 'start'; indicators: number; mode: 'write' | 'verify' }
  | { type: 'peers' }
  | { type: 'indicator'; index: number; count: number; code: string; period: string | null }
  /** The indicator's rows were copied from release `from` (its inputs are unchanged since). */
  | { type: 'copied'; index: number; count: number; code: string; from: string }
  | { type: 'done' };

export type RecomputeStatus = 'created' | 'replaced' | 'unchanged' | 'reproduced';

export interface RecomputeOutcome {
  status: RecomputeStatus;
  release: Release;
  /** Built-in indicator versions created by this run (new registers, changed names …). */
  newIndicatorVersions: string[];
  /** Rows of the release per table, computed or copied (null when nothing was computed). */
  rows: Record<ReleaseTableName, number> | null;
  /** Indicator codes computed, and copied from an earlier release (null when nothing was computed). */
  indicators: { computed: string[]; copied: string[] } | null;
  durationMs: number;
}

/** A regenerated release whose numbers differ from the stored ones. */
export class ReleaseMismatchError extends Error {
  constructor(
    readonly release: string,
    readonly stored: string,
    readonly regenerated: string,
  ) {
    super(`release ${release} did not reproduce: stored checksum ${stored}, regenerated ${regenerated}`);
    this.name = 'ReleaseMismatchError';
  }
}

/** Asked to change a published release whose inputs are no longer those it was made from. */
export class PublishedReleaseError extends Error {
  constructor(readonly release: string) {
    super(
      `release ${release} is published and its inputs (facts, definitions or methods) have changed since, so it ` +
        'cannot be regenerated or replaced; recompute under a new name',
    );
    this.name = 'PublishedReleaseError';
  }
}

export async function recompute(store: Store, options: RecomputeOptions): Promise<RecomputeOutcome> {
  const started = performance.now();
  const { actor, now } = options;
  // Prescribing measures first: their monthly values are the facts of the RX- indicators.
  await refreshMeasures(store);
  const synced = await syncBuiltInIndicators(store, actor, now);
  const newIndicatorVersions = synced
    .filter((s) => s.created)
    .map((s) => `${s.indicator.code} v${s.indicator.version}`);
  const current = await currentIndicators(store.db);
  const inputs = await releaseInputs(store.db, current, METHOD_VERSION);
  const finish = (
    status: RecomputeStatus,
    release: Release,
    rows: RecomputeOutcome['rows'],
    indicators: RecomputeOutcome['indicators'] = null,
  ): RecomputeOutcome => ({
    status,
    release,
    newIndicatorVersions,
    rows,
    indicators,
    durationMs: performance.now() - started,
  });

  let replacing: Release | null = null;
  let name = options.release;
  if (name !== undefined) {
    const existing = await findRelease(store.db, name);
    if (existing) {
      const reproduced = await reproduceRelease(store, name, existing, options);
      if (reproduced)
        return finish(
          'reproduced',
          (await findRelease(store.db, name))!,
          reproduced.rows,
          reproduced.indicators,
        );
      if (existing.status === 'published') throw new PublishedReleaseError(name);
      replacing = existing;
    }
  } else {
    const latest = await latestRelease(store.db);
    if (
      latest &&
      latest.inputs_fingerprint === inputs.fingerprint &&
      latest.method_version === METHOD_VERSION
    ) {
      if (options.publish)
        await store.db.transaction().execute((trx) => publishRelease(trx, latest, actor, now));
      return finish('unchanged', (await findRelease(store.db, latest.name))!, null, null);
    }
    name = await automaticName(store.db, now);
  }

  const releaseName = name;
  const { rows, indicators } = await store.db
    .transaction()
    .execute((trx) => writeRelease(trx, releaseName, inputs, replacing, options));
  options.onProgress?.({ type: 'done' });
  return finish(
    replacing ? 'replaced' : 'created',
    (await findRelease(store.db, releaseName))!,
    rows,
    indicators,
  );
}

/**
 * An existing release made by this method from the same inputs is computed again and must give the
 * same checksum (ReleaseMismatchError if not); null when the method or the inputs differ.
 */
async function reproduceRelease(
  store: Store,
  name: string,
  existing: Release,
  options: RecomputeOptions,
): Promise<{ rows: RecomputeOutcome['rows']; indicators: RecomputeOutcome['indicators'] } | null> {
  const { actor, now } = options;
  const frozen = await releaseIndicators(store.db, existing.id);
  const frozenInputs = await releaseInputs(store.db, frozen, existing.method_version);
  if (
    existing.method_version === METHOD_VERSION &&
    frozenInputs.fingerprint === existing.inputs_fingerprint
  ) {
    // Releases made before per-indicator checksums (migration 010) hold a checksum over every
    // row in one stream: that one is made too, and either form may match.
    const sink = new ReleaseSink(null, existing.id, labels(frozen), { legacyChecksum: true });
    const made = await computeRelease(store.db, frozenInputs, sink, options, 'verify', null);
    const checksum = made.checksum;
    if (checksum !== existing.results_checksum && sink.legacyChecksum() !== existing.results_checksum)
      throw new ReleaseMismatchError(name, existing.results_checksum, checksum);
    if (options.publish)
      await store.db.transaction().execute((trx) => publishRelease(trx, existing, actor, now));
    return { rows: { ...sink.counts }, indicators: made.indicators };
  }
  return null;
}

/** The release written (replacing the one of the same name, if any), inside the caller's transaction. */
async function writeRelease(
  trx: Kysely<Database>,
  releaseName: string,
  inputs: ReleaseInputs,
  replacing: Release | null,
  options: RecomputeOptions,
) {
  const { actor, now } = options;
  if (replacing) {
    await handOverRows(trx, replacing.id);
    await trx.deleteFrom('release').where('id', '=', replacing.id).execute();
  }
  const id = await insertRelease(trx, releaseName, inputs, METHOD_VERSION, actor, now);
  const sink = new ReleaseSink(trx, id, labels(inputs.indicators));
  const copying = options.full ? null : { releaseId: id };
  const made = await computeRelease(trx, inputs, sink, options, 'write', copying);
  await sink.flushAll();
  const checksum = made.checksum;
  await trx
    .updateTable('release')
    .set({ results_checksum: checksum, result_count: sink.counts.result })
    .where('id', '=', id)
    .execute();
  await writeAudit(trx, {
    actor,
    action: replacing ? 'release_replaced' : 'release_computed',
    entity: 'release',
    entityId: releaseName,
    before: replacing ? { results_checksum: replacing.results_checksum } : null,
    after: {
      results_checksum: checksum,
      method_version: METHOD_VERSION,
      indicators: inputs.indicators.length,
      copied: made.indicators.copied.length,
      rows: sink.total(),
    },
  });
  if (options.publish) {
    const release = await trx
      .selectFrom('release')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await publishRelease(trx, release, actor, now);
  }
  return { rows: { ...sink.counts }, indicators: made.indicators };
}

interface MadeRelease {
  checksum: string;
  indicators: { computed: string[]; copied: string[] };
}

/** The release that may refer to earlier releases' rows (null: compute every indicator). */
interface Copying {
  releaseId: number;
}

/**
 * Computes every row of a release into `sink`, the peer groups first and then indicator by indicator
 * in code order; with `copying`, an indicator whose inputs hash matches an earlier release's has its
 * rows taken from there (referred to, not written again), and so are the peer groups when their
 * inputs match. In 'write' mode each indicator's inputs hash, checksum and row counts are stored on
 * `release_indicator`. Returns the release checksum.
 */
async function computeRelease(
  db: Kysely<Database>,
  inputs: ReleaseInputs,
  sink: ReleaseSink,
  options: RecomputeOptions,
  mode: 'write' | 'verify',
  copying: Copying | null,
): Promise<MadeRelease> {
  const indicators = [...inputs.indicators].sort((a, b) => compareText(a.code, b.code));
  const progress = options.onProgress ?? (() => undefined);
  progress({ type: 'start', indicators: indicators.length, mode });
  const hierarchy = await Hierarchy.load(db);
  const caseMix = await CaseMixInputs.load(db, inputs.populationExtracts);
  progress({ type: 'peers' });
  const peerCount = options.peerCount ?? DEFAULT_PEER_COUNT;
  const peersHash = peersInputsHash(inputs, peerCount);
  const earlierPeers = copying ? await earlierPeerGroups(db, copying.releaseId, peersHash) : null;
  let peers: Map<string, string[]> | null;
  let peersChecksum: string;
  if (copying && earlierPeers) {
    // The same shared batches and number of peers as an earlier release: the same peer groups.
    const referred = await referPeerGroups(db, earlierPeers.releaseId, copying.releaseId);
    peers = referred.peers;
    peersChecksum = earlierPeers.checksum;
    sink.addCounts(referred.counts);
  } else {
    peers = await computePeerGroups(db, sink, peerCount);
    peersChecksum = sink.endSegment();
  }
  if (mode === 'write') {
    await db
      .updateTable('release')
      .set({ peers_inputs_hash: peersHash, peers_checksum: peersChecksum })
      .where('id', '=', sink.releaseId)
      .execute();
  }
  const earlier = copying ? await copyableReleases(db, copying.releaseId, indicators) : new Map();
  const checksums: IndicatorChecksum[] = [];
  const computed: string[] = [];
  const copied: string[] = [];
  // Source release → the indicators whose rows are taken from it, referred to together after the loop.
  const copies = new Map<number, number[]>();
  // Indicators taken from an earlier release whose row counts it did not store (made before 026).
  const uncounted: number[] = [];
  // What release_indicator keeps of each indicator, written in one statement after the loop.
  const stored: StoredIndicator[] = [];
  for (const [index, indicator] of indicators.entries()) {
    const label = `${indicator.code}@${indicator.version}`;
    const inputsHash = indicatorInputsHash(inputs, indicator, peersChecksum);
    const source = earlier.get(`${indicator.id}|${inputsHash}`);
    let checksum: string;
    let rowCounts: IndicatorRowCounts | null;
    if (copying && source) {
      progress({ type: 'copied', index, count: indicators.length, code: indicator.code, from: source.name });
      const ids = copies.get(source.releaseId) ?? [];
      copies.set(source.releaseId, ids);
      ids.push(indicator.id);
      checksum = source.checksum;
      rowCounts = source.rowCounts;
      if (rowCounts) sink.addCounts(rowCounts);
      else uncounted.push(indicator.id);
      copied.push(indicator.code);
    } else {
      progress({ type: 'indicator', index, count: indicators.length, code: indicator.code, period: null });
      const before = { ...sink.counts };
      await computeIndicator(
        {
          db,
          hierarchy,
          caseMix,
          peers,
          why: whySentence,
          sink,
          onPeriod: (period) =>
            progress({ type: 'indicator', index, count: indicators.length, code: indicator.code, period }),
        },
        indicator,
      );
      checksum = sink.endSegment();
      rowCounts = Object.fromEntries(
        INDICATOR_TABLES.map((table) => [table, sink.counts[table] - before[table]]),
      ) as IndicatorRowCounts;
      computed.push(indicator.code);
    }
    checksums.push({ label, checksum });
    if (mode === 'write') stored.push({ indicatorId: indicator.id, inputsHash, checksum, rowCounts });
  }
  if (mode === 'write') await storeIndicatorChecksums(db, sink.releaseId, stored);
  if (copying) {
    for (const [from, ids] of copies) await referIndicatorRows(db, from, copying.releaseId, ids);
    // Counted once and stored, so a release that refers to these rows later need not count them.
    for (const [id, counts] of await countIndicatorRows(db, copying.releaseId, uncounted)) {
      sink.addCounts(counts);
      if (mode === 'write')
        await db
          .updateTable('release_indicator')
          .set({ row_counts: JSON.stringify(counts) })
          .where('release_id', '=', copying.releaseId)
          .where('indicator_id', '=', id)
          .execute();
    }
  }
  return { checksum: releaseChecksum(peersChecksum, checksums), indicators: { computed, copied } };
}

interface StoredIndicator {
  indicatorId: number;
  inputsHash: string;
  checksum: string;
  rowCounts: IndicatorRowCounts | null;
}

/**
 * Each indicator's inputs hash, checksum and row counts on its release_indicator row, in one UPDATE
 * rather than one per indicator (49 round trips per release on the demo; issue 15).
 */
async function storeIndicatorChecksums(
  db: Kysely<Database>,
  releaseId: number,
  stored: readonly StoredIndicator[],
): Promise<void> {
  if (stored.length === 0) return;
  const values = sql.join(
    stored.map(
      (s) =>
        sql`(${s.indicatorId}::integer, ${s.inputsHash}::text, ${s.checksum}::text, ${s.rowCounts && JSON.stringify(s.rowCounts)}::text)`,
    ),
  );
  await sql`
    update release_indicator ri
    set inputs_hash = v.inputs_hash, results_checksum = v.checksum, row_counts = v.row_counts
    from (values ${values}) as v(indicator_id, inputs_hash, checksum, row_counts)
    where ri.release_id = ${releaseId} and ri.indicator_id = v.indicator_id`.execute(db);
}

interface CopySource {
  releaseId: number;
  name: string;
  checksum: string;
  rowCounts: IndicatorRowCounts | null;
}

/**
 * For each indicator: the latest other release holding its rows with a stored checksum, keyed by
 * `indicator id|inputs hash` (the caller looks up the hash it has now).
 */
async function copyableReleases(
  db: Kysely<Database>,
  releaseId: number,
  indicators: readonly IndicatorVersion[],
): Promise<Map<string, CopySource>> {
  const out = new Map<string, CopySource>();
  if (indicators.length === 0) return out;
  const rows = await db
    .selectFrom('release_indicator')
    .innerJoin('release', 'release.id', 'release_indicator.release_id')
    .select([
      'release_indicator.indicator_id',
      'release_indicator.inputs_hash',
      'release_indicator.results_checksum',
      'release_indicator.row_counts',
      'release.id',
      'release.name',
    ])
    .where(
      'release_indicator.indicator_id',
      'in',
      indicators.map((i) => i.id),
    )
    .where('release_indicator.results_checksum', 'is not', null)
    .where('release_indicator.inputs_hash', 'is not', null)
    .where('release.id', '<>', releaseId)
    .orderBy('release.id', 'desc')
    .execute();
  for (const r of rows) {
    const key = `${r.indicator_id}|${r.inputs_hash}`;
    if (!out.has(key))
      out.set(key, {
        releaseId: r.id,
        name: r.name,
        checksum: r.results_checksum!,
        rowCounts: r.row_counts === null ? null : (JSON.parse(r.row_counts) as IndicatorRowCounts),
      });
  }
  return out;
}

/** The indicator versions a release froze. */
export async function releaseIndicators(
  db: Kysely<Database>,
  releaseId: number,
): Promise<IndicatorVersion[]> {
  const rows = await db
    .selectFrom('indicator')
    .innerJoin('release_indicator', 'release_indicator.indicator_id', 'indicator.id')
    .selectAll('indicator')
    .where('release_indicator.release_id', '=', releaseId)
    .execute();
  return rows.map(toVersion).sort((a, b) => compareText(a.code, b.code));
}

function labels(indicators: readonly IndicatorVersion[]): Map<number, string> {
  return new Map(indicators.map((i) => [i.id, `${i.code}@${i.version}`]));
}
