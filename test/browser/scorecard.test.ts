/**
 * Issue 17 in a real browser: the scorecard's comparison level selector, deciles, spine charts with a
 * text alternative and the one-line disclosure notice; the print pack PDF; and the tour's benchmarking
 * pages at 375 px and 1280 px — no overlapping axis labels (label boxes measured in the browser), no
 * table cut off at 1280 px, axe clean, and screenshots compared with the baselines in
 * test/browser/screenshots/ (FAIRVIEW_UPDATE_SCREENSHOTS=1 writes them).
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  assertAccessible,
  cutOffTables,
  evaluateInPage,
  openLocalPage,
  overlappingChartLabels,
  withSliceServer,
} from '../support/browser.ts';
import { BENCHMARKING_SLICE, SLICE_SUB_ICB } from '../web/benchmarking-slice.ts';

const SHOTS = join(import.meta.dirname, 'screenshots');

/**
 * Compares two PNGs in the browser (a canvas decodes them: no PNG library needed): the share of
 * pixels whose colour differs by more than `channel` (0–255) in any channel. Font anti-aliasing moves
 * a few edge pixels by small amounts; a layout change moves many by a lot.
 */
async function pngDifference(page: Page, a: Buffer, b: Buffer, channel = 48): Promise<number> {
  return evaluateInPage(
    page,
    async ({ a, b, channel }) => {
      const g = globalThis as unknown as {
        createImageBitmap: (b: Blob) => Promise<{ width: number; height: number }>;
        OffscreenCanvas: new (
          w: number,
          h: number,
        ) => {
          getContext: (k: string) => {
            drawImage: (i: unknown, x: number, y: number) => void;
            getImageData: (x: number, y: number, w: number, h: number) => { data: Uint8ClampedArray };
          };
        };
        Blob: new (parts: unknown[], o: { type: string }) => Blob;
        atob: (s: string) => string;
      };
      const decode = async (base64: string) => {
        const bytes = Uint8Array.from(g.atob(base64), (ch) => ch.charCodeAt(0));
        const bitmap = await g.createImageBitmap(new g.Blob([bytes], { type: 'image/png' }));
        const canvas = new g.OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d');
        context.drawImage(bitmap, 0, 0);
        return {
          width: bitmap.width,
          height: bitmap.height,
          data: context.getImageData(0, 0, bitmap.width, bitmap.height).data,
        };
      };
      const x = await decode(a);
      const y = await decode(b);
      if (x.width !== y.width || x.height !== y.height) return 1;
      let differing = 0;
      for (let k = 0; k < x.data.length; k += 4) {
        for (let c = 0; c < 3; c++) {
          if (Math.abs(x.data[k + c]! - y.data[k + c]!) > channel) {
            differing++;
            break;
          }
        }
      }
      return differing / (x.width * x.height);
    },
    { a: a.toString('base64'), b: b.toString('base64'), channel },
  );
}

describe('Scorecard, print pack and pages at any width (issue 17)', () => {
  let flagged = '';
  let flaggedName = '';
  let trendIndicator = '';

  const app = withSliceServer(
    'scorecard',
    async (store) => {
      const row = await store.db
        .selectFrom('result')
        .innerJoin('organisation', 'organisation.code', 'result.area_code')
        .select(['result.area_code', 'organisation.name'])
        .where('result.area_kind', '=', 'practice')
        .where('result.sub_icb_code', '=', SLICE_SUB_ICB)
        .where('result.headline_flag', 'in', ['high_95', 'high_99_8', 'low_95', 'low_99_8'])
        .orderBy('result.area_code')
        .executeTakeFirstOrThrow();
      flagged = row.area_code;
      flaggedName = row.name;
      const spc = await store.db
        .selectFrom('spc_summary')
        .innerJoin('indicator', 'indicator.id', 'spc_summary.indicator_id')
        .select('indicator.code')
        .where('spc_summary.practice_code', '=', flagged)
        .orderBy('spc_summary.n', 'desc')
        .executeTakeFirstOrThrow();
      trendIndicator = spc.code;
    },
    { from: BENCHMARKING_SLICE },
  );

  it('compares the scorecard with another level, with deciles, spine charts in words and a one-line notice', async () => {
    const page = await openLocalPage(app.browser, app.base);
    await page.goto(`${app.base}/practices/${flagged}/scorecard`);
    // The disclosure rule is one line; the rule itself is behind a closed expander.
    const notice = page.locator('#disclosure-rule');
    assert.match(
      (await notice.locator('p').first().textContent()) ?? '',
      /^Disclosure control: small counts/,
    );
    assert.equal(await notice.locator('details').getAttribute('open'), null);
    assert.ok(((await notice.boundingBox())?.height ?? 999) < 120, 'the notice is short');
    // Quintile and decile on each row; the spine chart has a title and a description.
    assert.match((await page.locator('#scorecard tbody').textContent()) ?? '', /decile \d+ of 10/);
    const spine = page.locator('svg.fairview-spine').first();
    assert.equal(await spine.locator('title').count(), 1);
    assert.match((await spine.locator('desc').textContent()) ?? '', /middle half .+ to /);
    // Compare with the ICB: the benchmark and the context sentence follow.
    const options = await page.locator('select#compare option').allTextContents();
    assert.deepEqual(
      options.map((o) => o.split(':')[0]),
      ['England', 'ICB', 'Sub-ICB location', 'PCN', 'Peer group'].filter((l) =>
        options.some((o) => o.startsWith(l)),
      ),
    );
    await page.selectOption('select#compare', 'icb');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/compare=icb/);
    assert.match((await page.locator('#scorecard tbody').textContent()) ?? '', /its ICB/);
    assert.match((await page.locator('.fairview-spine-key').first().textContent()) ?? '', /^ICB: /);
    await assertAccessible(page, 'scorecard compared with the ICB');
    const api = (await (
      await page.request.get(`${app.base}/api/practices/${flagged}/scorecard?compare=peers`)
    ).json()) as {
      compare: { level: string };
      rows: { decile: number | null; benchmark: { comparison: { text: string } } }[];
    };
    assert.equal(api.compare.level, 'peers');
    assert.ok(api.rows.some((r) => /peers/.test(r.benchmark.comparison.text)));
    assert.equal(
      (await page.request.get(`${app.base}/api/practices/${flagged}/scorecard?compare=moon`)).status(),
      404,
    );
  });

  it('downloads the print pack: a PDF of a few pages naming the practice', async () => {
    const page = await openLocalPage(app.browser, app.base, { acceptDownloads: true });
    await page.goto(`${app.base}/practices/${flagged}/scorecard`);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Print pack (PDF)' }).click();
    const file = await (await download).path();
    const pdf = await readFile(file!);
    const text = pdf.toString('latin1');
    assert.equal(text.slice(0, 5), '%PDF-');
    const pages = (text.match(/\/Type\s*\/Page\b/g) ?? []).length;
    assert.ok(pages >= 2 && pages <= 30, `${pages} pages`);
    const title = /\/Title\s*\(([^)]*(?:\\\)[^)]*)*)\)/.exec(text)?.[1] ?? '';
    assert.ok(
      title.includes(flaggedName.replace(/[()]/g, (ch) => `\\${ch}`)) || title.includes(flaggedName),
      title,
    );
    // The HTML of the same pack carries the why-sentences and charts.
    const htmlPack = await (
      await page.request.get(`${app.base}/practices/${flagged}/print-pack?format=html`)
    ).text();
    assert.match(htmlPack, /<strong>Why:<\/strong>/);
    assert.match(htmlPack, /class="pack-flag"/);
  });

  const tour = () => [
    { name: 'scorecard', path: `/practices/${flagged}/scorecard` },
    { name: 'trend', path: `/practices/${flagged}/trend/${encodeURIComponent(trendIndicator)}` },
    { name: 'peers', path: `/practices/${flagged}/peers` },
  ];

  for (const width of [375, 1280]) {
    it(`reads at ${width} px: no overlapping axis labels, no table cut off at 1280 px, axe clean, screenshots as before`, async () => {
      const context = await app.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.route('**/*', (route) =>
        route.request().url().startsWith(app.base) ? route.continue() : route.abort('blockedbyclient'),
      );
      try {
        for (const t of tour()) {
          await page.goto(`${app.base}${t.path}`);
          await page.waitForLoadState('load');
          // Every text of every chart: no two boxes intersect.
          assert.deepEqual(
            await overlappingChartLabels(page),
            [],
            `${t.name} at ${width} px: overlapping labels`,
          );
          if (width === 1280)
            assert.deepEqual(await cutOffTables(page), [], `${t.name}: tables cut off at 1280 px`);
          await assertAccessible(page, `${t.name} at ${width} px`);
          // The release's publication date changes with the clock: masked.
          const shot = await page.screenshot({
            fullPage: false,
            mask: [page.locator('p', { hasText: /published|printed/ })],
          });
          const baseline = join(SHOTS, `${t.name}-${width}.png`);
          if (process.env.FAIRVIEW_UPDATE_SCREENSHOTS) {
            await mkdir(SHOTS, { recursive: true });
            await writeFile(baseline, shot);
          } else {
            const before = await readFile(baseline).catch(() => null);
            assert.ok(before, `no baseline ${baseline}: run with FAIRVIEW_UPDATE_SCREENSHOTS=1`);
            const share = await pngDifference(page, before, shot);
            assert.ok(
              share < 0.02,
              `${t.name} at ${width} px differs from its baseline in ${(share * 100).toFixed(2)}% of pixels`,
            );
          }
        }
      } finally {
        await context.close();
      }
    });
  }
});
