/** The home page and practice search, with the search's JSON twin (issue 17): published open data. */
import { Hono } from 'hono';
import { SEARCH_LIMIT, searchPractices } from '../../../app/browse/search.ts';
import type { Db } from '../../../app/db.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { homePage } from '../../pages/home.ts';
import { searchPage } from '../../pages/search.ts';
import { deny } from '../../refusals.ts';
import type { RouteEnv } from '../../request.ts';

export function searchRoutes(deps: { db: Db }): Hono<RouteEnv> {
  const { db } = deps;
  const app = new Hono<RouteEnv>();
  // Published open data: the policy lets everyone see it, but it still answers, so that one module
  // decides every page and a change of mind there (say, sign-in for everything) takes effect here.
  for (const path of ['/', '/search']) app.get(path, async (c, next) => deny(c, 'view_public') ?? next());

  app.get('/', (c) => c.html(homePage(c.get('viewer'), c.get('session')?.user.roles ?? [])));

  app.get('/search', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 100);
    const hits = await searchPractices(db, q);
    // A code typed exactly goes straight to its page.
    if (hits.length === 1 && hits[0]!.matchedOn === 'code')
      return c.redirect(`/practices/${hits[0]!.code}`, 303);
    return c.html(searchPage(c.get('viewer'), q, hits, SEARCH_LIMIT));
  });

  describeApiRoute({
    method: 'get',
    path: '/api/search',
    summary: 'Practices by name, code or postcode (as /search)',
    tag: 'Organisations',
    access: 'anyone',
    query: [{ name: 'q', description: 'what to look for' }],
  });
  app.get('/api/search', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 100);
    return c.json({ query: q, limit: SEARCH_LIMIT, practices: await searchPractices(db, q) });
  });
  return app;
}
