/**
 * An indicator page: an area's practices ranked, with the crude, adjusted and headline funnels.
 *
 * A visitor's view of a published release (disclosure control opening no organisation: the same for
 * everyone) is made once and kept in the database (src/app/benchmarking/page-views.ts, issue 15), so
 * a cold request reads it back instead of reading every practice's result, applying the disclosure
 * pattern to each and fitting the funnels again. Anyone whose control opens an organisation (a
 * practice manager, a commissioner) gets that view with her own practices opened (opened-view.ts); an
 * administrator and any draft get the view made for them from the rows. Either is kept a while in this
 * process's memory for the same control, when the release is published (`viewerPage`).
 *
 * A visitors' view is kept without the organisations' names and named when it is read, from the names
 * as they are now (practice-names.ts): an import, which may rename a practice, leaves it kept.
 */
import { promisify } from 'node:util';
import { gunzip, gunzipSync, gzip, gzipSync } from 'node:zlib';
import type { DisclosureControl } from '../../app/benchmarking/disclosure.ts';
import { casemixDescription } from '../../app/benchmarking/page-queries.ts';
import { keepPageView, keptPages, readPageView } from '../../app/benchmarking/page-views.ts';
import {
  type AreaRef,
  indicatorAreaResults,
  judgmentFits,
  type PagesRelease,
} from '../../app/benchmarking/queries.ts';
import type { Db, JudgmentFit, Organisation, Release, Result } from '../../app/db.ts';
import { SingleFlight } from '../../app/single-flight.ts';
import { ruleKey } from '../../domain/disclosure/index.ts';
import { isFlagged } from '../../domain/judgment/index.ts';
import { practiceCounts, publishedResult } from './disclose.ts';
import {
  drawnFunnels,
  headlineFunnel,
  headlinePoint,
  practiceRow,
  rankedPractices,
} from './indicator-rows.ts';
import { openedView } from './opened-view.ts';
import { packJson, unpackJson } from './packed-json.ts';
import { practiceNamesFor } from './practice-names.ts';
import {
  disclosureView,
  ENGLAND_CODE,
  englandRange,
  indicatorView,
  organisationView,
  patternsFor,
  publishedValue,
  releaseView,
} from './view-parts.ts';
import { KeptViews, viewerViewKey } from './viewer-views.ts';
import type { CalibrationFit, CalibrationView, IndicatorPageView } from './views.ts';

/**
 * The shape of the kept views: change it whenever IndicatorPageView, the way this file makes it or the
 * way it is kept (packed-json.ts, names left out) changes, so views kept by an older Fairview are made
 * again instead of being shown. It is all a visitors' view depends on beyond its release and page
 * (page-views.ts's `dependsOn`): the names, the one thing an import changes, are applied when it is read.
 */
export const INDICATOR_VIEW_SHAPE = 'indicator-view 4 packed, named when read';

/** Visitors asking for the same page of a release at once share the one making of its view. */
const making = new SingleFlight<string, IndicatorPageView | null>();

/**
 * The key of the visitor's view of this page, or null when the view is not a visitor's (a draft, or a
 * control that opens an organisation, or none at all: an administrator sees every figure).
 */
export function visitorPageKey(
  release: Pick<Release, 'status'>,
  control: DisclosureControl | null,
  indicatorCode: string,
  area: Pick<Organisation, 'code'> | 'england',
  period: string | undefined,
): string | null {
  if (release.status !== 'published' || !control || control.open.size > 0 || control.withhold) return null;
  return `indicator|${indicatorCode}|${area === 'england' ? ENGLAND_CODE : area.code}|${period ?? ''}|${ruleKey(control.rule)}`;
}

export async function loadIndicatorPage(
  db: Db,
  release: PagesRelease,
  indicatorCode: string,
  area: Organisation | 'england',
  period: string | undefined,
  selected: Organisation | null,
  control: DisclosureControl | null = null,
): Promise<IndicatorPageView | null> {
  const page = visitorPageKey(release, control, indicatorCode, area, period);
  if (page === null) return viewerPage(db, release, indicatorCode, area, period, selected, control);
  const view = await visitorView(db, release, indicatorCode, area, period, control!, page);
  // The view is the same for every visitor but for the practice highlighted, which the address names.
  return view && { ...view, selected: selected ? organisationView(selected) : null };
}

/** The visitors' view of the page keyed `page`, read back when kept, else made and kept. */
async function visitorView(
  db: Db,
  release: PagesRelease,
  indicatorCode: string,
  area: Organisation | 'england',
  period: string | undefined,
  control: DisclosureControl,
  page: string,
): Promise<IndicatorPageView | null> {
  return (
    (await readKeptVisitorView(db, release, page, area)) ??
    makeAndKeep(db, release, indicatorCode, area, period, control, page)
  );
}

/**
 * The visitors' view of the page keyed `page` as kept in the database, named from the organisations as
 * they are now, or null when none is kept. The names are read beside the view (once per organisations'
 * version: practice-names.ts).
 */
async function readKeptVisitorView(
  db: Db,
  release: PagesRelease,
  page: string,
  area: Organisation | 'england',
): Promise<IndicatorPageView | null> {
  const names = practiceNamesFor(db, release);
  names.catch(() => {}); // awaited below; a failure before then must not go unhandled
  const kept = await readPageView(db, release, page, INDICATOR_VIEW_SHAPE);
  return kept ? named(unpackJson(await unzip(kept)) as IndicatorPageView, await names, area) : null;
}

/** The view as kept: without the organisations' names, which an import may change. */
function unnamed(view: IndicatorPageView): IndicatorPageView {
  return {
    ...view,
    area: { ...view.area, name: '' },
    practices: view.practices.map((p) => ({ ...p, name: '' })),
  };
}

/**
 * A kept view, just unpacked (so its own objects), named as makeIndicatorPage names a view it makes: each
 * practice by its name (its code if it has none), the area as the request found it.
 */
function named(
  view: IndicatorPageView,
  names: ReadonlyMap<string, string>,
  area: Organisation | 'england',
): IndicatorPageView {
  for (const p of view.practices) p.name = names.get(p.code) ?? p.code;
  view.area = areaView(area);
  return view;
}

function areaView(area: Organisation | 'england'): IndicatorPageView['area'] {
  return area === 'england'
    ? { code: ENGLAND_CODE, name: 'England', kind: 'country' }
    : organisationView(area);
}

/**
 * The view for a viewer whose control opens organisations: made from the visitors' view (opened-view.ts)
 * when it can be, else from the release's rows.
 */
async function madeForViewer(
  db: Db,
  release: PagesRelease,
  indicatorCode: string,
  area: Organisation | 'england',
  period: string | undefined,
  control: DisclosureControl | null,
): Promise<IndicatorPageView | null> {
  const visitors: DisclosureControl | null = control && { rule: control.rule, open: NOTHING_OPEN };
  const page =
    visitors && !control?.withhold && visitorPageKey(release, visitors, indicatorCode, area, period);
  if (page) {
    const visitor = await visitorView(db, release, indicatorCode, area, period, visitors, page);
    const opened = visitor && (await openedView(db, release, visitor, control!));
    if (opened) return opened;
  }
  return makeIndicatorPage(db, release, indicatorCode, area, period, null, control);
}

const NOTHING_OPEN: ReadonlySet<string> = new Set();

/**
 * The visitors' England-wide view of an indicator if it is kept, else null: nothing is made or kept
 * (the server's rehearsal before it says it is ready, first-viewer-rehearsal.ts).
 */
export async function keptVisitorView(
  db: Db,
  release: PagesRelease,
  indicatorCode: string,
  rule: DisclosureControl['rule'],
): Promise<IndicatorPageView | null> {
  const page = visitorPageKey(
    release,
    { rule, open: NOTHING_OPEN, withhold: false },
    indicatorCode,
    'england',
    undefined,
  );
  return page ? readKeptVisitorView(db, release, page, 'england') : null;
}

/**
 * Visitors' views made and being kept (packed, compressed and stored: ~0.1 s for England), by making
 * key: the request that made one is answered without waiting for its keeping, and a request for the same
 * page meanwhile is given it rather than making it again.
 */
const beingKept = new Map<string, { view: IndicatorPageView; kept: Promise<void> }>();

/** Waits until every visitor's view made so far is stored (tests, which read the stored rows next). */
export async function visitorViewsStored(): Promise<void> {
  await Promise.all([...beingKept.values()].map((b) => b.kept));
}

/**
 * A visitor's view made and kept (visitors asking at once share the one making). A request is answered
 * once the view is made; `untilKept` waits for it to be stored too (keeping every page ahead of visitors:
 * the caller may close the store next).
 */
async function makeAndKeep(
  db: Db,
  release: PagesRelease,
  indicatorCode: string,
  area: Organisation | 'england',
  period: string | undefined,
  control: DisclosureControl | null,
  page: string,
  untilKept = false,
): Promise<IndicatorPageView | null> {
  const key = `${release.id} ${page}`;
  const view =
    beingKept.get(key)?.view ??
    (await making.run(key, async () => {
      const made = await makeIndicatorPage(db, release, indicatorCode, area, period, null, control);
      if (made) {
        const kept = keepView(db, release, page, made).finally(() => beingKept.delete(key));
        beingKept.set(key, { view: made, kept });
      }
      return made;
    }));
  if (untilKept) await beingKept.get(key)?.kept;
  return view;
}

/**
 * The views of the last few viewers who are not visitors (their control opens an organisation, or
 * they are administrators), compressed, in this process's memory: a practice manager paging or
 * sorting the table of a published release gets the view made for her first request, not a new one
 * per click. A view is kept under viewerViewKey (viewer-views.ts): everything it was made from, so it
 * is only ever given to a viewer for whom makeIndicatorPage would make the very same view. The last two
 * are kept as objects (viewerObjects); a view is compressed into this map once it is no longer one of
 * them.
 */
const viewerViews = new Map<string, Uint8Array>();
const VIEWER_VIEWS = 16;
let viewerViewHits = 0;

/**
 * The last two of those views also kept as objects (viewer-views.ts), so that a viewer paging or
 * sorting her table is not answered by unzipping and unpacking England's 6,000 practices again (~30 ms
 * a request), and her page's charts and table pages are drawn once for the view (drawn-once.ts). A view
 * pushed out of the two is compressed into viewerViews, after the response on its way (~0.2 s for
 * England's 6,000 practices: done then, not on each view's first request, where it held up her next
 * click).
 */
const viewerObjects = new KeptViews<IndicatorPageView>(2, (key, view) => {
  if (!viewerViews.has(key)) setTimeout(() => keepViewerView(key, view), 0).unref();
});

/** How many viewers' requests were answered from a view kept in memory (tests). */
export function viewerViewsServed(): number {
  return viewerViewHits;
}

async function viewerPage(
  db: Db,
  release: PagesRelease,
  indicatorCode: string,
  area: Organisation | 'england',
  period: string | undefined,
  selected: Organisation | null,
  control: DisclosureControl | null,
): Promise<IndicatorPageView | null> {
  const key = viewerViewKey(release, control, [
    indicatorCode,
    area === 'england' ? ENGLAND_CODE : area.code,
    period ?? '',
    INDICATOR_VIEW_SHAPE,
  ]);
  if (key === null) return makeIndicatorPage(db, release, indicatorCode, area, period, selected, control);
  const object = viewerObjects.get(key);
  const zipped = object ? undefined : viewerViews.get(key);
  let view: IndicatorPageView | null;
  if (object || zipped) {
    viewerViewHits++;
    if (zipped) {
      viewerViews.delete(key);
      viewerViews.set(key, zipped);
    }
    view = object ?? viewerObjects.keep(key, unpackJson(gunzipSync(zipped!)) as IndicatorPageView);
  } else {
    view = await making.run(key, () => madeForViewer(db, release, indicatorCode, area, period, control));
    if (view) viewerObjects.keep(key, view);
  }
  return view && { ...view, selected: selected ? organisationView(selected) : null };
}

/**
 * Packed on this thread (~70–90 ms for England's 6,000 practices, after her response) and compressed on
 * libuv's threads (zlib's callback form): compressing it here took ~60 ms more, in the way of the next
 * requests.
 */
function keepViewerView(key: string, view: IndicatorPageView): void {
  gzip(packJson(view), { level: 1 }, (error, zipped) => {
    // Not kept: her next request for it makes it again.
    if (error) return;
    viewerViews.set(key, zipped);
    if (viewerViews.size > VIEWER_VIEWS) viewerViews.delete(viewerViews.keys().next().value!);
  });
}

/** A kept view unzipped on libuv's threads (~7–9 ms for England's 6,000 practices, off this one). */
const unzip = promisify(gunzip);

async function keepView(db: Db, release: Release, page: string, view: IndicatorPageView): Promise<void> {
  try {
    await keepPageView(
      db,
      release,
      page,
      INDICATOR_VIEW_SHAPE,
      gzipSync(packJson(unnamed(view)), { level: 1 }),
    );
  } catch (error) {
    // The page is served all the same; the next visitor's request makes the view again.
    console.error(
      `indicator page: the visitors' view of ${page} was not kept (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/**
 * Makes and keeps the visitor's England-wide view of every indicator of the release in its latest
 * period, those not kept already; returns how many it made.
 */
export async function keepVisitorIndicatorPages(
  db: Db,
  release: PagesRelease,
  control: DisclosureControl,
  indicatorCodes: readonly string[],
): Promise<number> {
  const kept = await keptPages(db, release.id, INDICATOR_VIEW_SHAPE);
  let made = 0;
  for (const code of indicatorCodes) {
    const page = visitorPageKey(release, control, code, 'england', undefined);
    if (page === null || kept.has(page)) continue;
    await makeAndKeep(db, release, code, 'england', undefined, control, page, true);
    made++;
  }
  return made;
}

/**
 * The view made from the release's rows for this viewer (no kept view read or written), its practices
 * named from the names a kept view is named from when read (practice-names.ts).
 */
export async function makeIndicatorPage(
  db: Db,
  release: PagesRelease,
  indicatorCode: string,
  area: Organisation | 'england',
  period: string | undefined,
  selected: Organisation | null,
  control: DisclosureControl | null = null,
): Promise<IndicatorPageView | null> {
  const ref: AreaRef =
    area === 'england'
      ? { kind: 'country', code: ENGLAND_CODE }
      : { kind: area.kind as AreaRef['kind'], code: area.code };
  const data = await indicatorAreaResults(db, release.id, indicatorCode, ref, period);
  if (!data) return null;
  const i = data.indicator;
  // The names, the fits and the case-mix description are read while the funnels are fitted.
  const side = Promise.all([
    practiceNamesFor(db, release),
    judgmentFits(db, release.id, i.id, data.period),
    casemixDescription(db, release.id, i.id, data.period),
  ]);
  side.catch(() => {}); // awaited below; a failure before then must not go unhandled
  const d =
    (await patternsFor(db, release, control, [{ indicatorId: i.id, period: data.period }]))?.(
      i.id,
      data.period,
    ) ?? null;
  const counts = new Map(
    data.practices.map((r) => [r.area_code, practiceCounts(d, r.area_code, r.numerator, r.denominator)]),
  );
  // Every row as published to this viewer: controlled rows carry their published counts and figures
  // made from them (disclose.ts), so the funnels below plot nothing finer than the counts shown.
  const published = new Map(
    data.practices.map((r) => [r.area_code, publishedResult(r, counts.get(r.area_code)!, i)]),
  );
  // A visitor's funnels are drawn from the practices whose figures are published: limits, φ and τ²
  // made with a suppressed practice in them could give its count back.
  const drawn = data.practices
    .filter((r) => counts.get(r.area_code)!.derivedShown)
    .map((r) => published.get(r.area_code)!);
  const funnels = drawnFunnels(i, drawn);
  const [names, fits, casemix] = await side;
  const practices = rankedPractices(
    data.practices.map((r) =>
      practiceRow(
        r,
        i,
        ref,
        counts.get(r.area_code)!,
        published.get(r.area_code)!,
        names.get(r.area_code) ?? r.area_code,
      ),
    ),
  );
  const areaRow = data.area;
  return {
    release: releaseView(release),
    disclosure: disclosureView(control),
    suppressedPractices: data.practices.length - drawn.length,
    indicator: indicatorView(i),
    period: data.period,
    periods: data.periods,
    area: areaView(area),
    selected: selected ? organisationView(selected) : null,
    england: englandRange(data.england, i, d),
    areaValue: areaRow ? publishedValue(areaRow, i, d) : null,
    ...funnels,
    headlineFunnel: headlineFunnel(
      drawn.map(headlinePoint).filter((p) => p !== null),
      fits[0]?.tau2 ?? null,
    ),
    calibration: calibrationView(fits, data.practices),
    casemixDescription: casemix,
    practices,
  };
}

const CRUDE_SIMILAR = new Set(['similar', 'not_compared']);

function calibrationView(fits: readonly JudgmentFit[], shown: readonly Result[]): CalibrationView | null {
  if (fits.length === 0) return null;
  const judged = shown.filter((r) => r.headline_flag !== null);
  return {
    fits: fits.map(
      (f): CalibrationFit => ({
        basis: f.basis,
        practices: f.n,
        verdicts: f.headline,
        tau2: f.tau2,
        centre: f.centre,
        high95: f.high_95,
        low95: f.low_95,
        high998: f.high_99_8,
        low998: f.low_99_8,
        chance95: f.n * 0.05,
        chance998: f.n * 0.002,
        zRms: f.z_rms,
        zSpread: f.z_spread,
        description: f.description,
      }),
    ),
    shown: {
      practices: judged.length,
      flagged95: judged.filter((r) => isFlagged(r.headline_flag)).length,
      flagged998: judged.filter((r) => r.headline_flag === 'high_99_8' || r.headline_flag === 'low_99_8')
        .length,
      chance95: judged.length * 0.05,
      chance998: judged.length * 0.002,
      crudeFlagged95: shown.filter((r) => r.cmp_england !== null && !CRUDE_SIMILAR.has(r.cmp_england)).length,
    },
  };
}
