/** One performance concern: its page with timeline, its JSON twin, and its attachments (issue 16: a sub-app). */
import { Hono } from 'hono';
import { getAttachment, getConcern } from '../../../app/concerns/read.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { signInRequired } from '../../api/problem.ts';
import { concernPage } from '../../pages/concerns/concern.ts';
import { signInFirst } from '../../refusals.ts';
import { actorOf, idParam, type RouteEnv } from '../../request.ts';
import type { ConcernContext } from './context.ts';

export function concernRoutes(ctx: ConcernContext): Hono<RouteEnv> {
  const { db, packControl, today } = ctx;
  const app = new Hono<RouteEnv>();

  describeApiRoute({
    method: 'get',
    path: '/api/concerns/:id',
    summary: 'One performance concern as the signed-in person may see it: state, timeline, plan, notices',
    tag: 'Concerns',
    access:
      'commissioning staff, the area team, committee members and LMC representatives for the practice; the practice once notified; individual-performer concerns in full to the area team only',
  });

  app.get('/concerns/:id', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInFirst(c);
    const view = await getConcern(db, actor, idParam(c), today());
    return c.html(concernPage(view, c.get('viewer')!, await packControl(c, view)));
  });

  app.get('/api/concerns/:id', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInRequired(c);
    const v = await getConcern(db, actor, idParam(c), today());
    return c.json({
      id: v.row.id,
      practiceCode: v.row.practice_code,
      type: v.row.type,
      state: v.row.state,
      visibility: v.visibility,
      title: v.row.title,
      contractHolder: v.contractHolder.holderLabel,
      timeline: v.events.map((e) => ({
        step: e.step,
        from: e.from_state,
        to: e.to_state,
        actor: e.actor,
        at: e.at,
      })),
      plan: v.plan,
      notices: v.notices.map((n) => ({
        kind: n.kind,
        breach: n.breach,
        remedy: n.remedy,
        remedyPeriodDays: n.remedy_period_days,
        issuedOn: n.issued_on,
        clock: n.clock,
      })),
    });
  });

  app.get('/concerns/:id/attachments/:attachment', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInFirst(c);
    const file = await getAttachment(db, actor, idParam(c), idParam(c, 'attachment'), today());
    c.header('Content-Type', file.contentType);
    c.header('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return c.body(file.content as Uint8Array<ArrayBuffer>);
  });

  /** A step's form post: redirect back on success, or the page again with the problem. */
  return app;
}
