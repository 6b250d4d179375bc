/**
 * Runs every `bench/*.bench.ts` module (each exports `default async function (h: Harness)`).
 *
 *   npm run bench                      all benchmarks
 *   npm run bench -- stats             only files whose name contains "stats"
 *   npm run bench -- --scale 0.05      smaller problem sizes, for a quick check that everything runs
 *   npm run bench -- --runs 3          best of three runs per task
 *   npm run bench -- prescribing --rows 1000000   a smaller prescribing month than the national 18M rows
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Harness } from './harness.ts';

type BenchModule = { default: (h: Harness) => Promise<void> };

function parse(argv: string[]): { filters: string[]; scale: number; runs: number; rows: number | null } {
  const filters: string[] = [];
  let scale = 1;
  let runs = 1;
  let rows: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--scale' || arg === '--runs' || arg === '--rows') {
      const value = Number(argv[++i]);
      if (!(value > 0)) throw new Error(`${arg} needs a positive number`);
      if (arg === '--scale') scale = value;
      else if (arg === '--rows') rows = Math.round(value);
      else runs = Math.round(value);
    } else filters.push(arg);
  }
  return { filters, scale, runs, rows };
}

const here = dirname(fileURLToPath(import.meta.url));
const { filters, scale, runs, rows } = parse(process.argv.slice(2));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

if (files.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}`);
  process.exitCode = 1;
} else {
  console.log(`node ${process.version}, scale ${scale}, best of ${runs} run${runs === 1 ? '' : 's'}`);
  const h = new Harness({ scale, runs, rows });
  for (const file of files) {
    console.log(`\n== ${file}`);
    const module = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
    await module.default(h);
  }
}
