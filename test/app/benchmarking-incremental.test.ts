// Incremental releases on a real slice (60 London practices' atrial fibrillation registers 2017-18
// and 2018-19 with their hierarchy, population and IMD) plus two local indicators from Fairview
// templates carrying CLEARLY SYNTHETIC monthly values made up by this test. After a first release, a
// new month of one local indicator arrives: the next release computes only that indicator and copies
// every other one's rows, and its checksum is the one a full recompute gives.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { CaseMixInputs } from '../../src/app/compute/casemix-inputs.ts';
import { type RecomputeProgress, recompute } from '../../src/app/compute/recompute.ts';
import { saveExpressionIndicator } from '../../src/app/indicators/expression-indicator.ts';
import { importIndicatorTemplate } from '../../src/app/indicators/import-template.ts';
import type { Store } from '../../src/store/database.ts';
import { forEachDatabase } from '../support/databases.ts';
import { firstPractices, importSlice, type Slice, writeSlice } from './benchmarking-fixture.ts';

// London practices (F8…): their rows of the 2016 list-size file parse (an area team name with a comma
// shifts the columns of the North East's), so they have populations, case-mix models and peers.
const practices = [...firstPractices('PREVALENCE_1718.csv', 8000)]
  .filter((c) => c.startsWith('F8'))
  .slice(0, 60);
let slice: Slice;
const files: Record<'access' | 'accessMore' | 'visits' | 'visitsMore', string> = {
  access: '',
  accessMore: '',
  visits: '',
  visitsMore: '',
};

/** Synthetic monthly values for 15 practices from 2023-04, `months` long. */
function syntheticTemplate(code: string, name: string, months: number, seed: number): string {
  const header =
    'indicator_code,indicator_name,type,multiplier,polarity,period_type,practice_code,period,numerator,denominator';
  const rows = practices.slice(0, 15).flatMap((practice, p) =>
    Array.from({ length: months }, (_, m) => {
      const month = `${2023 + Math.floor((m + 3) / 12)}-${String(((m + 3) % 12) + 1).padStart(2, '0')}`;
      const denominator = 300 + 17 * p;
      const numerator = 30 + ((p * seed + m * 5) % 21);
      return `${code},${name} (SYNTHETIC; made up for tests),proportion,100,lower_is_better,month,${practice},${month},${numerator},${denominator}`;
    }),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

before(async () => {
  slice = await writeSlice({
    prevalence: ['PREVALENCE_1718.csv', 'PREVALENCE_1819_v2.csv'],
    groups: ['AF'],
    hierarchy: ['ORGANISATION_REFERENCE_1718.csv', 'ORGANISATION_REFERENCE_1819_v2.csv'],
    practices: new Set(practices),
  });
  files.access = join(slice.folder, 'syn-access-12.csv');
  await writeFile(files.access, syntheticTemplate('SYN-DNA', 'Missed appointments', 12, 7));
  files.accessMore = join(slice.folder, 'syn-access-13.csv');
  await writeFile(files.accessMore, syntheticTemplate('SYN-DNA', 'Missed appointments', 13, 7));
  files.visits = join(slice.folder, 'syn-visits.csv');
  await writeFile(files.visits, syntheticTemplate('SYN-VISITS', 'Home visits late', 12, 3));
  files.visitsMore = join(slice.folder, 'syn-visits-13.csv');
  await writeFile(files.visitsMore, syntheticTemplate('SYN-VISITS', 'Home visits late', 13, 3));
});
after(() => slice.remove());

const TABLES = ['result', 'funnel_fit', 'casemix_fit', 'spc_point', 'spc_summary'] as const;

/** Every row of `table` for one indicator code in a release, without ids, as sorted JSON. */
async function rowsOf(store: Store, table: (typeof TABLES)[number], release: string, code: string) {
  const rows = await store.db
    .selectFrom(table)
    .innerJoin('release', 'release.id', `${table}.release_id`)
    .innerJoin('indicator', 'indicator.id', `${table}.indicator_id`)
    .selectAll(table)
    .select('indicator.version')
    .where('release.name', '=', release)
    .where('indicator.code', '=', code)
    .execute();
  return rows.map(({ release_id: _, indicator_id: __, ...rest }) => JSON.stringify(rest)).sort();
}

async function checksums(store: Store, release: string): Promise<Map<string, string | null>> {
  const rows = await store.db
    .selectFrom('release_indicator')
    .innerJoin('release', 'release.id', 'release_indicator.release_id')
    .innerJoin('indicator', 'indicator.id', 'release_indicator.indicator_id')
    .select(['indicator.code', 'release_indicator.results_checksum'])
    .where('release.name', '=', release)
    .execute();
  return new Map(rows.map((r) => [r.code, r.results_checksum] as const));
}

forEachDatabase('Releases: incremental, copying unchanged indicators', (store) => {
  before(async () => {
    await importSlice(store(), slice);
    await importIndicatorTemplate(store(), files.access, 'analyst', new Date());
    await importIndicatorTemplate(store(), files.visits, 'analyst', new Date());
    await saveExpressionIndicator(
      store(),
      {
        code: 'AF-EXPR',
        name: 'Atrial fibrillation register as an expression',
        type: 'proportion',
        numerator: 'qof_prevalence.register[AF]',
        denominator: 'qof_prevalence.list[AF]',
        multiplier: 100,
        polarity: 'no_judgement',
        periodType: 'financial_year',
      },
      'analyst',
      new Date(),
    );
  });

  const ALL = ['AF-EXPR', 'QOF-PREV-AF', 'SYN-DNA', 'SYN-VISITS'];
  const UNCHANGED = ['AF-EXPR', 'QOF-PREV-AF', 'SYN-VISITS'];
  let first: Awaited<ReturnType<typeof recompute>>;
  let second: Awaited<ReturnType<typeof recompute>>;

  it('computes every indicator of a first release, storing a checksum per indicator', async () => {
    first = await recompute(store(), { now: new Date(), actor: 'test', release: 'M1' });
    assert.equal(first.status, 'created');
    assert.deepEqual(first.indicators, { computed: ALL, copied: [] });
    const sums = await checksums(store(), 'M1');
    assert.deepEqual([...sums.keys()].sort(), ALL);
    for (const sum of sums.values()) assert.match(sum ?? '', /^[0-9a-f]{64}$/);
  });

  it('after a new month of one local indicator, computes only that one and copies the rest', async () => {
    const imported = await importIndicatorTemplate(store(), files.accessMore, 'analyst', new Date());
    assert.equal(imported.imported, true);
    const events: RecomputeProgress[] = [];
    second = await recompute(store(), {
      now: new Date(),
      actor: 'test',
      release: 'M2',
      onProgress: (e) => events.push(e),
    });
    assert.equal(second.status, 'created');
    assert.deepEqual(second.indicators, { computed: ['SYN-DNA'], copied: UNCHANGED });
    assert.ok((second.rows?.peer ?? 0) > 0, 'the slice has peer groups');
    assert.deepEqual(
      events.filter((e) => e.type === 'copied').map((e) => e.type === 'copied' && `${e.code}<${e.from}`),
      ['AF-EXPR<M1', 'QOF-PREV-AF<M1', 'SYN-VISITS<M1'],
    );
    assert.ok(
      events.every((e) => e.type !== 'indicator' || e.code === 'SYN-DNA'),
      'no unchanged indicator was computed',
    );
    assert.notEqual(second.release.results_checksum, first.release.results_checksum);
    // The copied rows are the first release's, table by table; the changed indicator has a new month.
    for (const code of UNCHANGED) {
      for (const table of TABLES) {
        const before = await rowsOf(store(), table, 'M1', code);
        // Two QOF years are too few for an SPC chart; every other table has rows for every indicator.
        if (!table.startsWith('spc') || code.startsWith('SYN'))
          assert.ok(before.length > 0, `${code} ${table}`);
        assert.deepEqual(await rowsOf(store(), table, 'M2', code), before, `${code} ${table}`);
      }
    }
    const months = async (release: string) =>
      new Set((await rowsOf(store(), 'result', release, 'SYN-DNA')).map((r) => JSON.parse(r).period)).size;
    assert.equal(await months('M1'), 12);
    assert.equal(await months('M2'), 13);
    const [sums1, sums2] = [await checksums(store(), 'M1'), await checksums(store(), 'M2')];
    for (const code of UNCHANGED) assert.equal(sums2.get(code), sums1.get(code));
    assert.notEqual(sums2.get('SYN-DNA'), sums1.get('SYN-DNA'));
    // Taken, not written again: M2 stores rows only for the indicator it computed, and refers to M1's
    // peer groups (the same shared batches and number of peers).
    const stored = await sql<{ code: string }>`
      select distinct indicator.code from result_rows join indicator on indicator.id = result_rows.indicator_id
      where result_rows.release_id = ${second.release.id}`.execute(store().db);
    assert.deepEqual(
      stored.rows.map((r) => r.code),
      ['SYN-DNA'],
    );
    const m2 = await store()
      .db.selectFrom('release')
      .select('peers_computed_in')
      .where('id', '=', second.release.id)
      .executeTakeFirstOrThrow();
    assert.equal(m2.peers_computed_in, first.release.id);
    assert.equal(second.rows?.peer, first.rows?.peer);
    // The row counts include the copied rows.
    const results = await store()
      .db.selectFrom('result')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('release_id', '=', second.release.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(results.n), second.release.result_count);
    assert.equal(second.rows?.result, second.release.result_count);
  });

  it('regenerates the incremental release from scratch to the same checksum', async () => {
    const again = await recompute(store(), { now: new Date(), actor: 'test', release: 'M2' });
    assert.equal(again.status, 'reproduced');
    assert.deepEqual(again.indicators, { computed: ALL, copied: [] });
    assert.equal(again.release.results_checksum, second.release.results_checksum);
  });

  it('gives a full recompute the same checksum and rows as the incremental one', async () => {
    const full = await recompute(store(), { now: new Date(), actor: 'test', release: 'M2-full', full: true });
    assert.equal(full.status, 'created');
    assert.deepEqual(full.indicators, { computed: ALL, copied: [] });
    assert.equal(full.release.results_checksum, second.release.results_checksum);
    assert.deepEqual(await checksums(store(), 'M2-full'), await checksums(store(), 'M2'));
    for (const code of ALL) {
      for (const table of TABLES) {
        assert.deepEqual(
          await rowsOf(store(), table, 'M2-full', code),
          await rowsOf(store(), table, 'M2', code),
          `${code} ${table}`,
        );
      }
    }
  });

  it('copies nothing when the peer groups differ (they feed every comparison)', async () => {
    const other = await recompute(store(), { now: new Date(), actor: 'test', release: 'M3', peerCount: 5 });
    assert.deepEqual(other.indicators, { computed: ALL, copied: [] });
    assert.notEqual(other.release.results_checksum, second.release.results_checksum);
    // …and a release with the usual peers again copies every indicator from the latest matching one.
    const back = await recompute(store(), { now: new Date(), actor: 'test', release: 'M4' });
    assert.deepEqual(back.indicators, { computed: [], copied: ALL });
    assert.equal(back.release.results_checksum, second.release.results_checksum);
  });

  it('keeps the rows a later release took from a draft when the draft is replaced', async () => {
    // M4 took every indicator's rows from M2-full, a draft; M2-full is now made again from new inputs.
    const held = async (release: string) => {
      const out: string[][] = [];
      for (const code of ALL)
        for (const table of TABLES) out.push(await rowsOf(store(), table, release, code));
      return out;
    };
    const m4 = await held('M4');
    assert.ok(m4.flat().length > 0);
    await importIndicatorTemplate(store(), files.visitsMore, 'analyst', new Date());
    const replaced = await recompute(store(), { now: new Date(), actor: 'test', release: 'M2-full' });
    assert.equal(replaced.status, 'replaced');
    assert.deepEqual(replaced.indicators, {
      computed: ['SYN-VISITS'],
      copied: ['AF-EXPR', 'QOF-PREV-AF', 'SYN-DNA'],
    });
    assert.deepEqual(await held('M4'), m4, 'M4 holds the same rows');
    assert.equal(
      (await checksums(store(), 'M4')).get('SYN-VISITS'),
      (await checksums(store(), 'M2')).get('SYN-VISITS'),
    );
    // The rows M4 now stores are referred to by the new M2-full: deleting M4 alone is refused.
    await assert.rejects(
      store().db.deleteFrom('release').where('name', '=', 'M4').execute(),
      /computed_in|foreign key/,
    );
    assert.ok(
      await store().db.selectFrom('release').select('id').where('name', '=', 'M4').executeTakeFirst(),
    );
  });

  it("reads a few practices' populations exactly as the whole extract gives them", async () => {
    const db = store().db;
    const whole = await (await CaseMixInputs.load(db)).forDate('2019-03-31');
    assert.ok(whole.population.size >= 50, 'the slice has populations');
    const codes = [...whole.population.keys()].sort();
    const few = await CaseMixInputs.load(db);
    // Two periods' practices, the second overlapping the first and naming one the extract lacks.
    const first = await few.forDate('2019-03-31', codes.slice(0, 10));
    const second = await few.forDate('2019-03-31', [...codes.slice(5, 20), 'Z99999']);
    assert.deepEqual([...first.population.keys()].sort(), codes.slice(0, 20));
    for (const sources of [first, second])
      for (const code of codes.slice(0, 20)) {
        assert.deepEqual(sources.population.get(code), whole.population.get(code), code);
        assert.deepEqual(sources.finePopulation.get(code), whole.finePopulation.get(code), code);
      }
    // Beyond the limit the whole extract is read at once.
    const many = Array.from({ length: 2001 }, (_, i) => `Y${String(i).padStart(5, '0')}`);
    const all = await few.forDate('2019-03-31', [codes[0]!, ...many]);
    assert.deepEqual([...all.population.keys()].sort(), codes);
    for (const code of codes) assert.deepEqual(all.finePopulation.get(code), whole.finePopulation.get(code));
  });
});
