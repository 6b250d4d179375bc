// Issue 15, "pages that do not grow": the area overview's heat map draws its cells as one path per
// verdict colour and a letter only where a cell is not "similar", with no title per cell (the table
// below is the accessible alternative), so a 76-practice area's overview stays small: 892 KB before,
// about 320 KB after.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createWebApp } from '../../src/web/app.ts';
import { squaresPath } from '../../src/web/charts/heatmap.ts';
import { COMPARISON_STYLES } from '../../src/web/charts/palette.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE, SLICE_SUB_ICB } from './benchmarking-slice.ts';

describe('squares as one path', () => {
  it('draws each square as a subpath, every move relative to the last square', () => {
    assert.equal(
      squaresPath(
        [
          [270, 110],
          [292, 110],
          [270, 132],
        ],
        20,
      ),
      'M270 110h20v20h-20zm22 0h20v20h-20zm-22 22h20v20h-20z',
    );
    assert.equal(squaresPath([], 20), '');
  });
});

forEachDatabase('the area overview, compact', { seed: BENCHMARKING_SLICE }, (store) => {
  let page = '';
  let cells: { comparison: { key: string } }[] = [];
  before(async () => {
    const app = createWebApp({ db: store().db });
    page = await (await app.request(`/organisations/${SLICE_SUB_ICB}/overview`)).text();
    const api = (await (await app.request(`/api/organisations/${SLICE_SUB_ICB}/overview`)).json()) as {
      practices: { cells: { comparison: { key: string } }[] }[];
    };
    cells = api.practices.flatMap((p) => p.cells);
  });

  it('renders 76 practices × 23 indicators in under 350 KB (892 KB before)', () => {
    assert.match(page, /76 practices of [^<]+ open on/);
    assert.equal(cells.length, 76 * 23);
    const bytes = Buffer.byteLength(page);
    assert.ok(bytes < 350_000, `${bytes} bytes`);
  });

  it('draws one path per verdict colour, a letter for each cell that is not similar, and no title per cell', () => {
    const start = page.indexOf('<svg class="fairview-chart"');
    const svg = page.slice(start, page.indexOf('</svg>', start));
    assert.ok(svg.length < 60_000, `heat map ${svg.length} bytes`);
    assert.equal((svg.match(/<title/g) ?? []).length, 1, 'the heat map keeps its own title only');
    const keys = new Set(cells.map((c) => c.comparison.key));
    const fills = [...svg.matchAll(/<path fill="(#[0-9a-f]{6})" d="([^"]+)"/g)];
    assert.deepEqual(
      fills.map((m) => m[1]).sort(),
      [...keys].map((k) => COMPARISON_STYLES[k as keyof typeof COMPARISON_STYLES].fill).sort(),
    );
    const squares = fills.reduce((n, m) => n + (m[2]!.match(/z/g) ?? []).length, 0);
    assert.equal(squares, cells.length, 'every cell drawn once');
    const letters = [...svg.matchAll(/<text x="[^"]+" y="[^"]+">(.*?)<\/text>/g)]
      .map((m) => m[1]!.replace(/<[^>]+>/g, ''))
      .join('');
    const notSimilar = cells.filter((c) => c.comparison.key !== 'similar');
    assert.equal(letters.length, notSimilar.length);
    for (const key of keys) {
      if (key === 'similar') continue;
      const code = COMPARISON_STYLES[key as keyof typeof COMPARISON_STYLES].code;
      assert.equal(
        [...letters].filter((l) => l === code).length,
        notSimilar.filter((c) => c.comparison.key === key).length,
        key,
      );
    }
    assert.doesNotMatch(letters, /S/);
    assert.match(page, /a cell without a letter is similar/);
    // The key draws the colours as the map does: no letter on "similar", a letter on the others.
    assert.match(
      page,
      /<li><span class="fairview-cmp fairview-cmp--similar">Similar: \d+ cells<\/span><\/li>/,
    );
    assert.match(
      page,
      /<li><span class="fairview-cmp fairview-cmp--worse"><span class="fairview-cmp__code"[^>]*>W<\/span>Worse: \d+ cells/,
    );
  });
});
