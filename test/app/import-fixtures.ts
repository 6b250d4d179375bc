// Real published files for the import tests: the bundled gzip copies, or the first lines of one
// (the same bytes, fewer rows) when the whole file would only make a test slower, and bad files
// made by appending one bad row to real rows.

import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.ts';

export const DEMO = fileURLToPath(new URL('../../demo-data/', import.meta.url));

export function demoFile(relative: string): string {
  return join(DEMO, relative);
}

/** The data lines of a bundled file (without its header when it has one). */
export function demoLines(relative: string): string[] {
  return gunzipSync(readFileSync(demoFile(relative)))
    .toString('utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
}

export class TempFolder {
  private constructor(readonly path: string) {}

  static async create(): Promise<TempFolder> {
    return new TempFolder(await mkdtemp(join(tmpdir(), 'fairview-import-test-')));
  }

  /** Writes `lines` (joined with CRLF, as NHS files often are) to `name` in the folder. */
  async write(name: string, lines: readonly string[]): Promise<string> {
    const path = join(this.path, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${lines.join('\r\n')}\r\n`);
    return path;
  }

  /** The first `rows` data rows of a bundled file (plus its header), as plain CSV named `name`. */
  async head(relative: string, rows: number, name: string): Promise<string> {
    return this.write(name, demoLines(relative).slice(0, rows + 1));
  }

  async copy(relative: string, name = relative): Promise<string> {
    const path = join(this.path, name);
    await mkdir(dirname(path), { recursive: true });
    await copyFile(demoFile(relative), path);
    return path;
  }

  async remove(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }
}

/** Row counts of every fact table and the import bookkeeping. */
export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables = [
    'import_batch',
    'import_rejection',
    'organisation',
    'organisation_membership',
    'organisation_lineage',
    'list_size',
    'population',
    'qof_prevalence',
    'qof_indicator',
    'indicator_value',
    'imd_score',
    'payment',
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
