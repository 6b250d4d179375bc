// Entry point of the worker thread that hosts PGlite (started by pglite-host.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { startPgliteServer } from './pglite-server.ts';

export interface PgliteWorkerData {
  dataDir: string;
  socketPath: string;
}

export type PgliteWorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'closed' };

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts must run in a worker thread');
const { dataDir, socketPath } = workerData as PgliteWorkerData;
const post = (message: PgliteWorkerMessage): void => port.postMessage(message);

try {
  const server = await startPgliteServer(dataDir, socketPath);
  port.on('message', async (message: unknown) => {
    if (message !== 'close') return;
    try {
      await server.close();
      post({ type: 'closed' });
    } catch (error) {
      post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
    port.close();
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  port.close();
}
