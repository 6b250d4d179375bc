// PGlite's page cache is set small (src/store/pglite-server.ts): its memory is held for the process's
// life, and the files sit behind the operating system's cache (issue 11: ≤ 600 MB under load).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openStore } from '../../src/store/database.ts';
import { sharedBuffers } from '../../src/store/pglite-server.ts';

describe('PGlite shared_buffers', () => {
  it('is 32MB unless FAIRVIEW_PGLITE_SHARED_BUFFERS names another size in PostgreSQL units', () => {
    assert.equal(sharedBuffers({}), '32MB');
    assert.equal(sharedBuffers({ FAIRVIEW_PGLITE_SHARED_BUFFERS: '128MB' }), '128MB');
    assert.equal(sharedBuffers({ FAIRVIEW_PGLITE_SHARED_BUFFERS: '1; DROP TABLE x' }), '32MB');
  });

  it('is what the embedded database runs with', async () => {
    const store = await openStore({ dataDir: 'memory://shared-buffers' });
    try {
      const { rows } = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(store.db);
      assert.equal(rows[0]!.shared_buffers, '32MB');
    } finally {
      await store.close();
    }
  });
});
