// Issue 11, findings 4, 5 and 6: the sign-in limit holds under parallel guesses and keys one client
// by one address however it is written; bodies are capped before they are read (and not read at all
// without a session); every field has a length cap; `next` never leaves the site nor breaks the
// redirect; a malformed multipart body is a 400. Both databases.
import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import { addressKey, normaliseAddress, reserveAttempt } from '../../src/app/auth/rate-limit.ts';
import { createWebApp } from '../../src/web/app.ts';
import { DEFAULT_BODY_LIMIT, MAX_FIELD_CHARS, safeNext } from '../../src/web/limits.ts';
import { forEachDatabase } from '../support/databases.ts';
import { addUser, TestBrowser } from './client.ts';

describe('safe next and normalised addresses', () => {
  it('keeps our own paths and refuses everything that could leave the site or break the header', () => {
    assert.equal(safeNext('/practices/A81001?release=demo'), '/practices/A81001?release=demo');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/%09/evil.example',
      '/%0a/x',
      '/%5c%5cevil.example',
      'https://evil.example',
      '/a b',
      '',
    ])
      assert.equal(safeNext(bad), '/', JSON.stringify(bad));
  });
  it('writes one client one way: loopbacks, IPv4-mapped IPv6, case and zone', () => {
    assert.equal(normaliseAddress('::1'), normaliseAddress('127.0.0.1'));
    assert.equal(normaliseAddress('::ffff:10.1.2.3'), '10.1.2.3');
    assert.equal(normaliseAddress('[::FFFF:10.1.2.3]'), '10.1.2.3');
    assert.equal(normaliseAddress('FE80::1%eth0'), 'fe80::1');
    assert.equal(addressKey('::ffff:127.0.0.1'), addressKey('::1'));
  });
});

forEachDatabase('limits on every input', (store) => {
  const start = new Date('2026-12-01T09:00:00Z');
  let clock = start;
  let app: ReturnType<typeof createWebApp>;
  let password = '';
  const limits = { failuresPerUsername: 5, failuresPerAddress: 20, windowMinutes: 15 };

  before(async () => {
    app = createWebApp({ db: store().db, now: () => clock, loginLimits: limits });
    password = await addUser(store().db, 'guessed', 'commissioning_analyst:16C');
    await addUser(store().db, 'writer', 'commissioning_manager:16C');
  });
  beforeEach(() => {
    clock = new Date(clock.getTime() + 24 * 3600_000);
  });

  /** A sign-in POST with its form token, ready to send many at once. */
  const signInRequest = async (username: string, guess: string) => {
    const page = await app.request('http://localhost/sign-in');
    const token = /fairview_sign_in=([^;]+)/.exec(page.headers.getSetCookie()[0]!)![1]!;
    return () =>
      app.request('http://localhost/sign-in', {
        method: 'POST',
        headers: { cookie: `fairview_sign_in=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password: guess, form_token: token, next: '/' }).toString(),
      });
  };

  it('evaluates at most the limit of 40 parallel wrong passwords (finding 4)', async () => {
    const sends = await Promise.all(
      Array.from({ length: 40 }, (_, k) => signInRequest('guessed', `wrong-${k}`)),
    );
    const statuses = await Promise.all(sends.map((send) => send()));
    const evaluated = statuses.filter((r) => r.status !== 429).length;
    assert.ok(evaluated <= limits.failuresPerUsername, `${evaluated} evaluated`);
    assert.equal(statuses.filter((r) => r.status === 429).length, 40 - evaluated);
  });

  it('does not sign in 30 parallel guesses whose right one comes after the limit (finding 4)', async () => {
    const guesses = [...Array.from({ length: 29 }, (_, k) => `wrong-${k}`), password];
    const sends = [];
    for (const g of guesses) sends.push(await signInRequest('guessed', g));
    const responses = await Promise.all(sends.map((send) => send()));
    const evaluated = responses.filter((r) => r.status !== 429).length;
    assert.ok(evaluated <= limits.failuresPerUsername, `${evaluated} evaluated`);
  });

  it('counts ::1, 127.0.0.1 and ::ffff:127.0.0.1 as one address (finding 4)', async () => {
    const db = store().db;
    const at = clock;
    const forms = ['::1', '127.0.0.1', '::ffff:127.0.0.1'];
    let throttledAt = -1;
    for (let k = 0; k < 30; k++) {
      const r = await reserveAttempt(db, { username: `someone-${k}`, address: forms[k % 3]! }, limits, at);
      if (r.throttled && throttledAt === -1) throttledAt = k;
    }
    assert.equal(throttledAt, limits.failuresPerAddress);
  });

  it('refuses a POST without a session without reading its body (finding 5)', async () => {
    let pulled = 0;
    const body = new ReadableStream({
      pull(controller) {
        pulled++;
        if (pulled > 200) controller.close();
        else controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const res = await app.request('http://localhost/concerns', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit);
    // Refused unread (403), or at the cap (413) when the body comes without a length: never read whole.
    assert.ok(res.status === 403 || res.status === 413, String(res.status));
    assert.ok(pulled <= 2, `${pulled} MB read`);
  });

  it('caps a signed-in body (413) and every field (400) (finding 5)', async () => {
    const writer = new TestBrowser(app);
    await writer.signIn('writer', 'writer-correct-horse-battery');
    await writer.get('/concerns/new');
    const big = await writer.post('/concerns', { reason: 'x'.repeat(DEFAULT_BODY_LIMIT + 10) });
    assert.equal(big.status, 413);
    await writer.get('/concerns/new');
    const long = await writer.post('/concerns', { reason: 'x'.repeat(MAX_FIELD_CHARS + 1) });
    assert.equal(long.status, 400);
    assert.match(await long.text(), /too long/);
  });

  it('sends `next` home when it would leave the site or break the header, with no 500 (finding 6)', async () => {
    for (const next of ['/%09/evil.example', '/%0a/evil.example', '//evil.example', '/\\evil.example']) {
      const page = await app.request('http://localhost/sign-in');
      const token = /fairview_sign_in=([^;]+)/.exec(page.headers.getSetCookie()[0]!)![1]!;
      const res = await app.request('http://localhost/sign-in', {
        method: 'POST',
        headers: { cookie: `fairview_sign_in=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: `username=writer&password=writer-correct-horse-battery&form_token=${token}&next=${next}`,
      });
      assert.equal(res.status, 303, next);
      assert.equal(res.headers.get('location'), '/', next);
    }
    const get = await app.request('http://localhost/sign-in?next=/%0a/evil.example');
    assert.equal(get.status, 200);
  });

  it('answers a malformed multipart body with a 400, not a 500 (finding 6)', async () => {
    const writer = new TestBrowser(app);
    await writer.signIn('writer', 'writer-correct-horse-battery');
    const res = await app.request('http://localhost/concerns/1/reply', {
      method: 'POST',
      headers: {
        cookie: [...writer.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'multipart/form-data; boundary=zzz',
      },
      body: '--zzz\r\nContent-Disposition: form-data; name="x"\r\n\r\nunterminated',
    });
    assert.ok(res.status >= 400 && res.status < 500, String(res.status));
  });
});
