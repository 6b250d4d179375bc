/**
 * The lineage page (issue 13): merger candidates and an administrator's decisions. The rules are in
 * src/app/lineage (candidates.ts finds them, decide.ts records decisions with their audit entries);
 * who may decide is the policy's `edit_lineage`. These routes only translate HTTP.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { ActiveSession } from '../../app/auth/sessions.ts';
import type { Clock } from '../../app/clock.ts';
import {
  CandidateError,
  confirmCandidate,
  listCandidates,
  rejectCandidate,
} from '../../app/lineage/decide.ts';
import { can } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import { describeApiRoute } from '../api/openapi.ts';
import { problemOf } from '../api/problem.ts';
import type { Viewer } from '../layout.ts';
import { forbiddenPage, notFoundPage } from '../pages/errors.ts';
import { lineagePage } from '../pages/lineage.ts';

type Ctx = Context<LineageEnv>;
type LineageEnv = {
  Variables: {
    session: ActiveSession | null;
    token: string | null;
    viewer: Viewer | null;
  };
};

export function registerLineageRoutes(
  app: Hono<LineageEnv>,
  deps: { db: Kysely<Database>; now: Clock },
): void {
  const { db, now } = deps;

  /** Null when the viewer may decide lineage; the response to send otherwise. */
  const refuse = (c: Ctx): Response | null => {
    const session = c.get('session');
    const decision = can(session?.user ?? null, 'edit_lineage', {});
    if (decision.allowed) return null;
    if (!session && c.req.method === 'GET')
      return c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
    return c.html(forbiddenPage(c.get('viewer'), decision.reason), 403);
  };

  app.get('/lineage', async (c: Ctx) => {
    const refused = refuse(c);
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
    const refused = refuse(c);
    if (refused) return refused;
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0)
      return c.html(notFoundPage(c.get('viewer'), 'Candidate not found'), 404);
    const body = await c.req.parseBody();
    const decision = typeof body.decision === 'string' ? body.decision : '';
    const note = typeof body.note === 'string' ? body.note.slice(0, 2000) : null;
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
}
