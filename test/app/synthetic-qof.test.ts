// The demo's SYNTHETIC QOF achievement (issue 14 point 3), on both databases: made for every practice
// of 16C with published 2022-23 points (the real file's 16C rows, imported as published), imported
// through the real achievement import labelled SYNTHETIC, and calibrated: the scheme engine, applying
// qof-2022-23's thresholds to the made-up counts, gives each practice exactly its published total.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importPaths } from '../../src/app/import/index.ts';
import { qofAchievementDefinitions } from '../../src/app/indicators/built-in.ts';
import { inputsFromAchievement, readSchemeFile } from '../../src/app/schemes/index.ts';
import { importSyntheticQofAchievement } from '../../src/app/schemes/synthetic-qof.ts';
import { calculateScheme } from '../../src/domain/schemes/calculate.ts';
import type { QofScheme } from '../../src/domain/schemes/index.ts';
import { syntheticQofAchievement } from '../../src/domain/schemes/synthetic-qof.ts';
import { forEachDatabase } from '../support/databases.ts';

const REAL_16C = fileURLToPath(new URL('../fixtures/real-16c/', import.meta.url));
const QOF_FILE = fileURLToPath(new URL('../../schemes/examples/qof-2022-23.json', import.meta.url));

async function qofScheme(): Promise<QofScheme> {
  const read = await readSchemeFile(QOF_FILE);
  assert.ok(read.ok && read.scheme.kind === 'qof');
  return read.scheme as QofScheme;
}

it('the generator is deterministic and hits a hard total to the hundredth of a point', async () => {
  const scheme = await qofScheme();
  const practice = { practiceCode: 'A81001', publishedPoints: 575.06, listSize: 3996, prevalence: {} };
  const a = syntheticQofAchievement(scheme, [practice]);
  const b = syntheticQofAchievement(scheme, [practice]);
  assert.deepEqual(a.rows, b.rows);
  assert.equal(a.points.get('A81001'), 575.06);
  // A total below what the registers alone earn cannot be reached, and says so.
  const low = syntheticQofAchievement(scheme, [{ ...practice, publishedPoints: 50 }]);
  assert.equal(low.points.size, 0);
  assert.match(low.skipped[0]!.reason, /fewer than its registers alone earn/);
});

forEachDatabase('SYNTHETIC QOF achievement calibrated to the published points', (store) => {
  before(async () => {
    const outcomes = await importPaths(
      store(),
      [
        `${REAL_16C}qof-points-by-practice-2022-23.csv`,
        `${REAL_16C}nhs-payments-to-general-practice-2022-23.csv`,
      ],
      { actor: 'analyst' },
    );
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['imported', 'imported'],
    );
  });

  it('makes counts for every practice of 16C with published points, and the engine gives each its published total', async () => {
    const db = store().db;
    const scheme = await qofScheme();
    const made = await importSyntheticQofAchievement(store(), scheme, '16C', 'demo');
    assert.equal(made.outcome.status, 'imported');
    assert.deepEqual(made.skipped, []);
    const published = await db
      .selectFrom('qof_practice')
      .select(['practice_code', 'achieved_points'])
      .where('qof_year', '=', '2022-23')
      .execute();
    assert.equal(made.practices, published.length);
    assert.ok(published.length >= 70, `${published.length} practices`);

    const inputs = await inputsFromAchievement(db, scheme, '2022-23', '16C');
    const calculation = calculateScheme(scheme, inputs);
    const totals = new Map(
      calculation.statements.map((s) => [s.orgCode, s.lines.find((l) => l.lineType === 'total')!]),
    );
    for (const p of published) {
      const total = totals.get(p.practice_code);
      assert.ok(total, `${p.practice_code} has a statement`);
      assert.equal(total.pointsAchieved, Number(p.achieved_points), p.practice_code);
      assert.ok(total.amount > 0, `${p.practice_code} is paid`);
    }
    // Lists are the QOF year's (the practice summary's list at 1 January 2023), not an older one.
    const a81001 = totals.get('A81001')!;
    assert.equal(a81001.listSize, 3996);
    assert.match(a81001.note, /QOF 2022-23 practice summary, list size at 2023-01-01/);
  });

  it('says SYNTHETIC in the import history and in the calculation source every statement shows', async () => {
    const db = store().db;
    const batch = await db
      .selectFrom('import_batch')
      .select(['file_name', 'publisher'])
      .where('format', '=', 'qof-achievement')
      .executeTakeFirstOrThrow();
    assert.equal(batch.file_name, 'ACHIEVEMENT_SYNTHETIC_16C_2223.csv');
    assert.match(batch.publisher, /^SYNTHETIC: /);
    const inputs = await inputsFromAchievement(db, await qofScheme(), '2022-23', '16C');
    assert.match(inputs.source, /^SYNTHETIC: /);
  });

  it('never benchmarks the SYNTHETIC counts as published achievement', async () => {
    assert.deepEqual(await qofAchievementDefinitions(store()), []);
  });
});
