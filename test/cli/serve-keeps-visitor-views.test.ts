// `fairview serve` keeps what visitors see of each indicator page before it says it is ready, when the
// latest release's views are not kept (a release published by code that keeps none, or views of an
// older shape): the first visitor of each page after a start then reads a kept view instead of
// waiting for its making (issue 15: the first request ≤ 300 ms, signed in or not).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { findReleaseForPages, releaseIndicatorList } from '../../src/app/benchmarking/queries.ts';
import { openStore } from '../../src/store/database.ts';
import { startServer } from '../support/browser.ts';
import { BENCHMARKING_SLICE } from '../web/benchmarking-slice.ts';

async function keptAndAll(dataDir: string): Promise<{ kept: string[]; all: string[] }> {
  const store = await openStore({ dataDir, databaseUrl: '' });
  try {
    const release = (await findReleaseForPages(store.db))!;
    const rows = await store.db
      .selectFrom('release_page_view')
      .select('page')
      .where('release_id', '=', release.id)
      .where('page', 'like', 'indicator|%')
      .execute();
    return {
      kept: rows.map((r) => r.page.split('|')[1]!).sort(),
      all: (await releaseIndicatorList(store.db, release.id)).map((i) => i.code).sort(),
    };
  } finally {
    await store.close();
  }
}

it('fairview serve keeps the visitors’ views not kept yet before it says it is ready', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'fairview-serve-keeps-'));
  try {
    const dataDir = join(folder, 'data');
    const store = await openStore({ dataDir, databaseUrl: '' });
    try {
      await BENCHMARKING_SLICE.plant(store);
    } finally {
      await store.close();
    }
    const before = await keptAndAll(dataDir);
    assert.deepEqual(before.kept, [], 'the release was published by code that keeps none');
    assert.ok(before.all.length > 10);
    const server = await startServer(dataDir);
    await server.stop();
    assert.deepEqual((await keptAndAll(dataDir)).kept, before.all);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
