// Concern pages over HTTP on a small real slice (A81001 and A81002 in Tees Valley, 16C; E83003 in
// Barnet, 93C): who sees what, who may post which step, the individual-performer route, and
// attachments stored in and served from the database.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { seedGovernanceDemo } from '../../src/demo/governance.ts';
import { createWebApp } from '../../src/web/app.ts';
import { forEachDatabase } from '../support/databases.ts';
import { addUser, TestBrowser } from './client.ts';
import { seedRealSlice } from './real-slice.ts';

forEachDatabase('concerns on the web', (store) => {
  let app: ReturnType<typeof createWebApp>;
  const passwords: Record<string, string> = {};
  const as = async (username: string): Promise<TestBrowser> => {
    const browser = new TestBrowser(app);
    assert.equal((await browser.signIn(username, passwords[username]!)).status, 303, `${username} signs in`);
    return browser;
  };
  const raise = async (b: TestBrowser, form: Record<string, string>): Promise<number> => {
    await b.get('/concerns/new');
    const res = await b.post('/concerns', { source: 'by_hand', ...form });
    assert.equal(res.status, 303, b.lastHtml.slice(0, 500));
    return Number(/\/concerns\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]);
  };

  before(async () => {
    const db = store().db;
    await seedRealSlice(db);
    await seedGovernanceDemo(db, new Date());
    for (const [name, role] of [
      ['analyst', 'commissioning_analyst:16C'],
      ['manager', 'commissioning_manager:16C'],
      ['barnet', 'commissioning_manager:93C'],
      ['lmc', 'lmc_representative:16C'],
      ['partner', 'practice_partner:A81001'],
      ['areateam', 'area_team:Y63'],
    ] as const) {
      passwords[name] = await addUser(db, name, role);
    }
    app = createWebApp({ db, now: () => new Date('2026-11-24T10:00:00Z') });
  });

  describe('visibility', () => {
    it('asks visitors to sign in and hides a concern from people outside the practice’s area', async () => {
      const analyst = await as('analyst');
      const id = await raise(analyst, {
        practice_code: 'A81001',
        type: 'contract_matter',
        title: 'Extended hours not delivered',
        reason: 'Patients report the Saturday clinic has not run since September',
      });
      const visitor = new TestBrowser(app);
      assert.equal((await visitor.get(`/concerns/${id}`)).status, 303);
      assert.equal((await (await as('barnet')).get(`/concerns/${id}`)).status, 403);
      // The practice sees it only once notified.
      assert.equal((await (await as('partner')).get(`/concerns/${id}`)).status, 403);
      // The LMC sees it only once invited.
      const lmc = await as('lmc');
      assert.equal((await lmc.get(`/concerns/${id}`)).status, 403);
      const manager = await as('manager');
      await manager.get(`/concerns/${id}`);
      assert.equal((await manager.post(`/concerns/${id}/invite-lmc`, { lmc_username: 'lmc' })).status, 303);
      assert.equal((await lmc.get(`/concerns/${id}`)).status, 200);
      assert.match(lmc.lastHtml, /Extended hours not delivered/);
      assert.doesNotMatch(lmc.lastHtml, /action="\/concerns\/\d+\/triage"/);
      const refused = await lmc.post(`/concerns/${id}/triage`, { note: 'x' });
      assert.equal(refused.status, 403);
    });

    it('routes an individual-performer concern to the area team and shows the commissioner only that', async () => {
      const manager = await as('manager');
      const id = await raise(manager, {
        practice_code: 'A81002',
        type: 'individual_performer',
        title: 'Prescribing by a locum',
        reason: 'Repeated high-dose opioid prescriptions by one locum GP',
      });
      await manager.get(`/concerns/${id}`);
      assert.match(manager.lastHtml, /responsible officer/i);
      assert.doesNotMatch(manager.lastHtml, /opioid/);
      const areaTeam = await as('areateam');
      await areaTeam.get(`/concerns/${id}`);
      assert.match(areaTeam.lastHtml, /opioid/);
      assert.equal((await (await as('lmc')).get(`/concerns/${id}`)).status, 403);
      const json = (await (await manager.get(`/api/concerns/${id}`)).json()) as {
        visibility: string;
        timeline: unknown[];
      };
      assert.deepEqual([json.visibility, json.timeline.length], ['status_only', 0]);
    });
  });

  describe('the right of reply', () => {
    it('takes a structured reply with an attachment kept in the database, and refuses a file that is not what it says', async () => {
      const analyst = await as('analyst');
      const id = await raise(analyst, {
        practice_code: 'A81001',
        type: 'practice_performance',
        title: 'Low flu uptake',
        reason: 'Uptake in over-65s well below the sub-ICB',
      });
      await analyst.get(`/concerns/${id}`);
      assert.equal((await analyst.post(`/concerns/${id}/triage`, { note: 'Ask the practice' })).status, 303);
      const manager = await as('manager');
      await manager.get(`/concerns/${id}`);
      assert.equal(
        (await manager.post(`/concerns/${id}/notify`, { note: 'Please reply', reply_by: '2026-12-22' }))
          .status,
        303,
      );

      const partner = await as('partner');
      await partner.get(`/concerns/${id}`);
      const token = /name="csrf_token" value="([^"]+)"/.exec(partner.lastHtml)?.[1] ?? '';
      const post = (file: File) => {
        const form = new FormData();
        form.set('csrf_token', token);
        form.set('population_context', 'Many housebound patients');
        form.set('data_quality', '');
        form.set('actions_taken', 'Home visits booked');
        form.set('attachment', file);
        return app.request(`http://localhost/concerns/${id}/reply`, {
          method: 'POST',
          headers: { cookie: [...partner.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
          body: form,
        });
      };
      const fake = await post(new File(['MZ not a pdf'], 'plan.pdf', { type: 'application/pdf' }));
      assert.equal(fake.status, 400);
      assert.match(await fake.text(), /does not contain what its type says/);
      const ok = await post(new File(['%PDF-1.4 visit plan'], 'visit-plan.pdf', { type: 'application/pdf' }));
      assert.equal(ok.status, 303);
      await partner.get(`/concerns/${id}`);
      const link = /href="(\/concerns\/\d+\/attachments\/\d+)">visit-plan\.pdf/.exec(partner.lastHtml)?.[1];
      assert.ok(link, 'the attachment is listed');
      const file = await partner.get(link);
      assert.equal(file.headers.get('content-type'), 'application/pdf');
      assert.equal(await file.text(), '%PDF-1.4 visit plan');
      assert.equal((await (await as('barnet')).get(link)).status, 403);

      // Peer review, then a plan on an indicator named by code (the concern was raised by hand).
      await manager.get(`/concerns/${id}`);
      assert.equal(
        (await manager.post(`/concerns/${id}/peer-review`, { group_name: 'Stockton peer group', notes: '' }))
          .status,
        303,
      );
      await manager.get(`/concerns/${id}`);
      const unknown = await manager.post(`/concerns/${id}/outcome`, {
        outcome: 'improvement_plan',
        notes: 'Plan agreed',
        indicator_code: 'NO-SUCH-INDICATOR',
        target: '75',
        action_1: 'Housebound clinics',
        owner_1: 'Practice nurse lead',
        due_1: '2027-01-31',
      });
      assert.equal(unknown.status, 400);
      assert.match(manager.lastHtml, /There is no indicator with the code NO-SUCH-INDICATOR/);
      assert.match(manager.lastHtml, /value="Housebound clinics"/, 'what was typed is kept');
    });
  });
});
