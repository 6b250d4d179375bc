/**
 * Public consultations (/public/consultations; issue 18): no sign-in needed to read or answer. A
 * visitor's answer is a form post without a session: the CSRF middleware checks it against the visitor
 * form cookie these pages set (double submit), as it does the sign-in form. An answer refused as
 * invalid or too late shows the page again; other refusals go to app.onError.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import { publicConsultationFor } from '../../../app/obligations/pages.ts';
import {
  listPublicConsultations,
  openToPublic,
  publishSummary,
  respondAsHealthwatch,
  respondAsPublic,
} from '../../../app/obligations/public-consultations.ts';
import { isUseCaseError } from '../../../app/use-case-error.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import type { FieldError } from '../../components.ts';
import { readForm, text } from '../../forms.ts';
import { MAX_FIELD_CHARS } from '../../limits.ts';
import { VISITOR_FORM_COOKIE } from '../../middleware.ts';
import {
  publicConsultationPage,
  publicConsultationsPage,
} from '../../pages/obligations/public-consultation.ts';
import { signInFirst } from '../../refusals.ts';
import { idParam, type RouteContext, type RouteEnv } from '../../request.ts';

type Ctx = RouteContext;

const FREE = text(MAX_FIELD_CHARS, { trim: false });
const SUMMARY_FORM = { summary: FREE };
/** An answer: the option's index (1 or 2 digits; anything else is no option, which the use case refuses). */
const ANSWER_FORM = { option: FREE, comment: FREE, organisation: FREE };
const optionIndex = (option: string): number => (/^\d{1,2}$/.test(option) ? Number(option) : -1);

type Options = { db: Db; now: Clock };

/** A visitor's form token (a cookie on /public), so the answer form works without a session. */
function formToken(c: Ctx): string | null {
  if (c.get('session')) return null;
  let token = getCookie(c, VISITOR_FORM_COOKIE);
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
    token = randomBytes(32).toString('base64url');
    setCookie(c, VISITOR_FORM_COOKIE, token, {
      path: '/public',
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: 3600,
    });
  }
  return token;
}

async function showPublic(
  { db, now }: Options,
  c: Ctx,
  id: number,
  notice: string | null = null,
  error: FieldError | null = null,
  status: 200 | 400 | 409 = 200,
) {
  const { view, may } = await publicConsultationFor(db, c.get('session')?.user ?? null, id, now());
  return c.html(publicConsultationPage(c.get('viewer'), view, may, formToken(c), notice, error), status);
}

/** An answer refused as invalid or too late: the page again with the reason; other refusals to app.onError. */
function onInvalid(options: Options, c: Ctx, id: number, error: unknown) {
  if (!(isUseCaseError(error, 'invalid') || isUseCaseError(error, 'conflict'))) throw error;
  return showPublic(
    options,
    c,
    id,
    null,
    { field: error.field ?? 'option', message: error.message },
    error.kind === 'invalid' ? 400 : 409,
  );
}

/** Reading, answering, then the managers' steps: the order their routes were registered before the split. */
export function publicConsultationRoutes(options: Options): Hono<RouteEnv> {
  return new Hono<RouteEnv>()
    .route('/', publicReadRoutes(options))
    .route('/', publicAnswerRoutes(options))
    .route('/', publicManagerRoutes(options));
}

/** The public consultations as pages and their JSON twins. */
function publicReadRoutes(options: Options): Hono<RouteEnv> {
  const { db, now } = options;
  const app = new Hono<RouteEnv>();

  app.get('/public/consultations', async (c) =>
    c.html(publicConsultationsPage(c.get('viewer'), await listPublicConsultations(db, now()))),
  );
  app.get('/public/consultations/:id', (c) =>
    showPublic(
      options,
      c,
      idParam(c),
      c.req.query('answered') ? 'Thank you: your answer is recorded.' : null,
    ),
  );

  // The JSON twins (issue 17, point 2): the same functions, so the same data and refusals.
  const describe = (path: string, summary: string, access: string) =>
    describeApiRoute({ method: 'get', path, summary, tag: 'Obligations', access });
  describe('/api/public/consultations', 'The consultations open to the public', 'anyone');
  app.get('/api/public/consultations', async (c) =>
    c.json({ consultations: await listPublicConsultations(db, now()) }),
  );
  describe(
    '/api/public/consultations/:id',
    'One public consultation: its question, options, answers so far and summary',
    'anyone, for a consultation open to the public; its managers also before it opens (404 to others)',
  );
  app.get('/api/public/consultations/:id', async (c) => {
    return c.json(await publicConsultationFor(db, c.get('session')?.user ?? null, idParam(c), now()));
  });

  return app;
}

/** An answer from the public, and Healthwatch's. */
function publicAnswerRoutes(options: Options): Hono<RouteEnv> {
  const { db, now } = options;
  const app = new Hono<RouteEnv>();

  app.post('/public/consultations/:id/responses', async (c) => {
    const id = idParam(c);
    const form = await readForm(c, ANSWER_FORM);
    try {
      await respondAsPublic(
        db,
        { consultationId: id, optionIndex: optionIndex(form.option), comment: form.comment },
        { now: now() },
      );
      return c.redirect(`/public/consultations/${id}?answered=1`, 303);
    } catch (error) {
      return onInvalid(options, c, id, error);
    }
  });

  app.post('/public/consultations/:id/healthwatch', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signInFirst(c);
    const id = idParam(c);
    const form = await readForm(c, ANSWER_FORM);
    try {
      await respondAsHealthwatch(
        db,
        user,
        {
          consultationId: id,
          optionIndex: optionIndex(form.option),
          comment: form.comment,
          organisation: form.organisation,
        },
        { now: now() },
      );
      return c.redirect(`/public/consultations/${id}?answered=1`, 303);
    } catch (error) {
      return onInvalid(options, c, id, error);
    }
  });

  return app;
}

/** The managers' steps: opening a consultation to the public and publishing its summary. */
function publicManagerRoutes(options: Options): Hono<RouteEnv> {
  const { db, now } = options;
  const app = new Hono<RouteEnv>();

  app.post('/public/consultations/:id/open', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signInFirst(c);
    await openToPublic(db, user, idParam(c), { now: now() });
    return c.redirect(`/public/consultations/${idParam(c)}`, 303);
  });

  app.post('/public/consultations/:id/summary', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signInFirst(c);
    const id = idParam(c);
    const form = await readForm(c, SUMMARY_FORM);
    try {
      await publishSummary(db, user, id, form.summary, { now: now() });
      return c.redirect(`/public/consultations/${id}`, 303);
    } catch (error) {
      if (!isUseCaseError(error, 'invalid')) throw error;
      return showPublic(options, c, id, null, { field: 'summary', message: error.message }, 400);
    }
  });
  return app;
}
