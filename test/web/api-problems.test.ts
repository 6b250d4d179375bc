// Issue 17, point 2: every error under /api/ answers as problem details (RFC 9457,
// application/problem+json: type, title, status, detail, and `field` when a form field is at fault),
// whoever gave it — an unknown path, the CSRF check, a policy refusal, a use case's "not found" or
// "invalid", a page's sign-in redirect. Walks a representative set over one real database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWebApp } from '../../src/web/app.ts';
import { TEST_NOW } from '../support/clock.ts';
import { type FreshStore, freshPglite } from '../support/databases.ts';
import { addUser, TestBrowser } from './client.ts';
import { seedRealSlice } from './real-slice.ts';

type Problem = { type: string; title: string; status: number; detail?: string; field?: string };

async function problemOf(res: Response, status: number): Promise<Problem> {
  assert.equal(res.status, status, `${res.url}: status`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, `${res.url}: type`);
  const body = (await res.json()) as Problem;
  assert.equal(body.status, status);
  assert.equal(typeof body.type, 'string');
  assert.ok(body.title.length > 0, 'a title');
  return body;
}

describe('errors under /api/ are problem details', () => {
  let fresh: FreshStore;
  let app: ReturnType<typeof createWebApp>;
  const passwords = new Map<string, string>();

  before(async () => {
    fresh = await freshPglite();
    await seedRealSlice(fresh.store.db, ['A81001', 'E83003']);
    app = createWebApp({ db: fresh.store.db, now: () => TEST_NOW });
    passwords.set('manager', await addUser(fresh.store.db, 'manager', 'commissioning_manager:16C'));
    passwords.set('pm', await addUser(fresh.store.db, 'pm', 'practice_manager:A81001'));
  });
  after(() => fresh.dispose());

  async function as(username: string): Promise<TestBrowser> {
    const b = new TestBrowser(app);
    await b.signIn(username, passwords.get(username)!);
    await b.get('/peer-review-groups'); // a page with the session's csrf_token
    return b;
  }

  it('answers an unknown /api/ path with a 404 problem', async () => {
    const p = await problemOf(await new TestBrowser(app).get('/api/no-such-thing'), 404);
    assert.match(p.detail ?? '', /openapi\.json/);
  });

  it('answers a visitor with 401 where the page would send them to sign in', async () => {
    const visitor = new TestBrowser(app);
    for (const path of [
      '/api/imports',
      '/api/concerns/1',
      '/api/obligations',
      '/api/lineage',
      '/api/consent',
    ])
      await problemOf(await visitor.get(path), 401);
  });

  it("answers a role the policy refuses with 403 and the policy's reason", async () => {
    const pm = await as('pm');
    const p = await problemOf(await pm.get('/api/imports'), 403);
    assert.ok((p.detail ?? '').length > 0);
    await problemOf(await pm.get('/api/admin/outbox'), 403);
  });

  it('answers what is not there with 404', async () => {
    const manager = await as('manager');
    await problemOf(await manager.get('/api/practices/ZZ9999'), 404);
    await problemOf(await manager.get('/api/peer-review-groups/999999'), 404);
    await problemOf(await manager.get('/api/governance/meetings/999999/minutes'), 404);
  });

  it('answers invalid input with 400 naming the field at fault', async () => {
    const manager = await as('manager');
    const p = await problemOf(await manager.post('/api/peer-review-groups', { name: '', area: '16C' }), 400);
    assert.equal(p.field, 'name');
    const doc = await problemOf(await manager.post('/api/agreements/check', { body: '' }), 400);
    assert.equal(doc.field, 'body');
  });

  it('answers a form without its CSRF token with a 403 problem, not the HTML page', async () => {
    const manager = await as('manager');
    const res = await manager.post('/api/peer-review-groups', { name: 'x', area: '16C' }, { csrf: false });
    const p = await problemOf(res, 403);
    assert.match(p.detail ?? '', /expired or did not come from Fairview/);
  });

  it('keeps the pages’ errors HTML', async () => {
    const res = await new TestBrowser(app).get('/no-such-page');
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  });
});
