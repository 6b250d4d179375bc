// The JSON twins of the practice and organisation pages (issue 17), on both databases: a practice's
// profile, a sub-ICB location with its parents and the practices open today by the as-of rule, and
// problem details for an unknown code.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createWebApp } from '../../src/web/app.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { addUser, TestBrowser } from './client.ts';
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

  it('gives the regions, a search, and (to those the policy lets) the imports and a practice record', async () => {
    const visitor = new TestBrowser(app);
    const regions = (await (await visitor.get('/api/organisations')).json()) as { regions: unknown[] };
    assert.ok(regions.regions.length > 0);
    const found = (await (await visitor.get('/api/search?q=A81001')).json()) as {
      practices: { code: string }[];
    };
    assert.deepEqual(
      found.practices.map((p) => p.code),
      ['A81001'],
    );
    for (const path of ['/api/imports', '/api/practices/A81001/record', '/api/concerns']) {
      const res = await visitor.get(path);
      assert.equal(res.status, 401, path);
      assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
    }
    const pm = new TestBrowser(app);
    await pm.signIn('api-pm', await addUser(store().db, 'api-pm', 'practice_manager:A81001'));
    assert.equal((await pm.get('/api/practices/A81001/record')).status, 200);
    assert.equal((await pm.get('/api/practices/A81002/record')).status, 403, 'another practice');
    assert.equal((await pm.get('/api/imports')).status, 403);
    assert.deepEqual(await (await pm.get('/api/concerns')).json(), { concerns: [] });
    const analyst = new TestBrowser(app);
    await analyst.signIn(
      'api-analyst',
      await addUser(store().db, 'api-analyst', 'commissioning_analyst:16C'),
    );
    assert.equal((await analyst.get('/api/imports')).status, 200);
  });
});
