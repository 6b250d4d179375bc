/**
 * Issue 15's table, as far as it is built (`npm run bench -- speed`), each figure beside a floor
 * measured in the same run:
 *
 * - first start: `fairview serve --demo` on an empty store until the server answers at all (and what
 *   it answers: the progress page), against the floor of merely starting the same program
 *   (`fairview --help`: Node, tsx and the CLI loaded); peak RSS of the server process so far. With
 *   FAIRVIEW_BENCH_FULL_START=1 it also waits for the demo to be fully ready (minutes).
 * - the England-wide indicator page (/indicators/QOF-PREV-HYP), for a visitor and for a signed-in
 *   practice manager, cold (the first request after `fairview serve` starts, in a process of its own)
 *   and warm, its bytes against the 300 KB goal, against the floor of the same bytes
 *   served static by a bare node:http server. It needs a store holding the demo: FAIRVIEW_BENCH_DEMO_URL
 *   (PostgreSQL) and/or FAIRVIEW_BENCH_DEMO_DIR (a PGlite data folder, not in use); skipped otherwise.
 *   The first start measured has no visitors' view kept (the server keeps them before ready: its time
 *   to ready is a row); on PostgreSQL, a visitor's first request after an import by another process
 *   too. FAIRVIEW_BENCH_SPEED=page measures these rows alone.
 *
 * - the release, on the same demo stores: a full release (every indicator computed, written in one
 *   transaction) against two floors — the database scanning every fact row the release reads (read
 *   floor) and the same release rows written again by COPY alone into temporary tables (COPY floor);
 *   regenerating it (the checksum must come out the same); and the incremental release after one
 *   monthly local file (one indicator computed, the rest taken from the full release by reference).
 *   Everything added is removed after. FAIRVIEW_BENCH_SPEED=release measures these rows alone.
 * - with FAIRVIEW_BENCH_IMPORT=1, the import of every demo file into an empty store against the read
 *   floor (open, inflate, parse and validate every file, writing nothing). FAIRVIEW_BENCH_SPEED=import
 *   measures these rows alone.
 *
 * - the load rows, on the same demo stores: a practice manager's England-wide indicator page and her
 *   practice's scorecard, 32 connections with her session for 20 s from a fresh start (p50, p99,
 *   requests per second) against the same bytes served static to 32 connections (the throughput
 *   floor). FAIRVIEW_BENCH_SPEED=load measures these rows alone.
 *
 * PGlite always for the first start; PostgreSQL too when FAIRVIEW_TEST_PG_URL (default local server)
 * answers, in a scratch database created for the run and dropped after.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createSession } from '../src/app/auth/sessions.ts';
import { createUser } from '../src/app/auth/users.ts';
import { recompute } from '../src/app/compute/recompute.ts';
import { INDICATOR_TABLES } from '../src/app/compute/shared-rows.ts';
import { importOrder } from '../src/app/import/import-paths.ts';
import { SERVER_MALLOC_ENV } from '../src/cli/commands/serve.ts';
import { DEMO_DATA_DIR, importDemoData } from '../src/demo/demo.ts';
import { DEFAULT_DISCLOSURE_RULE } from '../src/domain/disclosure/index.ts';
import { readImport } from '../src/ingest/read.ts';
import { copyRows } from '../src/store/copy-rows.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { keepLatestVisitorPages } from '../src/web/benchmarking/warm-pages.ts';
import { SESSION_COOKIE } from '../src/web/front-door.ts';
import { testPostgresAdminUrl } from '../test/support/databases.ts';
import type { Harness } from './harness.ts';
import { generateLoad, loadAgent, percentile } from './load-generator.ts';
import { importMonthlyFile, scanFacts } from './release-work.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'fairview.js');
const PAGE = '/indicators/QOF-PREV-HYP';
/** Another England-wide indicator page: a signed-in viewer's first look at a second indicator. */
const ANOTHER_PAGE = '/indicators/QOF-PREV-DM';

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
  return statusMb(pid, 'VmHWM');
}

/** A process's resident memory now, from /proc (Linux). */
function rssNowMb(pid: number | undefined): string {
  return statusMb(pid, 'VmRSS');
}

function statusMb(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): string {
  if (pid === undefined) return '—';
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? `${Math.round(Number(m[1]) / 1024)} MB` : '—';
  } catch {
    return '—';
  }
}

/** How long after the demo is ready its memory is read: the visitors' pages it keeps take ~15 s. */
const SETTLE_MS = 60_000;

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
    // As `npm start` runs it (package.json).
    env: { ...process.env, ...SERVER_MALLOC_ENV, ...env, PORT: String(port) },
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
      if (ready !== null) {
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        rows.push({
          what: `serve --demo: server memory after the demo (RSS ${SETTLE_MS / 1000} s after ready)`,
          store,
          figure: rssNowMb(child.pid),
          floor: '—',
          ratio: '',
          goal: '≤ 400 MB',
          rss: peakRssMb(child.pid),
        });
      }
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** The same bytes from a bare node:http server: the static floor of a page. */
async function staticFloor(body: Buffer): Promise<number> {
  const server = await staticServer(body);
  try {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await (await fetch(`${server.origin}/`)).arrayBuffer();
      best = Math.min(best, performance.now() - started);
    }
    return best;
  } finally {
    await server.close();
  }
}

/** A bare node:http server answering every request with `body` as HTML. */
async function staticServer(body: Buffer): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A practice manager's session on a store holding the demo (an account made for the run, removed
 * after): the signed-in page is published to her under disclosure control with her practice open.
 */
async function benchSession(options: { databaseUrl?: string; dataDir?: string }): Promise<{
  cookie: string;
  practice: string;
  remove(): Promise<void>;
}> {
  const opened = await openStore(options);
  try {
    const practice = await opened.db
      .selectFrom('organisation')
      .select('code')
      .where('kind', '=', 'practice')
      .orderBy('code')
      .limit(1)
      .executeTakeFirstOrThrow();
    const username = `speed-bench-${process.pid}`;
    const { user } = await createUser(opened.db, {
      username,
      password: 'speed-bench-password',
      roles: [{ role: 'practice_manager', organisationCode: practice.code }],
      actor: 'bench',
      now: new Date(),
      cost: { N: 2 ** 10, r: 8, p: 1 },
    });
    const session = await createSession(opened.db, user.id, { now: new Date() });
    return {
      cookie: `${SESSION_COOKIE}=${session.token}`,
      practice: practice.code,
      async remove() {
        const again = await openStore(options);
        try {
          await again.db.deleteFrom('web_session').where('user_id', '=', user.id).execute();
          await again.db.updateTable('app_user').set({ disabled: true }).where('id', '=', user.id).execute();
        } finally {
          await again.close();
        }
      },
    };
  } finally {
    await opened.close();
  }
}

/** Removes the visitors' kept page views (migration 025), so a start is as cold as it can be. */
async function forgetKeptViews(options: { databaseUrl?: string; dataDir?: string }): Promise<void> {
  const opened = await openStore(options);
  try {
    await opened.db.deleteFrom('release_page_view').execute();
  } finally {
    await opened.close();
  }
}

/** Keeps the visitors' views of the latest release's indicator pages (the server's warming). */
async function keepViews(options: { databaseUrl?: string; dataDir?: string }): Promise<void> {
  const opened = await openStore(options);
  try {
    await keepLatestVisitorPages(opened.db, DEFAULT_DISCLOSURE_RULE);
  } finally {
    await opened.close();
  }
}

/**
 * `fairview serve` on the store, started afresh: once /healthz says ready, the page's first request
 * (cold: nothing of it in memory, the process just started) and its second (warm).
 */
async function coldAndWarm(
  env: NodeJS.ProcessEnv,
  cookie: string | null,
): Promise<{
  cold: { ms: number; body: Buffer; status: number };
  warm: number;
  another: { ms: number; body: Buffer; status: number };
  rss: string;
  readyMs: number;
}> {
  const server = await startServer(env);
  try {
    const get = async (page: string) => {
      const t = performance.now();
      const res = await fetch(`${server.origin}${page}`, { headers: cookie ? { cookie } : {} });
      const body = Buffer.from(await res.arrayBuffer());
      return { ms: performance.now() - t, body, status: res.status };
    };
    const cold = await get(PAGE);
    const warm = await get(PAGE);
    const another = await get(ANOTHER_PAGE);
    return { cold, warm: warm.ms, another, rss: server.peakRss(), readyMs: server.readyMs };
  } finally {
    await server.stop();
  }
}

/** The environment that points `fairview serve` at a demo store. */
function storeEnv(options: { databaseUrl?: string; dataDir?: string }): NodeJS.ProcessEnv {
  return options.dataDir
    ? { FAIRVIEW_DATA_DIR: options.dataDir, DATABASE_URL: '' }
    : { DATABASE_URL: options.databaseUrl ?? '' };
}

/** `work` with a practice manager's session on the demo store and the environment that points at it. */
async function withBenchSession(
  options: { databaseUrl?: string; dataDir?: string },
  work: (session: Awaited<ReturnType<typeof benchSession>>, env: NodeJS.ProcessEnv) => Promise<void>,
): Promise<void> {
  const session = await benchSession(options);
  try {
    await work(session, storeEnv(options));
  } finally {
    await session.remove();
  }
}

/**
 * The England-wide indicator page on a store holding the demo, for a visitor and for a signed-in
 * practice manager: cold (the first request after `fairview serve` starts) and warm, with its bytes,
 * beside the same bytes served static.
 */
async function englandPage(
  store: string,
  options: { databaseUrl?: string; dataDir?: string },
): Promise<void> {
  await withBenchSession(options, async (session, env) => {
    // First a visitor after a start on a store whose views are not kept (the server keeps them before
    // it says it is ready: its time to ready is reported), then one after a restart (the views kept),
    // then the practice manager (her view is made from the kept one, her practice opened), and her
    // first request for a second indicator. On PostgreSQL, last, a visitor's first request after an
    // import by another process (visitorAfterImport).
    await forgetKeptViews(options);
    for (const who of ['visitor, no view kept at the start', 'visitor, view kept', 'signed in'] as const) {
      // Every view kept before the later starts, as the warming after a publication leaves them (so
      // no warming runs beside the measured requests).
      if (who === 'visitor, view kept') await keepViews(options);
      const { cold, warm, another, rss, readyMs } = await coldAndWarm(
        env,
        who === 'signed in' ? session.cookie : null,
      );
      const floor = await staticFloor(cold.body);
      if (who === 'visitor, no view kept at the start')
        rows.push({
          what: "fairview serve on the demo with no visitors' view kept: ready after keeping them",
          store,
          figure: seconds(readyMs),
          floor: '',
          ratio: '',
          goal: '',
          rss: '',
        });
      rows.push({
        what: `England-wide indicator page ${PAGE}, ${who}, cold (HTTP ${cold.status})`,
        store,
        figure: `${seconds(cold.ms)}, ${kb(cold.body.length)}`,
        floor: `${seconds(floor)} (same bytes static)`,
        ratio: `${(cold.ms / floor).toFixed(1)}×`,
        goal: '≤ 300 ms, ≤ 300 KB',
        rss: `${rss} (server)`,
      });
      rows.push({
        what: `England-wide indicator page ${PAGE}, ${who}, warm`,
        store,
        figure: seconds(warm),
        floor: `${seconds(floor)} (same bytes static)`,
        ratio: `${(warm / floor).toFixed(1)}×`,
        goal: '≤ 300 ms',
        rss: '',
      });
      // What she waits for on each indicator she opens after the first (the process warm, this
      // indicator's view not made for her yet).
      if (who === 'signed in') {
        const anotherFloor = await staticFloor(another.body);
        rows.push({
          what: `England-wide indicator page ${ANOTHER_PAGE}, ${who}, its first request after ${PAGE} (HTTP ${another.status})`,
          store,
          figure: `${seconds(another.ms)}, ${kb(another.body.length)}`,
          floor: `${seconds(anotherFloor)} (same bytes static)`,
          ratio: `${(another.ms / anotherFloor).toFixed(1)}×`,
          goal: '≤ 300 ms, ≤ 300 KB',
          rss: '',
        });
      }
    }
    if (options.databaseUrl) await visitorAfterImport(store, options, env);
  });
}

/**
 * PostgreSQL only (a PGlite folder is held by its server, so no other process imports into it): a
 * running server, warm on the page, then an import by another process (an import batch added from
 * here: the organisations' version changes, so the visitor cache and the names read with a kept view
 * are stale), then a visitor's first request for the page: her view is read back as kept and named
 * from the practices' names, read again for the new version. The batch is removed after.
 */
async function visitorAfterImport(
  store: string,
  options: { databaseUrl?: string; dataDir?: string },
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const server = await startServer(env);
  const opened = await openStore(options);
  let batch: number | null = null;
  try {
    for (let i = 0; i < 2; i++) await (await fetch(`${server.origin}${PAGE}`)).arrayBuffer();
    batch = (
      await opened.db
        .insertInto('import_batch')
        .values({
          file_name: 'speed-bench.csv',
          checksum: `speed-bench-${process.pid}`,
          format: 'ods_epraccur',
          publisher: 'NHS England',
          period: '2026-07',
          imported_by: 'speed bench',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const started = performance.now();
    const res = await fetch(`${server.origin}${PAGE}`);
    const body = Buffer.from(await res.arrayBuffer());
    const ms = performance.now() - started;
    const floor = await staticFloor(body);
    rows.push({
      what: `England-wide indicator page ${PAGE}, visitor, first request after an import by another process (HTTP ${res.status})`,
      store,
      figure: `${seconds(ms)}, ${kb(body.length)}`,
      floor: `${seconds(floor)} (same bytes static)`,
      ratio: `${(ms / floor).toFixed(1)}×`,
      goal: '≤ 300 ms, ≤ 300 KB',
      rss: `${server.peakRss()} (server)`,
    });
  } finally {
    await server.stop();
    if (batch !== null) await opened.db.deleteFrom('import_batch').where('id', '=', batch).execute();
    await opened.close();
  }
}

/** Signed-in load: concurrent request loops, each with the practice manager's session. */
const LOAD_CONNECTIONS = 32;
const LOAD_SECONDS = 20;

/**
 * Issue 15's load rows: a freshly started `fairview serve` on the demo store, 32 connections with the
 * practice manager's session asking for one page for 20 s (the first requests are cold), then the same
 * 32 connections for 20 s against the same bytes served static by a bare node:http server (the
 * throughput floor). Signed in, no visitor's view is ever served. A run that meets an error (the
 * admission queue's 503, say) is reported as such, not as a latency.
 */
async function signedInLoad(
  store: string,
  options: { databaseUrl?: string; dataDir?: string },
): Promise<void> {
  await withBenchSession(options, async (session, env) => {
    for (const page of [PAGE, `/practices/${session.practice}/scorecard`]) {
      const headers = { cookie: session.cookie };
      // Started as `npm start` starts it (SERVER_MALLOC_ENV), as the first-start rows are.
      const server = await startServer({ ...SERVER_MALLOC_ENV, ...env });
      let figure: string;
      let ratio = '';
      let floorText = '';
      try {
        const agent = loadAgent(LOAD_CONNECTIONS);
        try {
          const run = await generateLoad(`${server.origin}${page}`, agent, {
            connections: LOAD_CONNECTIONS,
            requests: 1_000_000,
            maxMs: LOAD_SECONDS * 1000,
            headers,
            countBusy: true,
          });
          // Pages answered (HTTP 200) per second; the busy answers are counted beside them.
          const perSecond = run.requests / (run.elapsedMs / 1000);
          const body = Buffer.from(await (await fetch(`${server.origin}${page}`, { headers })).arrayBuffer());
          const floor = await staticThroughput(body);
          const busy = run.busy > 0 ? `, ${run.busy} answered 503 (busy)` : '';
          figure =
            run.requests === 0
              ? `no page answered${busy}`
              : `p50 ${seconds(percentile(run.latenciesMs, 0.5)!)}, p99 ${seconds(percentile(run.latenciesMs, 0.99)!)}, ${perSecond.toFixed(1)} pages/s${busy}`;
          floorText = `${floor.toFixed(0)} req/s (same bytes static)`;
          ratio = `${((perSecond / floor) * 100).toFixed(1)}% of its req/s`;
        } catch (error) {
          figure = `failed: ${error instanceof Error ? error.message : String(error)}`;
        } finally {
          agent.destroy();
        }
      } finally {
        await server.stop();
      }
      rows.push({
        what: `${page}, signed in, ${LOAD_CONNECTIONS} connections for ${LOAD_SECONDS} s from a fresh start`,
        store,
        figure,
        floor: floorText,
        ratio,
        goal: 'p99 ≤ 50 ms, ≥ 25% of static req/s',
        rss: `${server.peakRss()} (server)`,
      });
    }
  });
}

/** `fairview serve` on the store, started afresh and ready (/healthz 200). */
async function startServer(
  env: NodeJS.ProcessEnv,
): Promise<{ origin: string; readyMs: number; peakRss(): string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const started = performance.now();
  let peak = '';
  for (;;) {
    const res = await fetch(`${origin}/healthz`).catch(() => null);
    if (res?.status === 200) break;
    await res?.arrayBuffer();
    if (performance.now() - started > 120_000) {
      child.kill('SIGTERM');
      throw new Error('the server was not ready in 120 s');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    origin,
    readyMs: performance.now() - started,
    peakRss: () => (peak ||= peakRssMb(child.pid)),
    async stop() {
      peak ||= peakRssMb(child.pid);
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The same bytes from a bare node:http server, 32 connections for 20 s: requests per second. */
async function staticThroughput(body: Buffer): Promise<number> {
  const server = await staticServer(body);
  const agent = loadAgent(LOAD_CONNECTIONS);
  try {
    const run = await generateLoad(`${server.origin}/`, agent, {
      connections: LOAD_CONNECTIONS,
      requests: 1_000_000,
      maxMs: LOAD_SECONDS * 1000,
    });
    return run.requests / (run.elapsedMs / 1000);
  } finally {
    agent.destroy();
    await server.close();
  }
}

/** Every table a release writes: each indicator's (shared-rows.ts) and the peer groups. */
const RELEASE_TABLES = [...INDICATOR_TABLES, 'peer', 'peer_group'] as const;

/** The full, regenerated and incremental release on a store holding the demo, beside their floors. */
async function releases(store: string, options: { databaseUrl?: string; dataDir?: string }): Promise<void> {
  const opened = await openStore(options);
  const name = `speed-${process.pid}`;
  const incremental = `${name}-incremental`;
  let monthly: { remove(): Promise<void> } | null = null;
  try {
    const scanStarted = performance.now();
    await scanFacts(opened);
    const readFloor = performance.now() - scanStarted;

    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const full = await recompute(opened, { now: new Date(), actor: 'bench', release: name, full: true });
    const fullMs = performance.now() - started;
    const rss = `${Math.round(Math.max(rssBefore, process.memoryUsage().rss) / 1024 / 1024)} MB (bench process)`;
    const copyFloor = await copyFloorOf(opened, full.release.id);
    const rowCount = Object.values(full.rows ?? {}).reduce((a, b) => a + b, 0);
    rows.push({
      what: `full release (${rowCount.toLocaleString('en-GB')} rows, checksum ${full.release.results_checksum.slice(0, 12)})`,
      store,
      figure: seconds(fullMs),
      floor: `${seconds(readFloor)} read + ${seconds(copyFloor)} COPY`,
      ratio: `${(fullMs / (readFloor + copyFloor)).toFixed(1)}×`,
      goal: '≤ 10 s',
      rss,
    });

    const againStarted = performance.now();
    const again = await recompute(opened, { now: new Date(), actor: 'bench', release: name });
    const againMs = performance.now() - againStarted;
    rows.push({
      what: `regenerate it: ${again.status}, checksum ${again.release.results_checksum === full.release.results_checksum ? 'the same' : 'DIFFERENT'}`,
      store,
      figure: seconds(againMs),
      floor: `${seconds(readFloor)} read`,
      ratio: `${(againMs / readFloor).toFixed(1)}×`,
      goal: 'same checksum',
      rss: '',
    });

    // One monthly local file arrives (a made-up bench indicator, 13 months for 500 practices).
    monthly = await importMonthlyFile(opened, 'SPEED-MONTHLY', 'Speed bench indicator (made up)');
    const incStarted = performance.now();
    const inc = await recompute(opened, { now: new Date(), actor: 'bench', release: incremental });
    const incMs = performance.now() - incStarted;
    rows.push({
      what: `incremental release after one monthly file (${inc.indicators?.computed.length ?? 0} computed, ${inc.indicators?.copied.length ?? 0} copied)`,
      store,
      figure: seconds(incMs),
      floor: `${seconds(readFloor)} read`,
      ratio: `${(incMs / readFloor).toFixed(1)}×`,
      goal: '≤ 5 s',
      rss: '',
    });
  } finally {
    await opened.db.deleteFrom('release').where('name', 'in', [name, incremental]).execute();
    await monthly?.remove();
    await opened.close();
  }
}

/** The release's rows written again by COPY alone, into temporary tables (rolled back): ms. */
async function copyFloorOf(store: Store, releaseId: number): Promise<number> {
  let ms = 0;
  await store.db
    .transaction()
    .execute(async (trx) => {
      for (const table of RELEASE_TABLES) {
        const rowsOf = (
          await sql<
            Record<string, unknown>
          >`select * from ${sql.table(table)} where release_id = ${releaseId}`.execute(trx)
        ).rows;
        const copy = `speed_floor_${table}`;
        await sql`create temporary table ${sql.table(copy)} as select * from ${sql.table(table)} with no data`.execute(
          trx,
        );
        const started = performance.now();
        await copyRows(trx, copy, rowsOf);
        ms += performance.now() - started;
      }
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return ms;
}

class RolledBack extends Error {}

function demoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return demoFiles(path);
    return /\.(csv|csv\.gz|zip)$/i.test(name) ? [path] : [];
  });
}

/** The demo's files imported into an empty store, beside reading them alone. */
async function importRow(store: string, options: { databaseUrl?: string; dataDir?: string }): Promise<void> {
  const files = (await importOrder(demoFiles(DEMO_DATA_DIR))).map((f) => f.path);
  const readStarted = performance.now();
  for (const path of files) for await (const _ of readImport(path).records);
  const readFloor = performance.now() - readStarted;
  const opened = await openStore(options);
  try {
    const started = performance.now();
    await importDemoData(opened, { now: new Date() });
    const ms = performance.now() - started;
    rows.push({
      what: `import of the ${files.length} demo files into an empty store`,
      store,
      figure: seconds(ms),
      floor: `${seconds(readFloor)} (read only)`,
      ratio: `${(ms / readFloor).toFixed(1)}×`,
      goal: '≤ 3× read',
      rss: `${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB (bench process)`,
    });
  } finally {
    await opened.close();
  }
}

/**
 * `run` on a fresh PGlite folder, then in a scratch PostgreSQL database when one answers (each removed
 * after): the first-start and import rows, which need an empty store.
 */
async function onFreshStores(
  run: (store: string, options: { databaseUrl?: string; dataDir?: string }) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'fairview-speed-'));
  try {
    await run('PGlite', { dataDir: dir, databaseUrl: '' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const scratch = await postgresScratch();
  if (scratch) {
    try {
      await run('PostgreSQL', { databaseUrl: scratch.url });
    } finally {
      await scratch.drop();
    }
  }
}

/** The import rows, on fresh stores. */
const importRows = () => onFreshStores(importRow);

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
  // FAIRVIEW_BENCH_SPEED=page: only the indicator page's rows; =release: only the releases' rows (the
  // rest takes minutes), on the demo stores named; =import: only the import rows, on fresh stores.
  if (process.env.FAIRVIEW_BENCH_SPEED === 'import') {
    await importRows();
    print(console.log);
    return;
  }
  const only = { page: englandPage, release: releases, load: signedInLoad }[
    process.env.FAIRVIEW_BENCH_SPEED ?? ''
  ];
  if (only) {
    if (process.env.FAIRVIEW_BENCH_DEMO_DIR)
      await only('PGlite', { dataDir: process.env.FAIRVIEW_BENCH_DEMO_DIR });
    if (process.env.FAIRVIEW_BENCH_DEMO_URL)
      await only('PostgreSQL', { databaseUrl: process.env.FAIRVIEW_BENCH_DEMO_URL });
    print(console.log);
    return;
  }
  await onFreshStores((store, options) => firstStart(store, storeEnv(options)));
  if (process.env.FAIRVIEW_BENCH_DEMO_DIR)
    await englandPage('PGlite', { dataDir: process.env.FAIRVIEW_BENCH_DEMO_DIR });
  if (process.env.FAIRVIEW_BENCH_DEMO_URL)
    await englandPage('PostgreSQL', { databaseUrl: process.env.FAIRVIEW_BENCH_DEMO_URL });
  if (process.env.FAIRVIEW_BENCH_DEMO_DIR)
    await signedInLoad('PGlite', { dataDir: process.env.FAIRVIEW_BENCH_DEMO_DIR });
  if (process.env.FAIRVIEW_BENCH_DEMO_URL)
    await signedInLoad('PostgreSQL', { databaseUrl: process.env.FAIRVIEW_BENCH_DEMO_URL });
  if (process.env.FAIRVIEW_BENCH_DEMO_DIR)
    await releases('PGlite', { dataDir: process.env.FAIRVIEW_BENCH_DEMO_DIR });
  if (process.env.FAIRVIEW_BENCH_DEMO_URL)
    await releases('PostgreSQL', { databaseUrl: process.env.FAIRVIEW_BENCH_DEMO_URL });
  if (process.env.FAIRVIEW_BENCH_IMPORT === '1') await importRows();
  if (!process.env.FAIRVIEW_BENCH_DEMO_DIR && !process.env.FAIRVIEW_BENCH_DEMO_URL)
    console.log(
      'England-wide page: set FAIRVIEW_BENCH_DEMO_URL (PostgreSQL) or FAIRVIEW_BENCH_DEMO_DIR (PGlite) to a store holding the demo.',
    );
  console.log('');
  print((line) => console.log(line));
}
