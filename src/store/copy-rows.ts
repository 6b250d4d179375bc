// COPY … FROM STDIN for both stores, through Kysely and the `pg` driver, without a new dependency.
//
// How a COPY reaches the connection: Kysely hands `pg` only query text and parameters, and keeps the
// pg client of a transaction to itself. So `copyRows` runs a query whose text starts with COPY_MARK,
// with the COPY statement after it and the encoded rows as its one parameter; every pg client of the
// store's pool is wrapped (`enableCopy`, called by database.ts on each new connection) so that such a
// query is sent as a COPY: the statement, then the rows as CopyData messages once the server asks for
// them. Everything else passes through untouched. Inside a transaction, the COPY is part of it.
//
// On PGlite the wire-protocol server in the worker (pglite-server.ts) answers the COPY itself: it
// gathers the CopyData and runs `COPY … FROM '/dev/blob'` with them as the blob, in the same session.
//
// The rows are written in COPY's text format: tab between columns, `\N` for null, backslash escapes.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.ts';

/** The start of a query that `enableCopy` turns into a COPY FROM STDIN. */
export const COPY_MARK = '/* fairview:copy-from-stdin */ ';

/** pg's own value conversion (Date, arrays, Buffer, JSON), as it would send a parameter. */
const prepareValue = createRequire(import.meta.url)('pg/lib/utils.js').prepareValue as (
  value: unknown,
) => string | Buffer | null;

/** What `copyRows` (the rows, encoded) or `copyFile` (a piece of a file) passes as the marked query's one parameter. */
type CopyPayload = { readonly chunks: readonly Buffer[] };

const CHUNK_BYTES = 1 << 20;

/**
 * Writes `rows` into `table` with one `COPY table (columns) FROM STDIN` and returns how many rows were
 * written. `columns` default to the first row's keys; every row must have exactly those (null, not a
 * missing key). No conflict handling: a duplicate key fails the COPY (insert-rows.ts stages rows
 * through a temporary table when an upsert is wanted).
 */
export async function copyRows(
  db: Kysely<Database>,
  table: string,
  rows: readonly object[],
  columns: readonly string[] = rows[0] ? Object.keys(rows[0]) : [],
): Promise<number> {
  if (rows.length === 0) return 0;
  return copyEncoded(db, table, columns, encodeRows(rows, columns));
}

/**
 * `copyRows` for rows already in COPY text format (each line made with `copyField`, tab-separated, in
 * `columns` order): for a writer that encodes rows as it makes them and so need not keep them.
 */
export async function copyEncoded(
  db: Kysely<Database>,
  table: string,
  columns: readonly string[],
  chunks: readonly Buffer[],
): Promise<number> {
  if (chunks.length === 0) return 0;
  const statement = `copy ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) from stdin`;
  const payload: CopyPayload = { chunks };
  const result = await sql<{ count: number }>`${sql.raw(COPY_MARK + statement)} ${sql.val(payload)}`.execute(
    db,
  );
  return Number(result.rows[0]?.count ?? 0);
}

/**
 * A file is copied in pieces of about this size, one COPY each, cut at row ends: PGlite's worker
 * gathers a whole COPY in memory (and copies it into the database's memory, which never shrinks)
 * before running it, so one COPY of a national prescribing month's 7M groups (~0.5 GB) held the file
 * several times over (docs/decisions.md, "A national prescribing month copied in pieces, PGlite's memory
 * given back around it").
 */
export const PIECE_BYTES = 32 << 20;

/**
 * Copies the file at `path` into `table` with `COPY table (columns) FROM STDIN (options)` — the file
 * must already be in the format `options` name (e.g. `format csv`) — and returns how many rows were
 * written. The file is read a megabyte at a time and sent in pieces of about PIECE_BYTES, each cut at
 * the end of a row (a newline outside quotes, for CSV) and sent as its own COPY; so a file of more than
 * one piece must be copied inside a transaction, where the pieces stand or fall together.
 */
export async function copyFile(
  db: Kysely<Database>,
  table: string,
  columns: readonly string[],
  path: string,
  options = '',
  pieceBytes = PIECE_BYTES,
): Promise<number> {
  if ((await stat(path)).size > pieceBytes && !db.isTransaction) {
    throw new Error(`copyFile: ${path} is copied in pieces, so it must be copied inside a transaction`);
  }
  const statement =
    `copy ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) from stdin` +
    (options ? ` (${options})` : '');
  let rows = 0;
  for await (const chunks of filePieces(path, /\bformat\s+csv\b/i.test(options), pieceBytes)) {
    const payload: CopyPayload = { chunks };
    const result = await sql<{
      count: number;
    }>`${sql.raw(COPY_MARK + statement)} ${sql.val(payload)}`.execute(db);
    rows += Number(result.rows[0]?.count ?? 0);
  }
  return rows;
}

/**
 * The file in pieces of about `pieceBytes`, each ending at the end of a row: it is read `pieceBytes`
 * at a time (a megabyte at most) and cut at the last row end of the read that fills a piece.
 */
export async function* filePieces(
  path: string,
  csv: boolean,
  pieceBytes: number,
): AsyncGenerator<Buffer[], void> {
  let piece: Buffer[] = [];
  let size = 0;
  let inQuotes = false; // at the end of what is in `piece`
  for await (const read of createReadStream(path, { highWaterMark: Math.min(CHUNK_BYTES, pieceBytes) })) {
    const chunk = read as Buffer;
    const cut = size + chunk.length >= pieceBytes ? rowEndIn(chunk, csv, inQuotes) : -1;
    if (cut < 0) {
      piece.push(chunk);
      size += chunk.length;
      if (csv && quotesIn(chunk).length % 2 === 1) inQuotes = !inQuotes;
      continue;
    }
    piece.push(chunk.subarray(0, cut));
    yield piece;
    const rest = chunk.subarray(cut);
    piece = rest.length > 0 ? [rest] : [];
    size = rest.length;
    inQuotes = csv && quotesIn(rest).length % 2 === 1;
  }
  if (size > 0) yield piece;
}

/**
 * Just after the last newline of `chunk` that ends a row, or -1: for CSV a newline ends a row only
 * outside quotes (`inQuotes` says whether the chunk starts inside them; "" inside quotes keeps the
 * count even); in COPY's text format every newline does.
 */
export function rowEndIn(chunk: Buffer, csv: boolean, inQuotes: boolean): number {
  const last = chunk.lastIndexOf(0x0a);
  if (!csv || last < 0) return last < 0 ? -1 : last + 1;
  const quotes = quotesIn(chunk);
  let before = quotes.length; // quotes before the newline at k
  for (let k = last; k >= 0; k = k > 0 ? chunk.lastIndexOf(0x0a, k - 1) : -1) {
    while (before > 0 && quotes[before - 1]! > k) before--;
    if ((before % 2 === 1) === inQuotes) return k + 1;
  }
  return -1;
}

/** Where the double quotes of `bytes` are, in order. */
function quotesIn(bytes: Buffer): number[] {
  const at: number[] = [];
  for (let q = bytes.indexOf(0x22); q >= 0; q = bytes.indexOf(0x22, q + 1)) at.push(q);
  return at;
}

/** Rows as COPY text, in chunks of about a megabyte. Checks each row has exactly `columns`. */
export function encodeRows(rows: readonly object[], columns: readonly string[]): Buffer[] {
  const chunks: Buffer[] = [];
  let text = '';
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Record<string, unknown>;
    let count = 0;
    for (const key in row) if (Object.hasOwn(row, key)) count++;
    if (count !== columns.length) {
      throw new Error(
        `insertRows: row ${r} has columns ${Object.keys(row).join(', ')}; expected ${columns.join(', ')}`,
      );
    }
    for (let c = 0; c < columns.length; c++) {
      const value = row[columns[c]!];
      if (value === undefined)
        throw new Error(`insertRows: row ${r} has no value for ${columns[c]} (use null)`);
      if (c > 0) text += '\t';
      text += copyField(value);
    }
    text += '\n';
    if (text.length >= CHUNK_BYTES) {
      chunks.push(Buffer.from(text, 'utf8'));
      text = '';
    }
  }
  if (text.length > 0) chunks.push(Buffer.from(text, 'utf8'));
  return chunks;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One value in COPY text format. */
export function copyField(value: unknown): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return NEEDS_ESCAPE.test(value) ? escapeText(value) : value;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const prepared = prepareValue(value);
  if (prepared === null) return '\\N';
  if (Buffer.isBuffer(prepared)) return `\\\\x${prepared.toString('hex')}`;
  return escapeText(prepared);
}

function escapeText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Makes `client` send a query marked with COPY_MARK as COPY FROM STDIN (see the top of this file).
 * Called once per new connection of the pool.
 */
export function enableCopy(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text === 'string' && text.startsWith(COPY_MARK)) {
      const statement = text.slice(COPY_MARK.length).replace(/\s*\$1\s*$/, '');
      const payload = (values as unknown[] | undefined)?.[0] as CopyPayload;
      return new Promise((resolve, reject) => {
        query(
          new CopyFromStdin(statement, payload, (error, count) =>
            error ? reject(error) : resolve({ command: 'COPY', rowCount: count, rows: [{ count }] }),
          ),
        );
      });
    }
    return query(...args);
  };
}

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * A pg "submittable" (the interface pg-cursor and pg-copy-streams use): pg calls `submit`, then the
 * handle… method for each message the server sends back while it is the active query.
 */
class CopyFromStdin {
  private count = 0;
  private done = false;

  constructor(
    private readonly statement: string,
    private readonly payload: CopyPayload,
    private readonly finish: (error: Error | null, count: number) => void,
  ) {}

  submit(connection: PgConnection): void {
    connection.query(this.statement);
  }

  handleCopyInResponse(connection: PgConnection): void {
    for (const chunk of this.payload.chunks) connection.sendCopyFromChunk(chunk);
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    const n = /^COPY (\d+)/.exec(message.text ?? '');
    if (n) this.count = Number(n[1]);
  }

  handleReadyForQuery(): void {
    this.end(null);
  }

  handleError(error: Error): void {
    this.end(error);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}

  private end(error: Error | null): void {
    if (this.done) return;
    this.done = true;
    this.finish(error, this.count);
  }
}
