// What visitors see of each indicator page is kept ahead of them (issue 15: the first request ≤ 300 ms,
// signed in or not). The kept views hold no organisation's name: each is named when it is read, from
// the practices' names as they are now (src/web/benchmarking/practice-names.ts). So an import, by this
// process or another, leaves every view kept, and the next visitor reads hers, named as the import left
// the practices, instead of waiting for it to be made again.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { findReleaseForPages, releaseIndicatorList } from '../../src/app/benchmarking/queries.ts';
import type { Db } from '../../src/app/db.ts';
import { DEFAULT_DISCLOSURE_RULE } from '../../src/domain/disclosure/index.ts';
import { createWebApp } from '../../src/web/app.ts';
import { INDICATOR_VIEW_SHAPE, visitorViewsStored } from '../../src/web/benchmarking/load-indicator.ts';
import { keepLatestVisitorPages } from '../../src/web/benchmarking/warm-pages.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE, SLICE_SUB_ICB, slicePractices } from './benchmarking-slice.ts';

/** The indicator pages of the latest release kept, page → when it was kept. */
async function keptViews(db: Db): Promise<Map<string, string>> {
  const release = (await findReleaseForPages(db))!;
  const rows = await db
    .selectFrom('release_page_view')
    .select(['page', 'created_at'])
    .where('release_id', '=', release.id)
    .where('page', 'like', 'indicator|%')
    .where('depends_on', '=', INDICATOR_VIEW_SHAPE)
    .execute();
  return new Map(rows.map((r) => [r.page, new Date(r.created_at).toISOString()]));
}

forEachDatabase('visitors’ views across an import', { seed: BENCHMARKING_SLICE }, (store) => {
  it('stay kept, and are served named as the import left the practices', async () => {
    const db = store().db;
    const release = (await findReleaseForPages(db))!;
    const indicators = (await releaseIndicatorList(db, release.id)).length;
    await keepLatestVisitorPages(db, DEFAULT_DISCLOSURE_RULE);
    const app = createWebApp({ db });
    const page = `/indicators/QOF-PREV-HYP?area=${SLICE_SUB_ICB}`;
    const practice = await db
      .selectFrom('organisation')
      .select(['code', 'name'])
      .where('code', '=', slicePractices()[0]!)
      .executeTakeFirstOrThrow();
    // The area's page, kept at this first request, shows every practice of the area (one page).
    assert.ok((await (await app.request(page)).text()).includes(practice.name));
    await visitorViewsStored();
    const before = await keptViews(db);
    assert.equal(before.size, indicators + 1);
    // An import by another process: a new batch, and that practice renamed.
    await db
      .insertInto('import_batch')
      .values({
        file_name: 'epraccur.csv',
        checksum: 'visitor-views-after-import',
        format: 'ods_epraccur',
        publisher: 'NHS England',
        period: '2025-07',
        imported_by: 'another process',
      })
      .execute();
    await db
      .updateTable('organisation')
      .set({ name: 'AAA RENAMED SURGERY' })
      .where('code', '=', practice.code)
      .execute();
    const after = await app.request(page);
    assert.equal(after.status, 200);
    const text = await after.text();
    assert.ok(text.includes('AAA RENAMED SURGERY'), 'the new name');
    assert.ok(!text.includes(practice.name), 'not the old one');
    await visitorViewsStored();
    assert.deepEqual(await keptViews(db), before, 'no view made or kept again');
  });
});
