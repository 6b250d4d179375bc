// Runs the same tests on both databases inside one `node --test` run: each `forEachDatabase` call
// declares its describe-block twice, once on a fresh PGlite (a copy of a migrated template) and once
// on a fresh PostgreSQL database created for it (and dropped after). Each block therefore starts with an empty, migrated
// database of its own; tests inside one block share it, so give them distinct keys, or call
// `truncateAll(store().db)` in a beforeEach when they need an empty database.
//
// PostgreSQL: FAIRVIEW_TEST_PG_URL (default postgres://postgres:postgres@127.0.0.1:5432/postgres) is an
// admin connection used only to create and drop the per-block database. If it cannot be reached the
// tests FAIL: scripts/test.sh guarantees a server, and a silent skip would hide the second database.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { promisify } from 'node:util';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/database.ts';
import type { Database } from '../../src/store/schema.ts';
import { buildOnce, type Seed, seedFolder } from './seeds.ts';

export type DatabaseKind = Store['kind'];

const run = promisify(execFile);

export const testPostgresAdminUrl =
  process.env.FAIRVIEW_TEST_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

type DatabaseBlock = (store: () => Store, kind: DatabaseKind) => void;

/**
 * Declares `body` as a describe-block named "`name` (pglite)" and again as "`name` (postgres)".
 * `store()` gives the block's open store (inside hooks and tests only, not while declaring); with
 * `seed`, the store starts in the seeded state (seeds.ts) rather than empty.
 */
export function forEachDatabase(name: string, body: DatabaseBlock): void;
export function forEachDatabase(name: string, options: { seed?: Seed }, body: DatabaseBlock): void;
export function forEachDatabase(
  name: string,
  ...rest: [body: DatabaseBlock] | [options: { seed?: Seed }, body: DatabaseBlock]
): void {
  const [options, body] = rest.length === 1 ? [{}, rest[0]] : rest;
  for (const kind of testedDatabases()) {
    describe(`${name} (${kind})`, () => {
      let opened: FreshStore | null = null;
      before(async () => {
        opened = kind === 'pglite' ? await freshPglite(options.seed) : await freshPostgres(options.seed);
      });
      after(async () => {
        await opened?.dispose();
      });
      body(() => {
        if (!opened)
          throw new Error('the store is opened in a before() hook: call store() inside tests or hooks');
        return opened.store;
      }, kind);
    });
  }
}

/**
 * Both databases, unless FAIRVIEW_TEST_DATABASES names one (test/clock/shifted-clock.test.ts reruns
 * the time-dependent tests on PGlite alone: the second database adds nothing about clocks).
 */
function testedDatabases(): DatabaseKind[] {
  const named = process.env.FAIRVIEW_TEST_DATABASES;
  if (!named) return ['pglite', 'postgres'];
  const kinds = named.split(',').map((k) => k.trim());
  for (const k of kinds)
    if (k !== 'pglite' && k !== 'postgres')
      throw new Error(`FAIRVIEW_TEST_DATABASES: unknown database '${k}'`);
  return kinds as DatabaseKind[];
}

export interface FreshStore {
  store: Store;
  /** Closes the store and removes its database. */
  dispose(): Promise<void>;
}

/**
 * A PGlite store in its own temporary folder, copied from a migrated template (or, with `seed`, from
 * the run's seeded template: see seeds.ts): creating a PGlite database runs initdb (3-15 s on a busy
 * 2-core machine), copying a template and reopening it ~1 s.
 */
export async function freshPglite(seed?: Seed): Promise<FreshStore> {
  const dataDir = await pgliteFolder(seed);
  const store = await openStore({ dataDir, databaseUrl: '' });
  return {
    store,
    async dispose() {
      try {
        await store.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A new temporary PGlite folder holding a migrated store, closed, in the state `seed` plants: copied
 * from the run's seeded template, or (a file run by hand) planted there and then.
 */
export async function pgliteFolder(seed?: Seed): Promise<string> {
  const folder = seedFolder();
  const template = seed && folder ? await seededPglite(folder, seed) : await pgliteTemplate();
  const dataDir = await mkdtemp(join(tmpdir(), 'fairview-test-pglite-'));
  await copyFolder(template, dataDir);
  if (seed && !folder)
    await plantPglite(dataDir, seed).catch(async (error: unknown) => {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    });
  return dataDir;
}

/** Opens the PGlite folder, plants `seed` there and closes it again. */
async function plantPglite(dataDir: string, seed: Seed): Promise<void> {
  const store = await openStore({ dataDir, databaseUrl: '' });
  try {
    await seed.plant(store);
  } finally {
    await store.close();
  }
}

/**
 * cp(1), not fs.cp: node's copies the template's ~1,500 files one call at a time (0.5–1.5 s a block
 * on this machine); cp -a takes ~80 ms.
 */
async function copyFolder(from: string, to: string): Promise<void> {
  await run('cp', ['-a', `${from}/.`, to]);
}

/** The run's PGlite template of `seed`, planted once (seeds.ts). */
async function seededPglite(folder: string, seed: Seed): Promise<string> {
  const template = join(folder, `${seed.name}-pglite`);
  await buildOnce(
    folder,
    `${seed.name}-pglite`,
    async () => existsSync(join(template, 'PG_VERSION')),
    async () => {
      const building = await mkdtemp(join(folder, `${seed.name}-building-`));
      await copyFolder(await pgliteTemplate(), building);
      await plantPglite(building, seed);
      await rename(building, template);
    },
  );
  return template;
}

/**
 * A hash of the migration sources (and, for PGlite, of its version): a changed migration gets a new
 * template, so a stale one is never used.
 */
async function migrationsHash(extra: Buffer[] = []): Promise<string> {
  const migrationsDir = new URL('../../src/store/migrations/', import.meta.url);
  const hash = createHash('sha256');
  for (const part of extra) hash.update(part);
  for (const file of (await readdir(migrationsDir)).sort()) {
    hash.update(file);
    hash.update(await readFile(new URL(file, migrationsDir)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * A cleanly closed, migrated PGlite folder shared by every test process, named by a hash of the PGlite
 * version and the migration sources.
 */
async function pgliteTemplate(): Promise<string> {
  const version = await readFile(
    new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url),
  );
  const template = join(tmpdir(), `fairview-pglite-template-${await migrationsHash([version])}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;

  // Build aside and rename into place, so parallel test processes never see a half-made template.
  const building = await mkdtemp(join(tmpdir(), 'fairview-pglite-building-'));
  const store = await openStore({ dataDir: building, databaseUrl: '' });
  await store.close();
  try {
    await rename(building, template);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    await rm(building, { recursive: true, force: true }); // another process finished first
  }
  return template;
}

/**
 * A migrated PostgreSQL database that every test database is created from (`CREATE DATABASE … TEMPLATE`
 * copies files, ~10× faster than running the migrations per block). Built under a private name and
 * renamed into place, so parallel test processes never copy a half-migrated template; named by the
 * migrations' hash, so a changed migration gets a new one.
 */
async function postgresTemplate(): Promise<string> {
  const template = `fairview_template_${await migrationsHash()}`;
  if (await adminExists(template)) return template;
  const building = `fairview_tbuild_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${building}`);
  try {
    const store = await openStore({ databaseUrl: databaseUrl(building), poolSize: 1 });
    await store.close();
    await adminQuery(`ALTER DATABASE ${building} RENAME TO ${template}`);
  } catch (error) {
    await adminQuery(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    if (!(await adminExists(template))) throw error; // else another process finished first
  }
  return template;
}

function databaseUrl(name: string): string {
  const url = new URL(testPostgresAdminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/**
 * Creates fairview_test_<random> on the test server from the migrated template (or, with `seed`, from
 * the run's seeded template: see seeds.ts), and opens it.
 */
export async function freshPostgres(seed?: Seed): Promise<FreshStore> {
  const name = `fairview_test_${randomBytes(6).toString('hex')}`;
  const folder = seedFolder();
  const template = seed && folder ? await seededPostgres(folder, seed) : await postgresTemplate();
  await createFromTemplate(name, template);
  let store: Store;
  try {
    store = await openStore({ databaseUrl: databaseUrl(name), poolSize: 4 });
  } catch (error) {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw error;
  }
  const dispose = async () => {
    try {
      await store.close();
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  };
  // A file run by hand plants its own seed.
  if (seed && !folder)
    await seed.plant(store).catch(async (error: unknown) => {
      await dispose();
      throw error;
    });
  return { store, dispose };
}

/** The run's seeded templates on the test server are named after the run's seed folder. */
function seededPrefix(folder: string): string {
  return `fairview_seed_${createHash('sha256').update(folder).digest('hex').slice(0, 10)}_`;
}

/** The run's PostgreSQL template of `seed`, planted once (seeds.ts). */
async function seededPostgres(folder: string, seed: Seed): Promise<string> {
  const template = `${seededPrefix(folder)}${seed.name.replaceAll('-', '_')}`;
  await buildOnce(
    folder,
    `${seed.name}-postgres`,
    () => adminExists(template),
    async () => {
      const building = `fairview_sbuild_${randomBytes(6).toString('hex')}`;
      await createFromTemplate(building, await postgresTemplate());
      try {
        const store = await openStore({ databaseUrl: databaseUrl(building), poolSize: 4 });
        try {
          await seed.plant(store);
        } finally {
          await store.close();
        }
        await adminQuery(`ALTER DATABASE ${building} RENAME TO ${template}`);
      } catch (error) {
        await adminQuery(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        throw error;
      }
    },
  );
  return template;
}

/** Drops the run's seeded templates from the test server (scripts/test.sh, when the run ends). */
export async function dropSeededTemplates(folder: string): Promise<void> {
  const rows = (await adminQuery('select datname from pg_database where starts_with(datname, $1)', [
    seededPrefix(folder),
  ])) as { datname: string }[];
  for (const { datname } of rows) await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
}

/**
 * PostgreSQL refuses to copy a template while another session is connected to it (for a moment, a
 * parallel process checking it exists): wait and retry rather than fail the block.
 */
async function createFromTemplate(name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      const busy = error instanceof Error && /being accessed by other users/.test(error.message);
      if (!busy || attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

async function adminExists(database: string): Promise<boolean> {
  const rows = await adminQuery('select 1 from pg_database where datname = $1', [database]);
  return rows.length > 0;
}

async function adminQuery(text: string, values: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: testPostgresAdminUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot reach the test PostgreSQL at FAIRVIEW_TEST_PG_URL (${redact(testPostgresAdminUrl)}): ${reason}. ` +
        'Run the suite with scripts/test.sh, which installs and starts PostgreSQL.',
      { cause: error },
    );
  }
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.href;
}

/**
 * Empties every application table (audit_log included, with its append-only trigger set aside for the
 * moment) in one transaction. For tests only.
 */
export async function truncateAll(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const tables = await sql<{ name: string }>`
      select tablename as name from pg_tables
      where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(trx);
    if (tables.rows.length === 0) return;
    await sql`alter table audit_log disable trigger user`.execute(trx);
    await sql`truncate ${sql.join(tables.rows.map((t) => sql.table(t.name)))} restart identity cascade`.execute(
      trx,
    );
    await sql`alter table audit_log enable trigger user`.execute(trx);
  });
}
