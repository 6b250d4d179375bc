// The visitor cache of the benchmarking pages (src/web/benchmarking/visitor-cache.ts): a signed-out
// visitor's second request for a page, its API or its CSV of a published release is served from the
// cache with the same body and headers; a signed-in viewer never gets a cached body and never fills the
// cache; a draft is never cached; publishing a newer release changes what a visitor sees at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { setPeersNamed } from '../../src/app/benchmarking/page-queries.ts';
import { recompute } from '../../src/app/compute/recompute.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { createWebApp } from '../../src/web/app.ts';
import { CACHE_HEADER, VisitorCache } from '../../src/web/benchmarking/visitor-cache.ts';
import { firstPractices, importSlice, type Slice, writeSlice } from '../app/benchmarking-fixture.ts';
import { forEachDatabase, testPostgresAdminUrl } from '../support/databases.ts';
import { addUser, TestBrowser } from './client.ts';

describe('VisitorCache', () => {
  const entry = (bytes: number) => ({ status: 200, headers: {}, body: new Uint8Array(bytes) });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new VisitorCache({ maxEntries: 2 });
    cache.set('a', entry(10));
    cache.set('b', entry(10));
    assert.ok(cache.get('a'));
    cache.set('c', entry(10));
    assert.ok(cache.get('a'));
    assert.equal(cache.get('b'), null);
    assert.ok(cache.get('c'));
    assert.equal(cache.stats().entries, 2);
  });

  it('keeps within maxBytes and refuses a body larger than an eighth of it', () => {
    const cache = new VisitorCache({ maxBytes: 8_000 });
    cache.set('big', entry(2_000));
    assert.equal(cache.get('big'), null);
    for (let i = 0; i < 20; i++) cache.set(`k${i}`, entry(700));
    assert.ok(cache.stats().bytes <= 8_000);
    assert.ok(cache.get('k19'));
    assert.equal(cache.get('k0'), null);
  });

  it('forgets an entry older than maxAgeMs', () => {
    let now = 0;
    const cache = new VisitorCache({ maxAgeMs: 1_000, now: () => now });
    cache.set('a', entry(1));
    now = 999;
    assert.ok(cache.get('a'));
    now = 2_000;
    assert.equal(cache.get('a'), null);
    assert.equal(cache.stats().entries, 0);
  });
});

const practices = firstPractices('PREVALENCE_1819_v2.csv', 40);
let slice: Slice;

before(async () => {
  slice = await writeSlice({
    prevalence: ['PREVALENCE_1819_v2.csv'],
    groups: ['AF'],
    hierarchy: ['ORGANISATION_REFERENCE_1819_v2.csv'],
    practices,
  });
});
after(async () => {
  await slice.remove();
});

/** Every header but the cache's own, as name → value. */
function headersOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of res.headers) if (k !== CACHE_HEADER.toLowerCase()) out[k] = v;
  return out;
}

forEachDatabase('benchmarking visitor cache', (store) => {
  let app: ReturnType<typeof createWebApp>;
  let practice = '';
  let subIcb = '';
  let indicator = '';
  const passwords = new Map<string, string>();

  before(async () => {
    await importSlice(store(), slice);
    await recompute(store(), { now: new Date(), actor: 'test', release: 'r1', publish: true });
    const row = await store()
      .db.selectFrom('result')
      .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
      .select(['result.area_code', 'result.sub_icb_code', 'indicator.code'])
      .where('result.area_kind', '=', 'practice')
      .where('result.sub_icb_code', 'is not', null)
      .orderBy('result.area_code')
      .limit(1)
      .executeTakeFirstOrThrow();
    practice = row.area_code;
    subIcb = row.sub_icb_code!;
    indicator = row.code;
    passwords.set('partner', await addUser(store().db, 'partner', `practice_partner:${practice}`));
    passwords.set('manager', await addUser(store().db, 'manager', `commissioning_manager:${subIcb}`));
    app = createWebApp({ db: store().db });
  });

  async function as(username: string): Promise<TestBrowser> {
    const browser = new TestBrowser(app);
    await browser.signIn(username, passwords.get(username)!);
    return browser;
  }

  it("serves a visitor's second request from the cache, with the same body and headers", async () => {
    const paths = [
      `/practices/${practice}/scorecard`,
      `/api/practices/${practice}/scorecard`,
      `/practices/${practice}/scorecard?format=csv`,
      `/indicators/${indicator}?practice=${practice}`,
      `/api/indicators/${indicator}?area=${subIcb}`,
      `/organisations/${subIcb}/overview`,
      `/practices/${practice}/trend/${indicator}`,
      `/practices/${practice}/peers`,
      `/practices/${practice}/peers?format=xlsx`,
    ];
    for (const path of paths) {
      const visitor = new TestBrowser(app);
      const first = await visitor.get(path);
      assert.equal(first.status, 200, path);
      assert.equal(first.headers.get(CACHE_HEADER), 'miss', path);
      const second = await new TestBrowser(app).get(path);
      assert.equal(second.status, 200, path);
      assert.equal(second.headers.get(CACHE_HEADER), 'hit', path);
      assert.deepEqual(headersOf(second), headersOf(first), path);
      assert.equal(second.headers.get('vary'), 'Cookie', path);
      assert.equal(second.headers.get('cache-control'), 'no-cache', path);
      assert.deepEqual(
        Buffer.from(await second.arrayBuffer()),
        Buffer.from(await first.arrayBuffer()),
        `${path}: the same bytes`,
      );
    }
  });

  it("shows a visitor the peers named as soon as the sub-ICB location's setting changes", async () => {
    const path = `/api/practices/${practice}/peers`;
    const named = async () => {
      const res = await new TestBrowser(app).get(path);
      return {
        cache: res.headers.get(CACHE_HEADER),
        named: ((await res.json()) as { named: boolean }).named,
      };
    };
    assert.deepEqual(await named(), { cache: 'miss', named: false });
    assert.deepEqual(await named(), { cache: 'hit', named: false });
    await setPeersNamed(store().db, { subIcbCode: subIcb, named: true, actor: 'test', now: new Date() });
    assert.deepEqual(await named(), { cache: 'miss', named: true });
    await setPeersNamed(store().db, { subIcbCode: subIcb, named: false, actor: 'test', now: new Date() });
    assert.deepEqual(await named(), { cache: 'hit', named: false });
  });

  it('never answers a signed-in viewer from the cache, nor stores what they see', async () => {
    const partner = await as('partner');
    // Cached for visitors by the test above: the partner still gets their own full figures.
    const cachedPath = `/practices/${practice}/scorecard`;
    const own = await partner.get(cachedPath);
    assert.equal(own.status, 200);
    assert.equal(own.headers.get(CACHE_HEADER), null);
    assert.equal(own.headers.get('cache-control'), 'private, no-store');
    // The practice's own figures in full (England's beside them stay controlled, so the rule is shown).
    const mine = (await (await partner.get(`/api/practices/${practice}/scorecard`)).json()) as {
      rows: { suppressed: { numerator: boolean; denominator: boolean } }[];
    };
    assert.ok(mine.rows.length > 0);
    assert.ok(mine.rows.every((r) => !r.suppressed.numerator && !r.suppressed.denominator));

    const fresh = `/practices/${practice}/scorecard?basis=adjusted`;
    for (let i = 0; i < 2; i++) {
      const res = await partner.get(fresh);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get(CACHE_HEADER), null, 'a signed-in viewer is never a hit');
    }
    const visitor = await new TestBrowser(app).get(fresh);
    assert.equal(visitor.headers.get(CACHE_HEADER), 'miss', 'the signed-in requests stored nothing');
    assert.match(await visitor.text(), /Counts from 1 to 7/);
  });

  it('never caches a draft release', async () => {
    await recompute(store(), { now: new Date(), actor: 'test', release: 'r2' });
    const path = `/practices/${practice}/scorecard?release=r2`;
    const manager = await as('manager');
    for (let i = 0; i < 2; i++) {
      const res = await manager.get(path);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get(CACHE_HEADER), null);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const visitor = await new TestBrowser(app).get(path);
      assert.equal(visitor.status, 303, 'a visitor is sent to sign in');
      assert.equal(visitor.headers.get(CACHE_HEADER), null);
      const api = await new TestBrowser(app).get(`/api${path}`);
      assert.equal(api.status, 401);
      assert.equal(api.headers.get(CACHE_HEADER), null);
    }
  });

  it('shows a visitor the newly published release on the next request', async () => {
    const path = `/practices/${practice}/scorecard`;
    const before = await new TestBrowser(app).get(path);
    assert.equal(before.headers.get(CACHE_HEADER), 'hit');
    assert.match(await before.text(), /Release r1,/);

    const manager = await as('manager');
    await manager.get('/releases');
    const published = await manager.post('/releases/r2/publish', {});
    assert.equal(published.status, 303);

    const after = await new TestBrowser(app).get(path);
    assert.equal(after.status, 200);
    assert.equal(after.headers.get(CACHE_HEADER), 'miss');
    assert.match(await after.text(), /Release r2,/);
    const again = await new TestBrowser(app).get(path);
    assert.equal(again.headers.get(CACHE_HEADER), 'hit');
    assert.match(await again.text(), /Release r2,/);
    // The earlier release is still there by name, and still its own figures.
    const older = await new TestBrowser(app).get(`${path}?release=r1`);
    assert.match(await older.text(), /Release r1,/);
  });

  it('serves no page kept before an import after it (names and the hierarchy come with imports)', async () => {
    const path = `/practices/${practice}/scorecard`;
    await new TestBrowser(app).get(path);
    assert.equal((await new TestBrowser(app).get(path)).headers.get(CACHE_HEADER), 'hit');
    await store()
      .db.insertInto('import_batch')
      .values({
        file_name: 'epraccur.csv',
        checksum: 'visitor-cache-after-import',
        format: 'ods_epraccur',
        publisher: 'NHS England',
        period: '2025-07',
        imported_by: 'another process',
      })
      .execute();
    const after = await new TestBrowser(app).get(path);
    assert.equal(after.status, 200);
    assert.equal(after.headers.get(CACHE_HEADER), 'miss', 'made again, not the page kept before the import');
    assert.equal((await new TestBrowser(app).get(path)).headers.get(CACHE_HEADER), 'hit');
  });

  it('two server processes agree: a session made on one serves on the other, and a release published by one is what visitors of the other see next', async () => {
    // The second process: its own app, its own caches and, on PostgreSQL, its own connections.
    const kind = store().kind;
    let second: Store | null = null;
    if (kind === 'postgres') {
      const { rows } = await sql<{ db: string }>`select current_database() as db`.execute(store().db);
      const url = new URL(testPostgresAdminUrl);
      url.pathname = `/${rows[0]!.db}`;
      second = await openStore({ databaseUrl: url.href, poolSize: 2 });
    }
    try {
      const other = createWebApp({ db: (second ?? store()).db });
      const path = `/practices/${practice}/scorecard`;
      // Both processes have the latest release's page cached for visitors.
      await new TestBrowser(app).get(path);
      await new TestBrowser(other).get(path);
      const cachedHere = await new TestBrowser(app).get(path);
      assert.equal(cachedHere.headers.get(CACHE_HEADER), 'hit');
      const latest = /Release (\w+),/.exec(await cachedHere.text())?.[1];
      assert.ok(latest);

      await recompute(store(), { now: new Date(), actor: 'test', release: 'r3' });
      const manager = await as('manager');
      // The session made on the first process is honoured by the second.
      const onOther = new TestBrowser(other);
      for (const [k, v] of manager.cookies) onOther.cookies.set(k, v);
      await onOther.get('/releases');
      const published = await onOther.post('/releases/r3/publish', {});
      assert.equal(published.status, 303);

      // Published on the second: the first's visitors see it on their next request.
      const after = await new TestBrowser(app).get(path);
      assert.equal(after.headers.get(CACHE_HEADER), 'miss');
      assert.match(await after.text(), /Release r3,/);
      const afterOther = await new TestBrowser(other).get(path);
      assert.match(await afterOther.text(), /Release r3,/);
    } finally {
      await second?.close();
    }
  });
});
