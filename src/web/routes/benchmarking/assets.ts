/** The benchmarking pages' own scripts and styles (../../benchmarking/assets.ts), revalidated by ETag. */
import { Hono } from 'hono';
import { BENCHMARKING_ASSETS } from '../../benchmarking/assets.ts';
import type { RouteEnv } from '../../request.ts';

export function benchmarkingAssetRoutes(): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();
  for (const [path, asset] of BENCHMARKING_ASSETS) {
    app.get(path, (c) => {
      c.header('Cache-Control', 'public, max-age=3600');
      c.header('ETag', asset.etag);
      if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
      c.header('Content-Type', asset.contentType);
      return c.body(asset.body);
    });
  }
  return app;
}
