/**
 * Importing the real NHS files (demo-data/): for each file, the time to merely read it (open, inflate,
 * parse, validate and yield every fact: the floor) beside the time to import it into an empty PGlite,
 * and into an empty PostgreSQL when FAIRVIEW_TEST_PG_URL (or the default local server) is reachable.
 * "× baseline" is the import's cost over reading alone.
 *
 * Each import task first empties the import tables (so a second run is a real import, not a
 * checksum hit); on empty tables that takes a few milliseconds. `--scale 0.1` benchmarks a tenth of
 * the files (the smaller ones), for a quick check that everything runs.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { importFile } from '../src/app/import/import-file.ts';
import { importOrder } from '../src/app/import/import-paths.ts';
import { DEMO_DATA_DIR } from '../src/demo/demo.ts';
import { readImport } from '../src/ingest/read.ts';
import { openStore, type Store } from '../src/store/database.ts';
import type { Database } from '../src/store/schema.ts';
import { freshPostgres, testPostgresAdminUrl } from '../test/support/databases.ts';
import type { Harness } from './harness.ts';

const IMPORT_TABLES = [
  'organisation_lineage',
  'organisation_membership',
  'list_size',
  'population',
  'qof_prevalence',
  'qof_indicator',
  'indicator_value',
  'imd_score',
  'payment',
  'organisation',
  'import_rejection',
  'import_batch',
];

function demoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return demoFiles(path);
    return /\.(csv|csv\.gz|zip)$/i.test(name) ? [path] : [];
  });
}

async function emptyImportTables(db: Kysely<Database>): Promise<void> {
  await sql`truncate ${sql.join(IMPORT_TABLES.map((t) => sql.table(t)))} restart identity cascade`.execute(
    db,
  );
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testPostgresAdminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function readOnly(path: string): Promise<number> {
  const reading = readImport(path);
  let facts = 0;
  for await (const _ of reading.records) facts++;
  return facts;
}

export default async function importBench(h: Harness): Promise<void> {
  const all = (await importOrder(demoFiles(DEMO_DATA_DIR))).map((f) => f.path);
  // A smaller scale keeps the smaller files: the quick run is about "does it run", not the big ones.
  const count = h.size(all.length, 1);
  const files =
    count < all.length ? [...all].sort((a, b) => statSync(a).size - statSync(b).size).slice(0, count) : all;

  const stores: { name: string; store: Store; dispose: () => Promise<void> }[] = [];
  const pglite = await openStore({ dataDir: 'memory://', databaseUrl: '' });
  stores.push({ name: 'PGlite', store: pglite, dispose: () => pglite.close() });
  if (await postgresReachable()) {
    const postgres = await freshPostgres();
    stores.push({ name: 'PostgreSQL', store: postgres.store, dispose: postgres.dispose });
  } else {
    console.log(`(PostgreSQL at ${new URL(testPostgresAdminUrl).host} not reachable: PGlite only)`);
  }

  const totals = new Map<string, { ms: number; rows: number }>([['read', { ms: 0, rows: 0 }]]);
  try {
    for (const path of files) {
      const name = path.slice(DEMO_DATA_DIR.length);
      const reading = readImport(path);
      for await (const _ of reading.records);
      const rows = reading.summary.rowsRead;
      h.group(
        `${name}: ${rows.toLocaleString('en-GB')} rows, ${reading.summary.factsYielded.toLocaleString('en-GB')} facts`,
      );
      const floor = await h.baseline('read and parse only (the floor)', rows, () => readOnly(path));
      add(totals, 'read', floor.ms, rows);
      for (const { name: db, store } of stores) {
        const m = await h.task(`import into an empty ${db}`, rows, async () => {
          await emptyImportTables(store.db);
          const outcome = await importFile(store, path, { actor: 'bench' });
          if (outcome.status !== 'imported') throw new Error(`${name} was ${outcome.status}`);
          return outcome.factsWritten;
        });
        add(totals, db, m.ms, rows);
      }
    }
  } finally {
    for (const s of stores) await s.dispose();
  }
  console.log('');
  console.log(`All ${files.length} files:`);
  const floor = totals.get('read')!;
  for (const [what, t] of totals) {
    const ratio = what === 'read' ? '' : `, ${(t.ms / floor.ms).toFixed(1)}× reading`;
    const label = what === 'read' ? 'read only' : `import into ${what}`;
    console.log(
      `  ${label.padEnd(28)} ${(t.ms / 1000).toFixed(1).padStart(7)} s  ${Math.round(t.rows / (t.ms / 1000))
        .toLocaleString('en-GB')
        .padStart(9)} rows/s${ratio}`,
    );
  }
}

function add(totals: Map<string, { ms: number; rows: number }>, key: string, ms: number, rows: number): void {
  const t = totals.get(key) ?? { ms: 0, rows: 0 };
  totals.set(key, { ms: t.ms + ms, rows: t.rows + rows });
}
