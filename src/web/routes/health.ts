/**
 * /healthz, off the hot path (issue 11, finding 9): answered from memory at once; the database is
 * checked again in the background at most once a second, never with a request waiting on it (a queue
 * of 200 page queries must not make the load balancer think the process is dead).
 */
import { Hono } from 'hono';
import type { Db } from '../../app/db.ts';
import { readDatabaseReady } from '../../app/health/database-ready-read.ts';
import type { StartupProgress } from '../../app/startup-progress.ts';
import type { HealthState } from '../front-door.ts';
import type { RouteEnv } from '../request.ts';
import { startupHealth } from '../startup-gate.ts';

export function healthRoutes(deps: {
  db: Db;
  startup?: StartupProgress;
  health?: HealthState;
}): Hono<RouteEnv> {
  const { db, startup, health } = deps;
  const app = new Hono<RouteEnv>();
  let healthy: boolean | null = null;
  let checkedAt = 0;
  let checking: Promise<void> | null = null;
  const checkHealth = (): Promise<void> =>
    (checking ??= (async () => {
      try {
        await readDatabaseReady(db);
        healthy = true;
      } catch {
        healthy = false;
      } finally {
        checkedAt = performance.now();
        checking = null;
        // Starting: the front door hands /healthz to the app, which knows the start.
        health?.setDatabase(startup && !startup.isReady() ? null : healthy);
      }
    })());
  if (health) setInterval(() => void checkHealth(), 1000).unref();
  app.get('/healthz', async (c) => {
    const starting = startup ? startupHealth(c, startup) : null;
    if (starting) return starting;
    if (healthy === null) await checkHealth();
    else if (performance.now() - checkedAt > 1000) void checkHealth();
    c.header('Cache-Control', 'no-store');
    return healthy ? c.text('ok') : c.text('not ready', 503);
  });
  return app;
}
