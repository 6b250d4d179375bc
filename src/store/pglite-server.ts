// Runs inside a worker thread (see pglite-worker.ts): hosts PGlite and serves the PostgreSQL wire
// protocol on a private Unix socket, so the main thread uses the same `pg` driver and Kysely dialect as
// for a real PostgreSQL, while PGlite's synchronous WebAssembly work blocks only this thread.
import { mkdir } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'
const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'

export interface PgliteServer {
  close(): Promise<void>;
}

/**
 * Opens PGlite at `dataDir` ('memory://…' for an in-memory database) and listens on `socketPath`.
 * PGlite has one backend session, so one client is served at a time; later clients wait their turn.
 */
export async function startPgliteServer(dataDir: string, socketPath: string): Promise<PgliteServer> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  const waiting: Socket[] = [];
  const open = new Set<Socket>();
  let active: Socket | null = null;

  const next = (): void => {
    active = null;
    let socket = waiting.shift();
    while (socket?.destroyed) socket = waiting.shift();
    if (socket) serve(socket);
  };

  const serve = (socket: Socket): void => {
    active = socket;
    let pending: Buffer = Buffer.alloc(0);
    let started = false;
    let transactionStatus = IDLE;
    // Socket data events can arrive while PGlite is still busy: keep the order with one promise chain.
    let queue: Promise<void> = Promise.resolve();

    const release = (): void => {
      if (active !== socket) return;
      queue = queue.then(async () => {
        // A client that vanished inside a transaction must not leave it open for the next one.
        if (transactionStatus !== IDLE) {
          await pglite.exec('ROLLBACK').catch(() => undefined);
          transactionStatus = IDLE;
        }
        next();
      });
    };

    const run = async (messages: Buffer): Promise<void> => {
      const reply = await pglite.execProtocolRaw(new Uint8Array(messages));
      transactionStatus = lastTransactionStatus(reply, transactionStatus);
      if (reply.length > 0 && !socket.destroyed) socket.write(reply);
    };

    const take = (): void => {
      while (true) {
        if (!started) {
          if (pending.length < 8) return;
          const length = pending.readInt32BE(0);
          if (pending.length < length) return;
          const code = pending.readInt32BE(4);
          const message = pending.subarray(0, length);
          pending = pending.subarray(length);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write('N');
            continue;
          }
          if (code === CANCEL_REQUEST) {
            socket.end();
            return;
          }
          started = true;
          const startup = Buffer.from(message);
          queue = queue.then(() => run(startup));
          continue;
        }
        // Pass every complete message we have in one call; PGlite answers them in order.
        let end = 0;
        let terminate = false;
        while (pending.length - end >= 5) {
          const length = pending.readInt32BE(end + 1);
          if (pending.length - end < length + 1) break;
          if (pending[end] === TERMINATE) {
            terminate = true;
            break;
          }
          end += length + 1;
        }
        if (end > 0) {
          const batch = Buffer.from(pending.subarray(0, end));
          queue = queue.then(() => run(batch));
          pending = pending.subarray(end);
        }
        if (terminate) {
          socket.end();
          return;
        }
        return;
      }
    };

    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      take();
      queue = queue.catch((error: unknown) => {
        socket.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
    socket.on('close', release);
    socket.on('error', () => socket.destroy());
    socket.resume();
  };

  const server: Server = createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    if (active) {
      socket.pause();
      waiting.push(socket);
    } else {
      serve(socket);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });

  return {
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      });
      await pglite.close();
    },
  };
}

/** The status byte of the last ReadyForQuery ('I' idle, 'T' in transaction, 'E' failed transaction). */
function lastTransactionStatus(reply: Uint8Array, previous: number): number {
  let status = previous;
  const view = new DataView(reply.buffer, reply.byteOffset, reply.byteLength);
  let at = 0;
  while (at + 5 <= reply.length) {
    const length = view.getInt32(at + 1);
    if (reply[at] === READY_FOR_QUERY && length === 5) status = reply[at + 5] ?? status;
    at += length + 1;
  }
  return status;
}
