// Obligations, the consent register and public consultations through the web app, on both databases:
// a practice makes its return from the page, the commissioner queries and accepts it, observers are
// refused every write, the outbox is for administrators, a visitor answers a public consultation with
// the visitor form token (and is refused without it), Healthwatch answers as an organisation.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createAgreement } from '../../src/app/agreements/agreements.ts';
import { createConsultation } from '../../src/app/agreements/consultations.ts';
import { respondToAgreement } from '../../src/app/agreements/responses.ts';
import { syncBuiltInIndicators } from '../../src/app/indicators/built-in.ts';
import { generateDueItems } from '../../src/app/obligations/generate.ts';
import { parseRoleSpec } from '../../src/domain/roles.ts';
import { createWebApp } from '../../src/web/app.ts';
import { forEachDatabase } from '../support/databases.ts';
import { OBLIGATIONS_BODY } from '../support/obligations-fixture.ts';
import { addUser, TestBrowser } from './client.ts';
import { seedRealSlice } from './real-slice.ts';
import { assertTwinParity } from './twin-parity.ts';

const NOW = new Date('2026-07-12T09:00:00Z');
const manager = { username: 'cm', roles: [parseRoleSpec('commissioning_manager:16C')] };

forEachDatabase('obligations on the web', (store) => {
  let app: ReturnType<typeof createWebApp>;
  const passwords: Record<string, string> = {};
  let itemId = 0;
  let consultationId = 0;
  const as = async (username: string) => {
    const browser = new TestBrowser(app);
    assert.equal((await browser.signIn(username, passwords[username]!)).status, 303);
    return browser;
  };

  before(async () => {
    const { db } = store();
    process.env.FAIRVIEW_OUTBOX_DIR = '/nonexistent-fairview-outbox';
    await seedRealSlice(db, ['A81001', 'A81002']);
    await syncBuiltInIndicators(store(), 'test', NOW);
    for (const [u, r] of [
      ['cm', 'commissioning_manager:16C'],
      ['pm', 'practice_manager:A81001'],
      ['obs', 'observer:QHM'],
      ['admin', 'administrator'],
    ] as const)
      passwords[u] = await addUser(db, u, r);
    const issued = await createAgreement(
      db,
      manager,
      { commissionerCode: '16C', title: 'Quality', body: OBLIGATIONS_BODY },
      { now: new Date('2026-06-10T09:00:00Z'), mailer: null },
    );
    await respondToAgreement(
      db,
      { username: 'pm', roles: [parseRoleSpec('practice_manager:A81001')] },
      { versionId: issued.versionId, practiceCode: 'A81001', decision: 'signed' },
      { now: new Date('2026-06-11T09:00:00Z'), mailer: null },
    );
    await generateDueItems(db, NOW);
    itemId = (await db.selectFrom('obligation_item').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    consultationId = (
      await createConsultation(
        db,
        manager,
        {
          commissionerCode: '16C',
          title: 'Saturday opening',
          question: 'Open on Saturdays?',
          description: null,
          options: ['Yes', 'No'],
          opensOn: '2026-07-01',
          closesOn: '2026-07-30',
        },
        { now: NOW },
      )
    ).id;
    app = createWebApp({ db, now: () => NOW });
  });

  it('lets the practice make its return from the page, and the commissioner query and accept it', async () => {
    const pm = await as('pm');
    const landing = await pm.get('/obligations');
    assert.equal(landing.status, 303);
    assert.equal(landing.headers.get('location'), '/obligations/practices/A81001');
    assert.equal((await pm.get('/obligations/practices/A81001')).status, 200);
    assert.match(pm.lastHtml, /Review of the practice&#39;s figures against the scorecard/);
    assert.equal((await pm.get(`/obligations/items/${itemId}`)).status, 200);
    assert.match(pm.lastHtml, /Make the return/);
    const empty = await pm.post(`/obligations/items/${itemId}/returns`, { statement: '' });
    assert.equal(empty.status, 400);
    assert.match(pm.lastHtml, /Record what the review found/);
    const made = await pm.post(`/obligations/items/${itemId}/returns`, {
      statement: 'Reviewed.',
      'note_QOF-PREV-DM': 'Fine.',
    });
    assert.equal(made.status, 303);
    await pm.get(`/obligations/items/${itemId}`);
    assert.match(pm.lastHtml, /Made, awaiting decision/);

    const cm = await as('cm');
    assert.equal((await cm.get('/obligations')).status, 200);
    assert.match(cm.lastHtml, /Awaiting the commissioner/);
    await cm.get(`/obligations/items/${itemId}`);
    const noNote = await cm.post(`/obligations/items/${itemId}/decision`, { decision: 'queried', note: '' });
    assert.equal(noNote.status, 400);
    await cm.get(`/obligations/items/${itemId}`);
    assert.equal(
      (await cm.post(`/obligations/items/${itemId}/decision`, { decision: 'accepted', note: '' })).status,
      303,
    );
    await cm.get(`/obligations/items/${itemId}`);
    assert.match(cm.lastHtml, /Accepted/);
  });

  it('refuses observers every write, and shows the outbox to administrators only', async () => {
    const obs = await as('obs');
    assert.equal((await obs.get('/obligations')).status, 403);
    await obs.get('/');
    assert.equal((await obs.post(`/obligations/items/${itemId}/returns`, { statement: 'x' })).status, 403);
    assert.equal(
      (await obs.post(`/obligations/items/${itemId}/decision`, { decision: 'accepted', note: '' })).status,
      403,
    );
    assert.equal(
      (await obs.post('/consent?org=16C', { kind: 'scheme', title: 'X', description: 'Y' })).status,
      403,
    );
    const cm = await as('cm');
    assert.equal((await cm.get('/admin/outbox')).status, 403);
    const admin = await as('admin');
    assert.equal((await admin.get('/admin/outbox')).status, 200);
    assert.match(admin.lastHtml, /No e-mail has been sent yet/);
  });

  it('keeps a consent register', async () => {
    const cm = await as('cm');
    await cm.get('/obligations');
    assert.equal(
      (
        await cm.post('/consent?org=16C', {
          kind: 'local_contract',
          title: 'Extended access',
          description: 'Evening appointments.',
        })
      ).status,
      303,
    );
    const pm = await as('pm');
    assert.equal((await pm.get('/consent?org=16C')).status, 200);
    const subject = /action="\/consent\/(\d+)\/consents"/.exec(pm.lastHtml)?.[1];
    assert.ok(subject, 'the practice may consent');
    assert.equal((await pm.post(`/consent/${subject}/consents`, { practice_code: 'A81001' })).status, 303);
    await pm.get('/consent?org=16C');
    assert.match(pm.lastHtml, /1 of 2 member practices consent/);
  });

  it('opens a consultation to the public, who answer without an account; Healthwatch as an organisation', async () => {
    const visitor = new TestBrowser(app);
    assert.equal(
      (await visitor.get(`/public/consultations/${consultationId}`)).status,
      404,
      'not public yet',
    );
    const cm = await as('cm');
    await cm.get(`/public/consultations/${consultationId}`);
    assert.equal((await cm.post(`/public/consultations/${consultationId}/open`, {})).status, 303);
    assert.equal((await visitor.get(`/public/consultations/${consultationId}`)).status, 200);
    const token = /name="form_token" value="([^"]+)"/.exec(visitor.lastHtml)?.[1];
    assert.ok(token);
    const forged = await new TestBrowser(app).post(
      `/public/consultations/${consultationId}/responses`,
      { option: '0', comment: '' },
      { csrf: false },
    );
    assert.equal(forged.status, 403, 'no visitor form token');
    assert.equal(
      (
        await visitor.post(
          `/public/consultations/${consultationId}/responses`,
          { option: '0', comment: 'Yes please', form_token: token! },
          { csrf: false },
        )
      ).status,
      303,
    );
    await visitor.get(`/public/consultations/${consultationId}`);
    assert.match(visitor.lastHtml, /1 answers from the public/);
    const obs = await as('obs');
    await obs.get(`/public/consultations/${consultationId}`);
    assert.match(obs.lastHtml, /Answer for Healthwatch/);
    assert.equal(
      (
        await obs.post(`/public/consultations/${consultationId}/healthwatch`, {
          option: '0',
          organisation: 'Healthwatch Stockton-on-Tees',
          comment: '',
        })
      ).status,
      303,
    );
    await obs.get(`/public/consultations/${consultationId}`);
    assert.equal(
      (
        await obs.post(`/public/consultations/${consultationId}/healthwatch`, {
          option: '1',
          organisation: 'Healthwatch Stockton-on-Tees',
          comment: '',
        })
      ).status,
      409,
    );
  });

  it("answers each page's JSON twin to the same people, and refuses the same others (attacker)", async () => {
    const { db } = store();
    for (const [u, r] of [
      ['other-pm', 'practice_manager:A81002'],
      ['barnet-cm', 'commissioning_manager:93C'],
    ] as const)
      passwords[u] = await addUser(db, u, r);
    const meeting = await db.selectFrom('review_meeting').select('id').executeTakeFirst();
    const pages = [
      '/obligations',
      '/obligations?org=16C',
      '/obligations/practices/A81001',
      `/obligations/items/${itemId}`,
      ...(meeting ? [`/obligations/meetings/${meeting.id}`] : []),
      '/obligations/items/999999',
      '/admin/outbox',
      '/admin/outbox/no-such-message.eml',
      '/consent?org=16C',
      '/public/consultations',
      `/public/consultations/${consultationId}`,
      '/public/consultations/999999',
    ];
    const statuses = new Map<string, number>();
    for (const who of ['visitor', 'cm', 'pm', 'other-pm', 'obs', 'barnet-cm', 'admin']) {
      const browser = who === 'visitor' ? new TestBrowser(app) : await as(who);
      for (const page of pages) {
        await assertTwinParity(browser, page, who);
        statuses.set(`${who} ${page}`, (await browser.get(`/api${page}`)).status);
      }
    }
    // The refusals the parity stands on (so it cannot pass by both answering 200).
    assert.equal(statuses.get('visitor /obligations'), 401);
    assert.equal(statuses.get(`visitor /public/consultations/${consultationId}`), 200);
    assert.equal(statuses.get('other-pm /obligations/practices/A81001'), 403);
    assert.equal(statuses.get(`other-pm /obligations/items/${itemId}`), 403);
    assert.equal(statuses.get(`barnet-cm /obligations/items/${itemId}`), 403);
    assert.equal(statuses.get('cm /admin/outbox'), 403);
    assert.equal(statuses.get('admin /admin/outbox'), 200);
    assert.equal(statuses.get('admin /admin/outbox/no-such-message.eml'), 404);
    assert.equal(statuses.get('cm /obligations/items/999999'), 404);
    assert.equal(statuses.get(`cm /obligations/items/${itemId}`), 200);
    assert.ok(meeting, 'the quarterly review meeting exists');
    const cm = await as('cm');
    const item = (await (await cm.get(`/api/obligations/items/${itemId}`)).json()) as {
      view: { item: { practice_code: string } };
      may: { decide: boolean };
    };
    assert.equal(item.view.item.practice_code, 'A81001');
    assert.equal(item.may.decide, true);
  });
});
