// Where a release's rows go: buffered bulk inserts into the release's tables (inside the release's
// transaction) and, row by row in the order they are made, the running sha256 that becomes
// `results_checksum`. With `write: false` only the checksum is made (to check a regeneration).
import { createHash, type Hash } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { insertRows } from '../../store/insert-rows.ts';
import type { Database } from '../../store/schema.ts';

export type ReleaseTableName =
  | 'result'
  | 'funnel_fit'
  | 'casemix_fit'
  | 'spc_point'
  | 'spc_summary'
  | 'peer'
  | 'peer_group';

const FLUSH_AT = 20_000;

export class ReleaseSink {
  private readonly hash: Hash = createHash('sha256');
  private readonly buffers = new Map<ReleaseTableName, object[]>();
  /** Rows per table. */
  readonly counts: Record<ReleaseTableName, number> = {
    result: 0,
    funnel_fit: 0,
    casemix_fit: 0,
    spc_point: 0,
    spc_summary: 0,
    peer: 0,
    peer_group: 0,
  };

  constructor(
    private readonly db: Kysely<Database> | null,
    private readonly releaseId: number,
    /** indicator id → `code@version`, so the checksum does not depend on database ids. */
    private readonly indicatorLabels: ReadonlyMap<number, string>,
  ) {}

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
    this.hash.update(`${text}\n`);
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

  /** The checksum of everything added (call once, at the end). */
  checksum(): string {
    return this.hash.digest('hex');
  }

  total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
}
