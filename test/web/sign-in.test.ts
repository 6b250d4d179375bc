import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, beforeEach, describe, it } from 'node:test';
import { disableUser } from '../../src/app/auth/users.ts';
import { createWebApp } from '../../src/web/app.ts';
import { SESSION_COOKIE } from '../../src/web/front-door.ts';
import { forEachDatabase } from '../support/databases.ts';
import { addUser, TestBrowser } from './client.ts';

forEachDatabase('signing in, sessions and throttling', (store) => {
  const start = new Date('2026-11-24T09:00:00Z');
  let clock = start;
  let app: ReturnType<typeof createWebApp>;
  let password = '';
  const limits = { failuresPerUsername: 5, failuresPerAddress: 12, windowMinutes: 15 };

  before(async () => {
    app = createWebApp({ db: store().db, now: () => clock, loginLimits: limits });
    password = await addUser(store().db, 'analyst', 'commissioning_analyst:16C');
    await addUser(store().db, 'leaver', 'observer:QHM');
  });
  beforeEach(() => {
    // Each test starts a day later, beyond every throttling window and session.
    clock = new Date(clock.getTime() + 24 * 3600_000);
  });

  describe('the session cookie', () => {
    it('is HttpOnly, SameSite=Lax, scoped to the site, with an expiry, and not Secure over plain http', async () => {
      const browser = new TestBrowser(app);
      await browser.get('/sign-in');
      const formToken = /name="form_token" value="([^"]+)"/.exec(browser.lastHtml)![1]!;
      const res = await app.request('http://localhost/sign-in', {
        method: 'POST',
        headers: {
          cookie: `fairview_sign_in=${formToken}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          username: 'analyst',
          password,
          form_token: formToken,
          next: '/imports',
        }).toString(),
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/imports');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
      assert.match(cookie, /; HttpOnly/);
      assert.match(cookie, /; SameSite=Lax/);
      assert.match(cookie, /; Path=\//);
      assert.match(cookie, /; Max-Age=28800/, 'the session lives a working day');
      assert.doesNotMatch(cookie, /; Secure/);
    });

    it('is Secure when the request came over https', async () => {
      const get = await app.request('https://fairview.example/sign-in');
      const formCookie = get.headers.getSetCookie()[0]!;
      assert.match(formCookie, /; Secure/);
      const formToken = /fairview_sign_in=([^;]+)/.exec(formCookie)![1]!;
      const res = await app.request('https://fairview.example/sign-in', {
        method: 'POST',
        headers: {
          cookie: `fairview_sign_in=${formToken}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ username: 'analyst', password, form_token: formToken }).toString(),
      });
      assert.equal(res.status, 303);
      assert.match(res.headers.getSetCookie().find((c) => c.startsWith(SESSION_COOKIE))!, /; Secure/);
    });

    it('holds a random token that the store keeps only as its sha256', async () => {
      const browser = new TestBrowser(app);
      await browser.signIn('analyst', password);
      const token = browser.cookies.get(SESSION_COOKIE)!;
      assert.equal(Buffer.from(token, 'base64url').length, 32);
      const rows = await store().db.selectFrom('web_session').select('id_hash').execute();
      assert.ok(rows.every((r) => r.id_hash !== token));
      assert.ok(rows.some((r) => r.id_hash === createHash('sha256').update(token).digest('hex')));
    });

    it('sends the user back to where sign-in was asked for, never to another site', async () => {
      const browser = new TestBrowser(app);
      await browser.get('/sign-in?next=//evil.example/x');
      assert.match(browser.lastHtml, /name="next" value="\/"/);
    });
  });

  describe('a failed sign-in', () => {
    it('gives one message whether the username is unknown or the password wrong', async () => {
      const wrong = new TestBrowser(app);
      const a = await wrong.signIn('analyst', 'not-the-password');
      const unknown = new TestBrowser(app);
      const b = await unknown.signIn('nobody-here', 'not-the-password');
      assert.equal(a.status, 401);
      assert.equal(b.status, 401);
      const message = (html: string): string =>
        /<span class="nhsuk-error-message"[^>]*>([\s\S]*?)<\/span>\s*</.exec(html)?.[1] ?? '';
      assert.match(message(wrong.lastHtml), /The username or password is not right/);
      assert.equal(message(wrong.lastHtml), message(unknown.lastHtml));
      assert.ok(!wrong.cookies.has(SESSION_COOKIE));
    });

    it('does not let a disabled account in, and disabling ends its sessions at once', async () => {
      const browser = new TestBrowser(app);
      assert.equal((await browser.signIn('leaver', 'leaver-correct-horse-battery')).status, 303);
      assert.equal(
        (await browser.get('/practices/A81001/record')).status,
        404,
        'signed in (no such practice here)',
      );
      await disableUser(store().db, 'leaver', 'test-admin');
      const after = await browser.get('/imports');
      assert.equal(after.status, 303, 'the old session no longer counts');
      assert.equal((await new TestBrowser(app).signIn('leaver', 'leaver-correct-horse-battery')).status, 401);
    });

    it('does not honour a live session whose account was disabled in the database behind its back', async () => {
      // disableUser ends the sessions too; this takes the session query's own check alone (the
      // account is joined to the session in one query), as a disable by another process or by hand
      // in the database would.
      await addUser(store().db, 'mover', 'commissioning_analyst:16C');
      const browser = new TestBrowser(app);
      assert.equal((await browser.signIn('mover', 'mover-correct-horse-battery')).status, 303);
      assert.equal((await browser.get('/imports')).status, 200, 'signed in');
      await store()
        .db.updateTable('app_user')
        .set({ disabled: true })
        .where('username', '=', 'mover')
        .execute();
      const hash = createHash('sha256').update(browser.cookies.get(SESSION_COOKIE)!).digest('hex');
      const kept = await store()
        .db.selectFrom('web_session')
        .select('id_hash')
        .where('id_hash', '=', hash)
        .execute();
      assert.equal(kept.length, 1, 'the session row is still there');
      const after = await browser.get('/imports');
      assert.equal(after.status, 303, 'the session no longer counts');
      assert.match(after.headers.get('location') ?? '', /^\/sign-in/);
    });
  });

  describe('throttling', () => {
    it('locks a username after 5 failures in 15 minutes, even for the right password, then lets it in again', async () => {
      const browser = new TestBrowser(app);
      for (let i = 0; i < 5; i++) assert.equal((await browser.signIn('analyst', `guess-${i}`)).status, 401);
      const locked = await browser.signIn('analyst', password);
      assert.equal(locked.status, 429);
      assert.match(browser.lastHtml, /Too many failed attempts/);
      assert.ok(!browser.cookies.has(SESSION_COOKIE));
      clock = new Date(clock.getTime() + 16 * 60_000);
      assert.equal((await browser.signIn('analyst', password)).status, 303);
    });

    it('limits failures from one address across usernames', async () => {
      const browser = new TestBrowser(app);
      for (let i = 0; i < limits.failuresPerAddress; i++) {
        assert.equal((await browser.signIn(`spray-${i}`, 'password123456')).status, 401);
      }
      assert.equal((await browser.signIn('analyst', password)).status, 429, 'this address is throttled');
      const attempts = await store()
        .db.selectFrom('login_attempt')
        .select('key')
        .where('key', 'like', 'ip:%')
        .execute();
      assert.ok(attempts.length > limits.failuresPerAddress, 'attempts are kept in login_attempt');
    });
  });

  describe('a session', () => {
    it('expires after 8 hours: the visitor is asked to sign in again and the cookie is cleared', async () => {
      const browser = new TestBrowser(app);
      await browser.signIn('analyst', password);
      assert.equal((await browser.get('/imports')).status, 200);
      clock = new Date(clock.getTime() + 8 * 3600_000 - 60_000);
      assert.equal((await browser.get('/imports')).status, 200, 'still live a minute before');
      clock = new Date(clock.getTime() + 2 * 60_000);
      const expired = await browser.get('/imports');
      assert.equal(expired.status, 303);
      assert.match(expired.headers.get('location') ?? '', /^\/sign-in/);
      assert.ok(!browser.cookies.has(SESSION_COOKIE));
    });

    it('ends on sign-out: the stored session is deleted and the cookie cleared', async () => {
      const browser = new TestBrowser(app);
      await browser.signIn('analyst', password);
      const token = browser.cookies.get(SESSION_COOKIE)!;
      await browser.get('/');
      const res = await browser.post('/sign-out', {});
      assert.equal(res.status, 303);
      assert.ok(!browser.cookies.has(SESSION_COOKIE));
      const hash = createHash('sha256').update(token).digest('hex');
      const left = await store()
        .db.selectFrom('web_session')
        .select('id_hash')
        .where('id_hash', '=', hash)
        .execute();
      assert.equal(left.length, 0);
      // the old token is worthless even if someone kept it
      browser.cookies.set(SESSION_COOKIE, token);
      assert.equal((await browser.get('/imports')).status, 303);
      const audit = await store()
        .db.selectFrom('audit_log')
        .select('action')
        .where('actor', '=', 'analyst')
        .execute();
      assert.ok(audit.some((a) => a.action === 'signed_out'));
    });
  });
});
