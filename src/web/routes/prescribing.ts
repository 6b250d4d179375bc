/**
 * Prescribing measures on the web (issue 20): `/prescribing`, `/prescribing/:id?practice=CODE` and
 * their JSON twins under `/api/prescribing/`. Figures are practice-level totals of the English
 * Prescribing Dataset, which NHSBSA publishes per practice, so they are public. The rules are in
 * src/app/prescribing; these routes only translate HTTP.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { ActiveSession } from '../../app/auth/sessions.ts';
import { loadMeasures } from '../../app/prescribing/measures.ts';
import { measureDeciles, measurePracticeSeries, measureSavings } from '../../app/prescribing/views.ts';
import type { Database } from '../../store/schema.ts';
import { describeApiRoute } from '../api/openapi.ts';
import { problem } from '../api/problem.ts';
import type { Viewer } from '../layout.ts';
import { notFoundPage } from '../pages/errors.ts';
import { type MeasurePageData, measurePage, measuresPage } from '../pages/prescribing/measures.ts';

type PrescribingEnv = {
  Variables: {
    session: ActiveSession | null;
    token: string | null;
    viewer: Viewer | null;
  };
};
type Ctx = Context<PrescribingEnv>;

const PRACTICE = /^[A-Za-z][0-9A-Za-z]{4,7}$/;

export function registerPrescribingRoutes(app: Hono<PrescribingEnv>, deps: { db: Kysely<Database> }): void {
  const store = { db: deps.db };
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

  const data = async (c: Ctx): Promise<MeasurePageData | null> => {
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
    };
  };

  app.get('/prescribing', async (c: Ctx) => c.html(measuresPage(c.get('viewer'), await loadMeasures())));
  app.get('/api/prescribing/measures', async (c: Ctx) => c.json({ measures: await loadMeasures() }));
  app.get('/prescribing/:id', async (c: Ctx) => {
    const d = await data(c);
    if (!d) return c.html(notFoundPage(c.get('viewer'), 'Measure not found'), 404);
    return c.html(measurePage(c.get('viewer'), d));
  });
  app.get('/api/prescribing/measures/:id', async (c: Ctx) => {
    const d = await data(c);
    if (!d) return problem(c, 404, 'Measure not found');
    return c.json(d);
  });
}
