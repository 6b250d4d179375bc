/**
 * The consent register (/consent) and public consultations (/public/consultations, no sign-in needed
 * to read or answer). A visitor's answer is a form post without a session: app.ts checks it against
 * the visitor form cookie these pages set (double submit), as it does the sign-in form.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Clock } from '../../app/clock.ts';
import type { Db } from '../../app/db.ts';
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
import { describeApiRoute } from '../api/openapi.ts';
import { signInRequired } from '../api/problem.ts';
import type { FieldError } from '../components.ts';
import { readForm, text } from '../forms.ts';
import { MAX_FIELD_CHARS } from '../limits.ts';
import { VISITOR_FORM_COOKIE } from '../middleware.ts';
import { consentRegisterPage } from '../pages/obligations/consent.ts';
import { publicConsultationPage, publicConsultationsPage } from '../pages/obligations/public-consultation.ts';
import { signInFirst } from '../refusals.ts';
import { idParam, type RouteContext, type RouteEnv } from '../request.ts';

type Ctx = RouteContext;

const FREE = text(MAX_FIELD_CHARS, { trim: false });
const SUBJECT_FORM = { kind: FREE, title: FREE, description: FREE };
const CONSENT_FORM = { practice_code: FREE };
const WITHDRAW_FORM = { reason: FREE };
const SUMMARY_FORM = { summary: FREE };
/** An answer: the option's index (1 or 2 digits; anything else is no option, which the use case refuses). */
const ANSWER_FORM = { option: FREE, comment: FREE, organisation: FREE };
const optionIndex = (option: string): number => (/^\d{1,2}$/.test(option) ? Number(option) : -1);

export function consentAndPublicRoutes(options: { db: Db; now: Clock }): Hono<RouteEnv> {
  const { db, now } = options;
  const app = new Hono<RouteEnv>();

  // ---- The consent register. ----
  const showRegister = async (
    c: Ctx,
    code: string | null,
    error: FieldError | null = null,
    status: 200 | 400 = 200,
  ) => {
    const user = c.get('session')?.user;
    if (!user) return signInFirst(c);
    const { register, may } = await consentRegisterFor(db, user, code, now());
    return c.html(consentRegisterPage(c.get('viewer')!, register, may, error), status);
  };

  app.get('/consent', (c) => showRegister(c, (c.req.query('org') ?? '').toUpperCase() || null));

  app.post('/consent', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signInFirst(c);
    const form = await readForm(c, SUBJECT_FORM);
    const org = (c.req.query('org') ?? '').toUpperCase();
    try {
      await createConsentSubject(db, user, { commissionerCode: org, ...form }, { now: now() });
      return c.redirect(`/consent?org=${org}`, 303);
    } catch (error) {
      if (!isUseCaseError(error, 'invalid')) throw error;
      return showRegister(c, org, { field: error.field ?? 'title', message: error.message }, 400);
    }
  });

  app.post('/consent/:id/consents', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signInFirst(c);
    const form = await readForm(c, CONSENT_FORM);
    await giveConsent(db, user, { subjectId: idParam(c), practiceCode: form.practice_code }, { now: now() });
    return c.redirect('/consent', 303);
  });

  app.post('/consent/withdraw/:id', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signInFirst(c);
    const form = await readForm(c, WITHDRAW_FORM);
    try {
      await withdrawConsent(db, user, { consentId: idParam(c), reason: form.reason }, { now: now() });
      return c.redirect('/consent', 303);
    } catch (error) {
      if (!isUseCaseError(error, 'invalid')) throw error;
      return showRegister(c, null, { field: 'reason', message: error.message }, 400);
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
    const { view, may } = await publicConsultationFor(db, c.get('session')?.user ?? null, id, now());
    return c.html(publicConsultationPage(c.get('viewer'), view, may, formToken(c), notice, error), status);
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
    return c.json(
      await consentRegisterFor(db, user, (c.req.query('org') ?? '').toUpperCase() || null, now()),
    );
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
    return c.json(await publicConsultationFor(db, c.get('session')?.user ?? null, idParam(c), now()));
  });

  /** An answer refused as invalid or too late: the page again with the reason; other refusals to app.onError. */
  const onInvalid = (c: Ctx, id: number, error: unknown) => {
    if (!(isUseCaseError(error, 'invalid') || isUseCaseError(error, 'conflict'))) throw error;
    return showPublic(
      c,
      id,
      null,
      { field: error.field ?? 'option', message: error.message },
      error.kind === 'invalid' ? 400 : 409,
    );
  };

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
      return onInvalid(c, id, error);
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
      return onInvalid(c, id, error);
    }
  });

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
      return showPublic(c, id, null, { field: 'summary', message: error.message }, 400);
    }
  });
  return app;
}
