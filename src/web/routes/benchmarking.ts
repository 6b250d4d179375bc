/**
 * The benchmarking pages and their JSON API: practice scorecard, indicator (funnel, caterpillar,
 * table), area overview (heat map), trend (SPC) and peer group. Each page's data is one view
 * (../benchmarking/views.ts): rendered as HTML, returned as JSON under /api/…, and exported as CSV or
 * Excel with ?format=csv|xlsx. Published releases are open data at these stable addresses; a draft
 * release (named with ?release=) is shown only to people the policy lets see the practice's
 * restricted figures (view_restricted_practice for the practice or area concerned).
 */

import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { ActiveSession } from '../../app/auth/sessions.ts';
import type { DisclosureControl } from '../../app/benchmarking/disclosure.ts';
import {
  type DataSharingSettingTable,
  peersNamedIn,
  setPeersNamed,
} from '../../app/benchmarking/page-queries.ts';
import { findReleaseForPages } from '../../app/benchmarking/queries.ts';
import { currentAncestors, findOrganisation, type OrganisationRef } from '../../app/browse/organisations.ts';
import type { Clock } from '../../app/clock.ts';
import { SingleFlight } from '../../app/single-flight.ts';
import { DEFAULT_DISCLOSURE_RULE, type DisclosureRule } from '../../domain/disclosure/index.ts';
import { can, type PolicyTarget } from '../../domain/policy.ts';
import type { Database, Organisation, Release } from '../../store/schema.ts';
import { type ApiRouteDescription, describeApiRoute } from '../api/openapi.ts';
import { problemOf } from '../api/problem.ts';
import { BENCHMARKING_ASSETS } from '../benchmarking/assets.ts';
import { COMPARISON_LEVELS, type ComparisonLevel } from '../benchmarking/comparison.ts';
import {
  ENGLAND_CODE,
  loadIndicatorPage,
  loadOverview,
  loadPeers,
  loadScorecard,
  loadTrend,
  organisationView,
} from '../benchmarking/load.ts';
import {
  INDICATOR_SCHEMA,
  OVERVIEW_SCHEMA,
  PEERS_SCHEMA,
  QUERY,
  SCORECARD_SCHEMA,
  TREND_SCHEMA,
} from '../benchmarking/openapi-schemas.ts';
import { viewerControl } from '../benchmarking/viewer-control.ts';
import {
  CACHE_HEADER,
  VisitorCache,
  visitorCacheEnabled,
  visitorCacheKey,
} from '../benchmarking/visitor-cache.ts';
import { toCsv } from '../exports/csv.ts';
import { type DataTable, fileNameFor } from '../exports/data-table.ts';
import { toXlsx } from '../exports/xlsx.ts';
import type { Viewer } from '../layout.ts';
import { dataSharingPage } from '../pages/benchmarking/data-sharing.ts';
import { indicatorPage, indicatorTable, parseTableQuery } from '../pages/benchmarking/indicator.ts';
import { overviewPage, overviewTable } from '../pages/benchmarking/overview.ts';
import { peersPage, peersTable } from '../pages/benchmarking/peers.ts';
import { flaggedRows, type PrintPackFlag, printPackHtml } from '../pages/benchmarking/print-pack.ts';
import { scorecardPage, scorecardTable } from '../pages/benchmarking/scorecard.ts';
import { trendPage, trendTable } from '../pages/benchmarking/trend.ts';
import { forbiddenPage, notFoundPage, unavailablePage } from '../pages/errors.ts';
import { crumbsFor } from '../pages/organisations.ts';
import { htmlToPdf, PdfUnavailable } from '../print/pdf.ts';

/** The variables app.ts sets on every request (the same shape as its own Env). */
type BenchmarkingEnv = {
  Variables: {
    session: ActiveSession | null;
    token: string | null;
    viewer: Viewer | null;
  };
};
type Ctx = Context<BenchmarkingEnv>;

const CODE = /^[A-Za-z0-9]{2,10}$/;
const INDICATOR_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const RELEASE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const PERIOD = /^[A-Za-z0-9 _./-]{1,20}$/;
const OVERVIEW_KINDS = new Set(['pcn', 'sub_icb', 'icb']);

type Mode = 'page' | 'api';

/** The sub-ICB locations that show peers by name, in code order (a table of at most ~106 rows). */
async function subIcbsNamingPeers(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .withTables<{ data_sharing_setting: DataSharingSettingTable }>()
    .selectFrom('data_sharing_setting')
    .select('sub_icb_code')
    .where('peers_named', '=', true)
    .orderBy('sub_icb_code')
    .execute();
  return rows.map((r) => r.sub_icb_code);
}

class Refusal {
  constructor(readonly response: Response) {}
}

export function registerBenchmarkingRoutes(
  app: Hono<BenchmarkingEnv>,
  options: {
    db: Kysely<Database>;
    now: Clock;
    disclosureRule?: DisclosureRule;
    /** Signed-out visitors' responses (../benchmarking/visitor-cache.ts); null for none. */
    visitorCache?: VisitorCache | null;
  },
): void {
  const { db } = options;
  const disclosureRule = options.disclosureRule ?? DEFAULT_DISCLOSURE_RULE;
  const visitorCache =
    options.visitorCache !== undefined
      ? options.visitorCache
      : visitorCacheEnabled()
        ? new VisitorCache()
        : null;
  /** The published release a visitor's request was resolved to before its cache look-up. */
  const resolvedRelease = new WeakMap<Ctx, Release>();
  /** Visitors asking for the same release at once share one query (../../app/single-flight.ts). */
  const releaseLookups = new SingleFlight<string, Release | null>();

  for (const [path, asset] of BENCHMARKING_ASSETS) {
    app.get(path, (c) => {
      c.header('Cache-Control', 'public, max-age=3600');
      c.header('ETag', asset.etag);
      if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
      c.header('Content-Type', asset.contentType);
      return c.body(asset.body);
    });
  }

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

  /**
   * The release asked for (?release=NAME) or the latest published one. Published: open to all (the
   * policy still answers view_public). Draft: view_restricted_practice on `target`.
   */
  const releaseFor = async (c: Ctx, mode: Mode, target: PolicyTarget): Promise<Release> => {
    const name = c.req.query('release');
    if (name !== undefined && !RELEASE_NAME.test(name))
      throw new Refusal(notFound(c, mode, 'Release not found'));
    const release = resolvedRelease.get(c) ?? (await findReleaseForPages(db, name));
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

  const practiceFor = async (
    c: Ctx,
    mode: Mode,
  ): Promise<{ practice: Organisation; ancestors: OrganisationRef[] }> => {
    const code = c.req.param('code') ?? '';
    const practice = CODE.test(code) ? await findOrganisation(db, code) : null;
    if (practice?.kind !== 'practice') throw new Refusal(notFound(c, mode, 'Practice not found'));
    return { practice, ancestors: await currentAncestors(db, practice) };
  };

  const targetOf = (org: { code: string }, ancestors: OrganisationRef[]): PolicyTarget => ({
    organisationCode: org.code,
    ancestors: ancestors.map((a) => a.code),
  });

  /** Whether to offer "Raise a concern" on a flag about the practice: the policy's raise_concern. */
  const mayRaise = (c: Ctx, practice: PolicyTarget): boolean =>
    can(c.get('session')?.user ?? null, 'raise_concern', practice).allowed;

  /** HTML, JSON, or the table as CSV / Excel (?format=). */
  const respond = <V>(
    c: Ctx,
    mode: Mode,
    view: V,
    table: (v: V) => DataTable,
    render: (v: V) => string,
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
    return mode === 'api' ? c.json(view as object) : c.html(render(view));
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

  /**
   * A signed-out visitor's GET of a published release is answered from the visitor cache when it can
   * be (see visitor-cache.ts for why that is safe); anyone signed in, and any draft, goes straight to
   * the handler and never touches the cache.
   */
  const cached =
    (handler: (c: Ctx) => Promise<Response>, varies?: () => Promise<string>) =>
    async (c: Ctx): Promise<Response> => {
      if (!visitorCache || c.req.method !== 'GET' || c.get('session') !== null) return handler(c);
      const name = c.req.query('release');
      if (name !== undefined && !RELEASE_NAME.test(name)) return handler(c);
      const release = await releaseLookups.run(name ?? '', () => findReleaseForPages(db, name));
      if (release?.status !== 'published') return handler(c);
      resolvedRelease.set(c, release);
      const url = new URL(c.req.url);
      const key = visitorCacheKey(release.id, url.pathname + url.search, varies ? await varies() : '');
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

  const route = (
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

  route(
    '/practices/:code/scorecard',
    'A practice scorecard: every indicator in its latest period with value, 95% and 99.8% limits, count, denominator, England range, quintile, the headline judgment (`flag`: the verdict, the comparison that made it, z-score and expected count; `comparison` is the same verdict), the crude comparison with England as context, the case-mix adjusted funnel as detail, decile, the benchmark at the chosen comparison level (`compare`: England, ICB, sub-ICB location, PCN or peer group, with the crude comparison with it as context), trend and why it is flagged. Query: release, compare',
    {
      query: [QUERY.release, QUERY.compare, QUERY.format],
      responseSchema: SCORECARD_SCHEMA,
    },
    async (c, mode) => {
      const { practice, ancestors } = await practiceFor(c, mode);
      if (practice.code !== c.req.param('code'))
        return c.redirect(new URL(c.req.url).pathname.replace(c.req.param('code')!, practice.code), 301);
      const target = targetOf(practice, ancestors);
      const compare = c.req.query('compare') ?? 'england';
      if (!(COMPARISON_LEVELS as readonly string[]).includes(compare))
        return notFound(c, mode, 'Comparison level not found (england, icb, sub_icb, pcn or peers)');
      const release = await releaseFor(c, mode, target);
      const view = await loadScorecard(
        db,
        release,
        practice,
        await controlFor(c, release),
        compare as ComparisonLevel,
      );
      return respond(c, mode, view, scorecardTable, (v) =>
        scorecardPage(c.get('viewer'), v, crumbsFor(ancestors), { canRaiseConcern: mayRaise(c, target) }),
      );
    },
  );

  /**
   * The print pack (a PDF of a few pages, ?format=html for the same document as HTML): the scorecard
   * at the chosen level, and each flagged indicator's why-sentence, funnel and SPC chart, loaded by
   * the same loaders as those pages with the same release and disclosure checks. Chromium renders it
   * (src/web/print/pdf.ts); without Chromium the answer is 503. No API twin: its data is the
   * scorecard's, the indicator pages' and the trends' under /api/.
   */
  app.get(
    '/practices/:code/print-pack',
    cached(
      handle(async (c) => {
        const { practice, ancestors } = await practiceFor(c, 'page');
        const compare = c.req.query('compare') ?? 'england';
        if (!(COMPARISON_LEVELS as readonly string[]).includes(compare))
          return notFound(c, 'page', 'Comparison level not found (england, icb, sub_icb, pcn or peers)');
        const release = await releaseFor(c, 'page', targetOf(practice, ancestors));
        const control = await controlFor(c, release);
        const view = await loadScorecard(db, release, practice, control, compare as ComparisonLevel);
        const flags: PrintPackFlag[] = [];
        for (const row of flaggedRows(view)) {
          flags.push({
            row,
            indicator: await loadIndicatorPage(
              db,
              release,
              row.indicator.code,
              'england',
              row.period,
              practice,
              control,
            ),
            trend: await loadTrend(db, release, practice, row.indicator.code, control),
          });
        }
        const document = printPackHtml(view, flags, options.now().toISOString());
        if (c.req.query('format') === 'html') return c.html(document);
        try {
          const pdf = await htmlToPdf(document, { landscape: true });
          c.header('Content-Type', 'application/pdf');
          c.header(
            'Content-Disposition',
            `attachment; filename="print-pack-${practice.code}-${release.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.pdf"`,
          );
          return c.body(pdf as Uint8Array<ArrayBuffer>);
        } catch (e) {
          if (!(e instanceof PdfUnavailable)) throw e;
          c.header('Retry-After', '3600');
          return c.html(
            unavailablePage(
              c.get('viewer'),
              'The print pack is not available',
              `This server cannot make PDFs: ${e.message}. Print the scorecard from your browser instead (it has a print layout).`,
            ),
            503,
          );
        }
      }).page,
    ),
  );

  route(
    '/indicators/:code',
    "An indicator's results for every practice in an area (England by default): the headline judgment of each practice (`flag`) with its calibration (flags against what chance alone would give, the spread of the z-scores, τ²), the headline z-scores, crude and case-mix adjusted funnels (with limits from chance alone and allowing for over-dispersion), practices ranked with 95% intervals. Query: area (ODS code), period, practice (to highlight), release",
    {
      query: [QUERY.release, QUERY.area, QUERY.period, QUERY.practice, QUERY.format],
      responseSchema: INDICATOR_SCHEMA,
    },
    async (c, mode) => {
      const code = c.req.param('code') ?? '';
      if (!INDICATOR_CODE.test(code)) return notFound(c, mode, 'Indicator not found');
      const areaCode = c.req.query('area');
      const practiceCode = c.req.query('practice');
      const period = c.req.query('period');
      if (period !== undefined && !PERIOD.test(period)) return notFound(c, mode, 'Period not found');
      let area: Organisation | 'england' = 'england';
      let areaAncestors: OrganisationRef[] = [];
      if (areaCode && areaCode !== ENGLAND_CODE) {
        const found = CODE.test(areaCode) ? await findOrganisation(db, areaCode) : null;
        if (!found || found.kind === 'practice') return notFound(c, mode, 'Area not found');
        area = found;
        areaAncestors = await currentAncestors(db, found);
      }
      let selected: Organisation | null = null;
      let selectedAncestors: OrganisationRef[] = [];
      if (practiceCode) {
        selected = CODE.test(practiceCode) ? await findOrganisation(db, practiceCode) : null;
        if (selected?.kind !== 'practice') return notFound(c, mode, 'Practice not found');
        selectedAncestors = await currentAncestors(db, selected);
      }
      const target =
        area === 'england'
          ? selected
            ? targetOf(selected, selectedAncestors)
            : { organisationCode: ENGLAND_CODE }
          : targetOf(area, areaAncestors);
      const release = await releaseFor(c, mode, target);
      const view = await loadIndicatorPage(
        db,
        release,
        code,
        area,
        period,
        selected,
        await controlFor(c, release),
      );
      if (!view) return notFound(c, mode, 'Indicator or period not found in this release');
      const areas = selectedAncestors.map((a) => organisationView(a)).filter((a) => a.kind !== 'region');
      return respond(
        c,
        mode,
        view,
        (v) => indicatorTable(v),
        (v) =>
          indicatorPage(c.get('viewer'), v, areas, {
            canRaiseConcern: selected !== null && mayRaise(c, targetOf(selected, selectedAncestors)),
            table: parseTableQuery((name) => c.req.query(name)),
          }),
      );
    },
  );

  route(
    '/organisations/:code/overview',
    'An area overview (sub-ICB location, ICB or PCN): its practices × every indicator (latest period) with the headline judgment of each. Query: release',
    { query: [QUERY.release, QUERY.format], responseSchema: OVERVIEW_SCHEMA },
    async (c, mode) => {
      const code = c.req.param('code') ?? '';
      const area = CODE.test(code) ? await findOrganisation(db, code) : null;
      if (!area || !OVERVIEW_KINDS.has(area.kind))
        return notFound(c, mode, 'Sub-ICB location, ICB or PCN not found');
      const ancestors = await currentAncestors(db, area);
      const release = await releaseFor(c, mode, targetOf(area, ancestors));
      const view = await loadOverview(db, release, area, await controlFor(c, release));
      const canSetDataSharing =
        area.kind === 'sub_icb' &&
        can(c.get('session')?.user ?? null, 'set_data_sharing', targetOf(area, ancestors)).allowed;
      return respond(c, mode, view, overviewTable, (v) =>
        overviewPage(c.get('viewer'), v, crumbsFor(ancestors), { canSetDataSharing }),
      );
    },
  );

  route(
    '/practices/:code/trend/:indicator',
    "A practice's series for one indicator: SPC (XmR) chart points with mean and process limits (exactly as NHSRplotthedots), Making Data Count variation and assurance, the headline SPC signal (deseasonalised against England, about the last 3 points), and each period's value with its limits and comparison with England. Query: release",
    { query: [QUERY.release, QUERY.format], responseSchema: TREND_SCHEMA },
    async (c, mode) => {
      const { practice, ancestors } = await practiceFor(c, mode);
      const indicator = c.req.param('indicator') ?? '';
      if (!INDICATOR_CODE.test(indicator)) return notFound(c, mode, 'Indicator not found');
      const release = await releaseFor(c, mode, targetOf(practice, ancestors));
      const view = await loadTrend(db, release, practice, indicator, await controlFor(c, release));
      if (!view) return notFound(c, mode, 'No results for this practice and indicator in this release');
      return respond(c, mode, view, trendTable, (v) =>
        trendPage(c.get('viewer'), v, crumbsFor(ancestors), {
          canRaiseConcern: mayRaise(c, targetOf(practice, ancestors)),
        }),
      );
    },
  );

  route(
    '/practices/:code/peers',
    "A practice beside its peer group on every indicator, with the explanation of why the peers are alike. Peers are named to the sub-ICB location's own commissioners; to others, named or pseudonymised (Peer 1 … N) as the location's data-sharing setting and shared peer review groups say. Query: release",
    { query: [QUERY.release, QUERY.format], responseSchema: PEERS_SCHEMA },
    async (c, mode) => {
      const { practice, ancestors } = await practiceFor(c, mode);
      const release = await releaseFor(c, mode, targetOf(practice, ancestors));
      const subIcb = ancestors.find((a) => a.kind === 'sub_icb')?.code ?? null;
      // Peer review groups (src/domain/openness): the viewer's own practices decide who is named.
      const ownPractices = (c.get('session')?.user.roles ?? [])
        .filter((r) => r.role === 'practice_manager' || r.role === 'practice_partner')
        .flatMap((r) => (r.organisationCode ? [r.organisationCode] : []));
      // The sub-ICB location's own commissioners see every peer by name (policy: view_peer_names).
      const entitled =
        subIcb !== null &&
        can(c.get('session')?.user ?? null, 'view_peer_names', {
          organisationCode: subIcb,
          ancestors: ancestors.filter((a) => a.kind === 'icb' || a.kind === 'region').map((a) => a.code),
        }).allowed;
      const control = await controlFor(c, release);
      const view = await loadPeers(db, release, practice, subIcb, ownPractices, control, entitled);
      return respond(c, mode, view, peersTable, (v) => peersPage(c.get('viewer'), v, crumbsFor(ancestors)));
    },
    // Peers are named where the sub-ICB location agreed (data-sharing setting, changed by the form
    // below or by the use case from anywhere): the key holds every location that names them.
    async () => (await subIcbsNamingPeers(db)).join(','),
  );

  /**
   * A sub-ICB location's data-sharing setting (peers by name or pseudonymised): a form for the people
   * the policy lets set_data_sharing there. The CSRF check in app.ts runs before the POST gets here.
   */
  const subIcbFor = async (
    c: Ctx,
    mode: Mode = 'page',
  ): Promise<{ area: Organisation; ancestors: OrganisationRef[] }> => {
    const code = c.req.param('code') ?? '';
    const area = CODE.test(code) ? await findOrganisation(db, code) : null;
    if (area?.kind !== 'sub_icb') throw new Refusal(notFound(c, mode, 'Sub-ICB location not found'));
    const ancestors = await currentAncestors(db, area);
    const decision = can(c.get('session')?.user ?? null, 'set_data_sharing', targetOf(area, ancestors));
    if (!decision.allowed) throw new Refusal(refuse(c, mode, decision.reason));
    return { area, ancestors };
  };

  // The setting's JSON twin (issue 17, point 2): the same checks, what the page's form shows.
  describeApiRoute({
    method: 'get',
    path: '/api/organisations/:code/data-sharing',
    summary:
      "A sub-ICB location's data-sharing setting: whether its practices' peers are shown by name (true) or pseudonymised",
    tag: 'benchmarking',
    access: "the location's commissioning managers (policy: set_data_sharing)",
  });
  app.get(
    '/api/organisations/:code/data-sharing',
    handle(async (c) => {
      const { area, ancestors } = await subIcbFor(c, 'api');
      c.header('Cache-Control', 'no-store');
      return c.json({ area, ancestors, named: await peersNamedIn(db, area.code) });
    }).api,
  );

  app.get(
    '/organisations/:code/data-sharing',
    handle(async (c) => {
      const { area, ancestors } = await subIcbFor(c);
      c.header('Cache-Control', 'no-store');
      return c.html(
        dataSharingPage(c.get('viewer'), {
          area,
          named: await peersNamedIn(db, area.code),
          crumbs: crumbsFor(ancestors),
          saved: c.req.query('saved') === '1',
        }),
      );
    }).page,
  );

  app.post(
    '/organisations/:code/data-sharing',
    handle(async (c) => {
      const { area, ancestors } = await subIcbFor(c);
      const body = await c.req.parseBody();
      const choice = typeof body.peers === 'string' ? body.peers : '';
      if (choice !== 'named' && choice !== 'pseudonymised') {
        return c.html(
          dataSharingPage(c.get('viewer'), {
            area,
            named: await peersNamedIn(db, area.code),
            crumbs: crumbsFor(ancestors),
            error: 'Choose whether peers are shown by name or pseudonymised',
          }),
          400,
        );
      }
      await setPeersNamed(db, {
        subIcbCode: area.code,
        named: choice === 'named',
        actor: c.get('session')!.user.username,
        now: options.now(),
      });
      // Peer pages name or pseudonymise peers by this setting: cached visitor pages may be stale now.
      visitorCache?.clear();
      return c.redirect(`/organisations/${area.code}/data-sharing?saved=1`, 303);
    }).page,
  );
}
