// The shipped prescribing measures, each computed two ways on the real EPD excerpt (September 2017,
// four practices): by Fairview (one SQL pass over the stored sums, then the pure benchmarking) and by
// hand here (the raw CSV rows, split and summed directly, with the BNF patterns matched by a regular
// expression). A few values are also pinned as computed by a separate Python script from the raw CSV.
// List sizes come from the real registrations file of January 2021 (the nearest extract we hold).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { recompute } from '../../src/app/compute/recompute.ts';
import { importFile } from '../../src/app/import/import-file.ts';
import { loadMeasures, recomputeMeasures } from '../../src/app/prescribing/measures.ts';
import { measureDeciles, measureSavings } from '../../src/app/prescribing/views.ts';
import type { BnfSelection, MeasureDefinition } from '../../src/domain/prescribing/measure.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { NHS_DATA } from '../support/nhs-data.ts';
import { TempFolder } from './import-fixtures.ts';

const EXCERPT = join(NHS_DATA, 'prescribing/epd_201709.csv');
const PRACTICES = ['B85010', 'B85054', 'L84018', 'L84073'];

interface RawRow {
  practice: string;
  bnf: string;
  items: number;
  quantity: number;
  adq: number;
  cost: number;
}

/** The excerpt's rows, read plainly (no field of interest is quoted). */
function rawRows(): RawRow[] {
  const lines = readFileSync(EXCERPT, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const header = lines[0]!.split(',');
  const at = (name: string) => header.indexOf(name) - header.length; // counted from the end
  return lines.slice(1).map((line) => {
    const f = line.split(',');
    const get = (name: string) => f[f.length + at(name)]!;
    return {
      practice: get('PRACTICE_CODE'),
      bnf: get('BNF_CODE'),
      items: Number(get('ITEMS')),
      quantity: Number(get('TOTAL_QUANTITY')),
      adq: Number(get('ADQUSAGE') || 0),
      cost: Number(get('ACTUAL_COST')),
    };
  });
}

function patternRegex(pattern: string): RegExp {
  const [prefix, ending] = pattern.split('%');
  return ending === undefined ? new RegExp(`^${prefix}`) : new RegExp(`^${prefix}.*${ending}$`);
}

function handSum(rows: readonly RawRow[], s: BnfSelection): number {
  const include = s.include.map(patternRegex);
  const exclude = s.exclude.map(patternRegex);
  let total = 0;
  for (const r of rows) {
    if (!include.some((x) => x.test(r.bnf)) || exclude.some((x) => x.test(r.bnf))) continue;
    total +=
      s.value === 'items'
        ? r.items
        : s.value === 'quantity'
          ? r.quantity
          : s.value === 'adq'
            ? r.adq
            : r.cost;
  }
  return total;
}

let folder: TempFolder;
let measures: MeasureDefinition[];
before(async () => {
  folder = await TempFolder.create();
  measures = await loadMeasures();
});
after(async () => {
  await folder.remove();
});

it('ships at least 20 measures, each with why it matters, authors, a checker, a review date and a source', async () => {
  const all = await loadMeasures();
  assert.ok(all.length >= 20, `${all.length} measures`);
  for (const m of all) {
    assert.ok(m.whyItMatters.length > 40, m.id);
    assert.match(m.source.url, /^https:\/\//, m.id);
    assert.ok(m.source.licence.length > 0 && m.authoredBy.length > 0 && m.checkedBy.length > 0, m.id);
  }
  const tags = new Set(all.flatMap((m) => m.tags));
  for (const tag of ['antimicrobial', 'lowpriority', 'uptake', 'safety']) assert.ok(tags.has(tag), tag);
});

forEachDatabase('Prescribing measures on the real excerpt', (store) => {
  before(async () => {
    await importFile(store(), EXCERPT, { actor: 'tester' });
    const lines = readFileSync(join(NHS_DATA, 'registrations/gp-reg-pat-prac-all-2021-01.csv'), 'utf8')
      .split('\n')
      .filter((l, i) => i === 0 || PRACTICES.some((p) => l.includes(`,${p},`)));
    const path = join(folder.path, 'gp-reg-pat-prac-all-2021-01.csv');
    await writeFile(path, `${lines.join('\n')}\n`);
    await importFile(store(), path, { actor: 'tester' });
  });

  it('computes every measure as the hand computation does, practice by practice', async () => {
    const outcome = await recomputeMeasures(store(), { measures });
    assert.deepEqual(outcome.months, ['2017-09-01']);
    const rows = rawRows();
    const lists = new Map(
      (await store().db.selectFrom('list_size').select(['practice_code', 'patients']).execute()).map((r) => [
        r.practice_code,
        Number(r.patients),
      ]),
    );
    assert.equal(lists.get('B85054'), 10_019);
    const stored = await store().db.selectFrom('prescribing_measure_value').selectAll().execute();
    let nonZero = 0;
    for (const m of measures) {
      for (const practice of PRACTICES) {
        const mine = rows.filter((r) => r.practice === practice);
        const numerator = handSum(mine, m.numerator);
        // The all-persons registrations file has no age-sex bands, so no practice has a STAR-PU
        // (test/app/prescribing-star-pu.test.ts computes one by hand from a file that has them).
        const denominator =
          m.denominator.kind === 'bnf'
            ? handSum(mine, m.denominator)
            : m.denominator.population === 'star_pu'
              ? 0
              : lists.get(practice)!;
        const value = stored.find((s) => s.measure_id === m.id && s.practice_code === practice);
        assert.ok(value, `${m.id} ${practice}`);
        assert.ok(Math.abs(value.numerator - numerator) < 1e-6, `${m.id} ${practice} numerator`);
        assert.ok(Math.abs((value.denominator ?? 0) - denominator) < 1e-6, `${m.id} ${practice} denominator`);
        const scale = m.denominator.kind === 'bnf' ? 100 : 1000;
        const ratio = denominator > 0 ? (numerator / denominator) * scale : null;
        if (ratio === null) assert.equal(value.ratio, null);
        else assert.ok(Math.abs(value.ratio! - ratio) < 1e-9, `${m.id} ${practice} ratio`);
        if (numerator > 0) nonZero++;
      }
    }
    assert.ok(nonZero > 60, `most measures have prescribing in the excerpt (${nonZero})`);
  });

  it('matches values computed separately from the raw file', async () => {
    const db = store().db;
    const ratio = async (id: string, practice: string) =>
      (
        await db
          .selectFrom('prescribing_measure_value')
          .select('ratio')
          .where('measure_id', '=', id)
          .where('practice_code', '=', practice)
          .executeTakeFirstOrThrow()
      ).ratio!;
    const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);
    close(await ratio('antibiotics-broad-spectrum', 'L84018'), (31 / 269) * 100);
    close(await ratio('antibiotics-trimethoprim', 'L84073'), (6 / 33) * 100);
    close(await ratio('doac-uptake', 'B85054'), (168 / 281) * 100);
    close(await ratio('antibiotics-per-1000', 'L84018'), (269 / 13_183) * 1000);
    close(await ratio('lp-co-proxamol', 'L84073'), (1371.06727 / 4275) * 1000);
    close(await ratio('hypnotics-adq-per-1000', 'B85010'), (1775.6 / 6535) * 1000);
  });

  it('stores England deciles per month and a saving only above the 10th percentile', async () => {
    const db = store().db;
    const decile = await db
      .selectFrom('prescribing_measure_decile')
      .selectAll()
      .where('measure_id', '=', 'antibiotics-trimethoprim')
      .executeTakeFirstOrThrow();
    assert.equal(decile.practices, 4);
    // Ratios sorted: 18.18, 51.47, 54.62, 63.51; the 10th percentile sits 0.3 of the way from the first to the second.
    const sorted = [6 / 33, 35 / 68, 65 / 119, 47 / 74].map((x) => x * 100);
    const p10 = sorted[0]! + (sorted[1]! - sorted[0]!) * 0.3;
    assert.ok(Math.abs(decile.deciles[0]! - p10) < 1e-9);
    const values = await db
      .selectFrom('prescribing_measure_value')
      .selectAll()
      .where('measure_id', '=', 'antibiotics-trimethoprim')
      .orderBy('practice_code')
      .execute();
    const l84073 = values.find((v) => v.practice_code === 'L84073')!;
    assert.equal(l84073.saving, 0);
    assert.equal(l84073.percentile, 0);
    const l84018 = values.find((v) => v.practice_code === 'L84018')!;
    assert.ok(Math.abs(l84018.saving - l84018.numerator_cost * (1 - p10 / l84018.ratio!)) < 1e-9);
    assert.ok(l84018.saving > 0);
    // An uptake measure (high is good) estimates no saving.
    const doac = await db
      .selectFrom('prescribing_measure_value')
      .select('saving')
      .where('measure_id', '=', 'doac-uptake')
      .execute();
    assert.ok(doac.every((d) => d.saving === 0));
  });

  it('reads back the deciles and the largest savings for the CLI', async () => {
    const deciles = await measureDeciles(store(), 'antibiotics-trimethoprim');
    assert.deepEqual(
      deciles.map((d) => [d.month, d.practices, d.deciles.length]),
      [['2017-09', 4, 9]],
    );
    const savings = await measureSavings(store(), 'antibiotics-trimethoprim');
    // L84073 is the 10th-percentile end itself: no saving, so not listed; the rest by saving.
    assert.deepEqual(
      savings.map((s) => s.practiceCode),
      ['B85054', 'L84018', 'B85010'],
    );
    assert.ok(savings[0]!.saving >= savings[1]!.saving && savings[1]!.saving >= savings[2]!.saving);
  });

  it('makes each measure a monthly indicator that a release benchmarks like any other', async () => {
    const outcome = await recompute(store(), { now: TEST_NOW, actor: 'tester', release: 'RX-1' });
    assert.ok(outcome.newIndicatorVersions.includes('RX-antibiotics-trimethoprim v1'));
    const db = store().db;
    const indicator = await db
      .selectFrom('indicator')
      .selectAll()
      .where('code', '=', 'RX-antibiotics-trimethoprim')
      .executeTakeFirstOrThrow();
    assert.equal(indicator.domain, 'prescribing');
    assert.equal(indicator.period_type, 'month');
    assert.equal(indicator.polarity, 'lower_is_better');
    const results = await db
      .selectFrom('result')
      .innerJoin('release', 'release.id', 'result.release_id')
      .select(['result.area_code', 'result.period', 'result.numerator', 'result.denominator', 'result.value'])
      .where('release.name', '=', 'RX-1')
      .where('result.indicator_id', '=', indicator.id)
      .where('result.area_kind', '=', 'practice')
      .orderBy('result.area_code')
      .execute();
    assert.deepEqual(
      results.map((r) => [r.area_code, r.period, r.numerator, r.denominator]),
      [
        ['B85010', '2017-09', 35, 68],
        ['B85054', '2017-09', 65, 119],
        ['L84018', '2017-09', 47, 74],
        ['L84073', '2017-09', 6, 33],
      ],
    );
    assert.ok(Math.abs(results[3]!.value! - (6 / 33) * 100) < 1e-9);
    // Nothing new: the measures are not recomputed and no indicator gets a new version.
    const again = await recompute(store(), { now: TEST_NOW, actor: 'tester', release: 'RX-2' });
    assert.deepEqual(
      again.newIndicatorVersions.filter((v) => v.startsWith('RX-')),
      [],
    );
  });
});
