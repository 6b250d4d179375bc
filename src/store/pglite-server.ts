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
const QUERY = 0x51; // 'Q'
const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const COPY_FAIL = 0x66; // 'f'
/** CopyInResponse: text format, no per-column formats (pg reads neither). */
const COPY_IN_RESPONSE = Buffer.from([0x47, 0, 0, 0, 7, 0, 0, 0]);

/**
 * PostgreSQL's own page cache inside PGlite's WebAssembly memory. PGlite sets 128 MB, all of it held by
 * the process for its life (the memory never shrinks); its files are on the local disk behind the
 * operating system's cache, so a smaller pool costs little: 32 MB takes ~55 MB off a server's resident
 * memory at no measured cost to reads (issue 11: ≤ 600 MB under load). FAIRVIEW_PGLITE_SHARED_BUFFERS
 * sets it (PostgreSQL units, e.g. `128MB`).
 */
export function sharedBuffers(env: NodeJS.ProcessEnv = process.env): string {
  const v = env.FAIRVIEW_PGLITE_SHARED_BUFFERS?.trim();
  return v && /^\d+(kB|MB|GB)$/.test(v) ? v : '32MB';
}

export interface PgliteServer {
  close(): Promise<void>;
}

/**
 * Opens PGlite at `dataDir` ('memory://…' for an in-memory database) and listens on `socketPath`.
 * PGlite has one backend session, so one client is served at a time; later clients wait their turn.
 * Kept as one function: its closures share one connection's state (the pending bytes, the COPY being
 * gathered, the promise chain that keeps answers in order, the active socket), and split apart each
 * would have to be handed all of it.
 */
export async function startPgliteServer(dataDir: string, socketPath: string): Promise<PgliteServer> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, { postgresqlconf: [`shared_buffers=${sharedBuffers()}`] });
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
      const reply = await execRaw(pglite, messages);
      transactionStatus = lastTransactionStatus(reply, transactionStatus);
      if (reply.length > 0 && !socket.destroyed) socket.write(reply);
    };

    let copying: { statement: string; chunks: Buffer[] } | null = null;

    /** Runs a gathered COPY FROM STDIN as COPY FROM '/dev/blob' and sends PGlite's answer on. */
    const runCopy = async (
      copy: { statement: string; chunks: Buffer[] },
      failed: string | null,
    ): Promise<void> => {
      if (failed !== null) {
        // The client gave up: fail the statement (and so its transaction) as PostgreSQL would.
        const reason = failed.replaceAll("'", "''");
        await run(
          queryMessage(`do $$ begin raise exception 'COPY from stdin failed: %', '${reason}'; end $$`),
        );
        return;
      }
      await pglite._handleBlob(new Blob(copy.chunks));
      try {
        await run(queryMessage(copy.statement));
      } finally {
        await pglite._cleanupBlob();
      }
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
        // Pass every complete message we have in one call; PGlite answers them in order. A COPY FROM
        // STDIN is answered here instead (PGlite cannot read CopyData from the wire): its statement
        // ends the batch before it, and its CopyData messages are gathered until CopyDone.
        let end = 0;
        let terminate = false;
        while (pending.length - end >= 5) {
          const type = pending[end]!;
          const length = pending.readInt32BE(end + 1);
          if (pending.length - end < length + 1) break;
          if (copying) {
            const body = pending.subarray(end + 5, end + 1 + length);
            if (type === COPY_DATA) copying.chunks.push(Buffer.from(body));
            else if (type === COPY_DONE || type === COPY_FAIL) {
              const copy = copying;
              copying = null;
              const failed = type === COPY_FAIL ? body.toString('utf8').replace(/\0$/, '') : null;
              queue = queue.then(() => runCopy(copy, failed));
            }
            // Flush and Sync are ignored during COPY, as PostgreSQL does.
            pending = pending.subarray(end + 1 + length);
            end = 0;
            continue;
          }
          if (type === TERMINATE) {
            terminate = true;
            break;
          }
          const statement = type === QUERY ? copyFromStdin(pending.subarray(end + 5, end + length)) : null;
          if (statement !== null) {
            if (end > 0) {
              const batch = Buffer.from(pending.subarray(0, end));
              queue = queue.then(() => run(batch));
            }
            copying = { statement, chunks: [] };
            queue = queue.then(() => {
              if (!socket.destroyed) socket.write(COPY_IN_RESPONSE);
            });
            pending = pending.subarray(end + 1 + length);
            end = 0;
            continue;
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

/**
 * Runs wire-protocol messages and gives back PGlite's answer, unparsed. Not `execProtocolRaw`: in
 * PGlite 0.5 it also parses every answer into a result list that only `execProtocol` and `query`
 * empty, so a server that only passes bytes through kept every row it ever sent — 125 KB a query,
 * the worker's heap growing without bound under load (issue 11: ≤ 600 MB). The stream variant hands
 * each chunk to us instead (a view of WebAssembly memory, so it is copied) and parses nothing.
 */
export async function execRaw(pglite: PGlite, messages: Uint8Array): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pglite.execProtocolRawStream(new Uint8Array(messages), {
    onRawData: (chunk) => {
      chunks.push(Buffer.from(chunk));
    },
  });
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/**
 * The statement of a simple Query that is `COPY … FROM STDIN`, rewritten to read PGlite's blob
 * (`COPY … FROM '/dev/blob'`); null for any other query.
 */
function copyFromStdin(body: Buffer): string | null {
  const text = body.toString('utf8').replace(/\0$/, '');
  if (!/^\s*copy\s/i.test(text)) return null;
  const from = /\sfrom\s+stdin\b/i.exec(text);
  if (!from) return null;
  return `${text.slice(0, from.index)} from '/dev/blob'${text.slice(from.index + from[0].length)}`;
}

/** A simple Query message. */
function queryMessage(text: string): Buffer {
  const body = Buffer.from(`${text}\0`, 'utf8');
  const head = Buffer.alloc(5);
  head[0] = QUERY;
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
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
