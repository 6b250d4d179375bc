/**
 * The lineage page (issue 13): merger candidates and an administrator's decisions. The rules are in
 * src/app/lineage (candidates.ts finds them, decide.ts records decisions with their audit entries);
 * who may decide is the policy's `edit_lineage`. These routes only translate HTTP.
 */
import { Hono } from 'hono';
import type { Clock } from '../../app/clock.ts';
import type { Db } from '../../app/db.ts';
import {
  CandidateError,
  confirmCandidate,
  listCandidates,
  rejectCandidate,
} from '../../app/lineage/decide.ts';
import { can } from '../../domain/policy.ts';
import { describeApiRoute } from '../api/openapi.ts';
import { problemOf } from '../api/problem.ts';
import { optionalText, readForm, text } from '../forms.ts';
import { MAX_FIELD_CHARS } from '../limits.ts';
import { notFoundPage } from '../pages/errors.ts';
import { lineagePage } from '../pages/lineage.ts';
import { deny } from '../refusals.ts';
import type { RouteContext, RouteEnv } from '../request.ts';

type Ctx = RouteContext;

/** A decision on a candidate: Confirm or Reject (checked below), with a note cut to 2,000 characters. */
const DECISION_FORM = {
  decision: text(MAX_FIELD_CHARS, { trim: false }),
  note: optionalText(2000, { trim: false, clip: true }),
};

export function lineageRoutes(deps: { db: Db; now: Clock }): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();
  const { db, now } = deps;

  app.get('/lineage', async (c: Ctx) => {
    const refused = deny(c, 'edit_lineage');
    if (refused) return refused;
    return c.html(lineagePage(c.get('viewer')!, await listCandidates(db)));
  });

  // The JSON twin (issue 17, point 2): the same policy check and the same list.
  describeApiRoute({
    method: 'get',
    path: '/api/lineage',
    summary:
      'Merger candidates (practices that closed as another took their patients) with their evidence and decisions',
    tag: 'Organisations',
    access: 'administrators (policy: edit_lineage)',
  });
  app.get('/api/lineage', async (c: Ctx) => {
    const decision = can(c.get('session')?.user ?? null, 'edit_lineage', {});
    if (!decision.allowed) return problemOf(c, 'forbidden', decision.reason);
    return c.json({ candidates: await listCandidates(db) });
  });

  app.post('/lineage/candidates/:id', async (c: Ctx) => {
    const refused = deny(c, 'edit_lineage');
    if (refused) return refused;
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0)
      return c.html(notFoundPage(c.get('viewer'), 'Candidate not found'), 404);
    const { decision, note } = await readForm(c, DECISION_FORM);
    const actor = c.get('session')!.user.username;
    try {
      if (decision === 'confirm') await confirmCandidate(db, { id, actor, now: now(), note });
      else if (decision === 'reject') await rejectCandidate(db, { id, actor, now: now(), note });
      else
        return c.html(
          lineagePage(c.get('viewer')!, await listCandidates(db), 'Choose Confirm or Reject'),
          400,
        );
    } catch (error) {
      if (!(error instanceof CandidateError)) throw error;
      return c.html(lineagePage(c.get('viewer')!, await listCandidates(db), error.message), 409);
    }
    return c.redirect('/lineage', 303);
  });
  return app;
}
