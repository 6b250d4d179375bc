/**
 * A sub-ICB location's data-sharing setting (peers by name or pseudonymised): a page with its form for
 * the people the policy lets set_data_sharing there, and its JSON twin (issue 17, point 2).
 */
import { Hono } from 'hono';
import { peersNamedIn, setPeersNamed } from '../../../app/benchmarking/page-queries.ts';
import {
  currentAncestors,
  findOrganisation,
  type OrganisationRef,
} from '../../../app/browse/organisations.ts';
import type { Organisation } from '../../../app/db.ts';
import { can } from '../../../domain/policy.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { readForm, text } from '../../forms.ts';
import { MAX_FIELD_CHARS } from '../../limits.ts';
import { dataSharingPage } from '../../pages/benchmarking/data-sharing.ts';
import { crumbsFor } from '../../pages/organisations.ts';
import { ORG_CODE, type RouteContext, type RouteEnv } from '../../request.ts';
import { type BenchmarkingContext, type Mode, Refusal, targetOf } from './context.ts';

type Ctx = RouteContext;

/** Named or pseudonymised; anything else shows the form again with the reason. */
const SETTING_FORM = { peers: text(MAX_FIELD_CHARS, { trim: false }) };

/**
 * A sub-ICB location's data-sharing setting (peers by name or pseudonymised): a form for the people
 * the policy lets set_data_sharing there. The CSRF check in app.ts runs before the POST gets here.
 */
async function subIcbFor(
  { db, notFound, refuse }: BenchmarkingContext,
  c: Ctx,
  mode: Mode = 'page',
): Promise<{ area: Organisation; ancestors: OrganisationRef[] }> {
  const code = c.req.param('code') ?? '';
  const area = ORG_CODE.test(code) ? await findOrganisation(db, code) : null;
  if (area?.kind !== 'sub_icb') throw new Refusal(notFound(c, mode, 'Sub-ICB location not found'));
  const ancestors = await currentAncestors(db, area);
  const decision = can(c.get('session')?.user ?? null, 'set_data_sharing', targetOf(area, ancestors));
  if (!decision.allowed) throw new Refusal(refuse(c, mode, decision.reason));
  return { area, ancestors };
}

export function dataSharingRoutes(ctx: BenchmarkingContext): Hono<RouteEnv> {
  const { db, handle } = ctx;
  const app = new Hono<RouteEnv>();

  // The setting's JSON twin (issue 17, point 2): the same checks, what the page's form shows.
  describeApiRoute({
    method: 'get',
    path: '/api/organisations/:code/data-sharing',
    summary:
      "A sub-ICB location's data-sharing setting: whether its practices' peers are shown by name (true) or pseudonymised",
    tag: 'benchmarking',
    access: "the location's commissioning managers (policy: set_data_sharing)",
  });
  app.get(
    '/api/organisations/:code/data-sharing',
    handle(async (c) => {
      const { area, ancestors } = await subIcbFor(ctx, c, 'api');
      c.header('Cache-Control', 'no-store');
      return c.json({ area, ancestors, named: await peersNamedIn(db, area.code) });
    }).api,
  );

  app.get(
    '/organisations/:code/data-sharing',
    handle(async (c) => {
      const { area, ancestors } = await subIcbFor(ctx, c);
      c.header('Cache-Control', 'no-store');
      return c.html(
        dataSharingPage(c.get('viewer'), {
          area,
          named: await peersNamedIn(db, area.code),
          crumbs: crumbsFor(ancestors),
          saved: c.req.query('saved') === '1',
        }),
      );
    }).page,
  );

  app.post(
    '/organisations/:code/data-sharing',
    handle(async (c) => {
      const { area, ancestors } = await subIcbFor(ctx, c);
      const choice = (await readForm(c, SETTING_FORM)).peers;
      if (choice !== 'named' && choice !== 'pseudonymised') {
        return c.html(
          dataSharingPage(c.get('viewer'), {
            area,
            named: await peersNamedIn(db, area.code),
            crumbs: crumbsFor(ancestors),
            error: 'Choose whether peers are shown by name or pseudonymised',
          }),
          400,
        );
      }
      await setPeersNamed(db, {
        subIcbCode: area.code,
        named: choice === 'named',
        actor: c.get('session')!.user.username,
        now: ctx.now(),
      });
      // Peer pages name or pseudonymise peers by this setting: cached visitor pages may be stale now.
      ctx.visitorCache?.clear();
      return c.redirect(`/organisations/${area.code}/data-sharing?saved=1`, 303);
    }).page,
  );
  return app;
}
