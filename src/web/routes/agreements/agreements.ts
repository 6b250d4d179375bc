/**
 * One inter-practice agreement (issue 16: a sub-app): a version's page, a new version, a practice's
 * response and the LMC's. app.ts has resolved the
 * session and checked every POST's CSRF token; `can()` decides each request here, and the use cases
 * decide again inside their transactions (they are the authority: the checks here only choose between
 * a page, a sign-in redirect and a 403).
 */
import { Hono } from 'hono';
import { issueVersion } from '../../../app/agreements/agreements.ts';
import { findCommissioner } from '../../../app/agreements/members.ts';
import { type AgreementVersionView, getAgreementVersion } from '../../../app/agreements/read.ts';
import { recordLmcResponse, respondToAgreement } from '../../../app/agreements/responses.ts';
import { organisationNames } from '../../../app/browse/organisation-names-read.ts';
import type { Clock } from '../../../app/clock.ts';
import type { AgreementDecision, Db, LmcPosition } from '../../../app/db.ts';
import { isUseCaseError } from '../../../app/use-case-error.ts';
import { lmcAuthority } from '../../../domain/agreements/authority.ts';
import { can } from '../../../domain/policy.ts';
import { readForm } from '../../forms.ts';
import {
  agreementFormPage,
  agreementPage,
  type PreviewData,
} from '../../pages/agreements/agreement-pages.ts';
import type { FormState } from '../../pages/agreements/parts.ts';
import { forbiddenPage, notFoundPage } from '../../pages/errors.ts';
import type { RouteContext, RouteEnv } from '../../request.ts';
import { LMC_FORM, RESPONSE_FORM, VERSION_FORM } from './forms.ts';
import { denyView, failure, fieldErrors, previewOf, viewer } from './page-helpers.ts';
import { ID, practicesActedFor } from './shared.ts';

type Ctx = RouteContext;

async function renderAgreement(
  db: Db,
  c: Ctx,
  view: AgreementVersionView,
  extra: { form?: FormState; problem?: string | null } = {},
  status: 200 | 400 | 409 = 200,
): Promise<Response> {
  const session = c.get('session');
  const user = session?.user ?? null;
  const commissioner = await findCommissioner(db, view.commissionerCode);
  const target = { organisationCode: commissioner.code, ancestors: commissioner.ancestors };
  const waiting = new Map(view.notResponded.map((p) => [p.practiceCode, p.practiceName]));
  const respondFor = view.isCurrent
    ? practicesActedFor(session, 'respond_to_agreement')
        .filter((code) => waiting.has(code))
        .map((code) => ({ code, name: waiting.get(code)! }))
    : [];
  const canRespondAsLmc =
    view.isCurrent &&
    view.lmcResponse === null &&
    user !== null &&
    can(user, 'respond_as_lmc', target).allowed &&
    lmcAuthority(user.roles, commissioner.code, commissioner.ancestors) !== null;
  const subIcbCodes = view.status.bySubIcb.map((s) => s.subIcbCode).filter((x): x is string => x !== null);
  const names = await organisationNames(db, subIcbCodes);
  return c.html(
    agreementPage({
      viewer: viewer(c),
      view,
      subIcbNames: new Map(names.map((n) => [n.code, n.name])),
      respondFor,
      canRespondAsLmc,
      canIssueVersion: user !== null && can(user, 'manage_agreements', target).allowed,
      form: extra.form,
      problem: extra.problem ?? null,
    }),
    status,
  );
}

async function versionForm(
  db: Db,
  c: Ctx,
  form: FormState | null,
  preview: PreviewData | null,
  status: 200 | 400 = 200,
) {
  const id = c.req.param('id') ?? '';
  if (!ID.test(id)) return c.html(notFoundPage(viewer(c), 'Agreement not found'), 404);
  let view: AgreementVersionView;
  try {
    view = await getAgreementVersion(db, Number(id));
  } catch (error) {
    return failure(c, error);
  }
  const commissioner = await findCommissioner(db, view.commissionerCode);
  const decision = can(c.get('session')?.user ?? null, 'manage_agreements', {
    organisationCode: commissioner.code,
    ancestors: commissioner.ancestors,
  });
  if (!decision.allowed) return c.html(forbiddenPage(viewer(c), decision.reason), 403);
  return c.html(
    agreementFormPage({
      viewer: viewer(c),
      agreement: {
        id: view.agreementId,
        title: view.title,
        commissionerCode: view.commissionerCode,
        nextVersion: view.version.version + 1,
      },
      form: form ?? { values: { body: view.body }, errors: [] },
      preview,
    }),
    status,
  );
}

/** A refused or invalid response: the agreement page again, saying why. */
async function agreementWithProblem(
  db: Db,
  c: Ctx,
  id: number,
  error: unknown,
  values: Record<string, string>,
) {
  if (!(isUseCaseError(error, 'invalid') || isUseCaseError(error, 'conflict'))) {
    return failure(c, error);
  }
  const view = await getAgreementVersion(db, id);
  return error.kind === 'invalid'
    ? renderAgreement(db, c, view, { form: { values, errors: fieldErrors(error, 'decision') } }, 400)
    : renderAgreement(db, c, view, { problem: error.message }, 409);
}

type Options = { db: Db; now: Clock };

/** The sub-apps in the order their routes were registered before the split. */
export function agreementRoutes(options: Options): Hono<RouteEnv> {
  return new Hono<RouteEnv>()
    .route('/', agreementVersionRoutes(options))
    .route('/', newVersionRoutes(options))
    .route('/', responseRoutes(options));
}

/** A version's page: the current one or any earlier. */
function agreementVersionRoutes({ db }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  const showAgreement = async (c: Ctx, version: number | null): Promise<Response> => {
    const denied = denyView(c);
    if (denied) return denied;
    const id = c.req.param('id') ?? '';
    if (!ID.test(id)) return c.html(notFoundPage(viewer(c), 'Agreement not found'), 404);
    try {
      return await renderAgreement(db, c, await getAgreementVersion(db, Number(id), version));
    } catch (error) {
      return failure(c, error);
    }
  };

  app.get('/agreements/:id', (c) => showAgreement(c, null));
  app.get('/agreements/:id/versions/:version', (c) => {
    const v = c.req.param('version');
    if (!ID.test(v)) return c.html(notFoundPage(viewer(c), 'Version not found'), 404);
    return showAgreement(c, Number(v));
  });

  return app;
}

/** A new version: its form (with a preview) and its issue. */
function newVersionRoutes({ db, now }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  app.get('/agreements/:id/new-version', (c) => denyView(c) ?? versionForm(db, c, null, null));

  app.post('/agreements/:id/versions', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return c.html(notFoundPage(viewer(c), 'Agreement not found'), 404);
    const f = await readForm(c, VERSION_FORM);
    const values = { body: f.body, change_note: f.change_note };
    if (f.intent === 'preview') {
      const { preview, errors } = previewOf(values.body);
      return versionForm(db, c, { values, errors }, preview, errors.length ? 400 : 200);
    }
    try {
      await issueVersion(
        db,
        c.get('session')!.user,
        Number(id),
        { body: values.body, changeNote: values.change_note },
        { now: now() },
      );
      return c.redirect(`/agreements/${id}`, 303);
    } catch (error) {
      if (isUseCaseError(error, 'invalid')) {
        return versionForm(db, c, { values, errors: fieldErrors(error, 'body') }, null, 400);
      }
      return failure(c, error);
    }
  });

  return app;
}

/** A practice's response and the LMC's. */
function responseRoutes({ db, now }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  app.post('/agreements/:id/respond', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return c.html(notFoundPage(viewer(c), 'Agreement not found'), 404);
    const f = await readForm(c, RESPONSE_FORM);
    const values = {
      practice_code: f.practice_code,
      decision: f.decision,
      reason: f.reason,
    };
    try {
      await respondToAgreement(
        db,
        c.get('session')!.user,
        {
          versionId: Number(f.version_id) || 0,
          practiceCode: values.practice_code,
          decision: values.decision as AgreementDecision,
          reason: values.reason,
        },
        { now: now() },
      );
      return c.redirect(`/agreements/${id}#signed-line`, 303);
    } catch (error) {
      return agreementWithProblem(db, c, Number(id), error, values);
    }
  });

  app.post('/agreements/:id/lmc-response', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return c.html(notFoundPage(viewer(c), 'Agreement not found'), 404);
    const f = await readForm(c, LMC_FORM);
    const values = { position: f.position, response: f.response };
    try {
      await recordLmcResponse(
        db,
        c.get('session')!.user,
        {
          versionId: Number(f.version_id) || 0,
          position: values.position as LmcPosition,
          response: values.response,
        },
        { now: now() },
      );
      return c.redirect(`/agreements/${id}#lmc`, 303);
    } catch (error) {
      return agreementWithProblem(db, c, Number(id), error, values);
    }
  });

  return app;
}
