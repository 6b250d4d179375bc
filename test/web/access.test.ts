import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createWebApp } from '../../src/web/app.ts';
import { forEachDatabase } from '../support/databases.ts';
import { addUser, TestBrowser } from './client.ts';
import { seedRealSlice } from './real-slice.ts';

forEachDatabase('who may see and do what on the web', (store) => {
  let app: ReturnType<typeof createWebApp>;
  const passwords: Record<string, string> = {};
  const signedIn = async (username: string): Promise<TestBrowser> => {
    const browser = new TestBrowser(app);
    const res = await browser.signIn(username, passwords[username]!);
    assert.equal(res.status, 303, `${username} signs in`);
    return browser;
  };
  const lineageRows = async (): Promise<number> =>
    (await store().db.selectFrom('organisation_lineage').select('id').execute()).length;

  before(async () => {
    const db = store().db;
    await seedRealSlice(db);
    app = createWebApp({ db });
    passwords.admin = await addUser(db, 'admin', 'administrator');
    passwords.analyst = await addUser(db, 'analyst', 'commissioning_analyst:16C');
    passwords.manager = await addUser(db, 'manager', 'practice_manager:A81001');
    passwords.observer = await addUser(db, 'observer', 'observer:QHM');
    passwords.lay = await addUser(db, 'lay', 'committee_lay:QHM');
  });

  describe('a signed-out visitor', () => {
    it('sees the published pages', async () => {
      const browser = new TestBrowser(app);
      for (const path of [
        '/',
        '/organisations',
        '/organisations/16C',
        '/practices/A81001',
        '/search?q=stockton',
      ]) {
        assert.equal((await browser.get(path)).status, 200, path);
      }
      assert.match(browser.lastHtml, /href="\/sign-in"/);
    });

    it('is sent to sign in for the import history and a practice’s restricted record', async () => {
      const browser = new TestBrowser(app);
      const imports = await browser.get('/imports');
      assert.equal(imports.status, 303);
      assert.equal(imports.headers.get('location'), '/sign-in?next=%2Fimports');
      const record = await browser.get('/practices/A81001/record');
      assert.equal(record.status, 303);
      assert.match(record.headers.get('location') ?? '', /^\/sign-in\?next=/);
    });

    it('cannot post a change', async () => {
      const browser = new TestBrowser(app);
      const res = await browser.post('/practices/A81001/lineage', { other_code: 'A81002', kind: 'merger' });
      assert.equal(res.status, 403);
      assert.equal(await lineageRows(), 0);
    });
  });

  describe('a practice manager for A81001', () => {
    it('opens the restricted record of A81001', async () => {
      const browser = await signedIn('manager');
      assert.equal((await browser.get('/practices/A81001/record')).status, 200);
      assert.match(browser.lastHtml, /Sources and changes/);
      assert.match(browser.lastHtml, /gp-reg-pat-prac-quin-age\.csv\.gz/);
      await browser.get('/practices/A81001');
      assert.match(browser.lastHtml, /href="\/practices\/A81001\/record"/);
    });

    it('cannot open another practice’s restricted record, even in the same PCN’s sub-ICB location', async () => {
      const browser = await signedIn('manager');
      const res = await browser.get('/practices/A81002/record');
      assert.equal(res.status, 403);
      assert.match(browser.lastHtml, /You do not have access to this page/);
      await browser.get('/practices/A81002');
      assert.ok(!browser.lastHtml.includes('/practices/A81002/record'), 'no link to what cannot be opened');
    });

    it('cannot open the import pages', async () => {
      const browser = await signedIn('manager');
      assert.equal((await browser.get('/imports')).status, 403);
      await browser.get('/');
      assert.ok(!browser.lastHtml.includes('href="/imports"'), 'no Imports link in the menu');
    });
  });

  describe('a commissioning analyst for sub-ICB 16C', () => {
    it('opens the import history, with every batch', async () => {
      const browser = await signedIn('analyst');
      assert.equal((await browser.get('/imports')).status, 200);
      for (const file of ['epraccur.csv.gz', 'PREVALENCE_2425.csv.gz', 'imd-2025-by-practice.csv.gz']) {
        assert.ok(browser.lastHtml.includes(file), file);
      }
    });

    it('reaches every practice in 16C and none outside it', async () => {
      const browser = await signedIn('analyst');
      assert.equal((await browser.get('/practices/A81001/record')).status, 200);
      assert.equal((await browser.get('/practices/A81002/record')).status, 200);
      assert.equal((await browser.get('/practices/E83003/record')).status, 403);
    });

    it('cannot edit lineage', async () => {
      const browser = await signedIn('analyst');
      await browser.get('/practices/A81001');
      assert.ok(!browser.lastHtml.includes('action="/practices/A81001/lineage"'));
      const res = await browser.post('/practices/A81001/lineage', { other_code: 'A81002', kind: 'merger' });
      assert.equal(res.status, 403);
      assert.equal(await lineageRows(), 0);
    });
  });

  describe('an observer (Healthwatch, for the ICB)', () => {
    it('reads the published pages but not the restricted ones or imports', async () => {
      const browser = await signedIn('observer');
      assert.equal((await browser.get('/practices/A81001')).status, 200);
      assert.equal((await browser.get('/practices/A81001/record')).status, 403);
      assert.equal((await browser.get('/imports')).status, 403);
    });

    it('cannot change anything: a well-formed post with a valid CSRF token is forbidden', async () => {
      const browser = await signedIn('observer');
      await browser.get('/practices/A81001');
      assert.match(browser.lastHtml, /name="csrf_token"/, 'has a token (from the sign-out form)');
      const res = await browser.post('/practices/A81001/lineage', {
        direction: 'predecessor',
        other_code: 'A81002',
        kind: 'merger',
      });
      assert.equal(res.status, 403);
      assert.match(browser.lastHtml, /observers cannot change anything/);
      assert.equal(await lineageRows(), 0);
      const audit = await store()
        .db.selectFrom('audit_log')
        .select('action')
        .where('actor', '=', 'observer')
        .execute();
      assert.ok(audit.length > 0);
      assert.ok(
        audit.every((a) => a.action === 'signed_in'),
        'only sign-ins are recorded for the observer',
      );
    });
  });

  describe('an administrator', () => {
    it('records a successor for a practice, and the audit log holds who, what and the record after', async () => {
      const browser = await signedIn('admin');
      await browser.get('/practices/A81001');
      assert.match(browser.lastHtml, /action="\/practices\/A81001\/lineage"/);
      const res = await browser.post('/practices/A81001/lineage', {
        direction: 'predecessor',
        other_code: 'a81002',
        kind: 'merger',
        effective_date: '2027-04-01',
        note: 'Merger agreed by the committee <b>in March</b>',
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/practices/A81001');
      const rows = await store().db.selectFrom('organisation_lineage').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.predecessor_code, 'A81001');
      assert.equal(rows[0]!.successor_code, 'A81002');
      assert.equal(rows[0]!.source, 'administrator');
      assert.equal(rows[0]!.created_by, 'admin');
      const audit = await store()
        .db.selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'lineage_added')
        .executeTakeFirstOrThrow();
      assert.equal(audit.actor, 'admin');
      assert.equal(audit.entity_id, String(rows[0]!.id));
      assert.equal(audit.before, null);
      assert.deepEqual(audit.after, {
        predecessor_code: 'A81001',
        successor_code: 'A81002',
        kind: 'merger',
        effective_date: '2027-04-01',
        note: 'Merger agreed by the committee <b>in March</b>',
      });
      await browser.get('/practices/A81002');
      assert.match(
        browser.lastHtml,
        /Predecessor<\/th><td[^>]*><a href="\/practices\/A81001">The Densham Surgery<\/a>/,
      );
      // the lineage change shows in the restricted record, escaped
      await browser.get('/practices/A81002/record');
      assert.match(browser.lastHtml, /lineage_added/);
      assert.ok(!browser.lastHtml.includes('<b>in March</b>'));
    });

    it('is told what is wrong with a bad link, and nothing is written', async () => {
      const browser = await signedIn('admin');
      await browser.get('/practices/A81001');
      const before = await lineageRows();
      const res = await browser.post('/practices/A81001/lineage', {
        direction: 'successor',
        other_code: 'Q99999',
        kind: 'merger',
      });
      assert.equal(res.status, 400);
      assert.match(browser.lastHtml, /There is a problem/);
      assert.match(browser.lastHtml, /<a href="#other_code">There is no practice with the code Q99999<\/a>/);
      assert.match(browser.lastHtml, /value="Q99999"/, 'keeps what was typed');
      assert.equal(await lineageRows(), before);
    });
  });

  describe('CSRF protection', () => {
    it('rejects a post without the session’s token with 403', async () => {
      const browser = await signedIn('admin');
      const before = await lineageRows();
      const missing = await browser.post(
        '/practices/A81001/lineage',
        { other_code: 'A81002', kind: 'merger' },
        { csrf: false },
      );
      assert.equal(missing.status, 403);
      const wrong = await browser.post('/practices/A81001/lineage', {
        other_code: 'A81002',
        kind: 'merger',
        csrf_token: 'x'.repeat(43),
      });
      assert.equal(wrong.status, 403);
      assert.equal(await lineageRows(), before);
    });

    it('rejects a sign-out without the token, and the session lives on', async () => {
      const browser = await signedIn('analyst');
      assert.equal((await browser.post('/sign-out', {}, { csrf: false })).status, 403);
      assert.equal((await browser.get('/imports')).status, 200);
    });

    it('rejects a sign-in posted without the sign-in form’s own token', async () => {
      const browser = new TestBrowser(app);
      const res = await browser.post(
        '/sign-in',
        { username: 'admin', password: passwords.admin! },
        { csrf: false },
      );
      assert.equal(res.status, 403);
      assert.ok(![...browser.cookies.keys()].includes('fairview_session'));
    });
  });
});
