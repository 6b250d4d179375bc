/**
 * Load (issue 11, finding 9): 200 concurrent visitor clients for 60 s (× --scale) against real
 * `fairview serve` processes — one, then two behind one PostgreSQL — each client looping over a mix
 * of pages (scorecards, indicator pages, overviews, /releases tables, an unknown area), every request
 * with a 5 s timeout, while a separate probe asks /healthz every 250 ms. Prints per run: requests,
 * p50 / p99 / max latency, errors (non-2xx/404 or network), timeouts (> 5 s), /healthz's worst and
 * p99, and each server process's peak RSS (VmHWM from /proc).
 *
 *   npm run bench -- load                         seeds the Tees Valley slice into a scratch database
 *   npm run bench -- load --scale 0.25            15 s per run
 *   FAIRVIEW_LOAD_URLS=http://127.0.0.1:3000 npm run bench -- load   against servers already running
 *
 * The scratch database is PostgreSQL when FAIRVIEW_TEST_PG_URL's server answers (two processes need
 * it: PGlite's data directory admits one), else PGlite with one process. Loopback only. The floor of
 * the same run: the same client against a bare node:http server answering a prepared page.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openStore } from '../src/store/database.ts';
import { testPostgresAdminUrl } from '../test/support/databases.ts';
import { SLICE_RELEASE, SLICE_SUB_ICB, seedBenchmarkingSlice } from '../test/web/benchmarking-slice.ts';
import type { Harness } from './harness.ts';

const CLIENTS = 200;
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
  peakRssMb: number[];
}

function get(url: string, agent: http.Agent): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get(url, { agent, timeout: TIMEOUT_MS }, (res) => {
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
const { origins, ms } = JSON.parse(process.argv[1]);
const end = Date.now() + ms;
const health = []; let failures = 0;
const once = (url) => new Promise((resolve) => {
  const t = process.hrtime.bigint();
  const done = (ok) => { health.push(Number(process.hrtime.bigint() - t) / 1e6); if (!ok) failures++; resolve(); };
  const req = http.get(url, { timeout: 5000 }, (res) => { res.resume(); res.on('end', () => done(res.statusCode === 200)); });
  req.on('timeout', () => req.destroy()); req.on('error', () => done(false));
});
(async () => {
  while (Date.now() < end) {
    for (const o of origins) await once(o + '/healthz');
    await new Promise((r) => setTimeout(r, 250));
  }
  process.stdout.write(JSON.stringify({ health, failures }));
})();
`;

async function drive(
  name: string,
  origins: string[],
  paths: string[],
  ms: number,
  pids: (number | undefined)[],
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
    peakRssMb: [],
  };
  const end = performance.now() + ms;
  let k = 0;
  const client = async (id: number) => {
    while (performance.now() < end) {
      const origin = origins[(id + k) % origins.length]!;
      const path = paths[k++ % paths.length]!;
      const r = await get(origin + path, agent);
      run.requests++;
      run.latencies.push(r.ms);
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
      const child = spawn(process.execPath, ['-e', PROBE, JSON.stringify({ origins, ms })], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.once('exit', () => {
        const parsed = JSON.parse(out || '{"health":[],"failures":0}') as {
          health: number[];
          failures: number;
        };
        run.health.push(...parsed.health);
        run.healthFailures += parsed.failures;
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
  const rss = run.peakRssMb.map((m) => (Number.isFinite(m) ? `${Math.round(m)} MB` : 'n/a')).join(' + ');
  console.log(
    `${run.name}: ${run.requests} requests in ${seconds} s (${Math.round(run.requests / seconds)}/s) by ${CLIENTS} clients; ` +
      `p50 ${pct(lat, 50).toFixed(0)} ms, p99 ${pct(lat, 99).toFixed(0)} ms, max ${(lat.at(-1) ?? 0).toFixed(0)} ms; ` +
      `errors ${run.errors}${run.errors ? ` (${[...run.errorStatuses].map(([k, n]) => `${k || 'network'}×${n}`).join(', ')})` : ''}, timeouts (>${TIMEOUT_MS / 1000} s) ${run.timeouts}; ` +
      `/healthz p99 ${pct(health, 99).toFixed(1)} ms, max ${(health.at(-1) ?? 0).toFixed(1)} ms, ${run.healthFailures} failed; peak RSS ${rss}`,
  );
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

async function startProcess(env: Record<string, string>): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/fairview.js', 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\]):(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  child.stdout!.resume();
  return { origin, child };
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

async function pathsFor(origin: string): Promise<string[]> {
  const api = (await (await fetch(`${origin}/api/indicators/FT-91547?area=${SLICE_SUB_ICB}`)).json()) as {
    practices: { code: string }[];
  };
  const practices = api.practices.map((p) => p.code).slice(0, 20);
  const paths: string[] = [];
  for (const [i, code] of practices.entries()) {
    paths.push(`/practices/${code}/scorecard`);
    paths.push(`/indicators/FT-91547?area=${SLICE_SUB_ICB}&practice=${code}`);
    if (i % 4 === 0) paths.push(`/practices/${code}/peers`);
  }
  paths.push(`/organisations/${SLICE_SUB_ICB}/overview`);
  paths.push(`/releases/${SLICE_RELEASE}?area=${SLICE_SUB_ICB}`);
  paths.push(`/releases/${SLICE_RELEASE}?area=ZZZ99`);
  paths.push('/releases');
  return paths;
}

export default async function load(h: Harness): Promise<void> {
  const seconds = Math.max(5, Math.round(SECONDS * h.scale));
  const floorSeconds = Math.min(10, seconds);
  const given = process.env.FAIRVIEW_LOAD_URLS?.split(',').filter((u) => u !== '');
  if (given && given.length > 0) {
    for (const u of given)
      if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(u)) throw new Error(`loopback only: ${u}`);
    const paths = await pathsFor(given[0]!);
    report(h, await drive(`${given.length} given server(s)`, given, paths, seconds * 1000, []), seconds);
    return;
  }
  const usePostgres = await postgresReachable();
  const scratch = `fairview_load_${process.pid}`;
  let env: Record<string, string>;
  let dir = '';
  if (usePostgres) {
    await admin(`CREATE DATABASE ${scratch}`);
    const url = new URL(testPostgresAdminUrl);
    url.pathname = `/${scratch}`;
    env = { DATABASE_URL: url.href };
  } else {
    dir = await mkdtemp(join(tmpdir(), 'fairview-load-'));
    env = { FAIRVIEW_DATA_DIR: dir };
  }
  const store = await openStore(usePostgres ? { databaseUrl: env.DATABASE_URL! } : { dataDir: dir });
  const started = performance.now();
  await seedBenchmarkingSlice(store);
  await store.close();
  console.log(
    `seeded the Tees Valley slice into a scratch ${usePostgres ? 'PostgreSQL database' : 'PGlite store'} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  const children: ChildProcess[] = [];
  try {
    for (const count of usePostgres ? [1, 2] : [1]) {
      const servers = [];
      for (let i = 0; i < count; i++) servers.push(await startProcess(env));
      children.push(...servers.map((s) => s.child));
      const origins = servers.map((s) => s.origin);
      const paths = await pathsFor(origins[0]!);
      // Untimed warm-up: every path once per server (the disclosure patterns, the caches).
      for (const o of origins) for (const p of paths) await fetch(o + p).then((r) => r.arrayBuffer());
      const floorBody = Buffer.from(await (await fetch(origins[0]! + paths[0]!)).arrayBuffer());
      const floor = await floorServer(floorBody);
      report(
        h,
        await drive('floor (bare node:http, one prepared page)', [floor.origin], ['/'], floorSeconds * 1000, [
          process.pid,
        ]),
        floorSeconds,
      );
      floor.close();
      report(
        h,
        await drive(
          `${count} fairview serve process${count === 1 ? '' : 'es'} (${usePostgres ? 'PostgreSQL' : 'PGlite'})`,
          origins,
          paths,
          seconds * 1000,
          servers.map((s) => s.child.pid),
        ),
        seconds,
      );
      for (const s of servers) s.child.kill('SIGTERM');
      await Promise.all(servers.map((s) => new Promise((resolve) => s.child.once('exit', resolve))));
    }
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    if (usePostgres) await admin(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    else await rm(dir, { recursive: true, force: true });
  }
}
