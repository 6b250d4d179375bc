/**
 * A published release's record and what changed since another (issue 17): `/releases/:name/about`,
 * `/releases/:name/changes?since=OTHER` and their JSON twins under `/api/releases/`. Published
 * releases are open data, so these routes are public; a draft is "not found" like everywhere else.
 */
import { Hono } from 'hono';
import type { Db } from '../../app/db.ts';
import { releaseChanges, releaseProvenance } from '../../app/releases/provenance.ts';
import { listPublishedReleases } from '../../app/releases/public-release.ts';
import { describeApiRoute } from '../api/openapi.ts';
import { problem } from '../api/problem.ts';
import { notFoundPage } from '../pages/errors.ts';
import { changesPage, provenancePage } from '../pages/releases/provenance.ts';
import type { RouteContext, RouteEnv } from '../request.ts';
import { RELEASE_NAME } from './openness/release-name.ts';

type Ctx = RouteContext;

export function releaseProvenanceRoutes(deps: { db: Db }): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();
  const { db } = deps;
  describeApiRoute({
    method: 'get',
    path: '/api/releases',
    summary: 'Published releases, newest first',
    tag: 'Releases',
    access: 'anyone',
  });
  describeApiRoute({
    method: 'get',
    path: '/api/releases/:name',
    summary: 'A published release: checksum, the files and indicator versions it was made from',
    tag: 'Releases',
    access: 'anyone',
  });
  describeApiRoute({
    method: 'get',
    path: '/api/releases/:name/changes',
    summary: 'What changed since another published release: indicators, files, headline flags',
    tag: 'Releases',
    access: 'anyone',
    query: [{ name: 'since', description: 'The earlier release' }],
  });

  const name = (c: Ctx, key: 'name' | 'since'): string | null => {
    const value = key === 'name' ? c.req.param('name') : c.req.query('since');
    return value && RELEASE_NAME.test(value) ? value : null;
  };

  app.get('/api/releases', async (c: Ctx) =>
    c.json({
      releases: (await listPublishedReleases(db)).map((r) => ({
        name: r.name,
        publishedAt: r.published_at,
        resultsChecksum: r.results_checksum,
        resultCount: r.result_count,
        methodVersion: r.method_version,
      })),
    }),
  );

  app.get('/releases/:name/about', async (c: Ctx) => {
    const n = name(c, 'name');
    const p = n ? await releaseProvenance(db, n) : null;
    if (!p) return c.html(notFoundPage(c.get('viewer'), 'Release not found'), 404);
    const others = (await listPublishedReleases(db)).filter((r) => r.name !== p.release.name);
    return c.html(provenancePage(c.get('viewer'), p, others));
  });
  app.get('/api/releases/:name', async (c: Ctx) => {
    const n = name(c, 'name');
    const p = n ? await releaseProvenance(db, n) : null;
    if (!p) return problem(c, 404, 'Release not found');
    return c.json(p);
  });

  const changes = async (c: Ctx) => {
    const [to, since] = [name(c, 'name'), name(c, 'since')];
    return to && since ? releaseChanges(db, since, to) : null;
  };
  app.get('/releases/:name/changes', async (c: Ctx) => {
    const found = await changes(c);
    if (!found) return c.html(notFoundPage(c.get('viewer'), 'Release not found'), 404);
    return c.html(changesPage(c.get('viewer'), found));
  });
  app.get('/api/releases/:name/changes', async (c: Ctx) => {
    const found = await changes(c);
    if (!found)
      return problem(
        c,
        404,
        'Release not found',
        'Name two published releases: /api/releases/NAME/changes?since=OTHER.',
      );
    return c.json(found);
  });
  return app;
}
