// Peer review groups (issue 17), page and API, on both databases over a real slice (Stockton 16C:
// A81001 and A81002; Barnet 93C: E83003): a commissioning manager creates a group on the page, each
// practice joins by its own agreement through the API, and the policy's limits hold — an analyst reads
// but does not manage, a practice cannot take another out, and another area's manager or practice can
// neither see nor change the group (404, so its existence is not told) nor create one in 16C.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createWebApp } from '../../src/web/app.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { addUser, TestBrowser } from './client.ts';
import { seedRealSlice } from './real-slice.ts';

type GroupJson = {
  id: number;
  name: string;
  areaCode: string;
  members: { practiceCode: string; agreedBy: string }[];
  may: { manage: boolean; join: string[]; remove: string[] };
};

forEachDatabase('peer review groups', (store) => {
  let app: ReturnType<typeof createWebApp>;
  const passwords = new Map<string, string>();
  let groupId = 0;

  before(async () => {
    await seedRealSlice(store().db, ['A81001', 'A81002', 'E83003']);
    app = createWebApp({ db: store().db, now: () => TEST_NOW });
    for (const [name, role] of [
      ['manager', 'commissioning_manager:16C'],
      ['analyst', 'commissioning_analyst:16C'],
      ['pm1', 'practice_manager:A81001'],
      ['pm2', 'practice_partner:A81002'],
      ['barnet-manager', 'commissioning_manager:93C'],
      ['barnet-pm', 'practice_manager:E83003'],
    ] as const)
      passwords.set(name, await addUser(store().db, name, role));
  });

  async function as(username: string): Promise<TestBrowser> {
    const browser = new TestBrowser(app);
    await browser.signIn(username, passwords.get(username)!);
    await browser.get('/peer-review-groups'); // a page carrying the session's csrf_token
    return browser;
  }

  it("lets the sub-ICB location's commissioning manager create a group on the page", async () => {
    const manager = await as('manager');
    assert.match(manager.lastHtml, /Create a group/);
    assert.match(manager.lastHtml, /value="16C"/);
    assert.doesNotMatch(manager.lastHtml, /value="93C"/, 'only the locations the manager reaches');
    const res = await manager.post('/peer-review-groups', { name: 'Stockton peer review', area: '16C' });
    assert.equal(res.status, 303);
    groupId = Number(/\/peer-review-groups\/(\d+)$/.exec(res.headers.get('location') ?? '')![1]);
    await manager.get(`/peer-review-groups/${groupId}`);
    assert.match(manager.lastHtml, /Stockton peer review/);
    assert.match(manager.lastHtml, /No practice has joined yet/);
  });

  it('takes each practice in by its own agreement, through the API', async () => {
    for (const [user, code] of [
      ['pm1', 'A81001'],
      ['pm2', 'A81002'],
    ] as const) {
      const staff = await as(user);
      const before = (await (await staff.get(`/api/peer-review-groups/${groupId}`)).json()) as GroupJson;
      assert.deepEqual(before.may.join, [code]);
      const res = await staff.post(`/api/peer-review-groups/${groupId}/join`, { practice: code });
      assert.equal(res.status, 200);
    }
    const analyst = await as('analyst');
    const group = (await (await analyst.get(`/api/peer-review-groups/${groupId}`)).json()) as GroupJson;
    assert.deepEqual(
      group.members.map((m) => [m.practiceCode, m.agreedBy]),
      [
        ['A81001', 'pm1'],
        ['A81002', 'pm2'],
      ],
    );
    assert.equal(group.may.manage, false, 'an analyst reads but does not manage');
    const list = (await (await analyst.get('/api/peer-review-groups')).json()) as { groups: GroupJson[] };
    assert.deepEqual(
      list.groups.map((g) => g.id),
      [groupId],
    );
    const create = await analyst.post('/api/peer-review-groups', { name: 'Analyst group', area: '16C' });
    assert.equal(create.status, 403);
    assert.match(create.headers.get('content-type') ?? '', /problem\+json/);
  });

  it('lets a practice leave but not take another out; the manager may take any out', async () => {
    const pm1 = await as('pm1');
    const refused = await pm1.post(`/api/peer-review-groups/${groupId}/leave`, { practice: 'A81002' });
    assert.equal(refused.status, 403);
    const manager = await as('manager');
    const out = await manager.post(`/api/peer-review-groups/${groupId}/leave`, { practice: 'A81002' });
    assert.equal(out.status, 200);
    assert.deepEqual(
      ((await out.json()) as GroupJson).members.map((m) => m.practiceCode),
      ['A81001'],
    );
  });

  it("keeps another area's manager and practice out of 16C's groups (attacker)", async () => {
    for (const who of ['barnet-manager', 'barnet-pm']) {
      const attacker = await as(who);
      const list = (await (await attacker.get('/api/peer-review-groups')).json()) as { groups: GroupJson[] };
      assert.deepEqual(list.groups, [], `${who} lists no 16C group`);
      assert.equal((await attacker.get(`/api/peer-review-groups/${groupId}`)).status, 404, who);
      assert.equal((await attacker.get(`/peer-review-groups/${groupId}`)).status, 404, who);
      await attacker.get('/peer-review-groups');
      for (const [step, practice] of [
        ['leave', 'A81001'],
        ['join', 'E83003'],
        ['join', 'A81002'],
      ] as const) {
        const res = await attacker.post(`/api/peer-review-groups/${groupId}/${step}`, { practice });
        assert.equal(res.status, 404, `${who} ${step} ${practice}`);
      }
      const create = await attacker.post('/api/peer-review-groups', { name: `${who} in 16C`, area: '16C' });
      assert.equal(create.status, 403, `${who} cannot create a group in 16C`);
    }
    const visitor = new TestBrowser(app);
    assert.equal((await visitor.get('/api/peer-review-groups')).status, 401);
    assert.equal((await visitor.get('/peer-review-groups')).status, 303);
    const manager = await as('manager');
    const group = (await (await manager.get(`/api/peer-review-groups/${groupId}`)).json()) as GroupJson;
    assert.deepEqual(
      group.members.map((m) => m.practiceCode),
      ['A81001'],
      'nothing changed',
    );
  });
});
