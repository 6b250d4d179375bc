// Buffers the facts of one import and writes them in batches inside the import's transaction.
// At most one batch is in flight: while the database writes it, the reader parses the next rows
// (PGlite runs in its own thread, PostgreSQL in its own process), so reading and writing overlap.
// A repeated key within one buffer keeps the last fact, as the upsert would across buffers.
//
// Each fact keeps the file and line it came from, and each batch is written under a savepoint: if
// the database refuses a batch, the refused row is found and reported with its file, line and
// column (database-refusal.ts) instead of a raw database message.

import type { Kysely } from 'kysely';
import type { FactRecord, OrganisationRecord } from '../../domain/records.ts';
import { insertRows } from '../../store/insert-rows.ts';
import type { Database } from '../../store/schema.ts';
import { type Located, refusalOf, withSavepoint } from './database-refusal.ts';
import { FACT_TABLES, type FactRow, type FactTableName, factRow } from './fact-rows.ts';
import { mergeOrganisation, recordObservations } from './newest-wins.ts';

const BATCH_ROWS = 10_000;

interface Buffered<R> {
  row: R;
  at: Located;
}

export class FactWriter {
  /** Rows inserted or updated so far (by batches that have finished). */
  written = 0;
  /** Facts that repeated a key already in the same buffer (the later one was kept). */
  repeated = 0;
  private readonly buffers = new Map<FactTableName, Map<string, Buffered<FactRow['row']>>>();
  private organisations = new Map<string, Buffered<OrganisationRecord>>();
  private inflight: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  /** `path` and `hasHeader` let a refusal be traced back to its line in the file. */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly batchId: number,
    private readonly path: string,
    private readonly hasHeader: boolean,
  ) {}

  /**
   * Buffers a fact read at `at`. Returns a promise only when a buffer was full and had to be handed
   * to the database (await it before adding more); null otherwise, so the common case costs no await.
   */
  add(record: FactRecord, at: Located): Promise<void> | null {
    if (record.kind === 'organisation') {
      const earlier = this.organisations.get(record.code);
      if (earlier) this.repeated++;
      this.organisations.set(record.code, {
        row: earlier ? mergeOrganisation(earlier.row, record) : record,
        at,
      });
      return this.organisations.size >= BATCH_ROWS ? this.flushOrganisations() : null;
    }
    const { table, key, row } = factRow(record, this.batchId);
    let buffer = this.buffers.get(table);
    if (!buffer) {
      buffer = new Map();
      this.buffers.set(table, buffer);
    }
    const size = buffer.size;
    buffer.set(key, { row, at });
    if (buffer.size === size) this.repeated++;
    return buffer.size >= BATCH_ROWS ? this.flushTable(table) : null;
  }

  /** Writes everything still buffered and waits for it; throws the first write error. */
  async finish(): Promise<void> {
    await this.flushOrganisations();
    for (const table of [...this.buffers.keys()]) await this.flushTable(table);
    await this.inflight;
    this.throwIfFailed();
  }

  /** Waits for the write in flight, ignoring its outcome: before rolling back after an error. */
  async settle(): Promise<void> {
    await this.inflight;
  }

  private async flushOrganisations(): Promise<void> {
    if (this.organisations.size === 0) return;
    const buffered = [...this.organisations.values()];
    this.organisations = new Map();
    await this.schedule(buffered, (rows) => recordObservations(this.db, rows, this.batchId));
  }

  private async flushTable(table: FactTableName): Promise<void> {
    const buffer = this.buffers.get(table);
    if (!buffer || buffer.size === 0) return;
    this.buffers.delete(table);
    const { key, update, merge, where } = FACT_TABLES[table];
    // The row and column types match `table` by construction (factRow pairs them); TypeScript cannot
    // follow that pairing through the map, hence the one cast at this boundary.
    await this.schedule([...buffer.values()], (rows) =>
      insertRows(this.db, table, rows as never, {
        onConflict: { target: key, update, merge, where } as never,
      }),
    );
  }

  private async schedule<R extends object>(
    buffered: readonly Buffered<R>[],
    write: (rows: readonly R[]) => Promise<number>,
  ): Promise<void> {
    await this.inflight;
    this.throwIfFailed();
    const rows = buffered.map((b) => b.row);
    this.inflight = withSavepoint(this.db, () => write(rows)).then(
      (count) => {
        this.written += count;
      },
      async (error: unknown) => {
        const where = buffered.map((b) => b.at);
        const refusal = await refusalOf(this.db, this.path, this.hasHeader, rows, where, write, error).catch(
          () => error,
        );
        this.failure ??= { error: refusal };
      },
    );
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
