/**
 * Published releases as public pages with disclosure control (issue 6, section 2; no sign-in), and
 * their JSON twin: /releases, /releases/:name (?area=CODE, ?format=csv), /api/releases/:name/figures.
 * Drafts are embargoed: they have no public page, and are listed only to those taking part in their
 * checks. The rules are in src/app/releases and src/domain/openness; these routes translate HTTP.
 */
import { Hono } from 'hono';
import type { Db, Release } from '../../../app/db.ts';
import { listDraftReleases } from '../../../app/releases/draft-releases-read.ts';
import {
  findPublishedRelease,
  listPublishedReleases,
  publicAreaFigures,
  releaseArea,
  releaseAreaPractices,
  releaseAreas,
} from '../../../app/releases/public-release.ts';
import { queryingPractices } from '../../../app/releases/release-checks.ts';
import { type DisclosureRule, describeRule } from '../../../domain/disclosure/index.ts';
import { can } from '../../../domain/policy.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { problem } from '../../api/problem.ts';
import { toCsv } from '../../exports/csv.ts';
import { fileNameFor } from '../../exports/data-table.ts';
import { notFoundPage } from '../../pages/errors.ts';
import {
  releaseAreaPage,
  releaseAreasPage,
  releaseAreaTable,
  releasesPage,
} from '../../pages/openness/public-release.ts';
import { actorOf, ORG_CODE, type RouteEnv } from '../../request.ts';
import { RELEASE_NAME } from './release-name.ts';

/** A release as the JSON twins give it. */
export const releaseJson = (r: Release) => ({
  name: r.name,
  status: r.status,
  publishedAt: r.published_at === null ? null : new Date(r.published_at).toISOString(),
});

export function publicReleaseRoutes(deps: { db: Db; rule: DisclosureRule }): Hono<RouteEnv> {
  const { db, rule } = deps;
  const ruleText = describeRule(rule);
  const app = new Hono<RouteEnv>();

  app.get('/releases', async (c) => {
    const actor = actorOf(c);
    const user = c.get('session')?.user ?? null;
    const takesPart =
      actor !== null &&
      user !== null &&
      (queryingPractices(actor).length > 0 || can(user, 'publish_release').allowed);
    const drafts = takesPart ? await listDraftReleases(db) : [];
    return c.html(releasesPage(c.get('viewer'), await listPublishedReleases(db), ruleText, drafts));
  });

  app.get('/releases/:name', async (c) => {
    const name = c.req.param('name');
    if (!RELEASE_NAME.test(name)) return c.html(notFoundPage(c.get('viewer'), 'Release not found'), 404);
    // Drafts are embargoed: they have no public page.
    const release = await findPublishedRelease(db, name);
    if (!release) return c.html(notFoundPage(c.get('viewer'), 'Release not found'), 404);
    const areaCode = c.req.query('area');
    if (!areaCode)
      return c.html(releaseAreasPage(c.get('viewer'), release, await releaseAreas(db, release), ruleText));
    const area = ORG_CODE.test(areaCode) ? await releaseArea(db, release, areaCode) : null;
    if (!area) return c.html(notFoundPage(c.get('viewer'), 'Area not found in this release'), 404);
    const tables = await publicAreaFigures(db, release, area.code, rule);
    const counted = await releaseAreaPractices(db, release, area.code);
    if (c.req.query('format') === 'csv') {
      const table = releaseAreaTable(release, area, tables);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${fileNameFor(table.title, 'csv')}"`);
      return c.body(toCsv(table));
    }
    return c.html(releaseAreaPage(c.get('viewer'), release, area, tables, ruleText, counted));
  });

  describeApiRoute({
    method: 'get',
    path: '/api/releases/:name/figures',
    summary:
      "A published release's public figures: the areas it covers, or with ?area=CODE that area's practices open on the release's as-of date (the end of its latest period) and their figures under disclosure control (as /releases/NAME)",
    tag: 'Openness',
    access: 'anyone (published releases only; drafts are embargoed)',
    query: [{ name: 'area', description: 'a sub-ICB location, ICB or region code' }],
  });
  app.get('/api/releases/:name/figures', async (c) => {
    const name = c.req.param('name');
    const release = RELEASE_NAME.test(name) ? await findPublishedRelease(db, name) : null;
    if (!release) return problem(c, 404, 'Release not found', 'No published release has that name.');
    const areaCode = c.req.query('area');
    if (!areaCode)
      return c.json({
        release: releaseJson(release),
        rule: ruleText,
        areas: await releaseAreas(db, release),
      });
    const area = ORG_CODE.test(areaCode) ? await releaseArea(db, release, areaCode) : null;
    if (!area) return problem(c, 404, 'Area not found in this release');
    return c.json({
      release: releaseJson(release),
      rule: ruleText,
      area,
      practicesAsOf: await releaseAreaPractices(db, release, area.code),
      tables: await publicAreaFigures(db, release, area.code, rule),
    });
  });
  return app;
}
