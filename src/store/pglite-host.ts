// Starts the worker thread that hosts PGlite and hands back where its Unix socket listens.
// Why a worker: PGlite runs each query synchronously in the thread that calls it, so a long query in
// the main thread would freeze every timer and HTTP request. In a worker it blocks only the worker.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { lockDataDir } from './data-dir-lock.ts';
import type { PgliteWorkerData, PgliteWorkerMessage } from './pglite-worker.ts';

/** pg connects to a Unix socket through the folder that holds `.s.PGSQL.<port>`. */
export const PGLITE_SOCKET_PORT = 5432;

export interface PgliteHost {
  /** Pass as `host` to pg, with `port: PGLITE_SOCKET_PORT`. */
  socketDir: string;
  /**
   * Closes PGlite and opens it again in a fresh worker listening on the same socket, keeping the data
   * folder's lock: the memory PGlite's WebAssembly heap grew to (it never shrinks) goes back to the
   * system. Connections to the old worker end; the caller makes sure none is in use (database.ts).
   */
  restart(): Promise<void>;
  /** Closes PGlite cleanly (so the next open is fast) and ends the worker thread. */
  stop(): Promise<void>;
}

// The worker must load TypeScript whether or not the parent registered tsx with --import (workers do
// not inherit hooks registered through tsx's API, as bin/fairview.js does), so it registers tsx itself.
// Written to run both as a CommonJS script and as an ES module (workers inherit --input-type).
const bootstrap = `
import('node:worker_threads').then(async ({ workerData }) => {
  (await import(workerData.tsxApi)).register();
  await import(workerData.entry);
});
`;

export async function startPgliteHost(dataDir: string): Promise<PgliteHost> {
  const lock = dataDir.startsWith('memory://') ? null : await lockDataDir(dataDir);
  const socketDir = await mkdtemp(join(tmpdir(), 'fairview-pglite-'));
  const socketPath = join(socketDir, `.s.PGSQL.${PGLITE_SOCKET_PORT}`);
  const release = async () => {
    await rm(socketDir, { recursive: true, force: true });
    await lock?.release();
  };
  let worker: PgliteWorker;
  try {
    worker = await startWorker(dataDir, socketPath);
  } catch (error) {
    await release();
    throw error;
  }
  let stopping: Promise<void> | null = null;
  return {
    socketDir,
    async restart() {
      if (dataDir.startsWith('memory://')) return; // an in-memory database would be lost
      await worker.stop();
      worker = await startWorker(dataDir, socketPath);
    },
    stop() {
      stopping ??= worker.stop().finally(release);
      return stopping;
    },
  };
}

interface PgliteWorker {
  /** Closes PGlite and ends the thread. */
  stop(): Promise<void>;
}

async function startWorker(dataDir: string, socketPath: string): Promise<PgliteWorker> {
  const data: PgliteWorkerData & { tsxApi: string; entry: string } = {
    dataDir,
    socketPath,
    tsxApi: import.meta.resolve('tsx/esm/api'),
    entry: new URL('./pglite-worker.ts', import.meta.url).href,
  };
  const worker = new Worker(bootstrap, { eval: true, workerData: data });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const first = await new Promise<PgliteWorkerMessage>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`PGlite worker exited with code ${code} before it was ready`)),
    );
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  if (first.type !== 'ready') {
    await worker.terminate();
    throw new Error(
      `PGlite could not open ${dataDir}: ${first.type === 'failed' ? first.message : first.type}`,
    );
  }

  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= (async () => {
        const answer = new Promise<PgliteWorkerMessage | null>((resolve) => {
          worker.once('message', resolve);
          worker.once('exit', () => resolve(null));
        });
        worker.postMessage('close');
        const reply = await answer;
        // PGlite is closed by now; if some stray handle keeps the thread alive, end it.
        const timer = setTimeout(() => void worker.terminate(), 5000);
        await exited;
        clearTimeout(timer);
        if (reply?.type === 'failed') throw new Error(`PGlite did not close cleanly: ${reply.message}`);
      })();
      return stopping;
    },
  };
}
