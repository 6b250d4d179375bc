/** The signed-in person's notifications (issue 6): the page, marking them read, and the JSON twin. */
import { Hono } from 'hono';
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import { markNotificationsRead, notificationsFor } from '../../../app/notifications/notify.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { problem } from '../../api/problem.ts';
import { notificationsPage } from '../../pages/openness/notifications.ts';
import { signInFirst } from '../../refusals.ts';
import type { RouteEnv } from '../../request.ts';

export function notificationRoutes(deps: { db: Db; now: Clock }): Hono<RouteEnv> {
  const { db, now } = deps;
  const app = new Hono<RouteEnv>();
  describeApiRoute({
    method: 'get',
    path: '/api/notifications',
    summary: "The signed-in person's notifications, newest first (as /notifications)",
    tag: 'Openness',
    access: 'anyone signed in (their own only)',
  });
  app.get('/api/notifications', async (c) => {
    const session = c.get('session');
    if (!session) return problem(c, 401, 'Sign in required');
    return c.json({ notifications: await notificationsFor(db, session.user.id) });
  });

  app.get('/notifications', async (c) => {
    const session = c.get('session');
    if (!session) return signInFirst(c);
    return c.html(notificationsPage(c.get('viewer')!, await notificationsFor(db, session.user.id)));
  });

  app.post('/notifications/read', async (c) => {
    const session = c.get('session');
    if (!session) return signInFirst(c);
    await markNotificationsRead(db, session.user.id, now());
    return c.redirect('/notifications', 303);
  });
  return app;
}
