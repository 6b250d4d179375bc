// Where a release's rows go: COPY into the release's tables (the stored rows behind the per-indicator
// views, shared-rows.ts; inside the release's transaction) and,
// row by row in the order they are made, a running sha256 per SEGMENT — the peer groups, then each
// indicator — from which `releaseChecksum` (checksum.ts) makes `results_checksum`. With no database
// only the checksums are made (to check a regeneration). A whole-release hash in the old form (every
// row in one stream) is kept on request, to check releases made before per-indicator checksums
// (migration 010).
//
// Why it is shaped this way (docs/decisions.md, "Speed: a release's rows written as they are made"):
// each row is turned into its COPY line and its checksum text the moment it is added, so the row
// object dies young instead of waiting in a buffer (a release makes two million of them, and keeping
// them made garbage collection a sixth of the release); and a table's COPY is sent without waiting
// for it, so the database writes one batch while JavaScript computes the next. The transaction runs
// its statements one at a time in the order they are issued, so every later query still sees the
// rows; `drain` bounds what is queued and `flushAll` waits for it all and reports a failed COPY.
import { createHash, type Hash } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { copyEncoded, copyField } from '../../store/copy-rows.ts';
import type { Database } from '../../store/schema.ts';
import { storedTable } from './shared-rows.ts';

export type ReleaseTableName =
  | 'result'
  | 'funnel_fit'
  | 'casemix_fit'
  | 'judgment_fit'
  | 'spc_point'
  | 'spc_summary'
  | 'peer'
  | 'peer_group';

/** A table's COPY text is sent once it reaches this many bytes (and at the end). */
const FLUSH_BYTES = 8 << 20;
/** Encoded text is turned into a Buffer chunk at this size. */
const CHUNK_BYTES = 1 << 20;
/** `drain` waits while more than this many bytes are queued for the database. */
const QUEUED_BYTES = 32 << 20;
/** Checksum text is hashed in pieces of about this size (the digest is the same however it is cut). */
const HASH_BYTES = 1 << 16;

interface TableText {
  /** The columns after release_id, from the first row; every row must have exactly these. */
  columns: readonly string[];
  text: string;
  chunks: Buffer[];
  bytes: number;
}

export class ReleaseSink {
  private segment: Hash = createHash('sha256');
  private readonly legacy: Hash | null;
  private hashText = '';
  private readonly tables = new Map<ReleaseTableName, TableText>();
  private writing: Promise<void> = Promise.resolve();
  private queued = 0;
  private failure: unknown = null;
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
  add<T extends ReleaseTableName>(table: T, fields: Omit<Insertable<Database[T]>, 'release_id'>): void {
    const row = fields as Record<string, unknown>;
    // Values joined with a unit separator: String(number) is the shortest text that reads back as
    // the same double (as JSON's), null is NUL, so equal rows give equal text and different differ.
    let text: string = table;
    for (const key in row) {
      const value = row[key];
      text += `\x1f${key === 'indicator_id' ? this.indicatorLabels.get(value as number) : value === null ? '\u0000' : String(value)}`;
    }
    this.hashText += `${text}\n`;
    if (this.hashText.length >= HASH_BYTES) this.hashPending();
    this.counts[table]++;
    if (this.db === null) return;
    let out = this.tables.get(table);
    if (!out) {
      out = { columns: Object.keys(row), text: '', chunks: [], bytes: 0 };
      this.tables.set(table, out);
    }
    out.text += `${this.releaseId}${encodeLine(row, out.columns, table)}\n`;
    if (out.text.length >= CHUNK_BYTES) {
      out.bytes += out.text.length;
      out.chunks.push(Buffer.from(out.text, 'utf8'));
      out.text = '';
      if (out.bytes >= FLUSH_BYTES) this.send(table, out);
    }
  }

  /** Waits while too much is queued for the database (call between batches of `add`). */
  async drain(): Promise<void> {
    if (this.queued > QUEUED_BYTES) await this.writing;
    this.throwIfFailed();
  }

  /** Sends every table's remaining rows and waits until the database has them all. */
  async flushAll(): Promise<void> {
    for (const [table, out] of this.tables) this.send(table, out);
    await this.writing;
    this.throwIfFailed();
  }

  /** Queues one COPY of the table's encoded rows behind those already queued. */
  private send(table: ReleaseTableName, out: TableText): void {
    if (out.text.length > 0) {
      out.chunks.push(Buffer.from(out.text, 'utf8'));
      out.text = '';
    }
    if (out.chunks.length === 0 || this.db === null) return;
    const db = this.db;
    const chunks = out.chunks;
    const bytes = chunks.reduce((s, c) => s + c.length, 0);
    out.chunks = [];
    out.bytes = 0;
    this.queued += bytes;
    const columns = ['release_id', ...out.columns];
    this.writing = this.writing.then(async () => {
      try {
        if (this.failure === null) await copyEncoded(db, storedTable(table), columns, chunks);
      } catch (error) {
        this.failure = error;
      } finally {
        this.queued -= bytes;
      }
    });
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  private hashPending(): void {
    this.segment.update(this.hashText);
    this.legacy?.update(this.hashText);
    this.hashText = '';
  }

  /** The checksum of the rows added since the last call (or since the start), and a new segment. */
  endSegment(): string {
    this.hashPending();
    const digest = this.segment.digest('hex');
    this.segment = createHash('sha256');
    return digest;
  }

  /** Counts rows the release holds by other means (referred to in an earlier release). */
  addCounts(counts: Partial<Record<ReleaseTableName, number>>): void {
    for (const [table, n] of Object.entries(counts) as [ReleaseTableName, number][]) this.counts[table] += n;
  }

  /** The old whole-release checksum (every row in one stream), when asked for in the constructor. */
  legacyChecksum(): string | null {
    this.hashPending();
    return this.legacy?.digest('hex') ?? null;
  }

  total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
}

/** A row's values in COPY text after release_id (each preceded by a tab), in `columns` order. */
function encodeLine(row: Record<string, unknown>, columns: readonly string[], table: string): string {
  let line = '';
  let count = 0;
  for (const key in row) {
    // The row's own key order is the table's almost always: one pass, no lookups.
    const value = row[key];
    if (key !== columns[count] || value === undefined) return encodeByName(row, columns, table);
    line += `\t${copyField(value)}`;
    count++;
  }
  if (count !== columns.length) return encodeByName(row, columns, table);
  return line;
}

function encodeByName(row: Record<string, unknown>, columns: readonly string[], table: string): string {
  if (Object.keys(row).length !== columns.length)
    throw new Error(
      `${table}: row has columns ${Object.keys(row).join(', ')}; expected ${columns.join(', ')}`,
    );
  let line = '';
  for (const column of columns) {
    const value = row[column];
    if (value === undefined) throw new Error(`${table}: row has no value for ${column} (use null)`);
    line += `\t${copyField(value)}`;
  }
  return line;
}
