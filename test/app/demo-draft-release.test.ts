// The demo's draft release (issue 17 point 7) on both databases over a real slice (40 practices, QOF
// atrial fibrillation 2018-19): after a published release, "demo-3" is left a draft under embargo with
// the practice's open data query, the practice and its commissioner see it on the checks API, a
// visitor sees no public page of it, and a second run changes nothing.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { recompute } from '../../src/app/compute/recompute.ts';
import { DEMO_DRAFT_RELEASE, seedDraftDemoRelease } from '../../src/demo/draft-release.ts';
import { createWebApp } from '../../src/web/app.ts';
import { forEachDatabase } from '../support/databases.ts';
import { addUser, TestBrowser } from '../web/client.ts';
import { firstPractices, importSlice, type Slice, writeSlice } from './benchmarking-fixture.ts';

let slice: Slice;
before(async () => {
  slice = await writeSlice({
    prevalence: ['PREVALENCE_1819_v2.csv'],
    groups: ['AF'],
    hierarchy: ['ORGANISATION_REFERENCE_1819_v2.csv'],
    practices: firstPractices('PREVALENCE_1819_v2.csv', 40),
  });
});
after(async () => slice.remove());

forEachDatabase('the demo draft release', (store) => {
  it('is a draft with an open data query the commissioner may answer', async () => {
    await importSlice(store(), slice);
    await recompute(store(), { now: new Date(), actor: 'demo', release: 'earlier', publish: true });
    const row = await store()
      .db.selectFrom('result')
      .select(['area_code', 'sub_icb_code'])
      .where('area_kind', '=', 'practice')
      .where('sub_icb_code', 'is not', null)
      .orderBy('area_code')
      .limit(1)
      .executeTakeFirstOrThrow();
    const lines: string[] = [];
    const made = await seedDraftDemoRelease(store(), (l) => lines.push(l), {
      now: new Date(),
      after: 'earlier',
      practice: row.area_code,
    });
    assert.equal(made.status, 'drafted');
    assert.ok(made.queryId !== null);
    const release = await store()
      .db.selectFrom('release')
      .select('status')
      .where('name', '=', DEMO_DRAFT_RELEASE)
      .executeTakeFirstOrThrow();
    assert.equal(release.status, 'draft');

    const app = createWebApp({ db: store().db });
    assert.equal(
      (await new TestBrowser(app).get(`/releases/${DEMO_DRAFT_RELEASE}`)).status,
      404,
      'embargoed',
    );
    const analyst = new TestBrowser(app);
    await analyst.signIn(
      'analyst',
      await addUser(store().db, 'analyst', `commissioning_analyst:${row.sub_icb_code}`),
    );
    const checks = (await (await analyst.get(`/api/releases/${DEMO_DRAFT_RELEASE}/queries`)).json()) as {
      queries: { id: number; practiceCode: string; status: string; answerable: boolean }[];
    };
    assert.deepEqual(checks.queries, [
      {
        ...checks.queries[0]!,
        id: made.queryId,
        practiceCode: row.area_code,
        status: 'open',
        answerable: true,
      },
    ]);
    const again = await seedDraftDemoRelease(store(), () => {}, { now: new Date(), after: 'earlier' });
    assert.equal(again.status, 'present');
  });
});
