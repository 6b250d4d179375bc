/**
 * Load (issue 11, finding 9): 200 concurrent clients for 60 s (× --scale) against real `fairview
 * serve` processes — first one process on PGlite (the README's default setup), then two behind one
 * PostgreSQL — each client looping over a mix of pages, every request with a 5 s timeout. 150 clients
 * are visitors (scorecards, indicator pages, peers, an overview, /releases tables, an unknown area);
 * 50 are signed in (four accounts of the slice's area: home, scorecards, indicator pages, overview,
 * releases) with sessions made on the first process and used on every one. A probe in its own process
 * asks /healthz on the main port and on the health port (the worker thread, src/web/front-door.ts)
 * every 250 ms. Prints per run: requests, p50 / p99 / max latency, errors by status (anything but
 * 2xx/404, or a network error; 503 is the admission queue's "busy"), timeouts (> 5 s), /healthz's p99
 * and worst on both ports, each server process's peak RSS (VmHWM from /proc), and the slowest pages.
 *
 *   npm run bench -- load                    both runs (PostgreSQL's only when FAIRVIEW_TEST_PG_URL answers)
 *   npm run bench -- load --scale 0.25       15 s per run
 *   FAIRVIEW_LOAD_DATA_DIR=/path             the PGlite data directory, prepared once and reused
 *                                            (default: <tmpdir>/fairview-load-slice)
 *   FAIRVIEW_LOAD_RUNS=pglite|postgres       one run only
 *   FAIRVIEW_LOAD_SERVE_FLAGS="--trace-gc"   node flags for the server processes (how the worker's
 *                                            leaking heap was found, issue 11)
 *   FAIRVIEW_LOAD_SERVE_LOG=/path            where the server processes' output goes (else dropped)
 *
 * Data: the Tees Valley slice (75 practices, the real import and recompute) and four accounts
 * (bench/load-seed.ts). The PGlite directory is seeded on the first run (~1.5 min) and reused after;
 * the PostgreSQL database is a scratch one, seeded and dropped each run. Loopback only. The floor of
 * the same run: the same clients against a bare node:http server answering a prepared page.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openStore } from '../src/store/database.ts';
import { testPostgresAdminUrl } from '../test/support/databases.ts';
import { SLICE_RELEASE, SLICE_SUB_ICB } from '../test/web/benchmarking-slice.ts';
import type { Harness } from './harness.ts';
import { type LoadAccount, markPrepared, preparedAccounts, seedLoadStore } from './load-seed.ts';

const CLIENTS = 200;
const SIGNED_IN_CLIENTS = 50;
const SECONDS = 60;
const TIMEOUT_MS = 5000;
const ROOT = join(import.meta.dirname, '..');

interface Run {
  name: string;
  requests: number;
  latencies: number[];
  errors: number;
  /** Errors by status (0: the connection failed). */
  errorStatuses: Map<number, number>;
  timeouts: number;
  health: number[];
  healthFailures: number;
  /** The health port's answers (the worker thread). */
  healthPort: number[];
  healthPortFailures: number;
  peakRssMb: number[];
  /** Latencies by page kind (the path without its codes). */
  byKind: Map<string, number[]>;
}

interface Page {
  path: string;
  /** The session cookie to send, or none for a visitor. */
  cookie?: string;
}

function get(url: string, agent: http.Agent, cookie?: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const headers = cookie ? { cookie } : undefined;
    const req = http.get(url, { agent, timeout: TIMEOUT_MS, headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      res.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ status: -1, ms: performance.now() - started });
    });
    req.on('error', () => resolve({ status: req.destroyed ? -1 : 0, ms: performance.now() - started }));
  });
}

const pct = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

function peakRssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

/** The /healthz probe's own process: one GET per server every 250 ms, latencies printed as JSON. */
const PROBE = `
const http = require('node:http');
const { origins, healthOrigins, ms } = JSON.parse(process.argv[1]);
const end = Date.now() + ms;
const health = []; let failures = 0;
const healthPort = []; let healthPortFailures = 0;
const once = (url, own) => new Promise((resolve) => {
  const t = process.hrtime.bigint();
  const done = (ok) => {
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (own) { healthPort.push(ms); if (!ok) healthPortFailures++; } else { health.push(ms); if (!ok) failures++; }
    resolve();
  };
  const req = http.get(url, { timeout: 5000 }, (res) => { res.resume(); res.on('end', () => done(res.statusCode === 200)); });
  req.on('timeout', () => req.destroy()); req.on('error', () => done(false));
});
(async () => {
  while (Date.now() < end) {
    await Promise.all([
      ...origins.map((o) => once(o + '/healthz', false)),
      ...healthOrigins.map((o) => once(o + '/healthz', true)),
    ]);
    await new Promise((r) => setTimeout(r, 250));
  }
  process.stdout.write(JSON.stringify({ health, failures, healthPort, healthPortFailures }));
})();
`;

/** The page's kind: its path with codes and numbers replaced, and its query's keys. */
function kindOf(page: Page): string {
  const [path, query = ''] = page.path.split('?');
  const keys = new URLSearchParams(query);
  const shape = path!.replace(/\/[A-Z0-9][A-Za-z0-9-]*(?=\/|$)/g, '/X').replace(/\/test-2025/, '/NAME');
  const area = keys.get('area');
  const tail = [...keys.keys()].join('&');
  return `${page.cookie ? 'signed-in ' : ''}${shape}${tail ? `?${tail}` : ''}${area === 'ZZZ99' ? ' (unknown area)' : ''}`;
}

async function drive(
  name: string,
  origins: string[],
  pages: { visitor: Page[]; signedIn: Page[] },
  ms: number,
  pids: (number | undefined)[],
  healthOrigins: string[] = [],
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const run: Run = {
    name,
    requests: 0,
    latencies: [],
    errors: 0,
    errorStatuses: new Map(),
    timeouts: 0,
    health: [],
    healthFailures: 0,
    healthPort: [],
    healthPortFailures: 0,
    peakRssMb: [],
    byKind: new Map(),
  };
  const end = performance.now() + ms;
  let k = 0;
  const client = async (id: number) => {
    const mine = id < SIGNED_IN_CLIENTS && pages.signedIn.length > 0 ? pages.signedIn : pages.visitor;
    while (performance.now() < end) {
      const origin = origins[(id + k) % origins.length]!;
      const page = mine[k++ % mine.length]!;
      const r = await get(origin + page.path, agent, page.cookie);
      run.requests++;
      run.latencies.push(r.ms);
      const kind = kindOf(page);
      const list = run.byKind.get(kind) ?? [];
      if (list.length === 0) run.byKind.set(kind, list);
      list.push(r.ms);
      if (r.status === -1) run.timeouts++;
      else if (!(r.status >= 200 && r.status < 300) && r.status !== 404) {
        run.errors++;
        run.errorStatuses.set(r.status, (run.errorStatuses.get(r.status) ?? 0) + 1);
      }
    }
  };
  // The /healthz probe runs in its own process, so that the 200 client loops starving this one do not
  // count as the server's slowness (a load balancer's probe is another machine).
  const probe = () =>
    new Promise<void>((resolve) => {
      const child = spawn(process.execPath, ['-e', PROBE, JSON.stringify({ origins, healthOrigins, ms })], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.once('exit', () => {
        const parsed = JSON.parse(
          out || '{"health":[],"failures":0,"healthPort":[],"healthPortFailures":0}',
        ) as { health: number[]; failures: number; healthPort: number[]; healthPortFailures: number };
        run.health.push(...parsed.health);
        run.healthFailures += parsed.failures;
        run.healthPort.push(...parsed.healthPort);
        run.healthPortFailures += parsed.healthPortFailures;
        resolve();
      });
    });
  await Promise.all([...Array.from({ length: CLIENTS }, (_, i) => client(i)), probe()]);
  agent.destroy();
  run.peakRssMb = pids.map(peakRssMb);
  return run;
}

function report(h: Harness, run: Run, seconds: number): void {
  const lat = [...run.latencies].sort((a, b) => a - b);
  const health = [...run.health].sort((a, b) => a - b);
  const healthPort = [...run.healthPort].sort((a, b) => a - b);
  const rss = run.peakRssMb.map((m) => (Number.isFinite(m) ? `${Math.round(m)} MB` : 'n/a')).join(' + ');
  console.log(
    `${run.name}: ${run.requests} requests in ${seconds} s (${Math.round(run.requests / seconds)}/s) by ${CLIENTS} clients; ` +
      `p50 ${pct(lat, 50).toFixed(0)} ms, p99 ${pct(lat, 99).toFixed(0)} ms, max ${(lat.at(-1) ?? 0).toFixed(0)} ms; ` +
      `errors ${run.errors}${run.errors ? ` (${[...run.errorStatuses].map(([k, n]) => `${k || 'network'}×${n}`).join(', ')})` : ''}, timeouts (>${TIMEOUT_MS / 1000} s) ${run.timeouts}; ` +
      `/healthz (main port) p99 ${pct(health, 99).toFixed(1)} ms, max ${(health.at(-1) ?? 0).toFixed(1)} ms, ${run.healthFailures} failed` +
      (run.healthPort.length > 0
        ? `; /healthz (health port) p99 ${pct(healthPort, 99).toFixed(1)} ms, max ${(healthPort.at(-1) ?? 0).toFixed(1)} ms, ${run.healthPortFailures} failed`
        : '') +
      `; peak RSS ${rss}`,
  );
  if (run.byKind.size > 1) {
    const kinds = [...run.byKind]
      .map(([kind, ms]) => {
        const sorted = [...ms].sort((a, b) => a - b);
        return { kind, n: ms.length, p50: pct(sorted, 50), p99: pct(sorted, 99) };
      })
      .sort((a, b) => b.p99 - a.p99);
    for (const k of kinds)
      console.log(`    ${k.kind}: ${k.n} requests, p50 ${k.p50.toFixed(0)} ms, p99 ${k.p99.toFixed(0)} ms`);
  }
  void h;
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testPostgresAdminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresAdminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

interface Started {
  origin: string;
  healthOrigin: string;
  child: ChildProcess;
}

async function startProcess(env: Record<string, string>): Promise<Started> {
  const flags = (process.env.FAIRVIEW_LOAD_SERVE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...flags, 'bin/fairview.js', 'serve', '--port', '0', '--health-port', '0'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const started = await new Promise<{ origin: string; healthOrigin: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 180_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const main = /running at https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\]):(\d+)/.exec(out);
      const health = /health check is at https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\]):(\d+)/.exec(out);
      if (main && health) {
        clearTimeout(timer);
        resolve({ origin: `http://127.0.0.1:${main[1]}`, healthOrigin: `http://127.0.0.1:${health[1]}` });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  if (process.env.FAIRVIEW_LOAD_SERVE_LOG) {
    const { createWriteStream } = await import('node:fs');
    child.stdout!.pipe(createWriteStream(process.env.FAIRVIEW_LOAD_SERVE_LOG));
  } else child.stdout!.resume();
  return { ...started, child };
}

/** Signs `account` in the way a browser does (the sign-in form's token and cookie); the session cookie. */
async function signIn(origin: string, account: LoadAccount): Promise<string> {
  const form = await fetch(`${origin}/sign-in`);
  const html = await form.text();
  const token = /name="form_token" value="([^"]+)"/.exec(html)?.[1];
  const formCookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!token || !formCookie) throw new Error('the sign-in form had no token');
  const res = await fetch(`${origin}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: formCookie },
    body: new URLSearchParams({ username: account.username, password: account.password, form_token: token }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('fairview_session='));
  if (res.status !== 303 || !session) throw new Error(`signing ${account.username} in: ${res.status}`);
  return session;
}

async function floorServer(body: Buffer): Promise<{ origin: string; close(): void }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}

async function pagesFor(
  origin: string,
  accounts: LoadAccount[],
): Promise<{ visitor: Page[]; signedIn: Page[] }> {
  const api = (await (await fetch(`${origin}/api/indicators/FT-91547?area=${SLICE_SUB_ICB}`)).json()) as {
    practices: { code: string }[];
  };
  const practices = api.practices.map((p) => p.code).slice(0, 20);
  const visitor: Page[] = [];
  for (const [i, code] of practices.entries()) {
    visitor.push({ path: `/practices/${code}/scorecard` });
    visitor.push({ path: `/indicators/FT-91547?area=${SLICE_SUB_ICB}&practice=${code}` });
    if (i % 4 === 0) visitor.push({ path: `/practices/${code}/peers` });
  }
  visitor.push({ path: `/organisations/${SLICE_SUB_ICB}/overview` });
  visitor.push({ path: `/releases/${SLICE_RELEASE}?area=${SLICE_SUB_ICB}` });
  visitor.push({ path: `/releases/${SLICE_RELEASE}?area=ZZZ99` });
  visitor.push({ path: '/releases' });
  visitor.push({ path: '/indicators/FT-91547' });
  // Sessions made on the first process, used on every process (they are rows: issue 11 asks that two
  // processes agree on them).
  const cookies = await Promise.all(accounts.map((a) => signIn(origin, a)));
  const signedIn: Page[] = [];
  for (const [i, cookie] of cookies.entries()) {
    const code = practices[i % practices.length]!;
    signedIn.push({ path: '/', cookie });
    signedIn.push({ path: `/practices/${code}/scorecard`, cookie });
    signedIn.push({ path: `/indicators/FT-91547?area=${SLICE_SUB_ICB}&practice=${code}`, cookie });
    signedIn.push({ path: `/organisations/${SLICE_SUB_ICB}/overview`, cookie });
    signedIn.push({ path: `/releases/${SLICE_RELEASE}?area=${SLICE_SUB_ICB}`, cookie });
  }
  return { visitor, signedIn };
}

export default async function load(h: Harness): Promise<void> {
  const seconds = Math.max(5, Math.round(SECONDS * h.scale));
  const floorSeconds = Math.min(10, seconds);
  const only = process.env.FAIRVIEW_LOAD_RUNS;
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  try {
    // 1. The README's default: one process on PGlite, its data directory prepared once.
    if (only === undefined || only === 'pglite') {
      const dir = process.env.FAIRVIEW_LOAD_DATA_DIR ?? join(tmpdir(), 'fairview-load-slice');
      let accounts = await preparedAccounts(dir);
      if (!accounts) {
        await rm(dir, { recursive: true, force: true });
        const started = performance.now();
        const store = await openStore({ dataDir: dir });
        accounts = await seedLoadStore(store);
        await store.close();
        await markPrepared(dir, accounts);
        console.log(
          `seeded the Tees Valley slice into ${dir} in ${((performance.now() - started) / 1000).toFixed(0)} s (reused by later runs)`,
        );
      } else console.log(`the PGlite data directory prepared earlier: ${dir}`);
      await measure(h, [{ FAIRVIEW_DATA_DIR: dir }], accounts, seconds, floorSeconds, 'PGlite', children);
    }
    // 2. Two processes behind one PostgreSQL (a scratch database).
    if ((only === undefined || only === 'postgres') && (await postgresReachable())) {
      const scratch = `fairview_load_${process.pid}`;
      await admin(`CREATE DATABASE ${scratch}`);
      cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`));
      const url = new URL(testPostgresAdminUrl);
      url.pathname = `/${scratch}`;
      const started = performance.now();
      const store = await openStore({ databaseUrl: url.href });
      const accounts = await seedLoadStore(store);
      await store.close();
      console.log(
        `seeded the Tees Valley slice into a scratch PostgreSQL database in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
      const env = { DATABASE_URL: url.href };
      await measure(h, [env, env], accounts, seconds, floorSeconds, 'PostgreSQL', children);
    }
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

async function measure(
  h: Harness,
  envs: Record<string, string>[],
  accounts: LoadAccount[],
  seconds: number,
  floorSeconds: number,
  kind: string,
  children: ChildProcess[],
): Promise<void> {
  const servers: Started[] = [];
  for (const env of envs) {
    const s = await startProcess(env);
    servers.push(s);
    children.push(s.child);
  }
  const origins = servers.map((s) => s.origin);
  const pages = await pagesFor(origins[0]!, accounts);
  // Untimed warm-up: every page once per server (the disclosure patterns, the caches).
  for (const o of origins)
    for (const p of [...pages.visitor, ...pages.signedIn])
      await fetch(o + p.path, { headers: p.cookie ? { cookie: p.cookie } : {} }).then((r) => r.arrayBuffer());
  const floorBody = Buffer.from(await (await fetch(origins[0]! + pages.visitor[0]!.path)).arrayBuffer());
  const floor = await floorServer(floorBody);
  report(
    h,
    await drive(
      'floor (bare node:http, one prepared page)',
      [floor.origin],
      { visitor: [{ path: '/' }], signedIn: [] },
      floorSeconds * 1000,
      [process.pid],
    ),
    floorSeconds,
  );
  floor.close();
  const count = servers.length;
  report(
    h,
    await drive(
      `${count} fairview serve process${count === 1 ? '' : 'es'} (${kind}; ${CLIENTS - SIGNED_IN_CLIENTS} visitors, ${SIGNED_IN_CLIENTS} signed in)`,
      origins,
      pages,
      seconds * 1000,
      servers.map((s) => s.child.pid),
      servers.map((s) => s.healthOrigin),
    ),
    seconds,
  );
  for (const s of servers) s.child.kill('SIGTERM');
  // Bounded: a process that has not stopped 20 s after SIGTERM is killed, and said so (seen once on
  // PostgreSQL after a run: the stop waited on the job queue's or the pool's connections).
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.child.exitCode !== null) return resolve();
          const timer = setTimeout(() => {
            console.log(`server process ${s.child.pid} did not stop within 20 s of SIGTERM: killed`);
            s.child.kill('SIGKILL');
          }, 20_000);
          s.child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        }),
    ),
  );
}
