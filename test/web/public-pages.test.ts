import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createWebApp } from '../../src/web/app.ts';
import { forEachDatabase } from '../support/databases.ts';
import { TestBrowser } from './client.ts';
import { seedRealSlice } from './real-slice.ts';

forEachDatabase('public pages, signed out, on a real slice of England', (store) => {
  let app: ReturnType<typeof createWebApp>;
  before(async () => {
    await seedRealSlice(store().db);
    app = createWebApp({ db: store().db });
  });

  it('answers /healthz with 200 ok once the store is open and migrated', async () => {
    const res = await app.request('/healthz');
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'ok');
  });

  it('serves the NHS.UK design system itself: CSS without remote fonts, JS module, images', async () => {
    const css = await app.request('/nhsuk/nhsuk-frontend.min.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    const text = await css.text();
    assert.ok(text.includes('.nhsuk-header'), 'the real stylesheet');
    assert.ok(!text.includes('assets.nhs.uk'), 'no font requests to the NHS CDN');
    const js = await app.request('/nhsuk/nhsuk-frontend.min.js');
    assert.ok((await js.text()).includes('initAll'));
    assert.equal((await app.request('/assets/images/favicon.svg')).status, 200);
    const page = await (await app.request('/')).text();
    assert.ok(page.includes("' nhsuk-frontend-supported'"), 'the body-class snippet');
    assert.ok(page.includes('<script type="module" src="/app.mjs">'));
    assert.ok(!/https?:\/\/(?!www\.w3\.org)/.test(page), 'no off-site URL in the page');
  });

  it('shows practice A81001 with its real list size, pyramid, registers and IMD score', async () => {
    const res = await app.request('/practices/A81001');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<h1>The Densham Surgery<\/h1>/);
    assert.match(html, /3,733 registered patients on 1 July 2026/);
    assert.match(html, /TS18 1HU/);
    assert.match(html, /Opened<\/dt>\s*<dd class="nhsuk-summary-list__value">1 April 1974/);
    assert.match(html, /<svg class="fairview-pyramid"[^>]*role="img"/);
    assert.match(html, /<title id="pyramid-title">Registered population of The Densham Surgery/);
    // the table alternative holds the same numbers: 95+ is 5 males, 9 females
    assert.match(
      html,
      /<th class="nhsuk-table__header" scope="row"[^>]*>95\+<\/th><td[^>]*>5<\/td><td[^>]*>9<\/td><td[^>]*>14<\/td>/,
    );
    // QOF 2024-25: atrial fibrillation register 113 of 3,904 = 2.89%; 2016-17: 106 of 4,150 = 2.55%
    assert.match(html, /2024-25/);
    assert.match(html, /113<br><span class="fairview-nowrap">\(2\.89%\)/);
    assert.match(html, /106<br><span class="fairview-nowrap">\(2\.55%\)/);
    assert.match(html, /33\.5 \(IMD 2025\)/);
    // current memberships link up the hierarchy
    assert.match(html, /href="\/organisations\/U89141">STOCKTON PCN<\/a>/);
    assert.match(html, /href="\/organisations\/16C">/);
    assert.ok(!html.includes('csrf_token'), 'no forms for a signed-out visitor');
  });

  it('redirects a lower-case code to the stable upper-case address, and 404s unknown practices', async () => {
    const res = await app.request('/practices/a81001');
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), '/practices/A81001');
    assert.equal((await app.request('/practices/ZZZ999')).status, 404);
    assert.equal((await app.request('/practices/%3Cscript%3E')).status, 404);
  });

  it('browses England → region → ICB → sub-ICB location → PCN → practice by current membership', async () => {
    const england = await (await app.request('/organisations')).text();
    assert.match(england, /href="\/organisations\/Y63">North East and Yorkshire<\/a>/);
    assert.match(england, /href="\/organisations\/Y56">London<\/a>/);
    const region = await (await app.request('/organisations/Y63')).text();
    assert.match(
      region,
      /href="\/organisations\/QHM">NHS North East and North Cumbria Integrated Care Board<\/a>/,
    );
    assert.ok(!region.includes('Z9B2Z'), 'a London ICB is not under North East and Yorkshire');
    const icb = await (await app.request('/organisations/QHM')).text();
    assert.match(icb, /href="\/organisations\/16C">/);
    const subIcb = await (await app.request('/organisations/16C')).text();
    assert.match(subIcb, /href="\/organisations\/U89141">STOCKTON PCN<\/a>/);
    assert.match(subIcb, /href="\/organisations\/U07032">NORTH STOCKTON PCN<\/a>/);
    const pcn = await (await app.request('/organisations/U89141')).text();
    assert.match(pcn, /href="\/practices\/A81001">The Densham Surgery<\/a>/);
    assert.ok(!pcn.includes('A81002'), 'Queens Park is in another PCN');
    // breadcrumbs name the way back up
    assert.match(pcn, /<nav class="nhsuk-breadcrumb"[\s\S]*North East and Yorkshire[\s\S]*Sub-ICB|16C/);
  });

  it('finds practices by name, code and postcode, and escapes what was typed', async () => {
    const browser = new TestBrowser(app);
    const byName = await browser.get('/search?q=densham');
    assert.equal(byName.status, 200);
    assert.match(browser.lastHtml, /href="\/practices\/A81001">The Densham Surgery<\/a>/);
    const byCode = await browser.get('/search?q=a81002');
    assert.equal(byCode.status, 303, 'an exact code goes straight to the practice');
    assert.equal(byCode.headers.get('location'), '/practices/A81002');
    await browser.get('/search?q=TS18');
    assert.match(browser.lastHtml, /A81001/);
    assert.match(browser.lastHtml, /A81002/);
    assert.ok(!browser.lastHtml.includes('E83003'));
    await browser.get(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.ok(!browser.lastHtml.includes('<script>alert(1)'));
    assert.match(browser.lastHtml, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(browser.lastHtml, /No practices found/);
  });

  it('sends security headers on every page', async () => {
    const res = await app.request('/');
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
  });
});
