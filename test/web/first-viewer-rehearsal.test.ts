// Issue 15, the first request after a start: `fairview serve` draws a few signed-in viewers' pages for
// nobody before it says it is ready (first-viewer-rehearsal.ts). It must draw a real opened view from a
// kept visitors' view, make nothing before ready, and keep nothing of what it drew: no viewer's view,
// kept or served later, may come from the rehearsal.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { findReleaseForPages } from '../../src/app/benchmarking/queries.ts';
import { DEFAULT_DISCLOSURE_RULE } from '../../src/domain/disclosure/index.ts';
import { REHEARSALS, rehearseViewerPage } from '../../src/web/benchmarking/first-viewer-rehearsal.ts';
import {
  keptVisitorView,
  loadIndicatorPage,
  viewerViewsServed,
} from '../../src/web/benchmarking/load-indicator.ts';
import { openedViewsMade } from '../../src/web/benchmarking/opened-view.ts';
import { keepLatestVisitorPages } from '../../src/web/benchmarking/warm-pages.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE } from './benchmarking-slice.ts';

const rule = DEFAULT_DISCLOSURE_RULE;

forEachDatabase('the rehearsal of a signed-in page', { seed: BENCHMARKING_SLICE }, (store) => {
  const keptPages = async () =>
    (await store().db.selectFrom('release_page_view').select('page').execute()).map((r) => r.page).sort();

  it('makes nothing before ready when no visitors’ view is kept', async () => {
    const before = await keptPages();
    assert.equal(await rehearseViewerPage(store().db, rule, { largePage: 1 }), 0);
    assert.deepEqual(await keptPages(), before);
  });

  it('skips a release whose kept pages are all small, as the slice’s are by the server’s measure', async () => {
    assert.ok((await keepLatestVisitorPages(store().db, rule)) > 0, 'the visitors’ views kept');
    const opened = openedViewsMade();
    assert.equal(await rehearseViewerPage(store().db, rule), 0);
    assert.equal(openedViewsMade(), opened);
  });

  it('makes a practice’s opened view and draws its page, keeping nothing a viewer is served', async () => {
    const release = (await findReleaseForPages(store().db))!;
    const before = await keptPages();
    const opened = openedViewsMade();
    const bytes = await rehearseViewerPage(store().db, rule, { largePage: 1 });
    assert.ok(bytes > 10_000, `a whole page drawn (${bytes} bytes)`);
    assert.equal(
      openedViewsMade(),
      opened + REHEARSALS,
      'made from the visitors’ view with one practice opened, for each practice rehearsed',
    );
    assert.deepEqual(await keptPages(), before, 'nothing kept in the database');
    // The same practice's view asked for by its manager: made afresh, not served from the rehearsal.
    const [first] = await store()
      .db.selectFrom('release_indicator')
      .innerJoin('indicator', 'indicator.id', 'release_indicator.indicator_id')
      .select('indicator.code')
      .where('release_indicator.release_id', '=', release.id)
      .orderBy('indicator.code')
      .execute();
    const visitors = await keptVisitorView(store().db, release, first!.code, rule);
    const practice = visitors!.practices.find((p) => p.numerator !== null)!.code;
    const served = viewerViewsServed();
    const made = openedViewsMade();
    await loadIndicatorPage(store().db, release, first!.code, 'england', undefined, null, {
      rule,
      open: new Set([practice]),
      withhold: false,
    });
    assert.equal(viewerViewsServed(), served, 'no kept view served');
    assert.equal(openedViewsMade(), made + 1, 'her view made afresh');
  });
});
