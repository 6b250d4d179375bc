/**
 * Obligations dashboards (issue 18): a commissioner's and a practice's, and the demo's outbox for
 * administrators. The rules are in src/app/obligations; a refusal goes to app.onError.
 */
import { Hono } from 'hono';
import {
  obligationsHome,
  outboxFor,
  outboxMessageFor,
  practiceObligations,
} from '../../../app/obligations/pages.ts';
import { commissionerDashboardPage, practiceObligationsPage } from '../../pages/obligations/dashboard.ts';
import { outboxMessagePage, outboxPage } from '../../pages/obligations/outbox.ts';
import { signInFirst } from '../../refusals.ts';
import type { RouteContext, RouteEnv } from '../../request.ts';
import type { ObligationRouteOptions } from './options.ts';

export function obligationDashboardRoutes(options: ObligationRouteOptions): Hono<RouteEnv> {
  const { db, now } = options;
  const app = new Hono<RouteEnv>();
  const userOf = (c: RouteContext) => c.get('session')?.user ?? null;

  app.get('/obligations', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const home = await obligationsHome(db, user, c.req.query('org') ?? '', now());
    if (home.kind === 'practice') return c.redirect(`/obligations/practices/${home.practiceCode}`, 303);
    return c.html(
      commissionerDashboardPage(c.get('viewer')!, home.dashboard, home.commissioners, home.canReadOutbox),
    );
  });

  app.get('/obligations/practices/:code', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const items = await practiceObligations(db, user, c.req.param('code'), now());
    return c.html(practiceObligationsPage(c.get('viewer')!, items));
  });

  app.get('/admin/outbox', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const { folder, messages } = await outboxFor(user);
    return c.html(outboxPage(c.get('viewer')!, folder, messages));
  });

  app.get('/admin/outbox/:name', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    return c.html(outboxMessagePage(c.get('viewer')!, await outboxMessageFor(user, c.req.param('name'))));
  });

  return app;
}
