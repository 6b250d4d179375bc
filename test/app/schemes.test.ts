// Scheme calculations as the use cases run them, on both databases: QOF-style statements from the
// imported achievement fixtures (real practice and indicator codes), stored in one transaction and
// reproduced exactly; a local scheme from a release computed from real QOF registers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { recompute } from '../../src/app/compute/recompute.ts';
import { importPaths } from '../../src/app/import/index.ts';
import { submissionBlocks } from '../../src/app/schemes/approval.ts';
import {
  calculateAndStore,
  findReleaseByName,
  inputsFromAchievement,
  inputsFromRelease,
  latestCalculation,
  readSchemeFile,
  SchemeVersionConflictError,
  statementLines,
} from '../../src/app/schemes/index.ts';
import { headlineFlags, practiceContext } from '../../src/app/schemes/what-if.ts';
import { equityView } from '../../src/domain/schemes/equity.ts';
import type { LocalScheme, QofScheme, SchemeDefinition } from '../../src/domain/schemes/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { firstPractices, importSlice, type Slice, writeSlice } from './benchmarking-fixture.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/qof-achievement/', import.meta.url));
const QOF_FILE = fileURLToPath(new URL('../../schemes/examples/qof-2023-24.json', import.meta.url));

async function qofScheme(): Promise<QofScheme> {
  const read = await readSchemeFile(QOF_FILE);
  assert.ok(read.ok && read.scheme.kind === 'qof');
  return read.scheme as QofScheme;
}

/** The published ACHIEVED_POINTS of the fixtures, by practice and indicator. */
function publishedPoints(): Map<string, number> {
  const points = new Map<string, number>();
  for (const file of ['ACHIEVEMENT_LONDON_2324.csv', 'ACHIEVEMENT_NORTH_EAST_AND_YORKSHIRE_2324.csv']) {
    for (const line of readFileSync(FIXTURES + file, 'utf8')
      .split(/\r?\n/)
      .slice(1)) {
      const f = line.split(',');
      if (f[5] === 'ACHIEVED_POINTS') points.set(`${f[3]} ${f[4]}`, Number(f[6]));
    }
  }
  return points;
}

forEachDatabase('QOF-style statements from imported achievement files', (store) => {
  before(async () => {
    const outcomes = await importPaths(store(), [FIXTURES], { actor: 'analyst' });
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['imported', 'imported', 'imported', 'imported'],
    );
  });

  let first: Awaited<ReturnType<typeof calculateAndStore>>;
  it('calculates a statement for each of the five practices and stores every line in one go', async () => {
    const scheme = await qofScheme();
    const inputs = await inputsFromAchievement(store().db, scheme);
    assert.deepEqual(
      inputs.practices.map((p) => p.practiceCode),
      ['A81001', 'A81002', 'E83003', 'E83005', 'E84012'],
    );
    first = await calculateAndStore(store(), {
      now: new Date(),
      scheme,
      inputs,
      sourceKind: 'qof_achievement',
      actor: 'analyst',
    });
    assert.equal(first.status, 'created');
    assert.equal(first.calculation.statement_count, 5);
    assert.equal(first.calculation.line_count, 5 * 77); // 76 indicators and a total each
    const lines = await statementLines(store().db, first.calculation.id, 'E84012');
    assert.equal(lines.length, 77);
    assert.equal(lines.at(-1)!.line_type, 'total');
  });

  it('reads the published long format: numerator, denominator after PCAs, PCAs, and eligible = both', async () => {
    const hyp = (await statementLines(store().db, first.calculation.id, 'E84012')).find(
      (l) => l.item_code === 'HYP008',
    )!;
    // Fixture rows: NUMERATOR 667.0, DENOMINATOR 855, PCAS 45 → 667 / 855 = 78.01% ≥ 77: all 14 points.
    assert.deepEqual([hyp.numerator, hyp.denominator, hyp.exceptions, hyp.eligible], [667, 855, 45, 900]);
    assert.ok(Math.abs(hyp.achievement! - (100 * 667) / 855) < 1e-12);
    assert.equal(hyp.points_achieved, 14);
  });

  it('agrees with the published ACHIEVED_POINTS on every ratio indicator of every practice', () => {
    const published = publishedPoints();
    let compared = 0;
    for (const statement of first.result.statements) {
      for (const line of statement.lines) {
        if (line.lineType !== 'indicator') continue;
        const p = published.get(`${line.orgCode} ${line.itemCode}`);
        if (p === undefined) continue;
        assert.equal(line.pointsAchieved, p, `${line.orgCode} ${line.itemCode}`);
        compared++;
      }
    }
    assert.equal(compared, 5 * 7);
  });

  it('pays the indicators without counts nothing, and says so', () => {
    const e = first.result.statements.find((s) => s.orgCode === 'E84012')!;
    const ndh = e.lines.find((l) => l.itemCode === 'NDH002')!;
    assert.equal(ndh.amount, 0);
    assert.equal(ndh.note, 'no counts for this indicator');
  });

  it('reproduces exactly: the same version from the same inputs stores nothing new', async () => {
    const scheme = await qofScheme();
    const again = await calculateAndStore(store(), {
      now: new Date(),
      scheme,
      inputs: await inputsFromAchievement(store().db, scheme),
      sourceKind: 'qof_achievement',
      actor: 'analyst',
    });
    assert.equal(again.status, 'reproduced');
    assert.equal(again.checksum, first.checksum);
    assert.equal(again.csv, first.csv);
    assert.equal((await latestCalculation(store().db, 'qof-2023-24'))!.id, first.calculation.id);
  });

  it('refuses a changed definition under the same version number, storing nothing', async () => {
    const changed: SchemeDefinition = { ...(await qofScheme()), poundsPerPoint: 220.62 };
    const inputs = await inputsFromAchievement(store().db, changed);
    await assert.rejects(
      calculateAndStore(store(), {
        now: new Date(),
        scheme: changed,
        inputs,
        sourceKind: 'qof_achievement',
        actor: 'analyst',
      }),
      SchemeVersionConflictError,
    );
    const v2 = await calculateAndStore(store(), {
      now: new Date(),
      scheme: { ...changed, version: 2 },
      inputs,
      sourceKind: 'qof_achievement',
      actor: 'analyst',
    });
    assert.equal(v2.status, 'created');
    assert.ok(v2.result.totalAmount > first.result.totalAmount); // £220.62 > £213.43 a point
    const audit = await store()
      .db.selectFrom('audit_log')
      .select('action')
      .where('entity', 'like', '%')
      .execute();
    assert.equal(audit.filter((a) => a.action === 'scheme_calculated').length, 2);
  });
});

// A local case-finding scheme on the real 2018-19 and 2019-20 AF registers of 30 practices.
const LOCAL: LocalScheme = {
  kind: 'local',
  id: 'af-case-finding',
  version: 1,
  name: 'AF case finding',
  year: '2019-20',
  description: null,
  startsOn: '2019-04-01',
  endsOn: '2020-03-31',
  capPerPatient: null,
  replaces: null,
  indicators: [
    {
      code: 'QOF-PREV-AF',
      name: null,
      polarity: 'higher_is_better',
      target: { relativeTo: 'own_baseline', change: 0, ceiling: null },
      bands: [{ label: 'No fall in recorded prevalence', minimumGap: 0, payment: { perPatient: 0.1 } }],
    },
  ],
};

describe('A local scheme calculated from a release', () => {
  let slice: Slice;
  before(async () => {
    slice = await writeSlice({
      prevalence: ['PREVALENCE_1819_v2.csv', 'PREVALENCE_1920.csv'],
      groups: ['AF'],
      hierarchy: ['ORGANISATION_REFERENCE_1819_v2.csv'],
      practices: firstPractices('PREVALENCE_1920.csv', 30),
    });
  });
  after(async () => {
    await slice.remove();
  });

  forEachDatabase('local scheme from release', (store) => {
    it('pays each practice whose recorded AF prevalence did not fall, and reproduces from the release', async () => {
      await importSlice(store(), slice);
      await recompute(store(), { now: new Date(), actor: 'test', release: 'R1' });
      const release = await findReleaseByName(store().db, 'R1');
      const inputs = await inputsFromRelease(store().db, LOCAL, release);
      assert.equal(inputs.period, '2019-20');
      assert.ok(inputs.practices.length >= 25);
      const outcome = await calculateAndStore(store(), {
        now: new Date(),
        scheme: LOCAL,
        inputs,
        sourceKind: 'release',
        releaseId: release.id,
        actor: 't',
      });
      for (const statement of outcome.result.statements) {
        const line = statement.lines[0]!;
        if (line.achievement === null || line.baseline === null) continue;
        // Hand rule: paid £0.10 × list when 2019-20 prevalence ≥ 2018-19 prevalence, else nothing.
        const expected = line.achievement >= line.baseline ? Math.round(0.1 * line.listSize! * 100) / 100 : 0;
        assert.equal(line.amount, expected, statement.orgCode);
      }
      assert.ok(outcome.result.statements.some((s) => s.amount > 0));
      assert.ok(outcome.result.statements.some((s) => s.amount === 0));
      const again = await calculateAndStore(store(), {
        now: new Date(),
        scheme: LOCAL,
        inputs: await inputsFromRelease(store().db, LOCAL, await findReleaseByName(store().db, 'R1')),
        sourceKind: 'release',
        releaseId: release.id,
        actor: 't',
      });
      assert.equal(again.status, 'reproduced');
      assert.equal(again.checksum, outcome.checksum);

      // The equity view counts, by deprivation quintile, the practices the headline judgment flags on
      // the scheme's indicators: the release's own flags.
      const flags = await headlineFlags(store().db, release.id, ['QOF-PREV-AF'], '2019-20');
      const stored = await store()
        .db.selectFrom('result')
        .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
        .select(['result.area_code', 'result.headline_flag'])
        .where('result.release_id', '=', release.id)
        .where('result.area_kind', '=', 'practice')
        .where('result.period', '=', '2019-20')
        .where('indicator.code', '=', 'QOF-PREV-AF')
        .execute();
      assert.deepEqual(
        [...flags]
          .filter(([, f]) => f)
          .map(([c]) => c)
          .sort(),
        stored
          .filter((r) => r.headline_flag !== 'none' && r.headline_flag !== null)
          .map((r) => r.area_code)
          .sort(),
      );
      const context = await practiceContext(store().db, inputs, flags);
      const view = equityView(
        outcome.result.statements.map((s) => ({
          orgCode: s.orgCode,
          before: s.amount,
          after: s.amount,
          change: 0,
        })),
        context,
      );
      const placed = context.filter((c) => c.listSize !== null && c.imdScore !== null && c.flagged);
      assert.equal(
        view.byDeprivation.reduce((sum, g) => sum + (g.flagged ?? 0), 0),
        placed.length,
      );
    });
  });
});

describe('A local scheme whose baseline year is not in the release', () => {
  let slice: Slice;
  before(async () => {
    // 2018-19 left out: the year before the scheme's has no data.
    slice = await writeSlice({
      prevalence: ['PREVALENCE_1718.csv', 'PREVALENCE_1920.csv'],
      groups: ['AF'],
      hierarchy: ['ORGANISATION_REFERENCE_1718.csv'],
      practices: firstPractices('PREVALENCE_1920.csv', 20),
    });
  });
  after(async () => {
    await slice.remove();
  });

  forEachDatabase('local scheme, baseline gap', (store) => {
    it('takes each indicator’s latest year before the scheme’s, so practices are paid; a baseline year with no data pays nobody and cannot go to the committee without an override', async () => {
      await importSlice(store(), slice);
      await recompute(store(), { now: new Date(), actor: 'test', release: 'R1' });
      const release = await findReleaseByName(store().db, 'R1');
      const inputs = await inputsFromRelease(store().db, LOCAL, release);
      assert.match(inputs.source, /baseline QOF-PREV-AF 2017-18/);
      const paid = await calculateAndStore(store(), {
        now: new Date(),
        scheme: LOCAL,
        inputs,
        sourceKind: 'release',
        releaseId: release.id,
        actor: 't',
      });
      assert.ok(paid.result.statements.some((s) => s.amount > 0));
      assert.ok(
        paid.result.statements.every(
          (s) => s.lines[0]!.baseline !== null || s.lines[0]!.achievement === null,
        ),
      );

      const empty = await inputsFromRelease(store().db, LOCAL, release, { baselinePeriod: '2018-19' });
      const unpaid = await calculateAndStore(store(), {
        now: new Date(),
        scheme: LOCAL,
        inputs: empty,
        sourceKind: 'release',
        releaseId: release.id,
        actor: 't',
      });
      assert.equal(unpaid.result.totalAmount, 0);
      const blocks = await submissionBlocks(store().db, unpaid.calculation.id);
      assert.match(blocks.join('; '), /no organisation is paid anything/);
    });
  });
});
