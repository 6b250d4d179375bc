/** The obligations pages' JSON twins (issue 17, point 2): the same functions, so the same data and refusals. */
import { Hono } from 'hono';
import {
  obligationItem,
  obligationMeeting,
  obligationsHome,
  outboxFor,
  outboxMessageFor,
  practiceObligations,
} from '../../../app/obligations/pages.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { signInRequired } from '../../api/problem.ts';
import { idParam, type RouteContext, type RouteEnv } from '../../request.ts';
import type { ObligationRouteOptions } from './options.ts';

type Ctx = RouteContext;

export function obligationApiRoutes(options: ObligationRouteOptions): Hono<RouteEnv> {
  const { db, now } = options;
  const app = new Hono<RouteEnv>();
  const userOf = (c: Ctx) => c.get('session')?.user ?? null;
  const twin = (
    path: string,
    summary: string,
    access: string,
    read: (c: Ctx, user: NonNullable<ReturnType<typeof userOf>>) => Promise<unknown>,
  ) => {
    describeApiRoute({ method: 'get', path, summary, tag: 'Obligations', access });
    app.get(path, async (c) => {
      const user = userOf(c);
      if (!user) return signInRequired(c);
      return c.json((await read(c, user)) as object);
    });
  };
  twin(
    '/api/obligations',
    "A commissioner's dashboard of obligations (query org: which commissioner); a practice's staff are pointed to their practice",
    'view_obligations on the commissioner (or the practice)',
    async (c, user) => {
      const home = await obligationsHome(db, user, c.req.query('org') ?? '', now());
      return home.kind === 'practice'
        ? { ...home, next: `/api/obligations/practices/${home.practiceCode}` }
        : home;
    },
  );
  twin(
    '/api/obligations/practices/:code',
    "A practice's obligations, their items and returns",
    'view_obligations on the practice',
    (c, user) => practiceObligations(db, user, c.req.param('code') ?? '', now()),
  );
  twin(
    '/api/obligations/items/:id',
    'One obligation item with its returns and what the caller may do',
    'view_obligations on the item’s practice',
    (c, user) => obligationItem(db, user, idParam(c), now()),
  );
  twin(
    '/api/obligations/meetings/:id',
    'A review meeting with its actions',
    'view_obligations on the meeting’s practice',
    (c, user) => obligationMeeting(db, user, idParam(c), now()),
  );
  twin(
    '/api/admin/outbox',
    'The e-mails written to the outbox folder (demo and tests)',
    'administrators (policy: read_outbox)',
    async (_c, user) => outboxFor(user),
  );
  twin(
    '/api/admin/outbox/:name',
    'One e-mail of the outbox',
    'administrators (policy: read_outbox)',
    (c, user) => outboxMessageFor(user, c.req.param('name') ?? ''),
  );
  return app;
}
