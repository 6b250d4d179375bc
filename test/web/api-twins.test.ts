// Issue 17, point 2: every page that shows data has a JSON twin under /api/, described in the OpenAPI
// document. This walks every GET route the Hono app registers (app.routes) and checks each against
// the table below: a page is twinned (its twin is a registered GET route AND a path of
// /api/openapi.json), or exempt for a stated reason (it shows no data of its own). A new page in
// neither fails the test. (The list of pages still without a twin is gone: every data page has one.)
// No database is touched: routes are registered when the app is built, and read only per request.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.ts';
import { openApiDocument } from '../../src/web/api/openapi.ts';
import { createWebApp } from '../../src/web/app.ts';

/** Page route → its JSON twin. */
const TWINS: Record<string, string> = {
  '/search': '/api/search',
  '/organisations': '/api/organisations',
  '/organisations/:code': '/api/organisations/:code',
  '/organisations/:code/overview': '/api/organisations/:code/overview',
  '/practices/:code': '/api/practices/:code',
  '/practices/:code/record': '/api/practices/:code/record',
  '/practices/:code/scorecard': '/api/practices/:code/scorecard',
  '/practices/:code/peers': '/api/practices/:code/peers',
  '/practices/:code/trend/:indicator': '/api/practices/:code/trend/:indicator',
  '/imports': '/api/imports',
  '/indicators': '/api/indicators',
  '/indicators/:code': '/api/indicators/:code',
  '/indicators/:code/versions': '/api/indicators/:code/versions',
  '/prescribing': '/api/prescribing/measures',
  '/prescribing/:id': '/api/prescribing/measures/:id',
  '/prescribing/price-per-unit': '/api/prescribing/price-per-unit',
  '/prescribing/price-per-unit/:bnf': '/api/prescribing/price-per-unit/:bnf',
  '/releases': '/api/releases',
  '/releases/:name': '/api/releases/:name/figures',
  '/releases/:name/about': '/api/releases/:name',
  '/releases/:name/changes': '/api/releases/:name/changes',
  '/releases/:name/queries': '/api/releases/:name/queries',
  '/notifications': '/api/notifications',
  '/peer-review-groups': '/api/peer-review-groups',
  '/peer-review-groups/:id': '/api/peer-review-groups/:id',
  '/concerns': '/api/concerns',
  '/concerns/:id': '/api/concerns/:id',
  '/agreements': '/api/agreements',
  '/agreements/:id': '/api/agreements/:id',
  '/agreements/:id/versions/:version': '/api/agreements/:id/versions/:version',
  '/consultations': '/api/consultations',
  '/consultations/:id': '/api/consultations/:id',
  '/governance/committees/:id': '/api/governance/committees/:id',
  '/governance/decisions': '/api/governance/decisions',
  '/governance/delegation': '/api/governance/delegation',
  '/governance/delegation/:code': '/api/governance/delegation/:code',
  '/governance/items/:id': '/api/governance/items/:id',
  '/governance/meetings/:id': '/api/governance/meetings/:id',
  '/governance/register': '/api/governance/register',
  '/governance/register/reviews': '/api/governance/register/reviews',
  '/schemes': '/api/schemes',
  '/schemes/:code': '/api/schemes/:code',
  '/schemes/standing-rules': '/api/schemes/standing-rules',
  '/schemes/calculations/:id': '/api/schemes/calculations/:id',
  '/schemes/calculations/:id/statements/:code': '/api/schemes/calculations/:id/statements/:code',
  '/schemes/calculations/:id/what-if': '/api/schemes/calculations/:id/what-if',
  '/schemes/calculations/:id/reconciliation': '/api/schemes/calculations/:id/reconciliation',
  '/obligations': '/api/obligations',
  '/obligations/practices/:code': '/api/obligations/practices/:code',
  '/obligations/items/:id': '/api/obligations/items/:id',
  '/obligations/meetings/:id': '/api/obligations/meetings/:id',
  '/admin/outbox': '/api/admin/outbox',
  '/admin/outbox/:name': '/api/admin/outbox/:name',
  '/consent': '/api/consent',
  '/public/consultations': '/api/public/consultations',
  '/public/consultations/:id': '/api/public/consultations/:id',
  '/lineage': '/api/lineage',
  '/governance/meetings/:id/minutes': '/api/governance/meetings/:id/minutes',
  '/governance/register/mine': '/api/governance/register/mine',
  '/organisations/:code/data-sharing': '/api/organisations/:code/data-sharing',
};

/** GET routes that show no data of their own, each with why. */
const EXEMPT: Record<string, string> = {
  '/': 'the home page: links and a sentence per area',
  '/*': "the design system's static files",
  '/healthz': 'a health check for the load balancer, not a page',
  '/benchmarking.css': 'a static file',
  '/benchmarking.mjs': 'a static file',
  '/sign-in': 'a form',
  '/concerns/new': 'a form to raise a concern',
  '/agreements/new': 'a form to draft an agreement',
  '/agreements/:id/new-version': 'a form to draft a new version',
  '/consultations/new': 'a form to start a consultation',
  '/governance': 'an index of links to the governance pages, each twinned',
  '/concerns/:id/attachments/:attachment': 'a file download (listed in /api/concerns/:id)',
  '/obligations/returns/:id/file': 'a file download (a return’s attachment)',
  '/governance/register.csv': 'the CSV export of /governance/register (twinned)',
  '/schemes/:code/definition.json': 'is itself JSON: the scheme definition file',
  '/schemes/calculations/:id/payable.csv': 'the payable file export of the calculation (twinned)',
  '/practices/:code/print-pack':
    'a PDF of the scorecard (/api/practices/:code/scorecard) and its flagged charts',
};

function getRoutes(): Set<string> {
  const app = createWebApp({ db: {} as Kysely<Database> });
  return new Set(app.routes.filter((r) => r.method === 'GET').map((r) => r.path));
}

describe('every page that shows data has a JSON twin under /api/', () => {
  const routes = getRoutes();
  const documented = new Set(
    Object.keys(openApiDocument().paths as Record<string, unknown>).map((p) =>
      p.replace(/\{(\w+)\}/g, ':$1'),
    ),
  );
  const pages = [...routes].filter((p) => !p.startsWith('/api/')).sort();

  it('finds the twin of every page route, registered and in the OpenAPI document', () => {
    const unaccounted = pages.filter((p) => !(p in TWINS) && !(p in EXEMPT));
    assert.deepEqual(unaccounted, [], 'a page with no twin: add its /api/ route and list it in TWINS');
    for (const page of pages.filter((p) => p in TWINS)) {
      const twin = TWINS[page]!;
      assert.ok(routes.has(twin), `${page}: its twin ${twin} is not a GET route of the app`);
      assert.ok(documented.has(twin), `${page}: its twin ${twin} is not in /api/openapi.json`);
    }
  });

  it('lists no route that no longer exists', () => {
    for (const page of [...Object.keys(TWINS), ...Object.keys(EXEMPT)])
      assert.ok(routes.has(page), `${page} is listed but is not a route of the app`);
  });

  it('walks a page that would be added without a twin, and fails it', () => {
    const app = createWebApp({ db: {} as Kysely<Database> });
    app.get('/brand-new-data-page', (c) => c.html('<p>figures</p>'));
    const added = app.routes
      .filter((r) => r.method === 'GET' && !r.path.startsWith('/api/'))
      .map((r) => r.path)
      .filter((p) => !(p in TWINS) && !(p in EXEMPT));
    assert.deepEqual(added, ['/brand-new-data-page']);
  });

  it('documents every /api/ GET route the app registers', () => {
    const undocumented = [...routes].filter(
      (p) => p.startsWith('/api/') && p !== '/api/openapi.json' && !documented.has(p),
    );
    assert.deepEqual(undocumented, []);
  });
});
