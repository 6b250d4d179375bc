/**
 * A performance concern in a real browser, from a red flag to a remedial notice: an analyst raises a
 * concern from a practice's funnel outlier in the real Tees Valley (16C) release, triages it; the
 * commissioning manager notifies the practice; the practice replies with an attachment; peer review
 * refers it to the contract holder (16C holds contract management at level 3 in the governance demo);
 * the manager records a remedial notice and its clock shows; the LMC representative sees nothing until
 * the manager invites them, then the concern but no form. The concern is raised the way an analyst
 * would: from the practice's scorecard of the release, whose flagged row offers "Raise a concern"
 * (/concerns/new?practice=…&source=…&release=NAME&indicator=CODE&period=…), to the form it fills in.
 * `fairview serve` runs in its own process on PGlite; axe-core checks every page visited.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { seedGovernanceDemo } from '../../src/demo/governance.ts';
import { assertAccessible, openLocalPage, signIn, withSliceServer } from '../support/browser.ts';
import { BENCHMARKING_SLICE, SLICE_RELEASE } from '../web/benchmarking-slice.ts';
import { addUser } from '../web/client.ts';

describe('a performance concern in Chromium', () => {
  const passwords: Record<string, string> = {};
  /**
   * The flag: a practice the headline judgment finds high (worse) on smoking prevalence in the
   * indicator's latest period (the period a scorecard shows), in the slice's published release.
   */
  let releaseName = '';
  let practice = '';
  let period = '';

  const app = withSliceServer(
    'concerns',
    async (store) => {
      releaseName = SLICE_RELEASE;
      await seedGovernanceDemo(store.db, new Date());
      const release = await store.db
        .selectFrom('release')
        .select(['id', 'status'])
        .where('name', '=', releaseName)
        .executeTakeFirstOrThrow();
      assert.equal(release.status, 'published');
      // The scorecard shows each indicator's latest period, so the flag must be in that period.
      const latest = await store.db
        .selectFrom('result')
        .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
        .select((eb) => eb.fn.max('result.period').as('period'))
        .where('result.release_id', '=', release.id)
        .where('indicator.code', '=', 'FT-91547')
        .where('result.area_kind', '=', 'practice')
        .executeTakeFirstOrThrow();
      const flag = await store.db
        .selectFrom('result')
        .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
        .select(['result.area_code', 'result.period'])
        .where('result.release_id', '=', release.id)
        .where('indicator.code', '=', 'FT-91547')
        .where('result.area_kind', '=', 'practice')
        .where('result.period', '=', String(latest.period))
        .where('result.headline_flag', 'in', ['high_95', 'high_99_8'])
        .orderBy('result.area_code')
        .executeTakeFirstOrThrow();
      practice = flag.area_code;
      period = flag.period;
      passwords.analyst = await addUser(store.db, 'analyst', 'commissioning_analyst:16C');
      passwords.manager = await addUser(store.db, 'manager', 'commissioning_manager:16C');
      passwords.partner = await addUser(store.db, 'partner', `practice_partner:${practice}`);
      passwords.lmc = await addUser(store.db, 'lmc', 'lmc_representative:16C');
    },
    { from: BENCHMARKING_SLICE },
  );

  async function signedInPage(username: string): Promise<Page> {
    const page = await openLocalPage(app.browser, app.base);
    await signIn(page, app.base, username, passwords[username]!, '/concerns');
    return page;
  }

  const main = async (page: Page): Promise<string> => (await page.locator('main').textContent()) ?? '';

  it('walks from a red flag to a referral and a remedial notice with its clock', async () => {
    const analyst = await signedInPage('analyst');
    await assertAccessible(analyst, 'concern list');
    // The practice's scorecard of the release: the smoking prevalence row is flagged, with its link.
    await analyst.goto(`${app.base}/practices/${practice}/scorecard?release=${releaseName}`);
    await assertAccessible(analyst, 'scorecard with a flag');
    const flaggedRow = analyst.locator('#scorecard tbody tr').filter({ hasText: `FT-91547 · ${period}` });
    assert.equal(await flaggedRow.count(), 1);
    const raise = flaggedRow.getByRole('link', { name: /^Raise a concern/ });
    assert.equal(await raise.count(), 1);
    await raise.click();
    await analyst.waitForURL(/\/concerns\/new\?/);
    const raised = new URL(analyst.url()).searchParams;
    assert.equal(raised.get('practice'), practice);
    assert.equal(raised.get('indicator'), 'FT-91547');
    assert.equal(raised.get('period'), period);
    assert.equal(raised.get('release'), releaseName);
    assert.equal(raised.get('source'), 'funnel_outlier');
    // The form comes pre-filled from the flag.
    assert.equal(await analyst.locator('#raise-practice_code').inputValue(), practice);
    assert.notEqual(await analyst.locator('input[name="release_id"]').inputValue(), '');
    assert.notEqual(await analyst.locator('input[name="indicator_id"]').inputValue(), '');
    assert.equal(await analyst.locator('input[name="period"]').inputValue(), period);
    assert.match(await main(analyst), new RegExp(`From: .*, period ${period}`));
    await assertAccessible(analyst, 'raise a concern');
    await analyst.locator('#raise-title').fill('Smoking prevalence above the funnel');
    await analyst.getByRole('button', { name: 'Raise concern' }).click();
    await analyst.waitForURL(/\/concerns\/\d+$/);
    const concernUrl = analyst.url();
    let text = await main(analyst);
    assert.match(text, /Data pack \(frozen\)/);
    assert.match(text, /higher than expected \((99\.8|95)%\)/);
    await assertAccessible(analyst, 'concern (raised)');
    await analyst.locator('#triage-note').fill('A repeated outlier; worth asking the practice');
    await analyst.getByRole('button', { name: 'Triage' }).click();
    await analyst.waitForURL(concernUrl);

    const manager = await signedInPage('manager');
    await manager.goto(concernUrl);
    await manager.locator('#notify-note').fill('Please reply within 28 days');
    await manager.getByRole('button', { name: 'Notify the practice' }).click();
    await manager.waitForURL(concernUrl);

    // The LMC sees nothing until it is invited.
    const lmc = await signedInPage('lmc');
    const refused = await lmc.goto(concernUrl);
    assert.equal(refused?.status(), 403);
    assert.match(await main(lmc), /invited/);
    await manager.locator('#lmc-lmc_username').selectOption('lmc');
    await manager.getByRole('button', { name: 'Invite the LMC representative' }).click();
    await manager.waitForURL(concernUrl);
    assert.match(await main(manager), /Invited, and sees this concern/);
    await assertAccessible(manager, 'concern (LMC invited)');

    const partner = await signedInPage('partner');
    await partner.goto(concernUrl);
    await assertAccessible(partner, 'concern (practice reply form)');
    await partner.locator('#reply-population_context').fill('A young list near the university');
    await partner
      .locator('#reply-data_quality')
      .fill('Smoking status was not asked at registration until May');
    await partner.locator('#reply-actions_taken').fill('Added to the new-patient questionnaire');
    await partner.locator('#reply-attachment').setInputFiles({
      name: 'smoking-audit.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('month,recorded\nMay,40\n'),
    });
    await partner.getByRole('button', { name: 'Send reply' }).click();
    await partner.waitForURL(concernUrl);
    assert.match(await main(partner), /smoking-audit\.csv/);

    await manager.goto(concernUrl);
    await manager.locator('#peer-group_name').fill('Stockton peer review group');
    await manager.locator('#peer-notes').fill('Reviewed with two neighbouring practices');
    await manager.getByRole('button', { name: 'Start peer review' }).click();
    await manager.waitForURL(concernUrl);
    await assertAccessible(manager, 'concern (peer review)');
    await manager.locator('#outcome-outcome').selectOption('referred');
    await manager.locator('#outcome-notes').fill('Outlier for three years despite support');
    await manager.getByRole('button', { name: 'Record outcome' }).click();
    await manager.waitForURL(concernUrl);
    text = await main(manager);
    assert.match(text, /Referral to the contract holder/);
    assert.match(text, /16C.*level 3/);

    // A remedy period under 28 days is refused with the reason at the field.
    await manager.locator('#notice-breach').fill('Smoking status not recorded for new registrations');
    await manager.locator('#notice-remedy').fill('Record smoking status for every new registration');
    await manager.locator('#notice-remedy_period_days').fill('14');
    await manager.getByRole('button', { name: 'Record notice' }).click();
    assert.match(await main(manager), /at least 28 days/);
    await assertAccessible(manager, 'concern (notice error)');
    await manager.locator('#notice-remedy_period_days').fill('28');
    await manager.getByRole('button', { name: 'Record notice' }).click();
    await manager.waitForURL(concernUrl);
    text = await main(manager);
    assert.match(text, /Remedial notice issued/);
    assert.match(text, /28 days remaining/);
    await assertAccessible(manager, 'concern (remedial notice)');

    await lmc.goto(concernUrl);
    text = await main(lmc);
    assert.match(text, /Remedial notice issued/);
    assert.match(text, /Only the contract holder can record/);
    assert.equal(await lmc.locator('form[action$="/notices"]').count(), 0);
    await assertAccessible(lmc, 'concern (LMC)');
  });
});
