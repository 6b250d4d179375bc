/**
 * Signing in and out. The sign-in form carries its own token in a cookie (login CSRF, middleware.ts);
 * a fresh session on every sign-in; throttling and password checks are src/app/auth's.
 */
import { randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { LoginLimits } from '../../app/auth/rate-limit.ts';
import { signIn, signOut } from '../../app/auth/sign-in.ts';
import type { Clock } from '../../app/clock.ts';
import type { Db } from '../../app/db.ts';
import { readForm, text } from '../forms.ts';
import { SESSION_COOKIE } from '../front-door.ts';
import { safeNext } from '../limits.ts';
import { SIGN_IN_COOKIE } from '../middleware.ts';
import { signInPage } from '../pages/sign-in.ts';
import type { RouteContext, RouteEnv } from '../request.ts';

export interface SignInDeps {
  db: Db;
  now: Clock;
  limits: LoginLimits;
  sessionLifetimeMs?: number;
  /** true / false, or 'auto': Secure cookies when the request arrived over https. Default 'auto'. */
  secureCookies?: boolean | 'auto';
  /** Believe X-Forwarded-For / X-Forwarded-Proto (only behind a proxy you run). */
  trustProxy?: boolean;
}

/** The sign-in form: what is typed is cut to length, not refused (the old form's behaviour). */
const SIGN_IN_FORM = {
  username: text(100, { trim: false, clip: true }),
  password: text(1000, { trim: false, clip: true }),
  next: text(64_000, { trim: false }),
};

/** Whether the request came over HTTPS (behind a trusted proxy, as it says). */
const isHttps = (deps: SignInDeps, c: RouteContext): boolean =>
  new URL(c.req.url).protocol === 'https:' ||
  (deps.trustProxy === true && c.req.header('x-forwarded-proto') === 'https');
const secure = (deps: SignInDeps, c: RouteContext): boolean =>
  deps.secureCookies === 'auto' || deps.secureCookies === undefined ? isHttps(deps, c) : deps.secureCookies;

function clientAddress(deps: SignInDeps, c: RouteContext): string {
  if (deps.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

function showSignIn(
  deps: SignInDeps,
  c: RouteContext,
  username: string,
  next: string,
  error: string | null,
  status: 200 | 401 | 429,
) {
  let formToken = getCookie(c, SIGN_IN_COOKIE);
  if (!formToken || !/^[A-Za-z0-9_-]{43}$/.test(formToken)) {
    formToken = randomBytes(32).toString('base64url');
    setCookie(c, SIGN_IN_COOKIE, formToken, {
      path: '/sign-in',
      httpOnly: true,
      sameSite: 'Lax',
      secure: secure(deps, c),
      maxAge: 3600,
    });
  }
  return c.html(signInPage({ formToken, username, next, error }), status);
}

export function signInRoutes(deps: SignInDeps): Hono<RouteEnv> {
  const { db, now, limits } = deps;
  const app = new Hono<RouteEnv>();

  app.get('/sign-in', (c) => {
    const next = safeNext(c.req.query('next'));
    if (c.get('session')) return c.redirect(next, 303);
    return showSignIn(deps, c, '', next, null, 200);
  });

  app.post('/sign-in', async (c) => {
    const form = await readForm(c, SIGN_IN_FORM);
    const next = safeNext(form.next);
    const at = now();
    const result = await signIn(
      db,
      { username: form.username, password: form.password, address: clientAddress(deps, c) },
      { limits, sessionLifetimeMs: deps.sessionLifetimeMs, now: at },
    );
    if (!result.ok) {
      return result.reason === 'throttled'
        ? showSignIn(
            deps,
            c,
            form.username,
            next,
            'Too many failed attempts to sign in. Wait 15 minutes, then try again.',
            429,
          )
        : showSignIn(deps, c, form.username, next, 'The username or password is not right', 401);
    }
    // A fresh session on every sign-in: nothing set before sign-in survives it (session fixation).
    // Max-Age, not Expires: a lifetime relative to this response cannot disagree with the browser's
    // clock or be checked against another clock than the one the session was made by.
    setCookie(c, SESSION_COOKIE, result.session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: secure(deps, c),
      maxAge: Math.max(0, Math.floor((result.session.expiresAt.getTime() - at.getTime()) / 1000)),
    });
    deleteCookie(c, SIGN_IN_COOKIE, { path: '/sign-in' });
    return c.redirect(next, 303);
  });

  app.post('/sign-out', async (c) => {
    const token = c.get('token');
    if (token) await signOut(db, token, now());
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/', 303);
  });
  return app;
}
