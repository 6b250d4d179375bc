// Price-per-unit variation (issue 20) on both databases, from the demo's SYNTHETIC prescribing for
// sub-ICB 16C (test/app/prescribing-demo-fixture.ts): the area's presentations by possible saving,
// one presentation's practices against the area's median, the same under /api/prescribing, the
// SYNTHETIC label on the page, and the refusals (no area, a bad code or month, an unknown area).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  SYNTHETIC_EPD_PLANTED_PRACTICE,
  SYNTHETIC_EPD_PLANTED_PRESENTATION,
} from '../../src/domain/prescribing/synthetic-epd.ts';
import { createWebApp } from '../../src/web/app.ts';
import { TempFolder } from '../app/import-fixtures.ts';
import { seedDemoPrescribing } from '../app/prescribing-demo-fixture.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { TestBrowser } from './client.ts';

let folder: TempFolder;
before(async () => {
  folder = await TempFolder.create();
});
after(async () => {
  await folder.remove();
});

interface PpuJson {
  month: string;
  median: number;
  totalSaving: number;
  synthetic: boolean;
  practices: { practiceCode: string; quantity: number; cost: number; pricePerUnit: number; saving: number }[];
}

forEachDatabase('the price-per-unit pages', (store) => {
  let app: ReturnType<typeof createWebApp>;
  before(async () => {
    await seedDemoPrescribing(store(), folder);
    app = createWebApp({ db: store().db, now: () => TEST_NOW });
  });

  it("lists the area's presentations by possible saving, the planted one first", async () => {
    const visitor = new TestBrowser(app);
    const api = (await (
      await visitor.get('/api/prescribing/price-per-unit?area=16C&month=2024-09')
    ).json()) as {
      presentations: { code: string; totalSaving: number }[];
      synthetic: boolean;
    };
    assert.equal(api.presentations[0]?.code, SYNTHETIC_EPD_PLANTED_PRESENTATION);
    assert.equal(api.synthetic, true);
    assert.equal((await visitor.get('/prescribing/price-per-unit?area=16C&month=2024-09')).status, 200);
    assert.match(visitor.lastHtml, /SYNTHETIC data/);
    assert.match(
      visitor.lastHtml,
      new RegExp(`/prescribing/price-per-unit/${SYNTHETIC_EPD_PLANTED_PRESENTATION}\\?area=16C`),
    );
  });

  it("shows each practice's price per unit against the area's median and its saving, figures that add up", async () => {
    const visitor = new TestBrowser(app);
    const path = `/prescribing/price-per-unit/${SYNTHETIC_EPD_PLANTED_PRESENTATION}?area=16C&month=2024-09`;
    const api = (await (await visitor.get(`/api${path}`)).json()) as PpuJson;
    const top = api.practices[0]!;
    assert.equal(top.practiceCode, SYNTHETIC_EPD_PLANTED_PRACTICE);
    // By hand: price per unit = cost ÷ quantity; saving = (price − median) × quantity; the median is
    // the middle of the sorted prices.
    const prices = api.practices.map((p) => p.cost / p.quantity).sort((a, b) => a - b);
    const mid = (prices.length - 1) / 2;
    const median = (prices[Math.floor(mid)]! + prices[Math.ceil(mid)]!) / 2;
    assert.ok(Math.abs(api.median - median) < 1e-9);
    assert.ok(Math.abs(top.saving - (top.cost / top.quantity - median) * top.quantity) < 1e-6);
    for (const p of api.practices) if (p.pricePerUnit <= median) assert.equal(p.saving, 0);
    const total = api.practices.reduce((s, p) => s + p.saving, 0);
    assert.ok(Math.abs(api.totalSaving - total) < 1e-6);
    assert.equal((await visitor.get(path)).status, 200);
    assert.match(visitor.lastHtml, /SYNTHETIC data/);
    assert.match(visitor.lastHtml, new RegExp(`${SYNTHETIC_EPD_PLANTED_PRACTICE}`));
    assert.match(visitor.lastHtml, /Possible saving/);
  });

  it('refuses what it cannot answer', async () => {
    const visitor = new TestBrowser(app);
    assert.equal((await visitor.get('/api/prescribing/price-per-unit')).status, 400);
    assert.equal((await visitor.get('/api/prescribing/price-per-unit/nonsense?area=16C')).status, 400);
    assert.equal((await visitor.get('/api/prescribing/price-per-unit?area=16C&month=Sept')).status, 400);
    assert.equal((await visitor.get('/api/prescribing/price-per-unit?area=ZZZ')).status, 404);
    assert.equal((await visitor.get('/api/prescribing/price-per-unit?area=16C&month=2019-01')).status, 404);
    assert.equal((await visitor.get('/prescribing/price-per-unit')).status, 200, 'the page asks for an area');
    assert.match(visitor.lastHtml, /<label class="nhsuk-label" for="area">/);
    assert.equal((await visitor.get('/prescribing')).status, 200);
    assert.match(visitor.lastHtml, /href="\/prescribing\/price-per-unit"/, 'reached from the measures');
  });
});
