/**
 * Inter-practice agreements, drafting (issue 16: a sub-app): the list, a new agreement with its
 * guidance preview, and issuing it. app.ts has resolved the
 * session and checked every POST's CSRF token; `can()` decides each request here, and the use cases
 * decide again inside their transactions (they are the authority: the checks here only choose between
 * a page, a sign-in redirect and a 403).
 */
import { Hono } from 'hono';
import { createAgreement } from '../../../app/agreements/agreements.ts';
import { listAgreements } from '../../../app/agreements/read.ts';
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import { isUseCaseError } from '../../../app/use-case-error.ts';
import { readForm } from '../../forms.ts';
import { agreementFormPage, agreementsListPage } from '../../pages/agreements/agreement-pages.ts';
import { forbiddenPage } from '../../pages/errors.ts';
import type { RouteEnv } from '../../request.ts';
import { AGREEMENT_FORM } from './forms.ts';
import { defaultCommissioner, denyView, failure, fieldErrors, previewOf, viewer } from './page-helpers.ts';
import { managesSomewhere } from './shared.ts';

export function agreementDraftRoutes(options: { db: Db; now: Clock }): Hono<RouteEnv> {
  const { db, now } = options;
  const app = new Hono<RouteEnv>();

  // ---- Agreements ----

  app.get('/agreements', async (c) => {
    const denied = denyView(c);
    if (denied) return denied;
    return c.html(
      agreementsListPage(viewer(c), await listAgreements(db), managesSomewhere(c.get('session'))),
    );
  });

  app.get('/agreements/new', (c) => {
    const denied = denyView(c);
    if (denied) return denied;
    if (!managesSomewhere(c.get('session'))) {
      return c.html(forbiddenPage(viewer(c), 'only a commissioning manager may draft an agreement'), 403);
    }
    return c.html(
      agreementFormPage({
        viewer: viewer(c),
        agreement: null,
        form: { values: { commissioner: defaultCommissioner(c.get('session')) }, errors: [] },
        preview: null,
      }),
    );
  });

  // app.ts refuses a POST without a live session's CSRF token, so every POST below has a session.
  app.post('/agreements', async (c) => {
    const f = await readForm(c, AGREEMENT_FORM);
    const { intent, ...values } = f;
    const session = c.get('session')!;
    if (intent === 'preview') {
      // Checking the guidance changes nothing, but only those who could issue are offered it.
      if (!managesSomewhere(session))
        return c.html(forbiddenPage(viewer(c), 'only a commissioning manager may draft an agreement'), 403);
      const { preview, errors } = previewOf(values.body);
      return c.html(
        agreementFormPage({ viewer: viewer(c), agreement: null, form: { values, errors }, preview }),
        errors.length ? 400 : 200,
      );
    }
    try {
      const issued = await createAgreement(
        db,
        session.user,
        {
          commissionerCode: values.commissioner,
          title: values.title,
          body: values.body,
          changeNote: values.change_note,
        },
        { now: now() },
      );
      return c.redirect(`/agreements/${issued.agreementId}`, 303);
    } catch (error) {
      if (
        isUseCaseError(error) &&
        (error.kind === 'invalid' || (error.kind === 'not_found' && error.field))
      ) {
        return c.html(
          agreementFormPage({
            viewer: viewer(c),
            agreement: null,
            form: { values, errors: fieldErrors(error, 'body') },
            preview: null,
          }),
          400,
        );
      }
      return failure(c, error);
    }
  });

  return app;
}
