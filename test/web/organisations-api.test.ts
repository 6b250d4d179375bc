// The JSON twins of the practice and organisation pages (issue 17), on both databases: a practice's
// profile, a sub-ICB location with its parents and the practices open today by the as-of rule, and
// problem details for an unknown code.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createWebApp } from '../../src/web/app.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { TestBrowser } from './client.ts';
import { seedRealSlice } from './real-slice.ts';

forEachDatabase('the organisations API', (store) => {
  let app: ReturnType<typeof createWebApp>;
  before(async () => {
    await seedRealSlice(store().db, ['A81001', 'A81002']);
    app = createWebApp({ db: store().db, now: () => TEST_NOW });
  });

  it("gives a practice's profile, as the practice page shows it", async () => {
    const visitor = new TestBrowser(app);
    const res = await visitor.get('/api/practices/a81001');
    assert.equal(res.status, 200);
    const profile = (await res.json()) as { practice: { code: string }; current: { code: string }[] };
    assert.equal(profile.practice.code, 'A81001');
    assert.ok(profile.current.some((o) => o.code === '16C'));
  });

  it('gives a sub-ICB location with its parents and the practices open today', async () => {
    const visitor = new TestBrowser(app);
    const res = await visitor.get('/api/organisations/16C');
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      organisation: { code: string };
      practicesAsOf: { practices: { code: string }[] } | null;
    };
    assert.equal(body.organisation.code, '16C');
    assert.deepEqual(body.practicesAsOf?.practices.map((p) => p.code).sort(), ['A81001', 'A81002']);
  });

  it('answers an unknown code with problem details', async () => {
    const visitor = new TestBrowser(app);
    for (const path of ['/api/practices/ZZ9999', '/api/organisations/ZZZ']) {
      const res = await visitor.get(path);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
    }
  });
});
