/**
 * One obligation item (issue 18): its page with returns and forms, a practice's return (with a file),
 * the commissioner's decision, a concern opened from a return, and a return's file. An invalid return
 * or decision shows the page again; other refusals go to app.onError.
 */
import { Hono } from 'hono';
import { authorise } from '../../../app/authorise.ts';
import { practiceTarget } from '../../../app/obligations/errors.ts';
import { obligationItem } from '../../../app/obligations/pages.ts';
import { itemView, submissionFile } from '../../../app/obligations/read.ts';
import { decideReturn, openConcernFromReturn, submitReturn } from '../../../app/obligations/returns.ts';
import { isUseCaseError } from '../../../app/use-case-error.ts';
import { echoValues, type FormValues, formValues, parseForm, text } from '../../forms.ts';
import { MAX_FIELD_CHARS } from '../../limits.ts';
import { itemPage } from '../../pages/obligations/item.ts';
import { signInFirst } from '../../refusals.ts';
import { actorOf, idParam, type RouteContext, type RouteEnv } from '../../request.ts';
import { mailOf, type ObligationRouteOptions } from './options.ts';

type Ctx = RouteContext;

const FREE = text(MAX_FIELD_CHARS, { trim: false });
/** A return: its statement; the obligation's own fields are read by name (submitReturn checks them). */
const RETURN_FORM = { statement: FREE };
const DECISION_FORM = { decision: FREE, note: FREE };

const userOf = (c: Ctx) => c.get('session')?.user ?? null;

async function showItem(
  { db, now }: ObligationRouteOptions,
  c: Ctx,
  itemId: number,
  problem: Parameters<typeof itemPage>[3] = null,
  status: 200 | 400 | 409 = 200,
) {
  const user = userOf(c);
  if (!user) return signInFirst(c);
  const { view, may } = await obligationItem(db, user, itemId, now());
  return c.html(itemPage(c.get('viewer')!, view, may, problem), status);
}

/** An invalid return or decision: the item's page again with the problem; other refusals to app.onError. */
async function onInvalid(
  options: ObligationRouteOptions,
  c: Ctx,
  itemId: number,
  sent: FormValues,
  error: unknown,
) {
  if (!isUseCaseError(error, 'invalid')) throw error;
  return showItem(
    options,
    c,
    itemId,
    { error: { field: error.field ?? 'statement', message: error.message }, values: echoValues(sent) },
    400,
  );
}

export function obligationItemRoutes(options: ObligationRouteOptions): Hono<RouteEnv> {
  const { db, now } = options;
  const app = new Hono<RouteEnv>();
  const mail = () => mailOf(options);

  app.get('/obligations/items/:id', (c) => showItem(options, c, idParam(c)));

  app.post('/obligations/items/:id/returns', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const itemId = idParam(c);
    const body = await c.req.parseBody({ all: true });
    const sent = formValues(body);
    // The one file field: forms.ts reads text, so the upload is taken from the body itself.
    const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
    try {
      await submitReturn(
        db,
        user,
        itemId,
        {
          statement: parseForm(sent, RETURN_FORM).statement,
          fields: echoValues(sent),
          file: file
            ? { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }
            : null,
        },
        mail(),
      );
      return c.redirect(`/obligations/items/${itemId}`, 303);
    } catch (error) {
      return onInvalid(options, c, itemId, sent, error);
    }
  });

  app.post('/obligations/items/:id/decision', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const itemId = idParam(c);
    const sent = formValues(await c.req.parseBody({ all: true }));
    try {
      await decideReturn(db, user, itemId, parseForm(sent, DECISION_FORM), mail());
      return c.redirect(`/obligations/items/${itemId}`, 303);
    } catch (error) {
      return onInvalid(options, c, itemId, sent, error);
    }
  });

  app.post('/obligations/items/:id/concern', async (c) => {
    const actor = actorOf(c);
    if (!actor) return signInFirst(c);
    const concernId = await openConcernFromReturn(db, actor, idParam(c), mail());
    return c.redirect(`/concerns/${concernId}`, 303);
  });

  app.get('/obligations/returns/:id/file', async (c) => {
    const user = userOf(c);
    if (!user) return signInFirst(c);
    const file = await submissionFile(db, idParam(c));
    const view = await itemView(db, file.item_id, now());
    authorise(user, 'view_obligations', await practiceTarget(db, view.item.practice_code));
    c.header('Content-Type', 'application/octet-stream');
    c.header(
      'Content-Disposition',
      `attachment; filename="${(file.file_name ?? 'return').replace(/[^A-Za-z0-9._ -]/g, '_')}"`,
    );
    return c.body(new Uint8Array(file.file_content!));
  });

  return app;
}
