// Importing several files and folders: each file is its own import (its own transaction and
// batch), a rejected file is reported and the next one still runs.
//
// What the files say does not depend on the order: organisations and memberships are resolved by
// each file's extract date, newest first (newest-wins.ts), so importing epraccur 2023 before or
// after 2016 gives the same answer. The order still puts files that describe organisations before
// the files that only hold facts about practices, so that --require-known-practices finds the
// practices a folder describes; within a format, files sort by path (their names carry the year or
// quarter). The format is detected from each file's first row, not guessed from its name.

import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { sql } from 'kysely';
import type { FormatId } from '../../domain/records.ts';
import { ImportError } from '../../ingest/import-error.ts';
import { peekFormat } from '../../ingest/peek-format.ts';
import type { Store } from '../../store/database.ts';
import { importFile } from './import-file.ts';
import type { ImportOptions, PathOutcome, RejectedOutcome } from './outcome.ts';

const IMPORT_ORDER: readonly FormatId[] = [
  'gp-reg-legacy-quarterly',
  'qof-organisation-reference',
  'qof-nhs-geographies',
  'qof-practice-points',
  'nhs-payments',
  'ods-epraccur',
  'ods-epcmem',
  'gp-reg-practice-map',
  'gp-reg-single-age',
  'qof-indicator-mappings',
  'qof-max-points',
  'gp-reg-quinary-age',
  'qof-prevalence',
  'qof-achievement',
  'fingertips-indicator-export',
  'fingertips-api-extract',
  'imd-by-practice',
];

export interface ImportPathsOptions extends ImportOptions {
  /** Before each file: its place in the queue. */
  onFileStart?: (file: QueuedFile, index: number, count: number) => void;
  /** After each file, imported, unchanged or rejected. */
  onFileDone?: (outcome: PathOutcome, index: number, count: number) => void;
}

export interface QueuedFile {
  path: string;
  sizeBytes: number;
  /** Detected from the first row; null when the start of the file does not match a format. */
  format: FormatId | null;
}

const IMPORTABLE = /\.(csv|csv\.gz|zip)$/i;

/** Imports every file named and every .csv/.csv.gz/.zip inside the folders named, in import order. */
export async function importPaths(
  store: Store,
  paths: readonly string[],
  options: ImportPathsOptions,
): Promise<PathOutcome[]> {
  const outcomes: PathOutcome[] = [];
  const files: string[] = [];
  for (const path of paths) {
    const found = await filesUnder(path);
    if (found === null)
      files.push(path); // not a folder: let the import report what is wrong
    else if (found.length === 0) outcomes.push(emptyFolder(path));
    else files.push(...found);
  }
  const queue = await importOrder([...new Set(files)], options.format);
  for (const [index, file] of queue.entries()) {
    options.onFileStart?.(file, index, queue.length);
    const started = performance.now();
    let outcome: PathOutcome;
    try {
      outcome = await importFile(store, file.path, options);
    } catch (error) {
      outcome = rejected(file, error, performance.now() - started);
    }
    outcomes.push(outcome);
    options.onFileDone?.(outcome, index, queue.length);
  }
  if (outcomes.some((o) => o.status === 'imported')) await refreshStatistics(store);
  return outcomes;
}

/**
 * After bulk imports the planner's row estimates are stale (PGlite runs no autovacuum at all), and a
 * plan made for an empty table can turn a sub-second query into a 30-second one. ANALYZE samples
 * each table, so it takes well under a second even for the 2 million population rows.
 */
async function refreshStatistics(store: Store): Promise<void> {
  await sql`analyze import_batch, organisation, organisation_observation, organisation_membership,
    list_size, population, qof_prevalence, qof_indicator, qof_achievement, qof_practice, indicator_value,
    imd_score, payment`.execute(store.db);
}

/** The files to import, with their detected formats, in the order they should be imported. */
export async function importOrder(paths: readonly string[], forced?: FormatId): Promise<QueuedFile[]> {
  const queue: QueuedFile[] = [];
  for (const path of paths) {
    let format: FormatId | null = forced ?? null;
    try {
      format ??= (await peekFormat(path))?.id ?? null;
    } catch {
      // an unknown format: imported last, where it is rejected with the full explanation
    }
    const sizeBytes = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    queue.push({ path, sizeBytes, format });
  }
  const rank = (f: QueuedFile) => (f.format === null ? IMPORT_ORDER.length : IMPORT_ORDER.indexOf(f.format));
  return queue.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path, 'en'));
}

/** Every importable file under a folder (recursively), or null when `path` is not a folder. */
async function filesUnder(path: string): Promise<string[] | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isDirectory()) return null;
  const found: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) found.push(...((await filesUnder(full)) ?? []));
    else if (entry.isFile() && IMPORTABLE.test(entry.name) && !entry.name.startsWith('.')) found.push(full);
  }
  return found;
}

function rejected(file: QueuedFile, error: unknown, durationMs: number): RejectedOutcome {
  const e = error instanceof Error ? error : new Error(String(error));
  const importError = e instanceof ImportError ? e : null;
  return {
    status: 'rejected',
    path: file.path,
    fileName: basename(file.path),
    checksum: null,
    format: file.format,
    message: e.message,
    line: importError?.line ?? null,
    column: importError?.column ?? null,
    error: e,
    durationMs,
  };
}

function emptyFolder(path: string): RejectedOutcome {
  const error = new ImportError(
    {
      code: 'unreadable_file',
      file: path,
      line: null,
      column: null,
      expected: 'a .csv, .csv.gz or .zip file',
      found: null,
    },
    'the folder holds no .csv, .csv.gz or .zip file',
  );
  return {
    status: 'rejected',
    path,
    fileName: basename(path),
    checksum: null,
    format: null,
    message: error.message,
    line: null,
    column: null,
    error,
    durationMs: 0,
  };
}
