// Issue 13, points 5 and 6: Fingertips done right, and QOF achievement as built-in indicators.
// - A&E attendances (0–4) is a rate per 1,000: it used to be computed as a percentage (A81004 87.79%
//   where Fingertips publishes 877.86 per 1,000), and every practice whose count exceeds its
//   denominator vanished from the scorecard;
// - an IMD 2019 export of 2021 says Area Type `GP`: it used to load no score at all;
// - a monthly Fingertips indicator (`Apr 2022` …) used to get 0 results and 0 SPC charts;
// - QOF achievement files had no indicator at all.
// A release is computed on real excerpts (fixtures/real-vintages, fixtures/qof-achievement) and the
// published values are reproduced.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { recompute } from '../../src/app/compute/recompute.ts';
import { importFile } from '../../src/app/import/import-file.ts';
import type { Result } from '../../src/store/schema.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { NHS_DATA } from '../support/nhs-data.ts';
import { TempFolder } from './import-fixtures.ts';

const REAL = fileURLToPath(new URL('../fixtures/real-vintages/', import.meta.url));
const ACHIEVEMENT = fileURLToPath(new URL('../fixtures/qof-achievement/', import.meta.url));
const A_AND_E = `${REAL}fingertips/ed-attendances-under5-93930.csv`;

/** The published GP rows of the A&E export: practice → [value, count, denominator]. */
function publishedAandE(): Map<string, [number, number, number]> {
  const [header, ...lines] = readFileSync(A_AND_E, 'utf8').trim().split(/\r?\n/);
  const names = header!.split(',');
  const at = (n: string) => names.indexOf(n);
  const out = new Map<string, [number, number, number]>();
  for (const line of lines) {
    // The excerpt's practice rows hold no quoted commas before the counts.
    const f = line.split(',');
    if (f[at('Area Type')] !== 'GPs') continue;
    out.set(f[at('Area Code')]!, [
      Number(f[at('Value')]),
      Number(f[at('Count')]),
      Number(f[at('Denominator')]),
    ]);
  }
  return out;
}

const MONTHS = ['Apr 2022', 'May 2022', 'Jun 2022', 'Jul 2022', 'Aug 2022', 'Sep 2022'].concat([
  'Oct 2022',
  'Nov 2022',
  'Dec 2022',
  'Jan 2023',
  'Feb 2023',
  'Mar 2023',
]);

/**
 * A monthly export in the published 27-column layout. SYNTHETIC: no monthly Fingertips export at GP
 * level is in the shared data, so its counts are made up (the practices and the layout are real).
 */
async function monthlyExport(folder: TempFolder): Promise<string> {
  const header = readFileSync(A_AND_E, 'utf8').split(/\r?\n/)[0]!;
  const practices = ['A81001', 'A81002', 'A81004', 'A81005', 'A81006'];
  const rows = [header];
  MONTHS.forEach((month, m) => {
    practices.forEach((code, p) => {
      const count = 40 + 3 * p + (m % 4);
      const denominator = 1000 + 100 * p;
      const value = (100 * count) / denominator;
      rows.push(
        `99999,Booked appointments not attended SYNTHETIC,,,${code},${code},GPs,Persons,All ages,,,${month},${value},,,,,${count},${denominator},,,,,2022${String(m + 1).padStart(4, '0')},,,1m`,
      );
    });
  });
  return folder.write('monthly-dna-synthetic.csv', rows);
}

forEachDatabase('Indicators from real Fingertips exports and QOF achievement files', (store) => {
  let folder: TempFolder;
  let results: (Result & { code: string })[];
  before(async () => {
    folder = await TempFolder.create();
    const files: [string, string | undefined][] = [
      [`${REAL}ods/epraccur-2023-12.csv`, '2023-12-04'],
      [A_AND_E, undefined],
      [`${REAL}fingertips/imd-2019-export-area-type-gp.csv`, undefined],
      [await monthlyExport(folder), undefined],
      [`${NHS_DATA}/qof/INDICATOR_MAPPINGS_2023_2024.csv`, undefined],
      [`${ACHIEVEMENT}ACHIEVEMENT_LONDON_2324.csv`, undefined],
    ];
    for (const [path, period] of files)
      await importFile(store(), path, { actor: 'tester', ...(period ? { period } : {}) });
    const outcome = await recompute(store(), { now: TEST_NOW, actor: 'tester', release: 'real-exports' });
    assert.equal(outcome.status, 'created');
    results = (await store()
      .db.selectFrom('result')
      .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
      .selectAll('result')
      .select('indicator.code as code')
      .where('result.area_kind', '=', 'practice')
      .execute()) as (Result & { code: string })[];
  });
  after(async () => {
    await folder.remove();
  });

  const indicator = (code: string) =>
    store().db.selectFrom('indicator').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

  it('builds A&E attendances as a rate per 1,000 and reproduces every published practice value', async () => {
    const ft = await indicator('FT-93930');
    assert.deepEqual(
      [ft.type, ft.multiplier, ft.period_type, ft.name],
      ['rate', 1000, 'financial_year', 'A&E attendances (0 to 4 years) (per 1,000)'],
    );
    const published = publishedAandE();
    const computed = results.filter((r) => r.code === 'FT-93930' && r.period === '2021-22');
    assert.equal(computed.length, published.size);
    for (const r of computed) {
      const [value] = published.get(r.area_code)!;
      assert.ok(Math.abs(r.value! - value) <= 5e-5 * value, `${r.area_code}: ${r.value} ≠ ${value}`);
    }
    const a81004 = computed.find((r) => r.area_code === 'A81004')!;
    assert.equal(a81004.value!.toFixed(2), '877.86');
    // A81001 had 215 attendances for 214 children: a rate may exceed its denominator.
    const a81001 = computed.find((r) => r.area_code === 'A81001')!;
    assert.deepEqual([a81001.numerator, a81001.denominator], [215, 214]);
  });

  it('reads the IMD 2019 scores of an export whose practices are Area Type `GP`', async () => {
    const scores = await store()
      .db.selectFrom('imd_score')
      .selectAll()
      .where('imd_year', '=', 2019)
      .execute();
    assert.equal(scores.length, 12);
    assert.equal(scores.find((s) => s.practice_code === 'A81001')?.score, 32.3609392614188);
  });

  it('computes a monthly indicator month by month, with an SPC chart per practice', async () => {
    const ft = await indicator('FT-99999');
    assert.deepEqual([ft.type, ft.multiplier, ft.period_type], ['proportion', 100, 'month']);
    const monthly = results.filter((r) => r.code === 'FT-99999');
    assert.deepEqual([...new Set(monthly.map((r) => r.period))].sort(), [
      '2022-04',
      '2022-05',
      '2022-06',
      '2022-07',
      '2022-08',
      '2022-09',
      '2022-10',
      '2022-11',
      '2022-12',
      '2023-01',
      '2023-02',
      '2023-03',
    ]);
    const charts = await store()
      .db.selectFrom('spc_summary')
      .select(['practice_code', 'n'])
      .where('indicator_id', '=', ft.id)
      .orderBy('practice_code')
      .execute();
    assert.deepEqual(
      charts.map((c) => [c.practice_code, c.n]),
      [
        ['A81001', 12],
        ['A81002', 12],
        ['A81004', 12],
        ['A81005', 12],
        ['A81006', 12],
      ],
    );
  });

  it('builds QOF achievement, intervention and PCA rates per indicator, with QOF’s words for them', async () => {
    const achievement = await indicator('QOF-ACH-HYP008');
    assert.equal(achievement.name, 'HYP008 (Hypertension): achievement');
    assert.equal(achievement.polarity, 'higher_is_better');
    assert.match(achievement.caveats ?? '', /Worth 14 points in QOF 2023-24/);
    const value = (code: string) =>
      results.find((r) => r.code === code && r.area_code === 'E84012' && r.period === '2023-24')!;
    const ach = value('QOF-ACH-HYP008');
    assert.deepEqual([ach.numerator, ach.denominator], [667, 855]);
    assert.ok(Math.abs(ach.value! - (100 * 667) / 855) < 1e-9);
    const intervention = value('QOF-INT-HYP008');
    assert.deepEqual([intervention.numerator, intervention.denominator], [667, 900]);
    const pca = value('QOF-PCA-HYP008');
    assert.deepEqual([pca.numerator, pca.denominator], [45, 900]);
    assert.equal((await indicator('QOF-PCA-HYP008')).polarity, 'no_judgement');
  });
});
