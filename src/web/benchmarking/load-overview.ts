/** An area's overview: the heat map of its practices' latest verdicts on every indicator. */
import type { DisclosureControl } from '../../app/benchmarking/disclosure.ts';
import { organisationNames } from '../../app/benchmarking/page-queries.ts';
import { type AreaRef, areaMatrix, type PagesRelease } from '../../app/benchmarking/queries.ts';
import type { Db, Organisation, Release } from '../../app/db.ts';
import { SingleFlight } from '../../app/single-flight.ts';
import type { HeadlineView } from './comparison.ts';
import { derived, practiceCounts, publishedResult } from './disclose.ts';
import {
  disclosureView,
  headlineView,
  indicatorView,
  organisationView,
  patternsFor,
  releaseView,
  verdictOf,
} from './view-parts.ts';
import { KeptViews, viewerViewKey } from './viewer-views.ts';
import type { OverviewView } from './views.ts';

/**
 * The shape of the overview views kept in memory: change it whenever OverviewView or the way this file
 * makes it changes (a view made by older code is then made again).
 */
const OVERVIEW_VIEW_SHAPE = 'overview-view 1';

/**
 * The overviews made for the last 32 viewers' controls (viewer-views.ts), as the scorecard keeps its
 * own: a sub-ICB location's overview (its practices × every indicator, their disclosure applied cell
 * by cell) took ~70 ms of the main thread a request, so a commissioner's next click, or 32 connections
 * asking for it, was held to ~14 pages a second on PostgreSQL.
 */
const kept = new KeptViews<OverviewView>(32);

/** Requests for the same overview at once share its one making. */
const making = new SingleFlight<string, OverviewView>();

/** How many overview requests were given a kept view (tests). */
export function overviewViewsServed(): number {
  return kept.served;
}

export async function loadOverview(
  db: Db,
  release: PagesRelease,
  area: Organisation,
  control: DisclosureControl | null = null,
): Promise<OverviewView> {
  const key = viewerViewKey(release, control, ['overview', area.code, OVERVIEW_VIEW_SHAPE]);
  if (key === null) return makeOverview(db, release, area, control);
  return (
    kept.get(key) ??
    making.run(key, async () => kept.keep(key, await makeOverview(db, release, area, control)))
  );
}

/** The overview made from the release's rows for this viewer (no kept view read or written). */
export async function makeOverview(
  db: Db,
  release: Release,
  area: Organisation,
  control: DisclosureControl | null = null,
): Promise<OverviewView> {
  const matrix = await areaMatrix(db, release, { kind: area.kind as AreaRef['kind'], code: area.code });
  const names = await organisationNames(db, matrix.practices);
  const pattern = await patternsFor(
    db,
    release,
    control,
    matrix.indicators.map((i) => ({ indicatorId: i.id, period: i.period })),
  );
  return {
    release: releaseView(release),
    disclosure: disclosureView(control),
    area: organisationView(area),
    indicators: matrix.indicators.map((i) => ({ ...indicatorView(i), period: i.period })),
    asOfDate: matrix.asOf?.date ?? null,
    practices: matrix.practices.map((code) => ({
      code,
      name: names.get(code) ?? code,
      cells: matrix.indicators.map((i) => {
        const r = matrix.cells.get(code)?.get(i.code);
        const c = r
          ? practiceCounts(pattern ? pattern(i.id, i.period) : null, code, r.numerator, r.denominator)
          : null;
        const flag: HeadlineView = r
          ? headlineView(r, i, c)
          : {
              key: 'not_compared',
              level: null,
              text: 'No value',
              flag: null,
              basis: null,
              z: null,
              expected: null,
              ratio: null,
            };
        return {
          indicatorCode: i.code,
          value: r && c ? derived(c, publishedResult(r, c, i).value) : null,
          suppressed: c !== null && !c.derivedShown,
          comparison: verdictOf(flag),
          flag,
        };
      }),
    })),
  };
}
