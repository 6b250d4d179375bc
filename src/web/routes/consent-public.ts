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
import {
  consentRegister,
  createConsentSubject,
  giveConsent,
  withdrawConsent,
} from '../../app/obligations/consent.ts';
import {
  listPublicConsultations,
  openToPublic,
  publicConsultationView,
  publishSummary,
  respondAsHealthwatch,
  respondAsPublic,
} from '../../app/obligations/public-consultations.ts';
import { withObligations } from '../../app/obligations/tables.ts';
import { isUseCaseError, UseCaseError } from '../../app/use-case-error.ts';
import { practiceAuthority } from '../../domain/obligations/access.ts';
import { can } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import type { FieldError } from '../components.ts';
import { forbiddenPage, notFoundPage } from '../pages/errors.ts';
import { consentRegisterPage } from '../pages/obligations/consent.ts';
import { publicConsultationPage, publicConsultationsPage } from '../pages/obligations/public-consultation.ts';
import { idParam, type RouteContext, type RouteEnv } from '../request.ts';
import { USE_CASE_STATUS } from '../use-case-status.ts';

/** The double-submit cookie of visitors' forms under /public/ (app.ts checks it). */
export const VISITOR_FORM_COOKIE = 'fairview_form';

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
    const commissioners = await withObligations(db)
      .selectFrom('consent_subject')
      .select('commissioner_code')
      .distinct()
      .orderBy('commissioner_code')
      .execute();
    const fromRoles =
      user.roles.find((r) => r.role.startsWith('commissioning') || r.role === 'lmc_representative')
        ?.organisationCode ?? null;
    const chosen = code ?? fromRoles ?? commissioners[0]?.commissioner_code ?? null;
    if (!chosen)
      return c.html(notFoundPage(c.get('viewer'), 'Nothing has been put to practices for consent yet'), 404);
    try {
      const register = await consentRegister(db, chosen, { now: now() });
      const target = { organisationCode: register.commissionerCode, ancestors: [] as string[] };
      const practices = user.roles
        .filter((r) => r.organisationCode && practiceAuthority([r], r.organisationCode))
        .map((r) => r.organisationCode!);
      const allowed =
        can(user, 'view_consent_register', { organisationCode: register.commissionerCode }).allowed ||
        practices.length > 0 ||
        can(user, 'view_consent_register', target).allowed;
      if (!allowed) throw new UseCaseError('forbidden', 'None of your roles reaches this commissioner');
      return c.html(
        consentRegisterPage(
          c.get('viewer')!,
          register,
          {
            manage: can(user, 'manage_consent_subjects', {
              organisationCode: register.commissionerCode,
            }).allowed,
            consentFor: practices,
          },
          error,
        ),
        status,
      );
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
      const view = await publicConsultationView(db, id, now());
      const user = c.get('session')?.user ?? null;
      const target = { organisationCode: view.commissionerCode };
      const { findCommissioner } = await import('../../app/agreements/members.ts');
      const commissioner = await findCommissioner(db, view.commissionerCode);
      const full = { ...target, ancestors: commissioner.ancestors };
      const may = {
        healthwatch:
          user !== null &&
          can(user, 'respond_as_healthwatch', full).allowed &&
          !user.roles.some((r) => r.role === 'administrator'),
        manage: user !== null && can(user, 'publish_consultation_summary', full).allowed,
      };
      if (view.audience !== 'public' && !may.manage)
        throw new UseCaseError('not_found', 'This consultation is not open to the public');
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
