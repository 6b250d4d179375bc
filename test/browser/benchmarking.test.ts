/**
 * The benchmarking pages in a real browser: `fairview serve` in its own process on a PGlite store that
 * holds a real slice of England (Tees Valley, imported with the real importers) and one published
 * release made by `recompute`. A new user opens a practice's scorecard, follows a red flag to the
 * indicator page (its calibration panel and funnels) and the SPC chart, reads why it is flagged, sees its peers and
 * exports the table; axe-core runs on every page and screenshots are kept to look at.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, openLocalPage, withSliceServer } from '../support/browser.ts';
import { BENCHMARKING_SLICE } from '../web/benchmarking-slice.ts';

const SMOKING = 'FT-91547';

describe('The benchmarking pages in Chromium', () => {
  let shots = '';
  /** A practice the headline judgment finds worse on smoking prevalence in the latest period. */
  let flagged = '';
  const consoleErrors: string[] = [];

  const app = withSliceServer(
    'bench',
    async (store) => {
      const latest = await store.db
        .selectFrom('result')
        .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
        .select(({ fn }) => fn.max('result.period').as('period'))
        .where('indicator.code', '=', SMOKING)
        .executeTakeFirstOrThrow();
      const row = await store.db
        .selectFrom('result')
        .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
        .select('result.area_code')
        .where('indicator.code', '=', SMOKING)
        .where('result.area_kind', '=', 'practice')
        .where('result.period', '=', latest.period!)
        .where('result.headline_flag', 'in', ['high_95', 'high_99_8'])
        .orderBy('result.area_code')
        .executeTakeFirstOrThrow();
      flagged = row.area_code;
    },
    { from: BENCHMARKING_SLICE },
  );

  before(async () => {
    shots = await mkdtemp(join(tmpdir(), 'fairview-screens-bench-'));
  });

  const newPage = (): Promise<Page> =>
    openLocalPage(app.browser, app.base, { acceptDownloads: true, consoleErrors });

  it('follows a red flag from the scorecard to the indicator page, the SPC chart and the peers, and exports', async () => {
    const page = await newPage();
    await page.goto(`${app.base}/practices/${flagged}`);
    await page.getByRole('link', { name: /^Scorecard/ }).click();
    await page.waitForURL(`${app.base}/practices/${flagged}/scorecard`);
    await assertAccessible(page, 'scorecard');
    await page.screenshot({ path: join(shots, 'scorecard.png'), fullPage: true });

    // The smoking row is flagged worse by the headline judgment, in words as well as red; the crude
    // comparison with England is context in plain text.
    const row = page.locator('#scorecard tbody tr').filter({ hasText: 'Smoking prevalence' });
    assert.match((await row.locator('.fairview-cmp').textContent()) ?? '', /Worse \(higher\) than/);
    assert.match((await row.locator('.fairview-why').textContent()) ?? '', /Flagged by the/);
    assert.match(
      (await row.locator('.fairview-context').textContent()) ?? '',
      /Crude comparison with England/,
    );
    assert.equal(await row.locator('svg.fairview-spine title').count(), 1);

    // Follow it to the funnel plot, with the practice highlighted.
    await row.getByRole('link', { name: /Smoking prevalence/ }).click();
    await page.waitForURL(new RegExp(`/indicators/${SMOKING}\\?practice=${flagged}`));
    assert.equal(await page.locator('svg#funnel-crude, svg[aria-labelledby^="funnel-crude"]').count(), 1);
    assert.match((await page.locator('#funnel-crude-d').textContent()) ?? '', /is highlighted/);
    // A visitor sees controlled counts, so the headline z-scores (which would give the exact counts
    // back) are withheld and their funnel is not drawn (issue 11); the verdict stays in words.
    assert.equal(await page.locator('svg[aria-labelledby^="funnel-headline"]').count(), 0);
    assert.match((await page.locator('#calibration').textContent()) ?? '', /chance alone: about/);
    assert.equal((await page.locator('table#practices tbody tr').count()) > 10, true);
    await assertAccessible(page, 'indicator');
    await page.screenshot({ path: join(shots, 'indicator.png'), fullPage: true });

    // Sorting is an enhancement: the table comes ranked by value; a heading button sorts it.
    await page.locator('table#practices thead th').nth(1).getByRole('button').click();
    assert.equal(
      await page.locator('table#practices thead th').nth(1).getAttribute('aria-sort'),
      'ascending',
    );

    // Its trend: the published smoking figures give this practice too few years for an SPC chart,
    // and the page says so; the QOF registers (six years) have one, with its Making Data Count icon.
    await page.getByRole('link', { name: 'See its trend (SPC chart)' }).click();
    await page.waitForURL(new RegExp(`/practices/${flagged}/trend/${SMOKING}`));
    assert.match(
      (await page.locator('main').textContent()) ?? '',
      /too few periods for a statistical process control chart/,
    );
    await assertAccessible(page, 'trend (short series)');
    await page.goto(`${app.base}/practices/${flagged}/scorecard`);
    await page
      .locator('#scorecard tbody tr')
      .filter({ hasText: 'Atrial fibrillation' })
      .getByRole('link', { name: /SPC chart/ })
      .click();
    await page.waitForURL(new RegExp(`/practices/${flagged}/trend/QOF-PREV-AF`));
    assert.equal(await page.locator('svg[aria-labelledby="variation-icon"]').count(), 1);
    assert.equal(await page.locator('svg[aria-labelledby="spc-t spc-d"]').count(), 1);
    await assertAccessible(page, 'trend');
    await page.screenshot({ path: join(shots, 'trend.png'), fullPage: true });

    // Back to the scorecard: no basis to switch, the colour is the headline judgment.
    await page.goto(`${app.base}/practices/${flagged}/scorecard`);
    assert.equal(await page.getByRole('navigation', { name: 'Comparison basis' }).count(), 0);
    assert.match((await page.locator('main').textContent()) ?? '', /The colour is the headline judgment/);

    // Export the table.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    assert.match(csv, /^\uFEFFIndicator code,Indicator,Period/);
    assert.match(csv, new RegExp(SMOKING));

    // Its peers, pseudonymised by default.
    await page.getByRole('link', { name: 'Compare with its peer group' }).click();
    await page.waitForURL(`${app.base}/practices/${flagged}/peers`);
    assert.match(
      (await page.locator('.nhsuk-inset-text:not(#disclosure-rule)').textContent()) ?? '',
      /These 20 practices are like yours because/,
    );
    assert.ok((await page.getByText('Peer 1', { exact: true }).count()) >= 1);
    await assertAccessible(page, 'peers');
    await page.screenshot({ path: join(shots, 'peers.png'), fullPage: true });

    // The area overview heat map.
    await page.goto(`${app.base}/organisations/16C/overview`);
    assert.equal(await page.locator('svg[aria-labelledby="heatmap-t heatmap-d"]').count(), 1);
    await assertAccessible(page, 'overview');
    await page.screenshot({ path: join(shots, 'overview.png'), fullPage: true });

    // The print stylesheet hides the header, navigation and download links.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.nhsuk-header').isVisible(), false);
    await page.goto(`${app.base}/practices/${flagged}/scorecard`);
    await page.screenshot({ path: join(shots, 'scorecard-print.png'), fullPage: true });

    assert.deepEqual(consoleErrors, [], 'no script or Content-Security-Policy errors');
    console.log(`# screenshots in ${shots}`);
  });
});
