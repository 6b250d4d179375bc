/**
 * Issue 17's "done when": the README's tour of the demo, walked in Chromium at 375 px (a phone) and
 * 1280 px on the benchmarking slice (the real practices of sub-ICB location 16C, release test-2025):
 * the organisation and its heat map, the indicator catalogue and page, the scorecard, the SPC chart,
 * the peers, the releases and a release's about page as a visitor; then, signed in, the concerns and
 * the peer review groups. On every page: no two chart labels overlap, no table is cut off (a table
 * fits, stacks its rows, or is a declared sideways-scrolling matrix with its hint), axe-core is clean.
 * Signed in, "Raise a concern" is offered on exactly the rows the scorecard counts as flagged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { raiseConcern } from '../../src/app/concerns/raise.ts';
import { parseRoleSpec } from '../../src/domain/roles.ts';
import { checkPage, newPage, signIn, withSliceServer } from '../support/browser.ts';
import { BENCHMARKING_SLICE, SLICE_RELEASE, SLICE_SUB_ICB } from '../web/benchmarking-slice.ts';
import { addUser } from '../web/client.ts';

describe('the README tour at 375 px and 1280 px (issue 17)', () => {
  let flagged = '';
  let indicator = '';
  let trendIndicator = '';
  let password = '';
  let concernId = 0;

  const app = withSliceServer(
    'tour',
    async (store) => {
      // The first practice of the area with a flag, and its flagged indicator.
      const row = await store.db
        .selectFrom('result')
        .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
        .select([
          'result.area_code',
          'indicator.code',
          'result.release_id',
          'result.indicator_id',
          'result.period',
        ])
        .where('result.area_kind', '=', 'practice')
        .where('result.sub_icb_code', '=', SLICE_SUB_ICB)
        .where('result.headline_flag', 'in', ['high_95', 'high_99_8', 'low_95', 'low_99_8'])
        .orderBy('result.area_code')
        .orderBy('result.period', 'desc')
        .executeTakeFirstOrThrow();
      flagged = row.area_code;
      indicator = row.code;
      const spc = await store.db
        .selectFrom('spc_summary')
        .innerJoin('indicator', 'indicator.id', 'spc_summary.indicator_id')
        .select('indicator.code')
        .where('spc_summary.practice_code', '=', flagged)
        .orderBy('spc_summary.n', 'desc')
        .executeTakeFirstOrThrow();
      trendIndicator = spc.code;
      password = await addUser(store.db, 'manager', `commissioning_manager:${SLICE_SUB_ICB}`);
      // The README's concern 1: raised from the flag, its data pack frozen and drawn (funnel and SPC).
      concernId = await raiseConcern(
        store.db,
        { username: 'manager', roles: [parseRoleSpec(`commissioning_manager:${SLICE_SUB_ICB}`)] },
        {
          practiceCode: flagged,
          type: 'practice_performance',
          source: 'funnel_outlier',
          title: '',
          reason: '',
          releaseId: row.release_id,
          indicatorId: row.indicator_id,
          period: row.period,
        },
        { now: new Date(), mailer: null },
      );
    },
    { from: BENCHMARKING_SLICE },
  );

  const visitorTour = () => [
    { name: 'organisation', path: `/organisations/${SLICE_SUB_ICB}` },
    { name: 'overview (heat map)', path: `/organisations/${SLICE_SUB_ICB}/overview` },
    { name: 'indicator catalogue', path: '/indicators' },
    {
      name: 'indicator',
      path: `/indicators/${encodeURIComponent(indicator)}?area=${SLICE_SUB_ICB}&practice=${flagged}`,
    },
    { name: 'scorecard', path: `/practices/${flagged}/scorecard` },
    { name: 'trend', path: `/practices/${flagged}/trend/${encodeURIComponent(trendIndicator)}` },
    { name: 'peers', path: `/practices/${flagged}/peers` },
    { name: 'releases', path: '/releases' },
    { name: 'release', path: `/releases/${SLICE_RELEASE}` },
    { name: 'release about', path: `/releases/${SLICE_RELEASE}/about` },
  ];
  const signedInTour = () => [
    { name: 'scorecard (signed in)', path: `/practices/${flagged}/scorecard` },
    { name: 'concerns', path: '/concerns' },
    { name: 'a concern with its data pack', path: `/concerns/${concernId}` },
    { name: 'peer review groups', path: '/peer-review-groups' },
  ];

  for (const width of [375, 1280]) {
    it(`reads at ${width} px: no overlapping labels, no table cut off, axe clean`, async () => {
      const visitor = await newPage(app, width);
      try {
        for (const t of visitorTour()) {
          const res = await visitor.goto(`${app.base}${t.path}`);
          assert.equal(res?.status(), 200, `${t.name}: ${t.path}`);
          await visitor.waitForLoadState('load');
          await checkPage(visitor, t.name, width);
        }
      } finally {
        await visitor.context().close();
      }
      const manager = await newPage(app, width);
      try {
        await signIn(manager, app.base, 'manager', password);
        for (const t of signedInTour()) {
          const res = await manager.goto(`${app.base}${t.path}`);
          assert.equal(res?.status(), 200, `${t.name}: ${t.path}`);
          await manager.waitForLoadState('load');
          await checkPage(manager, t.name, width);
        }
      } finally {
        await manager.context().close();
      }
    });
  }

  it('sorts a stacked table on a phone from a list above it (its header row is hidden there), not on a wide screen', async () => {
    for (const width of [375, 1280]) {
      const page = await newPage(app, width);
      try {
        await page.goto(`${app.base}/practices/${flagged}/scorecard`);
        const list = page.getByLabel('Sort the table by');
        if (width === 1280) {
          assert.equal(await list.isVisible(), false, 'the header buttons sort on a wide screen');
          continue;
        }
        assert.equal(await list.isVisible(), true);
        assert.equal(
          await page.locator('#scorecard thead').isVisible(),
          true,
          'kept for assistive technology',
        );
        const firstCells = () =>
          page
            .locator('#scorecard tbody tr')
            .evaluateAll((trs) =>
              trs.map((tr) =>
                (tr as unknown as { cells: { textContent: string }[] }).cells[0]!.textContent.trim(),
              ),
            );
        const heading = (await page.locator('#scorecard thead th').first().textContent())!.trim();
        await list.selectOption({ label: `${heading}, highest or Z first` });
        const down = await firstCells();
        assert.equal(
          await page.locator('#scorecard thead th').first().getAttribute('aria-sort'),
          'descending',
        );
        await list.selectOption({ label: `${heading}, lowest or A first` });
        const up = await firstCells();
        assert.notDeepEqual(up, down, 'the list sorts the rows');
        assert.deepEqual(up, [...down].reverse());
        await checkPage(page, 'scorecard sorted on a phone', width);
      } finally {
        await page.context().close();
      }
    }
  });

  it('offers "Raise a concern" on exactly the rows the scorecard counts as flagged, and the counts agree', async () => {
    const page = await newPage(app, 1280);
    try {
      await signIn(page, app.base, 'manager', password);
      await page.goto(`${app.base}/practices/${flagged}/scorecard`);
      const summary = (await page.locator('#flag-summary').textContent()) ?? '';
      const m = /^(\d+) indicators?; (?:none|(\d+)) flagged by the headline judgment(?: \((.+)\))?\.$/.exec(
        summary,
      );
      assert.ok(m, summary);
      const total = Number(m[2] ?? 0);
      const written = [...(m[3] ?? '').matchAll(/(\d+) (better|worse|higher|lower)/g)];
      assert.equal(
        written.reduce((n, w) => n + Number(w[1]), 0),
        total,
        `${summary}: the counts beside the total add up to it`,
      );
      const rows = await page.locator('#scorecard tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({
          verdict:
            /fairview-cmp--(\w+)/.exec(
              (tr as unknown as { querySelector: (s: string) => { className: string } | null }).querySelector(
                '.fairview-why .fairview-cmp',
              )?.className ?? '',
            )?.[1] ?? '',
          raise:
            (tr as unknown as { querySelector: (s: string) => unknown }).querySelector(
              'a.fairview-raise-concern',
            ) !== null,
        })),
      );
      assert.equal(rows.length, Number(m[1]));
      const judged = new Set(['better', 'worse', 'higher', 'lower']);
      for (const w of written)
        assert.equal(rows.filter((r) => r.verdict === w[2]).length, Number(w[1]), `${summary}: ${w[2]} rows`);
      assert.ok(total > 0, 'the practice has a flag');
      assert.deepEqual(
        rows.filter((r) => r.raise).map((r) => r.verdict),
        rows.filter((r) => judged.has(r.verdict)).map((r) => r.verdict),
        'Raise a concern on the flagged rows only, and on every one',
      );
    } finally {
      await page.context().close();
    }
  });
});
