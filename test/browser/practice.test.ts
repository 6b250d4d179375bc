/**
 * The whole thing in a real browser: `fairview serve` in its own process on a PGlite store holding a
 * real slice of England, driven by Debian's Chromium through playwright-core. Signs in, searches,
 * opens a practice and runs axe-core on every page visited; also walks the same path with JavaScript
 * turned off.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, openLocalPage, withSliceServer } from '../support/browser.ts';
import { addUser } from '../web/client.ts';
import { seedRealSlice } from '../web/real-slice.ts';

describe('Fairview in Chromium', () => {
  let shots = '';
  let password = '';
  let adminPassword = '';
  const consoleErrors: string[] = [];

  const app = withSliceServer('practice', async (store) => {
    await seedRealSlice(store.db);
    password = await addUser(store.db, 'analyst', 'commissioning_analyst:16C');
    adminPassword = await addUser(store.db, 'admin', 'administrator');
    // A merger candidate and a refused row, so /lineage and /imports show what they are for. Made up
    // for the page check (the real ones are found from the data in test/app/merger-candidates and
    // test/app/refused-rows.test.ts): evidence of the shape candidates.ts writes, for slice practices.
    const batch = await store.db
      .selectFrom('import_batch')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await store.db.updateTable('import_batch').set({ rows_rejected: 1 }).where('id', '=', batch.id).execute();
    await store.db
      .insertInto('import_row_rejection')
      .values({
        batch_id: batch.id,
        file_name: 'epraccur.csv.gz',
        line: 12,
        column_name: 'REGISTER',
        value: '197',
        code: 'register_exceeds_list',
        message:
          "epraccur.csv.gz line 12, column REGISTER: expected a register no larger than the TOTAL list of 138, found '197'",
      })
      .execute();
    await store.db
      .insertInto('lineage_candidate')
      .values({
        predecessor_code: 'A81002',
        successor_code: 'A81001',
        kind: 'merger',
        close_date: '2016-05-31',
        last_extract: '2014-04-01',
        next_extract: '2015-04-01',
        closed_list: 2692,
        successor_before: 4599,
        successor_after: 7022,
        proximity: 'same postcode district',
        found_at: new Date('2026-11-24T09:00:00Z'),
      })
      .execute();
  });

  before(async () => {
    shots = await mkdtemp(join(tmpdir(), 'fairview-screens-'));
  });

  const newPage = (javaScriptEnabled: boolean): Promise<Page> =>
    openLocalPage(app.browser, app.base, { javaScriptEnabled, consoleErrors });

  it('signs in, searches, opens a practice and finds no accessibility violations on the way', async () => {
    const page = await newPage(true);
    await page.goto(`${app.base}/`);
    assert.equal(await page.locator('h1').first().textContent(), 'Fairview');
    assert.ok(
      (await page.getAttribute('body', 'class'))?.includes('nhsuk-frontend-supported'),
      'the design system’s JavaScript runs',
    );
    await assertAccessible(page, 'home');

    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Username').fill('analyst');
    await page.getByLabel('Password').fill(password);
    await assertAccessible(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.base}/`);
    assert.match(
      (await page.locator('.nhsuk-header__account').textContent()) ?? '',
      /analyst[\s\S]*Sign out/,
    );

    await page.locator('#practice-search').fill('densham');
    await page.locator('#practice-search').press('Enter');
    await page.waitForURL(/\/search\?q=densham/);
    await assertAccessible(page, 'search results');

    await page.getByRole('link', { name: 'The Densham Surgery' }).click();
    await page.waitForURL(`${app.base}/practices/A81001`);
    assert.match((await page.locator('main').textContent()) ?? '', /3,733 registered patients/);
    assert.equal(await page.locator('svg.fairview-pyramid rect').count(), 40, '20 bands × 2 sexes');
    await assertAccessible(page, 'practice');
    await page.screenshot({ path: join(shots, 'practice-A81001.png'), fullPage: true });
    await page.locator('svg.fairview-pyramid').screenshot({ path: join(shots, 'pyramid.png') });

    await page.locator('.nhsuk-breadcrumb').getByRole('link', { name: /16C/ }).click();
    await page.waitForURL(`${app.base}/organisations/16C`);
    await assertAccessible(page, 'organisation');
    await page.screenshot({ path: join(shots, 'organisation-16C.png') });

    await page.goto(`${app.base}/imports`);
    assert.equal(await page.locator('h1').textContent(), 'Import history');
    await assertAccessible(page, 'import history');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${app.base}/`);
    assert.equal(
      await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign in' }).count(),
      1,
    );
    assert.deepEqual(consoleErrors, [], 'no script or Content-Security-Policy errors');
    console.log(`# screenshots in ${shots}`);
  });

  it('shows an administrator the merger candidates and the refused rows, accessibly', async () => {
    const page = await newPage(true);
    await page.goto(`${app.base}/sign-in?next=/lineage`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.base}/lineage`);
    assert.equal(await page.getByRole('button', { name: 'Confirm' }).count(), 1);
    await assertAccessible(page, 'lineage candidates');
    await page.goto(`${app.base}/imports`);
    assert.equal(await page.getByRole('heading', { name: 'Rows refused' }).count(), 1);
    await assertAccessible(page, 'import history with refused rows');
  });

  it('works without JavaScript: sign-in, search and the practice page are plain HTML and forms', async () => {
    const page = await newPage(false);
    await page.goto(`${app.base}/sign-in?next=/imports`);
    await page.getByLabel('Username').fill('analyst');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.base}/imports`);
    await page.goto(`${app.base}/search?q=TS18`);
    assert.ok((await page.getByRole('link', { name: 'Queens Park Medical Centre' }).count()) === 1);
    await page.goto(`${app.base}/practices/A81002`);
    assert.match((await page.locator('h1').textContent()) ?? '', /Queens Park Medical Centre/);
    await page.getByText('Population by age and sex as a table').click();
    assert.ok(await page.getByRole('table', { name: /Registered patients by age band/ }).isVisible());
  });
});
