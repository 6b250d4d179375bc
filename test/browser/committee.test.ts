/**
 * A committee meeting in a real browser, from agenda to decision: the secretariat arranges a meeting,
 * adds an item about The Densham Surgery (A81001), whose GP partner on the committee is recused
 * automatically; records attendance and the votes (the recused GP cannot be chosen, and sees what an
 * observer sees); records the decision with the quorum at the time; and the public decision log shows
 * it. `fairview serve` runs in its own process on PGlite; axe-core checks every page visited.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { seedGovernanceDemo } from '../../src/demo/governance.ts';
import { assertAccessible, openLocalPage, signIn, withSliceServer } from '../support/browser.ts';
import { addUser } from '../web/client.ts';
import { seedRealSlice } from '../web/real-slice.ts';

describe('a committee meeting in Chromium', () => {
  const passwords: Record<string, string> = {};

  const app = withSliceServer('committee', async (store) => {
    await seedRealSlice(store.db);
    passwords.manager = await addUser(store.db, 'manager', 'commissioning_manager:16C');
    passwords['demo-committee-gp'] = await addUser(store.db, 'demo-committee-gp', 'committee_gp:QHM');
    passwords['demo-committee-lay'] = await addUser(store.db, 'demo-committee-lay', 'committee_lay:QHM');
    await seedGovernanceDemo(store.db, new Date());
  });

  async function signedInPage(username: string, javaScriptEnabled = true): Promise<Page> {
    const page = await openLocalPage(app.browser, app.base, { javaScriptEnabled });
    await signIn(page, app.base, username, passwords[username]!, '/governance');
    return page;
  }

  it('walks a meeting from agenda to decision with the GP partner of A81001 recused', async () => {
    const page = await signedInPage('manager');
    await assertAccessible(page, 'governance');
    await page.getByRole('link', { name: /Primary Care Commissioning Committee/ }).click();
    assert.match((await page.locator('main').textContent()) ?? '', /can take decisions/);
    await assertAccessible(page, 'committee');

    await page.getByLabel('Title').fill('Extraordinary meeting, January 2027');
    await page.getByLabel('Date').fill('2027-01-14');
    await page.getByRole('button', { name: 'Arrange meeting' }).click();
    await page.waitForURL(/\/governance\/meetings\/\d+$/);
    await assertAccessible(page, 'meeting');

    await page.locator('#item-title').fill('Boundary change at The Densham Surgery');
    await page.locator('#item-organisation_codes').fill('A81001');
    await page.locator('#item-delegated_function').selectOption('new_providers');
    await page.locator('#item-paper').fill('The practice asks to extend its boundary to the new estate.');
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.waitForURL(/\/governance\/items\/\d+$/);
    const itemUrl = page.url();
    const recusals =
      (await page.getByRole('table', { name: 'Members recused from this item' }).textContent()) ?? '';
    assert.match(
      recusals,
      /Dr Sarah Bell[\s\S]*Automatic: declared interest \(partner in a practice\) in A81001/,
    );
    assert.match(
      (await page.locator('main').textContent()) ?? '',
      /Not quorate/,
      'nobody is recorded present yet',
    );
    await assertAccessible(page, 'agenda item');

    // Attendance: everyone present.
    await page
      .locator('.nhsuk-breadcrumb')
      .getByRole('link', { name: 'Extraordinary meeting, January 2027' })
      .click();
    // Wait for the meeting page before listing its boxes (`all()` does not wait), and for the
    // attendance to be saved before leaving (both were races seen in CI).
    await page.locator('input[name="present"]').first().waitFor();
    for (const box of await page.locator('input[name="present"]').all()) await box.check();
    const saved = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/attendance'),
    );
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await saved;
    await page.waitForLoadState('load');
    await page.goto(itemUrl);
    const main = (await page.locator('main').textContent()) ?? '';
    assert.match(main, /5 of 6 voting members are present and not recused; the quorum is 4/);

    // Votes given at the meeting: the recused GP is not offered.
    const options = await page.locator('#record-vote-member_id option').allTextContents();
    assert.equal(options.length, 5);
    assert.ok(!options.some((o) => o.includes('Sarah Bell')));
    for (let i = 0; i < options.length; i++) {
      await page.locator('#record-vote-member_id').selectOption({ index: i });
      await page
        .locator('form[action$="/votes"]')
        .getByLabel(i === 4 ? 'Against' : 'For', { exact: true })
        .check();
      await page.getByRole('button', { name: 'Record vote' }).click();
      await page.waitForURL(itemUrl);
    }
    assert.match((await page.locator('main').textContent()) ?? '', /Counted: 4 for, 1 against, 0 abstaining/);
    await assertAccessible(page, 'agenda item with votes');

    // The recused GP sees the item as an observer would, with no vote.
    const gp = await signedInPage('demo-committee-gp');
    await gp.goto(itemUrl);
    assert.match((await gp.locator('main').textContent()) ?? '', /You are recused from this item/);
    assert.equal(await gp.getByRole('button', { name: 'Cast vote' }).count(), 0);
    await assertAccessible(gp, 'agenda item (recused member)');

    // The decision, with the quorum at the time.
    await page
      .getByLabel('Decision as minuted')
      .fill('Approved: the boundary is extended to the new estate.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.waitForURL(itemUrl);
    const decided = (await page.locator('main').textContent()) ?? '';
    assert.match(decided, /Carried/);
    assert.match(decided, /4 for, 1 against, 0 abstaining/);
    assert.match(decided, /16C holds new providers, practice splits and mergers under delegation/);
    await assertAccessible(page, 'decided item');

    await page.goto(`${app.base}/governance/decisions`);
    const log = (await page.locator('main').textContent()) ?? '';
    assert.match(log, /Boundary change at The Densham Surgery/);
    assert.match(log, /Quorate: 5 voting members counted, quorum 4/);
    assert.match(log, /Dr Sarah Bell \(GP member\): declared interest/);
    await assertAccessible(page, 'decision log');
  });

  it('shows the register, delegation and decisions without sign-in, and works without JavaScript', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    for (const [path, name] of [
      ['/governance/register', 'register'],
      ['/governance/delegation', 'delegation'],
      ['/governance/delegation/16C', 'delegation of 16C'],
      ['/governance/decisions', 'decision log (signed out)'],
    ] as const) {
      const res = await page.goto(`${app.base}${path}`);
      assert.equal(res?.status(), 200, path);
      await assertAccessible(page, name);
    }
    const plain = await (await app.browser.newContext({ javaScriptEnabled: false })).newPage();
    await plain.goto(`${app.base}/governance/delegation`);
    await plain.getByRole('link', { name: /\(93C\)/ }).click();
    await plain.waitForURL(`${app.base}/governance/delegation/93C`);
    assert.match((await plain.locator('main').textContent()) ?? '', /93C is at level 1 \(influence only\)/);
  });
});
