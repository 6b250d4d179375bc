// Real NHS files cut down for the benchmarking tests and imported through the real import use case:
// QOF registers of chosen disease groups (every practice, or a chosen set), the QOF organisation
// reference / geography files (hierarchy), one legacy quarterly list-size file (age-sex population,
// extract 2016-01-01) and the Fingertips IMD extract (IMD 2010 / 2015 / 2019). Rows are cut, never edited.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile } from '../../src/app/import/import-file.ts';
import type { Store } from '../../src/store/database.ts';
import { NHS_DATA } from '../support/nhs-data.ts';

export const NHS = NHS_DATA;

export interface SliceOptions {
  /** QOF files, e.g. ['PREVALENCE_1819_v2.csv']. */
  prevalence: readonly string[];
  /** Disease groups to keep, e.g. ['AF']. */
  groups: readonly string[];
  /** Hierarchy files under qof/, e.g. ['ORGANISATION_REFERENCE_1819_v2.csv']. */
  hierarchy: readonly string[];
  /** Keep only these practices (default: all). */
  practices?: ReadonlySet<string>;
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l !== '');
}

/** The practice code column of a header line. */
function practiceColumn(header: string): number {
  const names = header.split(',').map((n) => n.trim().toUpperCase());
  const i = names.findIndex((n) => n === 'PRACTICE_CODE' || n === 'PRACTICE CODE' || n === 'AREACODE');
  if (i < 0) throw new Error(`no practice column in ${header}`);
  return i;
}

function cut(path: string, keep: (fields: string[]) => boolean): string[] {
  const [header, ...rows] = lines(path);
  return [header!, ...rows.filter((r) => keep(r.split(',')))];
}

export interface Slice {
  folder: string;
  files: string[];
  remove(): Promise<void>;
}

/** Writes the cut files to a temporary folder (named as published, so periods are read from names). */
export async function writeSlice(options: SliceOptions): Promise<Slice> {
  const folder = await mkdtemp(join(tmpdir(), 'fairview-benchmarking-'));
  const files: string[] = [];
  const inSlice = (code: string | undefined) =>
    !options.practices || (code !== undefined && options.practices.has(code));
  const write = async (name: string, content: string[]) => {
    const path = join(folder, name);
    await writeFile(path, `${content.join('\n')}\n`);
    files.push(path);
  };
  for (const name of options.hierarchy) {
    const path = join(NHS, 'qof', name);
    const column = practiceColumn(lines(path)[0]!);
    await write(
      name,
      cut(path, (f) => inSlice(f[column])),
    );
  }
  for (const name of options.prevalence) {
    const path = join(NHS, 'qof', name);
    await write(
      name,
      cut(path, (f) => options.groups.includes(f[1]!) && inSlice(f[0])),
    );
  }
  const population = join(NHS, 'registrations', 'legacy-quarterly', 'Patient_List_Size_2016_01-03.csv');
  const populationColumn = practiceColumn(lines(population)[0]!);
  await write(
    'Patient_List_Size_2016_01-03.csv',
    cut(population, (f) => inSlice(f[populationColumn])),
  );
  const imd = join(NHS, 'fingertips', 'imd-by-practice-api.csv');
  await write(
    'imd-by-practice-api.csv',
    cut(imd, (f) => inSlice(f[2])),
  );
  return { folder, files, remove: () => rm(folder, { recursive: true, force: true }) };
}

/** Imports every file of the slice (importFile throws for a rejected file). */
export async function importSlice(store: Store, slice: Slice): Promise<void> {
  for (const path of slice.files) {
    await importFile(store, path, { actor: 'test' });
  }
}

/** The first `count` practice codes (in code order) of a QOF prevalence file. */
export function firstPractices(file: string, count: number): Set<string> {
  const codes = new Set<string>();
  for (const row of lines(join(NHS, 'qof', file)).slice(1)) {
    codes.add(row.split(',')[0]!);
  }
  return new Set([...codes].sort().slice(0, count));
}
