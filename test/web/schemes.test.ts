// The scheme pages on both databases, with the real slice, the imported QOF achievement fixtures and
// the demo committee of 16C: who sees which page, the statement and its exports, the what-if, the
// approval by committee (with recusal), appeals and the payable file; and every write refused to an
// observer and a visitor.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { itemState } from '../../src/app/governance/item-state.ts';
import { castVote, recordDecision } from '../../src/app/governance/items.ts';
import { importPaths } from '../../src/app/import/index.ts';
import { calculateAndStore, inputsFromAchievement, readSchemeFile } from '../../src/app/schemes/index.ts';
import { seedGovernanceDemo } from '../../src/demo/governance.ts';
import { practiceInput } from '../../src/domain/schemes/index.ts';
import type { Database } from '../../src/store/schema.ts';
import { createWebApp } from '../../src/web/app.ts';
import { SCHEME_WRITE_PATHS } from '../../src/web/routes/schemes/write-paths.ts';
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

async function counts(db: Kysely<Database>): Promise<number[]> {
  const out: number[] = [];
  for (const t of ['scheme_approval', 'scheme_appeal', 'premium_distribution', 'agenda_item'] as const) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out.push(Number(r.n));
  }
  return out;
}

forEachDatabase('scheme pages', (store) => {
  let app: ReturnType<typeof createWebApp>;
  const passwords: Record<string, string> = {};
  let calculationId = 0;
  let meetingId = 0;
  const as = async (username: string): Promise<TestBrowser> => {
    const browser = new TestBrowser(app);
    assert.equal((await browser.signIn(username, passwords[username]!)).status, 303);
    await browser.get('/schemes'); // a page with the session's csrf_token (or a refusal page with it)
    return browser;
  };

  before(async () => {
    const db = store().db;
    await seedRealSlice(db);
    await importPaths(store(), [FIXTURES], { actor: 'analyst' });
    await seedGovernanceDemo(db, new Date());
    const read = await readSchemeFile(QOF_FILE);
    assert.ok(read.ok);
    const all = await inputsFromAchievement(db, read.scheme);
    // 16C's two practices and two Barnet ones: the item recuses Dr Bell (A81001) and Dr Patel (A81002)
    // and stays quorate with the four lay and executive members.
    const inputs = { ...all, practices: all.practices.filter((p) => p.practiceCode !== 'E83003') };
    calculationId = (
      await calculateAndStore(store(), {
        now: new Date(),
        scheme: read.scheme,
        inputs,
        sourceKind: 'qof_achievement',
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
      ['other-pm', 'practice_manager:A81002'],
      ['healthwatch', 'observer:16C'],
    ] as const)
      passwords[name] = await addUser(db, name, role);
  });

  describe('reading', () => {
    it('lists the scheme and renders its definition with thresholds, points and £ per point', async () => {
      const b = await as('analyst');
      assert.match(b.lastHtml, /Quality and Outcomes Framework 2023-24/);
      const res = await b.get('/schemes/qof-2023-24');
      assert.equal(res.status, 200);
      assert.match(b.lastHtml, /AF006/);
      assert.match(b.lastHtml, /£213\.43 a point/);
    });
    it('shows the calculation’s totals to the analyst but not to a practice manager', async () => {
      const b = await as('analyst');
      assert.equal((await b.get(`/schemes/calculations/${calculationId}`)).status, 200);
      assert.match(b.lastHtml, /A81001/);
      const pm = await as('densham');
      assert.equal((await pm.get(`/schemes/calculations/${calculationId}`)).status, 403);
    });
    it('sends a visitor to sign in', async () => {
      const res = await new TestBrowser(app).get(`/schemes/calculations/${calculationId}`);
      assert.equal(res.status, 303);
      assert.match(res.headers.get('location') ?? '', /^\/sign-in/);
    });
  });

  describe('calculated vs paid', () => {
    it('shows the auditor’s page with the timing explained, and its CSV; a practice manager is refused', async () => {
      const b = await as('analyst');
      await b.get(`/schemes/calculations/${calculationId}`);
      assert.match(b.lastHtml, /Calculated vs paid/);
      const res = await b.get(`/schemes/calculations/${calculationId}/reconciliation`);
      assert.equal(res.status, 200);
      assert.match(b.lastHtml, /aspiration payments on account/);
      // The slice holds no published 2023-24 points or payments: all four practices are flagged, saying why.
      assert.match(b.lastHtml, /no published points for the year/);
      assert.match(b.lastHtml, /Flagged \(4\)/);
      const csv = await b.get(`/schemes/calculations/${calculationId}/reconciliation?format=csv`);
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      const pm = await as('densham');
      assert.equal((await pm.get(`/schemes/calculations/${calculationId}/reconciliation`)).status, 403);
      // The JSON twin carries the same lines, under the same rule.
      const api = await b.get(`/api/schemes/calculations/${calculationId}/reconciliation`);
      assert.equal(api.status, 200);
      const json = (await api.json()) as { calculation: { id: number } };
      assert.equal(json.calculation.id, calculationId);
      assert.equal((await pm.get(`/api/schemes/calculations/${calculationId}/reconciliation`)).status, 403);
    });
  });

  describe('what-if', () => {
    it('shows the cost of £300 a point with the equity view, as a chart and a table', async () => {
      const b = await as('analyst');
      const res = await b.get(`/schemes/calculations/${calculationId}/what-if?pounds_per_point=300`);
      assert.equal(res.status, 200);
      assert.match(b.lastHtml, /Total after/);
      assert.match(b.lastHtml, /<svg role="img"/);
      assert.match(b.lastHtml, /1 \(most deprived\)/);
      assert.match(b.lastHtml, /Under 5,000|5,000 to 9,999|10,000 to 14,999|15,000 and over/);
    });
    it('refuses a number it cannot read, and refuses observers and practices', async () => {
      const b = await as('analyst');
      assert.equal(
        (await b.get(`/schemes/calculations/${calculationId}/what-if?pounds_per_point=lots`)).status,
        400,
      );
      assert.equal(
        (
          await (
            await as('healthwatch')
          ).get(`/schemes/calculations/${calculationId}/what-if?pounds_per_point=1`)
        ).status,
        403,
      );
      assert.equal(
        (await (await as('densham')).get(`/schemes/calculations/${calculationId}/what-if`)).status,
        403,
      );
    });
  });

  describe('writes refused', () => {
    it('refuses every write route to an observer and to a visitor, changing nothing', async () => {
      const db = store().db;
      const before = await counts(db);
      const observer = await as('healthwatch');
      for (const path of SCHEME_WRITE_PATHS) {
        const url = path.replace(':id', String(calculationId)).replace(':code', 'A81001');
        const res = await observer.post(url, {
          meeting_id: String(meetingId),
          option: 'retain',
          commissioner_code: '16C',
          line_no: '1',
          reason: 'x',
          outcome: 'upheld',
          note: 'x',
        });
        assert.equal(res.status, 403, `observer ${url}`);
        const visitor = await new TestBrowser(app).post(
          url,
          { meeting_id: String(meetingId) },
          { csrf: false },
        );
        assert.equal(visitor.status, 403, `visitor ${url}`);
      }
      assert.deepEqual(await counts(db), before);
    });
  });

  describe('approval, statements, appeals and the payable file', () => {
    it('a practice manager cannot see the statement before approval', async () => {
      const pm = await as('densham');
      assert.equal((await pm.get(`/schemes/calculations/${calculationId}/statements/A81001`)).status, 404);
    });
    it('the manager puts it to the committee; the GP partners are recused; the committee approves', async () => {
      const m = await as('manager');
      await m.get(`/schemes/calculations/${calculationId}`);
      const res = await m.post(`/schemes/calculations/${calculationId}/submit`, {
        meeting_id: String(meetingId),
      });
      assert.equal(res.status, 303);
      const db = store().db;
      const link = await db
        .selectFrom('scheme_approval')
        .select('agenda_item_id')
        .where('calculation_id', '=', calculationId)
        .executeTakeFirstOrThrow();
      const state = await itemState(db, link.agenda_item_id);
      const recused = state.members.filter((x) => state.recused.has(x.id)).map((x) => x.name);
      assert.ok(recused.some((n) => n.startsWith('Dr Sarah Bell')));
      assert.ok(recused.some((n) => n.startsWith('Dr Imran Patel')));
      for (const x of state.members)
        if (x.voting && !state.recused.has(x.id))
          await castVote(db, ADMIN, state.item.id, { memberId: x.id, choice: 'for' }, new Date());
      await recordDecision(db, ADMIN, state.item.id, { decisionText: 'Approved.', public: true }, new Date());
      await m.get(`/schemes/calculations/${calculationId}`);
      assert.match(m.lastHtml, /Approved/);
      // The agenda item is linked where the governance pages serve it (not /items/N, a 404).
      assert.match(m.lastHtml, new RegExp(`href="/governance/items/${link.agenda_item_id}"`));
      assert.doesNotMatch(m.lastHtml, /href="\/items\//);
      assert.equal((await m.get(`/governance/items/${link.agenda_item_id}`)).status, 200);
      // Money as a finance lead writes it.
      assert.doesNotMatch(m.lastHtml, /£\d{4,}\.\d\d/);
    });
    it('a practice manager sees their own statement line by line, as CSV and Excel, and not another’s', async () => {
      const pm = await as('densham');
      assert.match(pm.lastHtml, /Statement for A81001/, 'the scheme list links to their own statement');
      assert.doesNotMatch(pm.lastHtml, /Statement for A81002/);
      assert.equal((await pm.get(`/schemes/calculations/${calculationId}/statements/A81001`)).status, 200);
      assert.match(pm.lastHtml, /Points achieved/);
      assert.match(pm.lastHtml, /Appeal the line/);
      const csv = await pm.get(`/schemes/calculations/${calculationId}/statements/A81001?format=csv`);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      assert.match((await csv.text()).split('\n')[0]!, /^Line,Item,Type,Numerator,Exceptions,Denominator/);
      const xlsx = await pm.get(`/schemes/calculations/${calculationId}/statements/A81001?format=xlsx`);
      assert.match(xlsx.headers.get('content-type') ?? '', /spreadsheetml/);
      assert.equal((await pm.get(`/schemes/calculations/${calculationId}/statements/A81002`)).status, 403);
    });
    it('records an appeal of a line and the manager’s outcome', async () => {
      const pm = await as('densham');
      await pm.get(`/schemes/calculations/${calculationId}/statements/A81001`);
      const res = await pm.post(`/schemes/calculations/${calculationId}/statements/A81001/appeals`, {
        line_no: '1',
        reason: 'Two exceptions were missed.',
      });
      assert.equal(res.status, 303);
      const other = await as('other-pm');
      await other.get(`/schemes/calculations/${calculationId}/statements/A81002`);
      assert.equal(
        (
          await other.post(`/schemes/calculations/${calculationId}/statements/A81001/appeals`, {
            line_no: '1',
            reason: 'x',
          })
        ).status,
        403,
      );
      const appeal = await store().db.selectFrom('scheme_appeal').select('id').executeTakeFirstOrThrow();
      const m = await as('manager');
      await m.get(`/schemes/calculations/${calculationId}`);
      assert.equal(
        (
          await m.post(`/schemes/appeals/${appeal.id}/decision`, {
            outcome: 'upheld',
            note: 'Corrected in the next payment.',
          })
        ).status,
        303,
      );
      await pm.get(`/schemes/calculations/${calculationId}/statements/A81001`);
      assert.match(pm.lastHtml, /Upheld: Corrected in the next payment\./);
    });
    it('exports the payable file to the manager only', async () => {
      const m = await as('manager');
      const res = await m.get(`/schemes/calculations/${calculationId}/payable.csv`);
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.match(text, /^calculation_id,scheme,version,period,payee_code/);
      assert.match(text, /A81001,practice/);
      assert.equal(
        (await (await as('densham')).get(`/schemes/calculations/${calculationId}/payable.csv`)).status,
        403,
      );
    });
  });

  describe('a calculation that pays nobody', () => {
    it('shows why it cannot go to the committee and takes an override with its reason', async () => {
      const read = await readSchemeFile(QOF_FILE);
      assert.ok(read.ok);
      const nobody = await calculateAndStore(store(), {
        now: new Date(),
        scheme: read.scheme,
        inputs: {
          period: '2023-24',
          source: 'test: a practice with no list as of the year end',
          practices: [
            {
              ...practiceInput('A81001', null),
              listSource:
                'no registered list as of 2024-03-31: the latest (4233, test) is 2981 days old then: not used',
            },
          ],
          commissioners: [],
        },
        sourceKind: 'inputs_file',
        actor: 'analyst',
      });
      const base = `/schemes/calculations/${nobody.calculation.id}`;
      const m = await as('manager');
      await m.get(base);
      assert.match(m.lastHtml, /Cannot be put to the committee yet/);
      assert.match(m.lastHtml, /no organisation is paid anything/);
      assert.doesNotMatch(m.lastHtml, /Put to the committee for approval/);
      assert.equal((await m.post(`${base}/override`, { reason: 'short' })).status, 400);
      const res = await m.post(`${base}/override`, {
        reason: 'Lists for 2023-24 are being imported; the committee is asked to note the nil payments.',
      });
      assert.equal(res.status, 303);
      await m.get(base);
      assert.match(m.lastHtml, /Override recorded by manager: Lists for 2023-24 are being imported/);
      assert.match(m.lastHtml, /Put to the committee for approval/);
    });
  });
});
