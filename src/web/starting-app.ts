/**
 * The web app of a server whose store is not open yet (the first seconds of `fairview serve`): the
 * design system's files, /healthz saying `starting`, and the progress page for every other path.
 * serve.ts swaps it for the full app (src/web/app.ts) as soon as the store is open.
 */
import { Hono } from 'hono';
import type { StartupProgress } from '../app/startup-progress.ts';
import { loadAssets } from './assets.ts';
import { CONTENT_SECURITY_POLICY } from './layout.ts';
import { areaOf, startingResponse, startupHealth } from './startup-gate.ts';

export function createStartingApp(startup: StartupProgress): Hono {
  const assets = loadAssets();
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
  });
  app.get('*', async (c, next) => {
    const asset = assets.get(c.req.path);
    if (!asset) return next();
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('ETag', asset.etag);
    c.header('Content-Type', asset.contentType);
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });
  app.get('/healthz', (c) => startupHealth(c, startup) ?? c.text('starting', 503));
  app.all('*', (c) => startingResponse(c, startup, null, areaOf(c.req.path)));
  return app;
}
