/**
 * Openness (issue 6, section 2): public release pages with disclosure control (no sign-in), the
 * pre-publication checks of a release (embargoed figures, data queries, answers, publishing with or
 * without an override) and the signed-in user's notifications. Every rule is in the use cases
 * (src/app/releases, src/app/notifications) and src/domain/openness; these routes only translate HTTP.
 */

import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Actor } from '../../app/actor.ts';
import type { ActiveSession } from '../../app/auth/sessions.ts';
import { warmDisclosureInBackground } from '../../app/benchmarking/disclosure.ts';
import type { Clock } from '../../app/clock.ts';
import type { Mailer } from '../../app/notifications/mailer.ts';
import {
  markNotificationsRead,
  type NotifyOptions,
  notificationsFor,
} from '../../app/notifications/notify.ts';
import { answerDataQuery, raiseDataQuery } from '../../app/releases/data-queries.ts';
import {
  findPublishedRelease,
  listPublishedReleases,
  publicAreaFigures,
  releaseArea,
  releaseAreaPractices,
  releaseAreas,
} from '../../app/releases/public-release.ts';
import { publishRelease } from '../../app/releases/publish.ts';
import {
  queryingPractices,
  type ReleaseChecksView,
  releaseChecks,
} from '../../app/releases/release-checks.ts';
import { isUseCaseError, UseCaseError } from '../../app/use-case-error.ts';
import { DEFAULT_DISCLOSURE_RULE, type DisclosureRule, describeRule } from '../../domain/disclosure/index.ts';
import { can } from '../../domain/policy.ts';
import type { Database, Release } from '../../store/schema.ts';
import { describeApiRoute } from '../api/openapi.ts';
import { problem } from '../api/problem.ts';
import { toCsv } from '../exports/csv.ts';
import { fileNameFor } from '../exports/data-table.ts';
import type { Viewer } from '../layout.ts';
import { forbiddenPage, notFoundPage } from '../pages/errors.ts';
import { notificationsPage } from '../pages/openness/notifications.ts';
import {
  releaseAreaPage,
  releaseAreasPage,
  releaseAreaTable,
  releasesPage,
} from '../pages/openness/public-release.ts';
import { releaseQueriesPage } from '../pages/openness/release-queries.ts';
import { USE_CASE_STATUS } from '../use-case-status.ts';

type OpennessEnv = {
  Variables: {
    session: ActiveSession | null;
    token: string | null;
    viewer: Viewer | null;
  };
};
type Ctx = Context<OpennessEnv>;

const RELEASE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const CODE = /^[A-Za-z0-9]{2,10}$/;

export interface OpennessRouteOptions {
  db: Kysely<Database>;
  /** The disclosure rule for public pages (default: 1–7 suppressed, others rounded to 5). */
  disclosureRule?: DisclosureRule;
  now: Clock;
  /** Where notification e-mail goes; default from the environment (SMTP or the outbox folder). */
  mailer?: Mailer | null;
  /** After a publication, prepare the new release's disclosure patterns in the background. */
  warmDisclosureCache?: boolean;
}

export function registerOpennessRoutes(app: Hono<OpennessEnv>, options: OpennessRouteOptions): void {
  const { db } = options;
  const rule = options.disclosureRule ?? DEFAULT_DISCLOSURE_RULE;
  const ruleText = describeRule(rule);
  /** Each request's clock reading, with where its notification e-mail goes. */
  const notifyOptions = (): NotifyOptions => ({
    now: options.now(),
    ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
  });

  const signIn = (c: Ctx) => c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
  const actorOf = (session: ActiveSession): Actor => ({
    username: session.user.username,
    roles: session.user.roles,
  });
  const practicesOf = (session: ActiveSession): string[] => queryingPractices(actorOf(session));

  app.get('/releases', async (c) => {
    const session = c.get('session');
    const takesPart =
      session !== null && (practicesOf(session).length > 0 || can(session.user, 'publish_release').allowed);
    const drafts = takesPart
      ? await db
          .selectFrom('release')
          .selectAll()
          .where('status', '=', 'draft')
          .orderBy('id', 'desc')
          .execute()
      : [];
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
    const area = CODE.test(areaCode) ? await releaseArea(db, release, areaCode) : null;
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

  const queriesPage = async (
    c: Ctx,
    session: ActiveSession,
    name: string,
    error: string | null,
    status: 200 | (typeof USE_CASE_STATUS)['invalid' | 'conflict'] = 200,
  ) => {
    let checks: ReleaseChecksView | null;
    try {
      checks = await releaseChecks(db, actorOf(session), name);
    } catch (refusal) {
      if (!isUseCaseError(refusal, 'forbidden')) throw refusal;
      return c.html(forbiddenPage(c.get('viewer'), refusal.message), 403);
    }
    if (!checks) return c.html(notFoundPage(c.get('viewer'), 'Release not found'), 404);
    return c.html(
      releaseQueriesPage(c.get('viewer')!, {
        ...checks,
        error,
      }),
      status,
    );
  };

  const refused = async (c: Ctx, session: ActiveSession, name: string, error: unknown) => {
    if (isUseCaseError(error, 'forbidden')) return c.html(forbiddenPage(c.get('viewer'), error.message), 403);
    // Invalid asks and publishing over open queries (a conflict) show the queries again with the reason.
    if (isUseCaseError(error, 'invalid') || isUseCaseError(error, 'conflict'))
      return queriesPage(
        c,
        session,
        name,
        error.message,
        USE_CASE_STATUS[error.kind as 'invalid' | 'conflict'],
      );
    throw error;
  };

  app.get('/releases/:name/queries', async (c) => {
    const session = c.get('session');
    if (!session) return signIn(c);
    const name = c.req.param('name');
    if (!RELEASE_NAME.test(name)) return c.html(notFoundPage(c.get('viewer'), 'Release not found'), 404);
    return queriesPage(c, session, name, null);
  });

  app.post('/releases/:name/queries', async (c) => {
    const session = c.get('session');
    if (!session) return signIn(c);
    const name = c.req.param('name');
    const body = await c.req.parseBody();
    try {
      await raiseDataQuery(
        db,
        actorOf(session),
        {
          releaseName: name,
          practiceCode: String(body.practice ?? ''),
          indicatorId: Number(body.indicator_id),
          period: String(body.period ?? ''),
          question: String(body.question ?? ''),
        },
        notifyOptions(),
      );
    } catch (error) {
      return refused(c, session, name, error);
    }
    return c.redirect(`/releases/${encodeURIComponent(name)}/queries`, 303);
  });

  app.post('/releases/:name/queries/:id/answer', async (c) => {
    const session = c.get('session');
    if (!session) return signIn(c);
    const name = c.req.param('name');
    const body = await c.req.parseBody();
    const decision = body.decision === 'accept' ? 'accept' : body.decision === 'reject' ? 'reject' : null;
    try {
      if (!decision) throw new UseCaseError('invalid', 'choose accept or reject');
      await answerDataQuery(
        db,
        actorOf(session),
        {
          queryId: Number(c.req.param('id')),
          decision,
          answer: String(body.answer ?? ''),
          correctionRelease: typeof body.correction_release === 'string' ? body.correction_release : null,
        },
        notifyOptions(),
      );
    } catch (error) {
      return refused(c, session, name, error);
    }
    return c.redirect(`/releases/${encodeURIComponent(name)}/queries`, 303);
  });

  app.post('/releases/:name/publish', async (c) => {
    const session = c.get('session');
    if (!session) return signIn(c);
    const name = c.req.param('name');
    const body = await c.req.parseBody();
    try {
      await publishRelease(
        db,
        actorOf(session),
        {
          releaseName: name,
          overrideReason: typeof body.override_reason === 'string' ? body.override_reason : null,
        },
        notifyOptions(),
      );
    } catch (error) {
      return refused(c, session, name, error);
    }
    if (options.warmDisclosureCache) warmDisclosureInBackground(db, rule, 0);
    return c.redirect(`/releases/${encodeURIComponent(name)}`, 303);
  });

  // The JSON twins (issue 17): the same read functions and rules as the pages above.
  const releaseJson = (r: Release) => ({
    name: r.name,
    status: r.status,
    publishedAt: r.published_at === null ? null : new Date(r.published_at).toISOString(),
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
    const area = CODE.test(areaCode) ? await releaseArea(db, release, areaCode) : null;
    if (!area) return problem(c, 404, 'Area not found in this release');
    return c.json({
      release: releaseJson(release),
      rule: ruleText,
      area,
      practicesAsOf: await releaseAreaPractices(db, release, area.code),
      tables: await publicAreaFigures(db, release, area.code, rule),
    });
  });

  describeApiRoute({
    method: 'get',
    path: '/api/releases/:name/queries',
    summary:
      "A release's pre-publication checks as the signed-in person may see them: their practices' embargoed figures (drafts), the data queries they raised or may answer, and what they may do",
    tag: 'Openness',
    access:
      "a practice's partners and manager (its own figures and queries); commissioning analysts and managers whose area reaches the practice (its queries); others are refused",
  });
  app.get('/api/releases/:name/queries', async (c) => {
    const session = c.get('session');
    if (!session) return problem(c, 401, 'Sign in required');
    const name = c.req.param('name');
    try {
      const checks = RELEASE_NAME.test(name) ? await releaseChecks(db, actorOf(session), name) : null;
      if (!checks) return problem(c, 404, 'Release not found');
      return c.json({
        release: releaseJson(checks.release),
        practices: checks.practices,
        queries: checks.queries.map((q) => ({ ...q, answerable: checks.answerable.has(q.id) })),
        mayPublish: checks.mayPublish,
        mayOverride: checks.mayOverride,
      });
    } catch (error) {
      if (isUseCaseError(error, 'forbidden')) return problem(c, 403, 'Not allowed', error.message);
      throw error;
    }
  });

  const apiStep = async (c: Ctx, step: (session: ActiveSession) => Promise<object>) => {
    const session = c.get('session');
    if (!session) return problem(c, 401, 'Sign in required');
    try {
      return c.json(await step(session));
    } catch (error) {
      if (isUseCaseError(error, 'forbidden')) return problem(c, 403, 'Not allowed', error.message);
      if (isUseCaseError(error, 'invalid')) return problem(c, 400, 'Invalid request', error.message);
      throw error;
    }
  };

  describeApiRoute({
    method: 'post',
    path: '/api/releases/:name/queries',
    summary: "Raise a data query on one of the practice's own figures in a draft release",
    tag: 'Openness',
    access: "the practice's partners and manager",
    formFields: ['practice', 'indicator_id', 'period', 'question'],
  });
  app.post('/api/releases/:name/queries', (c) =>
    apiStep(c, async (session) => {
      const body = await c.req.parseBody();
      return raiseDataQuery(
        db,
        actorOf(session),
        {
          releaseName: c.req.param('name'),
          practiceCode: String(body.practice ?? ''),
          indicatorId: Number(body.indicator_id),
          period: String(body.period ?? ''),
          question: String(body.question ?? ''),
        },
        notifyOptions(),
      );
    }),
  );

  describeApiRoute({
    method: 'post',
    path: '/api/releases/:name/queries/:id/answer',
    summary: 'Answer a data query: accept (naming the correcting release) or reject with reasons',
    tag: 'Openness',
    access: "commissioning analysts and managers whose area reaches the query's practice",
    formFields: ['decision', 'answer', 'correction_release'],
  });
  app.post('/api/releases/:name/queries/:id/answer', (c) =>
    apiStep(c, async (session) => {
      const body = await c.req.parseBody();
      const decision = body.decision === 'accept' ? 'accept' : body.decision === 'reject' ? 'reject' : null;
      if (!decision) throw new UseCaseError('invalid', 'choose accept or reject');
      const queryId = Number(c.req.param('id'));
      await answerDataQuery(
        db,
        actorOf(session),
        {
          queryId,
          decision,
          answer: String(body.answer ?? ''),
          correctionRelease: typeof body.correction_release === 'string' ? body.correction_release : null,
        },
        notifyOptions(),
      );
      return { id: queryId, decision };
    }),
  );

  describeApiRoute({
    method: 'get',
    path: '/api/notifications',
    summary: "The signed-in person's notifications, newest first (as /notifications)",
    tag: 'Openness',
    access: 'anyone signed in (their own only)',
  });
  app.get('/api/notifications', async (c) => {
    const session = c.get('session');
    if (!session) return problem(c, 401, 'Sign in required');
    return c.json({ notifications: await notificationsFor(db, session.user.id) });
  });

  app.get('/notifications', async (c) => {
    const session = c.get('session');
    if (!session) return signIn(c);
    return c.html(notificationsPage(c.get('viewer')!, await notificationsFor(db, session.user.id)));
  });

  app.post('/notifications/read', async (c) => {
    const session = c.get('session');
    if (!session) return signIn(c);
    await markNotificationsRead(db, session.user.id, options.now());
    return c.redirect('/notifications', 303);
  });
}
