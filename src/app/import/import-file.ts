// Importing one file: the use case behind `fairview import`, the demo and (later) the upload page.
//
// 1. The sha256 of the raw bytes is taken first: a file already imported (same checksum) is
//    'unchanged' and nothing is written.
// 2. Otherwise everything happens in ONE transaction: the import_batch row, then every fact with
//    that batch's id (upserted on its primary key), then the batch's counts.
// 3. Any error rolls the whole transaction back, so a rejected file writes no fact and no batch;
//    the rejection is then recorded in import_rejection, outside the transaction, and the error
//    (an ImportError naming file, line, column and what was expected) is thrown on.

import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import { FORMATS, formatDefinition } from '../../ingest/formats.ts';
import { ImportError } from '../../ingest/import-error.ts';
import { peekFormat } from '../../ingest/peek-format.ts';
import { type ReadSummary, readImport } from '../../ingest/read.ts';
import type { FormatDefinition } from '../../ingest/reader.ts';
import { isPrescribingFormat } from '../../ingest/readers/prescribing-formats.ts';
import { fileChecksum } from '../../ingest/source.ts';
import type { Store } from '../../store/database.ts';
import type { Database, ImportBatch } from '../../store/schema.ts';
import { writePrescribingImport } from '../prescribing/import-prescribing.ts';
import { FactWriter } from './fact-writer.ts';
import { observePracticesByCode, resolveOrganisations } from './newest-wins.ts';
import type {
  CountedReason,
  ImportedOutcome,
  ImportOptions,
  ImportProgress,
  RowRejection,
} from './outcome.ts';
import { PracticeCodes } from './practice-codes.ts';
import { keepRefusedRows } from './refused-rows.ts';

/**
 * A prescribing month this big is read by DuckDB beside the store in this process, and copied into it
 * in pieces. PGlite's WebAssembly heap never shrinks, so what it holds idle (~0.5 GB after a fresh
 * store's initdb, more after a big COPY) would sit beside DuckDB's 450 MB, and stay after the import:
 * PGlite is reopened before and after such a file (0.6 s each; nothing on PostgreSQL). A national
 * month into a fresh PGlite peaked at 2,316 MB before the pieces and this (docs/decisions.md,
 * "A national prescribing month copied in pieces, PGlite's memory given back around it").
 */
export const RELEASE_MEMORY_BYTES = 256 * 2 ** 20;

async function givingBackMemory<T>(store: Store, big: boolean, work: () => Promise<T>): Promise<T> {
  if (!big) return work();
  await store.releaseMemory();
  try {
    return await work();
  } finally {
    await store.releaseMemory();
  }
}

export async function importFile(
  store: Store,
  path: string,
  options: ImportOptions,
): Promise<ImportedOutcome> {
  const started = performance.now();
  const fileName = basename(path);
  const report = (p: Omit<ImportProgress, 'path' | 'fileName'>) =>
    options.onProgress?.({ path, fileName, ...p });
  let checksum: string | null = null;
  let format: FormatDefinition | null = null;
  try {
    const raw = await fileChecksum(path);
    checksum = raw.sha256;
    report({
      phase: 'checksum',
      bytesRead: raw.sizeBytes,
      totalBytes: raw.sizeBytes,
      rowsRead: 0,
      factsWritten: 0,
    });
    const existing = await batchWithChecksum(store.db, checksum);
    if (existing) return unchanged(path, existing, started);
    format = options.format ? formatDefinition(options.format) : await peekFormat(path);
    const known = { checksum, format };
    if (format && isPrescribingFormat(format.id)) {
      // Prescribing months are summed on the way in (src/app/prescribing/import-prescribing.ts).
      const prescribing = { checksum, format };
      return await givingBackMemory(
        store,
        raw.sizeBytes >= (options.releaseMemoryBytes ?? RELEASE_MEMORY_BYTES),
        () =>
          store.db
            .transaction()
            .execute((trx) => writePrescribingImport(trx, path, prescribing, options, report, started)),
      );
    }
    return await store.db
      .transaction()
      .execute((trx) => writeImport(trx, path, known, options, report, started));
  } catch (error) {
    if (checksum !== null && isDuplicateChecksum(error)) {
      // Another import of the identical file committed while this one ran.
      const existing = await batchWithChecksum(store.db, checksum);
      if (existing) return unchanged(path, existing, started);
    }
    await recordRejection(store.db, fileName, checksum, format, error, options.actor);
    throw error;
  }
}

type Report = (p: Omit<ImportProgress, 'path' | 'fileName'>) => void;

async function writeImport(
  trx: Kysely<Database>,
  path: string,
  known: { checksum: string; format: FormatDefinition | null },
  options: ImportOptions,
  report: Report,
  started: number,
): Promise<ImportedOutcome> {
  const fileName = basename(path);
  const batch = await insertBatch(trx, fileName, known, options);
  const practices = await PracticeCodes.load(trx);
  const hasHeader = known.format?.detection.by !== 'shape';
  const writer = new FactWriter(trx, batch.id, path, hasHeader);
  const rejectUnknown = options.unknownPractices === 'reject';
  const reading = readImport(path, {
    ...(options.period ? { period: options.period } : {}),
    ...(options.format ? { format: options.format } : {}),
    // The reader refuses a row about an unknown practice, with its line and column; this import then
    // rejects the whole file. Without the hook the facts are kept and the practice added by code.
    ...(rejectUnknown ? { isKnownPractice: (code: string) => practices.has(code) } : {}),
    onProgress: (p) => report({ phase: 'reading', ...p, factsWritten: writer.written }),
  });
  await writeFacts(path, reading, practices, writer, hasHeader, report);
  const summary = reading.summary;
  if (summary.checksum !== known.checksum) {
    throw new ImportError(
      { code: 'unreadable_file', file: fileName, line: null, column: null, expected: null, found: null },
      'the file changed while it was being imported; import it again',
    );
  }
  const unknownPractice = summary.parts
    .flatMap((p) => p.rejections)
    .find((e) => e.code === 'unknown_practice');
  if (rejectUnknown && unknownPractice) throw unknownPractice;
  const unknown = practices.unknown();
  if (rejectUnknown && unknown.length > 0) {
    // Facts the reader does not check (a Fingertips value for a GP area): point at the first one.
    throw await practices.unknownError(path, hasHeader, unknown);
  }
  // Practices that facts name and no file describes are kept by their code (an undated statement).
  await observePracticesByCode(trx, unknown, batch.id);
  await resolveOrganisations(trx, batch.id);
  const added = unknown.length;
  const factsWritten = writer.written + added;
  const rowsRejected = await keepRefusedRows(trx, batch.id, summary.parts);
  const described = describeParts(summary, options.period ?? null, known.format);
  const describedAs = options.publisherLabel
    ? { ...described, publisher: options.publisherLabel }
    : described;
  await trx
    .updateTable('import_batch')
    .set({
      format: describedAs.format,
      publisher: describedAs.publisher,
      period: describedAs.period,
      rows_read: summary.rowsRead,
      facts_written: factsWritten,
      rows_skipped: summary.rowsSkipped,
      rows_rejected: rowsRejected,
    })
    .where('id', '=', batch.id)
    .execute();
  const notes = importNotes(summary, added, writer.repeated);
  return {
    status: 'imported',
    path,
    fileName,
    checksum: known.checksum,
    batchId: batch.id,
    format: describedAs.format,
    formatName: describedAs.formatName,
    publisher: describedAs.publisher,
    period: describedAs.period,
    rowsRead: summary.rowsRead,
    factsWritten,
    rowsSkipped: summary.rowsSkipped,
    skipped: counted(mergeCounts(summary.parts.map((p) => p.skipReasons))),
    rowsRejected: summary.rowsRejected,
    rejections: summary.parts.flatMap((p) => p.rejections.map(rowRejection)),
    notes,
    durationMs: performance.now() - started,
  };
}

/** The batch row, made first so every fact can name it; refined once the file has been read. */
async function insertBatch(
  trx: Kysely<Database>,
  fileName: string,
  known: { checksum: string; format: FormatDefinition | null },
  options: ImportOptions,
): Promise<{ id: number }> {
  return trx
    .insertInto('import_batch')
    .values({
      file_name: fileName,
      checksum: known.checksum,
      // Refined from what the reader found once the file has been read (a zip may hold several).
      format: known.format?.id ?? 'unknown',
      publisher: known.format?.publisher ?? 'unknown',
      period: options.period ?? null,
      imported_by: options.actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Every record read, checked for its practice and written, in batches; the writer settles on failure. */
async function writeFacts(
  path: string,
  reading: ReturnType<typeof readImport>,
  practices: PracticeCodes,
  writer: FactWriter,
  hasHeader: boolean,
  report: Report,
): Promise<void> {
  try {
    for await (const batch of reading.located) {
      const { file, records, lines } = batch;
      for (let i = 0; i < records.length; i++) {
        const record = records[i]!;
        if (!practices.see(record)) throw await practices.malformedError(path, hasHeader);
        const full = writer.add(record, { file, line: lines[i]! });
        if (full) await full;
      }
    }
    const summary = reading.summary;
    report({
      phase: 'finishing',
      bytesRead: summary.sizeBytes,
      totalBytes: summary.sizeBytes,
      rowsRead: summary.rowsRead,
      factsWritten: writer.written,
    });
    await writer.finish();
  } catch (error) {
    await writer.settle();
    throw error;
  }
}

function importNotes(summary: ReadSummary, added: number, repeated: number) {
  const notes = counted(mergeCounts(summary.parts.map((p) => p.notes)));
  if (added > 0)
    notes.push({ reason: 'practices not named by any organisation file, added by code', rows: added });
  if (repeated > 0) notes.push({ reason: 'repeated facts (the last one kept)', rows: repeated });
  const fallback = summary.parts.reduce((n, p) => n + p.windows1252Fields, 0);
  if (fallback > 0) notes.push({ reason: 'text fields read as Windows-1252', rows: fallback });
  return notes;
}

function describeParts(
  summary: ReadSummary,
  period: string | null,
  peeked: FormatDefinition | null,
): { format: string; formatName: string; publisher: string; period: string | null } {
  const formats = distinct(summary.parts.map((p) => p.format));
  const ids = distinct(formats.map((f) => f.id));
  if (ids.length === 0 && peeked) ids.push(peeked.id);
  const names = ids.map((id) => FORMATS.find((f) => f.id === id)?.name ?? id);
  const publishers = distinct(ids.map((id) => FORMATS.find((f) => f.id === id)?.publisher ?? 'unknown'));
  const periods = distinct(summary.parts.map((p) => p.period).filter((p): p is string => p !== null));
  return {
    format: ids.join('+') || 'unknown',
    formatName: names.join(' + ') || 'unknown',
    publisher: publishers.join('; ') || 'unknown',
    period: period ?? (periods.length > 0 ? periods.join(', ') : null),
  };
}

function unchanged(path: string, batch: ImportBatch, started: number): ImportedOutcome {
  const format = FORMATS.find((f) => f.id === batch.format);
  return {
    status: 'unchanged',
    path,
    fileName: basename(path),
    checksum: batch.checksum,
    batchId: batch.id,
    format: batch.format,
    formatName: format?.name ?? batch.format,
    publisher: batch.publisher,
    period: batch.period,
    rowsRead: 0,
    factsWritten: 0,
    rowsSkipped: 0,
    skipped: [],
    rowsRejected: 0,
    rejections: [],
    notes: [],
    durationMs: performance.now() - started,
  };
}

async function batchWithChecksum(db: Kysely<Database>, checksum: string): Promise<ImportBatch | undefined> {
  return db.selectFrom('import_batch').selectAll().where('checksum', '=', checksum).executeTakeFirst();
}

function isDuplicateChecksum(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return (
    e?.code === '23505' &&
    typeof e.constraint === 'string' &&
    e.constraint.startsWith('import_batch_checksum')
  );
}

/** Best effort: the store may be the reason the import failed, and the import's error matters more. */
async function recordRejection(
  db: Kysely<Database>,
  fileName: string,
  checksum: string | null,
  format: FormatDefinition | null,
  error: unknown,
  actor: string,
): Promise<void> {
  const importError = error instanceof ImportError ? error : null;
  try {
    await db
      .insertInto('import_rejection')
      .values({
        file_name: fileName,
        // An unreadable file has no checksum; the column requires text.
        checksum: checksum ?? '',
        format: format?.id ?? null,
        message: error instanceof Error ? error.message : String(error),
        line: importError?.line ?? null,
        column_name: importError?.column ?? null,
        attempted_by: actor,
      })
      .execute();
  } catch {
    // the original error is rethrown by the caller
  }
}

function rowRejection(error: ImportError): RowRejection {
  return { message: error.message, line: error.line, column: error.column };
}

function mergeCounts(counts: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const c of counts) for (const [k, v] of Object.entries(c)) total[k] = (total[k] ?? 0) + v;
  return total;
}

function counted(counts: Record<string, number>): CountedReason[] {
  return Object.entries(counts)
    .map(([reason, rows]) => ({ reason, rows }))
    .sort((a, b) => b.rows - a.rows || a.reason.localeCompare(b.reason));
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
