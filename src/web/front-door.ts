/**
 * What a server process does with a request before the web app sees it (issue 11, finding 9: 200
 * clients stalled it and /healthz took up to 7.7 s).
 *
 * - **Health, off the hot path.** `HealthState` holds the process's answer in a SharedArrayBuffer:
 *   whether the database answered at its last check, and a heartbeat the event loop writes every
 *   250 ms. `/healthz` on the main port is answered from it by the raw node:http listener, before Hono,
 *   any middleware or the database. And `startHealthListener` serves `/healthz` on a port of its own
 *   from a worker thread, which answers even while the main event loop is blocked: `ok` while the
 *   heartbeat is fresh and the database answered, `stalled` (503) once the loop has not beaten for
 *   `stallMs`, so a load balancer sees a process that is alive and busy as alive, and a wedged one as
 *   wedged — in under a millisecond either way.
 * - **Admission.** At most `maxInFlight` requests are worked on at once; the rest wait in a FIFO queue
 *   (first come, first served: the wait is the queue's length over the throughput, the same for every
 *   request, instead of the interleaving of 200 half-done pages, each holding its rows in memory). A
 *   request that has waited `maxWaitMs` without starting, or that finds `maxQueue` ahead of it, is
 *   answered 503 with Retry-After at once instead of waiting without bound.
 * - **Two lanes.** Visitors (a GET or HEAD with no session cookie) and everyone else queue apart, each
 *   lane with its own limit. A visitor's page of a published release is nearly always in the visitor
 *   cache, so it costs one shared lookup; in one queue it waited behind signed-in pages that read and
 *   render for a quarter of a second each, and 200 clients saw two seconds for a cached page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Worker } from 'node:worker_threads';

const HEALTH_STARTING = 0;
const HEALTH_OK = 1;
const HEALTH_DB_DOWN = 2;
const HEALTH_FAILED = 3;

export type HealthStatus = 'starting' | 'ok' | 'not ready' | 'failed';

/**
 * Milliseconds on a clock both threads share: each thread's `performance.now()` counts from its own
 * start, so it is added to that thread's `timeOrigin`. A duration base, never a date (issue 19: dates
 * come from the injected clock only).
 */
const sharedMs = (): number => performance.timeOrigin + performance.now();

/** The process's health, shared with the health worker: [state, last heartbeat (sharedMs)]. */
export class HealthState {
  readonly buffer = new SharedArrayBuffer(16);
  private readonly cells = new Float64Array(this.buffer);
  private beat: NodeJS.Timeout | null = null;

  constructor() {
    this.cells[0] = HEALTH_STARTING;
    this.cells[1] = sharedMs();
  }

  /** The event loop's heartbeat: every 250 ms while the process runs (unref: it keeps nothing alive). */
  startHeartbeat(intervalMs = 250): void {
    if (this.beat) return;
    this.cells[1] = sharedMs();
    this.beat = setInterval(() => {
      this.cells[1] = sharedMs();
    }, intervalMs);
    this.beat.unref();
  }

  stopHeartbeat(): void {
    if (this.beat) clearInterval(this.beat);
    this.beat = null;
  }

  /** The database's answer at the last check (null: not checked yet, still starting). */
  setDatabase(answered: boolean | null): void {
    if (this.cells[0] === HEALTH_FAILED) return;
    this.cells[0] = answered === null ? HEALTH_STARTING : answered ? HEALTH_OK : HEALTH_DB_DOWN;
  }

  setFailed(): void {
    this.cells[0] = HEALTH_FAILED;
  }

  status(): HealthStatus {
    return statusOf(this.cells[0]!);
  }
}

function statusOf(state: number): HealthStatus {
  return state === HEALTH_OK
    ? 'ok'
    : state === HEALTH_DB_DOWN
      ? 'not ready'
      : state === HEALTH_FAILED
        ? 'failed'
        : 'starting';
}

/** The worker's program, plain JavaScript (no loader needed in the thread). */
const HEALTH_WORKER = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const cells = new Float64Array(workerData.buffer);
const names = ['starting', 'ok', 'not ready', 'failed'];
const server = http.createServer((req, res) => {
  const path = (req.url || '').split('?')[0];
  if (path !== '/healthz') { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); return; }
  const lag = performance.timeOrigin + performance.now() - cells[1];
  const state = names[cells[0]] || 'starting';
  const stalled = lag > workerData.stallMs;
  const text = stalled ? 'stalled' : state;
  const body = (req.headers.accept || '').includes('application/json')
    ? JSON.stringify({ status: text, eventLoopLagMs: Math.max(0, Math.round(lag)) })
    : text;
  res.writeHead(text === 'ok' ? 200 : 503, {
    'content-type': body[0] === '{' ? 'application/json' : 'text/plain; charset=UTF-8',
    'cache-control': 'no-store',
  });
  res.end(body);
});
server.listen(workerData.port, workerData.host, () => parentPort.postMessage({ port: server.address().port }));
server.on('error', (e) => parentPort.postMessage({ error: String(e && e.message || e) }));
parentPort.on('message', (m) => { if (m === 'close') server.close(() => process.exit(0)); });
`;

/**
 * `/healthz` on a port of its own, served from a worker thread that reads `health` (never the event
 * loop of the pages). `stallMs`: how long without a heartbeat before it says `stalled` (503).
 */
export async function startHealthListener(
  health: HealthState,
  options: { port: number; hostname?: string; stallMs?: number },
): Promise<{ url: string; close(): Promise<void> }> {
  health.startHeartbeat();
  const worker = new Worker(HEALTH_WORKER, {
    eval: true,
    workerData: {
      buffer: health.buffer,
      port: options.port,
      host: options.hostname,
      stallMs: options.stallMs ?? 5000,
    },
  });
  worker.unref();
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port?: number; error?: string }) =>
      m.port !== undefined ? resolve(m.port) : reject(new Error(`health port: ${m.error}`)),
    );
    worker.once('error', reject);
  });
  return {
    url: `http://localhost:${port}`,
    close: async () => {
      worker.postMessage('close');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 1000);
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

export interface AdmissionOptions {
  /** Requests worked on at once (default 16). */
  maxInFlight?: number;
  /** Requests allowed to wait (default 2,000); one more is answered 503 at once. */
  maxQueue?: number;
  /** The longest a request waits to start before it is answered 503 (default 2,000 ms). */
  maxWaitMs?: number;
}

export interface AdmissionStats {
  inFlight: number;
  queued: number;
  admitted: number;
  refused: number;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** The session cookie's name: the front door sorts requests into lanes by it; the app reads it. */
export const SESSION_COOKIE = 'fairview_session';

/** True for a GET or HEAD that carries no session cookie: a visitor's request. */
export function isVisitorRequest(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  return !(req.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`);
}

/** Visitors and the signed-in (and every POST) wait in separate queues. */
export interface AdmissionLanes {
  visitors: Admission;
  signedIn: Admission;
}

/**
 * A FIFO gate in front of `listener`. A request is admitted when fewer than `maxInFlight` are being
 * worked on; it leaves when its response is finished or its connection closes.
 */
export class Admission {
  private readonly maxInFlight: number;
  private readonly maxQueue: number;
  private readonly maxWaitMs: number;
  private inFlight = 0;
  private readonly queue: { req: IncomingMessage; res: ServerResponse; at: number; run: Listener }[] = [];
  private head = 0;
  private admitted = 0;
  private refused = 0;

  constructor(options: AdmissionOptions = {}) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 16);
    this.maxQueue = Math.max(0, options.maxQueue ?? 2000);
    this.maxWaitMs = options.maxWaitMs ?? 2000;
  }

  handle(req: IncomingMessage, res: ServerResponse, run: Listener): void {
    if (this.inFlight < this.maxInFlight && this.queue.length - this.head === 0) {
      this.start(req, res, run);
      return;
    }
    if (this.queue.length - this.head >= this.maxQueue) {
      this.refuse(res);
      return;
    }
    this.queue.push({ req, res, at: performance.now(), run });
  }

  stats(): AdmissionStats {
    return {
      inFlight: this.inFlight,
      queued: this.queue.length - this.head,
      admitted: this.admitted,
      refused: this.refused,
    };
  }

  private start(req: IncomingMessage, res: ServerResponse, run: Listener): void {
    this.inFlight++;
    this.admitted++;
    let done = false;
    const leave = () => {
      if (done) return;
      done = true;
      this.inFlight--;
      this.next();
    };
    res.once('finish', leave);
    res.once('close', leave);
    run(req, res);
  }

  private next(): void {
    while (this.inFlight < this.maxInFlight && this.head < this.queue.length) {
      const waiting = this.queue[this.head]!;
      this.queue[this.head++] = undefined as never;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      // Gone while it waited (the client gave up): nothing to do.
      if (waiting.res.destroyed || waiting.req.destroyed || waiting.req.socket.destroyed) continue;
      if (performance.now() - waiting.at > this.maxWaitMs) {
        this.refuse(waiting.res);
        continue;
      }
      this.start(waiting.req, waiting.res, waiting.run);
    }
  }

  private refuse(res: ServerResponse): void {
    this.refused++;
    if (res.headersSent || res.destroyed) return;
    res.writeHead(503, {
      'content-type': 'text/plain; charset=UTF-8',
      'retry-after': '1',
      'cache-control': 'no-store',
    });
    res.end('Fairview is busy: try again in a second.\n');
  }
}

/**
 * The main port's listener: `/healthz` (a plain GET, not asking for JSON) answered from `health` at
 * once; everything else through `admission` (one queue, or a lane each for visitors and the rest) to `app`. The JSON form (the start's progress) and the
 * starting state go to the app, which knows the start.
 */
export function frontDoor(
  app: Listener,
  health: HealthState,
  admission: Admission | AdmissionLanes | null,
): Listener {
  return (req, res) => {
    if (
      (req.method === 'GET' || req.method === 'HEAD') &&
      req.url === '/healthz' &&
      !(req.headers.accept ?? '').includes('application/json')
    ) {
      const status = health.status();
      if (status === 'ok' || status === 'not ready') {
        res.writeHead(status === 'ok' ? 200 : 503, {
          'content-type': 'text/plain; charset=UTF-8',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        });
        res.end(req.method === 'HEAD' ? undefined : status);
        return;
      }
    }
    if (admission === null) app(req, res);
    else if (admission instanceof Admission) admission.handle(req, res, app);
    else (isVisitorRequest(req) ? admission.visitors : admission.signedIn).handle(req, res, app);
  };
}
