/** The import history (every imported file with its refused rows) and its JSON twin (issue 17). */
import { Hono } from 'hono';
import { getImportHistory } from '../../../app/browse/import-history.ts';
import type { Db } from '../../../app/db.ts';
import { can } from '../../../domain/policy.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { problemOf } from '../../api/problem.ts';
import { importsPage } from '../../pages/imports.ts';
import { deny } from '../../refusals.ts';
import type { RouteEnv } from '../../request.ts';

export function importRoutes(deps: { db: Db }): Hono<RouteEnv> {
  const { db } = deps;
  const app = new Hono<RouteEnv>();
  describeApiRoute({
    method: 'get',
    path: '/api/imports',
    summary: 'Every imported file with its refused rows, and the rejected files (as /imports)',
    tag: 'Organisations',
    access: 'commissioning analysts and managers, and the area team (policy: view_imports)',
  });
  app.get('/api/imports', async (c) => {
    const decision = can(c.get('session')?.user ?? null, 'view_imports');
    if (!decision.allowed) return problemOf(c, 'forbidden', decision.reason);
    return c.json(await getImportHistory(db));
  });

  app.get('/imports', async (c) => {
    const denied = deny(c, 'view_imports');
    if (denied) return denied;
    return c.html(importsPage(c.get('viewer')!, await getImportHistory(db)));
  });
  return app;
}
