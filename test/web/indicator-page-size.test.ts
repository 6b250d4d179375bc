// Issue 15, "pages that do not grow with England": the indicator page draws thousands of practices as
// a few compact paths and shows its table a page at a time, sorted on the server; the export and the
// API keep every practice.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { findReleaseForPages } from '../../src/app/benchmarking/queries.ts';
import { createWebApp } from '../../src/web/app.ts';
import { loadIndicatorPage } from '../../src/web/benchmarking/load-indicator.ts';
import type { IndicatorPageView } from '../../src/web/benchmarking/views.ts';
import { dotsPath } from '../../src/web/charts/axes.ts';
import { funnelPlot } from '../../src/web/charts/funnel.ts';
import { indicatorPage, parseTableQuery, sortPractices } from '../../src/web/pages/benchmarking/indicator.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE } from './benchmarking-slice.ts';

describe('dots on the pixel grid', () => {
  it('rounds to whole pixels, leaves out a dot drawn twice and moves relatively', () => {
    assert.equal(
      dotsPath([
        [10.2, 20.4],
        [10.4, 19.6],
        [13, 18],
        [12.6, 25],
        [Number.NaN, 1],
      ]),
      'M10 20h0m3-2h0m0 7h0',
    );
  });

  it('draws 6,500 practices in one path per colour, in tens of kilobytes', () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const points = Array.from({ length: 6500 }, () => {
      const x = 500 + random() * 20000;
      return { x, y: 15 + (random() - 0.5) * (400 / Math.sqrt(x)) };
    });
    const svg = funnelPlot({
      id: 'f',
      title: 'England',
      description: '6,500 practices',
      xLabel: 'Denominator',
      yLabel: 'Value',
      target: 15,
      limits: [{ x: 1000, lower95: 10, upper95: 20, lower998: 8, upper998: 22 }],
      overDispersionLimits: null,
      groups: [
        { fill: '#aaa', label: 'Similar', points: points.slice(0, 6000) },
        { fill: '#d5281b', label: 'Higher', points: points.slice(6000) },
      ],
      highlight: null,
    }).value;
    assert.ok(svg.length < 80_000, `${svg.length} bytes`);
    assert.equal((svg.match(/stroke-linecap="round"/g) ?? []).length, 2, 'one path per colour');
  });
});

describe('the table query', () => {
  it('reads page, sort and order, and falls back to page 1 by value, highest first', () => {
    const q = (o: Record<string, string>) => parseTableQuery((k) => o[k]);
    assert.deepEqual(q({}), { page: 1, sort: 'value', order: 'descending' });
    assert.deepEqual(q({ page: '3', sort: 'name' }), { page: 3, sort: 'name', order: 'ascending' });
    assert.deepEqual(q({ sort: 'z', order: 'asc' }), { page: 1, sort: 'z', order: 'ascending' });
    assert.deepEqual(q({ page: '-1', sort: 'DROP TABLE' }), { page: 1, sort: 'value', order: 'descending' });
  });
});

forEachDatabase('the indicator page, paged', { seed: BENCHMARKING_SLICE }, (store) => {
  let view: IndicatorPageView;
  let app: ReturnType<typeof createWebApp>;
  before(async () => {
    const release = (await findReleaseForPages(store().db))!;
    view = (await loadIndicatorPage(store().db, release, 'FT-91547', 'england', undefined, null))!;
    app = createWebApp({ db: store().db });
  });

  it('shows one page of rows with numbered pages, and sorts on the server', () => {
    const practices = view.practices.length;
    assert.ok(practices > 40, `${practices} practices in the slice`);
    const first = indicatorPage(null, view, [], { pageSize: 20 });
    const rows = (page: string) => (page.match(/<tr class="nhsuk-table__row"[^>]*>/g) ?? []).length - 1;
    assert.equal(rows(first), 20);
    assert.doesNotMatch(first, /data-sortable/, 'sorting a page in the browser would mislead');
    assert.match(
      first,
      /<nav class="nhsuk-pagination nhsuk-pagination--numbered" role="navigation" aria-label="Pages of the table">/,
    );
    assert.match(first, /aria-label="Page 1" aria-current="page"/);
    assert.match(first, /href="\/indicators\/FT-91547\?period=[0-9-]+&amp;page=2#table"/);
    assert.match(first, new RegExp(`this is page 1 of ${Math.ceil(practices / 20)}, sorted by value`));
    assert.match(
      first,
      /aria-sort="descending"><a href="\/indicators\/FT-91547\?period=[0-9-]+&amp;order=asc#table">Value/,
    );
    const last = indicatorPage(null, view, [], {
      pageSize: 20,
      table: { page: Math.ceil(practices / 20), sort: 'value', order: 'descending' },
    });
    assert.equal(rows(last), practices - 20 * (Math.ceil(practices / 20) - 1));
    // By name, A to Z: the first page holds the first 20 names in order.
    const byName = indicatorPage(null, view, [], {
      pageSize: 20,
      table: { page: 1, sort: 'name', order: 'ascending' },
    });
    const expected = sortPractices(view.practices, { page: 1, sort: 'name', order: 'ascending' })
      .slice(0, 20)
      .map((p) => p.code);
    const shown = [...byName.matchAll(/practice=([A-Z0-9]+)">/g)].map((m) => m[1]);
    assert.deepEqual(shown, expected);
    assert.deepEqual(
      expected,
      [...view.practices]
        .sort((a, b) => a.name.localeCompare(b.name) || 0)
        .slice(0, 20)
        .map((p) => p.code),
    );
  });

  it('keeps every practice in the CSV and the API', async () => {
    const csv = await (await app.request('/indicators/FT-91547?format=csv&page=2')).text();
    assert.equal(csv.trim().split('\r\n').length, view.practices.length + 1);
    const api = (await (await app.request('/api/indicators/FT-91547?page=2')).json()) as {
      practices: unknown[];
    };
    assert.equal(api.practices.length, view.practices.length);
  });

  it('stays small however many practices England has (6,500 made from the slice)', () => {
    const copies = Math.ceil(6500 / view.practices.length);
    const grow = <T extends { code: string }>(list: T[], shift: (t: T, k: number) => T) =>
      Array.from({ length: copies }, (_, k) =>
        list.map((p) => shift({ ...p, code: `${p.code}${k}` }, k)),
      ).flat();
    const jitter = (k: number) => 1 + (k - copies / 2) / (copies * 10);
    const big: IndicatorPageView = {
      ...view,
      practices: grow(view.practices, (p, k) => ({
        ...p,
        value: p.value === null ? null : p.value * jitter(k),
      })),
      funnel: view.funnel && {
        ...view.funnel,
        points: grow(view.funnel.points, (p, k) => ({ ...p, x: p.x * jitter(k), y: p.y * jitter(k) })),
      },
      adjustedFunnel: view.adjustedFunnel && {
        ...view.adjustedFunnel,
        points: grow(view.adjustedFunnel.points, (p, k) => ({
          ...p,
          x: p.x * jitter(k),
          y: p.y * jitter(k),
        })),
      },
      headlineFunnel: view.headlineFunnel && {
        ...view.headlineFunnel,
        points: grow(view.headlineFunnel.points, (p, k) => ({
          ...p,
          x: p.x * jitter(k),
          y: p.y * jitter(k),
        })),
      },
    };
    assert.ok(big.practices.length >= 6500);
    const page = indicatorPage(null, big, []);
    assert.ok(Buffer.byteLength(page) <= 300_000, `${Buffer.byteLength(page)} bytes`);
    assert.equal((page.match(/<tr class="nhsuk-table__row"[^>]*>/g) ?? []).length - 1, 100);
    assert.match(page, /aria-labelledby="funnel-crude-t funnel-crude-d"/);
    assert.match(page, /aria-labelledby="caterpillar-t caterpillar-d"/);
  });
});
