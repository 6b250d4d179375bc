/**
 * Governance writes (issue 16: a sub-app): each one use case (src/app/governance/), which authorises
 * through `can()`, runs in one transaction and writes the audit log. Every write is registered twice:
 * under /governance (a form post answered with a redirect, or the page again with the problem) and
 * under /api/governance (the same form post answered with JSON). Each declares its form beside it;
 * the use cases check what the values mean. A refusal other than an invalid or conflicting request
 * goes to app.onError.
 */
import { Hono } from 'hono';
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import { isUseCaseError } from '../../../app/use-case-error.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { echoValues, type FormValues, formValues, parseForm, type Schema } from '../../forms.ts';
import { fieldId } from '../../pages/governance/forms.ts';
import { actorOf, type RouteEnv } from '../../request.ts';
import { committeeWrites } from './committee-writes.ts';
import { itemWrites } from './item-writes.ts';
import { registerWrites } from './register-writes.ts';
import { governanceRenderers } from './render.ts';
import type { WriteRoute } from './write-route.ts';

/** The values to fill the form with again: lists joined, as the pages show them. */
function flatValues(sent: FormValues): Record<string, string> {
  const out = echoValues(sent);
  for (const [k, v] of Object.entries(sent)) if (k !== 'csrf_token' && v.length > 1) out[k] = v.join(', ');
  return out;
}

export function governanceWriteRoutes(deps: { db: Db; now: Clock }): Hono<RouteEnv> {
  const { db, now } = deps;
  const app = new Hono<RouteEnv>();
  const r = governanceRenderers(deps);
  const formFor = (name: string) => () => name;

  const write = <S extends Schema>(route: WriteRoute<S>): void => {
    describeApiRoute({
      method: 'post',
      path: `/api/governance${route.path}`,
      summary: route.summary,
      access: route.access,
      formFields: route.fields,
      tag: 'Governance',
    });
    app.post(`/governance${route.path}`, async (c) => {
      const sent = formValues(await c.req.parseBody({ all: true }));
      const f = parseForm(sent, route.schema);
      try {
        const { redirect } = await route.run(c, actorOf(c), f);
        return c.redirect(redirect, 303);
      } catch (error) {
        if (!(isUseCaseError(error, 'invalid') || isUseCaseError(error, 'conflict'))) throw error;
        const formName = route.form(c, f);
        const res = await route.again(c, {
          form: formName,
          error: { field: fieldId(formName, error.field ?? 'none'), message: error.message },
          values: flatValues(sent),
        });
        return error.kind === 'conflict'
          ? new Response(res.body, { status: 409, headers: res.headers })
          : res;
      }
    });
    app.post(`/api/governance${route.path}`, async (c) => {
      const f = parseForm(formValues(await c.req.parseBody({ all: true })), route.schema);
      return c.json({ ok: true, ...(await route.run(c, actorOf(c), f)).json });
    });
  };

  committeeWrites(write, { db, now, r, formFor });
  itemWrites(write, { db, now, r, formFor });
  registerWrites(write, { db, now, r, formFor });
  return app;
}
