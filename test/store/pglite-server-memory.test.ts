// The PGlite worker passes the wire protocol through (src/store/pglite-server.ts). PGlite 0.5's
// `execProtocolRaw` also parsed every answer into a list nothing emptied, so the worker kept every row
// it ever sent: under the load bench its heap grew ~125 KB a query, past 150 MB in half a minute
// (issue 11: ≤ 600 MB). Played here with 40 answers of 1 MB each: kept, they would be 40 MB of heap.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { startPgliteServer } from '../../src/store/pglite-server.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 1048576;
};

it('keeps nothing of the answers it passes on', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fairview-pglite-socket-'));
  const server = await startPgliteServer('memory://answers', join(dir, '.s.PGSQL.5432'));
  const client = new pg.Client({ host: dir, port: 5432, user: 'postgres', database: 'postgres' });
  try {
    await client.connect();
    const answer = async () => {
      const { rows } = await client.query<{ s: string }>("select repeat('x', 1048576) as s");
      assert.equal(rows[0]!.s.length, 1048576);
    };
    for (let i = 0; i < 5; i++) await answer();
    const before = heapMb();
    for (let i = 0; i < 40; i++) await answer();
    const grown = heapMb() - before;
    assert.ok(grown < 10, `the heap grew ${grown.toFixed(1)} MB over 40 answers of 1 MB`);
  } finally {
    await client.end();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
