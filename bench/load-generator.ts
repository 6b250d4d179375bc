/**
 * A small HTTP load generator for the page benchmarks: `connections` request loops share one
 * keep-alive agent with as many sockets, each sending a GET as soon as its previous answer has been
 * read in full, until `requests` have been sent or `maxMs` has passed. Loopback only (127.0.0.1): it
 * must never point load at another machine.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  /** Concurrent request loops (and sockets in the agent). */
  connections: number;
  /** Requests to send in all; the run stops at this count or at `maxMs`, whichever comes first. */
  requests: number;
  maxMs: number;
  /** Sent with every request (a signed-in viewer's session cookie). */
  headers?: Record<string, string>;
  /**
   * Count HTTP 503 answers (the server's admission queue saying it is busy) in `busy` and go on,
   * instead of stopping the run at the first one. Their latencies are not among `latenciesMs`.
   */
  countBusy?: boolean;
}

export interface LoadResult {
  requests: number;
  /** Wall time from the first request to the last answer, milliseconds. */
  elapsedMs: number;
  /** Every request's latency (send to last body byte), ascending, milliseconds. */
  latenciesMs: Float64Array;
  /** Body bytes received in all. */
  bytes: number;
  /** True when `maxMs` ended the run before `requests` were sent. */
  stoppedByTime: boolean;
  /** HTTP 503 answers counted with `countBusy` (0 otherwise: the first one stops the run). */
  busy: number;
}

/** A keep-alive agent for one target server; destroy it when done so its sockets close. */
export function loadAgent(connections: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
}

function getOnce(url: URL, agent: http.Agent, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('end', () => {
        if (response.statusCode === 200) resolve(bytes);
        else
          reject(
            new HttpStatus(
              `GET ${url.pathname}${url.search}: HTTP ${response.statusCode}`,
              response.statusCode,
            ),
          );
      });
      response.on('error', reject);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed as idle just as we reused it: not a failure of the page.
      reject(request.reusedSocket && error.code === 'ECONNRESET' ? new StaleSocket() : error);
    });
  });
}

class StaleSocket extends Error {}

class HttpStatus extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/** One GET, read in full; retried once (timed as one request) when a stale kept-alive socket resets. */
async function get(url: URL, agent: http.Agent, headers?: Record<string, string>): Promise<number> {
  try {
    return await getOnce(url, agent, headers);
  } catch (error) {
    if (error instanceof StaleSocket) return getOnce(url, agent, headers);
    throw error;
  }
}

/** Nearest-rank percentile of an ascending array (p in 0..1); null when it is empty. */
export function percentile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1]!;
}

export function mean(values: Float64Array): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export async function generateLoad(
  target: string,
  agent: http.Agent,
  options: LoadOptions,
): Promise<LoadResult> {
  const url = new URL(target);
  if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1') {
    throw new Error(`the load generator only targets http://127.0.0.1, not ${url.origin}`);
  }
  const latencies = new Float64Array(options.requests);
  let sent = 0;
  let answered = 0;
  let bytes = 0;
  let busy = 0;
  let failure: unknown = null;
  const start = performance.now();
  const deadline = start + options.maxMs;

  const loop = async (): Promise<void> => {
    while (failure === null && sent < options.requests && performance.now() < deadline) {
      sent++;
      const t0 = performance.now();
      let received: number;
      try {
        received = await get(url, agent, options.headers);
      } catch (error) {
        if (options.countBusy && error instanceof HttpStatus && error.status === 503) {
          busy++;
          continue;
        }
        // The first failure stops every loop: a benchmark of error pages would mislead.
        failure ??= error;
        return;
      }
      latencies[answered++] = performance.now() - t0;
      bytes += received;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  const elapsedMs = performance.now() - start;
  if (failure !== null) throw failure;

  const measured = latencies.slice(0, answered).sort();
  return {
    requests: answered,
    elapsedMs,
    latenciesMs: measured,
    bytes,
    stoppedByTime: answered < options.requests,
    busy,
  };
}
