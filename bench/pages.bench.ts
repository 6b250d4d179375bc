/**
 * Page latency under load (issue 4 §6): a practice's scorecard page and the indicator page for that
 * practice, served by the real server (`startServer`, the one `fairview serve` runs) from a store
 * seeded with the Tees Valley slice (imported and recomputed as the page tests do), under 32
 * concurrent keep-alive connections from a load generator on 127.0.0.1.
 *
 * The baseline, measured in the same run: the very bytes of that page, captured once and served as a
 * prepared Buffer by a separate bare node:http server in this process (no route is added to the app).
 * So "× baseline" is the cost of Fairview's page work (routing, session and policy checks, queries,
 * rendering) over merely sending the same bytes through Node's HTTP stack.
 *
 * Every request is a signed-out visitor's, so two Fairview servers on the same store are measured: one
 * with the visitor cache off (FAIRVIEW_VISITOR_CACHE=off: "cold", every request queries and renders, as
 * before the cache) and one with it on ("cached": after its warm-up every request is a hit; the only
 * query left is the latest published release's id). Both print p50/p99 beside the static file.
 *
 * Each target first gets an untimed warm-up (up to 200 requests or 4 s). The page's also sizes the
 * measured run: N = its warm-up rate × 12 s (cut off at 15 s), at most 2,000 (× --scale), the same N
 * for the page and its baseline so the times compare. A small N (a slow page) makes the baseline's
 * percentiles coarse: with 32 connections its first round carries connection and JIT noise.
 *
 * One Node process plays the client and both servers (PGlite's session runs in its own worker
 * thread), so on a 2-core machine the client's own work weighs on every figure alike: ratios travel
 * better than absolute numbers. Latency is from sending a request to reading its last body byte.
 *
 * PGlite always; PostgreSQL too when FAIRVIEW_TEST_PG_URL (default local server) answers, in a
 * scratch database created for the run and dropped after.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { startServer } from '../src/cli/commands/serve.ts';
import type { Store } from '../src/store/database.ts';
import {
  type FreshStore,
  freshPglite,
  freshPostgres,
  testPostgresAdminUrl,
} from '../test/support/databases.ts';
import { seedBenchmarkingSlice } from '../test/web/benchmarking-slice.ts';
import type { Harness } from './harness.ts';
import { generateLoad, type LoadResult, loadAgent, mean, percentile } from './load-generator.ts';

const CONNECTIONS = 32;
/** The measured run is sized to take about this long from the warm-up's rate … */
const TARGET_MS = 12_000;
/** … and is cut off here whatever happens (the warm-up's rate is only an estimate). */
const MEASURE_MS = 15_000;
const WARMUP = { requests: 200, maxMs: 4_000 };
/** The indicator the page tests use (smoking prevalence, lower is better): present in the slice. */
const INDICATOR = 'FT-91547';

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

/** A bare node:http server answering each path with its prepared bytes, as a static file server would. */
async function startStaticServer(
  files: Map<string, Buffer>,
): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const body = files.get(request.url ?? '');
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
    response.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function fetchOk(url: string): Promise<Buffer> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** A practice worse than England on smoking in its latest period, as the page tests choose. */
async function flaggedPractice(origin: string, fallback: string): Promise<string> {
  const api = JSON.parse((await fetchOk(`${origin}/api/indicators/${INDICATOR}`)).toString('utf8')) as {
    practices: { code: string; crude: { key: string } }[];
  };
  const worse = api.practices
    .filter((p) => p.crude.key === 'worse')
    .map((p) => p.code)
    .sort();
  return worse[0] ?? fallback;
}

interface Target {
  name: string;
  url: string;
  agent: http.Agent;
  /** Every measured run's result; the fastest is the one reported (as the harness reports its time). */
  runs: LoadResult[];
}

function target(name: string, url: string): Target {
  return { name, url, agent: loadAgent(CONNECTIONS), runs: [] };
}

function fastest(t: Target): LoadResult {
  return t.runs.reduce((a, b) => (b.elapsedMs < a.elapsedMs ? b : a));
}

function ms(x: number | null): string {
  return x === null ? '—' : `${x.toFixed(1)} ms`;
}

function latencyLine(label: string, r: LoadResult, baseline: LoadResult | null): string {
  const p50 = percentile(r.latenciesMs, 0.5);
  const p99 = percentile(r.latenciesMs, 0.99);
  const ratio = (a: number | null, b: number | null) =>
    a === null || b === null || b === 0 ? '' : `${(a / b).toFixed(1)}×`;
  const base50 = baseline ? percentile(baseline.latenciesMs, 0.5) : null;
  const base99 = baseline ? percentile(baseline.latenciesMs, 0.99) : null;
  const perSecond = r.requests / (r.elapsedMs / 1000);
  return [
    `  ${label}`.padEnd(52),
    String(r.requests).padStart(6),
    ms(p50).padStart(10),
    ms(p99).padStart(10),
    ms(mean(r.latenciesMs)).padStart(10),
    perSecond.toFixed(0).padStart(8),
    (baseline ? ratio(p50, base50) : '1.0×').padStart(9),
    (baseline ? ratio(p99, base99) : '1.0×').padStart(9),
    `${Math.round(r.bytes / Math.max(1, r.requests) / 1024)} KB`.padStart(8),
    r.stoppedByTime ? '  (cut off at 15 s: the rows/s above overstate)' : '',
  ].join(' ');
}

async function benchPage(
  h: Harness,
  title: string,
  page: Target,
  cachedPage: Target,
  staticFile: Target,
  bytes: number,
): Promise<void> {
  // The page's untimed warm-up gives its rate, which sizes the measured runs.
  const warm = await generateLoad(page.url, page.agent, { connections: CONNECTIONS, ...WARMUP });
  const rate = warm.requests / (warm.elapsedMs / 1000);
  const n = Math.max(
    CONNECTIONS * 2,
    Math.min(h.size(2000, CONNECTIONS * 2), Math.floor((rate * TARGET_MS) / 1000)),
  );
  const options = { connections: CONNECTIONS, requests: n, maxMs: MEASURE_MS };

  h.group(`${title}: ${Math.round(bytes / 1024)} KB of HTML, ${CONNECTIONS} connections, ${n} requests`);
  await h.baseline(
    'static file, same bytes (bare node:http)',
    n,
    async () => {
      const r = await generateLoad(staticFile.url, staticFile.agent, options);
      staticFile.runs.push(r);
      return r.requests;
    },
    { warmup: () => generateLoad(staticFile.url, staticFile.agent, { connections: CONNECTIONS, ...WARMUP }) },
  );
  // The page's sizing warm-up above came just before the (short) baseline: no second one.
  await h.task(`${page.name} (Fairview, cold)`, n, async () => {
    const r = await generateLoad(page.url, page.agent, options);
    page.runs.push(r);
    return r.requests;
  });
  await h.task(
    `${page.name} (Fairview, cached)`,
    n,
    async () => {
      const r = await generateLoad(cachedPage.url, cachedPage.agent, options);
      cachedPage.runs.push(r);
      return r.requests;
    },
    { warmup: () => generateLoad(cachedPage.url, cachedPage.agent, { connections: CONNECTIONS, ...WARMUP }) },
  );

  const base = fastest(staticFile);
  console.log('');
  console.log(
    [
      '  latency'.padEnd(52),
      'reqs'.padStart(6),
      'p50'.padStart(10),
      'p99'.padStart(10),
      'mean'.padStart(10),
      'req/s'.padStart(8),
      'p50 ×'.padStart(9),
      'p99 ×'.padStart(9),
      'body'.padStart(8),
    ].join(' '),
  );
  console.log(latencyLine('(baseline) static file, same bytes', base, null));
  console.log(latencyLine('visitor, cold (no visitor cache)', fastest(page), base));
  console.log(latencyLine('visitor, cached (visitor cache hit)', fastest(cachedPage), base));
}

async function benchStore(h: Harness, kind: string, store: Store): Promise<void> {
  console.log('');
  const seeding = Date.now();
  const { practices } = await seedBenchmarkingSlice(store);
  console.log(
    `${kind}: Tees Valley slice (${practices.length} practices) imported and recomputed in ${Math.round((Date.now() - seeding) / 1000)} s (not timed)`,
  );
  // The cold server reads FAIRVIEW_VISITOR_CACHE=off as it is made; the cached one the default.
  const setting = process.env.FAIRVIEW_VISITOR_CACHE;
  process.env.FAIRVIEW_VISITOR_CACHE = 'off';
  const server = await startServer(store, { port: 0, hostname: '127.0.0.1' });
  if (setting === undefined) delete process.env.FAIRVIEW_VISITOR_CACHE;
  else process.env.FAIRVIEW_VISITOR_CACHE = setting;
  const cachedServer = await startServer(store, { port: 0, hostname: '127.0.0.1' });
  const origin = `http://127.0.0.1:${new URL(server.url).port}`;
  const cachedOrigin = `http://127.0.0.1:${new URL(cachedServer.url).port}`;
  const targets: Target[] = [];
  let staticServer: { origin: string; close(): Promise<void> } | null = null;
  try {
    const practice = await flaggedPractice(origin, practices[0]!);
    const pages = [
      { key: 'scorecard', name: `scorecard page, ${practice}`, path: `/practices/${practice}/scorecard` },
      {
        key: 'indicator',
        name: `indicator page, ${INDICATOR} for ${practice}`,
        path: `/indicators/${INDICATOR}?practice=${practice}`,
      },
    ];
    // The static twin of each page is that page's own bytes, captured once.
    const files = new Map<string, Buffer>();
    for (const p of pages) files.set(`/${p.key}.html`, await fetchOk(`${origin}${p.path}`));
    staticServer = await startStaticServer(files);
    for (const p of pages) {
      const page = target(p.name, `${origin}${p.path}`);
      const cachedPage = target(p.name, `${cachedOrigin}${p.path}`);
      const staticFile = target('static file', `${staticServer.origin}/${p.key}.html`);
      targets.push(page, cachedPage, staticFile);
      const bytes = files.get(`/${p.key}.html`)!.length;
      const cachedBytes = await fetchOk(`${cachedOrigin}${p.path}`);
      if (!cachedBytes.equals(files.get(`/${p.key}.html`)!))
        throw new Error(`${p.path}: the cached server's page differs from the cold server's`);
      await benchPage(h, `${kind}: ${p.path}`, page, cachedPage, staticFile, bytes);
    }
  } finally {
    for (const t of targets) t.agent.destroy();
    await staticServer?.close();
    await server.close();
    await cachedServer.close();
  }
}

export default async function pagesBench(h: Harness): Promise<void> {
  const stores: { kind: string; open: () => Promise<FreshStore> }[] = [{ kind: 'PGlite', open: freshPglite }];
  if (await postgresReachable()) stores.push({ kind: 'PostgreSQL', open: freshPostgres });
  else console.log(`(PostgreSQL at ${new URL(testPostgresAdminUrl).host} not reachable: PGlite only)`);
  for (const { kind, open } of stores) {
    const fresh = await open();
    try {
      await benchStore(h, kind, fresh.store);
    } finally {
      // pg's pool.end() resolves before the server has seen its idle connections go; dropping the
      // scratch database at once would terminate them mid-close and log "connection lost".
      await fresh.store.close();
      await new Promise((resolve) => setTimeout(resolve, 250));
      await fresh.dispose();
    }
  }
}
