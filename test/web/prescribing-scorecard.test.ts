// The saving on a practice scorecard's prescribing rows (issue 20), on both databases, from the demo's
// SYNTHETIC prescribing for sub-ICB 16C (test/app/prescribing-demo-fixture.ts) published as a release:
// the planted practice's RX-lp-doxazosin-mr row is a red flag whose saving is the stored one (the
// cost at England's 10th-percentile ratio), labelled SYNTHETIC and linked to the deciles chart, and
// the scorecard's CSV export carries the saving in its own column.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { recompute } from '../../src/app/compute/recompute.ts';
import { measureSavings } from '../../src/app/prescribing/views.ts';
import {
  SYNTHETIC_EPD_PLANTED_MEASURE,
  SYNTHETIC_EPD_PLANTED_PRACTICE,
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

/** One CSV line's fields (quoted fields may hold commas and doubled quotes). */
function fields(line: string): string[] {
  return [...line.matchAll(/("((?:[^"]|"")*)"|[^,]*)(,|$)/g)]
    .filter((m) => m.index! < line.length || m[0] !== '')
    .map((m) => (m[2] !== undefined ? m[2].replaceAll('""', '"') : m[1]!));
}

const CODE = `RX-${SYNTHETIC_EPD_PLANTED_MEASURE}`;

interface ScorecardJson {
  rows: {
    indicator: { code: string };
    period: string;
    comparison: { key: string };
    prescribing: { measureId: string; month: string; saving: number | null; synthetic: boolean } | null;
  }[];
}

forEachDatabase('the saving on the scorecard', (store) => {
  let app: ReturnType<typeof createWebApp>;
  before(async () => {
    await seedDemoPrescribing(store(), folder);
    await recompute(store(), { release: 'rx', publish: true, actor: 'tester', now: TEST_NOW });
    app = createWebApp({ db: store().db, now: () => TEST_NOW });
  });

  it("shows the planted practice's red flag with its saving, SYNTHETIC, linked to the deciles chart", async () => {
    const visitor = new TestBrowser(app);
    const path = `/practices/${SYNTHETIC_EPD_PLANTED_PRACTICE}/scorecard`;
    const api = (await (await visitor.get(`/api${path}`)).json()) as ScorecardJson;
    const row = api.rows.find((r) => r.indicator.code === CODE);
    assert.ok(row, `${CODE} on the scorecard`);
    assert.equal(row.comparison.key, 'worse');
    const stored = await measureSavings(store(), SYNTHETIC_EPD_PLANTED_MEASURE, { month: row.period });
    const mine = stored.find((s) => s.practiceCode === SYNTHETIC_EPD_PLANTED_PRACTICE)!;
    assert.ok(mine.saving > 0);
    assert.deepEqual(row.prescribing, {
      measureId: SYNTHETIC_EPD_PLANTED_MEASURE,
      month: row.period,
      saving: mine.saving,
      synthetic: true,
    });
    const other = api.rows.find((r) => !r.indicator.code.startsWith('RX-'));
    if (other) assert.equal(other.prescribing, null);
    assert.equal((await visitor.get(path)).status, 200);
    assert.match(visitor.lastHtml, /SYNTHETIC prescribing \(demo, not NHS data\)/);
    assert.match(
      visitor.lastHtml,
      /Possible saving in \d{4}-\d{2}, prescribing at England's 10th-percentile ratio: <strong>£/,
    );
    assert.match(
      visitor.lastHtml,
      new RegExp(
        `href="/prescribing/${SYNTHETIC_EPD_PLANTED_MEASURE}\\?practice=${SYNTHETIC_EPD_PLANTED_PRACTICE}"`,
      ),
    );
    // The chart the link leads to says where the practice stands and the same saving.
    assert.equal(
      (
        await visitor.get(
          `/prescribing/${SYNTHETIC_EPD_PLANTED_MEASURE}?practice=${SYNTHETIC_EPD_PLANTED_PRACTICE}`,
        )
      ).status,
      200,
    );
    assert.match(visitor.lastHtml, /would have saved £/);
    assert.match(visitor.lastHtml, /SYNTHETIC/);
  });

  it('exports the saving in its own column', async () => {
    const response = await app.request(`/practices/${SYNTHETIC_EPD_PLANTED_PRACTICE}/scorecard?format=csv`);
    assert.equal(response.status, 200);
    const lines = (await response.text()).split(/\r?\n/).filter((l) => l !== '');
    const header = lines.find((l) => l.startsWith('Indicator code'))!;
    const columns = fields(header);
    const at = columns.findIndex((c) => c.includes('Prescribing saving'));
    assert.ok(at > 0, header);
    const row = lines.find((l) => l.startsWith(`${CODE},`));
    assert.ok(row);
    assert.ok(Number(fields(row)[at]) > 0, row);
    assert.equal(fields(row)[at + 1], 'SYNTHETIC (demo, not NHS data)');
  });
});
