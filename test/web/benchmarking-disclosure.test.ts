// Disclosure control on the benchmarking pages of a published release (issue 6): a visitor who is not
// signed in never sees a count of 1–7 on any page, export or API response, nor one derivable by
// subtracting shown parts from a shown total; people who work with the practice see every count.
// Also the "Raise a concern" links (raise_concern) and the header's links by role.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ENGLAND } from '../../src/app/compute/hierarchy.ts';
import { createWebApp } from '../../src/web/app.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE, SLICE_RELEASE, SLICE_SUB_ICB } from './benchmarking-slice.ts';
import { addUser, TestBrowser } from './client.ts';

interface Suppressed {
  numerator: boolean;
  denominator: boolean;
}
interface IndicatorApi {
  disclosure: { rule: string } | null;
  areaValue: number | null;
  england: { value: number | null; min: number | null; max: number | null } | null;
  practices: {
    code: string;
    value: number | null;
    lower95: number | null;
    numerator: number | null;
    denominator: number | null;
    suppressed: Suppressed;
    adjusted: { ratio: number | null; expected: number | null };
  }[];
  funnel: { points: { code: string }[] } | null;
  adjustedFunnel: { points: { code: string }[] } | null;
}

/** A published count: not known, 0, or above the suppressed range and a multiple of 5. */
function assertPublishable(n: number | null, where: string): void {
  if (n === null || n === 0) return;
  assert.ok(n > 7 && n % 5 === 0, `${where}: ${n} may not be published`);
}

forEachDatabase(
  'disclosure control on the benchmarking pages (real slice, Tees Valley)',
  { seed: BENCHMARKING_SLICE },
  (store) => {
    let app: ReturnType<typeof createWebApp>;
    const passwords: Record<string, string> = {};
    /** Raw practice rows of the latest period of each indicator: code → indicator → counts. */
    let raw: { indicator: string; period: string; code: string; pcn: string | null; n: number; d: number }[] =
      [];
    let indicators: string[] = [];
    let smallCase: { indicator: string; code: string } | null = null;

    before(async () => {
      const db = store().db;
      passwords.analyst = await addUser(db, 'analyst', `commissioning_analyst:${SLICE_SUB_ICB}`);
      passwords.partner = await addUser(db, 'partner', 'practice_partner:A81001');
      app = createWebApp({ db });
      const rows = await db
        .selectFrom('result')
        .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
        .innerJoin('release', 'release.id', 'result.release_id')
        .select([
          'indicator.code',
          'result.period',
          'result.area_code',
          'result.pcn_code',
          'result.numerator',
          'result.denominator',
        ])
        .where('release.status', '=', 'published')
        .where('result.area_kind', '=', 'practice')
        .execute();
      const latest = new Map<string, string>();
      for (const r of rows) if ((latest.get(r.code) ?? '') < r.period) latest.set(r.code, r.period);
      raw = rows
        .filter((r) => latest.get(r.code) === r.period && r.numerator !== null && r.denominator !== null)
        .map((r) => ({
          indicator: r.code,
          period: r.period,
          code: r.area_code,
          pcn: r.pcn_code,
          n: Number(r.numerator),
          d: Number(r.denominator),
        }));
      indicators = [...latest.keys()].sort();
      const small = raw.find((r) => r.n >= 1 && r.n <= 7);
      smallCase = small ? { indicator: small.indicator, code: small.code } : null;
    });

    it('the slice has small counts to protect', () => {
      assert.ok(smallCase, 'a practice with a count of 1–7 in the latest period');
      assert.ok(raw.filter((r) => r.n >= 1 && r.n <= 7).length > 5);
    });

    it('indicator pages (England, the sub-ICB location and each PCN): no small count, none by subtraction from the total', async () => {
      const pcns = [...new Set(raw.map((r) => r.pcn).filter((p): p is string => p !== null))].sort();
      for (const indicator of indicators) {
        for (const area of [null, SLICE_SUB_ICB, ...pcns.slice(0, 4)]) {
          const url = `/api/indicators/${indicator}${area ? `?area=${area}` : ''}`;
          const v = (await (await app.request(url)).json()) as IndicatorApi;
          assert.ok(v.disclosure?.rule.includes('Counts from 1 to 7'), url);
          assert.equal(v.england?.min ?? null, null, 'the lowest practice value is not shown');
          assert.equal(v.england?.max ?? null, null, 'the highest practice value is not shown');
          const counts = new Map(raw.filter((r) => r.indicator === indicator).map((r) => [r.code, r]));
          let hiddenN = 0;
          let hiddenC = 0;
          for (const p of v.practices) {
            assertPublishable(p.numerator, `${url} ${p.code} numerator`);
            assertPublishable(p.denominator, `${url} ${p.code} denominator`);
            const r = counts.get(p.code)!;
            if (r.n >= 1 && r.n <= 7) {
              assert.equal(p.numerator, null, `${url} ${p.code} has ${r.n}`);
              assert.equal(p.value, null);
              assert.equal(p.lower95, null);
              assert.equal(p.adjusted.ratio, null);
            }
            if (p.suppressed.numerator) {
              assert.equal(p.value, null, `${url} ${p.code}: a value from a suppressed count`);
              if (r.n > 0) hiddenN++;
              if (r.d - r.n > 0) hiddenC++;
            }
          }
          // The area's value is its total: with exactly one hidden count among its practices, the
          // others and the total would give it back.
          if (v.areaValue !== null) {
            assert.notEqual(hiddenN, 1, `${url}: exactly one hidden count beside the area's value`);
            assert.notEqual(hiddenC, 1, `${url}: exactly one hidden complement beside the area's value`);
          }
          const drawn = new Set(
            [...(v.funnel?.points ?? []), ...(v.adjustedFunnel?.points ?? [])].map((p) => p.code),
          );
          for (const p of v.practices)
            if (p.suppressed.numerator) assert.ok(!drawn.has(p.code), `${url}: ${p.code} drawn`);
        }
      }
    });

    it('the same pattern on every page: a count hidden on the England page is hidden on the sub-ICB page and the heat map', async () => {
      const { indicator } = smallCase!;
      const england = (await (await app.request(`/api/indicators/${indicator}`)).json()) as IndicatorApi;
      const area = (await (
        await app.request(`/api/indicators/${indicator}?area=${SLICE_SUB_ICB}`)
      ).json()) as IndicatorApi;
      const hidden = (v: IndicatorApi) =>
        v.practices
          .filter((p) => p.suppressed.numerator)
          .map((p) => p.code)
          .sort();
      assert.deepEqual(
        hidden(area),
        hidden(england).filter((c) => area.practices.some((p) => p.code === c)),
      );
      const overview = (await (await app.request(`/api/organisations/${SLICE_SUB_ICB}/overview`)).json()) as {
        practices: {
          code: string;
          cells: { indicatorCode: string; value: number | null; suppressed: boolean }[];
        }[];
      };
      for (const p of overview.practices) {
        const cell = p.cells.find((c) => c.indicatorCode === indicator)!;
        assert.equal(cell.suppressed, hidden(england).includes(p.code), p.code);
        if (cell.suppressed) assert.equal(cell.value, null);
      }
    });

    it('/releases hides the same cells as the benchmarking pages, and no total there gives a hidden count back', async () => {
      const text = await (
        await app.request(`/releases/${SLICE_RELEASE}?area=${SLICE_SUB_ICB}&format=csv`)
      ).text();
      const [header, ...lines] = text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      const names = header!.split(',');
      const at = (name: string) => names.indexOf(name);
      const rows = lines.map((line) =>
        line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')),
      );
      let compared = 0;
      for (const indicator of indicators) {
        const table = rows.filter((r) => r[at('Indicator')] === indicator);
        assert.ok(table.length > 1, `${indicator} on /releases`);
        const total = table.find((r) => r[at('Practice code')] === 'TOTAL')!;
        const practices = table.filter((r) => r !== total);
        const hidden = (r: string[], column: string) => r[at(column)] === '';
        // No small count, and in each column never exactly one hidden figure beside the total.
        for (const r of table)
          for (const column of ['Count', 'Denominator'])
            if (!hidden(r, column)) assertPublishable(Number(r[at(column)]), `/releases ${indicator} ${r}`);
        for (const column of ['Count', 'Denominator'])
          assert.notEqual(
            practices.filter((r) => hidden(r, column)).length + (hidden(total, column) ? 1 : 0),
            1,
            `/releases ${indicator} ${column}: one hidden figure beside the total`,
          );
        // The same cells as the indicator page for the same area (the same latest period).
        const v = (await (
          await app.request(`/api/indicators/${indicator}?area=${SLICE_SUB_ICB}`)
        ).json()) as IndicatorApi;
        for (const p of v.practices) {
          const r = practices.find((x) => x[at('Practice code')] === p.code);
          if (!r) continue;
          assert.equal(hidden(r, 'Count'), p.suppressed.numerator, `${indicator} ${p.code} count`);
          assert.equal(
            hidden(r, 'Denominator'),
            p.suppressed.denominator,
            `${indicator} ${p.code} denominator`,
          );
          if (!hidden(r, 'Count')) assert.equal(Number(r[at('Count')]), p.numerator);
          compared++;
        }
        assert.equal(hidden(total, 'Count'), v.areaValue === null, `${indicator}: the sub-ICB total`);
      }
      assert.ok(compared > 50);
      // A count hidden on the benchmarking pages is hidden on /releases.
      const { indicator, code } = smallCase!;
      const row = rows.find((r) => r[at('Indicator')] === indicator && r[at('Practice code')] === code)!;
      assert.equal(row[at('Count')], '');
      assert.equal(row[at('Disclosure control')], 'suppressed');
    });

    it('scorecards, trends, peers and every export: no small count for a visitor, and the rule on the page', async () => {
      const { indicator, code } = smallCase!;
      const page = await (await app.request(`/practices/${code}/scorecard`)).text();
      // One line before the data; the rule behind an expander (issue 17).
      assert.match(page, /<strong>Disclosure control:<\/strong> small counts/);
      assert.match(
        page,
        /<details class="nhsuk-details[^"]*"><summary[^>]*><span[^>]*>How figures are protected/,
      );
      assert.match(page, /Counts from 1 to 7 are not shown/);
      assert.match(page, />Suppressed</);
      const card = (await (await app.request(`/api/practices/${code}/scorecard`)).json()) as {
        rows: {
          indicator: { code: string };
          numerator: number | null;
          denominator: number | null;
          value: number | null;
          suppressed: Suppressed;
        }[];
      };
      for (const r of card.rows) {
        assertPublishable(r.numerator, `scorecard ${r.indicator.code}`);
        assertPublishable(r.denominator, `scorecard ${r.indicator.code}`);
      }
      const row = card.rows.find((r) => r.indicator.code === indicator)!;
      assert.deepEqual([row.numerator, row.value, row.suppressed.numerator], [null, null, true]);

      const trend = (await (await app.request(`/api/practices/${code}/trend/${indicator}`)).json()) as {
        spc: { mean: number | null } | null;
        points: { value: number | null; mean: number | null }[];
        results: {
          numerator: number | null;
          denominator: number | null;
          value: number | null;
          suppressed: Suppressed;
        }[];
      };
      for (const r of trend.results) {
        assertPublishable(r.numerator, 'trend');
        assertPublishable(r.denominator, 'trend');
        if (r.suppressed.numerator) assert.equal(r.value, null);
      }
      if (trend.results.some((r) => r.suppressed.numerator) && trend.spc) {
        assert.equal(trend.spc.mean, null, 'the SPC mean would give a hidden point back');
        assert.ok(trend.points.every((p) => p.mean === null));
      }

      const peers = (await (await app.request(`/api/practices/${code}/peers`)).json()) as {
        rows: { peerGroupValue: number | null; suppressed: { peers: boolean[]; peerGroupValue: boolean } }[];
      };
      for (const r of peers.rows)
        if (r.suppressed.peers.some(Boolean))
          assert.equal(r.peerGroupValue, null, 'the pooled value of a group with a hidden peer');

      // Exports: every Count and Denominator column of every CSV.
      const exports = [
        `/practices/${code}/scorecard?format=csv`,
        `/indicators/${indicator}?format=csv`,
        `/indicators/${indicator}?area=${SLICE_SUB_ICB}&format=csv`,
        `/practices/${code}/trend/${indicator}?format=csv`,
      ];
      for (const url of exports) {
        const text = await (await app.request(url)).text();
        const [header, ...lines] = text
          .replace(/^\uFEFF/, '')
          .trim()
          .split(/\r?\n/);
        const names = header!.split(',');
        assert.ok(names.includes('Disclosure control'), `${url} says what was suppressed`);
        const columns = ['Count', 'Denominator'].map((n) => names.indexOf(n));
        for (const line of lines) {
          // The cells before the counts hold no commas in these tables except quoted names: parse simply.
          const cells = line
            .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
            .map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
          for (const i of columns)
            if (i >= 0 && cells[i] !== '') assertPublishable(Number(cells[i]), `${url}: ${line}`);
        }
      }
    });

    it('a signed-in commissioning analyst for the area sees every exact count', async () => {
      const { indicator, code } = smallCase!;
      const analyst = new TestBrowser(app);
      await analyst.signIn('analyst', passwords.analyst!);
      const res = await analyst.get(`/api/practices/${code}/scorecard`);
      assert.equal(res.headers.get('cache-control'), 'private, no-store');
      const card = (await res.json()) as {
        disclosure: unknown;
        rows: { indicator: { code: string }; numerator: number; denominator: number; value: number }[];
      };
      // England's figure beside the practice's is beyond the analyst's area: it is controlled, and says so.
      assert.notEqual(card.disclosure, null);
      const row = card.rows.find((r) => r.indicator.code === indicator)!;
      const exact = raw.find((r) => r.indicator === indicator && r.code === code)!;
      assert.equal(row.numerator, exact.n);
      assert.equal(row.denominator, exact.d);
      assert.ok(Math.abs(row.value - (exact.n / exact.d) * 100) < 1e-9);
      // England's page, row by row (issue 11): the analyst's own area in full, every other practice
      // under control, like anyone else's.
      const england = (await (await analyst.get(`/api/indicators/${indicator}`)).json()) as IndicatorApi;
      assert.notEqual(england.disclosure, null);
      for (const p of england.practices) {
        const mine = raw.find((r) => r.indicator === indicator && r.code === p.code);
        if (mine) assert.equal(p.numerator, mine.n, p.code);
        else assert.ok(p.numerator === null || p.numerator % 5 === 0, p.code);
      }
      assert.ok(ENGLAND);
    });

    it('offers "Raise a concern" on flags only to people the policy lets raise one, with the link /concerns/new reads', async () => {
      const api = (await (await app.request('/api/indicators/FT-91547')).json()) as {
        practices: { code: string; crude: { key: string } }[];
      };
      const flagged = api.practices.find((p) => p.crude.key === 'worse')!.code;
      const visitor = await (await app.request(`/practices/${flagged}/scorecard`)).text();
      assert.doesNotMatch(visitor, /Raise a concern/);
      const analyst = new TestBrowser(app);
      await analyst.signIn('analyst', passwords.analyst!);
      const page = await (await analyst.get(`/practices/${flagged}/scorecard`)).text();
      const link = /<a class="fairview-raise-concern[^"]*" href="([^"]+)">Raise a concern/.exec(page)?.[1];
      assert.ok(link, 'a raise link on a flagged row');
      const href = link.replaceAll('&amp;', '&');
      assert.match(
        href,
        new RegExp(
          `^/concerns/new\\?practice=${flagged}&source=(comparison|funnel_outlier)&release=test-2025&indicator=[A-Z0-9-]+&period=`,
        ),
      );
      const form = await analyst.get(href);
      assert.equal(form.status, 200);
      const indicatorPage = await (await analyst.get(`/indicators/FT-91547?practice=${flagged}`)).text();
      assert.match(indicatorPage, /Raise a concern<span class="nhsuk-u-visually-hidden"> about/);
      const partner = new TestBrowser(app);
      await partner.signIn('partner', passwords.partner!);
      assert.doesNotMatch(
        await (await partner.get(`/practices/${flagged}/scorecard`)).text(),
        /Raise a concern/,
      );
    });

    it('draws a concern’s frozen England funnel for its viewer under control: other areas’ practices from published counts (issue 11)', async () => {
      const api = (await (await app.request('/api/indicators/FT-91547')).json()) as {
        practices: { code: string; crude: { key: string } }[];
      };
      const flagged = api.practices.find((p) => p.crude.key === 'worse')!.code;
      const analyst = new TestBrowser(app);
      await analyst.signIn('analyst', passwords.analyst!);
      const page = await (await analyst.get(`/practices/${flagged}/scorecard`)).text();
      const link = /<a class="fairview-raise-concern[^"]*" href="([^"]+)">Raise a concern/.exec(page)![1]!;
      const form = await (await analyst.get(link.replaceAll('&amp;', '&'))).text();
      const fields: Record<string, string> = {};
      for (const m of form.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
        fields[m[1]!] = m[2]!.replaceAll('&amp;', '&');
      fields.practice_code = flagged;
      fields.type = 'practice_performance';
      fields.reason = 'Checking how the frozen funnel is drawn for this viewer.';
      const raised = await analyst.post('/concerns', fields);
      assert.equal(raised.status, 303, await raised.text());
      const concern = await (await analyst.get(raised.headers.get('location')!)).text();
      const desc = /<desc id="pack-funnel-d">([^<]*)<\/desc>/.exec(concern)?.[1] ?? '';
      assert.match(
        desc,
        /published, rounded counts/,
        'practices outside the analyst’s area are drawn as published',
      );
    });

    it('the header links to concerns, notifications, releases and schemes by role', async () => {
      const visitor = await (await app.request('/')).text();
      const nav = (html: string) =>
        /<nav class="nhsuk-header__navigation"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
      assert.match(nav(visitor), /href="\/releases">Releases</);
      assert.doesNotMatch(nav(visitor), /\/concerns|\/notifications|\/schemes/);
      const analyst = new TestBrowser(app);
      await analyst.signIn('analyst', passwords.analyst!);
      const signedIn = nav(await (await analyst.get('/')).text());
      for (const path of ['/concerns', '/notifications', '/releases', '/schemes'])
        assert.match(signedIn, new RegExp(`href="${path}"`), path);
    });
  },
);
