/**
 * `fairview serve [--demo] [--port N]`: listens at once, then opens the store (DATABASE_URL, else
 * PGlite in FAIRVIEW_DATA_DIR or ./data), brings its schema up to date, and serves the web pages on
 * PORT (default 3000). With --demo, a store with no data first imports the bundled NHS files and a
 * store with no accounts gets one demo account per role, whose random passwords are printed this once.
 * Until then every page says what is happening (issue 15). Only what the progress page needs is
 * loaded before the port is open; the rest of the program is loaded after.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, serve as listen, type ServerType } from '@hono/node-server';
import { systemClock } from '../../app/clock.ts';
import type { Scheduler } from '../../app/jobs/scheduler.ts';
import { StartupProgress } from '../../app/startup-progress.ts';
import type { DisclosureRule } from '../../domain/disclosure/index.ts';
import { announceServer, dataDirOf } from '../../store/data-dir-lock.ts';
import type { Store } from '../../store/database.ts';
import {
  Admission,
  type AdmissionLanes,
  frontDoor,
  HealthState,
  startHealthListener,
} from '../../web/front-door.ts';
import { createStartingApp } from '../../web/starting-app.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * glibc's allocator settings `npm start` runs the server with (package.json; the speed bench too).
 * By default each thread's allocations come from an arena of their own (up to 8 per core), and large
 * blocks from the arenas once the threshold has adapted, so the memory a first start's import and
 * release freed stayed with the process (610–655 MB resident after the demo on PGlite, 360 MB now with
 * PGlite also reopened; issue 15: ≤ 400 MB; docs/decisions.md). Two arenas, and blocks of 128 KB and
 * more mapped on their own (given back when freed). The environment must say so before the process
 * starts; other C libraries ignore it.
 */
export const SERVER_MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' } as const;

/** How long an idle kept-alive connection stays open. */
export const KEEP_ALIVE_MS = 65_000;

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/**
 * Listens at once with `first` answering; `swap` hands every later request to another app (the full
 * one, once the store is open). Issue 15: nothing waits for the store before the port is open.
 */
export async function listenNow(
  first: Fetch,
  options: {
    port: number;
    hostname?: string;
    health?: HealthState;
    admission?: Admission | AdmissionLanes | null;
  },
): Promise<RunningServer & { swap(next: Fetch): void }> {
  let current = first;
  // Requests being answered, so that stopping lets them finish before the store closes under them
  // (stopping under load logged "Cannot use a pool after calling end" for every page cut off).
  const answering = new Set<Promise<unknown>>();
  const answer = (request: Request, env?: unknown) => {
    const pending = Promise.resolve(current(request, env));
    answering.add(pending);
    void pending.finally(() => answering.delete(pending)).catch(() => undefined);
    return pending;
  };
  // The front door (src/web/front-door.ts): /healthz from memory and the admission queue, before Hono.
  const app = getRequestListener(answer);
  const listener = options.health ? frontDoor(app, options.health, options.admission ?? null) : app;
  const server = http.createServer(listener);
  // Keep idle connections longer than a client or proxy typically does (Node's default is 5 s): a
  // server that closes a kept-alive socket just as the client reuses it costs that client a reset
  // (55 of them in the load bench, issue 11). Headers must still arrive within a minute.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    swap(next) {
      current = next;
    },
    close: async () => {
      // Stop taking requests, let those being answered finish (up to DRAIN_MS), then cut the rest.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = Promise.allSettled([...answering]);
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())]);
      server.closeAllConnections();
      await closed;
    },
  };
}

/** How long stopping waits for the requests being answered. */
const DRAIN_MS = 10_000;

export async function startServer(
  store: Store,
  options: { port: number; hostname?: string },
): Promise<RunningServer> {
  const { createWebApp } = await import('../../web/app.ts');
  const app = createWebApp({
    db: store.db,
    trustProxy: process.env.FAIRVIEW_TRUST_PROXY === '1',
    // Build the visitors' disclosure patterns of the latest release in the background (docs/openness.md).
    warmDisclosureCache: true,
  });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = listen({ fetch: app.fetch, port: options.port, hostname: options.hostname }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would otherwise hold the close open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

function positiveInt(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * The main port (`--port`, else PORT, else 3000) and the health port (`--health-port`, else
 * FAIRVIEW_HEALTH_PORT, else none). Each reads only its own variable: a health port that fell back
 * to PORT asked for the main port twice and stopped the server with EADDRINUSE.
 */
export function servePorts(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): { port: number; healthPort: number | null } {
  const port = portOf(args, '--port', env.PORT) ?? 3000;
  return { port, healthPort: portOf(args, '--health-port', env.FAIRVIEW_HEALTH_PORT) };
}

function portOf(args: readonly string[], flag: string, fromEnv: string | undefined): number | null {
  const i = args.indexOf(flag);
  const raw = i >= 0 ? args[i + 1] : fromEnv;
  if (raw === undefined || raw === '') return null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`'${raw}' is not a port number`);
  return port;
}

/**
 * Requests worked on at once, per lane, unless FAIRVIEW_MAX_IN_FLIGHT says. PGlite has one session,
 * so pages beyond a few only wait for it while holding their rows: on the load bench 8 a lane gave the
 * same throughput as 16 (563/s against 560/s) at 556 MB peak instead of 602 MB (issue 11: ≤ 600 MB).
 * PostgreSQL's pool of 10 keeps 16.
 */
export function defaultInFlight(env: NodeJS.ProcessEnv): number {
  return env.DATABASE_URL ? 16 : 8;
}

export async function serve(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(
      'usage: fairview serve [--demo] [--port N] [--health-port N]   (env: PORT, FAIRVIEW_HEALTH_PORT, FAIRVIEW_MAX_IN_FLIGHT, DATABASE_URL, FAIRVIEW_DATA_DIR)',
    );
    return 0;
  }
  const { port, healthPort } = servePorts(args, process.env);
  // Health and admission before the app (src/web/front-door.ts, issue 11 finding 9).
  const health = new HealthState();
  health.startHeartbeat();
  const lane = () =>
    new Admission({
      maxInFlight: positiveInt(process.env.FAIRVIEW_MAX_IN_FLIGHT, defaultInFlight(process.env)),
      maxWaitMs: positiveInt(process.env.FAIRVIEW_MAX_WAIT_MS, 2000),
    });
  const admission: AdmissionLanes = { visitors: lane(), signedIn: lane() };
  // Listen first (issue 15): while the store opens and a first start imports and computes, every page
  // says what is happening, and the pages whose data is in are served.
  const startup = new StartupProgress(systemClock);
  startup.enter('open');
  const server = await listenNow(createStartingApp(startup).fetch, {
    port,
    hostname: process.env.HOST,
    health,
    admission,
  });
  console.log(`Fairview is listening at ${server.url} and starting (progress on every page) …`);
  const healthServer =
    healthPort === null
      ? null
      : await startHealthListener(health, { port: healthPort, hostname: process.env.HOST });
  if (healthServer) console.log(`Fairview's health check is at ${healthServer.url}/healthz`);
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  // What the start has opened so far, for the stop to close (whether the start finished or not).
  const opened: Opened = { store: null, scheduler: null };
  const starting = start(args, server, startup, health, opened);
  const outcome = await Promise.race([
    starting.then(
      (s) => ({ ok: true as const, store: s }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
    stopped.then(() => null),
  ]);
  if (outcome?.ok) {
    console.log(
      `Fairview is running at ${server.url}  (${outcome.store.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'}; Ctrl+C to stop)`,
    );
    await stopped;
  }
  console.log('Stopping Fairview …');
  await server.close();
  await healthServer?.close();
  health.stopHeartbeat();
  if (outcome && !outcome.ok) {
    health.setFailed();
    await opened.scheduler?.stop();
    await opened.store?.close();
    throw outcome.error;
  }
  if (outcome === null) {
    // Stopped during the start: the step under way is one transaction per file or release, so
    // leaving now loses at most that step, and the next start carries on from there.
    const closing = opened.store?.close().catch(() => undefined);
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
    process.exit(0);
  }
  await opened.scheduler?.stop();
  await opened.store?.close();
  return 0;
}

interface Opened {
  store: Store | null;
  scheduler: Scheduler | null;
}

/**
 * Opens the store, swaps the real app in, prepares the demo when asked and starts the scheduler,
 * recording in `opened` what it has opened as it goes.
 */
async function start(
  args: string[],
  server: Awaited<ReturnType<typeof listenNow>>,
  startup: StartupProgress,
  health: HealthState,
  opened: Opened,
): Promise<Store> {
  const [
    { openStore },
    { createWebApp },
    { startScheduler },
    { warmDisclosureInBackground, warmDisclosureNow },
    { keepVisitorPagesNow },
    { rehearseViewerPage },
    disclosure,
  ] = await Promise.all([
    import('../../store/database.ts'),
    import('../../web/app.ts'),
    import('../../app/jobs/scheduler.ts'),
    import('../../app/benchmarking/disclosure.ts'),
    import('../../web/benchmarking/warm-pages.ts'),
    import('../../web/benchmarking/first-viewer-rehearsal.ts'),
    import('../../domain/disclosure/index.ts'),
  ]);
  const store = await openStore();
  opened.store = store;
  // Commands refused the PGlite folder while this server holds it can ask it instead.
  if (store.kind === 'pglite') await announceServer(dataDirOf(), server.url);
  const db = store.db;
  const app = createWebApp({
    db,
    trustProxy: process.env.FAIRVIEW_TRUST_PROXY === '1',
    // The visitors' disclosure patterns and views of a release published from the web, made in the
    // background (docs/openness.md); at start they are made before ready (readyTheFirstPages).
    warmDisclosureCache: 'publications',
    startup,
    health,
  });
  server.swap(app.fetch);
  let warmed = false;
  startup.onChange(() => {
    // The first release is in: prepare its disclosure patterns while the start goes on (at once: a
    // warming left for later would run beside the first requests after ready).
    if (!warmed && !startup.isReady() && startup.serves('benchmarking')) {
      warmed = true;
      warmDisclosureInBackground(db, disclosure.DEFAULT_DISCLOSURE_RULE, 0);
    }
  });
  if (args.includes('--demo')) {
    const built = await (await import('./serve-demo.ts')).prepareDemo(store, systemClock, startup);
    if (built) {
      // The demo's first start: what visitors see of each indicator page kept now (nothing will make
      // it stale), then the memory all of it took given back before the server says it is ready
      // (PGlite's heap never shrinks; issue 15: ≤ 400 MB after the demo). Kept here, before the memory
      // is given back; the same step below then finds every view kept.
      startup.progress(1, 'Keeping what visitors see of each indicator page');
      await keepVisitorPagesNow(db, disclosure.DEFAULT_DISCLOSURE_RULE);
      await store.releaseMemory();
    }
  }
  // Reminders and escalations (src/app/jobs/scheduler.ts): every server process works the queue.
  opened.scheduler = await startScheduler(db, { clock: systemClock });
  // No warming starts after this one (it queues behind any under way, so none is left running after ready).
  warmed = true;
  // What visitors see of the latest release's indicator pages, kept before ready if not kept yet (a
  // release published by code that keeps none, or views of an older shape; `fairview recompute
  // --publish` and the demo keep their own): otherwise the first visitor of each page after this start
  // would wait for its making (1.3–1.8 s for England). A restart with every view kept only asks which
  // are (one query).
  startup.progress(1, 'Keeping what visitors see of each indicator page');
  await keepVisitorPagesNow(db, disclosure.DEFAULT_DISCLOSURE_RULE);
  await readyTheFirstPages(db, disclosure.DEFAULT_DISCLOSURE_RULE, warmDisclosureNow, rehearseViewerPage);
  startup.ready();
  return store;
}

/**
 * What the first requests after a start would otherwise do beside the work of their own, done before
 * the server says it is ready (issue 15: ≤ 300 ms for the first request, signed in or not):
 * - the latest published release's disclosure patterns read into memory (0.75 s on the demo's
 *   restart; left to the background, it ran beside the first requests);
 * - a signed-in viewer's first page drawn once for nobody, so that hers is not the first time this
 *   process runs that code (first-viewer-rehearsal.ts).
 * A failure of either only loses the head start: pages make what they need on demand.
 */
async function readyTheFirstPages(
  db: Store['db'],
  rule: DisclosureRule,
  warm: (db: Store['db'], rule: DisclosureRule) => Promise<number>,
  rehearse: (db: Store['db'], rule: DisclosureRule) => Promise<number>,
): Promise<void> {
  for (const [what, step] of [
    ['disclosure patterns read', warm],
    ['a signed-in page rehearsed', rehearse],
  ] as const) {
    const started = performance.now();
    try {
      if ((await step(db, rule)) > 0)
        console.log(`before ready: ${what} in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      console.error(`before ready: not ${what} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
}
