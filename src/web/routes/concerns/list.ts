/**
 * The performance concerns list and raising one, from a flag or by hand (issue 16: a sub-app). Each
 * write is one use case (src/app/concerns/): authorised, one transaction, audited; an invalid form
 * shows its page again, other refusals go to app.onError.
 */
import { Hono } from 'hono';
import { practiceScope } from '../../../app/concerns/context.ts';
import { raiseConcern } from '../../../app/concerns/raise.ts';
import { indicatorIdByCode, listConcerns, resolveFlagRef } from '../../../app/concerns/read.ts';
import type { Db } from '../../../app/db.ts';
import { isUseCaseError } from '../../../app/use-case-error.ts';
import { can } from '../../../domain/policy.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { problem } from '../../api/problem.ts';
import { echoValues, formValues, idOrNull, parseForm, text } from '../../forms.ts';
import { MAX_FIELD_CHARS } from '../../limits.ts';
import { concernListPage, raiseConcernPage } from '../../pages/concerns/list.ts';
import { forbiddenPage } from '../../pages/errors.ts';
import { fieldId, type Problem } from '../../pages/governance/forms.ts';
import { signInFirst } from '../../refusals.ts';
import { actorOf, type RouteContext, type RouteEnv } from '../../request.ts';
import type { ConcernContext } from './context.ts';

const FREE = text(MAX_FIELD_CHARS);

/** Raising a concern, from a flag or by hand; raiseConcern checks what each field means. */
const RAISE_FORM = {
  practice_code: FREE,
  type: FREE,
  source: FREE,
  title: FREE,
  reason: FREE,
  release_id: idOrNull(),
  indicator_id: idOrNull(),
  period: FREE,
};

/** The list, then raising a concern: the order their routes were registered before the split. */
export function concernListRoutes(ctx: ConcernContext): Hono<RouteEnv> {
  return new Hono<RouteEnv>().route('/', concernsSeen(ctx)).route('/', raiseRoutes(ctx));
}

/** The concerns the reader may see, as a page and as JSON. */
function concernsSeen({ db }: ConcernContext): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  app.get('/concerns', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInFirst(c);
    const concerns = await listConcerns(db, actor);
    // The "raise by hand" link: shown when the policy lets the reader raise a concern about some
    // organisation in one of their roles' scopes.
    const raises = actor.roles.some(
      (r) =>
        can(actor, 'raise_concern', r.organisationCode ? { organisationCode: r.organisationCode } : {})
          .allowed,
    );
    return c.html(concernListPage(c.get('viewer')!, concerns, raises));
  });

  describeApiRoute({
    method: 'get',
    path: '/api/concerns',
    summary:
      'The performance concerns the signed-in person may see (as /concerns): the same list, under the same rules of authority and disclosure',
    tag: 'Concerns',
    access:
      'anyone signed in; each concern only to those its rules let see it (src/domain/concerns/authority.ts)',
  });
  app.get('/api/concerns', async (c) => {
    const actor = actorOf(c);
    if (!actor) return problem(c, 401, 'Sign in required');
    return c.json({ concerns: await listConcerns(db, actor) });
  });

  return app;
}

/** Raising a concern: the form (filled from a flag link) and the step. */
function raiseRoutes({ db, mail }: ConcernContext): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  app.get('/concerns/new', (c) => raiseForm(db, c));

  app.post('/concerns', async (c) => {
    const actor = actorOf(c);
    const sent = formValues(await c.req.parseBody({ all: true }));
    const f = parseForm(sent, RAISE_FORM);
    try {
      const id = await raiseConcern(
        db,
        actor,
        {
          practiceCode: f.practice_code,
          type: f.type,
          source: f.source || 'by_hand',
          title: f.title,
          reason: f.reason,
          releaseId: f.release_id,
          indicatorId: f.indicator_id,
          period: f.period || null,
        },
        mail(),
      );
      return c.redirect(`/concerns/${id}`, 303);
    } catch (error) {
      if (!isUseCaseError(error, 'invalid')) throw error;
      const problem: Problem = {
        form: 'raise',
        error: { field: fieldId('raise', error.field ?? 'title'), message: error.message },
        values: echoValues(sent),
      };
      const ids = parseForm(sent, { release_id: FREE, indicator_id: FREE });
      return c.html(
        raiseConcernPage(
          c.get('viewer')!,
          {
            practiceCode: f.practice_code,
            source: f.source || 'by_hand',
            releaseId: ids.release_id,
            indicatorId: ids.indicator_id,
            period: f.period,
            title: f.title,
          },
          problem,
        ),
        400,
      );
    }
  });

  return app;
}

/** The raise form, filled from the query string of a flag link or a practice's page. */
async function raiseForm(db: Db, c: RouteContext): Promise<Response> {
  const actor = actorOf(c);
  if (!actor) return signInFirst(c);
  const practiceCode = (c.req.query('practice') ?? '').toUpperCase().slice(0, 10);
  if (practiceCode) {
    const scope = await practiceScope(db, practiceCode);
    const d = can(actor, 'raise_concern', scope.target);
    if (!d.allowed) return c.html(forbiddenPage(c.get('viewer'), d.reason), 403);
  }
  const q = (k: string) => (c.req.query(k) ?? '').slice(0, 40);
  // A flag link names the release and indicator either by id (release_id, indicator_id) or, from the
  // benchmarking pages, by name and code (release=NAME&indicator=CODE).
  let releaseId = q('release_id');
  let indicatorId = q('indicator_id');
  if (releaseId === '' && q('release') !== '') {
    const ref = await resolveFlagRef(db, (c.req.query('release') ?? '').slice(0, 100), q('indicator'));
    releaseId = ref.releaseId === null ? '' : String(ref.releaseId);
    indicatorId = indicatorId || (ref.indicatorId === null ? '' : String(ref.indicatorId));
  } else if (indicatorId === '' && q('indicator') !== '') {
    const id = await indicatorIdByCode(db, q('indicator'));
    indicatorId = id === null ? '' : String(id);
  }
  const flagNamed = releaseId !== '' && indicatorId !== '' && q('period') !== '';
  return c.html(
    raiseConcernPage(
      c.get('viewer')!,
      {
        practiceCode,
        source: q('source') || (flagNamed ? 'funnel_outlier' : 'by_hand'),
        releaseId,
        indicatorId,
        period: q('period'),
        title: (c.req.query('title') ?? '').slice(0, 200),
      },
      null,
    ),
  );
}
