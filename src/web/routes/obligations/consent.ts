/**
 * The consent register (/consent; issue 18): a commissioner's subjects of consent, practices' consents
 * and their withdrawal, and its JSON twin. An invalid form shows the register again; other refusals go
 * to app.onError.
 */
import { Hono } from 'hono';
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import { createConsentSubject, giveConsent, withdrawConsent } from '../../../app/obligations/consent.ts';
import { consentRegisterFor } from '../../../app/obligations/pages.ts';
import { isUseCaseError } from '../../../app/use-case-error.ts';
import { describeApiRoute } from '../../api/openapi.ts';
import { signInRequired } from '../../api/problem.ts';
import type { FieldError } from '../../components.ts';
import { readForm, text } from '../../forms.ts';
import { MAX_FIELD_CHARS } from '../../limits.ts';
import { consentRegisterPage } from '../../pages/obligations/consent.ts';
import { signInFirst } from '../../refusals.ts';
import { idParam, type RouteContext, type RouteEnv } from '../../request.ts';

type Ctx = RouteContext;

const FREE = text(MAX_FIELD_CHARS, { trim: false });
const SUBJECT_FORM = { kind: FREE, title: FREE, description: FREE };
const CONSENT_FORM = { practice_code: FREE };
const WITHDRAW_FORM = { reason: FREE };

export function consentRoutes(options: { db: Db; now: Clock }): Hono<RouteEnv> {
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

  // The JSON twin (issue 17, point 2): the same function, so the same data and refusals.
  describeApiRoute({
    method: 'get',
    path: '/api/consent',
    summary: "A commissioner's consent register (query org), and what the caller may do there",
    tag: 'Obligations',
    access: 'view_consent_register on the commissioner, or a practice’s own partners and manager',
  });
  app.get('/api/consent', async (c) => {
    const user = c.get('session')?.user;
    if (!user) return signInRequired(c);
    return c.json(
      await consentRegisterFor(db, user, (c.req.query('org') ?? '').toUpperCase() || null, now()),
    );
  });
  return app;
}
