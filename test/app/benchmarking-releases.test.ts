// Releases on a real slice: the first 150 practices (by code) of the QOF atrial fibrillation
// registers 2016-17 to 2019-20 with their hierarchy, population and IMD, plus a local indicator from
// a Fairview template carrying CLEARLY SYNTHETIC monthly values (made up by this test, so that one
// SPC series is long enough to be a full chart), plus an analyst's expression indicator.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { PublishedReleaseError, recompute, releaseIndicators } from '../../src/app/compute/recompute.ts';
import { indicatorVersions } from '../../src/app/indicators/catalogue.ts';
import { saveExpressionIndicator } from '../../src/app/indicators/expression-indicator.ts';
import { importIndicatorTemplate } from '../../src/app/indicators/import-template.ts';
import type { Store } from '../../src/store/database.ts';
import { forEachDatabase } from '../support/databases.ts';
import { firstPractices, importSlice, type Slice, writeSlice } from './benchmarking-fixture.ts';

const practices = firstPractices('PREVALENCE_1617.csv', 150);
let slice: Slice;
let template: string;
let changedTemplate: string;

/** Synthetic monthly data for 20 practices × 15 months (2023-01 … 2024-03). */
function syntheticTemplate(bump: number): string {
  const header =
    'indicator_code,indicator_name,type,multiplier,polarity,period_type,domain,practice_code,period,numerator,denominator';
  const rows = [...practices].slice(0, 20).flatMap((code, p) =>
    Array.from({ length: 15 }, (_, m) => {
      const month = `${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      const denominator = 200 + 10 * p;
      const numerator = 40 + ((p * 7 + m * 3) % 25) + (m === 14 ? bump : 0);
      return `SYN-ACCESS,Synthetic same-day appointments (made up for tests),proportion,100,higher_is_better,month,access,${code},${month},${numerator},${denominator}`;
    }),
  );
  return [header, ...rows].join('\n');
}

before(async () => {
  slice = await writeSlice({
    prevalence: [
      'PREVALENCE_1617.csv',
      'PREVALENCE_1718.csv',
      'PREVALENCE_1819_v2.csv',
      'PREVALENCE_1920.csv',
    ],
    groups: ['AF'],
    hierarchy: [
      'ORGANISATION_REFERENCE_1617.csv',
      'ORGANISATION_REFERENCE_1718.csv',
      'ORGANISATION_REFERENCE_1819_v2.csv',
      'MAPPING_NHS_GEOGRAPHIES_1920.csv',
    ],
    practices,
  });
  template = join(slice.folder, 'synthetic-access.csv');
  await writeFile(template, syntheticTemplate(0));
  changedTemplate = join(slice.folder, 'synthetic-access-revised.csv');
  await writeFile(changedTemplate, syntheticTemplate(5));
});
after(() => slice.remove());

async function resultRows(store: Store, release: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('result')
    .innerJoin('release', 'release.id', 'result.release_id')
    .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
    .selectAll('result')
    .select(['indicator.code', 'indicator.version'])
    .where('release.name', '=', release)
    .execute();
  return rows.map(({ release_id: _, indicator_id: __, ...rest }) => JSON.stringify(rest)).sort();
}

const AF_EXPRESSION = {
  code: 'AF-EXPR',
  name: 'Atrial fibrillation register as an expression',
  type: 'proportion' as const,
  numerator: 'qof_prevalence.register[AF]',
  denominator: 'qof_prevalence.list[AF]',
  multiplier: 100,
  polarity: 'no_judgement' as const,
  periodType: 'financial_year' as const,
};

forEachDatabase('Releases: frozen, reproducible, idempotent and versioned', (store) => {
  before(async () => {
    await importSlice(store(), slice);
    const imported = await importIndicatorTemplate(store(), template, 'analyst', new Date());
    assert.equal(imported.valuesWritten, 300);
    await saveExpressionIndicator(store(), AF_EXPRESSION, 'analyst', new Date());
  });

  let first: Awaited<ReturnType<typeof recompute>>;
  it('computes a release of every indicator, period and level in one go', async () => {
    first = await recompute(store(), { now: new Date(), actor: 'test', release: 'R1' });
    assert.equal(first.status, 'created');
    assert.match(first.release.results_checksum, /^[0-9a-f]{64}$/);
    assert.equal(first.release.status, 'draft');
    const codes = (await releaseIndicators(store().db, first.release.id)).map((i) => i.code);
    assert.deepEqual(codes, ['AF-EXPR', 'QOF-PREV-AF', 'SYN-ACCESS']);
    const batches = await store()
      .db.selectFrom('release_batch')
      .select('batch_id')
      .where('release_id', '=', first.release.id)
      .execute();
    assert.ok(batches.length >= 8, 'the release freezes the batches it read');
  });

  it('gives the expression indicator exactly the numbers of the built-in one it restates', async () => {
    const rows = await resultRows(store(), 'R1');
    const strip = (code: string) =>
      rows
        .map((r) => JSON.parse(r) as Record<string, unknown>)
        .filter((r) => r.code === code)
        .map(({ code: _, version: __, why: ___, ...rest }) => JSON.stringify(rest))
        .sort();
    assert.deepEqual(strip('AF-EXPR'), strip('QOF-PREV-AF'));
  });

  it('charts SPC for series with enough points, marking annual QOF series short', async () => {
    const summaries = await store()
      .db.selectFrom('spc_summary')
      .innerJoin('indicator', 'indicator.id', 'spc_summary.indicator_id')
      .select([
        'indicator.code',
        'spc_summary.n',
        'spc_summary.short_series',
        'spc_summary.improvement_direction',
      ])
      .where('spc_summary.release_id', '=', first.release.id)
      .execute();
    const qof = summaries.filter((s) => s.code === 'QOF-PREV-AF');
    assert.ok(qof.length > 100);
    assert.ok(qof.every((s) => s.n === 4 && s.short_series && s.improvement_direction === 'neutral'));
    const synthetic = summaries.filter((s) => s.code === 'SYN-ACCESS');
    assert.equal(synthetic.length, 20);
    assert.ok(
      synthetic.every((s) => s.n === 15 && !s.short_series && s.improvement_direction === 'increase'),
    );
  });

  it('reproduces the same numbers under a new name, row for row and checksum for checksum', async () => {
    const second = await recompute(store(), { now: new Date(), actor: 'test', release: 'R2' });
    assert.equal(second.status, 'created');
    assert.equal(second.release.results_checksum, first.release.results_checksum);
    assert.deepEqual(await resultRows(store(), 'R2'), await resultRows(store(), 'R1'));
  });

  it('regenerates a named release and confirms it reproduces exactly, writing nothing', async () => {
    const before = await store().db.selectFrom('release').select('id').execute();
    const again = await recompute(store(), { now: new Date(), actor: 'test', release: 'R1' });
    assert.equal(again.status, 'reproduced');
    assert.equal(again.release.results_checksum, first.release.results_checksum);
    assert.equal((await store().db.selectFrom('release').select('id').execute()).length, before.length);
  });

  it('does nothing when no fact, definition or method changed', async () => {
    const count = async () =>
      (
        await store()
          .db.selectFrom('result')
          .select(({ fn }) => fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const rowsBefore = await count();
    const outcome = await recompute(store(), { now: new Date(), actor: 'test' });
    assert.equal(outcome.status, 'unchanged');
    assert.equal(outcome.release.name, 'R2');
    assert.equal(await count(), rowsBefore);
  });

  it('versions a changed definition and keeps old releases on the version they used', async () => {
    const same = await saveExpressionIndicator(store(), AF_EXPRESSION, 'analyst', new Date());
    assert.equal(same.created, false);
    const changed = await saveExpressionIndicator(
      store(),
      { ...AF_EXPRESSION, name: 'AF (expression), renamed' },
      'analyst',
      new Date(),
    );
    assert.equal(changed.created, true);
    assert.deepEqual(
      (await indicatorVersions(store().db, 'AF-EXPR')).map((v) => [v.version, v.name]),
      [
        [1, AF_EXPRESSION.name],
        [2, 'AF (expression), renamed'],
      ],
    );
    const third = await recompute(store(), { now: new Date(), actor: 'test' });
    assert.equal(third.status, 'created');
    const version = async (releaseId: number) =>
      (await releaseIndicators(store().db, releaseId)).find((i) => i.code === 'AF-EXPR')!.version;
    assert.equal(await version(third.release.id), 2);
    assert.equal(await version(first.release.id), 1);
    // The old release still regenerates from the version it froze.
    assert.equal(
      (await recompute(store(), { now: new Date(), actor: 'test', release: 'R1' })).status,
      'reproduced',
    );
  });

  it('publishes a release, and refuses to change a published one after its facts changed', async () => {
    const published = await recompute(store(), {
      now: new Date(),
      actor: 'test',
      release: 'R2',
      publish: true,
    });
    assert.equal(published.status, 'reproduced');
    assert.equal(published.release.status, 'published');
    const revised = await importIndicatorTemplate(store(), changedTemplate, 'analyst', new Date());
    assert.equal(revised.imported, true);
    assert.equal(revised.indicators[0]!.created, false, 'same definition: no new version, only new values');
    await assert.rejects(
      recompute(store(), { now: new Date(), actor: 'test', release: 'R2' }),
      PublishedReleaseError,
    );
    const next = await recompute(store(), { now: new Date(), actor: 'test' });
    assert.equal(next.status, 'created');
    assert.notEqual(next.release.results_checksum, published.release.results_checksum);
  });
});
