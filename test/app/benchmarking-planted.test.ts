// End to end through recompute and the store, on a SYNTHETIC England made by the case-mix tests'
// generator (test/domain/casemix-synthetic-population.ts): 1,000 practices with outcomes drawn from a
// known model, 25 planted truly worse, 25 only more deprived. Their population and IMD go in as facts,
// their event counts as a local indicator through the Fairview template, and the stored release must
// flag the planted outliers and not flag the practices that are only more deprived.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { funnelChart, releaseIndicatorList } from '../../src/app/benchmarking/queries.ts';
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

  it('flags every truly worse practice above its adjusted 99.8% limit, and the flag uses the adjusted comparison', () => {
    const worse = of('truly_worse');
    assert.equal(worse.length, 25);
    assert.deepEqual(
      worse.filter((r) => !high998(r.casemix_flag)).map((r) => r.area_code),
      [],
    );
    for (const r of worse) {
      assert.equal(r.flag_basis, 'adjusted');
      assert.match(r.why!, /The flag uses the case-mix adjusted comparison: worse than expected/);
    }
  });

  it('finds the only-more-deprived practices worse than England crude, but not outside the adjusted 99.8% limits', () => {
    const deprived = of('only_more_deprived');
    assert.equal(deprived.length, 25);
    assert.ok(deprived.every((r) => r.cmp_england_998 === 'worse'));
    assert.deepEqual(
      deprived
        .filter((r) => r.casemix_flag === 'high_99_8' || r.casemix_flag === 'low_99_8')
        .map((r) => r.area_code),
      [],
    );
    assert.ok(deprived.filter((r) => r.casemix_flag !== 'none').length <= 3);
    assert.ok(
      deprived.some((r) => r.why?.startsWith('Higher than England at 99.8%, but within the range expected')),
    );
  });

  it('stores crude and adjusted side by side for every practice', () => {
    for (const r of results) {
      assert.ok(r.value !== null && r.lower_99_8 !== null && r.funnel_flag !== null);
      assert.ok(r.expected !== null && r.oe_ratio !== null && r.casemix_flag !== null);
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
