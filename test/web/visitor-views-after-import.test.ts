// What visitors see of each indicator page is kept ahead of them (issue 15: the first request ≤ 300 ms,
// signed in or not). An import makes the kept views stale (they show the organisations' names). A
// running server that warms after publications (`fairview serve`) notices, on the next request, that
// the organisations have changed since it last looked, and keeps every view again in the background,
// instead of leaving each to its first visitor (src/web/routes/benchmarking/context.ts). An app built
// without that option (the tests' default) keeps nothing behind anyone's back.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { findReleaseForPages, releaseIndicatorList } from '../../src/app/benchmarking/queries.ts';
import type { Db } from '../../src/app/db.ts';
import { DEFAULT_DISCLOSURE_RULE } from '../../src/domain/disclosure/index.ts';
import { createWebApp } from '../../src/web/app.ts';
import { INDICATOR_VIEW_SHAPE, visitorViewsStored } from '../../src/web/benchmarking/load-indicator.ts';
import { keepLatestVisitorPages } from '../../src/web/benchmarking/warm-pages.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE } from './benchmarking-slice.ts';

/** How many indicator pages of the latest release are kept for the organisations as they are now. */
async function keptNow(db: Db): Promise<number> {
  const release = (await findReleaseForPages(db))!;
  const rows = await db
    .selectFrom('release_page_view')
    .select('page')
    .where('release_id', '=', release.id)
    .where('page', 'like', 'indicator|%')
    .where('depends_on', '=', `${INDICATOR_VIEW_SHAPE}; ${release.organisationsVersion}`)
    .execute();
  return rows.length;
}

async function importSomething(db: Db, checksum: string): Promise<void> {
  await db
    .insertInto('import_batch')
    .values({
      file_name: 'epraccur.csv',
      checksum,
      format: 'ods_epraccur',
      publisher: 'NHS England',
      period: '2025-07',
      imported_by: 'another process',
    })
    .execute();
}

forEachDatabase('visitors’ views kept again after an import', { seed: BENCHMARKING_SLICE }, (store) => {
  it('by the running server, in the background, once a request finds the import', async () => {
    const db = store().db;
    const release = (await findReleaseForPages(db))!;
    const indicators = (await releaseIndicatorList(db, release.id)).length;
    await keepLatestVisitorPages(db, DEFAULT_DISCLOSURE_RULE);
    assert.equal(await keptNow(db), indicators);
    const app = createWebApp({ db, warmDisclosureCache: 'publications' });
    assert.equal((await app.request('/indicators/QOF-PREV-AF')).status, 200);
    await importSomething(db, 'visitor-views-after-import');
    assert.equal(await keptNow(db), 0, 'the import made them stale');
    assert.equal((await app.request('/indicators/QOF-PREV-HYP')).status, 200);
    // Kept again without anyone asking for the other pages.
    for (let waited = 0; (await keptNow(db)) < indicators && waited < 30_000; waited += 250)
      await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(await keptNow(db), indicators);
  });

  it('not by an app built without that option', async () => {
    const db = store().db;
    const app = createWebApp({ db });
    assert.equal((await app.request('/indicators/QOF-PREV-AF')).status, 200);
    await importSomething(db, 'visitor-views-after-import-2');
    assert.equal((await app.request('/indicators/QOF-PREV-DM')).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await visitorViewsStored();
    assert.equal(await keptNow(db), 1, 'only the page a visitor asked for');
  });
});
