/**
 * The web application: routes, sessions, CSRF and authorisation around the page renderers.
 * Every decision about who may see or do what goes through `can()` (src/domain/policy.ts).
 * Built as a Hono app so tests drive it with `app.request()` and serve.ts puts it on a port.
 */

import { Hono } from 'hono';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from '../app/auth/rate-limit.ts';
import { type Clock, systemClock } from '../app/clock.ts';
import type { Db } from '../app/db.ts';
import type { StartupProgress } from '../app/startup-progress.ts';
import { isUseCaseError } from '../app/use-case-error.ts';
import { DEFAULT_DISCLOSURE_RULE } from '../domain/disclosure/index.ts';
import { openApiRoutes } from './api/openapi.ts';
import { apiProblems, isApiPath, problem } from './api/problem.ts';
import { loadAssets } from './assets.ts';
import { warmVisitorPagesInBackground } from './benchmarking/warm-pages.ts';
import type { HealthState } from './front-door.ts';
import { assetFiles, bodyLimits, csrfCheck, securityHeaders, sessionReader } from './middleware.ts';
import { notFoundPage, serverErrorPage } from './pages/errors.ts';
import { useCaseErrorResponse } from './refusals.ts';
import type { RouteEnv } from './request.ts';
import { agreementRoutes } from './routes/agreements/agreements.ts';
import { agreementApiRoutes } from './routes/agreements/api.ts';
import { consultationRoutes } from './routes/agreements/consultations.ts';
import { agreementDraftRoutes } from './routes/agreements/drafting.ts';
import { benchmarkingAssetRoutes } from './routes/benchmarking/assets.ts';
import { benchmarkingContext } from './routes/benchmarking/context.ts';
import { dataSharingRoutes } from './routes/benchmarking/data-sharing.ts';
import { benchmarkingPageRoutes } from './routes/benchmarking/pages.ts';
import { printPackRoutes } from './routes/benchmarking/print-pack.ts';
import { importRoutes } from './routes/browse/imports.ts';
import { organisationRoutes } from './routes/browse/organisations.ts';
import { practiceRoutes } from './routes/browse/practices.ts';
import { searchRoutes } from './routes/browse/search.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { concernRoutes } from './routes/concerns/concern.ts';
import { concernContext } from './routes/concerns/context.ts';
import { concernListRoutes } from './routes/concerns/list.ts';
import { concernStepRoutes } from './routes/concerns/steps.ts';
import { governancePageRoutes } from './routes/governance/pages.ts';
import { governanceWriteRoutes } from './routes/governance/writes.ts';
import { healthRoutes } from './routes/health.ts';
import { lineageRoutes } from './routes/lineage.ts';
import { obligationApiRoutes } from './routes/obligations/api.ts';
import { consentRoutes } from './routes/obligations/consent.ts';
import { obligationDashboardRoutes } from './routes/obligations/dashboards.ts';
import { obligationItemRoutes } from './routes/obligations/items.ts';
import { obligationMeetingRoutes } from './routes/obligations/meetings.ts';
import { publicConsultationRoutes } from './routes/obligations/public-consultations.ts';
import { notificationRoutes } from './routes/openness/notifications.ts';
import { publicReleaseRoutes } from './routes/openness/public-releases.ts';
import { releaseCheckRoutes } from './routes/openness/release-checks.ts';
import { peerReviewGroupRoutes } from './routes/peer-review-groups.ts';
import { prescribingRoutes } from './routes/prescribing.ts';
import { releaseProvenanceRoutes } from './routes/release-provenance.ts';
import { schemePageRoutes } from './routes/schemes/pages.ts';
import { schemeWriteRoutes } from './routes/schemes/writes.ts';
import { signInRoutes } from './routes/sign-in.ts';
import { startupGate } from './startup-gate.ts';

export interface WebOptions {
  db: Db;
  loginLimits?: LoginLimits;
  sessionLifetimeMs?: number;
  /** The clock every use case reads (src/app/clock.ts); default the system clock. Tests fix or move it. */
  now?: Clock;
  /** true / false, or 'auto': Secure cookies when the request arrived over https. Default 'auto'. */
  secureCookies?: boolean | 'auto';
  /** Believe X-Forwarded-For / X-Forwarded-Proto (only behind a proxy you run). Default false. */
  trustProxy?: boolean;
  /**
   * Prepare the latest published release's disclosure patterns and visitors' views in the background:
   * when the app starts and after a publication from the web (`true`), or after a publication only
   * (`'publications'`: `fairview serve`, which prepares them before it says it is ready).
   */
  warmDisclosureCache?: boolean | 'publications';
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

/**
 * The app: the middleware every request passes, in this order, then one sub-app per resource
 * (src/web/routes/), then one answer for what no route serves and one for whatever a route throws.
 * Middleware registered before `app.route()` runs for the mounted sub-app's routes too: Hono copies
 * their routes into this router after it (docs/decisions.md, "Hono sub-apps and one onError").
 */
export function createWebApp(options: WebOptions): Hono<RouteEnv> {
  const { db } = options;
  const now = options.now ?? systemClock;
  const app = new Hono<RouteEnv>();
  app.use('*', securityHeaders());
  // Under /api/, every error answer is problem details (RFC 9457), whoever gave it (api/problem.ts).
  app.use('*', apiProblems());
  app.use('*', bodyLimits());
  app.get('*', assetFiles(loadAssets()));
  app.route('/', healthRoutes({ db, startup: options.startup, health: options.health }));
  // While the first start goes on: the progress page for pages whose data is not in yet. Before the
  // session is read, which needs the database the start may be holding.
  if (options.startup) app.use('*', startupGate(options.startup));
  app.use('*', sessionReader(db, now));
  app.use('*', csrfCheck());
  mountRoutes(app, options, now);
  app.notFound((c) =>
    isApiPath(c.req.path)
      ? problem(c, 404, 'Not found', `Nothing is served at ${c.req.path}; /api/openapi.json lists the API.`)
      : c.html(notFoundPage(c.get('viewer') ?? null), 404),
  );
  // The one error handler: a use case's refusal is answered by its kind (page or problem details
  // alike, refusals.ts); anything else is our fault, logged, and a 500.
  app.onError((error, c) => {
    if (isUseCaseError(error)) return useCaseErrorResponse(c, error);
    console.error(`fairview: ${c.req.method} ${c.req.path} failed:`, error);
    return isApiPath(c.req.path)
      ? problem(c, 500, 'Server error', 'Something went wrong on our side; it has been logged.')
      : c.html(serverErrorPage(), 500);
  });
  return app;
}

/** Every resource's sub-app, in the order their routes are tried. */
function mountRoutes(app: Hono<RouteEnv>, options: WebOptions, now: Clock): void {
  const { db } = options;
  app.route('/', openApiRoutes());
  app.route('/', searchRoutes({ db }));
  app.route('/', organisationRoutes({ db, now }));
  app.route('/', practiceRoutes({ db, now }));
  app.route('/', importRoutes({ db }));
  app.route(
    '/',
    signInRoutes({
      db,
      now,
      limits: options.loginLimits ?? DEFAULT_LOGIN_LIMITS,
      sessionLifetimeMs: options.sessionLifetimeMs,
      secureCookies: options.secureCookies,
      trustProxy: options.trustProxy,
    }),
  );
  app.route('/', agreementDraftRoutes({ db, now }));
  app.route('/', agreementRoutes({ db, now }));
  app.route('/', consultationRoutes({ db, now }));
  app.route('/', agreementApiRoutes({ db, now }));
  app.route('/', governancePageRoutes({ db, now }));
  app.route('/', governanceWriteRoutes({ db, now }));
  app.route('/', catalogueRoutes({ db }));
  app.route('/', releaseProvenanceRoutes({ db }));
  app.route('/', prescribingRoutes({ db }));
  const benchmarking = benchmarkingContext({ db, now });
  app.route('/', benchmarkingAssetRoutes());
  app.route('/', printPackRoutes(benchmarking));
  app.route('/', benchmarkingPageRoutes(benchmarking));
  app.route('/', dataSharingRoutes(benchmarking));
  const concerns = concernContext({ db, now });
  app.route('/', concernListRoutes(concerns));
  app.route('/', concernRoutes(concerns));
  app.route('/', concernStepRoutes(concerns));
  const rule = DEFAULT_DISCLOSURE_RULE;
  app.route('/', publicReleaseRoutes({ db, rule }));
  app.route(
    '/',
    releaseCheckRoutes({
      db,
      now,
      rule,
      // `true` or 'publications': both warm after a publication.
      warmDisclosureCache: Boolean(options.warmDisclosureCache),
    }),
  );
  app.route('/', notificationRoutes({ db, now }));
  if (options.warmDisclosureCache === true) warmVisitorPagesInBackground(db, DEFAULT_DISCLOSURE_RULE);
  app.route('/', peerReviewGroupRoutes({ db, now }));
  app.route('/', schemePageRoutes({ db, now }));
  app.route('/', schemeWriteRoutes({ db, now }));
  app.route('/', obligationDashboardRoutes({ db, now }));
  app.route('/', obligationItemRoutes({ db, now }));
  app.route('/', obligationMeetingRoutes({ db, now }));
  app.route('/', obligationApiRoutes({ db, now }));
  app.route('/', consentRoutes({ db, now }));
  app.route('/', publicConsultationRoutes({ db, now }));
  app.route('/', lineageRoutes({ db, now }));
}
