/**
 * One contender of the prescribing benchmark, run in its own process so that its peak RSS is its
 * own (bench/prescribing.bench.ts starts it and reads the JSON line it prints last):
 *
 *   node --import tsx bench/prescribing-task.ts read    FILE    Fairview's reader alone (DuckDB engine): read, sum, hand on
 *   node --import tsx bench/prescribing-task.ts readcopy FILE   the import's DuckDB fast path: read, sum, write the groups as CSV for COPY
 *   node --import tsx bench/prescribing-task.ts readjs  FILE    the same with the JS reader (the fallback engine)
 *   node --import tsx bench/prescribing-task.ts duckdb  FILE    DuckDB read_csv + GROUP BY to the same grain, with the sums
 *   node --import tsx bench/prescribing-task.ts pglite  FILE    the whole import into a fresh PGlite
 *   node --import tsx bench/prescribing-task.ts postgres FILE   the whole import into a fresh PostgreSQL,
 *                                                               then COPY of the raw rows, then the measures
 *   node --import tsx bench/prescribing-task.ts measures12 N    12 months of measures for N practices, from
 *                                                               SYNTHETIC stored sums (no import), on PostgreSQL
 * Only the work is timed (not creating the database).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { importFile } from '../src/app/import/import-file.ts';
import { measuresFingerprint, storeMeasureSums } from '../src/app/prescribing/measure-sums.ts';
import { loadMeasures, recomputeMeasures } from '../src/app/prescribing/measures.ts';
import { readPrescribing } from '../src/ingest/prescribing-read.ts';
import { openStore } from '../src/store/database.ts';
import type { Database } from '../src/store/schema.ts';
import { freshPostgres, testPostgresAdminUrl } from '../test/support/databases.ts';
import { yardstickSql } from './prescribing-yardstick.ts';

const [task, file] = process.argv.slice(2) as [string, string];

/** CPU milliseconds (user + system) spent so far by every backend of the store's database (Linux). */
async function backendCpuMs(db: Kysely<Database>): Promise<number> {
  const pids = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()`.execute(db);
  const tick = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  let ms = 0;
  for (const { pid } of pids.rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ms += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // a backend that has gone, or a server on another machine: not counted
    }
  }
  return ms;
}
const out: Record<string, number | string> = { task };

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  out[`${name}Ms`] = Math.round(performance.now() - started);
  return result;
}

if (task === 'read' || task === 'readjs') {
  const reading = readPrescribing(file, { engine: task === 'read' ? 'auto' : 'js' });
  let groups = 0;
  await timed('work', async () => {
    for await (const g of reading.groups) groups += g.month.length;
  });
  out.rows = reading.summary.rowsRead;
  out.groups = groups;
  out.engine = reading.summary.engine;
} else if (task === 'readcopy') {
  const groupsFile = join(tmpdir(), `fairview-bench-rx-groups-${process.pid}.csv`);
  try {
    const reading = readPrescribing(file, { groupsFile });
    await timed('work', async () => {
      for await (const _ of reading.groups) throw new Error('groups handed on, not written');
    });
    out.rows = reading.summary.rowsRead;
    out.groups = reading.summary.groupsYielded;
    out.engine = reading.summary.groupsFile === null ? 'js' : 'duckdb';
  } finally {
    await rm(groupsFile, { force: true });
  }
} else if (task === 'duckdb') {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const result = await timed('work', () => connection.runAndReadAll(yardstickSql(file)));
  const [groups, rows] = result.getRows()[0]!;
  out.groups = Number(groups);
  out.rows = Number(rows);
  out.threads = Number(
    (await connection.runAndReadAll(`select current_setting('threads')`)).getRows()[0]![0],
  );
} else if (task === 'pglite') {
  const dataDir = await mkdtemp(join(tmpdir(), 'fairview-bench-rx-'));
  const store = await openStore({ dataDir, databaseUrl: '' });
  try {
    const outcome = await timed('work', () => importFile(store, file, { actor: 'bench' }));
    out.rows = outcome.rowsRead;
    out.groups = outcome.factsWritten;
    await timed('measures', () => recomputeMeasures(store));
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
} else if (task === 'postgres') {
  const fresh = await freshPostgres();
  try {
    const store = fresh.store;
    const outcome = await timed('work', () => importFile(store, file, { actor: 'bench' }));
    out.rows = outcome.rowsRead;
    out.groups = outcome.factsWritten;
    await timed('measures', () => recomputeMeasures(store));
    // What the import spent on the measures' sums (storeMeasureSums, part of workMs): run again alone.
    const [month] = (await store.db.selectFrom('prescribing_month').select('month').execute()).map((r) =>
      String(r.month),
    );
    const measures = await loadMeasures();
    await timed('measureSums', () =>
      store.db.transaction().execute((trx) => storeMeasureSums(trx, measures, month!)),
    );
    out.practices = Number(
      (await sql<{ n: number }>`select count(distinct practice_code) as n from prescribing`.execute(store.db))
        .rows[0]!.n,
    );
    const size = await sql<{ bytes: number }>`
      select sum(pg_total_relation_size(c.oid))::bigint as bytes from pg_class c
      where c.relname like 'prescribing_y%'`.execute(store.db);
    out.tableBytes = Number(size.rows[0]!.bytes);
    // The floor for storing: COPY of the same raw rows into a table of 26 text columns (psql \copy).
    const columns = Array.from({ length: 26 }, (_, i) => `c${i} text`).join(', ');
    const url = new URL(testPostgresAdminUrl);
    const database = (await sql<{ d: string }>`select current_database() as d`.execute(store.db)).rows[0]!.d;
    url.pathname = `/${database}`;
    execFileSync('psql', [url.href, '-qc', `create table raw_epd (${columns})`]);
    const started = performance.now();
    execFileSync('psql', [url.href, '-qc', `\\copy raw_epd from '${file}' with (format csv, header true)`]);
    out.copyMs = Math.round(performance.now() - started);
  } finally {
    await fresh.dispose();
  }
} else if (task === 'measures12') {
  // Twelve months × N practices × every measure of stored sums, made up in SQL (seeded by the row,
  // so every run is the same), with a list size per practice: what recompute reads for England.
  const practices = Number(file);
  const fresh = await freshPostgres();
  try {
    const db = fresh.store.db;
    const measures = await loadMeasures();
    const bnfIds = measures.filter((m) => m.denominator.kind === 'bnf').map((m) => m.id);
    const batch = await db
      .insertInto('import_batch')
      .values({
        file_name: 'bench',
        checksum: 'bench',
        format: 'epd',
        publisher: 'SYNTHETIC',
        period: null,
        imported_by: 'bench',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into list_size (practice_code, extract_date, patients, batch_id)
      select 'P' || lpad(p::text, 5, '0'), '2025-04-01'::date, 2000 + (p * 7919) % 18000, ${batch.id}::integer
      from generate_series(1, ${practices}::integer) p`.execute(db);
    await sql`insert into prescribing_month
        (month, import_batch_id, rows_read, groups, practices, unknown_practices, items, actual_cost, measure_sums)
      select ('2025-09-01'::date - make_interval(months => k))::date, ${batch.id}::integer, 0, 0,
        ${practices}::integer, 0, 0, 0, ${measuresFingerprint(measures)}
      from generate_series(0, 11) k`.execute(db);
    await sql`insert into prescribing_measure_sum
        (month, measure_id, practice_code, numerator, numerator_cost, denominator)
      select ('2025-09-01'::date - make_interval(months => k))::date, m, 'P' || lpad(p::text, 5, '0'),
        n, n * 3.7, case when m = any(${bnfIds}::text[]) then n + (p * 31 + k) % 400 end
      from generate_series(0, 11) k, generate_series(1, ${practices}::integer) p,
        unnest(${measures.map((m) => m.id)}::text[]) m,
        lateral (select ((p * 7919 + k * 104729 + length(m) * 31) % 997)::float8 as n) r`.execute(db);
    // The machine is shared: beside the wall time, the CPU the database's backends spent (from /proc,
    // the server being local), which is what the work costs on an idle machine.
    const cpuBefore = await backendCpuMs(db);
    const outcome = await timed('work', () => recomputeMeasures(fresh.store, { measures }));
    out.databaseCpuMs = (await backendCpuMs(db)) - cpuBefore;
    out.rows = outcome.values;
    out.groups = outcome.values;
    out.practices = practices;
  } finally {
    await fresh.dispose();
  }
} else {
  throw new Error(`unknown task ${task}`);
}
out.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(out));
