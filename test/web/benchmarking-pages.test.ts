import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { setPeersNamed } from '../../src/app/benchmarking/page-queries.ts';
import { recompute } from '../../src/app/compute/recompute.ts';
import { loadPracticesAsOf } from '../../src/app/population/practices-as-of.ts';
import { createWebApp } from '../../src/web/app.ts';
import { toCsv } from '../../src/web/exports/csv.ts';
import { columnName, toXlsx } from '../../src/web/exports/xlsx.ts';
import { forEachDatabase } from '../support/databases.ts';
import { BENCHMARKING_SLICE } from './benchmarking-slice.ts';
import { addUser, TestBrowser } from './client.ts';

/** A CSV parser for the tests (RFC 4180: quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}

/** The little of JSON Schema the OpenAPI document uses: type, enum, properties, required, items. */
function schemaProblems(schema: JsonSchema, value: unknown, at: string): string[] {
  const typeOf = (v: unknown): string =>
    v === null
      ? 'null'
      : Array.isArray(v)
        ? 'array'
        : typeof v === 'number'
          ? Number.isInteger(v)
            ? 'integer'
            : 'number'
          : typeof v;
  const actual = typeOf(value);
  const types = schema.type === undefined ? null : [schema.type].flat();
  if (types && !types.includes(actual) && !(actual === 'integer' && types.includes('number')))
    return [`${at}: ${actual}, expected ${types.join(' | ')}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${String(value)} not in enum`];
  const problems: string[] = [];
  if (actual === 'object' && schema.properties) {
    const o = value as Record<string, unknown>;
    for (const k of schema.required ?? []) if (!(k in o)) problems.push(`${at}.${k}: missing`);
    for (const [k, sub] of Object.entries(schema.properties))
      if (k in o) problems.push(...schemaProblems(sub, o[k], `${at}.${k}`));
  }
  if (actual === 'array' && schema.items)
    (value as unknown[]).forEach((v, i) => {
      problems.push(...schemaProblems(schema.items!, v, `${at}[${i}]`));
    });
  return problems;
}

/** Well-formed enough for these documents: every tag closed in order, nothing stray. */
function assertWellFormedXml(xml: string, name: string): void {
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?>\n</, name);
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>\n/, '');
  for (const m of body.matchAll(/<(\/?)([A-Za-z_:][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|[<>]/g)) {
    if (m[2] === undefined) assert.fail(`${name}: stray ${m[0]} at ${m.index}`);
    if (m[4] === '/') continue;
    if (m[1] === '/') assert.equal(stack.pop(), m[2], `${name}: </${m[2]}> closes the wrong element`);
    else stack.push(m[2]);
  }
  assert.deepEqual(stack, [], `${name}: unclosed elements`);
  assert.ok(!/&(?!(amp|lt|gt|quot|apos);)/.test(body), `${name}: a bare ampersand`);
}

describe('Table exports', () => {
  const table = {
    title: 'Practices: A & B <test>',
    columns: [{ label: 'Practice' }, { label: 'Value', numeric: true }],
    rows: [
      ['O\u2019Brien & Co, "Surgery"', 12.5],
      ['=cmd()', null],
    ],
  };

  it('writes CSV that parses back to the same cells, quoting commas and quotes and defusing formulas', () => {
    const rows = parseCsv(toCsv(table));
    assert.deepEqual(rows, [
      ['Practice', 'Value'],
      ['O\u2019Brien & Co, "Surgery"', '12.5'],
      ["'=cmd()", ''],
    ]);
  });

  it('writes an xlsx that unzips to well-formed XML with numbers as numbers and strings inline', () => {
    const files = unzipSync(toXlsx(table));
    assert.deepEqual(Object.keys(files).sort(), [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    for (const [name, bytes] of Object.entries(files))
      assertWellFormedXml(new TextDecoder().decode(bytes), name);
    const sheet = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']!);
    assert.match(sheet, /<c r="B2"><v>12.5<\/v><\/c>/);
    assert.match(
      sheet,
      /<c r="A2" t="inlineStr"><is><t xml:space="preserve">O\u2019Brien &amp; Co, &quot;Surgery&quot;<\/t><\/is><\/c>/,
    );
    assert.ok(!sheet.includes('r="B3"'), 'a missing value is an empty cell');
    assert.match(
      new TextDecoder().decode(files['xl/workbook.xml']!),
      /<sheet name="Practices {2}A &amp; B &lt;test&gt;"/,
    );
    assert.equal(columnName(0), 'A');
    assert.equal(columnName(25), 'Z');
    assert.equal(columnName(26), 'AA');
    assert.equal(columnName(701), 'ZZ');
  });
});

forEachDatabase(
  'Benchmarking pages and API on a real slice (Tees Valley), imported and recomputed',
  { seed: BENCHMARKING_SLICE },
  (store) => {
    let app: ReturnType<typeof createWebApp>;
    let practice = '';
    /** A commissioning analyst of 16C: sees the slice's figures in full (the headline z-scores too). */
    let reader: TestBrowser;
    before(async () => {
      app = createWebApp({ db: store().db });
      await addUser(store().db, 'reader', 'commissioning_analyst:16C');
      reader = new TestBrowser(app);
      await reader.signIn('reader', 'reader-correct-horse-battery');
      // A practice the headline judgment finds worse on smoking (lower is better) in its latest period.
      const api = (await (await app.request('/api/indicators/FT-91547')).json()) as {
        practices: { code: string; flag: { key: string } }[];
      };
      practice = api.practices
        .filter((p) => p.flag.key === 'worse')
        .map((p) => p.code)
        .sort()[0]!;
    });

    it('shows a practice scorecard with every indicator, its spine chart, the headline red flag in words and why it is flagged', async () => {
      const res = await app.request(`/practices/${practice}/scorecard`);
      assert.equal(res.status, 200);
      const page = await res.text();
      assert.match(page, /Release test-2025, published/);
      assert.equal(
        (page.match(/<svg class="fairview-spine"/g) ?? []).length,
        23,
        '22 QOF registers and smoking',
      );
      assert.match(
        page,
        /fairview-cmp--worse"><span class="fairview-cmp__code" aria-hidden="true">W<\/span>Worse \((higher|lower)\) than (expected for its population|practices across England) \((99\.8|95)%\)/,
      );
      assert.match(
        page,
        /<strong>Why:<\/strong> Flagged by the (case-mix adjusted comparison|funnel comparison)/,
      );
      // The crude comparison with England is context in plain text, never a coloured badge.
      assert.match(
        page,
        /<p class="nhsuk-body-s fairview-context[^"]*"><span class="nhsuk-u-visually-hidden">Context: <\/span>Crude comparison with England: /,
      );
      assert.doesNotMatch(
        page,
        /fairview-cmp--\w+"><span class="fairview-cmp__code" aria-hidden="true">.<\/span>[^<]*than England/,
      );
      assert.doesNotMatch(page, /aria-label="Comparison basis"/);
      assert.match(page, /href="\/indicators\/FT-91547\?practice=/);
      assert.match(page, /<link rel="stylesheet" href="\/benchmarking.css">/);
    });

    it('gives the same scorecard as JSON, the headline judgment as its flag and the crude comparison as context', async () => {
      type Scorecard = {
        basis?: string;
        rows: {
          indicator: { code: string };
          comparison: { key: string; text: string };
          flag: { key: string; text: string; basis: string; z: number; expected: number; ratio: number };
          crude: { text: string };
          flagBasis: string;
          value: number;
          numerator: number;
          denominator: number;
        }[];
      };
      // A visitor gets the verdict without the z-score, expected count or ratio (issue 11: they come from
      // the true count); someone who works with the practice gets them.
      const visitor = (await (await app.request(`/api/practices/${practice}/scorecard`)).json()) as Scorecard;
      const seen = visitor.rows.find((r) => r.indicator.code === 'FT-91547')!;
      assert.equal(seen.flag.key, 'worse');
      assert.equal(seen.flag.z, null);
      assert.equal(seen.flag.expected, null);
      const card = (await (await reader.get(`/api/practices/${practice}/scorecard`)).json()) as Scorecard;
      assert.equal(card.basis, undefined);
      const smoking = card.rows.find((r) => r.indicator.code === 'FT-91547')!;
      assert.equal(smoking.flag.key, 'worse');
      assert.equal(smoking.comparison.text, smoking.flag.text);
      assert.ok(smoking.flag.z > 1.959 && smoking.flag.expected > 0);
      assert.equal(smoking.flagBasis, smoking.flag.basis);
      assert.ok(['adjusted', 'funnel'].includes(smoking.flagBasis));
      assert.match(smoking.crude.text, /England/);
      // A visitor's counts are rounded to 5 (disclosure control), and the value is made from them
      // (issue 11: a value of the exact counts gives them back).
      assert.equal(seen.numerator % 5, 0);
      assert.ok(Math.abs(seen.value - (seen.numerator / seen.denominator) * 100) < 1e-9);
      // There is no basis to switch to any more: the coloured verdict is the headline judgment's.
      const asked = (await (
        await app.request(`/api/practices/${practice}/scorecard?basis=crude`)
      ).json()) as Scorecard;
      assert.deepEqual(
        asked.rows.map((r) => r.comparison),
        card.rows.map((r) => r.comparison),
      );
    });

    it('exports the scorecard as CSV and Excel with every row', async () => {
      const csv = await app.request(`/practices/${practice}/scorecard?format=csv`);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      assert.match(
        csv.headers.get('content-disposition') ?? '',
        /attachment; filename="scorecard-for-.*\.csv"/,
      );
      const rows = parseCsv(await csv.text());
      assert.equal(rows.length, 24);
      assert.equal(rows[0]![0], 'Indicator code');
      const verdict = rows[0]!.indexOf('Headline verdict');
      const crude = rows[0]!.indexOf('Crude comparison with England (context)');
      assert.ok(verdict > 0 && crude > 0, 'the export has the verdict and the crude comparison');
      assert.ok(rows[0]!.includes('Decile'));
      assert.ok(
        rows.some(
          (r) =>
            r[0] === 'FT-91547' &&
            /^Worse \((higher|lower)\) than/.test(r[verdict]!) &&
            /England/.test(r[crude]!),
        ),
      );
      const xlsx = await app.request(`/practices/${practice}/scorecard?format=xlsx`);
      const files = unzipSync(new Uint8Array(await xlsx.arrayBuffer()));
      const sheet = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']!);
      assert.equal((sheet.match(/<row /g) ?? []).length, 24);
      assertWellFormedXml(sheet, 'sheet1.xml');
    });

    it('draws the indicator page: calibration panel, headline z-scores, crude and adjusted funnels with the practice highlighted, caterpillar, ranked table', async () => {
      const page = await (await reader.get(`/indicators/FT-91547?practice=${practice}`)).text();
      assert.match(page, /<div class="nhsuk-card" id="calibration">/);
      assert.match(page, /How well the flags are calibrated/);
      assert.match(
        page,
        /practices judged \(those with a figure for this period\) are flagged at 95% \(chance alone: about /,
      );
      assert.match(
        page,
        /<svg class="fairview-chart"[^>]*aria-labelledby="funnel-headline-t funnel-headline-d"/,
      );
      assert.match(page, /<svg class="fairview-chart"[^>]*aria-labelledby="funnel-crude-t funnel-crude-d"/);
      assert.match(
        page,
        /<svg class="fairview-chart"[^>]*aria-labelledby="funnel-adjusted-t funnel-adjusted-d"/,
      );
      assert.match(page, /<svg class="fairview-chart"[^>]*aria-labelledby="caterpillar-t caterpillar-d"/);
      assert.match(page, /is highlighted at/);
      assert.match(page, /Limits allowing for over-dispersion \(FunnelPlotR\)/);
      assert.match(page, /<table class="nhsuk-table fairview-table-compact" id="practices" data-sortable>/);
      const api = (await (await reader.get(`/api/indicators/FT-91547?practice=${practice}`)).json()) as {
        practices: { value: number | null; flag: { flag: string | null } }[];
        funnel: { limits: unknown[]; overDispersionLimits: unknown[]; points: unknown[] };
        headlineFunnel: { points: { flag: string }[] };
        calibration: {
          fits: { basis: string; practices: number; high95: number; low95: number }[];
          shown: { practices: number; flagged95: number };
        };
        selected: { code: string };
      };
      assert.equal(api.selected.code, practice);
      // The calibration panel counts exactly the flags the table shows.
      const flagged = api.practices.filter((p) => p.flag.flag !== null && p.flag.flag !== 'none').length;
      assert.equal(api.calibration.shown.flagged95, flagged);
      assert.ok(api.calibration.fits.some((f) => f.basis === 'adjusted' || f.basis === 'funnel'));
      const values = api.practices.map((p) => p.value).filter((v): v is number => v !== null);
      assert.deepEqual(
        values,
        [...values].sort((a, b) => b - a),
        'ranked highest first',
      );
      assert.ok(api.funnel.limits.length > 10 && api.funnel.limits.length <= 170);
      assert.equal(api.funnel.points.length, api.practices.length);
      // A chosen area and period
      const area = await app.request('/api/indicators/QOF-PREV-AF?area=16C&period=2016-17');
      assert.equal(((await area.json()) as { period: string }).period, '2016-17');
      assert.equal((await app.request('/indicators/NOPE')).status, 404);
    });

    it('shows the sub-ICB overview heat map with letters as well as colours, and 404s a practice code', async () => {
      const page = await (await app.request('/organisations/16C/overview')).text();
      assert.match(page, /aria-labelledby="heatmap-t heatmap-d"/);
      // White letters on the darker cells (W on red among them); similar cells carry none.
      assert.match(page, /<text x="[\d ]+" y="\d+">[^\n]*<tspan fill="#ffffff">[BWH]*W[BWH]*<\/tspan>/);
      const api = (await (await app.request('/api/organisations/16C/overview')).json()) as {
        practices: { code: string; cells: { value: number | null }[] }[];
        indicators: unknown[];
        asOfDate: string;
      };
      // The rows are the practices of 16C open at the latest period's end by the one "as of" rule
      // (the organisation page and the schemes count the same): 75 with results, and one open
      // practice with none in these periods, shown with no values rather than dropped.
      const open = await loadPracticesAsOf(store().db, '16C', api.asOfDate);
      assert.deepEqual(
        api.practices.map((p) => p.code),
        open.practices.map((p) => p.code),
      );
      assert.equal(api.practices.length, 76);
      assert.equal(api.practices.filter((p) => p.cells.some((c) => c.value !== null)).length, 75);
      assert.match(page, /76 practices of [^<]+ open on/);
      assert.equal(api.indicators.length, 23);
      assert.equal((await app.request(`/organisations/${practice}/overview`)).status, 404);
    });

    it('draws a practice SPC chart with Making Data Count icons, and says when a series is too short', async () => {
      const page = await (await app.request(`/practices/${practice}/trend/QOF-PREV-AF`)).text();
      assert.match(page, /aria-labelledby="spc-t spc-d"/);
      assert.match(page, /<svg class="fairview-mdc-icon"[^>]*aria-labelledby="variation-icon"/);
      assert.match(page, /Only 6 points/);
      const api = (await (await app.request(`/api/practices/${practice}/trend/QOF-PREV-AF`)).json()) as {
        points: unknown[];
        spc: { variationIcon: string };
      };
      assert.equal(api.points.length, 6);
      assert.ok(api.spc.variationIcon.endsWith('.svg'));
      const short = await (await app.request(`/practices/${practice}/trend/FT-91547`)).text();
      assert.match(short, /too few periods for a statistical process control chart/);
    });

    it('shows the practice beside its 20 peers, pseudonymised unless the sub-ICB location agrees to names', async () => {
      const page = await (await app.request(`/practices/${practice}/peers`)).text();
      assert.match(page, /These 20 practices are like yours because/);
      assert.match(page, />Peer 1</);
      const api = (await (await app.request(`/api/practices/${practice}/peers`)).json()) as {
        named: boolean;
        peers: { label: string; code: string | null }[];
        rows: { peerValues: unknown[] }[];
      };
      assert.equal(api.named, false);
      assert.equal(api.peers.length, 20);
      assert.ok(
        api.peers.every((p) => p.code === null && /^Peer \d+$/.test(p.label)),
        'no peer code leaks',
      );
      assert.equal(api.rows[0]!.peerValues.length, 20);
      await setPeersNamed(store().db, { subIcbCode: '16C', named: true, actor: 'test', now: new Date() });
      const named = (await (await app.request(`/api/practices/${practice}/peers`)).json()) as typeof api;
      assert.equal(named.named, true);
      assert.ok(named.peers.every((p) => p.code !== null && p.label.includes(p.code)));
      await setPeersNamed(store().db, { subIcbCode: '16C', named: false, actor: 'test', now: new Date() });
    });

    it('describes every benchmarking API route in /api/openapi.json (OpenAPI 3.1)', async () => {
      const doc = (await (await app.request('/api/openapi.json')).json()) as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      assert.equal(doc.openapi, '3.1.0');
      for (const path of [
        '/api/practices/{code}/scorecard',
        '/api/indicators/{code}',
        '/api/organisations/{code}/overview',
        '/api/practices/{code}/trend/{indicator}',
        '/api/practices/{code}/peers',
      ])
        assert.ok(path in doc.paths, path);
    });

    it('describes the query parameters and the response body of each benchmarking API route, and the bodies fit', async () => {
      type Op = {
        parameters: { name: string; in: string; schema: { enum?: string[] } }[];
        responses: { '200': { content?: { 'application/json': { schema: JsonSchema } } } };
      };
      const doc = (await (await app.request('/api/openapi.json')).json()) as {
        paths: Record<string, { get: Op }>;
      };
      const scorecard = doc.paths['/api/practices/{code}/scorecard']!.get;
      assert.deepEqual(
        scorecard.parameters.map((p) => `${p.in}:${p.name}`),
        ['path:code', 'query:release', 'query:compare', 'query:format'],
      );
      const schema = scorecard.responses['200'].content?.['application/json'].schema;
      assert.ok(schema, 'the scorecard has a response schema');
      assert.equal(schema.type, 'object');
      assert.ok(schema.required?.includes('rows'));
      const indicator = doc.paths['/api/indicators/{code}']!.get;
      assert.deepEqual(
        indicator.parameters.filter((p) => p.in === 'query').map((p) => p.name),
        ['release', 'area', 'period', 'practice', 'format'],
      );
      // Honest, not aspirational: real responses satisfy the schemas.
      const checks: [string, string][] = [
        ['/api/practices/{code}/scorecard', `/api/practices/${practice}/scorecard`],
        ['/api/indicators/{code}', `/api/indicators/FT-91547?practice=${practice}`],
        ['/api/organisations/{code}/overview', '/api/organisations/16C/overview'],
        ['/api/practices/{code}/trend/{indicator}', `/api/practices/${practice}/trend/QOF-PREV-AF`],
        ['/api/practices/{code}/peers', `/api/practices/${practice}/peers`],
      ];
      for (const [path, url] of checks) {
        const s = doc.paths[path]!.get.responses['200'].content?.['application/json'].schema;
        assert.ok(s, `${path} has a response schema`);
        const problems = schemaProblems(s, await (await app.request(url)).json(), '$');
        assert.deepEqual(problems.slice(0, 5), [], path);
      }
    });

    describe('a draft release', () => {
      before(async () => {
        // A second release of the same facts, left unpublished.
        await recompute(store(), { now: new Date(), release: 'draft-next', actor: 'test' });
        await addUser(store().db, 'tees', 'commissioning_analyst:16C');
        await addUser(store().db, 'barnet', 'commissioning_analyst:93C');
      });

      it('is not public: visitors are sent to sign in and the API answers 401', async () => {
        const page = await app.request(`/practices/${practice}/scorecard?release=draft-next`);
        assert.equal(page.status, 303);
        assert.match(page.headers.get('location') ?? '', /^\/sign-in\?next=/);
        assert.equal(
          (await app.request(`/api/practices/${practice}/scorecard?release=draft-next`)).status,
          401,
        );
        assert.equal(
          (await app.request(`/practices/${practice}/scorecard?release=draft-next&format=csv`)).status,
          303,
        );
        assert.equal((await app.request('/api/organisations/16C/overview?release=draft-next')).status, 401);
        // The published release stays open, and is what the stable address shows.
        const open = (await (await app.request(`/api/practices/${practice}/scorecard`)).json()) as {
          release: { name: string };
        };
        assert.equal(open.release.name, 'test-2025');
      });

      it('is shown to people who work with the practice, and refused to those who do not', async () => {
        const tees = new TestBrowser(app);
        await tees.signIn('tees', 'tees-correct-horse-battery');
        const res = await tees.get(`/practices/${practice}/scorecard?release=draft-next`);
        assert.equal(res.status, 200);
        assert.match(await res.text(), /Draft release/);
        assert.equal(res.headers.get('cache-control'), 'no-store');
        const barnet = new TestBrowser(app);
        await barnet.signIn('barnet', 'barnet-correct-horse-battery');
        assert.equal((await barnet.get(`/practices/${practice}/scorecard?release=draft-next`)).status, 403);
        assert.equal((await barnet.get(`/api/practices/${practice}/peers?release=draft-next`)).status, 403);
        assert.equal((await app.request('/practices/A81001/scorecard?release=no-such')).status, 404);
      });
    });
  },
);
