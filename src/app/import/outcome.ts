// What an import reports back: to the CLI's summary table, the demo's progress lines and the tests.

import type { FormatId } from '../../domain/records.ts';

export interface ImportOptions {
  /** Who asked for the import: stored as import_batch.imported_by / import_rejection.attempted_by. */
  actor: string;
  /** The period when the file does not state it (a QOF or financial year, or an extract date). */
  period?: string;
  /** Read every file as this format instead of detecting one from its header. */
  format?: FormatId;
  /**
   * What to do with a fact about a practice that no organisation file has named yet:
   * 'add' (default) keeps the fact and adds the practice by its code alone, so no data is dropped;
   * 'reject' rejects the file ("unknown practice code").
   */
  unknownPractices?: 'add' | 'reject';
  /**
   * Said in the import history instead of the format's publisher, for files that are not published
   * data (test fixtures, SYNTHETIC files): e.g. "TEST FIXTURE: made-up counts, not published data".
   */
  publisherLabel?: string;
  /**
   * A prescribing month at least this big (bytes on disk; default RELEASE_MEMORY_BYTES, 256 MB) has
   * the embedded database give back its idle memory before and after it (import-file.ts).
   */
  releaseMemoryBytes?: number;
  /** Called while the file is checksummed, read and written. */
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  path: string;
  fileName: string;
  phase: 'checksum' | 'reading' | 'finishing';
  /** Raw (compressed) bytes read so far in this phase. */
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
  factsWritten: number;
}

/** A count with the reason it was counted, e.g. 7,745 × "not a GP practice (prescribing setting 0)". */
export interface CountedReason {
  reason: string;
  rows: number;
}

/** A row refused while the rest of the file was kept (the reader's lenient checks). */
export interface RowRejection {
  message: string;
  line: number | null;
  column: string | null;
}

export interface ImportedOutcome {
  status: 'imported' | 'unchanged';
  path: string;
  fileName: string;
  /** sha256 hex of the raw file bytes. */
  checksum: string;
  /** The batch written now, or (unchanged) the batch that imported the identical file before. */
  batchId: number;
  format: FormatId | string;
  formatName: string;
  publisher: string;
  period: string | null;
  /** Data rows read (0 when unchanged: the file was recognised by its checksum and not read). */
  rowsRead: number;
  /** Rows inserted or updated in every table, organisations and memberships included. */
  factsWritten: number;
  rowsSkipped: number;
  skipped: CountedReason[];
  rowsRejected: number;
  /** The first rejected rows (up to 100 per part), each with line and column. */
  rejections: RowRejection[];
  /** Rows kept but repaired or read leniently, and what the import added (practices known by code). */
  notes: CountedReason[];
  durationMs: number;
}

export interface RejectedOutcome {
  status: 'rejected';
  path: string;
  fileName: string;
  checksum: string | null;
  format: FormatId | null;
  /** The full message: file, line, column, what was expected and what was found. */
  message: string;
  line: number | null;
  column: string | null;
  error: Error;
  durationMs: number;
}

export type ImportOutcome = ImportedOutcome;
export type PathOutcome = ImportedOutcome | RejectedOutcome;
