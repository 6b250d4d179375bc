/**
 * Obligations, review meetings, the consent register, public consultations and the outbox in a real
 * browser (issue 18): `fairview serve` on a PGlite store holding real practices of sub-ICB location 16C
 * and the demo's obligations and constitution stories, driven by Debian's Chromium. A practice manager
 * makes a monthly return from the page, the commissioning manager accepts it, a visitor answers a public
 * consultation without an account, and axe-core runs on every page visited.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createConsultation } from '../../src/app/agreements/consultations.ts';
import { syncBuiltInIndicators } from '../../src/app/indicators/built-in.ts';
import { openToPublic } from '../../src/app/obligations/public-consultations.ts';
import { seedConstitutionAndConsentDemo } from '../../src/demo/constitution-consent.ts';
import {
  DEMO_OPEN_PRACTICE,
  DEMO_OVERDUE_PRACTICE,
  seedObligationsDemo,
} from '../../src/demo/obligations.ts';
import { parseRoleSpec } from '../../src/domain/roles.ts';
import { assertAccessible, openLocalPage, signIn, withSliceServer } from '../support/browser.ts';
import { addUser } from '../web/client.ts';
import { seedRealSlice } from '../web/real-slice.ts';

const SIXTEEN_C = ['A81001', 'A81002', 'A81004', 'A81005', 'A81006', 'A81007'];

describe('obligations, consent and public consultations in Chromium', () => {
  let consultationId = 0;
  const passwords: Record<string, string> = {};
  const consoleErrors: string[] = [];

  const app = withSliceServer('obligations', async (store) => {
    // The spawned server runs on the wall clock, so the story is seeded up to it.
    const now = new Date();
    await seedRealSlice(store.db, SIXTEEN_C);
    await syncBuiltInIndicators(store, 'test', now);
    assert.equal((await seedObligationsDemo(store.db, { now, mailer: null })).seeded, true);
    assert.equal((await seedConstitutionAndConsentDemo(store.db, { now, mailer: null })).seeded, true);
    const manager = { username: 'cm', roles: [parseRoleSpec('commissioning_manager:16C')] };
    const day = 86_400_000;
    consultationId = (
      await createConsultation(
        store.db,
        manager,
        {
          commissionerCode: '16C',
          title: 'Evening opening',
          question: 'Should practices open until 8pm on Thursdays?',
          description: null,
          options: ['Yes', 'No'],
          opensOn: new Date(now.getTime() - day).toISOString().slice(0, 10),
          closesOn: new Date(now.getTime() + 20 * day).toISOString().slice(0, 10),
        },
        { now },
      )
    ).id;
    await openToPublic(store.db, manager, consultationId, { now });
    passwords.pm = await addUser(store.db, 'pm', `practice_manager:${DEMO_OPEN_PRACTICE}`);
    passwords.cm = await addUser(store.db, 'cm', 'commissioning_manager:16C');
    passwords.admin = await addUser(store.db, 'admin', 'administrator');
  });

  const newPage = (javaScriptEnabled = true): Promise<Page> =>
    openLocalPage(app.browser, app.base, { javaScriptEnabled, consoleErrors });

  it('a practice manager makes the monthly scorecard review from the page', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'pm', passwords.pm!);
    await page.goto(`${app.base}/obligations`);
    await page.waitForURL(`${app.base}/obligations/practices/${DEMO_OPEN_PRACTICE}`);
    await assertAccessible(page, 'practice obligations');
    const open = page.getByRole('link', { name: /Monthly review of prescribing/ }).first();
    await open.click();
    await page.waitForURL(/\/obligations\/items\/\d+$/);
    await assertAccessible(page, 'obligation item');
    await page.getByLabel(/What the review found/).fill('Reviewed at the partners’ meeting.');
    await page.getByRole('button', { name: 'Make the return' }).click();
    await page.getByText('Made, awaiting decision').first().waitFor();
    await assertAccessible(page, 'obligation item after the return');
  });

  it('the commissioning manager sees the overdue practice, a review meeting, the consent register and the outbox is refused', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'cm', passwords.cm!);
    await page.goto(`${app.base}/obligations`);
    await assertAccessible(page, 'commissioner obligations dashboard');
    assert.match((await page.textContent('main')) ?? '', new RegExp(DEMO_OVERDUE_PRACTICE));
    await page.goto(`${app.base}/obligations/practices/${DEMO_OVERDUE_PRACTICE}`);
    await assertAccessible(page, 'overdue practice obligations');
    const meeting = page.locator('a[href^="/obligations/meetings/"]').first();
    assert.ok((await meeting.count()) > 0, 'a review meeting is listed');
    await meeting.click();
    await page.waitForURL(/\/obligations\/meetings\/\d+$/);
    await assertAccessible(page, 'review meeting');
    await page.goto(`${app.base}/consent?org=16C`);
    await assertAccessible(page, 'consent register');
    const outbox = await page.goto(`${app.base}/admin/outbox`);
    assert.equal(outbox?.status(), 403);
  });

  it('an administrator reads the outbox', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'admin', passwords.admin!);
    await page.goto(`${app.base}/admin/outbox`);
    await assertAccessible(page, 'outbox');
  });

  it('a visitor answers a public consultation without an account, with and without JavaScript', async () => {
    for (const js of [true, false]) {
      const page = await newPage(js);
      // axe-core runs in the page, so only where JavaScript is on.
      const check = (name: string) => (js ? assertAccessible(page, name) : Promise.resolve());
      await page.goto(`${app.base}/public/consultations`);
      await check('public consultations');
      await page.getByRole('link', { name: 'Evening opening' }).click();
      await page.waitForURL(`${app.base}/public/consultations/${consultationId}`);
      await check('public consultation');
      await page.getByLabel('Yes').check();
      await page.getByRole('button', { name: 'Send your answer' }).click();
      await page.waitForURL(`${app.base}/public/consultations/${consultationId}?answered=1`);
      await check('public consultation after answering');
    }
    const page = await newPage();
    await page.goto(`${app.base}/public/consultations/${consultationId}`);
    assert.match((await page.textContent('main')) ?? '', /2 answers from the public/);
    // The only console error is the outbox's 403 shown to the commissioning manager.
    assert.deepEqual(
      consoleErrors.filter((e) => !/\/admin\/outbox: .*403/.test(e)),
      [],
    );
  });
});
