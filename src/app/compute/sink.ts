// Where a release's rows go: buffered bulk inserts into the release's tables (inside the release's
// transaction) and, row by row in the order they are made, a running sha256 per SEGMENT — the peer
// groups, then each indicator — from which `releaseChecksum` (checksum.ts) makes `results_checksum`.
// With no database only the checksums are made (to check a regeneration). A whole-release hash in
// the old form (every row in one stream) is kept on request, to check releases made before
// per-indicator checksums (migration 010).
import { createHash, type Hash } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { insertRows } from '../../store/insert-rows.ts';
import type { Database } from '../../store/schema.ts';

export type ReleaseTableName =
  | 'result'
  | 'funnel_fit'
  | 'casemix_fit'
  | 'judgment_fit'
  | 'spc_point'
  | 'spc_summary'
  | 'peer'
  | 'peer_group';

const FLUSH_AT = 20_000;

export class ReleaseSink {
  private segment: Hash = createHash('sha256');
  private readonly legacy: Hash | null;
  private readonly buffers = new Map<ReleaseTableName, object[]>();
  /** Rows per table. */
  readonly counts: Record<ReleaseTableName, number> = {
    result: 0,
    funnel_fit: 0,
    casemix_fit: 0,
    judgment_fit: 0,
    spc_point: 0,
    spc_summary: 0,
    peer: 0,
    peer_group: 0,
  };

  constructor(
    private readonly db: Kysely<Database> | null,
    readonly releaseId: number,
    /** indicator id → `code@version`, so the checksum does not depend on database ids. */
    private readonly indicatorLabels: ReadonlyMap<number, string>,
    options: { legacyChecksum?: boolean } = {},
  ) {
    this.legacy = options.legacyChecksum ? createHash('sha256') : null;
  }

  /**
   * Adds a row. Its values are hashed in key order, without release_id and with indicator_id
   * replaced by the indicator's code and version.
   */
  async add<T extends ReleaseTableName>(
    table: T,
    fields: Omit<Insertable<Database[T]>, 'release_id'>,
  ): Promise<void> {
    const row = { release_id: this.releaseId, ...fields };
    // Values joined with a unit separator: String(number) is the shortest text that reads back as
    // the same double (as JSON's), null is NUL, so equal rows give equal text and different differ.
    let text: string = table;
    for (const key in row) {
      if (key === 'release_id') continue;
      const value = (row as Record<string, unknown>)[key];
      text += `\x1f${key === 'indicator_id' ? this.indicatorLabels.get(value as number) : value === null ? '\u0000' : String(value)}`;
    }
    this.segment.update(`${text}\n`);
    this.legacy?.update(`${text}\n`);
    this.counts[table]++;
    if (this.db === null) return;
    const buffer = this.buffers.get(table) ?? [];
    this.buffers.set(table, buffer);
    buffer.push(row as object);
    if (buffer.length >= FLUSH_AT) await this.flush(table);
  }

  async flushAll(): Promise<void> {
    for (const table of this.buffers.keys()) await this.flush(table);
  }

  private async flush(table: ReleaseTableName): Promise<void> {
    const buffer = this.buffers.get(table);
    if (!buffer || buffer.length === 0 || this.db === null) return;
    this.buffers.set(table, []);
    await insertRows(this.db, table, buffer as Insertable<Database[typeof table]>[]);
  }

  /** The checksum of the rows added since the last call (or since the start), and a new segment. */
  endSegment(): string {
    const digest = this.segment.digest('hex');
    this.segment = createHash('sha256');
    return digest;
  }

  /** Counts rows written to the release by other means (copied from an earlier release). */
  addCounts(counts: Partial<Record<ReleaseTableName, number>>): void {
    for (const [table, n] of Object.entries(counts) as [ReleaseTableName, number][]) this.counts[table] += n;
  }

  /** The old whole-release checksum (every row in one stream), when asked for in the constructor. */
  legacyChecksum(): string | null {
    return this.legacy?.digest('hex') ?? null;
  }

  total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
}
