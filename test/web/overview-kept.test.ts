// An area's overview made for a viewer's disclosure control is kept a while in memory
// (src/web/benchmarking/load-overview.ts, viewer-views.ts), as her scorecard is: going back to it is not
// its practices × every indicator made again. What is kept must be exactly what the loader makes for
// that control, given to no other control, never kept for a draft, and made again once an import may
// have changed what it shows.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { DisclosureControl } from '../../src/app/benchmarking/disclosure.ts';
import { findReleaseForPages, type PagesRelease } from '../../src/app/benchmarking/queries.ts';
import type { Organisation } from '../../src/app/db.ts';
import { DEFAULT_DISCLOSURE_RULE } from '../../src/domain/disclosure/index.ts';
import { loadOverview, makeOverview, overviewViewsServed } from '../../src/web/benchmarking/load-overview.ts';
import { overviewPage, overviewPageBytes, overviewTable } from '../../src/web/pages/benchmarking/overview.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE, slicePractices } from './benchmarking-slice.ts';

const visitor: DisclosureControl = { rule: DEFAULT_DISCLOSURE_RULE, open: new Set(), withhold: false };
const open = (...codes: string[]): DisclosureControl => ({ ...visitor, open: new Set(codes) });

forEachDatabase('an area’s overview, kept in memory', { seed: BENCHMARKING_SLICE }, (store) => {
  let release: PagesRelease;
  let area: Organisation;
  before(async () => {
    release = (await findReleaseForPages(store().db))!;
    assert.equal(release.status, 'published');
    area = await store()
      .db.selectFrom('organisation')
      .selectAll()
      .where('code', '=', '16C')
      .executeTakeFirstOrThrow();
  });

  it('is the overview made for her control, the one frozen object on her next request', async () => {
    const own = open('16C', ...slicePractices());
    const before = overviewViewsServed();
    const first = await loadOverview(store().db, release, area, own);
    assert.equal(overviewViewsServed(), before, 'the first request makes it');
    assert.deepStrictEqual(first, await makeOverview(store().db, release, area, own));
    const again = await loadOverview(store().db, release, area, own);
    assert.equal(again, first, 'kept');
    assert.equal(overviewViewsServed(), before + 1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(Object.isFrozen(again.practices) && Object.isFrozen(again.practices[0]!.cells[0]!.flag));
    // Drawn from the kept (frozen) object as from a fresh one.
    const fresh = await makeOverview(store().db, release, area, own);
    assert.deepStrictEqual(overviewTable(again), overviewTable(fresh));
    // The bytes the route sends (the content drawn once for the kept view, twice each way): the same page.
    for (const canSetDataSharing of [true, false, true, false]) {
      const fromFresh = overviewPage(null, fresh, [], { canSetDataSharing });
      assert.equal(overviewPage(null, again, [], { canSetDataSharing }), fromFresh);
      assert.deepEqual(overviewPageBytes(null, again, [], { canSetDataSharing }), Buffer.from(fromFresh));
    }
    assert.notEqual(
      overviewPage(null, again, [], { canSetDataSharing: true }),
      overviewPage(null, again, [], { canSetDataSharing: false }),
    );
  });

  it('is made once when requests ask for it at once', async () => {
    const own = open('16C');
    const before = overviewViewsServed();
    const views = await Promise.all(
      Array.from({ length: 8 }, () => loadOverview(store().db, release, area, own)),
    );
    assert.equal(overviewViewsServed(), before, 'none was kept when they asked');
    for (const view of views) assert.equal(view, views[0], 'the one view made');
    assert.equal(await loadOverview(store().db, release, area, own), views[0], 'and kept');
  });

  it('is given to no other control, and each control gets what is made for it', async () => {
    const own = open('16C', ...slicePractices());
    const mine = await loadOverview(store().db, release, area, own);
    for (const control of [open(slicePractices()[0]!), visitor, null]) {
      const theirs = await loadOverview(store().db, release, area, control);
      assert.notEqual(theirs, mine);
      assert.deepStrictEqual(theirs, await makeOverview(store().db, release, area, control));
    }
    // The commissioner sees her practices' values in full; a visitor's are published under control.
    const shown = (v: typeof mine) => v.practices.map((p) => p.cells.map((c) => [c.value, c.suppressed]));
    assert.notDeepStrictEqual(shown(await loadOverview(store().db, release, area, visitor)), shown(mine));
  });

  it('is made again after an import, and never kept for a draft', async () => {
    const own = open('16C');
    const current = async () => (await findReleaseForPages(store().db))!;
    const kept = await loadOverview(store().db, release, area, own);
    await store()
      .db.insertInto('import_batch')
      .values({
        file_name: 'epraccur.csv',
        checksum: 'overview-kept-test',
        format: 'ods_epraccur',
        publisher: 'NHS England',
        period: '2025-07',
        imported_by: 'test',
      })
      .execute();
    const afterImport = await loadOverview(store().db, await current(), area, own);
    assert.notEqual(afterImport, kept);
    assert.deepStrictEqual(afterImport, kept);
    const draft: PagesRelease = { ...(await current()), status: 'draft' };
    const a = await loadOverview(store().db, draft, area, own);
    assert.notEqual(await loadOverview(store().db, draft, area, own), a);
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(!Object.isFrozen(a.practices));
  });
});
