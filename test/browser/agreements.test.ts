/**
 * Agreements and consultations in a real browser: `fairview serve` on a PGlite store holding real
 * practices of sub-ICB location 16C and the agreements demo, driven by Debian's Chromium through
 * playwright-core. A practice manager signs the agreement and votes; a commissioning manager checks a
 * draft's guidance; a partner does the same without JavaScript. axe-core runs on every page visited.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { seedAgreementsDemo } from '../../src/demo/agreements.ts';
import { assertAccessible, openLocalPage, signIn, withSliceServer } from '../support/browser.ts';
import { addUser } from '../web/client.ts';
import { seedRealSlice } from '../web/real-slice.ts';

const SIXTEEN_C = ['A81001', 'A81002', 'A81004', 'A81005', 'A81006', 'A81007', 'A81009', 'A81011'];

describe('agreements and consultations in Chromium', () => {
  let agreementId = 0;
  const passwords: Record<string, string> = {};
  const consoleErrors: string[] = [];

  const app = withSliceServer('agreements', async (store) => {
    await seedRealSlice(store.db, SIXTEEN_C);
    agreementId = (await seedAgreementsDemo(store.db, { now: new Date() })).agreementId!;
    passwords.pm = await addUser(store.db, 'pm', 'practice_manager:A81001');
    passwords.partner = await addUser(store.db, 'partner', 'practice_partner:A81002');
    passwords.manager = await addUser(store.db, 'manager', 'commissioning_manager:16C');
  });

  const newPage = (javaScriptEnabled: boolean): Promise<Page> =>
    openLocalPage(app.browser, app.base, { javaScriptEnabled, consoleErrors });

  const signInAs = (page: Page, username: string): Promise<void> =>
    signIn(page, app.base, username, passwords[username]!);

  it('a practice manager reads the flags, signs the agreement and votes in the open consultation', async () => {
    const page = await newPage(true);
    await signInAs(page, 'pm');
    await page.goto(`${app.base}/agreements`);
    await assertAccessible(page, 'agreements list');
    await page.getByRole('link', { name: 'Tees Valley inter-practice agreement' }).click();
    await page.waitForURL(`${app.base}/agreements/${agreementId}`);
    assert.equal(await page.locator('.nhsuk-warning-callout').count(), 3, 'three guidance flags');
    const before = (await page.locator('#signed-line').textContent()) ?? '';
    assert.match(before, /^\d+ of 8 practices signed, \d+%$/);
    await assertAccessible(page, 'agreement');

    await page.getByLabel('Sign version 1').check();
    await page.getByLabel('Reason (optional)').fill('Signed after the partners’ meeting.');
    await page.getByRole('button', { name: 'Record the practice’s decision' }).click();
    await page.waitForURL(new RegExp(`/agreements/${agreementId}#signed-line$`));
    const signedBefore = Number(/^(\d+)/.exec(before)![1]);
    assert.match(
      (await page.locator('#signed-line').textContent()) ?? '',
      new RegExp(`^${signedBefore + 1} of 8`),
    );
    assert.match((await page.locator('main').textContent()) ?? '', /Practice manager for A81001/);
    assert.equal(await page.getByRole('button', { name: 'Record the practice’s decision' }).count(), 0);
    await assertAccessible(page, 'agreement after signing');

    await page.goto(`${app.base}/consultations`);
    await assertAccessible(page, 'consultations list');
    await page.getByRole('link', { name: 'Scorecard indicators for 2027-28' }).click();
    await assertAccessible(page, 'open consultation');
    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Cast the practice’s vote' }).click();
    await page.getByText(/A81001 voted/).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /A81001 voted Yes/);
    assert.equal(await page.getByRole('button', { name: 'Cast the practice’s vote' }).count(), 0);
    await assertAccessible(page, 'consultation after voting');

    await page.goto(`${app.base}/consultations`);
    await page.getByRole('link', { name: 'Delegated performance management' }).click();
    assert.match(
      (await page.locator('#turnout').textContent()) ?? '',
      /Turnout: \d+ of 8 member practices voted/,
    );
    assert.equal(await page.getByRole('table', { name: 'Votes by option' }).count(), 1);
    await assertAccessible(page, 'closed consultation with results');
  });

  it('a commissioning manager checks a draft’s guidance and opens the consultation form', async () => {
    const page = await newPage(true);
    await signInAs(page, 'manager');
    await page.goto(`${app.base}/agreements`);
    await page.getByRole('link', { name: 'Draft an agreement' }).click();
    await assertAccessible(page, 'draft agreement');
    await page.getByLabel('Title').fill('Draft for checking');
    await page
      .getByLabel('Agreement text')
      .fill('# Draft\n\n## 1. Removal {sanctions-removal}\nThe board may remove a practice.\n');
    await page.getByRole('button', { name: 'Check the guidance' }).click();
    await page.locator('#preview').waitFor();
    assert.equal(await page.locator('#flag-sanctions_without_appeal').count(), 1);
    assert.equal(await page.locator('#flag-no_lmc_role').count(), 1);
    await assertAccessible(page, 'draft agreement preview');
    await page.getByLabel('Agreement text').fill('## 1. Purpose\nNo tag here');
    const logged = consoleErrors.length;
    await page.getByRole('button', { name: 'Issue to member practices' }).click();
    assert.match((await page.locator('.nhsuk-error-summary').textContent()) ?? '', /has no tag/);
    // The form comes back with status 400, which Chromium logs: expected here, and only here.
    const added = consoleErrors.splice(logged);
    assert.ok(
      added.every((e) => /status of 400/.test(e)),
      added.join('\n'),
    );
    await assertAccessible(page, 'draft agreement with an error');
    await page.goto(`${app.base}/consultations/new`);
    await assertAccessible(page, 'new consultation');
  });

  it('works without JavaScript: a partner vetoes and votes with plain forms', async () => {
    const page = await newPage(false);
    await signInAs(page, 'partner');
    await page.goto(`${app.base}/agreements/${agreementId}`);
    await page.getByLabel('Veto version 1').check();
    await page.getByLabel('Reason (optional)').fill('Clause 5 is for the contract holder.');
    await page.getByRole('button', { name: 'Record the practice’s decision' }).click();
    await page.waitForURL(new RegExp(`/agreements/${agreementId}#signed-line$`));
    assert.match((await page.locator('main').textContent()) ?? '', /Clause 5 is for the contract holder\./);
    await page.goto(`${app.base}/consultations`);
    await page.getByRole('link', { name: 'Scorecard indicators for 2027-28' }).click();
    await page.getByLabel('No').check();
    await page.getByRole('button', { name: 'Cast the practice’s vote' }).click();
    await page.getByText(/A81002 voted/).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /A81002 voted No/);
    assert.deepEqual(consoleErrors, [], 'no script or Content-Security-Policy errors');
  });
});
