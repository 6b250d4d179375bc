/**
 * What every benchmarking page and its JSON twin share (issue 16: one context, several sub-apps): the
 * release asked for and who may see it, disclosure control row by row, the practice a path names, the
 * answer as HTML, JSON, CSV or Excel, and the visitor cache. Published releases are open data at stable
 * addresses; a draft (?release=NAME) is shown only to those the policy lets see the practice's
 * restricted figures. A refusal is a `Refusal` carrying its response: unlike a use case's, a visitor
 * refused a page is sent to sign in with the query string kept.
 */
import type { Hono } from 'hono';
import type { DisclosureControl } from '../../../app/benchmarking/disclosure.ts';
import { findReleaseForPages, type PagesRelease } from '../../../app/benchmarking/queries.ts';
import {
  currentAncestors,
  findOrganisation,
  type OrganisationRef,
} from '../../../app/browse/organisations.ts';
import type { Clock } from '../../../app/clock.ts';
import type { Db, Organisation, Release } from '../../../app/db.ts';
import { SingleFlight } from '../../../app/single-flight.ts';
import { DEFAULT_DISCLOSURE_RULE, type DisclosureRule } from '../../../domain/disclosure/index.ts';
import { can, type PolicyTarget } from '../../../domain/policy.ts';
import { type ApiRouteDescription, describeApiRoute } from '../../api/openapi.ts';
import { problemOf } from '../../api/problem.ts';
import { viewerControl } from '../../benchmarking/viewer-control.ts';
import { KeptViews } from '../../benchmarking/viewer-views.ts';
import {
  CACHE_HEADER,
  VisitorCache,
  visitorCacheEnabled,
  visitorCacheKey,
} from '../../benchmarking/visitor-cache.ts';
import { toCsv } from '../../exports/csv.ts';
import { type DataTable, fileNameFor } from '../../exports/data-table.ts';
import { toXlsx } from '../../exports/xlsx.ts';
import { forbiddenPage, notFoundPage } from '../../pages/errors.ts';
import { ORG_CODE, type RouteContext, type RouteEnv } from '../../request.ts';
import { RELEASE_NAME } from '../openness/release-name.ts';

type Ctx = RouteContext;
export type Mode = 'page' | 'api';

/** An organisation and its current ancestors: the policy's target on its pages. */
type Place = { organisation: Organisation; ancestors: OrganisationRef[] };

/**
 * Organisations (with their ancestors) kept by `placeOf`: ~1 KB each; England has ~6,300 practices
 * and ~1,500 PCNs, sub-ICB locations, ICBs and regions.
 */
const PLACES_KEPT = 8_192;

export class Refusal {
  constructor(readonly response: Response) {}
}

export interface BenchmarkingDeps {
  db: Db;
  now: Clock;
  disclosureRule?: DisclosureRule;
  /** Signed-out visitors' responses (../../benchmarking/visitor-cache.ts); null for none. */
  visitorCache?: VisitorCache | null;
}

export type BenchmarkingContext = ReturnType<typeof benchmarkingContext>;

export const targetOf = (org: { code: string }, ancestors: OrganisationRef[]): PolicyTarget => ({
  organisationCode: org.code,
  ancestors: ancestors.map((a) => a.code),
});

const notFound = (c: Ctx, mode: Mode, what: string): Response =>
  mode === 'api' ? problemOf(c, 'not_found', what) : c.html(notFoundPage(c.get('viewer'), what), 404);

const refuse = (c: Ctx, mode: Mode, reason: string): Response => {
  const signedIn = c.get('session') !== null;
  if (mode === 'api') return problemOf(c, 'forbidden', reason);
  if (!signedIn) {
    const next = new URL(c.req.url);
    return c.redirect(`/sign-in?next=${encodeURIComponent(next.pathname + next.search)}`, 303);
  }
  return c.html(forbiddenPage(c.get('viewer'), reason), 403);
};

/** Whether to offer "Raise a concern" on a flag about the practice: the policy's raise_concern. */
const mayRaise = (c: Ctx, practice: PolicyTarget): boolean =>
  can(c.get('session')?.user ?? null, 'raise_concern', practice).allowed;

/** HTML, JSON, or the table as CSV / Excel (?format=). */
const respond = <V>(
  c: Ctx,
  mode: Mode,
  view: V,
  table: (v: V) => DataTable,
  render: (v: V) => string | Uint8Array,
): Response => {
  const format = c.req.query('format');
  if (format === 'csv' || format === 'xlsx') {
    const t = table(view);
    c.header('Content-Disposition', `attachment; filename="${fileNameFor(t.title, format)}"`);
    if (format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(t));
    }
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return c.body(toXlsx(t) as Uint8Array<ArrayBuffer>);
  }
  if (mode === 'api') return c.json(view as object);
  const page = render(view);
  // A page already encoded (indicatorPageBytes) is sent as it is.
  return typeof page === 'string'
    ? c.html(page)
    : c.body(page as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'text/html; charset=UTF-8' });
};

const handle = (handler: (c: Ctx, mode: Mode) => Promise<Response>) => ({
  page: async (c: Ctx) => {
    try {
      return await handler(c, 'page');
    } catch (e) {
      if (e instanceof Refusal) return e.response;
      throw e;
    }
  },
  api: async (c: Ctx) => {
    try {
      return await handler(c, 'api');
    } catch (e) {
      if (e instanceof Refusal) return e.response;
      throw e;
    }
  },
});

/** The visitor cache around a handler (made once per context: it holds the cache and its look-ups). */
function visitorCached(
  visitorCache: VisitorCache | null,
  requestedRelease: (c: Ctx) => Promise<PagesRelease | null>,
) {
  /**
   * A signed-out visitor's GET of a published release is answered from the visitor cache when it can
   * be (see visitor-cache.ts for why that is safe); anyone signed in, and any draft, goes straight to
   * the handler and never touches the cache.
   */
  const cached =
    (handler: (c: Ctx) => Promise<Response>, varies?: () => Promise<string>) =>
    async (c: Ctx): Promise<Response> => {
      if (!visitorCache || c.req.method !== 'GET' || c.get('session') !== null) return handler(c);
      const release = await requestedRelease(c);
      if (release?.status !== 'published') return handler(c);
      const url = new URL(c.req.url);
      const key = visitorCacheKey(release, url.pathname + url.search, varies ? await varies() : '');
      const hit = visitorCache.get(key);
      if (hit) {
        return c.body(hit.body as Uint8Array<ArrayBuffer>, hit.status as 200, {
          ...hit.headers,
          [CACHE_HEADER]: 'hit',
        });
      }
      const response = await handler(c);
      if (response.status !== 200 || c.get('session') !== null) return response;
      const headers: Record<string, string> = {};
      for (const [k, v] of response.headers) if (k !== 'set-cookie') headers[k] = v;
      const body = new Uint8Array(await response.clone().arrayBuffer());
      visitorCache.set(key, { status: response.status, headers, body });
      response.headers.set(CACHE_HEADER, 'miss');
      return response;
    };
  return cached;
}

/** A page and its JSON twin, both through `handle` and the visitor cache, described in /api/openapi.json. */
function routeThrough(cached: ReturnType<typeof visitorCached>) {
  const route = (
    app: Hono<RouteEnv>,
    path: string,
    summary: string,
    api: Pick<ApiRouteDescription, 'query' | 'responseSchema'>,
    handler: (c: Ctx, mode: Mode) => Promise<Response>,
    /** What the page shows besides the release and the address, for the visitor cache's key. */
    varies?: () => Promise<string>,
  ) => {
    const h = handle(handler);
    app.get(path, cached(h.page, varies));
    app.get(`/api${path}`, cached(h.api, varies));
    describeApiRoute({
      method: 'get',
      path: `/api${path}`,
      summary,
      tag: 'benchmarking',
      access:
        'anyone for a published release (open data); a draft release (?release=NAME) needs view_restricted_practice for the practice or area. Add ?format=csv or ?format=xlsx for the table as a file',
      ...api,
    });
  };
  return route;
}

export function benchmarkingContext(options: BenchmarkingDeps) {
  const { db } = options;
  const disclosureRule = options.disclosureRule ?? DEFAULT_DISCLOSURE_RULE;
  const visitorCache =
    options.visitorCache !== undefined
      ? options.visitorCache
      : visitorCacheEnabled()
        ? new VisitorCache()
        : null;
  /** The release each request was resolved to (`requestedRelease`). */
  const resolvedRelease = new WeakMap<Ctx, PagesRelease>();
  /**
   * Requests asking for the same release at once share one query, signed in or not
   * (../../../app/single-flight.ts: the answer is at most one query old; who may see it is decided
   * after, per request).
   */
  const releaseLookups = new SingleFlight<string, PagesRelease | null>();
  /** Organisations and their ancestors, by code and organisations version (`placeOf`). */
  const places = new KeptViews<Place>(PLACES_KEPT);
  /** Requests for the same organisation at once (the first burst after a start) climb once. */
  const placeLookups = new SingleFlight<string, Place | null>();

  /**
   * The release the request asks for (?release=NAME, else the latest published), looked up once per
   * request; null when there is none or the name is not one a release could have (releaseFor says so).
   */
  const requestedRelease = async (c: Ctx): Promise<PagesRelease | null> => {
    const known = resolvedRelease.get(c);
    if (known) return known;
    const name = c.req.query('release');
    if (name !== undefined && !RELEASE_NAME.test(name)) return null;
    const release = await releaseLookups.run(name ?? '', () => findReleaseForPages(db, name));
    if (release) resolvedRelease.set(c, release);
    return release;
  };

  /**
   * The release asked for (?release=NAME) or the latest published one. Published: open to all (the
   * policy still answers view_public). Draft: view_restricted_practice on `target`.
   */
  const releaseFor = async (c: Ctx, mode: Mode, target: PolicyTarget): Promise<PagesRelease> => {
    const name = c.req.query('release');
    // A name no release could have is not looked up (requestedRelease): not found, like any other.
    const release = await requestedRelease(c);
    if (!release) {
      throw new Refusal(notFound(c, mode, name ? 'Release not found' : 'No release has been published yet'));
    }
    const user = c.get('session')?.user ?? null;
    const decision =
      release.status === 'published'
        ? can(user, 'view_public', target)
        : can(user, 'view_restricted_practice', target);
    if (!decision.allowed) {
      // A draft's existence is not secret, but its figures are: say why without showing them.
      throw new Refusal(
        refuse(
          c,
          mode,
          release.status === 'draft'
            ? `release ${release.name} is a draft: ${decision.reason}`
            : decision.reason,
        ),
      );
    }
    if (release.status === 'draft') c.header('Cache-Control', 'no-store');
    return release;
  };

  /**
   * Disclosure control (docs/openness.md, docs/security.md), row by row: the figures of a published
   * release are public, so every row whose organisation the policy does not let this viewer see in
   * full (view_restricted_practice on that organisation: a visitor sees none, a practice manager her
   * practice, a commissioning manager her sub-ICB location and what is beneath it) is published under
   * the disclosure rule, whatever the page, the highlighted practice or the query string. In a draft,
   * such rows are withheld altogether. Only an administrator gets no control at all. Full figures are
   * never stored by a shared cache.
   */
  const controlFor = async (c: Ctx, release: Release): Promise<DisclosureControl | null> => {
    if (release.status !== 'draft') c.header('Vary', 'Cookie');
    const control = await viewerControl(db, c.get('session')?.user ?? null, release, disclosureRule);
    if ((control === null || control.open.size > 0) && release.status !== 'draft')
      c.header('Cache-Control', 'private, no-store');
    return control;
  };

  /**
   * The organisation a path or query names and its current ancestors (null when no organisation has
   * that code): the policy's target on every practice and area page. They are kept under the
   * organisations' version read with this request's release (the latest import batch: an import is the
   * only writer of organisations and their memberships, page-views.ts), so a kept copy is never older
   * than what the database holds; after an import the version, and so the key, changes. Issue 15: the
   * scorecard asked the database for them on every request (3–5 of its 5–7 queries), which held it to
   * 8–12% of the throughput of the same bytes served static; an area's indicator page and overview
   * asked the same way.
   */
  const placeOf = async (c: Ctx, code: string): Promise<Place | null> => {
    if (!ORG_CODE.test(code)) return null;
    const version = (await requestedRelease(c))?.organisationsVersion;
    const look = async (): Promise<Place | null> => {
      const organisation = await findOrganisation(db, code);
      return organisation && { organisation, ancestors: await currentAncestors(db, organisation) };
    };
    if (version === undefined) return look();
    const key = `${code.toUpperCase()}|${version}`;
    return (
      places.get(key) ??
      placeLookups.run(key, async () => {
        const place = await look();
        return place && places.keep(key, place);
      })
    );
  };

  /** The practice a path names and its current ancestors (`placeOf`); 404 for any other code. */
  const practiceFor = async (
    c: Ctx,
    mode: Mode,
  ): Promise<{ practice: Organisation; ancestors: OrganisationRef[] }> => {
    const place = await placeOf(c, c.req.param('code') ?? '');
    if (place?.organisation.kind !== 'practice') throw new Refusal(notFound(c, mode, 'Practice not found'));
    return { practice: place.organisation, ancestors: place.ancestors };
  };

  const cached = visitorCached(visitorCache, requestedRelease);
  return {
    db,
    now: options.now,
    visitorCache,
    notFound,
    refuse,
    releaseFor,
    controlFor,
    placeOf,
    practiceFor,
    mayRaise,
    respond,
    handle,
    cached,
    route: routeThrough(cached),
  };
}
