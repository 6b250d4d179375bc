// The scheme pages' JSON twins under /api/schemes on both databases: the same numbers as the pages,
// the same refusals (401 for a visitor where the page sends them to sign in, 403 and 404 where the page
// says so), described in /api/openapi.json; and the standing rules page and section.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { itemState } from '../../src/app/governance/item-state.ts';
import { castVote, recordDecision } from '../../src/app/governance/items.ts';
import { importPaths } from '../../src/app/import/index.ts';
import { submitForApproval } from '../../src/app/schemes/approval.ts';
import { calculateAndStore, inputsFromAchievement, readSchemeFile } from '../../src/app/schemes/index.ts';
import { seedGovernanceDemo } from '../../src/demo/governance.ts';
import type { LocalScheme } from '../../src/domain/schemes/index.ts';
import { practiceInput } from '../../src/domain/schemes/index.ts';
import { createWebApp } from '../../src/web/app.ts';
import { forEachDatabase } from '../support/databases.ts';
import { addUser, TestBrowser } from './client.ts';
import { seedRealSlice } from './real-slice.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/qof-achievement/', import.meta.url));
const QOF_FILE = fileURLToPath(new URL('../../schemes/examples/qof-2023-24.json', import.meta.url));
const ADMIN = {
  userId: 0,
  username: 'secretary',
  displayName: 'Secretary',
  roles: [{ role: 'administrator' as const, organisationCode: null }],
};
const LOCAL: LocalScheme = {
  kind: 'local',
  id: 'hyp-local',
  version: 1,
  name: 'Hypertension local scheme',
  year: '2024-25',
  description: null,
  startsOn: '2024-04-01',
  endsOn: '2025-03-31',
  capPerPatient: null,
  replaces: null,
  indicators: [
    {
      code: 'QOF-PREV-HYP',
      name: null,
      polarity: 'higher_is_better',
      target: { relativeTo: 'absolute', value: 10 },
      bands: [{ label: 'Target met', minimumGap: 0, payment: { perPatient: 0.6 } }],
    },
  ],
};

/** The body rows of the table captioned `caption`, each as its cells' text. */
function tableRows(page: string, caption: string): string[][] {
  const start = page.indexOf(`>${caption}</caption>`);
  assert.ok(start > 0, `no table "${caption}"`);
  const body = page.slice(start, page.indexOf('</tbody>', start));
  return [...body.matchAll(/<tr class="nhsuk-table__row"[^>]*>([\s\S]*?)<\/tr>/g)]
    .slice(1)
    .map((row) =>
      [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
        cell[1]!.replace(/<[^>]+>/g, '').trim(),
      ),
    );
}

const shown = (n: number | null, digits: number): string =>
  n === null ? '' : n.toLocaleString('en-GB', { maximumFractionDigits: digits });

forEachDatabase('scheme API', (store) => {
  let app: ReturnType<typeof createWebApp>;
  const passwords: Record<string, string> = {};
  let qofId = 0;
  let localId = 0;
  let meetingId = 0;
  const as = async (username: string): Promise<TestBrowser> => {
    const browser = new TestBrowser(app);
    assert.equal((await browser.signIn(username, passwords[username]!)).status, 303);
    await browser.get('/schemes');
    return browser;
  };
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies, read field by field in the assertions
  const json = async (b: TestBrowser, path: string): Promise<{ status: number; body: any }> => {
    const res = await b.get(path);
    assert.match(res.headers.get('content-type') ?? '', /^application\/(problem\+)?json/, path);
    return { status: res.status, body: await res.json() };
  };

  before(async () => {
    const db = store().db;
    await seedRealSlice(db);
    await importPaths(store(), [FIXTURES], { actor: 'analyst' });
    await seedGovernanceDemo(db, new Date());
    const read = await readSchemeFile(QOF_FILE);
    assert.ok(read.ok);
    const all = await inputsFromAchievement(db, read.scheme);
    const inputs = { ...all, practices: all.practices.filter((p) => p.practiceCode !== 'E83003') };
    qofId = (
      await calculateAndStore(store(), {
        now: new Date(),
        scheme: read.scheme,
        inputs,
        sourceKind: 'qof_achievement',
        actor: 'analyst',
      })
    ).calculation.id;
    const practice = practiceInput('A81001', 5000);
    practice.indicators['QOF-PREV-HYP'] = {
      numerator: 1000,
      denominator: 5000,
      exceptions: null,
      register: null,
      achievedPoints: null,
    };
    // Consent recorded, so it pays (a calculation that pays nobody needs an override first).
    practice.participation = { consentedOn: '2024-03-01', joinedOn: null, leftOn: null };
    localId = (
      await calculateAndStore(store(), {
        now: new Date(),
        scheme: LOCAL,
        inputs: { period: '2024-25', source: 'a test file', practices: [practice], commissioners: [] },
        sourceKind: 'inputs_file',
        actor: 'analyst',
      })
    ).calculation.id;
    meetingId = (
      await db
        .selectFrom('committee_meeting')
        .select('id')
        .where('held_on', '=', '2026-12-10')
        .executeTakeFirstOrThrow()
    ).id;
    app = createWebApp({ db, now: () => new Date('2026-11-24T10:00:00Z') });
    for (const [name, role] of [
      ['analyst', 'commissioning_analyst:16C'],
      ['manager', 'commissioning_manager:16C'],
      ['densham', 'practice_manager:A81001'],
      ['healthwatch', 'observer:16C'],
    ] as const)
      passwords[name] = await addUser(db, name, role);
  });

  describe('refusals, as the pages refuse', () => {
    it('answers a visitor 401 where the page sends them to sign in', async () => {
      const visitor = new TestBrowser(app);
      for (const path of [
        '/schemes',
        '/schemes/qof-2023-24',
        '/schemes/standing-rules',
        `/schemes/calculations/${qofId}`,
        `/schemes/calculations/${qofId}/statements/A81001`,
        `/schemes/calculations/${qofId}/what-if?pounds_per_point=300`,
      ]) {
        const page = await visitor.get(path);
        assert.equal(page.status, 303, path);
        assert.match(page.headers.get('location') ?? '', /^\/sign-in/);
        const api = await json(visitor, `/api${path}`);
        assert.equal(api.status, 401, `/api${path}`);
        assert.equal(api.body.error, 'sign in required');
      }
    });
    it('answers 403 and 404 where the page does', async () => {
      const pm = await as('densham');
      for (const [path, status] of [
        [`/schemes/calculations/${qofId}`, 403],
        [`/schemes/calculations/${qofId}/statements/A81001`, 404], // not yet approved
        [`/schemes/calculations/${qofId}/what-if?pounds_per_point=300`, 403],
        ['/schemes/no-such-scheme', 404],
      ] as const) {
        assert.equal((await pm.get(path)).status, status, path);
        assert.equal((await json(pm, `/api${path}`)).status, status, `/api${path}`);
      }
      const observer = await as('healthwatch');
      assert.equal(
        (await json(observer, `/api/schemes/calculations/${qofId}/what-if?pounds_per_point=1`)).status,
        403,
      );
      const analyst = await as('analyst');
      const bad = await json(analyst, `/api/schemes/calculations/${qofId}/what-if?pounds_per_point=lots`);
      assert.equal(bad.status, 400);
      assert.match(bad.body.error, /enter a number/);
    });
  });

  describe('the same numbers as the pages', () => {
    it('lists the schemes and their calculations', async () => {
      const { status, body } = await json(await as('analyst'), '/api/schemes');
      assert.equal(status, 200);
      const qof = body.schemes.find((s: { code: string }) => s.code === 'qof-2023-24');
      assert.equal(qof.calculations[0].id, qofId);
      assert.equal(qof.calculations[0].status, 'prepared');
    });
    it('gives the calculation’s totals per organisation as its page shows them', async () => {
      const b = await as('analyst');
      await b.get(`/schemes/calculations/${qofId}`);
      const rows = tableRows(b.lastHtml, 'Statements');
      const { body } = await json(b, `/api/schemes/calculations/${qofId}`);
      assert.equal(body.calculation.id, qofId);
      assert.equal(body.approval.status, 'prepared');
      assert.equal(body.standingRules, null, 'standing rules are for local schemes');
      assert.equal(rows.length, body.totals.length);
      for (const [i, t] of body.totals.entries()) {
        assert.ok(rows[i]![0]!.startsWith(t.orgCode));
        assert.equal(
          rows[i]![3],
          `£${t.amount.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
        );
      }
    });
    it('gives a statement line by line with the numbers its page shows, once approved also to the practice', async () => {
      const db = store().db;
      const itemId = await submitForApproval(db, ADMIN, { calculationId: qofId, meetingId }, new Date());
      const state = await itemState(db, itemId);
      for (const m of state.members)
        if (m.voting && !state.recused.has(m.id))
          await castVote(db, ADMIN, itemId, { memberId: m.id, choice: 'for' }, new Date());
      await recordDecision(db, ADMIN, itemId, { decisionText: 'Approved.', public: true }, new Date());

      const pm = await as('densham');
      const path = `/schemes/calculations/${qofId}/statements/A81001`;
      assert.equal((await pm.get(path)).status, 200);
      const rows = tableRows(pm.lastHtml, 'Statement lines');
      const { status, body } = await json(pm, `/api${path}`);
      assert.equal(status, 200);
      assert.equal(body.approval.status, 'approved');
      assert.equal(body.orgCode, 'A81001');
      assert.equal(rows.length, body.lines.length);
      let sum = 0;
      for (const [i, line] of body.lines.entries()) {
        const cells = rows[i]!;
        assert.equal(cells[0], String(line.lineNo));
        assert.equal(cells[3], shown(line.numerator, 0), `numerator, line ${line.lineNo}`);
        assert.equal(cells[5], shown(line.denominator, 0));
        assert.equal(cells[6], shown(line.achievement, 2), `achievement, line ${line.lineNo}`);
        assert.equal(cells[11], shown(line.pointsAchieved, 2), `points, line ${line.lineNo}`);
        assert.equal(cells[12], shown(line.prevalenceFactor, 4));
        assert.equal(cells[13], shown(line.listSizeFactor, 4));
        assert.equal(cells[16], shown(line.amount, 2), `amount, line ${line.lineNo}`);
        if (line.lineType !== 'total') sum += Math.round(line.amount * 100);
      }
      assert.equal(sum, Math.round(body.total * 100), 'the lines add up to the total');
      assert.equal((await json(pm, `/api/schemes/calculations/${qofId}/statements/A81002`)).status, 403);
    });
    it('runs the what-if as its page does', async () => {
      const b = await as('analyst');
      const { status, body } = await json(
        b,
        `/api/schemes/calculations/${qofId}/what-if?pounds_per_point=300`,
      );
      assert.equal(status, 200);
      assert.equal(body.changed.poundsPerPoint, 300);
      // Every amount scales by 300 ÷ 213.43 (to the penny, line by line).
      assert.ok(Math.abs(body.comparison.totalAfter - (body.comparison.totalBefore * 300) / 213.43) < 1);
      assert.ok(body.equity.byDeprivation.length === 5);
    });
  });

  describe('standing rules', () => {
    it('are set by the manager on their page, refused to the analyst, and listed by the API', async () => {
      const analyst = await as('analyst');
      await analyst.get('/schemes/standing-rules');
      assert.doesNotMatch(analyst.lastHtml, /Add the rule/);
      const refusedPost = await analyst.post('/schemes/standing-rules', {
        rule: 'covers_indicators',
        indicators: 'QOF-PREV-CHD',
      });
      assert.equal(refusedPost.status, 403);
      const m = await as('manager');
      await m.get('/schemes/standing-rules');
      assert.match(m.lastHtml, /Add the rule/);
      const invalid = await m.post('/schemes/standing-rules', { rule: 'covers_indicators', indicators: '' });
      assert.equal(invalid.status, 400);
      assert.match(m.lastHtml, /There is a problem/);
      const res = await m.post('/schemes/standing-rules', {
        rule: 'covers_indicators',
        indicators: 'QOF-PREV-HYP, QOF-PREV-CHD',
      });
      assert.equal(res.status, 303);
      const { body } = await json(analyst, '/api/schemes/standing-rules');
      assert.equal(body.canManage, false);
      assert.deepEqual(
        body.rules.map((r: { description: string }) => r.description),
        ['Covers the indicators QOF-PREV-HYP, QOF-PREV-CHD'],
      );
      assert.equal((await json(m, '/api/schemes/standing-rules')).body.canManage, true);
    });
    it('show each rule’s result and reason on the definition and calculation pages; no submit while one fails', async () => {
      const m = await as('manager');
      assert.equal((await m.get('/schemes/hyp-local')).status, 200);
      assert.match(m.lastHtml, /A standing rule fails: the scheme cannot be approved/);
      const rows = tableRows(m.lastHtml, 'Standing rules and the result of each');
      assert.deepEqual(rows, [
        [
          'Covers the indicators QOF-PREV-HYP, QOF-PREV-CHD',
          'Fail',
          'does not cover required indicator QOF-PREV-CHD',
        ],
      ]);
      const definition = await json(m, '/api/schemes/hyp-local');
      assert.equal(definition.body.standingRules.passed, false);
      assert.deepEqual(definition.body.standingRules.results[0].reasons, [
        'does not cover required indicator QOF-PREV-CHD',
      ]);
      await m.get(`/schemes/calculations/${localId}`);
      assert.match(m.lastHtml, /A standing rule fails: this calculation cannot be put to the committee/);
      assert.doesNotMatch(m.lastHtml, /Put to the committee for approval/);
      const res = await m.post(`/schemes/calculations/${localId}/submit`, { meeting_id: String(meetingId) });
      assert.equal(res.status, 409);
      assert.match(m.lastHtml, /fails its standing rules/);
      const calc = await json(m, `/api/schemes/calculations/${localId}`);
      assert.equal(calc.body.standingRules.passed, false);
      // The QOF-style scheme is not a local scheme: no standing rules section.
      await m.get('/schemes/qof-2023-24');
      assert.doesNotMatch(m.lastHtml, /Standing rules and the result of each/);
    });
    it('can be removed by the manager, after which the calculation can be put to the committee', async () => {
      const m = await as('manager');
      const { body } = await json(m, '/api/schemes/standing-rules');
      await m.get('/schemes/standing-rules');
      assert.equal((await m.post(`/schemes/standing-rules/${body.rules[0].id}/delete`, {})).status, 303);
      await m.get(`/schemes/calculations/${localId}`);
      assert.match(m.lastHtml, /No standing rules are set/);
      assert.match(m.lastHtml, /Put to the committee for approval/);
    });
  });

  it('describes every scheme API route in the OpenAPI document', async () => {
    const doc = (await (await new TestBrowser(app).get('/api/openapi.json')).json()) as {
      paths: Record<string, { get?: { tags: string[]; responses: Record<string, { content?: unknown }> } }>;
    };
    for (const path of [
      '/api/schemes',
      '/api/schemes/standing-rules',
      '/api/schemes/{code}',
      '/api/schemes/calculations/{id}',
      '/api/schemes/calculations/{id}/statements/{code}',
      '/api/schemes/calculations/{id}/what-if',
    ]) {
      const op = doc.paths[path]?.get;
      assert.ok(op, path);
      assert.deepEqual(op.tags, ['schemes']);
      assert.ok(op.responses['200']!.content, `${path} has a response schema`);
    }
  });
});
