import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { DEMO_COMMITTEE_NAME, seedGovernanceDemo } from '../../src/demo/governance.ts';
import type { Database } from '../../src/store/schema.ts';
import { createWebApp } from '../../src/web/app.ts';
import { GOVERNANCE_WRITE_PATHS } from '../../src/web/routes/governance/write-paths.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { addUser, TestBrowser } from './client.ts';
import { seedRealSlice } from './real-slice.ts';
import { assertTwinParity } from './twin-parity.ts';

/** Rows in every governance table: a refused write must leave them all as they were. */
async function governanceCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables = [
    'delegation_period',
    'delegation_function',
    'governance_person',
    'interest_declaration',
    'interest_review',
    'committee',
    'committee_member',
    'committee_meeting',
    'meeting_attendance',
    'agenda_item',
    'item_recusal',
    'recusal_override',
    'item_vote',
    'item_decision',
  ] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

forEachDatabase('governance on the web', (store) => {
  let app: ReturnType<typeof createWebApp>;
  const passwords: Record<string, string> = {};
  const ids = { committee: 0, heldMeeting: 0, nextMeeting: 0, densham: 0, gpMember: 0, period: 0 };
  const signedIn = async (username: string): Promise<TestBrowser> => {
    const browser = new TestBrowser(app);
    assert.equal((await browser.signIn(username, passwords[username]!)).status, 303, `${username} signs in`);
    await browser.get('/governance'); // a page with the session's csrf_token
    return browser;
  };
  const json = async (res: Response): Promise<Record<string, unknown>> =>
    (await res.json()) as Record<string, unknown>;

  before(async () => {
    const db = store().db;
    await seedRealSlice(db);
    app = createWebApp({ db, now: () => new Date('2026-11-24T10:00:00Z') });
    for (const [name, role] of [
      ['demo-committee-lay', 'committee_lay:QHM'],
      ['demo-committee-executive', 'committee_executive:QHM'],
      ['demo-committee-gp', 'committee_gp:QHM'],
      ['demo-observer', 'observer:QHM'],
      ['demo-lmc-representative', 'lmc_representative:16C'],
      ['manager', 'commissioning_manager:16C'],
      ['manager93', 'commissioning_manager:93C'],
      ['areateam', 'area_team:Y63'],
    ] as const) {
      passwords[name] = await addUser(db, name, role);
    }
    assert.deepEqual(await seedGovernanceDemo(db, TEST_NOW), { seeded: true });
    assert.deepEqual(
      await seedGovernanceDemo(db, TEST_NOW),
      { seeded: false },
      'a second seed changes nothing',
    );
    const committee = await db
      .selectFrom('committee')
      .select('id')
      .where('name', '=', DEMO_COMMITTEE_NAME)
      .executeTakeFirstOrThrow();
    ids.committee = committee.id;
    const meetings = await db
      .selectFrom('committee_meeting')
      .select(['id', 'held_on'])
      .orderBy('held_on')
      .execute();
    ids.heldMeeting = meetings[0]!.id;
    ids.nextMeeting = meetings[1]!.id;
    ids.densham = (
      await db
        .selectFrom('agenda_item')
        .select('id')
        .where('meeting_id', '=', ids.nextMeeting)
        .executeTakeFirstOrThrow()
    ).id;
    ids.gpMember = (
      await db
        .selectFrom('committee_member as m')
        .innerJoin('governance_person as p', 'p.id', 'm.person_id')
        .innerJoin('app_user as u', 'u.id', 'p.user_id')
        .select('m.id')
        .where('u.username', '=', 'demo-committee-gp')
        .executeTakeFirstOrThrow()
    ).id;
    ids.period = (
      await db
        .selectFrom('delegation_period')
        .select('id')
        .where('commissioner_code', '=', '16C')
        .executeTakeFirstOrThrow()
    ).id;
  });

  describe('automatic recusal at the demo committee', () => {
    it('recuses the GP member who is a partner at A81001 from the item about A81001, and the quorum recomputes', async () => {
      const browser = await signedIn('demo-committee-lay');
      const item = await json(await browser.get(`/api/governance/items/${ids.densham}`));
      assert.deepEqual(item.recused, [ids.gpMember]);
      const quorum = item.quorum as {
        counted: number;
        votingMembers: number;
        threshold: number;
        quorate: boolean;
      };
      assert.deepEqual(
        [quorum.counted, quorum.votingMembers, quorum.threshold, quorum.quorate],
        [5, 6, 4, true],
      );
      const recusals = item.recusals as { source: string; reason: string }[];
      assert.equal(recusals[0]!.source, 'automatic');
      assert.match(recusals[0]!.reason, /A81001/);
    });

    it('shows the GP what an observer sees, and refuses the GP’s vote', async () => {
      const gp = await signedIn('demo-committee-gp');
      await gp.get(`/governance/items/${ids.densham}`);
      assert.match(gp.lastHtml, /You are recused from this item/);
      assert.ok(!gp.lastHtml.includes('district valuer’s report'), 'no confidential paper');
      assert.ok(!gp.lastHtml.includes(`action="/governance/items/${ids.densham}/votes"`), 'no vote form');
      const res = await gp.post(`/governance/items/${ids.densham}/votes`, { choice: 'for' });
      assert.equal(res.status, 403);
      assert.match(gp.lastHtml, /recused from this item/);
      const votes = await store()
        .db.selectFrom('item_vote')
        .select('member_id')
        .where('item_id', '=', ids.densham)
        .execute();
      assert.equal(votes.length, 0);
      const exec = await signedIn('demo-committee-executive');
      await exec.get(`/governance/items/${ids.densham}`);
      assert.match(exec.lastHtml, /district valuer’s report/, 'a voting member who is not recused reads it');
    });

    it('lets the chair override a recusal only with a reason, and shows and audits the override', async () => {
      const chair = await signedIn('demo-committee-lay');
      await chair.get(`/governance/items/${ids.densham}`);
      const short = await chair.post(`/governance/items/${ids.densham}/recusals/override`, {
        member_id: String(ids.gpMember),
        reason: 'ok',
      });
      assert.equal(short.status, 400);
      assert.match(chair.lastHtml, /Give the reason for the override/);
      const res = await chair.post(`/api/governance/items/${ids.densham}/recusals/override`, {
        member_id: String(ids.gpMember),
        reason: 'The item was withdrawn and replaced by a general briefing',
      });
      assert.equal(res.status, 200);
      await chair.get(`/governance/items/${ids.densham}`);
      assert.match(chair.lastHtml, /Overridden<\/strong> by demo-committee-lay/);
      const audit = await store()
        .db.selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'recusal_overridden')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor, 'demo-committee-lay');
      // and the chair puts the recusal back, which ends the override
      const back = await chair.post(`/api/governance/items/${ids.densham}/recusals`, {
        member_id: String(ids.gpMember),
        reason: 'Interest in A81001 stands',
      });
      assert.equal(back.status, 200);
      const item = await json(await chair.get(`/api/governance/items/${ids.densham}`));
      assert.deepEqual(item.recused, [ids.gpMember]);
    });

    it('refuses further recusals and overrides from a member who does not chair', async () => {
      const exec = await signedIn('demo-committee-executive');
      const res = await exec.post(`/api/governance/items/${ids.densham}/recusals`, {
        member_id: '1',
        reason: 'x',
      });
      assert.equal(res.status, 403);
      assert.match(String((await json(res)).error), /only the chair or deputy chair/);
    });
  });

  describe('observers', () => {
    for (const username of ['demo-observer', 'demo-lmc-representative']) {
      it(`(${username}) read the agenda, papers and decisions`, async () => {
        const b = await signedIn(username);
        assert.equal((await b.get(`/governance/committees/${ids.committee}`)).status, 200);
        assert.equal((await b.get(`/governance/meetings/${ids.nextMeeting}`)).status, 200);
        assert.equal((await b.get(`/governance/items/${ids.densham}`)).status, 200);
        assert.match(b.lastHtml, /rent review/);
        assert.ok(
          !b.lastHtml.includes('district valuer’s report'),
          'observers do not see the confidential paper',
        );
        assert.ok(!b.lastHtml.includes('<form action="/governance/items'), 'no forms to change anything');
      });

      it(`(${username}) cannot write through any governance route, page or API`, async () => {
        const b = await signedIn(username);
        const db = store().db;
        const before = await governanceCounts(db);
        const auditBefore = (await db.selectFrom('audit_log').select('id').execute()).length;
        const fill = (path: string): string =>
          path
            .replace('/committees/:id', `/committees/${ids.committee}`)
            .replace('/meetings/:id', `/meetings/${ids.nextMeeting}`)
            .replace('/items/:id', `/items/${ids.densham}`)
            .replace('/delegation/:code', '/delegation/16C')
            .replace('/requests/:id', `/requests/${ids.period}`);
        const form = {
          name: 'x',
          organisation_code: '16C',
          terms_of_reference: 'x',
          role: 'lay',
          position: 'member',
          voting: 'yes',
          starts_on: '2026-01-01',
          title: 'x',
          held_on: '2026-12-01',
          present: '1',
          concern_kind: 'general',
          minutes: 'x',
          member_id: String(ids.gpMember),
          reason: 'a reason long enough to pass',
          choice: 'for',
          decision_text: 'x',
          kind: 'nil',
          description: 'x',
          level: '3',
          approve: 'yes',
        };
        for (const path of GOVERNANCE_WRITE_PATHS) {
          for (const prefix of ['/governance', '/api/governance']) {
            const res = await b.post(`${prefix}${fill(path)}`, form);
            assert.equal(res.status, 403, `${prefix}${path}`);
          }
        }
        assert.deepEqual(await governanceCounts(db), before);
        assert.equal((await db.selectFrom('audit_log').select('id').execute()).length, auditBefore);
      });
    }

    it('every governance POST route registered is in the list the observers tried', () => {
      const posts = app.routes
        .filter((r) => r.method === 'POST' && /^\/(api\/)?governance\//.test(r.path))
        .map((r) => r.path)
        .sort();
      const expected = GOVERNANCE_WRITE_PATHS.flatMap((p) => [
        `/governance${p}`,
        `/api/governance${p}`,
      ]).sort();
      assert.deepEqual(posts, expected);
    });
  });

  describe('delegation', () => {
    it('keeps the record of a request and its approval, function by function', async () => {
      const manager = await signedIn('manager');
      const res = await manager.post('/api/governance/delegation/16C/requests', {
        level: '3',
        starts_on: '2027-04-01',
        functions: 'pms_reviews',
        note: 'Renewal',
      });
      assert.equal(res.status, 200);
      const periodId = (await json(res)).id as number;
      // a manager cannot approve their own request
      assert.equal(
        (await manager.post(`/api/governance/delegation/requests/${periodId}/decision`, { approve: 'yes' }))
          .status,
        403,
      );
      const area = await signedIn('areateam');
      const decided = await area.post(`/api/governance/delegation/requests/${periodId}/decision`, {
        approve: 'yes',
        note: 'Agreed',
      });
      assert.equal(decided.status, 200);
      const period = await store()
        .db.selectFrom('delegation_period')
        .selectAll()
        .where('id', '=', periodId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [period.status, period.requested_by, period.decided_by],
        ['approved', 'manager', 'areateam'],
      );
      const fns = await store()
        .db.selectFrom('delegation_function')
        .selectAll()
        .where('period_id', '=', periodId)
        .execute();
      assert.deepEqual(
        fns.map((f) => [f.function, f.status, f.decided_by]),
        [['pms_reviews', 'refused', 'areateam']],
      );
      const previous = await store()
        .db.selectFrom('delegation_period')
        .select('ends_on')
        .where('id', '=', ids.period)
        .executeTakeFirstOrThrow();
      assert.equal(previous.ends_on, '2027-03-31', 'the earlier arrangement ends the day before');
      await area.get('/governance/delegation/16C');
      assert.match(area.lastHtml, /Requested by manager/);
      const actions = (
        await store()
          .db.selectFrom('audit_log')
          .select('action')
          .where('entity', '=', 'delegation_period')
          .execute()
      ).map((a) => a.action);
      assert.ok(actions.includes('delegation_requested') && actions.includes('delegation_approved'));
    });

    it('refuses functions at level 1, and an area team outside the region', async () => {
      const m93 = await signedIn('manager93');
      const res = await m93.post('/api/governance/delegation/93C/requests', {
        level: '1',
        starts_on: '2027-04-01',
        functions: 'performance_management',
      });
      assert.equal(res.status, 400);
      assert.match(String((await json(res)).error), /level 1/);
      const ok = await m93.post('/api/governance/delegation/93C/requests', {
        level: '2',
        starts_on: '2027-04-01',
      });
      const area = await signedIn('areateam'); // Y63: North East and Yorkshire; 93C is in London
      assert.equal(
        (
          await area.post(`/api/governance/delegation/requests/${(await json(ok)).id}/decision`, {
            approve: 'yes',
          })
        ).status,
        403,
      );
    });

    it('routes a level-3 action of a level-1 commissioner to the contract holder, and the page says so', async () => {
      const m93 = await signedIn('manager93');
      const answer = await json(
        await m93.get('/api/governance/delegation/93C/actions/performance_management'),
      );
      assert.equal(answer.allowed, false);
      assert.equal((answer.contract as { route: string }).route, 'contract_holder');
      assert.match(String(answer.reason), /93C is at level 1/);
      const m16 = await signedIn('manager');
      const here = await json(await m16.get('/api/governance/delegation/16C/actions/performance_management'));
      assert.equal(here.allowed, true);

      // A 93C committee's decision on performance management is recorded as a recommendation.
      const post = async (path: string, form: Record<string, string>): Promise<Record<string, unknown>> => {
        const res = await m93.post(`/api/governance${path}`, form);
        const body = await json(res);
        assert.equal(res.status, 200, `${path}: ${JSON.stringify(body)}`);
        return body;
      };
      const committee = (
        await post('/committees', {
          name: 'Barnet primary care committee',
          organisation_code: '93C',
          quorum_rules: 'chair',
        })
      ).id as number;
      const members: number[] = [];
      for (const [name, role, position] of [
        ['Lay chair', 'lay', 'chair'],
        ['Executive', 'executive', 'member'],
        ['GP', 'gp', 'member'],
      ]) {
        members.push(
          (
            await post(`/committees/${committee}/members`, {
              name: name!,
              role: role!,
              position: position!,
              voting: 'yes',
              starts_on: '2026-01-01',
            })
          ).id as number,
        );
      }
      const meeting = (
        await post(`/committees/${committee}/meetings`, { title: 'November', held_on: '2026-11-20' })
      ).id as number;
      const item = (
        await post(`/meetings/${meeting}/items`, {
          title: 'Remedial notice at E83003',
          concern_kind: 'performance_concern',
          organisation_codes: 'E83003',
          delegated_function: 'performance_management',
        })
      ).id as number;
      const attendance = new URLSearchParams(members.map((m): [string, string] => ['present', String(m)]));
      await m93.get('/governance');
      const token = /name="csrf_token" value="([^"]+)"/.exec(m93.lastHtml)![1]!;
      attendance.set('csrf_token', token);
      const res = await app.request(`http://localhost/api/governance/meetings/${meeting}/attendance`, {
        method: 'POST',
        headers: {
          cookie: [...m93.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: attendance.toString(),
      });
      assert.equal(res.status, 200);
      for (const m of members) await post(`/items/${item}/votes`, { member_id: String(m), choice: 'for' });
      const decision = (
        await post(`/items/${item}/decision`, { decision_text: 'Recommend a remedial notice', public: 'yes' })
      ).decision as { route: string; outcome: string };
      assert.deepEqual([decision.route, decision.outcome], ['contract_holder', 'carried']);
      await m93.get(`/governance/items/${item}`);
      assert.match(m93.lastHtml, /Recommendation to the contract holder/);
    });
  });

  describe('register of interests', () => {
    it('publishes the register without sign-in and exports it as CSV without private notes', async () => {
      const gp = await signedIn('demo-committee-gp');
      await gp.get('/governance/register/mine');
      const res = await gp.post('/governance/register/declarations', {
        kind: 'family_link',
        organisation_code: 'a81002',
        description: 'Brother is salaried GP at Queens Park Medical Centre',
        private_note: 'Dr J Bell',
        starts_on: '2020-01-01',
      });
      assert.equal(res.status, 303);
      const visitor = new TestBrowser(app);
      assert.equal((await visitor.get('/governance/register')).status, 200);
      assert.match(visitor.lastHtml, /Dr Sarah Bell/);
      const csv = await visitor.get('/governance/register.csv');
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      const text = await csv.text();
      const lines = text.trimEnd().split('\r\n');
      assert.equal(
        lines[0],
        'name,kind,organisation_code,provider_name,description,starts_on,ends_on,declared_on',
      );
      assert.ok(lines.some((l) => l.startsWith('Dr Sarah Bell (GP member),practice_partnership,A81001,')));
      assert.ok(lines.some((l) => l.includes('family_link,A81002')));
      assert.ok(!text.includes('Dr J Bell'), 'private notes are not published');
      const manager = await signedIn('manager');
      assert.equal((await manager.get('/governance/register/reviews')).status, 200);
      assert.match(manager.lastHtml, /Dr J Bell/, 'the full register has them');
    });

    it('lists overdue reviews and people who never declared, for reminders', async () => {
      const manager = await signedIn('manager');
      const body = await json(await manager.get('/api/governance/register/reviews'));
      const reminders = body.reminders as {
        name: string;
        review: { status: string };
        username: string | null;
      }[];
      const daniel = reminders.find((r) => r.name.startsWith('Daniel Okafor'));
      assert.equal(daniel?.review.status, 'overdue');
      assert.ok(reminders.some((r) => r.username === 'manager' && r.review.status === 'never'));
      assert.ok(!reminders.some((r) => r.name.startsWith('Dr Sarah Bell')), 'declared this year');
      const observer = await signedIn('demo-observer');
      assert.equal((await observer.get('/api/governance/register/reviews')).status, 403);
    });
  });

  describe('public record', () => {
    it('opens the decision log and published minutes to everyone, and nothing else', async () => {
      const visitor = new TestBrowser(app);
      assert.equal((await visitor.get('/governance/decisions')).status, 200);
      assert.match(visitor.lastHtml, /Extended access contract with the GP federation/);
      assert.match(visitor.lastHtml, /Dr Sarah Bell \(GP member\): declared interest/);
      assert.equal((await visitor.get(`/governance/meetings/${ids.heldMeeting}/minutes`)).status, 200);
      assert.equal((await visitor.get(`/governance/meetings/${ids.nextMeeting}/minutes`)).status, 404);
      assert.equal((await visitor.get(`/governance/committees/${ids.committee}`)).status, 303);
      assert.equal((await visitor.get(`/api/governance/items/${ids.densham}`)).status, 401);
      const openapi = await json(await visitor.get('/api/openapi.json'));
      assert.ok(Object.keys(openapi.paths as object).includes('/api/governance/items/{id}/votes'));
    });

    it("answers the minutes' and own declarations' JSON twins to the same people as the pages (attacker)", async () => {
      const pages = [
        `/governance/meetings/${ids.heldMeeting}/minutes`,
        `/governance/meetings/${ids.nextMeeting}/minutes`,
        '/governance/register/mine',
      ];
      const answers = new Map<string, unknown>();
      for (const who of ['visitor', 'demo-committee-gp', 'demo-observer', 'manager93']) {
        const browser = who === 'visitor' ? new TestBrowser(app) : await signedIn(who);
        for (const page of pages) answers.set(`${who} ${page}`, await assertTwinParity(browser, page, who));
      }
      // Unpublished minutes are nobody's; an observer declares nothing; a visitor must sign in.
      assert.equal(answers.get(`manager93 /governance/meetings/${ids.nextMeeting}/minutes`), null);
      assert.equal(answers.get('demo-observer /governance/register/mine'), null);
      assert.equal(answers.get('visitor /governance/register/mine'), null);
      const minutes = answers.get(`visitor /governance/meetings/${ids.heldMeeting}/minutes`) as {
        minutes: string;
      };
      assert.ok(minutes.minutes.length > 0, 'a visitor reads the published minutes as JSON');
      const mine = answers.get('demo-committee-gp /governance/register/mine') as { entries: unknown[] };
      assert.ok(mine.entries.length > 0, "the GP member's own declarations");
    });
  });
});
