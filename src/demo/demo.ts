// The demo: on an empty store, import the real NHS open data the project carries (demo-data/, gzip
// copies of the published files) and derive lineage, so a first start shows England's practices;
// then the first file of the demo's one SYNTHETIC local indicator (demo-data/synthetic/, see
// synthetic.ts), through the indicator template import. A store that already holds data is left
// as it is, so a second start is instant.

import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importOrder, importPaths } from '../app/import/import-paths.ts';
import type { ImportProgress, PathOutcome } from '../app/import/outcome.ts';
import { importIndicatorTemplate, type TemplateImport } from '../app/indicators/import-template.ts';
import { deriveLineage, type LineageDerivation } from '../app/lineage/derive.ts';
import type { Store } from '../store/database.ts';
import { type DemoPrescribingImport, importDemoPrescribing } from './prescribing.ts';
import { DEMO_SYNTHETIC_FIRST_FILE, DEMO_SYNTHETIC_FOLDER, DEMO_SYNTHETIC_SUB_ICB } from './synthetic.ts';

/** Who the demo's batches were imported by. */
export const DEMO_ACTOR = 'demo';

/** demo-data/ beside src/, found from this file, whatever the working directory. */
export const DEMO_DATA_DIR = fileURLToPath(new URL('../../demo-data/', import.meta.url));

/**
 * Legacy quarterly list files bundled but left out of the demo import (the CLI can import them:
 * `fairview import demo-data/registrations/legacy-quarterly`). Empty: the demo imports them all.
 */
export const DEMO_SKIPPED_FILES: readonly string[] = [];

export type DemoProgress =
  /** `sizes`: each file's bytes, in import order (for progress by bytes). */
  | { type: 'start'; fileCount: number; sizes: number[] }
  | { type: 'file-start'; index: number; fileCount: number; file: string; sizeBytes: number }
  | { type: 'file-progress'; index: number; fileCount: number; file: string; progress: ImportProgress }
  | { type: 'file-done'; index: number; fileCount: number; file: string; outcome: PathOutcome }
  | { type: 'lineage'; derivation: LineageDerivation }
  | { type: 'synthetic'; file: string; imported: TemplateImport }
  | { type: 'prescribing'; imported: DemoPrescribingImport }
  | { type: 'done'; outcomes: PathOutcome[]; durationMs: number };

export interface DemoImport {
  /** False when the store already held data and nothing was imported. */
  imported: boolean;
  outcomes: PathOutcome[];
  lineage: LineageDerivation | null;
  durationMs: number;
}

export interface DemoOptions {
  /** The instant the demo is imported at (the caller's clock). */
  now: Date;
  onProgress?: (event: DemoProgress) => void;
  /** Defaults to DEMO_DATA_DIR (tests point it at a smaller folder). */
  folder?: string;
}

export async function importDemoData(store: Store, options: DemoOptions): Promise<DemoImport> {
  const started = performance.now();
  const folder = options.folder ?? DEMO_DATA_DIR;
  const queued = await demoFiles(folder);
  const files = queued.map((f) => f.path);
  // Import into an empty store only. One exception: a first start that was interrupted leaves some
  // of the demo's batches and nothing else; it is completed (files already in are 'unchanged').
  const batches = await store.db
    .selectFrom('import_batch')
    .select(['imported_by', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('imported_by')
    .execute();
  const demoBatches = Number(batches.find((b) => b.imported_by === DEMO_ACTOR)?.n ?? 0);
  const othersPresent = batches.some((b) => b.imported_by !== DEMO_ACTOR);
  if (othersPresent || demoBatches >= files.length) {
    return { imported: false, outcomes: [], lineage: null, durationMs: performance.now() - started };
  }
  const emit = options.onProgress ?? (() => undefined);
  emit({ type: 'start', fileCount: files.length, sizes: queued.map((f) => f.sizeBytes) });
  const name = (path: string) => relative(folder, path);
  const outcomes = await importPaths(store, files, {
    actor: DEMO_ACTOR,
    onFileStart: (file, index, fileCount) =>
      emit({ type: 'file-start', index, fileCount, file: name(file.path), sizeBytes: file.sizeBytes }),
    onFileDone: (outcome, index, fileCount) =>
      emit({ type: 'file-done', index, fileCount, file: name(outcome.path), outcome }),
    onProgress: (progress) => {
      const index = files.indexOf(progress.path);
      emit({ type: 'file-progress', index, fileCount: files.length, file: name(progress.path), progress });
    },
  });
  const lineage = await deriveLineage(store, { actor: DEMO_ACTOR, now: options.now });
  emit({ type: 'lineage', derivation: lineage });
  // The synthetic monthly indicator (the same file twice is recognised and changes nothing).
  const synthetic = join(folder, DEMO_SYNTHETIC_FOLDER, DEMO_SYNTHETIC_FIRST_FILE);
  if (existsSync(synthetic)) {
    const imported = await importIndicatorTemplate(store, synthetic, DEMO_ACTOR, options.now);
    emit({ type: 'synthetic', file: name(synthetic), imported });
  }
  // SYNTHETIC prescribing months for the same sub-ICB's practices, in the EPD layout, through the real
  // prescribing import (src/demo/prescribing.ts); the release's recompute runs the measures.
  const prescribing = await importDemoPrescribing(store, {
    subIcb: DEMO_SYNTHETIC_SUB_ICB,
    actor: DEMO_ACTOR,
  });
  emit({ type: 'prescribing', imported: prescribing });
  const durationMs = performance.now() - started;
  emit({ type: 'done', outcomes, durationMs });
  return { imported: true, outcomes, lineage, durationMs };
}

/** One printable line for the events worth printing (start, each file done, lineage, done); else null. */
export function demoProgressLine(event: DemoProgress): string | null {
  switch (event.type) {
    case 'start':
      return `Importing the bundled NHS open data (${event.fileCount} files); this happens once.`;
    case 'file-done': {
      const o = event.outcome;
      const at = `[${event.index + 1}/${event.fileCount}]`;
      const seconds = (o.durationMs / 1000).toFixed(1);
      if (o.status === 'rejected') return `${at} ${event.file}: REJECTED: ${o.message}`;
      if (o.status === 'unchanged') return `${at} ${event.file}: unchanged (imported before)`;
      return `${at} ${event.file}: ${o.rowsRead.toLocaleString('en-GB')} rows, ${o.factsWritten.toLocaleString('en-GB')} facts in ${seconds} s`;
    }
    case 'lineage':
      return (
        `Lineage derived from the data: ${event.derivation.closures} closures, ` +
        `${event.derivation.mergers} mergers, ${event.derivation.successions} successions, ` +
        `${event.derivation.commissioners} links between commissioners; ` +
        `${event.derivation.candidates} merger candidates wait for an administrator.`
      );
    case 'synthetic':
      return event.imported.imported
        ? `${event.file}: SYNTHETIC monthly indicator (not NHS data), ${event.imported.valuesWritten.toLocaleString('en-GB')} values`
        : `${event.file}: unchanged (imported before)`;
    case 'prescribing': {
      const o = event.imported.outcome;
      if (o === null)
        return `${event.imported.fileName}: no practices with a list, so no SYNTHETIC prescribing`;
      if (o.status === 'rejected') return `${event.imported.fileName}: REJECTED: ${o.message}`;
      if (o.status === 'unchanged') return `${event.imported.fileName}: unchanged (imported before)`;
      return `${event.imported.fileName}: SYNTHETIC prescribing (not NHS data) for ${event.imported.practices} practices, ${o.rowsRead.toLocaleString('en-GB')} rows`;
    }
    case 'done':
      return `Demo data imported in ${(event.durationMs / 1000).toFixed(0)} s.`;
    default:
      return null;
  }
}

/**
 * The demo's NHS files in import order (paths are absolute, so progress events match them). The
 * synthetic folder is not NHS data and is imported separately, as an indicator template.
 */
async function demoFiles(folder: string): Promise<Array<{ path: string; sizeBytes: number }>> {
  const all: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (relative(folder, full) !== DEMO_SYNTHETIC_FOLDER) await walk(full);
      } else if (
        /\.(csv|csv\.gz|zip)$/i.test(entry.name) &&
        !DEMO_SKIPPED_FILES.includes(relative(folder, full))
      ) {
        all.push(full);
      }
    }
  };
  await walk(folder);
  return await importOrder(all);
}
