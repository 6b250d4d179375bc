/**
 * Builds each page's view (views.ts) from the release's stored rows (src/app/benchmarking), a file per
 * page: load-scorecard.ts, load-indicator.ts, load-overview.ts, load-trend.ts, load-peers.ts, and the
 * pieces they share in view-parts.ts. No statistics here beyond redrawing funnel limits for the chosen
 * area (the app's funnel functions); everything else was computed by `recompute`.
 *
 * Every loader's `control`: publish under disclosure control every row whose organisation the viewer
 * may not see in full (src/web/benchmarking/disclose.ts); null only for a viewer who may see all of
 * them.
 *
 * The routes import the loaders from here, so moving a loader between files does not touch them.
 */
export { loadIndicatorPage } from './load-indicator.ts';
export { loadOverview } from './load-overview.ts';
export { loadPeers } from './load-peers.ts';
export { loadScorecard } from './load-scorecard.ts';
export { loadTrend } from './load-trend.ts';
export { ENGLAND_CODE, organisationView } from './view-parts.ts';
