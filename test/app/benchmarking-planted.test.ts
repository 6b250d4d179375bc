// End to end through recompute and the store, on a SYNTHETIC England made by the case-mix tests'
// generator (test/domain/casemix-synthetic-population.ts): 1,000 practices with outcomes drawn from a
// known model, 25 planted truly worse, 25 only more deprived. Their population and IMD go in as facts,
// their event counts as a local indicator through the Fairview template, and the stored release must
// flag the planted outliers and not flag the practices that are only more deprived — on the headline
// judgment (the verdict every page shows) as on the case-mix adjusted funnel kept beside it.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { funnelChart } from '../../src/app/benchmarking/funnel-chart.ts';
import { releaseIndicatorList } from '../../src/app/benchmarking/queries.ts';
import { recompute } from '../../src/app/compute/recompute.ts';
import { importIndicatorTemplate } from '../../src/app/indicators/import-template.ts';
import { insertRows } from '../../src/store/insert-rows.ts';
import type { Result } from '../../src/store/schema.ts';
import { type SyntheticPractice, syntheticPopulation } from '../domain/casemix-synthetic-population.ts';
import { forEachDatabase } from '../support/databases.ts';

const practices = syntheticPopulation(1000, 25, 25);
const kindOf = new Map(practices.map((p) => [p.unit.code, p.kind] as const));
let folder: string;
let template: string;

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'fairview-planted-'));
  template = join(folder, 'synthetic-events.csv');
  const rows = practices.map(
    (p: SyntheticPractice) =>
      `SYN-EVENTS,Synthetic adverse events (made up by the tests),proportion,100,lower_is_better,financial_year,${p.unit.code},2023-24,${p.unit.observed},${p.unit.denominator}`,
  );
  await writeFile(
    template,
    [
      'indicator_code,indicator_name,type,multiplier,polarity,period_type,practice_code,period,numerator,denominator',
      ...rows,
    ].join('\n'),
  );
});
after(() => rm(folder, { recursive: true, force: true }));

const high998 = (flag: string | null) => flag === 'high_99_8';

forEachDatabase('Planted effects survive recompute into the stored release', (store) => {
  let results: Result[];
  let releaseId: number;
  before(async () => {
    const db = store().db;
    const batch = await db
      .insertInto('import_batch')
      .values({
        file_name: 'synthetic',
        checksum: 'synthetic-population',
        format: 'synthetic',
        publisher: 'tests',
        imported_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertRows(
      db,
      'population',
      practices.flatMap((p) =>
        p.unit.population.map((c) => ({
          practice_code: p.unit.code,
          extract_date: '2024-04-01',
          sex: c.sex,
          age_band: c.ageBand,
          patients: c.patients,
          batch_id: batch.id,
        })),
      ),
    );
    await insertRows(
      db,
      'imd_score',
      practices.map((p) => ({
        practice_code: p.unit.code,
        imd_year: 2019,
        score: p.unit.imdScore!,
        batch_id: batch.id,
      })),
    );
    await importIndicatorTemplate(store(), template, 'test', new Date());
    const outcome = await recompute(store(), {
      now: new Date(),
      actor: 'test',
      release: 'planted',
      peerCount: 5,
    });
    assert.equal(outcome.status, 'created');
    releaseId = outcome.release.id;
    results = await db
      .selectFrom('result')
      .selectAll()
      .where('release_id', '=', outcome.release.id)
      .where('area_kind', '=', 'practice')
      .execute();
    assert.equal(results.length, 1000);
  });

  const of = (kind: SyntheticPractice['kind']) => results.filter((r) => kindOf.get(r.area_code) === kind);

  it('flags the truly worse practices, on the adjusted funnel and on the headline judgment, and says why', () => {
    const worse = of('truly_worse');
    assert.equal(worse.length, 25);
    assert.deepEqual(
      worse.filter((r) => !high998(r.casemix_flag)).map((r) => r.area_code),
      [],
    );
    // This population's truth is logit-linear in the five broad bands' shares — the binomial GLM's own
    // form — which the headline's age-sex standardisation (rates by band, summed) fits only to about
    // ±8%; the headline judgment allows for that misfit as variation it cannot explain, so its limits
    // are wider here than the GLM's. test/simulation checks it on truths made band by band.
    const flagged95 = worse.filter((r) => r.headline_flag === 'high_95' || high998(r.headline_flag));
    assert.ok(flagged95.length >= 24, `${flagged95.length} of 25 flagged at 95%`);
    assert.ok(worse.filter((r) => high998(r.headline_flag)).length > 12);
    for (const r of flagged95) {
      assert.equal(r.headline_basis, 'adjusted');
      assert.match(
        r.why!,
        /^Flagged by the case-mix adjusted comparison: higher than expected for a practice with its age, sex, deprivation and rurality profile, outside the (99\.8|95)% limits .* — worse, as lower is better for this indicator\./,
      );
    }
  });

  it('finds the only-more-deprived practices worse than England crude, but as expected for their patients', () => {
    const deprived = of('only_more_deprived');
    assert.equal(deprived.length, 25);
    assert.ok(deprived.every((r) => r.cmp_england_998 === 'worse'));
    for (const flag of ['casemix_flag', 'headline_flag'] as const) {
      assert.deepEqual(
        deprived.filter((r) => r[flag] === 'high_99_8' || r[flag] === 'low_99_8').map((r) => r.area_code),
        [],
        flag,
      );
      assert.ok(deprived.filter((r) => r[flag] !== 'none').length <= 3, flag);
    }
    assert.ok(
      deprived.some(
        (r) =>
          r.why?.startsWith('Not flagged: within the range expected for a practice with its age, sex') &&
          r.why.endsWith('For context, the crude comparison: higher than England at 99.8%.'),
      ),
    );
  });

  it('stores crude, adjusted and the headline judgment side by side for every practice', () => {
    for (const r of results) {
      assert.ok(r.value !== null && r.lower_99_8 !== null && r.funnel_flag !== null);
      assert.ok(r.expected !== null && r.oe_ratio !== null && r.casemix_flag !== null);
      assert.ok(r.headline_flag !== null && r.headline_z !== null && r.headline_expected !== null);
    }
  });

  it('redraws for the pages exactly the funnels the recompute flagged against, crude and adjusted', async () => {
    const [indicator] = await releaseIndicatorList(store().db, releaseId);
    const crude = funnelChart(indicator!, results)!;
    const adjusted = funnelChart(indicator!, results, 'adjusted')!;
    const stored = new Map(results.map((r) => [r.area_code, r] as const));
    for (const p of crude.points)
      assert.equal(p.flag, stored.get(p.practiceCode)!.funnel_flag, p.practiceCode);
    for (const p of adjusted.points)
      assert.equal(p.flag, stored.get(p.practiceCode)!.casemix_flag, p.practiceCode);
    const fits = await store()
      .db.selectFrom('funnel_fit')
      .selectAll()
      .where('release_id', '=', releaseId)
      .execute();
    assert.equal(fits.find((f) => f.basis === 'adjusted')!.tau2, adjusted.tau2);
    assert.equal(fits.find((f) => f.basis === 'crude')!.phi, crude.phi);
  });
});
