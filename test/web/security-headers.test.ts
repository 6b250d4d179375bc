// securityHeaders (src/web/middleware.ts) adds its headers to the response the page made, not to a copy
// made again from its body: Hono's c.header() on a finished response does that, which turned
// @hono/node-server's string answer into a stream (undici checking and encoding a 220 KB page, ~1.3 ms,
// then piping it; issue 15). The headers must be there all the same, and a response whose headers may
// not change still gets them.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Hono } from 'hono';
import { securityHeaders } from '../../src/web/middleware.ts';

it('sets its headers on the very response the page made', async () => {
  const seen: { made?: Response } = {};
  const app = new Hono();
  app.use(securityHeaders());
  app.get('/', (c) => {
    seen.made = c.html('<p>page</p>');
    return seen.made;
  });
  const res = await app.request('/');
  assert.equal(res, seen.made, 'the same response, not one made again from its body');
  assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('referrer-policy'), 'same-origin');
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  assert.equal(await res.text(), '<p>page</p>');
});

it('keeps a Cache-Control the page chose, and still heads a response whose headers may not change', async () => {
  const app = new Hono();
  app.use(securityHeaders());
  app.get('/kept', (c) => c.html('<p>kept</p>', 200, { 'Cache-Control': 'public, max-age=60' }));
  app.get('/moved', () => Response.redirect('http://127.0.0.1/elsewhere', 302));
  const kept = await app.request('/kept');
  assert.equal(kept.headers.get('cache-control'), 'public, max-age=60');
  const moved = await app.request('/moved');
  assert.equal(moved.status, 302);
  assert.equal(moved.headers.get('x-frame-options'), 'DENY');
  assert.equal(moved.headers.get('location'), 'http://127.0.0.1/elsewhere');
});
