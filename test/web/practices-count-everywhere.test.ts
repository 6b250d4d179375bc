// One question, one answer (issue 14): "the practices of 16C open on date D". Before, the number of
// practices "in 16C" was 75, 77, 80, 81 or 82 depending on the page. On both databases, with the real
// 16C slice (the bundled NHS files cut to the practices of 16C, imported and published as a release),
// every page and API that states how many practices an organisation has — the organisation page and
// its API, the heat map and its API, the release's area page and its API — and the use cases that
// take an organisation's practices (a premium's distribution, agreement membership) are asked about
// the same organisation and date: the release's as-of date, the end of its latest period. They must
// give one number and one list, and that list must be the one "as of" rule's.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { memberPractices } from '../../src/app/agreements/members.ts';
import { releaseAsOfDate } from '../../src/app/benchmarking/queries.ts';
import { loadPracticesAsOf } from '../../src/app/population/practices-as-of.ts';
import { commissionerPractices } from '../../src/app/schemes/distribution.ts';
import { createWebApp } from '../../src/web/app.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE, SLICE_RELEASE, SLICE_SUB_ICB } from './benchmarking-slice.ts';

const codes = (rows: readonly { code: string }[]): string[] => rows.map((r) => r.code).sort();

forEachDatabase(
  'one count of an organisation’s practices everywhere',
  { seed: BENCHMARKING_SLICE },
  (store) => {
    let app: ReturnType<typeof createWebApp>;
    let releaseName = '';
    before(async () => {
      releaseName = SLICE_RELEASE;
      app = createWebApp({ db: store().db, now: () => TEST_NOW });
    });

    it('gives the same practices of 16C on the release’s as-of date on every page, API and use case', async () => {
      const db = store().db;
      const release = await db
        .selectFrom('release')
        .selectAll()
        .where('name', '=', releaseName)
        .executeTakeFirstOrThrow();
      const date = await releaseAsOfDate(db, release.id);
      assert.ok(date, 'the release has a dated period');
      const rule = await loadPracticesAsOf(db, SLICE_SUB_ICB, date);
      const expected = codes(rule.practices);
      assert.ok(expected.length >= 70, `${expected.length} practices`);

      const answers = new Map<string, string[]>();
      // The heat map and its API (the release's latest period, so its date is the release's).
      const overview = (await (
        await app.request(`/api/organisations/16C/overview?release=${releaseName}`)
      ).json()) as {
        asOfDate: string;
        practices: { code: string }[];
      };
      assert.equal(overview.asOfDate, date);
      answers.set('heat map API', codes(overview.practices));
      const overviewPage = await (
        await app.request(`/organisations/16C/overview?release=${releaseName}`)
      ).text();
      const heatMapCount = /(\d+) practices of [^<]+ open on/.exec(overviewPage);
      assert.ok(heatMapCount, 'the heat map states its count');
      // The organisation page and its API, asked about that date.
      const organisation = (await (await app.request(`/api/organisations/16C?date=${date}`)).json()) as {
        practicesAsOf: { date: string; practices: { code: string }[] };
      };
      assert.equal(organisation.practicesAsOf.date, date);
      answers.set('organisation API', codes(organisation.practicesAsOf.practices));
      const organisationPage = await (await app.request(`/organisations/16C?date=${date}`)).text();
      const organisationCount = /data-practices-open="(\d+)"/.exec(organisationPage);
      // The release's area page and its API.
      const figures = (await (await app.request(`/api/releases/${releaseName}/figures?area=16C`)).json()) as {
        practicesAsOf: { date: string; practices: { code: string }[] };
        tables: { rows: { code: string }[] }[];
      };
      assert.equal(figures.practicesAsOf.date, date);
      answers.set('release figures API', codes(figures.practicesAsOf.practices));
      const releasePage = await (await app.request(`/releases/${releaseName}?area=16C`)).text();
      const releaseCount = /data-practices-open="(\d+)"/.exec(releasePage);
      // The use cases: a premium shared among the commissioner's practices, and agreement membership.
      answers.set(
        'premium distribution',
        (await commissionerPractices(db, '16C', date)).map((p) => p.orgCode).sort(),
      );
      answers.set(
        'agreement members',
        (await memberPractices(db, { code: '16C', kind: 'sub_icb' }, date)).map((p) => p.practiceCode).sort(),
      );

      for (const [where, list] of answers) assert.deepEqual(list, expected, where);
      const counts = {
        'heat map page': Number(heatMapCount[1]),
        'organisation page': Number(organisationCount?.[1]),
        'release area page': Number(releaseCount?.[1]),
      };
      for (const [where, n] of Object.entries(counts)) assert.equal(n, expected.length, where);
      // Every practice a release table shows a figure for was counted, or is one the rule left out
      // with a reason (a figure for a period in which it was open, published as computed).
      const leftOut = new Set(rule.leftOut.map((p) => p.code));
      for (const table of figures.tables)
        for (const row of table.rows)
          assert.ok(
            expected.includes(row.code) || leftOut.has(row.code),
            `${row.code} is counted or explained`,
          );
    });

    it('moves the count with the date: the organisation page answers for the day asked', async () => {
      const early = (await (await app.request('/api/organisations/16C?date=2016-03-31')).json()) as {
        practicesAsOf: { practices: { code: string }[] };
      };
      const rule = await loadPracticesAsOf(store().db, '16C', '2016-03-31');
      assert.deepEqual(codes(early.practicesAsOf.practices), codes(rule.practices));
      assert.equal((await app.request('/api/organisations/16C?date=2016-02-30')).status, 400);
      assert.equal((await app.request('/organisations/16C?date=yesterday')).status, 404);
    });
  },
);
