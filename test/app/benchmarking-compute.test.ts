// Compute on the real QOF atrial fibrillation registers of 2018-19 (every practice in England), with
// the 2018-19 QOF organisation reference for the hierarchy, the January 2016 registered population
// and the IMD extract for case-mix and peers: one practice checked by hand from the raw counts,
// every area checked to be the sum of its practices.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  findReleaseForPages,
  indicatorAreaResults,
  practicePeers,
  practiceScorecard,
} from '../../src/app/benchmarking/queries.ts';
import { recompute } from '../../src/app/compute/recompute.ts';
import type { Result } from '../../src/store/schema.ts';
import { forEachDatabase } from '../support/databases.ts';
import { importSlice, type Slice, writeSlice } from './benchmarking-fixture.ts';

let slice: Slice;
before(async () => {
  slice = await writeSlice({
    prevalence: ['PREVALENCE_1819_v2.csv'],
    groups: ['AF'],
    hierarchy: ['ORGANISATION_REFERENCE_1819_v2.csv'],
  });
});
after(() => slice.remove());

const close = (actual: number | null | undefined, expected: number, what: string) => {
  assert.ok(actual !== null && actual !== undefined, `${what} is missing`);
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.abs(expected), `${what}: ${actual} ≠ ${expected}`);
};

forEachDatabase('Recompute on the real 2018-19 atrial fibrillation registers', (store) => {
  let rows: Result[];
  before(async () => {
    await importSlice(store(), slice);
    const outcome = await recompute(store(), {
      now: new Date(),
      actor: 'test',
      release: 'af-2018-19',
      publish: true,
    });
    assert.equal(outcome.status, 'created');
    rows = await store()
      .db.selectFrom('result')
      .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
      .selectAll('result')
      .where('indicator.code', '=', 'QOF-PREV-AF')
      .where('result.period', '=', '2018-19')
      .execute();
  });

  it('builds one prevalence indicator per register, named from the data, with no judgement of good or bad', async () => {
    const indicator = await store()
      .db.selectFrom('indicator')
      .selectAll()
      .where('code', '=', 'QOF-PREV-AF')
      .executeTakeFirstOrThrow();
    assert.equal(indicator.type, 'proportion');
    assert.equal(indicator.multiplier, 100);
    assert.equal(indicator.polarity, 'no_judgement');
    assert.equal(indicator.period_type, 'financial_year');
    assert.equal(indicator.version, 1);
  });

  it('gives A81001 (The Densham Surgery) 107 of 4,117 patients: 2.599% with Wilson limits, higher than England at 95% only', () => {
    // PREVALENCE_1819_v2.csv: A81001,AF,107,TOTAL,4117. p = 107/4117 = 0.02598979839689094 → 2.598979839689094%.
    // Wilson, z95 = 1.959963984540054 (z² = 3.841458820694124):
    //   (2·107 + z² ∓ z·√(z² + 4·107·(1 − 107/4117))) / (2·(4117 + z²)) × 100 = 2.1553830840374273 … 3.130951296878945
    // z99.8 = 3.090232306167813: 1.9354666974346284 … 3.4818809866719245.
    // England (the 6,854 rows of AF in the file that have a register; 19 are blank): 1,174,959 / 59,295,215
    // = 1.9815410063021104%: below the practice's 95% lower limit 2.155 → "higher"; inside its 99.8%
    // interval (1.935 … 3.482) → "similar".
    const a = rows.find((r) => r.area_kind === 'practice' && r.area_code === 'A81001')!;
    assert.equal(a.numerator, 107);
    assert.equal(a.denominator, 4117);
    close(a.value, 2.598979839689094, 'value');
    close(a.lower_95, 2.1553830840374273, 'lower 95%');
    close(a.upper_95, 3.130951296878945, 'upper 95%');
    close(a.lower_99_8, 1.9354666974346284, 'lower 99.8%');
    close(a.upper_99_8, 3.4818809866719245, 'upper 99.8%');
    assert.equal(a.cmp_england, 'higher');
    assert.equal(a.cmp_england_998, 'similar');
    assert.equal(a.sub_icb_code, '00K');
    assert.equal(a.region_code, 'Y63');
  });

  it('computes England from every practice with a register in the file: 1,174,959 / 59,295,215 = 1.9815%', () => {
    // awk -F, '$2=="AF" && $3!="" {r+=$3; l+=$5}' PREVALENCE_1819_v2.csv → 6,854 rows, 1,174,959, 59,295,215.
    const england = rows.find((r) => r.area_kind === 'country')!;
    assert.equal(england.area_code, 'E92000001');
    assert.equal(england.numerator, 1_174_959);
    assert.equal(england.denominator, 59_295_215);
    close(england.value, 1.9815410063021104, 'England');
    assert.equal(rows.filter((r) => r.area_kind === 'practice').length, 6854);
  });

  it('makes every sub-ICB and region the sum of its practices, never an average of their values', () => {
    const practices = rows.filter((r) => r.area_kind === 'practice');
    for (const kind of ['sub_icb', 'region'] as const) {
      const areas = rows.filter((r) => r.area_kind === kind);
      assert.ok(areas.length > (kind === 'region' ? 5 : 150), `${areas.length} ${kind} rows`);
      for (const area of areas) {
        const members = practices.filter(
          (p) => (kind === 'sub_icb' ? p.sub_icb_code : p.region_code) === area.area_code,
        );
        assert.equal(
          area.numerator,
          members.reduce((s, p) => s + p.numerator!, 0),
          `${kind} ${area.area_code}`,
        );
        assert.equal(
          area.denominator,
          members.reduce((s, p) => s + p.denominator!, 0),
          `${kind} ${area.area_code}`,
        );
      }
    }
  });

  it('orders quintiles with the values (1 = lowest fifth) and gives area rows the spread of their practices', () => {
    const practices = rows.filter((r) => r.area_kind === 'practice').sort((a, b) => a.value! - b.value!);
    for (let i = 1; i < practices.length; i++)
      assert.ok(practices[i]!.quintile! >= practices[i - 1]!.quintile!);
    assert.equal(practices[0]!.quintile, 1);
    assert.equal(practices.at(-1)!.decile, 10);
    const england = rows.find((r) => r.area_kind === 'country')!;
    assert.equal(england.practice_min, practices[0]!.value);
    assert.equal(england.practice_max, practices.at(-1)!.value);
  });

  it('records the England funnel (FunnelPlotR PR): prevalence varies more than chance, so φ > 1 and the limits are widened', async () => {
    const fits = await store()
      .db.selectFrom('funnel_fit')
      .selectAll()
      .where('level', '=', 'country')
      .execute();
    const crude = fits.find((f) => f.basis === 'crude')!;
    assert.equal(crude.n, 6854);
    assert.ok(crude.phi! > 1);
    assert.ok(crude.tau2! > 0);
    assert.equal(crude.adjusted, true);
    close(crude.target, 1.9815410063021104, 'funnel target');
    assert.ok(
      fits.some((f) => f.basis === 'adjusted'),
      'the case-mix (SR) funnel is recorded too',
    );
    const a = rows.find((r) => r.area_code === 'A81001')!;
    assert.equal(a.funnel_flag, 'none');
  });

  it('adjusts for case-mix with the national model, stores crude, adjusted and the headline judgment, and says why in plain words', async () => {
    const fit = await store().db.selectFrom('casemix_fit').selectAll().executeTakeFirstOrThrow();
    assert.equal(fit.fitted, true);
    assert.equal(fit.population_extract, '2016-01-01');
    assert.equal(fit.imd_year, 2019); // the latest edition no later than the period's end (March 2019)
    const a = rows.find((r) => r.area_code === 'A81001')!;
    assert.ok(a.expected! > 0);
    close(a.oe_ratio, 107 / a.expected!, 'O/E');
    assert.ok(a.oe_lower_95! < a.oe_ratio! && a.oe_ratio! < a.oe_upper_95!);
    assert.equal(a.flag_basis, 'adjusted');
    // The headline judgment (issue 12) is made by the age-sex standardised comparison, and the sentence
    // names it; the crude comparison with England comes last, as context.
    assert.equal(a.headline_basis, 'adjusted');
    assert.ok(a.headline_expected! > 0 && Number.isFinite(a.headline_z));
    assert.match(a.why!, /^(Not flagged|Flagged by the case-mix adjusted comparison)/);
    assert.match(a.why!, /For context, the crude comparison: higher than England at 95%\.$/);
    const fits = await store().db.selectFrom('judgment_fit').selectAll().execute();
    assert.deepEqual(fits.map((f) => f.basis).sort(), ['adjusted', 'funnel']);
  });

  it('finds each practice 20 peers and explains them', async () => {
    const release = (await findReleaseForPages(store().db))!;
    assert.equal(release.name, 'af-2018-19');
    const peers = (await practicePeers(store().db, release.id, 'A81001'))!;
    assert.equal(peers.peers.length, 20);
    assert.deepEqual(
      peers.peers.map((p) => p.rank),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.match(peers.explanation, /20 practices/);
    const a = rows.find((r) => r.area_code === 'A81001')!;
    assert.ok(a.peer_value !== null && a.cmp_peers !== null);
  });

  it('serves the scorecard and the indicator page from the published release', async () => {
    const release = (await findReleaseForPages(store().db))!;
    const scorecard = await practiceScorecard(store().db, release, 'A81001');
    assert.equal(scorecard.length, 1);
    assert.equal(scorecard[0]!.indicator.code, 'QOF-PREV-AF');
    close(scorecard[0]!.england!.value, 1.9815410063021104, 'scorecard England');
    const area = (await indicatorAreaResults(store().db, release.id, 'QOF-PREV-AF', {
      kind: 'sub_icb',
      code: '00K',
    }))!;
    assert.equal(area.period, '2018-19');
    assert.ok(area.practices.some((p) => p.area_code === 'A81001'));
    assert.equal(
      area.area!.numerator,
      area.practices.reduce((s, p) => s + p.numerator!, 0),
    );
  });
});
