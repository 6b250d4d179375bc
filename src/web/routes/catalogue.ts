/**
 * The indicator catalogue (issue 17): `/indicators` and `/indicators/:code/versions`, and their JSON
 * twins under `/api/`. Definitions are open data, so every route is public. The rules are in
 * src/app/indicators/catalogue-view.ts; these routes only translate HTTP.
 */
import { Hono } from 'hono';
import type { Db } from '../../app/db.ts';
import { type CatalogueFilter, readCatalogue } from '../../app/indicators/catalogue-view.ts';
import { describeApiRoute } from '../api/openapi.ts';
import { problem } from '../api/problem.ts';
import { notFoundPage } from '../pages/errors.ts';
import { cataloguePage, versionsPage } from '../pages/indicators/catalogue.ts';
import type { RouteContext, RouteEnv } from '../request.ts';

type Ctx = RouteContext;

/** A query parameter as a short string, or undefined when absent or empty. */
function param(c: Ctx, name: string): string | undefined {
  const value = c.req.query(name)?.trim().slice(0, 100);
  return value ? value : undefined;
}

function filterOf(c: Ctx): CatalogueFilter {
  return {
    q: param(c, 'q'),
    domain: param(c, 'domain'),
    type: param(c, 'type'),
    polarity: param(c, 'polarity'),
  };
}

export function catalogueRoutes(deps: { db: Db }): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();
  const { db } = deps;
  const filterQuery = [
    { name: 'q', description: 'Code or name contains (case-insensitive)' },
    { name: 'domain', description: 'Exact domain' },
    { name: 'type', description: 'proportion, rate, dsr, isr, mean or count' },
    { name: 'polarity', description: 'higher_is_better, lower_is_better or no_judgement' },
  ];
  describeApiRoute({
    method: 'get',
    path: '/api/indicators',
    summary: 'The indicator catalogue: definitions, versions and the published releases using each',
    tag: 'Indicators',
    access: 'anyone',
    query: filterQuery,
  });
  describeApiRoute({
    method: 'get',
    path: '/api/indicators/:code/versions',
    summary: "An indicator's versions, what each changed and the published releases that used it",
    tag: 'Indicators',
    access: 'anyone',
  });

  app.get('/indicators', async (c: Ctx) => {
    const filter = filterOf(c);
    return c.html(cataloguePage(c.get('viewer'), await readCatalogue(db, filter), filter));
  });
  app.get('/api/indicators', async (c: Ctx) => {
    const catalogue = await readCatalogue(db, filterOf(c));
    return c.json({ indicators: catalogue.entries });
  });

  const entryOf = async (c: Ctx) => {
    const code = c.req.param('code') ?? '';
    return (await readCatalogue(db)).entries.find((e) => e.code === code) ?? null;
  };
  app.get('/indicators/:code/versions', async (c: Ctx) => {
    const entry = await entryOf(c);
    if (!entry) return c.html(notFoundPage(c.get('viewer'), 'Indicator not found'), 404);
    return c.html(versionsPage(c.get('viewer'), entry));
  });
  app.get('/api/indicators/:code/versions', async (c: Ctx) => {
    const entry = await entryOf(c);
    if (!entry)
      return problem(c, 404, 'Indicator not found', `No indicator has the code ${c.req.param('code')}.`);
    return c.json(entry);
  });
  return app;
}
