/**
 * The consent register (/consent) and public consultations (/public/consultations, no sign-in needed
 * to read or answer). A visitor's answer is a form post without a session: app.ts checks it against
 * the visitor form cookie these pages set (double submit), as it does the sign-in form.
 */
import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { Clock } from '../../app/clock.ts';
import { createConsentSubject, giveConsent, withdrawConsent } from '../../app/obligations/consent.ts';
import { consentRegisterFor, publicConsultationFor } from '../../app/obligations/pages.ts';
import {
  listPublicConsultations,
  openToPublic,
  publishSummary,
  respondAsHealthwatch,
  respondAsPublic,
} from '../../app/obligations/public-consultations.ts';
import { isUseCaseError } from '../../app/use-case-error.ts';
import type { Database } from '../../store/schema.ts';
import { describeApiRoute } from '../api/openapi.ts';
import { problemFor, signInRequired } from '../api/problem.ts';
import type { FieldError } from '../components.ts';
import { VISITOR_FORM_COOKIE } from '../middleware.ts';
import { forbiddenPage, notFoundPage } from '../pages/errors.ts';
import { consentRegisterPage } from '../pages/obligations/consent.ts';
import { publicConsultationPage, publicConsultationsPage } from '../pages/obligations/public-consultation.ts';
import { idParam, type RouteContext, type RouteEnv } from '../request.ts';
import { USE_CASE_STATUS } from '../use-case-status.ts';

type Env = RouteEnv;
type Ctx = RouteContext;
type Body = Record<string, string | File | (string | File)[]>;

const str = (body: Body, key: string): string => {
  const v = body[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
};
export function registerConsentAndPublicRoutes(
  app: Hono<Env>,
  options: { db: Kysely<Database>; now: Clock },
): void {
  const { db, now } = options;
  const signIn = (c: Ctx) => c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
  const refusal = (c: Ctx, error: unknown): Response => {
    if (!isUseCaseError(error)) throw error;
    if (error.kind === 'not_found') return c.html(notFoundPage(c.get('viewer'), error.message), 404);
    return c.html(forbiddenPage(c.get('viewer'), error.message), USE_CASE_STATUS[error.kind]);
  };

  // ---- The consent register. ----
  const showRegister = async (
    c: Ctx,
    code: string | null,
    error: FieldError | null = null,
    status: 200 | 400 = 200,
  ) => {
    const user = c.get('session')?.user;
    if (!user) return signIn(c);
    try {
      const { register, may } = await consentRegisterFor(db, user, code, now());
      return c.html(consentRegisterPage(c.get('viewer')!, register, may, error), status);
    } catch (error) {
      return refusal(c, error);
    }
  };

  app.get('/consent', (c) => showRegister(c, (c.req.query('org') ?? '').toUpperCase() || null));

  app.post('/consent', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signIn(c);
    const body = (await c.req.parseBody()) as Body;
    const org = (c.req.query('org') ?? '').toUpperCase();
    try {
      await createConsentSubject(
        db,
        user,
        {
          commissionerCode: org,
          kind: str(body, 'kind'),
          title: str(body, 'title'),
          description: str(body, 'description'),
        },
        { now: now() },
      );
      return c.redirect(`/consent?org=${org}`, 303);
    } catch (error) {
      if (isUseCaseError(error, 'invalid'))
        return showRegister(c, org, { field: error.field ?? 'title', message: error.message }, 400);
      return refusal(c, error);
    }
  });

  app.post('/consent/:id/consents', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signIn(c);
    const body = (await c.req.parseBody()) as Body;
    try {
      await giveConsent(
        db,
        user,
        { subjectId: idParam(c), practiceCode: str(body, 'practice_code') },
        { now: now() },
      );
      return c.redirect('/consent', 303);
    } catch (error) {
      return refusal(c, error);
    }
  });

  app.post('/consent/withdraw/:id', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signIn(c);
    const body = (await c.req.parseBody()) as Body;
    try {
      await withdrawConsent(db, user, { consentId: idParam(c), reason: str(body, 'reason') }, { now: now() });
      return c.redirect('/consent', 303);
    } catch (error) {
      if (isUseCaseError(error, 'invalid'))
        return showRegister(c, null, { field: 'reason', message: error.message }, 400);
      return refusal(c, error);
    }
  });

  // ---- Public consultations. ----
  const formToken = (c: Ctx): string | null => {
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
  };

  const showPublic = async (
    c: Ctx,
    id: number,
    notice: string | null = null,
    error: FieldError | null = null,
    status: 200 | 400 | 409 = 200,
  ) => {
    try {
      const { view, may } = await publicConsultationFor(db, c.get('session')?.user ?? null, id, now());
      return c.html(publicConsultationPage(c.get('viewer'), view, may, formToken(c), notice, error), status);
    } catch (error) {
      return refusal(c, error);
    }
  };

  app.get('/public/consultations', async (c) =>
    c.html(publicConsultationsPage(c.get('viewer'), await listPublicConsultations(db, now()))),
  );
  app.get('/public/consultations/:id', (c) =>
    showPublic(c, idParam(c), c.req.query('answered') ? 'Thank you: your answer is recorded.' : null),
  );

  // ---- The JSON twins (issue 17, point 2): the same functions, so the same data and refusals. ----
  const describe = (path: string, summary: string, access: string) =>
    describeApiRoute({ method: 'get', path, summary, tag: 'Obligations', access });
  describe(
    '/api/consent',
    "A commissioner's consent register (query org), and what the caller may do there",
    'view_consent_register on the commissioner, or a practice’s own partners and manager',
  );
  app.get('/api/consent', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signInRequired(c);
    try {
      return c.json(
        await consentRegisterFor(db, user, (c.req.query('org') ?? '').toUpperCase() || null, now()),
      );
    } catch (error) {
      return problemFor(c, error);
    }
  });
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
    try {
      return c.json(await publicConsultationFor(db, c.get('session')?.user ?? null, idParam(c), now()));
    } catch (error) {
      return problemFor(c, error);
    }
  });

  const onInvalid = (c: Ctx, id: number, error: unknown) => {
    if (isUseCaseError(error, 'invalid') || isUseCaseError(error, 'conflict'))
      return showPublic(
        c,
        id,
        null,
        { field: error.field ?? 'option', message: error.message },
        error.kind === 'invalid' ? 400 : 409,
      );
    return refusal(c, error);
  };

  app.post('/public/consultations/:id/responses', async (c) => {
    const id = idParam(c);
    const body = (await c.req.parseBody()) as Body;
    try {
      await respondAsPublic(
        db,
        {
          consultationId: id,
          optionIndex: /^\d{1,2}$/.test(str(body, 'option')) ? Number(str(body, 'option')) : -1,
          comment: str(body, 'comment'),
        },
        { now: now() },
      );
      return c.redirect(`/public/consultations/${id}?answered=1`, 303);
    } catch (error) {
      return onInvalid(c, id, error);
    }
  });

  app.post('/public/consultations/:id/healthwatch', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signIn(c);
    const id = idParam(c);
    const body = (await c.req.parseBody()) as Body;
    try {
      await respondAsHealthwatch(
        db,
        user,
        {
          consultationId: id,
          optionIndex: /^\d{1,2}$/.test(str(body, 'option')) ? Number(str(body, 'option')) : -1,
          comment: str(body, 'comment'),
          organisation: str(body, 'organisation'),
        },
        { now: now() },
      );
      return c.redirect(`/public/consultations/${id}?answered=1`, 303);
    } catch (error) {
      return onInvalid(c, id, error);
    }
  });

  app.post('/public/consultations/:id/open', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signIn(c);
    try {
      await openToPublic(db, user, idParam(c), { now: now() });
      return c.redirect(`/public/consultations/${idParam(c)}`, 303);
    } catch (error) {
      return refusal(c, error);
    }
  });

  app.post('/public/consultations/:id/summary', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signIn(c);
    const id = idParam(c);
    const body = (await c.req.parseBody()) as Body;
    try {
      await publishSummary(db, user, id, str(body, 'summary'), { now: now() });
      return c.redirect(`/public/consultations/${id}`, 303);
    } catch (error) {
      if (isUseCaseError(error, 'invalid'))
        return showPublic(c, id, null, { field: 'summary', message: error.message }, 400);
      return refusal(c, error);
    }
  });
}
