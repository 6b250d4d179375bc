import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openStore } from '../../src/store/database.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { freshPglite } from '../support/databases.ts';

describe('PGlite, the embedded store', () => {
  let dataDir = '';
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fairview-store-test-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps its data in its folder across a close and a reopen, refuses a second opener meanwhile, and migrates once', async () => {
    const first = await openStore({ dataDir });
    assert.equal(first.kind, 'pglite');
    await first.db
      .insertInto('organisation')
      .values({ code: 'A81001', kind: 'practice', name: 'The Densham Surgery', postcode: 'TS18 1HU' })
      .execute();
    await assert.rejects(openStore({ dataDir }), /is in use by this process/);
    await first.close();
    assert.ok((await readdir(dataDir)).includes('PG_VERSION'), 'the folder holds a PostgreSQL cluster');

    const second = await openStore({ dataDir });
    try {
      const row = await second.db
        .selectFrom('organisation')
        .select(['name', 'postcode'])
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { name: 'The Densham Surgery', postcode: 'TS18 1HU' });
      const { rows } = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(
        second.db,
      );
      assert.equal(rows[0]?.n, Object.keys(migrations).length, 'each migration recorded once');
    } finally {
      await second.close();
    }
  });

  it('reopens in a fresh worker to give back memory, keeping its data and its folder, after the transaction under way and before the queries asked meanwhile', async () => {
    const folder = join(dataDir, 'release-memory');
    const store = await openStore({ dataDir: folder });
    try {
      let inside = false;
      const transaction = store.db.transaction().execute(async (trx) => {
        inside = true;
        await sql`select pg_sleep(0.3)`.execute(trx);
        await trx
          .insertInto('organisation')
          .values({
            code: 'A81002',
            kind: 'practice',
            name: 'Queens Park Medical Centre',
            postcode: 'TS18 2AW',
          })
          .execute();
      });
      while (!inside) await new Promise((r) => setTimeout(r, 5));
      const releasing = store.releaseMemory();
      const meanwhile = store.db.selectFrom('organisation').select('code').execute();
      await transaction;
      await releasing;
      assert.deepEqual(
        await meanwhile,
        [{ code: 'A81002' }],
        'the query asked meanwhile sees the committed row',
      );
      await assert.rejects(openStore({ dataDir: folder }), /is in use by this process/);
      const { rows } = await sql<{ n: number }>`select count(*) as n from organisation`.execute(store.db);
      assert.equal(rows[0]?.n, 1);
    } finally {
      await store.close();
    }
    const again = await openStore({ dataDir: folder });
    try {
      assert.equal((await again.db.selectFrom('organisation').select('code').execute()).length, 1);
    } finally {
      await again.close();
    }
  });

  it('keeps the main thread responsive while a long query runs', async () => {
    const { store, dispose } = await freshPglite();
    try {
      const gaps: number[] = [];
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        gaps.push(now - last);
        last = now;
      }, 10);
      const started = performance.now();
      const { rows } = await sql<{ total: number }>`
        select sum(x) as total from generate_series(1, 3000000) as x`.execute(store.db);
      const queryMs = performance.now() - started;
      clearInterval(timer);
      assert.equal(rows[0]?.total, 4_500_001_500_000);
      assert.ok(queryMs > 300, `the query is long enough to mean something (${Math.round(queryMs)} ms)`);
      // In the main thread this query would have produced one gap as long as the query itself.
      const longest = Math.max(...gaps);
      assert.ok(
        longest < Math.max(150, queryMs / 4),
        `longest timer gap ${Math.round(longest)} ms of ${Math.round(queryMs)} ms`,
      );
      assert.ok(
        gaps.length >= Math.min(10, queryMs / 50),
        `timer fired ${gaps.length} times during ${Math.round(queryMs)} ms`,
      );
    } finally {
      await dispose();
    }
  });

  it('serves transactions and other queries through its single session in turn', async () => {
    const { store, dispose } = await freshPglite();
    try {
      const slow = store.db.transaction().execute(async (trx) => {
        await sql`select pg_sleep(0.2)`.execute(trx);
        await trx
          .insertInto('login_attempt')
          .values({ key: 'k', succeeded: false, attempted_at: new Date() })
          .execute();
      });
      const count = sql<{ n: number }>`select count(*) as n from login_attempt`.execute(store.db);
      await slow;
      // The count queued behind the transaction, so it sees the committed row.
      assert.equal((await count).rows[0]?.n, 1);
    } finally {
      await dispose();
    }
  });

  it('lets the process exit on its own after close, also when tsx is registered as bin/fairview.js does', async () => {
    // A worker or socket left behind would keep this child alive until the timeout kills it.
    const script = `
      import { register } from 'tsx/esm/api';
      register();
      const { openStore } = await import(${JSON.stringify(new URL('../../src/store/database.ts', import.meta.url).href)});
      const store = await openStore({ dataDir: 'memory://' });
      await store.db.selectFrom('organisation').selectAll().execute();
      await store.close();
      await store.close();
      console.log('closed');
    `;
    const { code, signal, stdout, stderr } = await runNode(['--input-type=module', '-e', script], 60_000);
    assert.deepEqual(
      { code, signal, stdout: stdout.trim() },
      { code: 0, signal: null, stdout: 'closed' },
      stderr,
    );
  });

  it('refuses a DATABASE_URL that is not a postgres:// URL', async () => {
    await assert.rejects(
      openStore({ databaseUrl: 'mysql://localhost/fairview' }),
      /must start with postgres:\/\//,
    );
  });
});

function runNode(
  args: string[],
  timeout: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  // Without the test runner's marker in its environment, the child would report as a test file.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      args,
      { timeout, env, cwd: new URL('../..', import.meta.url) },
      (_e, stdout, stderr) => resolve({ code: child.exitCode, signal: child.signalCode, stdout, stderr }),
    );
  });
}
