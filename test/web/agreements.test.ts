/**
 * Inter-practice agreements and member consultations through the web app and its JSON API, on both
 * databases, with real practices of sub-ICB location 16C (and one of Barnet, 93C, which is not a member).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createWebApp } from '../../src/web/app.ts';
import { forEachDatabase } from '../support/databases.ts';
import { addUser, TestBrowser } from './client.ts';
import { seedRealSlice } from './real-slice.ts';

const MEMBERS = ['A81001', 'A81002', 'A81004', 'A81005'];

const FLAGGED = `# Stockton test agreement

Between the member practices. <script>alert("x")</script>

## 1. Scorecard {benchmarking}
Quarterly **scorecard**.

## 2. Performance management {performance-management}
The board manages practices' contract performance.

## 3. Removal {sanctions-removal}
The board may remove a practice from the scheme.
`;

const SOUND = `# Stockton test agreement

## 1. Scorecard {benchmarking}
Quarterly scorecard for learning.

## 2. The LMC {lmc-role}
The LMC is consulted and may support any practice.
`;

forEachDatabase('inter-practice agreements and member consultations on the web', (store) => {
  let app: ReturnType<typeof createWebApp>;
  let clock = new Date('2026-11-24T12:00:00Z');
  const passwords: Record<string, string> = {};
  const signedIn = async (username: string): Promise<TestBrowser> => {
    const browser = new TestBrowser(app);
    const res = await browser.signIn(username, passwords[username]!);
    assert.equal(res.status, 303, `${username} signs in`);
    return browser;
  };
  const count = async (
    table:
      | 'agreement'
      | 'agreement_version'
      | 'agreement_response'
      | 'agreement_lmc_response'
      | 'consultation'
      | 'consultation_vote',
  ): Promise<number> => {
    const row = await store()
      .db.selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const writes = async (): Promise<number[]> =>
    Promise.all(
      (
        [
          'agreement',
          'agreement_version',
          'agreement_response',
          'agreement_lmc_response',
          'consultation',
          'consultation_vote',
        ] as const
      ).map(count),
    );
  let agreementId = 0;
  let versionId = 0;
  let consultationId = 0;

  before(async () => {
    const db = store().db;
    await seedRealSlice(db, [...MEMBERS, 'E83003']);
    app = createWebApp({ db, now: () => clock });
    passwords.manager = await addUser(db, 'manager', 'commissioning_manager:16C');
    passwords.analyst = await addUser(db, 'analyst', 'commissioning_analyst:16C');
    passwords.pm1 = await addUser(db, 'pm1', 'practice_manager:A81001');
    passwords.partner2 = await addUser(db, 'partner2', 'practice_partner:A81002');
    passwords.barnet = await addUser(db, 'barnet', 'practice_manager:E83003');
    passwords.observer = await addUser(db, 'observer', 'observer:QHM');
    passwords.lmc = await addUser(db, 'lmc', 'lmc_representative:16C');
    passwords.admin = await addUser(db, 'admin', 'administrator');
    passwords.pcnmanager = await addUser(db, 'pcnmanager', 'practice_manager:16C');
  });

  describe('drafting and issuing', () => {
    it('shows the commissioner the guidance checks before issuing, and writes nothing for a preview', async () => {
      const b = await signedIn('manager');
      assert.equal((await b.get('/agreements/new')).status, 200);
      assert.match(b.lastHtml, /value="16C"/, 'the commissioner is filled in from the manager’s role');
      const res = await b.post('/agreements', {
        commissioner: '16C',
        title: 'Stockton test agreement',
        body: FLAGGED,
        intent: 'preview',
      });
      assert.equal(res.status, 200);
      for (const flag of ['performance_management', 'sanctions_without_appeal', 'no_lmc_role']) {
        assert.match(b.lastHtml, new RegExp(`id="flag-${flag}"`), flag);
      }
      assert.match(b.lastHtml, /contract holder/);
      assert.equal(await count('agreement'), 0);
    });

    it('names the line of a clause heading without a tag', async () => {
      const b = await signedIn('manager');
      await b.get('/agreements/new');
      const res = await b.post('/agreements', {
        commissioner: '16C',
        title: 'Broken',
        body: '## 1. Purpose\nWords',
        intent: 'issue',
      });
      assert.equal(res.status, 400);
      assert.match(b.lastHtml, /line 1: the clause heading &#39;1. Purpose&#39; has no tag/i);
      assert.equal(await count('agreement'), 0);
    });

    it('issues version 1 to the practices that belong to 16C today, audited', async () => {
      const b = await signedIn('manager');
      await b.get('/agreements/new');
      const res = await b.post('/agreements', {
        commissioner: '16c',
        title: 'Stockton test agreement',
        body: FLAGGED,
        change_note: 'First issue',
        intent: 'issue',
      });
      assert.equal(res.status, 303);
      const m = /^\/agreements\/(\d+)$/.exec(res.headers.get('location') ?? '');
      assert.ok(m, res.headers.get('location') ?? '');
      agreementId = Number(m[1]);
      const version = await store()
        .db.selectFrom('agreement_version')
        .select('id')
        .where('agreement_id', '=', agreementId)
        .executeTakeFirstOrThrow();
      versionId = version.id;
      const members = await store()
        .db.selectFrom('agreement_member')
        .select(['practice_code', 'sub_icb_code'])
        .where('version_id', '=', versionId)
        .orderBy('practice_code')
        .execute();
      assert.deepEqual(
        members.map((x) => x.practice_code),
        MEMBERS,
      );
      assert.ok(members.every((x) => x.sub_icb_code === '16C'));
      const audit = await store()
        .db.selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'agreement_created')
        .executeTakeFirstOrThrow();
      assert.equal(audit.actor, 'manager');
      assert.deepEqual((audit.after as { guidance_flags: string[] }).guidance_flags, [
        'performance_management',
        'sanctions_without_appeal',
        'no_lmc_role',
      ]);

      await b.get(`/agreements/${agreementId}`);
      assert.match(b.lastHtml, /0 of 4 practices signed, 0%/);
      assert.match(b.lastHtml, /id="flag-performance_management"/);
      assert.match(b.lastHtml, /<strong>scorecard<\/strong>/);
      assert.ok(!b.lastHtml.includes('<script>alert'), 'the agreement’s HTML is escaped');
      assert.match(b.lastHtml, /&lt;script&gt;alert/);
    });

    it('refuses a commissioning analyst (not a manager) and a manager of another commissioner', async () => {
      const b = await signedIn('analyst');
      assert.equal((await b.get('/agreements/new')).status, 403);
      await b.get('/agreements');
      const res = await b.post('/agreements', {
        commissioner: '16C',
        title: 'x',
        body: SOUND,
        intent: 'issue',
      });
      assert.equal(res.status, 403);
      assert.equal(await count('agreement'), 1);
    });
  });

  describe('signing and vetoing', () => {
    it('shows the practice manager of A81001 a form for A81001 only, and records the signature with its authority', async () => {
      const b = await signedIn('pm1');
      await b.get(`/agreements/${agreementId}`);
      assert.match(b.lastHtml, /Sign or veto for your practice/);
      assert.match(b.lastHtml, /name="practice_code" value="A81001"/);
      const res = await b.post(`/agreements/${agreementId}/respond`, {
        version_id: String(versionId),
        practice_code: 'A81001',
        decision: 'signed',
      });
      assert.equal(res.status, 303);
      const row = await store()
        .db.selectFrom('agreement_response')
        .selectAll()
        .where('practice_code', '=', 'A81001')
        .executeTakeFirstOrThrow();
      assert.equal(row.decision, 'signed');
      assert.equal(row.responded_by, 'pm1');
      assert.equal(row.authority_role, 'practice_manager');
      assert.equal(row.authority_code, 'A81001');
      assert.equal(row.responded_at.toISOString(), clock.toISOString());
      await b.get(`/agreements/${agreementId}`);
      assert.match(b.lastHtml, /1 of 4 practices signed, 25%/);
      assert.match(b.lastHtml, /Practice manager for A81001/);
      assert.ok(!b.lastHtml.includes('Sign or veto for your practice'), 'no form once responded');
    });

    it('refuses a second response from the same practice, and says why', async () => {
      const b = await signedIn('pm1');
      await b.get(`/agreements/${agreementId}`);
      const res = await b.post(`/agreements/${agreementId}/respond`, {
        version_id: String(versionId),
        practice_code: 'A81001',
        decision: 'vetoed',
      });
      assert.equal(res.status, 409);
      assert.match(b.lastHtml, /A81001 has already signed version 1/);
      assert.equal(await count('agreement_response'), 1);
    });

    it('lets no one sign for a practice they do not hold a partner or manager role for', async () => {
      const before = await writes();
      const pm1 = await signedIn('pm1');
      await pm1.get(`/agreements/${agreementId}`);
      const forged = await pm1.post(`/agreements/${agreementId}/respond`, {
        version_id: String(versionId),
        practice_code: 'A81002',
        decision: 'signed',
      });
      assert.equal(forged.status, 403);
      // A practice manager role held at sub-ICB level is not authority over any one practice.
      const wide = await signedIn('pcnmanager');
      await wide.get(`/agreements/${agreementId}`);
      assert.ok(!wide.lastHtml.includes('Sign or veto for your practice'));
      assert.equal(
        (
          await wide.post(`/agreements/${agreementId}/respond`, {
            version_id: String(versionId),
            practice_code: 'A81004',
            decision: 'signed',
          })
        ).status,
        403,
      );
      const admin = await signedIn('admin');
      await admin.get(`/agreements/${agreementId}`);
      const res = await admin.post(`/agreements/${agreementId}/respond`, {
        version_id: String(versionId),
        practice_code: 'A81004',
        decision: 'signed',
      });
      assert.equal(res.status, 403);
      assert.match(admin.lastHtml, /only a partner or the practice manager of A81004/);
      const barnet = await signedIn('barnet');
      await barnet.get(`/agreements/${agreementId}`);
      const outsider = await barnet.post(`/agreements/${agreementId}/respond`, {
        version_id: String(versionId),
        practice_code: 'E83003',
        decision: 'vetoed',
      });
      assert.equal(outsider.status, 403);
      assert.match(barnet.lastHtml, /E83003 is not one of the member practices/);
      assert.deepEqual(await writes(), before);
    });

    it('records a partner’s veto with its reason, and the dashboard counts it', async () => {
      const b = await signedIn('partner2');
      await b.get(`/agreements/${agreementId}`);
      const res = await b.post(`/agreements/${agreementId}/respond`, {
        version_id: String(versionId),
        practice_code: 'A81002',
        decision: 'vetoed',
        reason: 'Clause 2 is the contract holder’s business <b>not ours</b>',
      });
      assert.equal(res.status, 303);
      await b.get(`/agreements/${agreementId}`);
      assert.match(b.lastHtml, /1 of 4 practices signed, 25%/);
      assert.match(b.lastHtml, /<h3>Vetoes<\/h3>/);
      assert.match(b.lastHtml, /&lt;b&gt;not ours&lt;\/b&gt;/);
      assert.match(b.lastHtml, /Practices that have not yet responded \(2\)/);
      const api = await b.get(`/api/agreements/${agreementId}/status`);
      assert.equal(api.status, 200);
      const status = (await api.json()) as {
        total: Record<string, number>;
        bySubIcb: { subIcbCode: string }[];
      };
      assert.deepEqual(status.total, {
        members: 4,
        signed: 1,
        vetoed: 1,
        notResponded: 2,
        signedPercent: 25,
      });
      assert.deepEqual(
        status.bySubIcb.map((s) => s.subIcbCode),
        ['16C'],
      );
      const audit = await store()
        .db.selectFrom('audit_log')
        .select(['actor', 'action'])
        .where('action', 'in', ['agreement_signed', 'agreement_vetoed'])
        .orderBy('id')
        .execute();
      assert.deepEqual(audit, [
        { actor: 'pm1', action: 'agreement_signed' },
        { actor: 'partner2', action: 'agreement_vetoed' },
      ]);
    });

    it('signs through the JSON API with the same rules', async () => {
      const b = await signedIn('pm1');
      await b.get(`/agreements/${agreementId}`);
      const again = await b.post(`/api/agreements/${agreementId}/responses`, {
        practice_code: 'A81001',
        decision: 'signed',
      });
      assert.equal(again.status, 409);
      assert.match(((await again.json()) as { error: string }).error, /already signed/);
      const forged = await b.post(`/api/agreements/${agreementId}/responses`, {
        practice_code: 'A81004',
        decision: 'signed',
      });
      assert.equal(forged.status, 403);
    });
  });

  describe('the LMC’s response', () => {
    it('is recorded by the LMC representative, once, and no one else may record it', async () => {
      const pm1 = await signedIn('pm1');
      await pm1.get(`/agreements/${agreementId}`);
      assert.ok(!pm1.lastHtml.includes('action="/agreements/'.concat(String(agreementId), '/lmc-response"')));
      assert.equal(
        (
          await pm1.post(`/agreements/${agreementId}/lmc-response`, {
            version_id: String(versionId),
            position: 'opposes',
            response: 'x',
          })
        ).status,
        403,
      );
      const lmc = await signedIn('lmc');
      await lmc.get(`/agreements/${agreementId}`);
      assert.match(lmc.lastHtml, /Record the LMC’s response/);
      const res = await lmc.post(`/agreements/${agreementId}/lmc-response`, {
        version_id: String(versionId),
        position: 'supports_with_changes',
        response: 'Remove clause 2; add an appeal before clause 3 applies.',
      });
      assert.equal(res.status, 303);
      await lmc.get(`/agreements/${agreementId}`);
      assert.match(lmc.lastHtml, /Supports it with changes/);
      assert.match(lmc.lastHtml, /lmc, LMC representative for 16C/);
      const again = await lmc.post(`/agreements/${agreementId}/lmc-response`, {
        version_id: String(versionId),
        position: 'opposes',
        response: 'Changed our mind',
      });
      assert.equal(again.status, 409);
      assert.equal(await count('agreement_lmc_response'), 1);
    });
  });

  describe('an observer', () => {
    it('reads agreements and consultations but every write route, page or API, is refused', async () => {
      const b = await signedIn('observer');
      assert.equal((await b.get('/agreements')).status, 200);
      assert.equal((await b.get(`/agreements/${agreementId}`)).status, 200);
      assert.ok(!b.lastHtml.includes('Sign or veto for your practice'));
      assert.ok(!b.lastHtml.includes('/new-version'));
      assert.equal((await b.get('/consultations')).status, 200);
      assert.equal((await b.get(`/api/agreements/${agreementId}`)).status, 200);
      assert.equal((await b.get('/agreements/new')).status, 403);
      assert.equal((await b.get('/consultations/new')).status, 403);
      await b.get(`/agreements/${agreementId}`);
      const before = await writes();
      const routes: [string, Record<string, string>][] = [
        ['/agreements', { commissioner: '16C', title: 'x', body: SOUND, intent: 'issue' }],
        [`/agreements/${agreementId}/versions`, { body: SOUND, intent: 'issue' }],
        [
          `/agreements/${agreementId}/respond`,
          { version_id: String(versionId), practice_code: 'A81004', decision: 'signed' },
        ],
        [
          `/agreements/${agreementId}/lmc-response`,
          { version_id: String(versionId), position: 'opposes', response: 'x' },
        ],
        [
          '/consultations',
          {
            commissioner: '16C',
            title: 'x',
            question: 'y',
            options: 'Yes\nNo',
            opens_on: '2026-11-01',
            closes_on: '2026-12-31',
          },
        ],
        ['/consultations/1/vote', { practice_code: 'A81004', option: '0' }],
        ['/api/agreements', { commissioner: '16C', title: 'x', body: SOUND }],
        [`/api/agreements/${agreementId}/versions`, { body: SOUND }],
        [`/api/agreements/${agreementId}/responses`, { practice_code: 'A81004', decision: 'signed' }],
        [`/api/agreements/${agreementId}/lmc-response`, { position: 'opposes', response: 'x' }],
        [
          '/api/consultations',
          {
            commissioner: '16C',
            title: 'x',
            question: 'y',
            options: 'Yes\nNo',
            opens_on: '2026-11-01',
            closes_on: '2026-12-31',
          },
        ],
        ['/api/consultations/1/votes', { practice_code: 'A81004', option: '0' }],
      ];
      for (const [path, form] of routes) {
        await b.get(`/agreements/${agreementId}`); // a fresh page with the session's CSRF token
        const res = await b.post(path, form);
        assert.equal(res.status, 403, path);
        const text = await res.text();
        assert.match(text, /observers cannot change anything/, path);
      }
      assert.deepEqual(await writes(), before);
    });

    it('and a signed-out visitor is sent to sign in, or told 401 by the API', async () => {
      const b = new TestBrowser(app);
      const page = await b.get('/agreements');
      assert.equal(page.status, 303);
      assert.equal(page.headers.get('location'), '/sign-in?next=%2Fagreements');
      assert.equal((await b.get(`/api/agreements/${agreementId}`)).status, 401);
      assert.equal((await b.post(`/agreements/${agreementId}/respond`, { decision: 'signed' })).status, 403);
    });
  });

  describe('a new version', () => {
    it('starts the count again; responses to the old version are kept but cannot be added to', async () => {
      const b = await signedIn('manager');
      await b.get(`/agreements/${agreementId}/new-version`);
      assert.match(b.lastHtml, /Issue version 2 of Stockton test agreement/);
      const res = await b.post(`/agreements/${agreementId}/versions`, {
        body: SOUND,
        change_note: 'Removed clause 2; added the LMC',
        intent: 'issue',
      });
      assert.equal(res.status, 303);
      await b.get(`/agreements/${agreementId}`);
      assert.match(b.lastHtml, /0 of 4 practices signed, 0%/);
      assert.match(b.lastHtml, /No guidance checks are flagged/);
      await b.get(`/agreements/${agreementId}/versions/1`);
      assert.match(b.lastHtml, /It has been replaced by/);
      assert.match(b.lastHtml, /1 of 4 practices signed, 25%/);
      const partner = await signedIn('partner2');
      await partner.get(`/agreements/${agreementId}`);
      const late = await partner.post(`/agreements/${agreementId}/respond`, {
        version_id: String(versionId),
        practice_code: 'A81002',
        decision: 'signed',
      });
      assert.equal(late.status, 409);
      assert.match(partner.lastHtml, /version 1 has been replaced by version 2/);
    });
  });

  describe('member consultations', () => {
    it('are put to the member practices by the commissioning manager', async () => {
      const b = await signedIn('manager');
      await b.get('/consultations/new');
      const bad = await b.post('/consultations', {
        commissioner: '16C',
        title: 'Delegated performance management',
        question: 'Should we take on performance management of the GP contract?',
        options: 'Yes',
        opens_on: '2026-11-25',
        closes_on: '2026-12-10',
      });
      assert.equal(bad.status, 400);
      assert.match(b.lastHtml, /Give between 2 and 10 options/);
      const res = await b.post('/consultations', {
        commissioner: '16C',
        title: 'Delegated performance management',
        question: 'Should we take on performance management of the GP contract?',
        options: 'Yes\nNo\nAbstain',
        opens_on: '2026-11-25',
        closes_on: '2026-12-10',
      });
      assert.equal(res.status, 303);
      consultationId = Number(/\/consultations\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]);
      assert.ok(consultationId > 0);
    });

    it('take no vote before the opening date', async () => {
      const b = await signedIn('pm1');
      await b.get(`/consultations/${consultationId}`);
      assert.match(b.lastHtml, /Not yet open/);
      assert.ok(!b.lastHtml.includes('Cast the practice’s vote'));
      const res = await b.post(`/consultations/${consultationId}/vote`, {
        practice_code: 'A81001',
        option: '1',
      });
      assert.equal(res.status, 409);
      assert.match(b.lastHtml, /voting opens on 2026-11-25/);
    });

    it('take one vote per practice: a second vote is refused, not replaced, and results stay hidden until close', async () => {
      clock = new Date('2026-11-25T09:00:00Z');
      const b = await signedIn('pm1');
      await b.get(`/consultations/${consultationId}`);
      assert.match(b.lastHtml, /Open for voting/);
      assert.match(b.lastHtml, /Cast the practice’s vote/);
      assert.equal(
        (await b.post(`/consultations/${consultationId}/vote`, { practice_code: 'A81001', option: '1' }))
          .status,
        303,
      );
      await b.get(`/consultations/${consultationId}`);
      assert.match(b.lastHtml, /A81001 voted <strong>No<\/strong>/);
      assert.ok(!b.lastHtml.includes('Votes by option'), 'no results while voting is open');
      assert.match(b.lastHtml, /1 of 4 member practices have voted so far/);
      const again = await b.post(`/consultations/${consultationId}/vote`, {
        practice_code: 'A81001',
        option: '0',
      });
      assert.equal(again.status, 409);
      assert.match(b.lastHtml, /A81001 has already voted in this consultation .*Each practice has one vote/);
      const api = await b.post(`/api/consultations/${consultationId}/votes`, {
        practice_code: 'A81001',
        option: '0',
      });
      assert.equal(api.status, 409);
      const votes = await store().db.selectFrom('consultation_vote').selectAll().execute();
      assert.equal(votes.length, 1);
      assert.equal(votes[0]!.option_index, 1, 'the first vote stands');
      const foreign = await b.post(`/consultations/${consultationId}/vote`, {
        practice_code: 'A81002',
        option: '0',
      });
      assert.equal(foreign.status, 403);
      const partner = await signedIn('partner2');
      await partner.get(`/consultations/${consultationId}`);
      assert.equal(
        (
          await partner.post(`/consultations/${consultationId}/vote`, {
            practice_code: 'A81002',
            option: '0',
          })
        ).status,
        303,
      );
      const open = (await (await partner.get(`/api/consultations/${consultationId}`)).json()) as {
        results: unknown;
        votesCast: number;
      };
      assert.equal(open.results, null);
      assert.equal(open.votesCast, 2);
    });

    it('show results by option and turnout after the closing date, and take no more votes', async () => {
      clock = new Date('2026-12-11T00:00:01Z');
      const b = await signedIn('observer');
      await b.get(`/consultations/${consultationId}`);
      assert.match(b.lastHtml, /Turnout: 2 of 4 member practices voted, 50%/);
      assert.match(b.lastHtml, /Votes by option/);
      assert.match(b.lastHtml, /Tied for most votes: Yes; No/);
      const res = await b.get(`/api/consultations/${consultationId}`);
      const view = (await res.json()) as {
        phase: string;
        results: { options: { option: string; votes: number }[]; turnoutPercent: number };
      };
      assert.equal(view.phase, 'closed');
      assert.deepEqual(
        view.results.options.map((o) => [o.option, o.votes]),
        [
          ['Yes', 1],
          ['No', 1],
          ['Abstain', 0],
        ],
      );
      assert.equal(view.results.turnoutPercent, 50);
      const late = await signedIn('pm1');
      await late.get(`/consultations/${consultationId}`);
      const refused = await late.post(`/api/consultations/${consultationId}/votes`, {
        practice_code: 'A81001',
        option: '0',
      });
      assert.equal(refused.status, 409);
      assert.match(((await refused.json()) as { error: string }).error, /voting closed on 2026-12-10/);
      clock = new Date('2026-11-24T12:00:00Z');
    });
  });

  describe('an ICB’s agreement', () => {
    it('goes to every practice in the ICB, counted per sub-ICB location (issued here by an administrator)', async () => {
      const b = await signedIn('admin');
      await b.get('/agreements');
      const res = await b.post('/api/agreements', {
        commissioner: 'QHM',
        title: 'ICB-wide agreement',
        body: SOUND,
      });
      assert.equal(res.status, 201);
      const issued = (await res.json()) as { agreementId: number; members: number };
      assert.equal(issued.members, MEMBERS.length, 'the slice holds four QHM practices, all in 16C');
      const status = (await (await b.get(`/api/agreements/${issued.agreementId}/status`)).json()) as {
        bySubIcb: { subIcbCode: string; members: number }[];
      };
      assert.deepEqual(
        status.bySubIcb.map((s) => [s.subIcbCode, s.members]),
        [['16C', 4]],
      );
      const notCommissioner = await b.post('/api/agreements', {
        commissioner: 'A81001',
        title: 'x',
        body: SOUND,
      });
      assert.equal(notCommissioner.status, 400);
      assert.match(
        ((await notCommissioner.json()) as { error: string }).error,
        /not a sub-ICB location or an ICB/,
      );
    });
  });

  describe('the API description', () => {
    it('lists the agreement and consultation routes in /api/openapi.json', async () => {
      const b = new TestBrowser(app);
      const doc = (await (await b.get('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
      for (const path of [
        '/api/agreements',
        '/api/agreements/{id}',
        '/api/agreements/{id}/responses',
        '/api/consultations/{id}/votes',
      ]) {
        assert.ok(doc.paths[path], path);
      }
    });
  });
});
