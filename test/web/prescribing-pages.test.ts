// The prescribing pages (issue 20) on both databases, from the real September 2017 EPD excerpt: the
// list of measures, a measure's England deciles with a practice's line, percentile and saving, the
// largest savings, and the same under /api/prescribing; an unknown measure is not found.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, it } from 'node:test';
import { importFile } from '../../src/app/import/import-file.ts';
import { recomputeMeasures } from '../../src/app/prescribing/measures.ts';
import { createWebApp } from '../../src/web/app.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { NHS_DATA } from '../support/nhs-data.ts';
import { TestBrowser } from './client.ts';

const EXCERPT = join(NHS_DATA, 'prescribing/epd_201709.csv');
const MEASURE = 'antibiotics-trimethoprim';

forEachDatabase('the prescribing pages', (store) => {
  let app: ReturnType<typeof createWebApp>;

  before(async () => {
    await importFile(store(), EXCERPT, { actor: 'tester' });
    await recomputeMeasures(store());
    app = createWebApp({ db: store().db, now: () => TEST_NOW });
  });

  it('lists the measures, each with its unit and polarity', async () => {
    const visitor = new TestBrowser(app);
    assert.equal((await visitor.get('/prescribing')).status, 200);
    assert.match(visitor.lastHtml, /Trimethoprim compared with nitrofurantoin/);
    const api = (await (await visitor.get('/api/prescribing/measures')).json()) as {
      measures: { id: string }[];
    };
    assert.ok(api.measures.length >= 20);
  });

  it("draws England's deciles with a practice's line, its percentile and the largest savings", async () => {
    const visitor = new TestBrowser(app);
    const api = (await (await visitor.get(`/api/prescribing/measures/${MEASURE}`)).json()) as {
      deciles: { month: string; deciles: number[] }[];
      savings: { practiceCode: string; saving: number }[];
    };
    assert.deepEqual(
      api.deciles.map((d) => d.month),
      ['2017-09'],
    );
    assert.equal(api.deciles[0]!.deciles.length, 9);
    const practice = api.savings[0]?.practiceCode ?? 'L84073';
    assert.equal((await visitor.get(`/prescribing/${MEASURE}?practice=${practice}`)).status, 200);
    assert.match(visitor.lastHtml, /<svg class="fairview-chart"/);
    assert.match(visitor.lastHtml, /stroke="#005eb8"/, "the practice's own line");
    assert.match(
      visitor.lastHtml,
      new RegExp(`In Sep 2017 ${practice} was at the \\d+(st|nd|rd|th) percentile`),
    );
    if (api.savings.length > 0) assert.match(visitor.lastHtml, /would have saved £/);
    assert.equal((await visitor.get('/prescribing/no-such-measure')).status, 404);
    assert.equal((await visitor.get('/api/prescribing/measures/no-such-measure')).status, 404);
  });
});
