/**
 * The web application: routes, sessions, CSRF and authorisation around the page renderers.
 * Every decision about who may see or do what goes through `can()` (src/domain/policy.ts).
 * Built as a Hono app so tests drive it with `app.request()` and serve.ts puts it on a port.
 */

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from '../app/auth/rate-limit.ts';
import { type ActiveSession, resolveSession } from '../app/auth/sessions.ts';
import { signIn, signOut } from '../app/auth/sign-in.ts';
import { warmDisclosureInBackground } from '../app/benchmarking/disclosure.ts';
import { getImportHistory } from '../app/browse/import-history.ts';
import { organisationHistory } from '../app/browse/organisation-history.ts';
import { childrenOf, currentAncestors, findOrganisation, listRegions } from '../app/browse/organisations.ts';
import { getPracticeProfile } from '../app/browse/practice-profile.ts';
import { getPracticeRecord } from '../app/browse/practice-record.ts';
import { SEARCH_LIMIT, searchPractices } from '../app/browse/search.ts';
import { type Clock, systemClock } from '../app/clock.ts';
import { addLineageLink, LINEAGE_KINDS, LineageError } from '../app/lineage-edit.ts';
import { loadPracticesAsOf } from '../app/population/practices-as-of.ts';
import type { StartupProgress } from '../app/startup-progress.ts';
import { DEFAULT_DISCLOSURE_RULE } from '../domain/disclosure/index.ts';
import { type Action, can, type PolicyTarget } from '../domain/policy.ts';
import type { Database, LineageKind } from '../store/schema.ts';
import { describeApiRoute } from './api/openapi.ts';
import { apiProblems, isApiPath, problem, problemOf } from './api/problem.ts';
import { loadAssets } from './assets.ts';
import { type HealthState, SESSION_COOKIE } from './front-door.ts';
import { CONTENT_SECURITY_POLICY, type Viewer } from './layout.ts';
import { bodyLimitFor, overlongField, safeNext } from './limits.ts';
import { navigationFor } from './navigation.ts';
import { forbiddenPage, notFoundPage, serverErrorPage } from './pages/errors.ts';
import { homePage } from './pages/home.ts';
import { importsPage } from './pages/imports.ts';
import { englandPage, organisationPage } from './pages/organisations.ts';
import { type LineageForm, practicePage } from './pages/practice.ts';
import { practiceRecordPage } from './pages/practice-record.ts';
import { searchPage } from './pages/search.ts';
import { signInPage } from './pages/sign-in.ts';
import { formString } from './request.ts';
import { registerAgreementRoutes } from './routes/agreements.ts';
import { registerBenchmarkingRoutes } from './routes/benchmarking.ts';
import { registerCatalogueRoutes } from './routes/catalogue.ts';
import { registerConcernRoutes } from './routes/concerns.ts';
import { registerConsentAndPublicRoutes, VISITOR_FORM_COOKIE } from './routes/consent-public.ts';
import { registerGovernanceRoutes } from './routes/governance.ts';
import { registerLineageRoutes } from './routes/lineage.ts';
import { registerObligationRoutes } from './routes/obligations.ts';
import { registerOpennessRoutes } from './routes/openness.ts';
import { registerPeerReviewGroupRoutes } from './routes/peer-review-groups.ts';
import { registerPrescribingRoutes } from './routes/prescribing.ts';
import { registerReleaseProvenanceRoutes } from './routes/release-provenance.ts';
import { registerSchemeRoutes } from './routes/schemes.ts';
import { startupGate, startupHealth } from './startup-gate.ts';

/** Holds the sign-in form's token: the form cannot be posted from another site (login CSRF). */
export const SIGN_IN_COOKIE = 'fairview_sign_in';

export interface WebOptions {
  db: Kysely<Database>;
  loginLimits?: LoginLimits;
  sessionLifetimeMs?: number;
  /** The clock every use case reads (src/app/clock.ts); default the system clock. Tests fix or move it. */
  now?: Clock;
  /** true / false, or 'auto': Secure cookies when the request arrived over https. Default 'auto'. */
  secureCookies?: boolean | 'auto';
  /** Believe X-Forwarded-For / X-Forwarded-Proto (only behind a proxy you run). Default false. */
  trustProxy?: boolean;
  /** Prepare the latest published release's disclosure patterns in the background (the server does). */
  warmDisclosureCache?: boolean;
  /**
   * The server's first start, while it imports and computes (src/app/startup-progress.ts): pages
   * whose data is not in yet answer with the progress page, and /healthz says `starting`.
   */
  startup?: StartupProgress;
  /**
   * The process's health shared with the front door and the health worker (src/web/front-door.ts):
   * when given, the database is checked every second in the background and the answer put there.
   */
  health?: HealthState;
}

type Env = {
  Variables: {
    session: ActiveSession | null;
    token: string | null;
    viewer: Viewer | null;
  };
};

const CODE = /^[A-Za-z0-9]{2,10}$/;

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createWebApp(options: WebOptions): Hono<Env> {
  const { db } = options;
  const now = options.now ?? systemClock;
  const limits = options.loginLimits ?? DEFAULT_LOGIN_LIMITS;
  const assets = loadAssets();
  const app = new Hono<Env>();

  const isHttps = (c: Context<Env>): boolean =>
    new URL(c.req.url).protocol === 'https:' ||
    (options.trustProxy === true && c.req.header('x-forwarded-proto') === 'https');
  const secure = (c: Context<Env>): boolean =>
    options.secureCookies === 'auto' || options.secureCookies === undefined
      ? isHttps(c)
      : options.secureCookies;
  const clientAddress = (c: Context<Env>): string => {
    if (options.trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) return forwarded;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown'; // app.request() in tests has no socket
    }
  };

  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    if (!c.res.headers.has('Cache-Control'))
      c.header('Cache-Control', c.get('session') ? 'no-store' : 'no-cache');
  });

  // Under /api/, every error answer is problem details (RFC 9457), whoever gave it (api/problem.ts).
  app.use('*', apiProblems());

  // Body limits before anything reads a body (limits.ts): a larger one only where a file is uploaded.
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return bodyLimit({
      maxSize: bodyLimitFor(c.req.path),
      onError: (c) => c.html(forbiddenPage(null, 'the form was too large to accept'), 413),
    })(c, next);
  });

  // The design system's files: in memory, revalidated by ETag.
  app.get('*', async (c, next) => {
    const asset = assets.get(c.req.path);
    if (!asset) return next();
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('ETag', asset.etag);
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
    c.header('Content-Type', asset.contentType);
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });

  // Health off the hot path (issue 11, finding 9): answered from memory at once; the database is
  // checked again in the background at most once a second, never with a request waiting on it (a
  // queue of 200 page queries must not make the load balancer think the process is dead).
  let healthy: boolean | null = null;
  let checkedAt = 0;
  let checking: Promise<void> | null = null;
  const checkHealth = (): Promise<void> =>
    (checking ??= (async () => {
      try {
        // Both tables exist only once the migrations have run.
        await db.selectFrom('organisation').select('code').limit(1).execute();
        await db.selectFrom('app_user').select('id').limit(1).execute();
        healthy = true;
      } catch {
        healthy = false;
      } finally {
        checkedAt = performance.now();
        checking = null;
        // Starting: the front door hands /healthz to the app, which knows the start.
        options.health?.setDatabase(options.startup && !options.startup.isReady() ? null : healthy);
      }
    })());
  if (options.health) setInterval(() => void checkHealth(), 1000).unref();
  app.get('/healthz', async (c) => {
    const starting = options.startup ? startupHealth(c, options.startup) : null;
    if (starting) return starting;
    if (healthy === null) await checkHealth();
    else if (performance.now() - checkedAt > 1000) void checkHealth();
    c.header('Cache-Control', 'no-store');
    return healthy ? c.text('ok') : c.text('not ready', 503);
  });

  // While the first start goes on: the progress page for pages whose data is not in yet. Before the
  // session is read, which needs the database the start may be holding.
  if (options.startup) app.use('*', startupGate(options.startup));

  // Who is asking: the session behind the cookie, if it is live.
  app.use('*', async (c, next) => {
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
            navigation: await navigationFor(db, session.user),
          }
        : null,
    );
    await next();
  });

  // Every POST carries the session's CSRF token (sign-in carries its own form token instead).
  app.use('*', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    // Signing out with no live session changes nothing: just go home.
    if (c.req.path === '/sign-out' && !c.get('session')) return c.redirect('/', 303);
    const tokenless = c.req.path !== '/sign-in' && !c.req.path.startsWith('/public/');
    const expired = () =>
      c.html(
        forbiddenPage(
          c.get('viewer'),
          'the form had expired or did not come from Fairview; go back, reload the page and try again',
        ),
        403,
      );
    // Without a session nothing but the sign-in and public forms can pass: refuse before reading the body.
    if (tokenless && !c.get('session')) return expired();
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
        ? sameToken(formString(body, 'form_token'), getCookie(c, SIGN_IN_COOKIE))
        : // A visitor answering a public consultation has no session: its page set a form cookie.
          !c.get('session') && c.req.path.startsWith('/public/')
          ? sameToken(formString(body, 'form_token'), getCookie(c, VISITOR_FORM_COOKIE))
          : sameToken(formString(body, 'csrf_token'), c.get('session')?.csrfToken);
    if (!ok) {
      return c.html(
        forbiddenPage(
          c.get('viewer'),
          'the form had expired or did not come from Fairview; go back, reload the page and try again',
        ),
        403,
      );
    }
    return next();
  });

  /** Null when allowed; otherwise the response to send (sign-in for visitors, 403 for the signed-in). */
  const deny = (c: Context<Env>, action: Action, target: PolicyTarget = {}): Response | null => {
    const session = c.get('session');
    const decision = can(session?.user ?? null, action, target);
    if (decision.allowed) return null;
    if (!session && c.req.method === 'GET') {
      return c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
    }
    return c.html(forbiddenPage(c.get('viewer'), decision.reason), 403);
  };

  // Published open data: the policy lets everyone see it, but it still answers, so that one module
  // decides every page and a change of mind there (say, sign-in for everything) takes effect here.
  for (const path of ['/', '/search', '/organisations', '/organisations/:code', '/practices/:code']) {
    app.get(path, async (c, next) => deny(c, 'view_public') ?? next());
  }

  app.get('/', (c) => c.html(homePage(c.get('viewer'), c.get('session')?.user.roles ?? [])));

  app.get('/search', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 100);
    const hits = await searchPractices(db, q);
    // A code typed exactly goes straight to its page.
    if (hits.length === 1 && hits[0]!.matchedOn === 'code')
      return c.redirect(`/practices/${hits[0]!.code}`, 303);
    return c.html(searchPage(c.get('viewer'), q, hits, SEARCH_LIMIT));
  });

  app.get('/organisations', async (c) => {
    return c.html(englandPage(c.get('viewer'), await listRegions(db)));
  });

  app.get('/organisations/:code', async (c) => {
    const code = c.req.param('code');
    const org = CODE.test(code) ? await findOrganisation(db, code) : null;
    if (!org) return c.html(notFoundPage(c.get('viewer'), 'Organisation not found'), 404);
    if (org.kind === 'practice') return c.redirect(`/practices/${org.code}`, 301);
    if (org.code !== code) return c.redirect(`/organisations/${org.code}`, 301);
    // The practices open today (or on ?date=) by the one "as of" rule: the count every page gives
    // for this organisation and date.
    const date = asOfDay(c.req.query('date'), now());
    if (date === null)
      return c.html(notFoundPage(c.get('viewer'), 'No such date: give it as YYYY-MM-DD'), 404);
    const asOf = org.kind === 'country' ? null : await loadPracticesAsOf(db, org.code, date);
    const open = asOf ? { date, practices: new Set(asOf.practices.map((p) => p.code)) } : null;
    const [ancestors, children] = [await currentAncestors(db, org), await childrenOf(db, org, open)];
    const history = await organisationHistory(db, org.code, org.kind);
    return c.html(organisationPage(c.get('viewer'), org, ancestors, children, history, asOf));
  });

  const renderPractice = async (
    c: Context<Env>,
    code: string,
    form?: LineageForm,
    status: 200 | 400 = 200,
  ) => {
    const profile = CODE.test(code) ? await getPracticeProfile(db, code) : null;
    if (!profile) return c.html(notFoundPage(c.get('viewer'), 'Practice not found'), 404);
    if (profile.practice.code !== code) return c.redirect(`/practices/${profile.practice.code}`, 301);
    const user = c.get('session')?.user ?? null;
    const target = { organisationCode: profile.practice.code, ancestors: profile.current.map((a) => a.code) };
    return c.html(
      practicePage({
        viewer: c.get('viewer'),
        profile,
        canEditLineage: can(user, 'edit_lineage', target).allowed,
        canViewRestricted: can(user, 'view_restricted_practice', target).allowed,
        lineageForm: form,
      }),
      status,
    );
  };

  app.get('/practices/:code', (c) => renderPractice(c, c.req.param('code')));

  // The JSON twins of the organisation and practice pages (issue 17): published NHS reference data.
  describeApiRoute({
    method: 'get',
    path: '/api/practices/:code',
    summary:
      'A practice: ODS details, its organisations now and over time, lineage, lists, population, QOF registers, IMD',
    tag: 'Organisations',
    access: 'anyone',
  });
  app.get('/api/practices/:code', async (c) => {
    const code = c.req.param('code').toUpperCase();
    const profile = CODE.test(code) ? await getPracticeProfile(db, code) : null;
    if (!profile) return problem(c, 404, 'Practice not found');
    return c.json(profile);
  });
  describeApiRoute({
    method: 'get',
    path: '/api/organisations/:code',
    summary:
      'A commissioner or network: its parents, the practices open today (or on ?date=YYYY-MM-DD) by the as-of rule, and those not counted',
    tag: 'Organisations',
    access: 'anyone',
  });
  app.get('/api/organisations/:code', async (c) => {
    const code = c.req.param('code').toUpperCase();
    const org = CODE.test(code) ? await findOrganisation(db, code) : null;
    if (!org || org.kind === 'practice') return problem(c, 404, 'Organisation not found');
    const date = asOfDay(c.req.query('date'), now());
    if (date === null) return problem(c, 400, 'Invalid date', 'Give the date as YYYY-MM-DD');
    const asOf = org.kind === 'country' ? null : await loadPracticesAsOf(db, org.code, date);
    return c.json({ organisation: org, parents: await currentAncestors(db, org), practicesAsOf: asOf });
  });

  // More JSON twins (issue 17): the same read functions and policy checks as the pages.
  describeApiRoute({
    method: 'get',
    path: '/api/organisations',
    summary: "England's regions with their ICBs (as /organisations)",
    tag: 'Organisations',
    access: 'anyone',
  });
  app.get('/api/organisations', async (c) => c.json({ regions: await listRegions(db) }));
  describeApiRoute({
    method: 'get',
    path: '/api/search',
    summary: 'Practices by name, code or postcode (as /search)',
    tag: 'Organisations',
    access: 'anyone',
    query: [{ name: 'q', description: 'what to look for' }],
  });
  app.get('/api/search', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 100);
    return c.json({ query: q, limit: SEARCH_LIMIT, practices: await searchPractices(db, q) });
  });
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
  describeApiRoute({
    method: 'get',
    path: '/api/practices/:code/record',
    summary: "A practice's restricted record (as /practices/CODE/record)",
    tag: 'Organisations',
    access: 'people who work with that practice (policy: view_restricted_practice)',
  });
  app.get('/api/practices/:code/record', async (c) => {
    const code = c.req.param('code').toUpperCase();
    const practice = CODE.test(code) ? await findOrganisation(db, code) : null;
    if (practice?.kind !== 'practice') return problem(c, 404, 'Practice not found');
    const ancestors = (await currentAncestors(db, practice)).map((a) => a.code);
    const decision = can(c.get('session')?.user ?? null, 'view_restricted_practice', {
      organisationCode: practice.code,
      ancestors,
    });
    if (!decision.allowed) return problemOf(c, 'forbidden', decision.reason);
    return c.json({ practice, record: await getPracticeRecord(db, practice.code) });
  });

  app.get('/practices/:code/record', async (c) => {
    const code = c.req.param('code').toUpperCase();
    const practice = CODE.test(code) ? await findOrganisation(db, code) : null;
    if (practice?.kind !== 'practice') {
      return c.html(notFoundPage(c.get('viewer'), 'Practice not found'), 404);
    }
    const ancestors = (await currentAncestors(db, practice)).map((a) => a.code);
    const denied = deny(c, 'view_restricted_practice', { organisationCode: practice.code, ancestors });
    if (denied) return denied;
    return c.html(practiceRecordPage(c.get('viewer')!, practice, await getPracticeRecord(db, practice.code)));
  });

  app.post('/practices/:code/lineage', async (c) => {
    const code = c.req.param('code').toUpperCase();
    const practice = CODE.test(code) ? await findOrganisation(db, code) : null;
    if (practice?.kind !== 'practice') {
      return c.html(notFoundPage(c.get('viewer'), 'Practice not found'), 404);
    }
    const denied = deny(c, 'edit_lineage', { organisationCode: practice.code });
    if (denied) return denied;
    const body = await c.req.parseBody();
    const values = Object.fromEntries(
      ['direction', 'other_code', 'kind', 'effective_date', 'note'].map((k) => [
        k,
        formString(body, k).trim(),
      ]),
    );
    const other = values.other_code ? values.other_code.toUpperCase() : null;
    const isPredecessor = values.direction !== 'successor';
    try {
      await addLineageLink(db, {
        predecessorCode: isPredecessor ? practice.code : (other ?? ''),
        successorCode: isPredecessor ? other : practice.code,
        kind: (LINEAGE_KINDS as readonly string[]).includes(values.kind ?? '')
          ? (values.kind as LineageKind)
          : ('' as LineageKind),
        effectiveDate: values.effective_date || null,
        note: values.note || null,
        actor: c.get('session')!.user.username,
        now: now(),
      });
    } catch (error) {
      if (!(error instanceof LineageError)) throw error;
      return renderPractice(
        c,
        practice.code,
        { values, errors: [{ field: error.field, message: error.message }] },
        400,
      );
    }
    return c.redirect(`/practices/${practice.code}`, 303);
  });

  app.get('/imports', async (c) => {
    const denied = deny(c, 'view_imports');
    if (denied) return denied;
    return c.html(importsPage(c.get('viewer')!, await getImportHistory(db)));
  });

  const showSignIn = (
    c: Context<Env>,
    username: string,
    next: string,
    error: string | null,
    status: 200 | 401 | 429,
  ) => {
    let formToken = getCookie(c, SIGN_IN_COOKIE);
    if (!formToken || !/^[A-Za-z0-9_-]{43}$/.test(formToken)) {
      formToken = randomBytes(32).toString('base64url');
      setCookie(c, SIGN_IN_COOKIE, formToken, {
        path: '/sign-in',
        httpOnly: true,
        sameSite: 'Lax',
        secure: secure(c),
        maxAge: 3600,
      });
    }
    return c.html(signInPage({ formToken, username, next, error }), status);
  };

  app.get('/sign-in', (c) => {
    const next = safeNext(c.req.query('next'));
    if (c.get('session')) return c.redirect(next, 303);
    return showSignIn(c, '', next, null, 200);
  });

  app.post('/sign-in', async (c) => {
    const body = await c.req.parseBody();
    const username = formString(body, 'username').slice(0, 100);
    const next = safeNext(formString(body, 'next'));
    const at = now();
    const result = await signIn(
      db,
      { username, password: formString(body, 'password').slice(0, 1000), address: clientAddress(c) },
      { limits, sessionLifetimeMs: options.sessionLifetimeMs, now: at },
    );
    if (!result.ok) {
      return result.reason === 'throttled'
        ? showSignIn(
            c,
            username,
            next,
            'Too many failed attempts to sign in. Wait 15 minutes, then try again.',
            429,
          )
        : showSignIn(c, username, next, 'The username or password is not right', 401);
    }
    // A fresh session on every sign-in: nothing set before sign-in survives it (session fixation).
    // Max-Age, not Expires: a lifetime relative to this response cannot disagree with the browser's
    // clock or be checked against another clock than the one the session was made by.
    setCookie(c, SESSION_COOKIE, result.session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: secure(c),
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

  registerAgreementRoutes(app, { db, now });
  registerGovernanceRoutes(app, { db, now });
  registerCatalogueRoutes(app, { db });
  registerReleaseProvenanceRoutes(app, { db });
  registerPrescribingRoutes(app, { db });
  registerBenchmarkingRoutes(app, { db, now });
  registerConcernRoutes(app, { db, now });
  registerOpennessRoutes(app, { db, now, warmDisclosureCache: options.warmDisclosureCache === true });
  if (options.warmDisclosureCache) warmDisclosureInBackground(db, DEFAULT_DISCLOSURE_RULE);
  registerPeerReviewGroupRoutes(app, { db, now });
  registerSchemeRoutes(app, { db, now });
  registerObligationRoutes(app, { db, now });
  registerConsentAndPublicRoutes(app, { db, now });
  registerLineageRoutes(app, { db, now });
  app.notFound((c) =>
    isApiPath(c.req.path)
      ? problem(c, 404, 'Not found', `Nothing is served at ${c.req.path}; /api/openapi.json lists the API.`)
      : c.html(notFoundPage(c.get('viewer') ?? null), 404),
  );
  app.onError((error, c) => {
    console.error(`fairview: ${c.req.method} ${c.req.path} failed:`, error);
    return isApiPath(c.req.path)
      ? problem(c, 500, 'Server error', 'Something went wrong on our side; it has been logged.')
      : c.html(serverErrorPage(), 500);
  });
  return app;
}

/** The calendar day (UTC) of an instant, `YYYY-MM-DD`. */
function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The day an organisation's practices are counted on: `?date=YYYY-MM-DD`, else today; null if not a day. */
function asOfDay(query: string | undefined, today: Date): string | null {
  if (query === undefined || query === '') return isoDay(today);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(query)) return null;
  const parsed = new Date(`${query}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || isoDay(parsed) !== query ? null : query;
}
