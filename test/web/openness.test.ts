// The openness pages over HTTP on a real slice (40 practices, QOF atrial fibrillation 2018-19): a
// practice queries a figure of an embargoed draft, publication is refused while the query is open, a
// commissioning manager overrides with a reason, and the public pages then show the release's figures
// with no count from 1 to 7 (page and CSV), the rule written on the page. The pages pass axe-core.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { recompute } from '../../src/app/compute/recompute.ts';
import { changeMembership, createPeerReviewGroup } from '../../src/app/releases/peer-review-groups.ts';
import { createWebApp } from '../../src/web/app.ts';
import { firstPractices, importSlice, type Slice, writeSlice } from '../app/benchmarking-fixture.ts';
import { forEachDatabase } from '../support/databases.ts';
import { seedBenchmarkingSlice } from './benchmarking-slice.ts';
import { addUser, TestBrowser } from './client.ts';

const practices = firstPractices('PREVALENCE_1819_v2.csv', 40);
let slice: Slice;
let outbox: string;
/** Pages rendered by the PGlite run, checked with axe-core at the end. */
const pages = new Map<string, string>();

before(async () => {
  slice = await writeSlice({
    prevalence: ['PREVALENCE_1819_v2.csv'],
    groups: ['AF'],
    hierarchy: ['ORGANISATION_REFERENCE_1819_v2.csv'],
    practices,
  });
  outbox = await mkdtemp(join(tmpdir(), 'fairview-outbox-'));
  process.env.FAIRVIEW_OUTBOX_DIR = outbox;
});
after(async () => {
  await slice.remove();
  await rm(outbox, { recursive: true, force: true });
});

/** Numbers in the numeric cells of a page's tables. */
function numericCells(page: string): number[] {
  return [...page.matchAll(/nhsuk-table__cell--numeric"[^>]*>([^<]*)</g)]
    .map((m) => m[1]!.replace(/,/g, ''))
    .filter((t) => /^\d+$/.test(t))
    .map(Number);
}

forEachDatabase('openness pages', (store, kind) => {
  let practice = '';
  let subIcb = '';
  let app: ReturnType<typeof createWebApp>;
  const passwords = new Map<string, string>();

  before(async () => {
    await importSlice(store(), slice);
    await recompute(store(), { now: new Date(), actor: 'analyst', release: 'r1' });
    const row = await store()
      .db.selectFrom('result')
      .select(['area_code', 'sub_icb_code'])
      .where('area_kind', '=', 'practice')
      .where('sub_icb_code', 'is not', null)
      .orderBy('area_code')
      .limit(1)
      .executeTakeFirstOrThrow();
    practice = row.area_code;
    subIcb = row.sub_icb_code!;
    passwords.set('pm', await addUser(store().db, 'pm', `practice_manager:${practice}`));
    passwords.set('analyst', await addUser(store().db, 'analyst', `commissioning_analyst:${subIcb}`));
    passwords.set('manager', await addUser(store().db, 'manager', `commissioning_manager:${subIcb}`));
    // Another area's commissioner and practice (Barnet, London): the attackers of the API test.
    passwords.set('elsewhere', await addUser(store().db, 'elsewhere', 'commissioning_manager:93C'));
    passwords.set('other-pm', await addUser(store().db, 'other-pm', 'practice_manager:E83003'));
    app = createWebApp({ db: store().db });
  });

  async function as(username: string): Promise<TestBrowser> {
    const browser = new TestBrowser(app);
    await browser.signIn(username, passwords.get(username)!);
    return browser;
  }

  it('keeps a draft off the public pages', async () => {
    const visitor = new TestBrowser(app);
    assert.equal((await visitor.get('/releases')).status, 200);
    assert.doesNotMatch(visitor.lastHtml, /href="\/releases\/r1"/);
    assert.equal((await visitor.get('/releases/r1')).status, 404);
    assert.equal((await visitor.get('/releases/r1/queries')).status, 303, 'sign in first');
  });

  it('shows a practice its embargoed figures and takes a data query on one of them', async () => {
    const pm = await as('pm');
    await pm.get('/releases');
    assert.match(pm.lastHtml, /href="\/releases\/r1\/queries"/);
    if (kind === 'pglite') pages.set('releases (signed in)', pm.lastHtml);
    assert.equal((await pm.get('/releases/r1/queries')).status, 200);
    assert.match(pm.lastHtml, /Embargoed draft/);
    if (kind === 'pglite') pages.set('queries (practice)', pm.lastHtml);
    const indicatorId = /name="indicator_id" value="(\d+)"/.exec(pm.lastHtml)![1]!;
    const period = /name="period" value="([^"]+)"/.exec(pm.lastHtml)![1]!;
    const res = await pm.post('/releases/r1/queries', {
      practice,
      indicator_id: indicatorId,
      period,
      question: 'Our register is 9 patients higher on our clinical system.',
    });
    assert.equal(res.status, 303);
    await pm.get('/releases/r1/queries');
    assert.match(pm.lastHtml, /9 patients higher/);
  });

  it('gives the same checks under /api/, and nothing of them to another area', async () => {
    type Checks = {
      release: { status: string };
      practices: { code: string; figures: unknown[] }[];
      queries: { practiceCode: string; question: string; status: string; answerable: boolean }[];
    };
    const pm = await as('pm');
    const own = (await (await pm.get('/api/releases/r1/queries')).json()) as Checks;
    assert.equal(own.release.status, 'draft');
    assert.deepEqual(
      own.practices.map((p) => p.code),
      [practice],
    );
    assert.ok(own.practices[0]!.figures.length > 0, 'its embargoed figures');
    assert.deepEqual(
      own.queries.map((q) => [q.practiceCode, q.status, q.answerable]),
      [[practice, 'open', false]],
    );
    const analyst = await as('analyst');
    const theirs = (await (await analyst.get('/api/releases/r1/queries')).json()) as Checks;
    assert.deepEqual(
      theirs.queries.map((q) => [q.practiceCode, q.answerable]),
      [[practice, true]],
    );
    assert.equal(theirs.practices.length, 0, 'a commissioner has no embargoed figures of its own');
    // Another area's commissioner takes part in checks (may publish) but sees none of this area's queries.
    const elsewhere = await as('elsewhere');
    const seen = (await (await elsewhere.get('/api/releases/r1/queries')).json()) as Checks;
    assert.deepEqual(seen.queries, []);
    // Another area's practice takes part with its own figures only: none here, and no query of 16C's.
    const other = await as('other-pm');
    const its = (await (await other.get('/api/releases/r1/queries')).json()) as Checks;
    assert.deepEqual([its.practices, its.queries], [[], []]);
    await other.get('/releases');
    const queryId = await store().db.selectFrom('data_query').select('id').executeTakeFirstOrThrow();
    for (const who of [other, elsewhere]) {
      await who.get('/releases');
      const answer = await who.post(`/api/releases/r1/queries/${queryId.id}/answer`, {
        decision: 'reject',
        answer: 'Not yours to answer.',
      });
      assert.equal(answer.status, 403);
    }
    assert.equal((await new TestBrowser(app).get('/api/releases/r1/queries')).status, 401);
    assert.equal((await pm.get('/api/releases/nope/queries')).status, 404);
  });

  it('refuses to publish while the query is open, then publishes on a decision-maker’s recorded override', async () => {
    const analyst = await as('analyst');
    await analyst.get('/releases/r1/queries');
    assert.match(analyst.lastHtml, /Send answer/);
    if (kind === 'pglite') pages.set('queries (commissioner)', analyst.lastHtml);
    const refused = await analyst.post('/releases/r1/publish', {});
    assert.equal(refused.status, 409);
    assert.match(analyst.lastHtml, /open data query/);
    const manager = await as('manager');
    await manager.get('/releases/r1/queries');
    assert.match(manager.lastHtml, /Reason for publishing with open queries/);
    const published = await manager.post('/releases/r1/publish', {
      override_reason: 'Board deadline; correction follows.',
    });
    assert.equal(published.status, 303);
    const release = await store()
      .db.selectFrom('release')
      .select('status')
      .where('name', '=', 'r1')
      .executeTakeFirstOrThrow();
    assert.equal(release.status, 'published');
  });

  it('shows the published figures to anyone, with the rule on the page and no count from 1 to 7', async () => {
    const visitor = new TestBrowser(app);
    await visitor.get('/releases/r1');
    assert.match(visitor.lastHtml, /from 1 to 7 are not shown/);
    if (kind === 'pglite') pages.set('release', visitor.lastHtml);
    const res = await visitor.get(`/releases/r1?area=${subIcb}`);
    assert.equal(res.status, 200);
    if (kind === 'pglite') pages.set('release area', visitor.lastHtml);
    const numbers = numericCells(visitor.lastHtml);
    assert.ok(numbers.length > 0);
    for (const n of numbers) assert.ok(n === 0 || n >= 8, `page shows ${n}`);
    const csv = await (await visitor.get(`/releases/r1?area=${subIcb}&format=csv`)).text();
    const lines = csv.trim().split('\r\n').slice(1);
    assert.ok(lines.length > 0);
    for (const line of lines) {
      const fields = line.split(',');
      // Count and denominator, counted from the end (a quoted practice name may hold commas).
      for (const f of fields.slice(-4, -2))
        if (f !== '') assert.ok(Number(f) === 0 || Number(f) >= 8, `CSV shows ${f}`);
    }
  });

  it('lists the signed-in user’s notifications', async () => {
    const analyst = await as('analyst');
    await analyst.get('/notifications');
    assert.match(analyst.lastHtml, new RegExp(`Data query from ${practice}`));
    if (kind === 'pglite') pages.set('notifications', analyst.lastHtml);
    assert.equal((await analyst.post('/notifications/read', {})).status, 303);
    await analyst.get('/notifications');
    assert.match(analyst.lastHtml, /no unread notifications/);
  });
});

forEachDatabase('peer review groups on the peers page (Tees Valley slice)', (store) => {
  it('names, to the practice’s own staff, a peer that shares its peer review group, and pseudonymises the rest', async () => {
    const { practices } = await seedBenchmarkingSlice(store());
    const app = createWebApp({ db: store().db });
    const practice = [...practices].sort()[0]!;
    type PeersApi = { peers: { label: string; code: string | null; rank: number }[] };
    const before = (await (await app.request(`/api/practices/${practice}/peers`)).json()) as PeersApi;
    assert.ok(before.peers.length >= 2);
    assert.ok(before.peers.every((p) => p.code === null && /^Peer \d+$/.test(p.label)));
    // A group is of one sub-ICB location: the nearest peer of the same location joins it with the practice.
    const areaOf = async (code: string) =>
      (
        await store()
          .db.selectFrom('result')
          .select('sub_icb_code')
          .where('area_kind', '=', 'practice')
          .where('area_code', '=', code)
          .executeTakeFirstOrThrow()
      ).sub_icb_code!;
    const area = await areaOf(practice);
    const peerRows = await store()
      .db.selectFrom('peer')
      .select('peer_code')
      .where('practice_code', '=', practice)
      .orderBy('rank')
      .execute();
    let partner: { peer_code: string } | undefined;
    for (const p of peerRows) if ((await areaOf(p.peer_code)) === area && !partner) partner = p;
    assert.ok(partner, 'a peer of the same sub-ICB location');
    const staffOf = (code: string) => ({
      username: `pm-${code}`,
      roles: [{ role: 'practice_manager' as const, organisationCode: code }],
    });
    const group = await createPeerReviewGroup(
      store().db,
      { username: 'manager', roles: [{ role: 'commissioning_manager', organisationCode: area }] },
      { name: 'Tees peer review group', areaCode: area },
      new Date(),
    );
    await changeMembership(store().db, staffOf(practice), group, 'join', practice, new Date());
    await changeMembership(
      store().db,
      staffOf(partner.peer_code),
      group,
      'join',
      partner.peer_code,
      new Date(),
    );
    const visitor = (await (await app.request(`/api/practices/${practice}/peers`)).json()) as PeersApi;
    assert.ok(
      visitor.peers.every((p) => p.code === null),
      'a visitor is in no group: every peer stays pseudonymised',
    );
    const staff = new TestBrowser(app);
    await staff.signIn('tees-pm', await addUser(store().db, 'tees-pm', `practice_manager:${practice}`));
    const after = (await (await staff.get(`/api/practices/${practice}/peers`)).json()) as PeersApi;
    const named = after.peers.filter((p) => p.code !== null);
    assert.deepEqual(
      named.map((p) => p.code),
      [partner.peer_code],
    );
    assert.ok(named[0]!.label.includes(partner.peer_code));
    assert.ok(after.peers.filter((p) => p.code === null).every((p) => /^Peer \d+$/.test(p.label)));
    // The sub-ICB location's own analyst sees every peer by name; another area's analyst, in no group,
    // sees them as a visitor does.
    const own = new TestBrowser(app);
    await own.signIn(
      'tees-analyst',
      await addUser(store().db, 'tees-analyst', `commissioning_analyst:${area}`),
    );
    const ownView = (await (await own.get(`/api/practices/${practice}/peers`)).json()) as PeersApi;
    assert.ok(ownView.peers.every((p) => p.code !== null && p.label.includes(p.code)));
    await own.get(`/practices/${practice}/peers`);
    assert.ok(
      ownView.peers.every((p) => own.lastHtml.includes(p.label)),
      'the page names them too',
    );
    assert.match(own.lastHtml, /shown to you by name, as a commissioner/);
    const stranger = new TestBrowser(app);
    await stranger.signIn(
      'far-analyst',
      await addUser(store().db, 'far-analyst', 'commissioning_analyst:93C'),
    );
    const far = (await (await stranger.get(`/api/practices/${practice}/peers`)).json()) as PeersApi;
    assert.ok(far.peers.every((p) => p.code === null && /^Peer \d+$/.test(p.label)));
  });
});

describe('openness pages and accessibility', () => {
  it('have no axe-core violations', async () => {
    assert.ok(pages.size >= 4, 'pages were collected by the PGlite run');
    const axe = await readFile(
      join(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'),
      'utf8',
    );
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    try {
      const page = await browser.newPage();
      for (const [name, markup] of pages) {
        await page.setContent(markup.replace(/<script[^>]*src=[^>]*><\/script>/g, ''));
        await page.evaluate(axe);
        const violations = await page.evaluate(async () => {
          const run = (
            globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string }[] }> } }
          ).axe.run;
          return (await run()).violations.map((v) => v.id);
        });
        assert.deepEqual(violations, [], `axe-core violations on the ${name} page`);
      }
    } finally {
      await browser.close();
    }
  });
});
