/**
 * The middleware every request passes, in the order app.ts registers it (issue 16: each a small
 * factory, as Hono's own are): security headers, the body limits, the design system's files, who is
 * asking (session and viewer), and the CSRF check on every POST. Registered on the parent app before
 * any sub-app is mounted, so it runs for every route of every sub-app (Hono copies a mounted
 * sub-app's routes into the parent's router after whatever was registered before).
 */
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie } from 'hono/cookie';
import { resolveSession } from '../app/auth/sessions.ts';
import type { Clock } from '../app/clock.ts';
import type { Db } from '../app/db.ts';
import { can } from '../domain/policy.ts';
import type { loadAssets } from './assets.ts';
import { SESSION_COOKIE } from './front-door.ts';
import { CONTENT_SECURITY_POLICY } from './layout.ts';
import { bodyLimitFor, overlongField } from './limits.ts';
import { navigationOf } from './navigation.ts';
import { forbiddenPage } from './pages/errors.ts';
import type { RouteEnv } from './request.ts';

/** Holds the sign-in form's token: the form cannot be posted from another site (login CSRF). */
export const SIGN_IN_COOKIE = 'fairview_sign_in';
/** Holds a visitor's form token on a public consultation's page (routes/consent-public.ts sets it). */
export const VISITOR_FORM_COOKIE = 'fairview_form';

type Middleware = MiddlewareHandler<RouteEnv>;

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A token field: '' when it is absent, a file or sent more than once (then it is no token of ours). */
function field(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  return typeof v === 'string' ? v : '';
}

export function securityHeaders(): Middleware {
  return async (c, next) => {
    await next();
    // Set on the response's own headers: Hono's c.header() on a finished response makes it again from
    // its body, which turns @hono/node-server's string answer into a stream (undici checks and encodes
    // the whole page, ~1.3 ms for a 220 KB page, then pipes it) instead of writing the string at once.
    // A response whose headers may not change (Response.redirect's) takes the slower way.
    const set = (name: string, value: string) => {
      try {
        c.res.headers.set(name, value);
      } catch {
        c.header(name, value);
      }
    };
    set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    set('X-Content-Type-Options', 'nosniff');
    set('Referrer-Policy', 'same-origin');
    set('X-Frame-Options', 'DENY');
    if (!c.res.headers.has('Cache-Control')) set('Cache-Control', c.get('session') ? 'no-store' : 'no-cache');
  };
}

/** Body limits before anything reads a body (limits.ts): a larger one only where a file is uploaded. */
export function bodyLimits(): Middleware {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return bodyLimit({
      maxSize: bodyLimitFor(c.req.path),
      onError: (c) => c.html(forbiddenPage(null, 'the form was too large to accept'), 413),
    })(c, next);
  };
}

/** The design system's files: in memory, revalidated by ETag. */
export function assetFiles(assets: ReturnType<typeof loadAssets>): Middleware {
  return async (c, next) => {
    const asset = assets.get(c.req.path);
    if (!asset) return next();
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('ETag', asset.etag);
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
    c.header('Content-Type', asset.contentType);
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  };
}

/** Who is asking: the session behind the cookie, if it is live, and the viewer the pages draw for. */
export function sessionReader(db: Db, now: Clock): Middleware {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE) ?? null;
    const session = token ? await resolveSession(db, token, now()) : null;
    if (token && !session) deleteCookie(c, SESSION_COOKIE, { path: '/' });
    c.set('token', session ? token : null);
    c.set('session', session);
    c.set(
      'viewer',
      session
        ? {
            username: session.user.username,
            displayName: session.user.displayName,
            csrfToken: session.csrfToken,
            canViewImports: can(session.user, 'view_imports').allowed,
            navigation: navigationOf(session.user, session.unreadNotifications),
          }
        : null,
    );
    await next();
  };
}

const EXPIRED = 'the form had expired or did not come from Fairview; go back, reload the page and try again';

/** Every POST carries the session's CSRF token (sign-in and a visitor's public form carry their own). */
export function csrfCheck(): Middleware {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    // Signing out with no live session changes nothing: just go home.
    if (c.req.path === '/sign-out' && !c.get('session')) return c.redirect('/', 303);
    const tokenless = c.req.path !== '/sign-in' && !c.req.path.startsWith('/public/');
    // Without a session nothing but the sign-in and public forms can pass: refuse before reading the body.
    if (tokenless && !c.get('session')) return c.html(forbiddenPage(c.get('viewer'), EXPIRED), 403);
    let body: Record<string, unknown>;
    try {
      body = await c.req.parseBody({ all: true });
    } catch (error) {
      // A body over the limit (read in chunks), or one that is not the form it says it is: 4xx.
      const tooLarge = error instanceof Error && error.name === 'BodyLimitError';
      return c.html(
        forbiddenPage(
          c.get('viewer'),
          tooLarge ? 'the form was too large to accept' : 'the form could not be read',
        ),
        tooLarge ? 413 : 400,
      );
    }
    const overlong = overlongField(body);
    if (overlong)
      return c.html(forbiddenPage(c.get('viewer'), `the field "${overlong}" is too long to accept`), 400);
    const ok =
      c.req.path === '/sign-in'
        ? sameToken(field(body, 'form_token'), getCookie(c, SIGN_IN_COOKIE))
        : // A visitor answering a public consultation has no session: its page set a form cookie.
          !c.get('session') && c.req.path.startsWith('/public/')
          ? sameToken(field(body, 'form_token'), getCookie(c, VISITOR_FORM_COOKIE))
          : sameToken(field(body, 'csrf_token'), c.get('session')?.csrfToken);
    if (!ok) return c.html(forbiddenPage(c.get('viewer'), EXPIRED), 403);
    return next();
  };
}
