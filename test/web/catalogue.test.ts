// The indicator catalogue (issue 17) on both databases: /indicators with its filter, an indicator's
// versions with what changed and the published releases that used each (drafts left out), the same
// under /api/, and problem-details JSON for errors under /api/ while other paths keep the HTML page.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { syncBuiltInIndicators } from '../../src/app/indicators/built-in.ts';
import { currentIndicators, saveIndicator } from '../../src/app/indicators/catalogue.ts';
import { createWebApp } from '../../src/web/app.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { TestBrowser } from './client.ts';
import { seedRealSlice } from './real-slice.ts';

forEachDatabase('the indicator catalogue', (store) => {
  let app: ReturnType<typeof createWebApp>;

  before(async () => {
    const { db } = store();
    await seedRealSlice(db, ['A81001', 'A81002']);
    await syncBuiltInIndicators(store(), 'test', TEST_NOW);
    const hyp = (await currentIndicators(db)).find((i) => i.code === 'QOF-PREV-HYP')!;
    const release = async (name: string, status: 'draft' | 'published') =>
      (
        await db
          .insertInto('release')
          .values({
            name,
            status,
            method_version: 'test',
            inputs_fingerprint: 'x',
            results_checksum: 'y',
            result_count: 0,
            created_at: TEST_NOW,
            created_by: 'test',
            published_at: status === 'published' ? TEST_NOW : null,
            published_by: status === 'published' ? 'test' : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    for (const [name, status] of [
      ['catalogue-2025', 'published'],
      ['catalogue-draft', 'draft'],
    ] as const)
      await db
        .insertInto('release_indicator')
        .values(
          await release(name, status).then((id) => ({
            release_id: id,
            indicator_id: hyp.id,
            inputs_hash: null,
            results_checksum: null,
            computed_in: id,
          })),
        )
        .execute();
    const { id: _id, version: _version, ...definition } = hyp;
    await saveIndicator(db, { ...definition, caveats: 'Changed for the test.' }, 'analyst', TEST_NOW);
    app = createWebApp({ db, now: () => TEST_NOW });
  });

  it('lists every indicator and filters by words and polarity', async () => {
    const visitor = new TestBrowser(app);
    assert.equal((await visitor.get('/indicators')).status, 200);
    assert.match(visitor.lastHtml, /QOF-PREV-HYP/);
    assert.match(visitor.lastHtml, /2 versions/);
    assert.equal((await visitor.get('/indicators?q=hyp')).status, 200);
    assert.match(visitor.lastHtml, /<p>1 indicator\.<\/p>/);
    const api = await visitor.get('/api/indicators?polarity=no_judgement');
    const body = (await api.json()) as { indicators: { code: string; polarity: string }[] };
    assert.ok(body.indicators.length > 0);
    assert.ok(body.indicators.every((i) => i.polarity === 'no_judgement'));
  });

  it('shows what each version changed and the published releases that used it, never a draft', async () => {
    const visitor = new TestBrowser(app);
    assert.equal((await visitor.get('/indicators/QOF-PREV-HYP/versions')).status, 200);
    assert.match(visitor.lastHtml, /caveats/);
    assert.match(visitor.lastHtml, /catalogue-2025/);
    assert.doesNotMatch(visitor.lastHtml, /catalogue-draft/);
    const res = await visitor.get('/api/indicators/QOF-PREV-HYP/versions');
    const entry = (await res.json()) as {
      versions: { version: number; changed: string[]; releases: string[] }[];
    };
    assert.deepEqual(
      entry.versions.map((v) => [v.version, v.changed, v.releases]),
      [
        [1, [], ['catalogue-2025']],
        [2, ['caveats'], []],
      ],
    );
    assert.equal((await visitor.get('/indicators/NO-SUCH/versions')).status, 404);
  });

  it('answers errors under /api/ as problem details, and keeps the HTML page elsewhere', async () => {
    const visitor = new TestBrowser(app);
    for (const path of ['/api/no-such-thing', '/api/indicators/NO-SUCH/versions']) {
      const res = await visitor.get(path);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, path);
      const body = (await res.json()) as { status: number; title: string };
      assert.equal(body.status, 404);
      assert.ok(body.title.length > 0);
    }
    const page = await visitor.get('/no-such-page');
    assert.equal(page.status, 404);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const openapi = (await (await visitor.get('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    assert.ok(openapi.paths['/api/indicators']);
    assert.ok(openapi.paths['/api/indicators/{code}/versions']);
  });
});
