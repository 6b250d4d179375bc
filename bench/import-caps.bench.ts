/**
 * Refusing hostile files (issue 11, finding 7): a 204 KB .csv.gz holding one 200 MB line, a gzip bomb
 * of short rows and a zip bomb, each beside the floor of reading a real .csv.gz of similar size to
 * the end. Before the caps the 200 MB line took 205 s and 1.3 GB; refused at the row cap it should
 * cost about as much as reading 1 MB of CSV, and the heap should not grow by more than a capped row.
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { DEMO_DATA_DIR } from '../src/demo/demo.ts';
import { ImportError } from '../src/ingest/import-error.ts';
import { readImport } from '../src/ingest/read.ts';
import type { Harness } from './harness.ts';

const HEADER = 'PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE\n';

async function readToEnd(path: string): Promise<string> {
  try {
    for await (const _ of readImport(path).batches);
    return 'read';
  } catch (error) {
    if (error instanceof ImportError) return error.code;
    throw error;
  }
}

async function oneHugeLine(path: string, megabytes: number): Promise<void> {
  const gzip = createGzip({ level: 9 });
  const done = once(gzip.pipe(createWriteStream(path)), 'finish');
  gzip.write(HEADER);
  const mb = Buffer.alloc(1024 * 1024, 'A');
  for (let i = 0; i < megabytes; i++) if (!gzip.write(mb)) await once(gzip, 'drain');
  gzip.end('\n');
  await done;
}

export default async function importCapsBench(h: Harness): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fairview-bench-caps-'));
  try {
    const line = join(dir, 'PREVALENCE_2425.csv.gz');
    await oneHugeLine(line, 200);
    const rows = Buffer.concat([
      Buffer.from(HEADER),
      Buffer.alloc(40 * 1024 * 1024, 'A81001,AF,1,TOTAL,9\n'),
    ]);
    const gzipBomb = join(dir, 'PREVALENCE_2122.csv.gz');
    writeFileSync(gzipBomb, gzipSync(rows, { level: 9 }));
    const zipBomb = join(dir, 'QOF2122.zip');
    writeFileSync(zipBomb, zipSync({ 'PREVALENCE_2122.csv': rows }, { level: 9 }));
    const real = join(DEMO_DATA_DIR, 'qof', 'ORGANISATION_REFERENCE_1617.csv.gz');
    const kb = (path: string) => `${Math.round(statSync(path).size / 1024)} KB`;

    h.group(
      `Refusing hostile files: ${kb(line)} .csv.gz of one 200 MB line; bombs of ${kb(gzipBomb)} (gz) and ${kb(zipBomb)} (zip) holding 40 MB`,
    );
    await h.baseline(`read a real ${kb(real)} .csv.gz to the end (the floor)`, 1, () => readToEnd(real));
    for (const [name, path] of [
      ['refuse the 200 MB line at the row cap', line],
      ['refuse the gzip bomb at the ratio cap', gzipBomb],
      ['refuse the zip bomb at the ratio cap', zipBomb],
    ] as const) {
      await h.task(name, 1, async () => {
        const outcome = await readToEnd(path);
        if (outcome !== 'too_large') throw new Error(`${name}: ${outcome}`);
        return outcome;
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
