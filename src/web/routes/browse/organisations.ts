/**
 * England, its regions, commissioners and networks (`/organisations`, `/organisations/:code`) and
 * their JSON twins (issue 17): published NHS reference data, open to everyone.
 */
import { Hono } from 'hono';
import { organisationHistory } from '../../../app/browse/organisation-history.ts';
import {
  childrenOf,
  currentAncestors,
  findOrganisation,
  listRegions,
} from '../../../app/browse/organisations.ts';
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import { loadPracticesAsOf } from '../../../app/population/practices-as-of.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { problem } from '../../api/problem.ts';
import { notFoundPage } from '../../pages/errors.ts';
import { englandPage, organisationPage } from '../../pages/organisations.ts';
import { deny } from '../../refusals.ts';
import { ORG_CODE, type RouteEnv } from '../../request.ts';

/** The calendar day (UTC) of an instant, `YYYY-MM-DD`. */
function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The day an organisation's practices are counted on: `?date=YYYY-MM-DD`, else today; null if not a day. */
function asOfDay(query: string | undefined, today: Date): string | null {
  if (query === undefined || query === '') return isoDay(today);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(query)) return null;
  const parsed = new Date(`${query}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || isoDay(parsed) !== query ? null : query;
}

export function organisationRoutes(deps: { db: Db; now: Clock }): Hono<RouteEnv> {
  const { db, now } = deps;
  const app = new Hono<RouteEnv>();
  // Open data, but the policy still answers (see browse/search.ts).
  for (const path of ['/organisations', '/organisations/:code'])
    app.get(path, async (c, next) => deny(c, 'view_public') ?? next());

  app.get('/organisations', async (c) => c.html(englandPage(c.get('viewer'), await listRegions(db))));

  app.get('/organisations/:code', async (c) => {
    const code = c.req.param('code');
    const org = ORG_CODE.test(code) ? await findOrganisation(db, code) : null;
    if (!org) return c.html(notFoundPage(c.get('viewer'), 'Organisation not found'), 404);
    if (org.kind === 'practice') return c.redirect(`/practices/${org.code}`, 301);
    if (org.code !== code) return c.redirect(`/organisations/${org.code}`, 301);
    // The practices open today (or on ?date=) by the one "as of" rule: the count every page gives
    // for this organisation and date.
    const date = asOfDay(c.req.query('date'), now());
    if (date === null)
      return c.html(notFoundPage(c.get('viewer'), 'No such date: give it as YYYY-MM-DD'), 404);
    const asOf = org.kind === 'country' ? null : await loadPracticesAsOf(db, org.code, date);
    const open = asOf ? { date, practices: new Set(asOf.practices.map((p) => p.code)) } : null;
    const [ancestors, children] = [await currentAncestors(db, org), await childrenOf(db, org, open)];
    const history = await organisationHistory(db, org.code, org.kind);
    return c.html(organisationPage(c.get('viewer'), org, ancestors, children, history, asOf));
  });

  describeApiRoute({
    method: 'get',
    path: '/api/organisations/:code',
    summary:
      'A commissioner or network: its parents, the practices open today (or on ?date=YYYY-MM-DD) by the as-of rule, and those not counted',
    tag: 'Organisations',
    access: 'anyone',
  });
  app.get('/api/organisations/:code', async (c) => {
    const code = c.req.param('code').toUpperCase();
    const org = ORG_CODE.test(code) ? await findOrganisation(db, code) : null;
    if (!org || org.kind === 'practice') return problem(c, 404, 'Organisation not found');
    const date = asOfDay(c.req.query('date'), now());
    if (date === null) return problem(c, 400, 'Invalid date', 'Give the date as YYYY-MM-DD');
    const asOf = org.kind === 'country' ? null : await loadPracticesAsOf(db, org.code, date);
    return c.json({ organisation: org, parents: await currentAncestors(db, org), practicesAsOf: asOf });
  });

  describeApiRoute({
    method: 'get',
    path: '/api/organisations',
    summary: "England's regions with their ICBs (as /organisations)",
    tag: 'Organisations',
    access: 'anyone',
  });
  app.get('/api/organisations', async (c) => c.json({ regions: await listRegions(db) }));
  return app;
}
