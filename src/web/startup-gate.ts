/**
 * Serving while the first start goes on (issue 15). `areaOf` says which data a path shows; the gate
 * serves a page whose area is in and answers the others with the progress page (503 + Retry-After,
 * or JSON for the API). Pages served meanwhile carry a line saying the start goes on.
 *
 * On PGlite the one database session is held by each step's transaction (a file's import, a release),
 * so even a page whose data is in may have to wait; the gate waits a moment and otherwise answers
 * with the progress page saying so, rather than leave the visitor looking at a blank tab.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { StartupArea, StartupProgress } from '../app/startup-progress.ts';
import type { Viewer } from './layout.ts';
import { startingBanner, startingJson, startingPage } from './pages/starting.ts';

/** How long a served page may wait for the database during the start before the progress page. */
export const BUSY_WAIT_MS = 2500;

const STATIC = /^\/(assets|nhsuk)\/|\.(css|mjs|js|ico|svg|png|json)$/;
const BENCHMARKING =
  /^\/(practices\/[^/]+\/(scorecard|trend|peers)|indicators|organisations\/[^/]+\/(overview|data-sharing)|releases)(\/|$)/;
const ORGANISATIONS =
  /^\/(search|organisations|imports|sign-in|sign-out|organisations\/[^/]+|practices\/[^/]+(\/record|\/lineage)?)$/;

/** The data a path shows (the API's paths as their pages'). */
export function areaOf(path: string): StartupArea {
  if (path === '/' || path === '/healthz' || (STATIC.test(path) && !path.startsWith('/api/')))
    return 'always';
  const p = path.startsWith('/api/') ? path.slice(4) : path;
  if (BENCHMARKING.test(p)) return 'benchmarking';
  if (ORGANISATIONS.test(p)) return 'organisations';
  return 'everything';
}

/** The answer to a request whose data is not in yet (or not reachable now). */
export function startingResponse(
  c: Context,
  startup: StartupProgress,
  viewer: Viewer | null,
  area: StartupArea,
  busy = false,
): Response {
  const snapshot = startup.snapshot();
  const serves = (a: StartupArea) => startup.serves(a);
  c.header('Retry-After', '5');
  c.header('Cache-Control', 'no-store');
  if (c.req.path.startsWith('/api/')) return c.json(startingJson(snapshot, serves), 503);
  return c.html(
    startingPage({ viewer, snapshot, serves, requested: { path: c.req.path, area }, busy }),
    snapshot.state === 'failed' ? 500 : 503,
  );
}

/** /healthz while starting (and after): text `starting`/`ok`, or JSON when asked for. */
export function startupHealth(c: Context, startup: StartupProgress): Response | null {
  if (startup.isReady()) {
    if (!(c.req.header('accept') ?? '').includes('application/json')) return null; // the usual check
    return c.json(startingJson(startup.snapshot(), (a) => startup.serves(a)));
  }
  const snapshot = startup.snapshot();
  c.header('Cache-Control', 'no-store');
  if ((c.req.header('accept') ?? '').includes('application/json'))
    return c.json(
      startingJson(snapshot, (a) => startup.serves(a)),
      503,
    );
  return c.text(snapshot.state === 'failed' ? 'failed' : 'starting', 503);
}

/**
 * The gate, for the app once the store is open. It runs before the session is read (that needs the
 * database the start may be holding), so the progress page is shown as to a visitor.
 */
export function startupGate(startup: StartupProgress): MiddlewareHandler {
  return async (c, next) => {
    if (startup.isReady()) return next();
    const area = areaOf(c.req.path);
    if (area === 'always' && c.req.path !== '/') return next();
    if (c.req.path === '/' && c.req.method === 'GET') return startingResponse(c, startup, null, 'everything');
    if (!startup.serves(area)) return startingResponse(c, startup, null, area);
    // The data is in: serve it, unless the database stays busy with the step.
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'busy'>((resolve) => {
      timer = setTimeout(() => resolve('busy'), BUSY_WAIT_MS);
    });
    const served = next().then(
      () => 'served' as const,
      () => 'served' as const,
    );
    const outcome = await Promise.race([served, waited]);
    clearTimeout(timer);
    if (outcome === 'busy') return startingResponse(c, startup, null, area, true);
    const type = c.res.headers.get('content-type') ?? '';
    if (type.startsWith('text/html') && c.res.status === 200) {
      const body = await c.res.text();
      const marker = '<main class="nhsuk-main-wrapper" id="maincontent">';
      const at = body.indexOf(marker);
      const headers = new Headers(c.res.headers);
      headers.delete('content-length');
      c.res = undefined; // else Hono copies the old headers (its length) onto the new response
      c.res = new Response(
        at < 0
          ? body
          : body.slice(0, at + marker.length) +
              startingBanner(startup.snapshot()) +
              body.slice(at + marker.length),
        { status: c.res.status, headers },
      );
    }
  };
}
