// The calibration study's SYNTHETIC England through the real path on both databases: its files in the
// real layouts imported with the real import use cases, a release computed by `recompute`, and the
// stored headline judgment compared with the pure pipeline (pure.ts) on the same data — flag, basis,
// z-score and expected count of every practice × indicator × period, and the headline SPC signal of
// every monthly series, must be identical. Then the release's own false-flag rates: the headline
// judgment within the bounds, the crude comparison with England far outside them.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { MONTHLY, simulateEngland } from './england.ts';
import { pureHeadlines, pureSpc } from './pure.ts';
import { analyseRelease, importAndRecompute, type StudyOutcome } from './study.ts';

const sim = simulateEngland({
  seed: 2024,
  practices: 600,
  years: ['2022-23', '2023-24'],
  monthlyPractices: 150,
  months: 36,
});
const expected = pureHeadlines(sim);
const expectedSpc = pureSpc(sim);
let folder: string;
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'fairview-release-path-'));
});
after(() => rm(folder, { recursive: true, force: true }));

const rate = (k: number, n: number) => k / n;

forEachDatabase('The calibration study through import → recompute → release', (store) => {
  let releaseId: number;
  let outcome: Omit<StudyOutcome, 'timings'>;
  before(async () => {
    ({ releaseId } = await importAndRecompute(store(), sim, {
      now: TEST_NOW,
      release: 'calibration',
      folder,
    }));
    outcome = await analyseRelease(store(), sim, releaseId);
  });

  it('stores, for every practice × indicator × period, exactly the headline judgment of the pure pipeline', async () => {
    const rows = await store()
      .db.selectFrom('result')
      .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
      .select([
        'indicator.code',
        'result.period',
        'result.area_code',
        'result.headline_flag',
        'result.headline_basis',
        'result.headline_z',
        'result.headline_expected',
      ])
      .where('result.release_id', '=', releaseId)
      .where('result.area_kind', '=', 'practice')
      .execute();
    assert.equal(rows.length, expected.size);
    let adjusted = 0;
    for (const r of rows) {
      const key = `${r.code}|${r.period}|${r.area_code}`;
      const h = expected.get(key);
      assert.ok(h, key);
      assert.deepEqual(
        [r.headline_flag, r.headline_basis, r.headline_z, r.headline_expected],
        [h.flag, h.basis, h.z, h.expected],
        key,
      );
      if (r.headline_basis === 'adjusted') adjusted++;
    }
    // Every simulated practice has a population and an IMD score: all are case-mix adjusted.
    assert.equal(adjusted, rows.length);
  });

  it('stores the headline SPC signal of every monthly series as the pure pipeline makes it', async () => {
    const summaries = await store()
      .db.selectFrom('spc_summary')
      .innerJoin('indicator', 'indicator.id', 'spc_summary.indicator_id')
      .select([
        'spc_summary.practice_code',
        'spc_summary.headline_signal',
        'spc_summary.headline_period',
        'spc_summary.headline_adjustment',
      ])
      .where('spc_summary.release_id', '=', releaseId)
      .where('indicator.code', '=', MONTHLY.code)
      .execute();
    assert.equal(summaries.length, expectedSpc.size);
    for (const s of summaries) {
      const h = expectedSpc.get(s.practice_code)!;
      assert.deepEqual(
        [s.headline_signal, s.headline_period, s.headline_adjustment],
        [h.signal?.rule ?? null, h.signal?.period ?? null, 'england_same_period'],
        s.practice_code,
      );
    }
    // Annual series have no headline SPC chart (too few points to judge the recent ones).
    const annual = await store()
      .db.selectFrom('spc_summary')
      .select('headline_adjustment')
      .where('release_id', '=', releaseId)
      .where('headline_adjustment', 'is not', null)
      .execute();
    assert.equal(annual.length, summaries.length);
  });

  it('records the judgment and its calibration per indicator × period × basis', async () => {
    const fits = await store()
      .db.selectFrom('judgment_fit')
      .selectAll()
      .where('release_id', '=', releaseId)
      .execute();
    // 5 registers and the achievement indicator × 2 years, the monthly one × 36: adjusted and funnel each.
    assert.equal(fits.length, 2 * (6 * 2 + 36));
    for (const f of fits) {
      // Every practice is adjusted, so the funnel (fitted on all of them too) makes no verdict.
      assert.equal(f.headline, f.basis === 'adjusted' ? f.n : 0);
      assert.ok(f.tau2 >= 0 && f.z_rms !== null && f.description.length > 0);
    }
  });

  it('flags within the bounds on the headline judgment, and far outside them on the crude comparison', () => {
    const headline = outcome.methods.find((m) => m.method === 'headline')!.null;
    const crude = outcome.methods.find((m) => m.method === 'crude')!.null;
    assert.ok(headline.n > 6500, `${headline.n} practice × indicator × years with nothing planted`);
    assert.ok(
      rate(headline.flagged95, headline.n) <= 0.07,
      `headline 95%: ${headline.flagged95} of ${headline.n}`,
    );
    assert.ok(
      rate(headline.flagged998, headline.n) <= 0.005,
      `headline 99.8%: ${headline.flagged998} of ${headline.n}`,
    );
    assert.ok(rate(crude.flagged998, crude.n) > 0.1, `crude 99.8%: ${crude.flagged998} of ${crude.n}`);
  });
});
