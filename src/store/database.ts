// Opens the store: a real PostgreSQL when a postgres:// URL is given, otherwise PGlite in a folder.
// Both are reached through `pg.Pool` and one Kysely PostgresDialect, so every query, type parser and
// transaction takes the same code path; PGlite runs in a worker thread (see pglite-host.ts).
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { enableCopy } from './copy-rows.ts';
import { dataDirOf } from './data-dir-lock.ts';
import { migrations } from './migrations/index.ts';
import { PGLITE_SOCKET_PORT, startPgliteHost } from './pglite-host.ts';
import { enablePrepared } from './prepared-statements.ts';
import type { Database } from './schema.ts';

export interface Store {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /** Ends the pool and, for PGlite, closes the data folder cleanly and stops its worker thread. */
  close(): Promise<void>;
  /**
   * Gives back the memory a long computation (the demo's first start) left behind in the database:
   * PGlite's WebAssembly heap never shrinks, so PGlite is closed and opened again in a fresh worker
   * once the session in use is free (queries asked meanwhile wait for it). Nothing for PostgreSQL.
   */
  releaseMemory(): Promise<void>;
}

export interface StoreOptions {
  /** postgres://… selects PostgreSQL; defaults to process.env.DATABASE_URL unless dataDir is given. */
  databaseUrl?: string;
  /** PGlite's data folder, or 'memory://' for a throwaway database; defaults to FAIRVIEW_DATA_DIR or ./data. */
  dataDir?: string;
  /** Pool size for PostgreSQL (PGlite always has exactly one session). Default 10. */
  poolSize?: number;
}

// What a caller waits for the single PGlite session before pg gives up. It turns the one deadlock that
// only PGlite can show (using `db` instead of `trx` inside a transaction) into an error, not a hang.
const PGLITE_WAIT_MS = 120_000;

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  // An explicit dataDir asks for PGlite even when DATABASE_URL is set in the environment.
  const databaseUrl =
    options.databaseUrl ?? (options.dataDir === undefined ? process.env.DATABASE_URL : undefined);
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
      types: typeParsers,
    });
    return ready({
      db: kyselyOn(pool),
      kind: 'postgres',
      close: once(() => pool.end()),
      releaseMemory: async () => undefined,
    });
  }
  if (databaseUrl) throw new Error(`DATABASE_URL must start with postgres:// (got "${databaseUrl}")`);

  const dataDir = options.dataDir ?? dataDirOf();
  const host = await startPgliteHost(dataDir);
  const pool = new pg.Pool({
    host: host.socketDir,
    port: PGLITE_SOCKET_PORT,
    user: 'postgres',
    database: 'postgres',
    max: 1,
    idleTimeoutMillis: 0,
    connectionTimeoutMillis: PGLITE_WAIT_MS,
    types: typeParsers,
  });
  const close = once(async () => {
    try {
      await pool.end();
    } finally {
      await host.stop();
    }
  });
  const releaseMemory = async () => {
    // The one session, held while PGlite reopens: nothing else is using it, and the next query
    // waits for the fresh worker. Its connection ends with the old worker (the error is expected).
    const client = await pool.connect();
    client.on('error', () => undefined);
    try {
      await host.restart();
    } finally {
      client.release(true);
    }
  };
  return ready({ db: kyselyOn(pool), kind: 'pglite', close, releaseMemory });
}

/** Closing twice (a shutdown hook plus a finally block, say) closes once. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () => {
    closing ??= close();
    return closing;
  };
}

function kyselyOn(pool: pg.Pool): Kysely<Database> {
  // An idle client's connection can end under us (a server restart, an administrator's
  // pg_terminate_backend). pg emits that on the pool; unhandled, it would crash the process.
  // The pool drops the client and the next query opens a fresh connection.
  pool.on('error', (error) => {
    console.error(`fairview: database connection lost (${error.message}); reconnecting on next use`);
  });
  // Every connection can run COPY FROM STDIN for bulk writes (copy-rows.ts).
  pool.on('connect', enableCopy);
  // The queries every request asks are parsed and planned once per connection (prepared-statements.ts).
  pool.on('connect', enablePrepared);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Brings the schema up to date; closes the store if that fails. */
async function ready(store: Store): Promise<Store> {
  try {
    await migrateToLatest(store.db);
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`database migration ${failed ?? ''} failed: ${reason}`, { cause: error });
  }
}

// The same JS values from both databases (see schema/columns.ts): numeric and bigint as numbers (pg would
// give strings), date as the 'YYYY-MM-DD' text (pg would make a local-midnight Date).
const OID = { int8: 20, numeric: 1700, date: 1082, int8Array: 1016, numericArray: 1231, dateArray: 1182 };
const TEXT_ARRAY = 1009;

const toNumber = (text: string): number => Number(text);
const parseTextArray = (pg.types.getTypeParser as (oid: number) => (text: string) => (string | null)[])(
  TEXT_ARRAY,
);
const toNumberArray = (text: string): (number | null)[] =>
  parseTextArray(text).map((v) => (v === null ? null : Number(v)));

const overrides = new Map<number, (text: string) => unknown>([
  [OID.int8, toNumber],
  [OID.numeric, toNumber],
  [OID.date, (text) => text],
  [OID.int8Array, toNumberArray],
  [OID.numericArray, toNumberArray],
  [OID.dateArray, parseTextArray],
]);

export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      const parser = overrides.get(oid);
      if (parser) return parser;
    }
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid);
  }) as pg.CustomTypesConfig['getTypeParser'],
};
