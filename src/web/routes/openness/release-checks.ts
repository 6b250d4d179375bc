/**
 * A draft release's pre-publication checks (issue 6, section 2): its embargoed figures, data queries
 * and their answers, and publishing with or without an override — the page, its forms and the JSON
 * twins. Who may do what is the use cases' (src/app/releases); a refusal goes to app.onError, but an
 * invalid ask or publishing over open queries (a conflict) shows the queries page again with the reason.
 */
import { Hono } from 'hono';
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import type { Mailer } from '../../../app/notifications/mailer.ts';
import type { NotifyOptions } from '../../../app/notifications/notify.ts';
import { answerDataQuery, raiseDataQuery } from '../../../app/releases/data-queries.ts';
import { publishRelease } from '../../../app/releases/publish.ts';
import { releaseChecks } from '../../../app/releases/release-checks.ts';
import { isUseCaseError, UseCaseError } from '../../../app/use-case-error.ts';
import type { DisclosureRule } from '../../../domain/disclosure/index.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { problem } from '../../api/problem.ts';
import { warmVisitorPagesInBackground } from '../../benchmarking/warm-pages.ts';
import { oneOf, optionalText, readForm, text } from '../../forms.ts';
import { MAX_FIELD_CHARS } from '../../limits.ts';
import { notFoundPage } from '../../pages/errors.ts';
import { releaseQueriesPage } from '../../pages/openness/release-queries.ts';
import { signInFirst } from '../../refusals.ts';
import { actorOf, type RouteContext, type RouteEnv } from '../../request.ts';
import { USE_CASE_STATUS } from '../../use-case-status.ts';
import { releaseJson } from './public-releases.ts';
import { RELEASE_NAME } from './release-name.ts';

type Ctx = RouteContext;

const FREE = text(MAX_FIELD_CHARS, { trim: false });
/** A data query on one of the practice's figures; raiseDataQuery checks each part. */
const QUERY_FORM = { practice: FREE, indicator_id: FREE, period: FREE, question: FREE };
const ANSWER_FORM = {
  decision: oneOf(['accept', 'reject'], 'choose accept or reject'),
  answer: FREE,
  correction_release: optionalText(MAX_FIELD_CHARS, { trim: false }),
};
const PUBLISH_FORM = { override_reason: optionalText(MAX_FIELD_CHARS, { trim: false }) };

export interface ReleaseCheckDeps {
  db: Db;
  now: Clock;
  rule: DisclosureRule;
  /** Where notification e-mail goes; default from the environment (SMTP or the outbox folder). */
  mailer?: Mailer | null;
  /** After a publication, prepare the new release's disclosure patterns in the background. */
  warmDisclosureCache?: boolean;
}

/** Each request's clock reading, with where its notification e-mail goes. */
const notifyOptions = (deps: ReleaseCheckDeps): NotifyOptions => ({
  now: deps.now(),
  ...(deps.mailer === undefined ? {} : { mailer: deps.mailer }),
});

/** The steps the forms and the API share: each reads its form and runs its use case. */
async function raise(deps: ReleaseCheckDeps, c: Ctx) {
  const form = await readForm(c, QUERY_FORM);
  return raiseDataQuery(
    deps.db,
    actorOf(c)!,
    {
      releaseName: c.req.param('name') ?? '',
      practiceCode: form.practice,
      indicatorId: Number(form.indicator_id),
      period: form.period,
      question: form.question,
    },
    notifyOptions(deps),
  );
}
async function answer(deps: ReleaseCheckDeps, c: Ctx) {
  const form = await readForm(c, ANSWER_FORM);
  if (!form.decision) throw new UseCaseError('invalid', 'choose accept or reject');
  const queryId = Number(c.req.param('id'));
  await answerDataQuery(
    deps.db,
    actorOf(c)!,
    { queryId, decision: form.decision, answer: form.answer, correctionRelease: form.correction_release },
    notifyOptions(deps),
  );
  return { id: queryId, decision: form.decision };
}

async function queriesPage(
  db: Db,
  c: Ctx,
  name: string,
  error: string | null,
  status: 200 | (typeof USE_CASE_STATUS)['invalid' | 'conflict'] = 200,
) {
  const checks = await releaseChecks(db, actorOf(c)!, name);
  if (!checks) return c.html(notFoundPage(c.get('viewer'), 'Release not found'), 404);
  return c.html(releaseQueriesPage(c.get('viewer')!, { ...checks, error }), status);
}

/** The pages, then the API: the order their routes were registered before the split. */
export function releaseCheckRoutes(deps: ReleaseCheckDeps): Hono<RouteEnv> {
  return new Hono<RouteEnv>().route('/', releaseCheckPages(deps)).route('/', releaseCheckApi(deps));
}

/** The queries page and its forms: raise, answer, publish. */
function releaseCheckPages(deps: ReleaseCheckDeps): Hono<RouteEnv> {
  const { db } = deps;
  const app = new Hono<RouteEnv>();

  /** A page form's step: back to the queries on success, or the queries again with the reason. */
  const pageStep = (path: string, run: (c: Ctx) => Promise<unknown>, after: (name: string) => string) =>
    app.post(path, async (c) => {
      if (!actorOf(c)) return signInFirst(c);
      const name = c.req.param('name') ?? '';
      try {
        await run(c);
      } catch (error) {
        if (!(isUseCaseError(error, 'invalid') || isUseCaseError(error, 'conflict'))) throw error;
        return queriesPage(
          db,
          c,
          name,
          error.message,
          USE_CASE_STATUS[error.kind === 'invalid' ? 'invalid' : 'conflict'],
        );
      }
      return c.redirect(after(name), 303);
    });

  app.get('/releases/:name/queries', async (c) => {
    if (!actorOf(c)) return signInFirst(c);
    const name = c.req.param('name');
    if (!RELEASE_NAME.test(name)) return c.html(notFoundPage(c.get('viewer'), 'Release not found'), 404);
    return queriesPage(db, c, name, null);
  });
  const toQueries = (name: string) => `/releases/${encodeURIComponent(name)}/queries`;
  pageStep('/releases/:name/queries', (c) => raise(deps, c), toQueries);
  pageStep('/releases/:name/queries/:id/answer', (c) => answer(deps, c), toQueries);
  pageStep(
    '/releases/:name/publish',
    async (c) => {
      const form = await readForm(c, PUBLISH_FORM);
      const releaseName = c.req.param('name') ?? '';
      await publishRelease(
        db,
        actorOf(c)!,
        { releaseName, overrideReason: form.override_reason },
        notifyOptions(deps),
      );
      if (deps.warmDisclosureCache) warmVisitorPagesInBackground(db, deps.rule, 0);
    },
    (name) => `/releases/${encodeURIComponent(name)}`,
  );

  return app;
}

/** The same checks as JSON: read them, raise a query, answer one. */
function releaseCheckApi(deps: ReleaseCheckDeps): Hono<RouteEnv> {
  const { db } = deps;
  const app = new Hono<RouteEnv>();

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
    const actor = actorOf(c);
    if (!actor) return problem(c, 401, 'Sign in required');
    const name = c.req.param('name');
    const checks = RELEASE_NAME.test(name) ? await releaseChecks(db, actor, name) : null;
    if (!checks) return problem(c, 404, 'Release not found');
    return c.json({
      release: releaseJson(checks.release),
      practices: checks.practices,
      queries: checks.queries.map((q) => ({ ...q, answerable: checks.answerable.has(q.id) })),
      mayPublish: checks.mayPublish,
      mayOverride: checks.mayOverride,
    });
  });

  describeApiRoute({
    method: 'post',
    path: '/api/releases/:name/queries',
    summary: "Raise a data query on one of the practice's own figures in a draft release",
    tag: 'Openness',
    access: "the practice's partners and manager",
    formFields: ['practice', 'indicator_id', 'period', 'question'],
  });
  app.post('/api/releases/:name/queries', async (c) => {
    if (!actorOf(c)) return problem(c, 401, 'Sign in required');
    return c.json(await raise(deps, c));
  });

  describeApiRoute({
    method: 'post',
    path: '/api/releases/:name/queries/:id/answer',
    summary: 'Answer a data query: accept (naming the correcting release) or reject with reasons',
    tag: 'Openness',
    access: "commissioning analysts and managers whose area reaches the query's practice",
    formFields: ['decision', 'answer', 'correction_release'],
  });
  app.post('/api/releases/:name/queries/:id/answer', async (c) => {
    if (!actorOf(c)) return problem(c, 401, 'Sign in required');
    return c.json(await answer(deps, c));
  });
  return app;
}
