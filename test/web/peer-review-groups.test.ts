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

  it('links the page in the header for those who may see or join a group, and no one else', async () => {
    const link = /class="nhsuk-header__navigation-link" href="\/peer-review-groups"/;
    for (const who of ['manager', 'analyst', 'pm1', 'barnet-manager']) {
      const browser = await as(who);
      await browser.get('/');
      assert.match(browser.lastHtml, link, `${who} gets the link`);
    }
    passwords.set('watcher', await addUser(store().db, 'watcher', 'observer:16C'));
    const watcher = await as('watcher');
    await watcher.get('/');
    assert.doesNotMatch(watcher.lastHtml, link, 'an observer sees no group: no link');
    const visitor = new TestBrowser(app);
    await visitor.get('/');
    assert.doesNotMatch(visitor.lastHtml, link);
  });

  it('lets the manager rename and delete a group; others are refused as for the other steps (attacker)', async () => {
    const manager = await as('manager');
    await manager.get(`/peer-review-groups/${groupId}`);
    assert.match(manager.lastHtml, /action="\/peer-review-groups\/\d+\/rename"/);
    assert.match(manager.lastHtml, /action="\/peer-review-groups\/\d+\/delete"/);
    const renamed = await manager.post(`/peer-review-groups/${groupId}/rename`, { name: 'Stockton south' });
    assert.equal(renamed.status, 303);
    await manager.get(`/peer-review-groups/${groupId}`);
    assert.match(manager.lastHtml, /<h1>Stockton south<\/h1>/);
    const blank = await manager.post(`/api/peer-review-groups/${groupId}/rename`, { name: ' ' });
    assert.equal(blank.status, 400);
    assert.equal(((await blank.json()) as { field: string }).field, 'name');

    // The analyst sees the group but may not rename or delete it (403); a practice neither (403); another
    // area's manager and practice do not know of it (404), on the page forms as in the API.
    for (const [who, status] of [
      ['analyst', 403],
      ['pm1', 403],
      ['barnet-manager', 404],
      ['barnet-pm', 404],
    ] as const) {
      const other = await as(who);
      await other.get(`/peer-review-groups/${groupId}`);
      assert.doesNotMatch(other.lastHtml, /\/rename"|\/delete"/, `${who} is offered neither form`);
      await other.get('/peer-review-groups');
      for (const [step, form] of [
        ['rename', { name: `${who} renamed it` }],
        ['delete', {}],
      ] as const) {
        assert.equal(
          (await other.post(`/api/peer-review-groups/${groupId}/${step}`, form)).status,
          status,
          `${who} ${step} (API)`,
        );
        assert.equal(
          (await other.post(`/peer-review-groups/${groupId}/${step}`, form)).status,
          status,
          `${who} ${step} (page)`,
        );
      }
    }
    const still = (await (await manager.get(`/api/peer-review-groups/${groupId}`)).json()) as GroupJson;
    assert.equal(still.name, 'Stockton south', 'nothing changed');
    assert.equal(still.may.manage, true);

    await manager.get(`/peer-review-groups/${groupId}`);
    const deleted = await manager.post(`/peer-review-groups/${groupId}/delete`, {});
    assert.equal(deleted.status, 303);
    assert.equal(deleted.headers.get('location'), '/peer-review-groups');
    assert.equal((await manager.get(`/api/peer-review-groups/${groupId}`)).status, 404);
    const audit = await store()
      .db.selectFrom('audit_log')
      .select(['action', 'before'])
      .where('entity', '=', 'peer_review_group')
      .where('entity_id', '=', String(groupId))
      .where('action', 'in', ['peer_review_group_renamed', 'peer_review_group_deleted'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['peer_review_group_renamed', 'peer_review_group_deleted'],
    );
    assert.match(
      JSON.stringify(audit[1]!.before),
      /A81001/,
      'the deleted group’s members stay in the audit log',
    );
  });
});
