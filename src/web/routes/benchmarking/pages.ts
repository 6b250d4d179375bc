/**
 * The benchmarking pages and their JSON twins (issue 16: a sub-app): practice scorecard, indicator
 * (funnel, caterpillar, table), area overview (heat map), trend (SPC) and peer group. Each page's data
 * is one view (../../benchmarking/views.ts), loaded by its own loader: rendered as HTML, returned as
 * JSON under /api/…, and exported as CSV or Excel with ?format=csv|xlsx.
 */
import { Hono } from 'hono';
import { subIcbsNamingPeers } from '../../../app/benchmarking/peers-named-read.ts';
import type { OrganisationRef } from '../../../app/browse/organisations.ts';
import type { Organisation } from '../../../app/db.ts';
import { can } from '../../../domain/policy.ts';
import { COMPARISON_LEVELS, type ComparisonLevel } from '../../benchmarking/comparison.ts';
import { loadIndicatorPage } from '../../benchmarking/load-indicator.ts';
import { loadOverview } from '../../benchmarking/load-overview.ts';
import { loadPeers } from '../../benchmarking/load-peers.ts';
import { loadScorecard } from '../../benchmarking/load-scorecard.ts';
import { loadTrend } from '../../benchmarking/load-trend.ts';
import {
  INDICATOR_SCHEMA,
  OVERVIEW_SCHEMA,
  PEERS_SCHEMA,
  QUERY,
  SCORECARD_SCHEMA,
  TREND_SCHEMA,
} from '../../benchmarking/openapi-schemas.ts';
import { ENGLAND_CODE, organisationView } from '../../benchmarking/view-parts.ts';
import { indicatorPageBytes, indicatorTable, parseTableQuery } from '../../pages/benchmarking/indicator.ts';
import { overviewPageBytes, overviewTable } from '../../pages/benchmarking/overview.ts';
import { peersPage, peersTable } from '../../pages/benchmarking/peers.ts';
import { scorecardPageBytes, scorecardTable } from '../../pages/benchmarking/scorecard.ts';
import { trendPage, trendTable } from '../../pages/benchmarking/trend.ts';
import { crumbsFor } from '../../pages/organisations.ts';
import type { RouteEnv } from '../../request.ts';
import { type BenchmarkingContext, targetOf } from './context.ts';

const INDICATOR_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const PERIOD = /^[A-Za-z0-9 _./-]{1,20}$/;
const OVERVIEW_KINDS = new Set(['pcn', 'sub_icb', 'icb']);

const isComparisonLevel = (level: string): level is ComparisonLevel =>
  (COMPARISON_LEVELS as readonly string[]).includes(level);

/** The sub-apps in the order their routes were registered before the split. */
export function benchmarkingPageRoutes(ctx: BenchmarkingContext): Hono<RouteEnv> {
  return new Hono<RouteEnv>()
    .route('/', scorecardRoutes(ctx))
    .route('/', indicatorRoutes(ctx))
    .route('/', overviewRoutes(ctx))
    .route('/', practiceSeriesRoutes(ctx));
}

/** A practice's scorecard. */
function scorecardRoutes(ctx: BenchmarkingContext): Hono<RouteEnv> {
  const { db, notFound, releaseFor, controlFor, practiceFor, mayRaise, respond } = ctx;
  const app = new Hono<RouteEnv>();

  ctx.route(
    app,
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
      if (!isComparisonLevel(compare))
        return notFound(c, mode, 'Comparison level not found (england, icb, sub_icb, pcn or peers)');
      const release = await releaseFor(c, mode, target);
      const view = await loadScorecard(db, release, practice, await controlFor(c, release), compare);
      return respond(c, mode, view, scorecardTable, (v) =>
        scorecardPageBytes(c.get('viewer'), v, crumbsFor(ancestors), {
          canRaiseConcern: mayRaise(c, target),
        }),
      );
    },
  );

  return app;
}

/** An indicator across the practices of an area. */
function indicatorRoutes(ctx: BenchmarkingContext): Hono<RouteEnv> {
  const { db, notFound, releaseFor, controlFor, placeOf, mayRaise, respond } = ctx;
  const app = new Hono<RouteEnv>();

  ctx.route(
    app,
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
        const found = await placeOf(c, areaCode);
        if (!found || found.organisation.kind === 'practice') return notFound(c, mode, 'Area not found');
        area = found.organisation;
        areaAncestors = found.ancestors;
      }
      let selected: Organisation | null = null;
      let selectedAncestors: OrganisationRef[] = [];
      if (practiceCode) {
        const found = await placeOf(c, practiceCode);
        if (found?.organisation.kind !== 'practice') return notFound(c, mode, 'Practice not found');
        selected = found.organisation;
        selectedAncestors = found.ancestors;
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
          indicatorPageBytes(c.get('viewer'), v, areas, {
            canRaiseConcern: selected !== null && mayRaise(c, targetOf(selected, selectedAncestors)),
            table: parseTableQuery((name) => c.req.query(name)),
          }),
      );
    },
  );

  return app;
}

/** An area's overview. */
function overviewRoutes(ctx: BenchmarkingContext): Hono<RouteEnv> {
  const { db, notFound, releaseFor, controlFor, placeOf, respond } = ctx;
  const app = new Hono<RouteEnv>();

  ctx.route(
    app,
    '/organisations/:code/overview',
    'An area overview (sub-ICB location, ICB or PCN): its practices × every indicator (latest period) with the headline judgment of each. Query: release',
    { query: [QUERY.release, QUERY.format], responseSchema: OVERVIEW_SCHEMA },
    async (c, mode) => {
      const found = await placeOf(c, c.req.param('code') ?? '');
      if (!found || !OVERVIEW_KINDS.has(found.organisation.kind))
        return notFound(c, mode, 'Sub-ICB location, ICB or PCN not found');
      const { organisation: area, ancestors } = found;
      const release = await releaseFor(c, mode, targetOf(area, ancestors));
      const view = await loadOverview(db, release, area, await controlFor(c, release));
      const canSetDataSharing =
        area.kind === 'sub_icb' &&
        can(c.get('session')?.user ?? null, 'set_data_sharing', targetOf(area, ancestors)).allowed;
      return respond(c, mode, view, overviewTable, (v) =>
        overviewPageBytes(c.get('viewer'), v, crumbsFor(ancestors), { canSetDataSharing }),
      );
    },
  );

  return app;
}

/** A practice over time (its trend on an indicator) and beside its peers. */
function practiceSeriesRoutes(ctx: BenchmarkingContext): Hono<RouteEnv> {
  const { db, notFound, releaseFor, controlFor, practiceFor, mayRaise, respond } = ctx;
  const app = new Hono<RouteEnv>();

  ctx.route(
    app,
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

  ctx.route(
    app,
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

  return app;
}
