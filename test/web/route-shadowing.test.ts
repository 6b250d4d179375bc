// Hono answers with the first handler registered whose pattern matches, so a page registered after a
// route with a parameter in its place (GET /agreements/:id before GET /agreements/new) would never be
// reached. The sub-apps (issue 16) are mounted in an order that avoids this; this test keeps it so for
// every route of the real app, and checks on a made-up list that the check itself finds a shadowed one.
// Wildcard routes (`*`) are middleware that pass on what they do not answer, so they shadow nothing.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createWebApp } from '../../src/web/app.ts';

interface Route {
  method: string;
  path: string;
}

function segments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** Whether Hono's `pattern` (`:name`, `:name{regex}`) matches the static `path`. */
function matches(pattern: string, path: string): boolean {
  const want = segments(pattern);
  const have = segments(path);
  if (want.length !== have.length) return false;
  return want.every((part, i) => {
    if (!part.startsWith(':')) return part === have[i];
    const constraint = /\{(.+)\}$/.exec(part);
    return constraint === null || new RegExp(`^(?:${constraint[1]})$`).test(have[i]!);
  });
}

/** Each static route that an earlier, different, non-wildcard route of its method would answer first. */
function shadowed(routes: readonly Route[]): string[] {
  const found: string[] = [];
  routes.forEach((route, j) => {
    if (route.path.includes(':') || route.path.includes('*')) return;
    for (const earlier of routes.slice(0, j)) {
      if (earlier.method !== route.method && earlier.method !== 'ALL') continue;
      if (earlier.path === route.path || earlier.path.includes('*')) continue;
      if (matches(earlier.path, route.path))
        found.push(`${route.method} ${route.path} is answered first by ${earlier.method} ${earlier.path}`);
    }
  });
  return found;
}

it('finds a static page registered after a parameter route that answers it', () => {
  assert.deepEqual(
    shadowed([
      { method: 'GET', path: '/agreements/:id' },
      { method: 'GET', path: '/agreements/new' },
      { method: 'POST', path: '/agreements/new' },
      { method: 'GET', path: '/reports/:year{[0-9]+}' },
      { method: 'GET', path: '/reports/latest' },
    ]),
    ['GET /agreements/new is answered first by GET /agreements/:id'],
  );
});

it('reaches every static route of the app: none is registered after a parameter route that answers it', () => {
  // Building the app touches no database: only the routes are read here.
  const app = createWebApp({ db: null as never });
  assert.ok(app.routes.length > 200, `the app's routes (${app.routes.length})`);
  assert.deepEqual(shadowed(app.routes), []);
});
