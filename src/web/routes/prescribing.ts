/**
 * Prescribing measures on the web (issue 20): `/prescribing`, `/prescribing/:id?practice=CODE` and
 * their JSON twins under `/api/prescribing/`. Figures are practice-level totals of the English
 * Prescribing Dataset, which NHSBSA publishes per practice, so they are public. The rules are in
 * src/app/prescribing; these routes only translate HTTP.
 */
import { Hono } from 'hono';
import type { Db } from '../../app/db.ts';
import { loadMeasures } from '../../app/prescribing/measures.ts';
import { pricePerUnit, pricePerUnitSummary } from '../../app/prescribing/price-per-unit.ts';
import {
  measureDeciles,
  measurePracticeSeries,
  measureSavings,
  prescribingIsSynthetic,
} from '../../app/prescribing/views.ts';
import { isUseCaseError } from '../../app/use-case-error.ts';
import { describeApiRoute } from '../api/openapi.ts';
import { problem } from '../api/problem.ts';
import { notFoundPage } from '../pages/errors.ts';
import { type MeasurePageData, measurePage, measuresPage } from '../pages/prescribing/measures.ts';
import { pricePerUnitPage, pricePerUnitSummaryPage } from '../pages/prescribing/price-per-unit.ts';
import type { RouteContext, RouteEnv } from '../request.ts';
import { USE_CASE_STATUS } from '../use-case-status.ts';

type Ctx = RouteContext;

const PRACTICE = /^[A-Za-z][0-9A-Za-z]{4,7}$/;

type Store = { db: Db };

/**
 * The API descriptions, then the measure list, price-per-unit, and one measure: the order their
 * routes were registered before the split (price-per-unit before /prescribing/:id, which would
 * otherwise take the path).
 */
export function prescribingRoutes(deps: { db: Db }): Hono<RouteEnv> {
  const store = { db: deps.db };
  describePrescribingApi();
  return new Hono<RouteEnv>()
    .route('/', measureListRoutes())
    .route('/', pricePerUnitRoutes(store))
    .route('/', measureRoutes(store));
}

/** Described in /api/openapi.json (src/web/api/openapi.ts). */
function describePrescribingApi(): void {
  describeApiRoute({
    method: 'get',
    path: '/api/prescribing/measures',
    summary: 'The prescribing measures: definitions, sources and who checked them',
    tag: 'Prescribing',
    access: 'anyone',
  });
  describeApiRoute({
    method: 'get',
    path: '/api/prescribing/measures/:id',
    summary: "A measure's England deciles by month, the largest savings, and a practice's own figures",
    tag: 'Prescribing',
    access: 'anyone',
    query: [{ name: 'practice', description: 'A practice code: its ratio, percentile and saving by month' }],
  });

  const ppuQuery = [
    { name: 'area', description: 'The area: a sub-ICB location (or any organisation) code; required' },
    { name: 'month', description: 'YYYY-MM; the latest month held when not given' },
  ];
  describeApiRoute({
    method: 'get',
    path: '/api/prescribing/price-per-unit',
    summary: "An area's presentations with the largest possible savings at the area's median price per unit",
    tag: 'Prescribing',
    access: 'anyone',
    query: ppuQuery,
  });
  describeApiRoute({
    method: 'get',
    path: '/api/prescribing/price-per-unit/:bnf',
    summary:
      "One presentation: each practice's price per unit against the area's median, and its possible saving",
    tag: 'Prescribing',
    access: 'anyone',
    query: ppuQuery,
  });
}

/** One measure with its deciles, savings and (with ?practice=) a practice's own series. */
const measureData = async (store: Store, c: Ctx): Promise<MeasurePageData | null> => {
  const id = c.req.param('id');
  const measure = (await loadMeasures()).find((m) => m.id === id);
  if (!measure) return null;
  const code = (c.req.query('practice') ?? '').trim().toUpperCase();
  return {
    measure,
    deciles: await measureDeciles(store, measure.id),
    practice: PRACTICE.test(code)
      ? { code, months: await measurePracticeSeries(store, measure.id, code) }
      : null,
    savings: await measureSavings(store, measure.id, { limit: 10 }),
    synthetic: await prescribingIsSynthetic(store),
  };
};

/** The measures: a page and its JSON twin. */
function measureListRoutes(): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();
  app.get('/prescribing', async (c: Ctx) => c.html(measuresPage(c.get('viewer'), await loadMeasures())));
  app.get('/api/prescribing/measures', async (c: Ctx) => c.json({ measures: await loadMeasures() }));
  return app;
}

/** The area and month a price-per-unit page or its twin asks for. */
const ppuOptions = (c: Ctx) => {
  const month = c.req.query('month')?.trim();
  return { area: (c.req.query('area') ?? '').trim().toUpperCase(), ...(month ? { month } : {}) };
};

/** Price-per-unit variation: an area's summary and one presentation, as pages and JSON twins. */
function pricePerUnitRoutes(store: Store): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();
  app.get('/prescribing/price-per-unit', async (c: Ctx) => {
    const o = ppuOptions(c);
    try {
      const s = o.area === '' ? null : await pricePerUnitSummary(store, o);
      return c.html(pricePerUnitSummaryPage(c.get('viewer'), s, o.area));
    } catch (error) {
      if (!isUseCaseError(error)) throw error;
      return c.html(pricePerUnitSummaryPage(c.get('viewer'), null, o.area), USE_CASE_STATUS[error.kind]);
    }
  });
  app.get('/api/prescribing/price-per-unit', async (c: Ctx) => {
    const o = ppuOptions(c);
    if (o.area === '') return problem(c, 400, 'Give an area: ?area=CODE');
    try {
      const s = await pricePerUnitSummary(store, o);
      return s ? c.json(s) : problem(c, 404, 'No prescribing held for this area and month');
    } catch (error) {
      if (!isUseCaseError(error)) throw error;
      return problem(c, USE_CASE_STATUS[error.kind], error.message);
    }
  });
  app.get('/prescribing/price-per-unit/:bnf', async (c: Ctx) => {
    const o = ppuOptions(c);
    try {
      const v = o.area === '' ? null : await pricePerUnit(store, c.req.param('bnf') ?? '', o);
      if (!v)
        return c.html(
          notFoundPage(c.get('viewer'), 'No prescribing of this presentation held for this area and month'),
          404,
        );
      return c.html(pricePerUnitPage(c.get('viewer'), v));
    } catch (error) {
      if (!isUseCaseError(error)) throw error;
      return c.html(notFoundPage(c.get('viewer'), error.message), USE_CASE_STATUS[error.kind]);
    }
  });
  app.get('/api/prescribing/price-per-unit/:bnf', async (c: Ctx) => {
    const o = ppuOptions(c);
    if (o.area === '') return problem(c, 400, 'Give an area: ?area=CODE');
    try {
      const v = await pricePerUnit(store, c.req.param('bnf') ?? '', o);
      return v
        ? c.json(v)
        : problem(c, 404, 'No prescribing of this presentation held for this area and month');
    } catch (error) {
      if (!isUseCaseError(error)) throw error;
      return problem(c, USE_CASE_STATUS[error.kind], error.message);
    }
  });
  return app;
}

/** One measure: a page and its JSON twin. */
function measureRoutes(store: Store): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();
  app.get('/prescribing/:id', async (c: Ctx) => {
    const d = await measureData(store, c);
    if (!d) return c.html(notFoundPage(c.get('viewer'), 'Measure not found'), 404);
    return c.html(measurePage(c.get('viewer'), d));
  });
  app.get('/api/prescribing/measures/:id', async (c: Ctx) => {
    const d = await measureData(store, c);
    if (!d) return problem(c, 404, 'Measure not found');
    return c.json(d);
  });
  return app;
}
