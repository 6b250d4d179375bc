// A scorecard made for a viewer's disclosure control is kept a while in memory
// (src/web/benchmarking/load-scorecard.ts, viewer-views.ts), so going back to it is not ~16 queries
// again. What is kept must be exactly what the loader makes for that control, given to no other
// control, never kept for a draft, and made again once an import or a new measure run may have
// changed what it shows.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { DisclosureControl } from '../../src/app/benchmarking/disclosure.ts';
import { findReleaseForPages, type PagesRelease } from '../../src/app/benchmarking/queries.ts';
import type { Organisation } from '../../src/app/db.ts';
import { DEFAULT_DISCLOSURE_RULE } from '../../src/domain/disclosure/index.ts';
import {
  loadScorecard,
  makeScorecard,
  scorecardViewsServed,
} from '../../src/web/benchmarking/load-scorecard.ts';
import { scorecardPage, scorecardPageBytes } from '../../src/web/pages/benchmarking/scorecard.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE, slicePractices } from './benchmarking-slice.ts';

const visitor: DisclosureControl = { rule: DEFAULT_DISCLOSURE_RULE, open: new Set(), withhold: false };
const managerOf = (code: string): DisclosureControl => ({ ...visitor, open: new Set([code]) });

forEachDatabase('a viewer’s scorecard, kept in memory', { seed: BENCHMARKING_SLICE }, (store) => {
  let release: PagesRelease;
  let practice: Organisation;
  before(async () => {
    release = (await findReleaseForPages(store().db))!;
    assert.equal(release.status, 'published');
    practice = await store()
      .db.selectFrom('organisation')
      .selectAll()
      .where('code', '=', slicePractices()[0]!)
      .executeTakeFirstOrThrow();
  });

  it('is the scorecard made for her control, the one frozen object on her next request', async () => {
    const own = managerOf(practice.code);
    const before = scorecardViewsServed();
    const first = await loadScorecard(store().db, release, practice, own);
    assert.equal(scorecardViewsServed(), before, 'the first request makes it');
    assert.deepStrictEqual(first, await makeScorecard(store().db, release, practice, own));
    const again = await loadScorecard(store().db, release, practice, own);
    assert.equal(again, first, 'kept');
    assert.equal(scorecardViewsServed(), before + 1);
    assert.ok(Object.isFrozen(again.rows) && Object.isFrozen(again.rows[0]!.benchmark));
  });

  it('is made once when her requests ask for it at once (her connections after a start)', async () => {
    const own = managerOf(practice.code);
    const before = scorecardViewsServed();
    const views = await Promise.all(
      Array.from({ length: 8 }, () => loadScorecard(store().db, release, practice, own, 'icb')),
    );
    assert.equal(scorecardViewsServed(), before, 'none was kept when they asked');
    for (const view of views) assert.equal(view, views[0], 'the one view made');
    assert.equal(await loadScorecard(store().db, release, practice, own, 'icb'), views[0], 'and kept');
  });

  it('draws her kept scorecard as a fresh one is drawn, whether or not she may raise a concern', async () => {
    const own = managerOf(practice.code);
    const kept = await loadScorecard(store().db, release, practice, own);
    assert.equal(await loadScorecard(store().db, release, practice, own), kept, 'the kept object');
    const fresh = await makeScorecard(store().db, release, practice, own);
    // Drawn twice from the kept object (its bytes the second time from what the first drew),
    // alternately with and without the concern links, each as a fresh object draws it.
    for (const canRaiseConcern of [true, false, true, false]) {
      const page = scorecardPage(null, kept, [], { canRaiseConcern });
      assert.equal(page, scorecardPage(null, fresh, [], { canRaiseConcern }), `raise ${canRaiseConcern}`);
      // The bytes the route sends (the content encoded once for the kept view): the same page.
      assert.deepEqual(
        scorecardPageBytes(null, kept, [], { canRaiseConcern }),
        Buffer.from(scorecardPage(null, fresh, [], { canRaiseConcern })),
        `raise ${canRaiseConcern}, as bytes`,
      );
    }
    assert.notEqual(
      scorecardPage(null, kept, [], { canRaiseConcern: true }),
      scorecardPage(null, kept, [], { canRaiseConcern: false }),
      'the slice has a flag she may raise a concern from',
    );
  });

  it('is given to no other control, and each control gets what is made for it', async () => {
    const own = managerOf(practice.code);
    const other = managerOf(slicePractices()[1]!);
    const mine = await loadScorecard(store().db, release, practice, own);
    for (const control of [other, visitor, null]) {
      const theirs = await loadScorecard(store().db, release, practice, control);
      assert.notEqual(theirs, mine);
      assert.deepStrictEqual(theirs, await makeScorecard(store().db, release, practice, control));
    }
    // Her counts are shown in full to her and to an administrator; a visitor's are published under control.
    const shown = (v: typeof mine) => v.rows.map((r) => [r.numerator, r.denominator]);
    assert.notDeepStrictEqual(
      shown(await loadScorecard(store().db, release, practice, visitor)),
      shown(mine),
    );
    const level = await loadScorecard(store().db, release, practice, own, 'icb');
    assert.notEqual(level, mine);
    assert.deepStrictEqual(level, await makeScorecard(store().db, release, practice, own, 'icb'));
  });

  it('is made again after an import or a new measure run, and never kept for a draft', async () => {
    const own = managerOf(practice.code);
    // Each request reads the release, and with it what its kept views were made from.
    const current = async () => (await findReleaseForPages(store().db))!;
    const kept = await loadScorecard(store().db, release, practice, own);
    await store()
      .db.insertInto('import_batch')
      .values({
        file_name: 'epraccur.csv',
        checksum: 'scorecard-kept-test',
        format: 'ods_epraccur',
        publisher: 'NHS England',
        period: '2025-07',
        imported_by: 'test',
      })
      .execute();
    const afterImport = await loadScorecard(store().db, await current(), practice, own);
    assert.notEqual(afterImport, kept);
    assert.deepStrictEqual(afterImport, kept);
    await store().db.deleteFrom('prescribing_measure_run').execute();
    await store()
      .db.insertInto('prescribing_measure_run')
      .values({ fingerprint: 'scorecard-kept-test' })
      .execute();
    assert.notEqual(await loadScorecard(store().db, await current(), practice, own), afterImport);
    const draft: PagesRelease = { ...(await current()), status: 'draft' };
    const a = await loadScorecard(store().db, draft, practice, own);
    assert.notEqual(await loadScorecard(store().db, draft, practice, own), a);
    assert.ok(!Object.isFrozen(a.rows));
  });
});
