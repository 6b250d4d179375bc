/**
 * Prescribing at national scale (issue 20): a SYNTHETIC English Prescribing Dataset month
 * (scripts/generate-epd.ts; 18 million rows and ~6,300 practices by default) read and summed to
 * practice × month × BNF presentation by Fairview, beside DuckDB's read_csv + GROUP BY of the same file
 * to the same grain, measured in the same run. Each contender runs in its own process
 * (bench/prescribing-task.ts), so each peak RSS is its own.
 *
 *   npm run bench -- prescribing                   the national month (18M rows, ~5.6 GB in /tmp)
 *   npm run bench -- prescribing --rows 1000000    a quick run (practices scale with the rows)
 *
 * Two readers with the DuckDB engine: "hand on" (the groups cross into JavaScript, as readPrescribing's
 * callers other than the import get them) and "CSV for COPY" (the import's fast path: DuckDB writes
 * the groups to a file that COPY stages).
 *
 * Reported: rows per second and MB/s (of CSV) for the reader, DuckDB, and the whole import into
 * PGlite and PostgreSQL; PostgreSQL's COPY of the same raw rows (the floor for storing); the
 * measures recomputed for the month; 12 months of measures for England's 6,300 practices (from SYNTHETIC
 * stored sums, bench/prescribing-task.ts measures12); the stored size of the month's partition. The goals of issue 20
 * are printed beside each figure. The file is written once and kept (reused while its size matches).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateEpd } from '../scripts/generate-epd.ts';
import type { Harness } from './harness.ts';

/** Practices in England, prescribing in a month. */
const NATIONAL_PRACTICES = 6_300;
/** Practice × presentation groups in a real national month (issue 20). */
const NATIONAL_GROUPS = 6_600_000;
const TASK = fileURLToPath(new URL('./prescribing-task.ts', import.meta.url));

interface TaskResult {
  task: string;
  workMs: number;
  rows: number;
  groups: number;
  peakRssMb: number;
  measuresMs?: number;
  copyMs?: number;
  measureSumsMs?: number;
  practices?: number;
  tableBytes?: number;
  threads?: number;
  databaseCpuMs?: number;
}

function run(task: string, file: string): TaskResult | { task: string; error: string } {
  try {
    const output = execFileSync(process.execPath, ['--import', 'tsx', TASK, task, file], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const last = output.trim().split('\n').pop()!;
    return JSON.parse(last) as TaskResult;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    return { task, error: (e.stderr ?? e.message).split('\n').slice(-3).join(' ') };
  }
}

export default async function prescribing(h: Harness): Promise<void> {
  const rows = h.rows ?? h.size(18_000_000, 10_000);
  const practices = Math.max(4, Math.round((NATIONAL_PRACTICES * rows) / 18_000_000));
  const file = join('/tmp', `fairview-epd-synthetic-${rows}.csv`);
  if (!existsSync(file)) {
    const started = performance.now();
    const written = await generateEpd(file, { rows, practices, month: '202509' });
    console.log(
      `generated SYNTHETIC EPD month: ${written.rows.toLocaleString('en-GB')} rows, ${practices} practices, ` +
        `${(written.bytes / 1e9).toFixed(2)} GB in ${((performance.now() - started) / 1000).toFixed(0)} s → ${file}`,
    );
  }
  const bytes = statSync(file).size;
  execFileSync('cat', [file], { stdio: ['ignore', 'ignore', 'inherit'] }); // into the page cache
  const catStarted = performance.now();
  execFileSync('cat', [file], { stdio: ['ignore', 'ignore', 'inherit'] });
  const catMs = performance.now() - catStarted;
  console.log(
    `\n${rows.toLocaleString('en-GB')} rows, ${(bytes / 1e6).toFixed(0)} MB of CSV (page cache: cat ${catMs.toFixed(0)} ms)`,
  );
  console.log('task                               time     rows/s     MB/s  peak RSS  groups     vs DuckDB');
  const results: Record<string, TaskResult> = {};
  for (const task of ['duckdb', 'read', 'readcopy', 'readjs', 'pglite', 'postgres']) {
    const r = run(task, file);
    if ('error' in r) {
      console.log(`${task.padEnd(34)} failed: ${r.error}`);
      continue;
    }
    results[task] = r;
    const duck = results.duckdb;
    const share = duck ? `${((duck.workMs / r.workMs) * 100).toFixed(0)}% of its rows/s` : '';
    const label = {
      duckdb: `DuckDB read_csv + GROUP BY (${r.threads} threads)`,
      read: `Fairview reader (${(r as { engine?: string }).engine === 'duckdb' ? 'DuckDB engine' : 'JS!'}, sum, hand on)`,
      readcopy: `Fairview reader (${(r as { engine?: string }).engine === 'duckdb' ? 'DuckDB' : 'JS!'}, sum, CSV for COPY)`,
      readjs: 'Fairview JS reader (fallback engine)',
      pglite: 'Fairview import into PGlite',
      postgres: 'Fairview import into PostgreSQL',
    }[task]!;
    console.log(
      `${label.padEnd(34)} ${(r.workMs / 1000).toFixed(1).padStart(6)} s ${Math.round(
        r.rows / (r.workMs / 1000),
      )
        .toLocaleString('en-GB')
        .padStart(
          10,
        )} ${(bytes / 1e6 / (r.workMs / 1000)).toFixed(0).padStart(8)} ${String(r.peakRssMb).padStart(6)} MB ${String(r.groups).padStart(9)}  ${task === 'duckdb' ? '(the reference)' : share}`,
    );
  }
  const pgRun = results.postgres;
  if (pgRun?.copyMs !== undefined) {
    console.log(
      `PostgreSQL COPY of the raw rows     ${(pgRun.copyMs / 1000).toFixed(1).padStart(6)} s   import ÷ COPY = ${(pgRun.workMs / pgRun.copyMs).toFixed(2)} (goal ≤ 2)`,
    );
  }
  for (const kind of ['pglite', 'postgres'] as const) {
    const r = results[kind];
    if (r?.measuresMs !== undefined) {
      console.log(`measures (${kind}), this month        ${(r.measuresMs / 1000).toFixed(1).padStart(6)} s`);
    }
  }
  if (pgRun?.measureSumsMs !== undefined && pgRun.copyMs !== undefined) {
    const stored = pgRun.workMs - pgRun.measureSumsMs;
    console.log(
      `  of the import, the measures' sums (stored at import) ${(pgRun.measureSumsMs / 1000).toFixed(1)} s; the groups alone ÷ COPY = ${(stored / pgRun.copyMs).toFixed(2)} (goal ≤ 2)`,
    );
  }
  // Twelve months of measures for England, whatever --rows: recompute reads the stored sums, so
  // its size is practices × months × measures, not the size of the prescribing table.
  const twelve = run('measures12', String(NATIONAL_PRACTICES));
  if ('error' in twelve) console.log(`12 months of measures failed: ${twelve.error}`);
  else {
    console.log(
      `12 months of measures, England (${NATIONAL_PRACTICES.toLocaleString('en-GB')} practices, SYNTHETIC sums) ${(twelve.workMs / 1000).toFixed(1).padStart(6)} s   ${twelve.rows.toLocaleString('en-GB')} values, PostgreSQL CPU ${((twelve.databaseCpuMs ?? 0) / 1000).toFixed(1)} s, node peak ${twelve.peakRssMb} MB (goal ≤ 30 s)`,
    );
  }
  if (pgRun?.tableBytes !== undefined) {
    const perGroup = pgRun.tableBytes / pgRun.groups;
    console.log(
      `stored month (PostgreSQL partition + index): ${(pgRun.tableBytes / 1e6).toFixed(0)} MB, ${perGroup.toFixed(0)} B a group → a national month of 6.6M groups ≈ ${((perGroup * NATIONAL_GROUPS) / 1e9).toFixed(2)} GB`,
    );
  }
  const read = results.readcopy ?? results.read;
  const duck = results.duckdb;
  if (read && duck) {
    console.log(
      `goals: reader (${results.readcopy ? "the import's fast path, CSV for COPY" : 'hand on'}) ≥ 70% of DuckDB's rows/s: ${((duck.workMs / read.workMs) * 100).toFixed(0)}%; peak RSS ≤ 1 GB: reader ${read.peakRssMb} MB, PGlite import ${results.pglite?.peakRssMb ?? '-'} MB, PostgreSQL import ${pgRun?.peakRssMb ?? '-'} MB`,
    );
  }
}
