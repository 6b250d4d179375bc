/**
 * Issue 15's table, as far as it is built (`npm run bench -- speed`), each figure beside a floor
 * measured in the same run:
 *
 * - first start: `fairview serve --demo` on an empty store until the server answers at all (and what
 *   it answers: the progress page), against the floor of merely starting the same program
 *   (`fairview --help`: Node, tsx and the CLI loaded); peak RSS of the server process so far. With
 *   FAIRVIEW_BENCH_FULL_START=1 it also waits for the demo to be fully ready (minutes).
 * - the England-wide indicator page (/indicators/QOF-PREV-HYP), cold (the first request after the
 *   server starts) and warm, its bytes against the 300 KB goal, against the floor of the same bytes
 *   served static by a bare node:http server. It needs a store holding the demo: FAIRVIEW_BENCH_DEMO_URL
 *   (PostgreSQL) and/or FAIRVIEW_BENCH_DEMO_DIR (a PGlite data folder, not in use); skipped otherwise.
 *
 * PGlite always for the first start; PostgreSQL too when FAIRVIEW_TEST_PG_URL (default local server)
 * answers, in a scratch database created for the run and dropped after. The import, release and
 * load rows of the issue's table are not measured here yet (docs/decisions.md, "Speed (issue 15)").
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startServer } from '../src/cli/commands/serve.ts';
import { openStore } from '../src/store/database.ts';
import { testPostgresAdminUrl } from '../test/support/databases.ts';
import type { Harness } from './harness.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'fairview.js');
const PAGE = '/indicators/QOF-PREV-HYP';

interface Row {
  what: string;
  store: string;
  figure: string;
  floor: string;
  ratio: string;
  goal: string;
  rss: string;
}

const rows: Row[] = [];

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function kb(bytes: number): string {
  return `${Math.round(bytes / 1024).toLocaleString('en-GB')} KB`;
}

/** The resident-set high-water mark of a process (Linux), in MB. */
function peakRssMb(pid: number | undefined): string {
  if (pid === undefined) return '—';
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? `${Math.round(Number(m[1]) / 1024)} MB` : '—';
  } catch {
    return '—';
  }
}

/** Wall time of `node bin/fairview.js --help`: Node, tsx and the CLI loaded, nothing done. */
async function programFloor(): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--help'], { cwd: ROOT, stdio: 'ignore' });
    child.once('exit', () => resolve());
    child.once('error', reject);
  });
  return performance.now() - started;
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `serve --demo` on an empty store: until it answers, what it answers, and optionally until ready. */
async function firstStart(store: string, env: NodeJS.ProcessEnv): Promise<void> {
  const floor = await programFloor();
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--demo'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    let answered: number | null = null;
    let status = 0;
    while (answered === null && performance.now() - started < 60_000) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        status = res.status;
        await res.arrayBuffer();
        answered = performance.now() - started;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    rows.push({
      what: `serve --demo, empty store: first answer (HTTP ${status}, the progress page)`,
      store,
      figure: answered === null ? 'no answer in 60 s' : seconds(answered),
      floor: `${seconds(floor)} (start the program)`,
      ratio: answered === null ? '' : `${(answered / floor).toFixed(1)}×`,
      goal: '≤ 3 s',
      rss: peakRssMb(child.pid),
    });
    if (process.env.FAIRVIEW_BENCH_FULL_START === '1') {
      let ready: number | null = null;
      while (ready === null && performance.now() - started < 60 * 60_000) {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
        if (res?.status === 200) ready = performance.now() - started;
        else await new Promise((r) => setTimeout(r, 1000));
      }
      rows.push({
        what: 'serve --demo, empty store: demo fully ready',
        store,
        figure: ready === null ? 'not in 60 min' : seconds(ready),
        floor: '—',
        ratio: '',
        goal: '≤ 60 s',
        rss: peakRssMb(child.pid),
      });
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** The same bytes from a bare node:http server: the static floor of a page. */
async function staticFloor(body: Buffer): Promise<number> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await (await fetch(`http://127.0.0.1:${port}/`)).arrayBuffer();
    best = Math.min(best, performance.now() - started);
  }
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return best;
}

/** The England-wide indicator page on a store holding the demo: cold, then warm, with its bytes. */
async function englandPage(
  store: string,
  options: { databaseUrl?: string; dataDir?: string },
): Promise<void> {
  const opened = await openStore(options);
  try {
    const server = await startServer(opened, { port: 0, hostname: '127.0.0.1' });
    try {
      const get = async (): Promise<{ ms: number; body: Buffer; status: number }> => {
        const started = performance.now();
        const res = await fetch(`${server.url}${PAGE}`);
        const body = Buffer.from(await res.arrayBuffer());
        return { ms: performance.now() - started, body, status: res.status };
      };
      const cold = await get();
      const warm = await get();
      const floor = await staticFloor(cold.body);
      const rss = `${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB (bench process)`;
      rows.push({
        what: `England-wide indicator page ${PAGE}, cold (HTTP ${cold.status})`,
        store,
        figure: `${seconds(cold.ms)}, ${kb(cold.body.length)}`,
        floor: `${seconds(floor)} (same bytes static)`,
        ratio: `${(cold.ms / floor).toFixed(1)}×`,
        goal: '≤ 300 ms, ≤ 300 KB',
        rss,
      });
      rows.push({
        what: `England-wide indicator page ${PAGE}, warm`,
        store,
        figure: seconds(warm.ms),
        floor: `${seconds(floor)} (same bytes static)`,
        ratio: `${(warm.ms / floor).toFixed(1)}×`,
        goal: '≤ 300 ms',
        rss,
      });
    } finally {
      await server.close();
    }
  } finally {
    await opened.close();
  }
}

async function postgresScratch(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const admin = new pg.Client({ connectionString: testPostgresAdminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `fairview_speed_${process.pid}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testPostgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: testPostgresAdminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

function print(log: (line: string) => void): void {
  const header: Row = {
    what: 'what',
    store: 'store',
    figure: 'figure',
    floor: 'floor (same run)',
    ratio: '× floor',
    goal: 'goal',
    rss: 'peak RSS',
  };
  const keys = Object.keys(header) as (keyof Row)[];
  const widths = keys.map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  const line = (r: Row) => `| ${keys.map((k, i) => r[k].padEnd(widths[i]!)).join(' | ')} |`;
  log(line(header));
  log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) log(line(r));
}

export default async function speed(_h: Harness): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'fairview-speed-'));
  try {
    await firstStart('PGlite', { FAIRVIEW_DATA_DIR: dir, DATABASE_URL: '' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const scratch = await postgresScratch();
  if (scratch) {
    try {
      await firstStart('PostgreSQL', { DATABASE_URL: scratch.url });
    } finally {
      await scratch.drop();
    }
  }
  if (process.env.FAIRVIEW_BENCH_DEMO_DIR)
    await englandPage('PGlite', { dataDir: process.env.FAIRVIEW_BENCH_DEMO_DIR });
  if (process.env.FAIRVIEW_BENCH_DEMO_URL)
    await englandPage('PostgreSQL', { databaseUrl: process.env.FAIRVIEW_BENCH_DEMO_URL });
  if (!process.env.FAIRVIEW_BENCH_DEMO_DIR && !process.env.FAIRVIEW_BENCH_DEMO_URL)
    console.log(
      'England-wide page: set FAIRVIEW_BENCH_DEMO_URL (PostgreSQL) or FAIRVIEW_BENCH_DEMO_DIR (PGlite) to a store holding the demo.',
    );
  console.log('');
  print((line) => console.log(line));
}
