/**
 * Seeds a store for the benchmarking page tests the way a real user would: the bundled NHS files,
 * cut down to the practices of one sub-ICB location (Tees Valley, 16C: about 75 practices in 15 PCNs),
 * imported with the real import use case, then `recompute` (published as release "test-2025").
 * Cutting rows keeps each file's own header and quirks; only other practices' rows are dropped.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { recompute } from '../../src/app/compute/recompute.ts';
import { importPaths } from '../../src/app/import/import-paths.ts';
import type { Store } from '../../src/store/database.ts';
import type { Seed } from '../support/seeds.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'demo-data');

export const SLICE_SUB_ICB = '16C';
export const SLICE_RELEASE = 'test-2025';

function demoLines(relative: string): string[] {
  return gunzipSync(readFileSync(join(DEMO, relative)))
    .toString('utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
}

/** The practice codes of the sub-ICB location in the July 2026 practice mapping. */
export function slicePractices(subIcb = SLICE_SUB_ICB): string[] {
  const [header, ...rows] = demoLines('registrations/gp-reg-pat-prac-map.csv.gz');
  const columns = header!.split(',');
  const practice = columns.indexOf('PRACTICE_CODE');
  const sub = columns.indexOf('SUB_ICB_LOCATION_CODE');
  // The mapping's names hold no commas before the sub-ICB code, so a plain split finds it.
  return rows
    .map((r) => r.split(','))
    .filter((f) => f[sub] === subIcb)
    .map((f) => f[practice]!)
    .sort();
}

function codeIn(line: string, index: number): string {
  return (line.split(',')[index] ?? '').replace(/^"|"$/g, '');
}

async function writeSlice(folder: string, practices: Set<string>): Promise<void> {
  const cut = async (relative: string, keep: (line: string, index: number) => boolean) => {
    const lines = demoLines(relative).filter(keep);
    const path = join(folder, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, gzipSync(`${lines.join('\r\n')}\r\n`));
  };
  // epraccur has no header: the code is field 0.
  await cut('ods/epraccur.csv.gz', (l) => practices.has(codeIn(l, 0)));
  await cut('registrations/gp-reg-pat-prac-map.csv.gz', (l, i) => i === 0 || practices.has(codeIn(l, 2)));
  // Population: the GP rows of the slice only (the area rows describe all of England).
  await cut(
    'registrations/gp-reg-pat-prac-quin-age.csv.gz',
    (l, i) => i === 0 || (codeIn(l, 2) === 'GP' && practices.has(codeIn(l, 3))),
  );
  for (const year of ['1617', '1718', '1819_v2', '1920', '2021_v2', '2425']) {
    await cut(`qof/PREVALENCE_${year}.csv.gz`, (l, i) => i === 0 || practices.has(codeIn(l, 0)));
  }
  await cut('qof/INDICATOR_MAPPINGS_2022_2023.csv.gz', () => true);
  await cut('fingertips/imd-2025-by-practice.csv.gz', (l, i) => i === 0 || practices.has(codeIn(l, 0)));
  // Smoking prevalence (lower is better): its GP rows for the slice. Names can hold quoted commas, so
  // look for the practice code as a whole field anywhere in the line.
  await cut('fingertips/smoking-prevalence-qof-91547.csv.gz', (l, i) => {
    if (i === 0) return true;
    const m = /,([A-Z]\d{5}),/.exec(l);
    return m !== null && practices.has(m[1]!);
  });
}

export interface SeededSlice {
  practices: string[];
  releaseName: string;
}

/**
 * The slice imported and published as release `test-2025`, planted once per run (test/support/seeds.ts):
 * for `forEachDatabase(name, { seed: BENCHMARKING_SLICE }, …)` and `withSliceServer(…, { from: … })`.
 */
export const BENCHMARKING_SLICE: Seed = {
  name: 'benchmarking-slice',
  async plant(store) {
    await seedBenchmarkingSlice(store);
  },
};

/** Imports the slice into `store` and publishes one release; returns the practice codes. */
export async function seedBenchmarkingSlice(
  store: Store,
  options: { publish?: boolean; release?: string } = {},
): Promise<SeededSlice> {
  const practices = slicePractices();
  const folder = await mkdtemp(join(tmpdir(), 'fairview-bench-slice-'));
  try {
    await writeSlice(folder, new Set(practices));
    const files = [
      'ods/epraccur.csv.gz',
      'registrations/gp-reg-pat-prac-map.csv.gz',
      'registrations/gp-reg-pat-prac-quin-age.csv.gz',
      'qof/INDICATOR_MAPPINGS_2022_2023.csv.gz',
      ...['1617', '1718', '1819_v2', '1920', '2021_v2', '2425'].map((y) => `qof/PREVALENCE_${y}.csv.gz`),
      'fingertips/imd-2025-by-practice.csv.gz',
      'fingertips/smoking-prevalence-qof-91547.csv.gz',
    ].map((f) => join(folder, f));
    const outcomes = await importPaths(store, files, { actor: 'test-seed' });
    const failed = outcomes.filter((o) => o.status !== 'imported');
    if (failed.length > 0) throw new Error(`slice import failed: ${JSON.stringify(failed).slice(0, 2000)}`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  const releaseName = options.release ?? SLICE_RELEASE;
  await recompute(store, {
    now: new Date(),
    release: releaseName,
    publish: options.publish ?? true,
    actor: 'test-seed',
  });
  return { practices, releaseName };
}
