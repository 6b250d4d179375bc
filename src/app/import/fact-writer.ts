// Buffers the facts of one import and writes them in batches inside the import's transaction.
// At most one batch is in flight: while the database writes it, the reader parses the next rows
// (PGlite runs in its own thread, PostgreSQL in its own process), so reading and writing overlap.
// A repeated key within one buffer keeps the last fact, as the upsert would across buffers.

import type { Kysely } from 'kysely';
import type { FactRecord, OrganisationRecord } from '../../domain/records.ts';
import { insertRows } from '../../store/insert-rows.ts';
import type { Database } from '../../store/schema.ts';
import { FACT_TABLES, type FactRow, type FactTableName, factRow } from './fact-rows.ts';
import { mergeOrganisation, upsertOrganisations } from './organisation-upsert.ts';

const BATCH_ROWS = 10_000;

export class FactWriter {
  /** Rows inserted or updated so far (by batches that have finished). */
  written = 0;
  /** Facts that repeated a key already in the same buffer (the later one was kept). */
  repeated = 0;
  private readonly buffers = new Map<FactTableName, Map<string, FactRow['row']>>();
  private organisations = new Map<string, OrganisationRecord>();
  private inflight: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly batchId: number,
  ) {}

  /**
   * Buffers a fact. Returns a promise only when a buffer was full and had to be handed to the
   * database (await it before adding more); null otherwise, so the common case costs no await.
   */
  add(record: FactRecord): Promise<void> | null {
    if (record.kind === 'organisation') {
      const earlier = this.organisations.get(record.code);
      if (earlier) this.repeated++;
      this.organisations.set(record.code, earlier ? mergeOrganisation(earlier, record) : record);
      return this.organisations.size >= BATCH_ROWS ? this.flushOrganisations() : null;
    }
    const { table, key, row } = factRow(record, this.batchId);
    let buffer = this.buffers.get(table);
    if (!buffer) {
      buffer = new Map();
      this.buffers.set(table, buffer);
    }
    const size = buffer.size;
    buffer.set(key, row);
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
    const rows = [...this.organisations.values()];
    this.organisations = new Map();
    await this.schedule(() => upsertOrganisations(this.db, rows, this.batchId));
  }

  private async flushTable(table: FactTableName): Promise<void> {
    const buffer = this.buffers.get(table);
    if (!buffer || buffer.size === 0) return;
    this.buffers.delete(table);
    const rows = [...buffer.values()];
    const { key, update } = FACT_TABLES[table];
    // The row and column types match `table` by construction (factRow pairs them); TypeScript cannot
    // follow that pairing through the map, hence the one cast at this boundary.
    await this.schedule(() =>
      insertRows(this.db, table, rows as never, { onConflict: { target: key, update } as never }),
    );
  }

  private async schedule(write: () => Promise<number>): Promise<void> {
    await this.inflight;
    this.throwIfFailed();
    this.inflight = write().then(
      (count) => {
        this.written += count;
      },
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
