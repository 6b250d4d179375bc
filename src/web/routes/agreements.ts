/**
 * Routes for inter-practice agreements and member consultations: the pages under /agreements and
 * /consultations, and the JSON API under /api/agreements and /api/consultations (agreements-api.ts).
 * app.ts has already resolved the session and checked every POST's CSRF token; here `can()` decides
 * each request, and the use cases decide again inside their transactions (they are the authority:
 * the checks here only choose between a page, a sign-in redirect and a 403).
 */

import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { createAgreement, issueVersion } from '../../app/agreements/agreements.ts';
import {
  castVote,
  createConsultation,
  getConsultation,
  listConsultations,
} from '../../app/agreements/consultations.ts';
import { findCommissioner } from '../../app/agreements/members.ts';
import { type AgreementVersionView, getAgreementVersion, listAgreements } from '../../app/agreements/read.ts';
import { recordLmcResponse, respondToAgreement } from '../../app/agreements/responses.ts';
import type { ActiveSession } from '../../app/auth/sessions.ts';
import type { Clock } from '../../app/clock.ts';
import { isUseCaseError, type UseCaseError } from '../../app/use-case-error.ts';
import { lmcAuthority } from '../../domain/agreements/authority.ts';
import type { Clause } from '../../domain/agreements/clauses.ts';
import { parseAgreementDocument } from '../../domain/agreements/document.ts';
import { guidanceChecks } from '../../domain/agreements/guidance.ts';
import { can } from '../../domain/policy.ts';
import type { AgreementDecision, Database, LmcPosition } from '../../store/schema.ts';
import type { FieldError } from '../components.ts';
import type { Viewer } from '../layout.ts';
import {
  agreementFormPage,
  agreementPage,
  agreementsListPage,
  type PreviewData,
} from '../pages/agreements/agreement-pages.ts';
import {
  consultationFormPage,
  consultationPage,
  consultationsListPage,
} from '../pages/agreements/consultation-pages.ts';
import type { FormState } from '../pages/agreements/parts.ts';
import { forbiddenPage, notFoundPage } from '../pages/errors.ts';
import { formString, type RouteContext, type RouteEnv } from '../request.ts';
import { registerAgreementApi } from './agreements-api.ts';
import { ID, managesSomewhere, practicesActedFor } from './agreements-shared.ts';

export interface AgreementRouteOptions {
  db: Kysely<Database>;
  now: Clock;
}

type Ctx = RouteContext;

function defaultCommissioner(session: ActiveSession | null): string {
  return session?.user.roles.find((r) => r.role === 'commissioning_manager')?.organisationCode ?? '';
}

export function registerAgreementRoutes(app: Hono<RouteEnv>, options: AgreementRouteOptions): void {
  const { db, now } = options;
  const viewer = (c: Ctx): Viewer => c.get('viewer')!;

  /** Null when the reader may see agreements; else the sign-in redirect or the 403 page. */
  const denyView = (c: Ctx): Response | null => {
    const session = c.get('session');
    const decision = can(session?.user ?? null, 'view_agreements');
    if (decision.allowed) return null;
    if (!session) return c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
    return c.html(forbiddenPage(c.get('viewer'), decision.reason), 403);
  };

  /** The page for an error a use case raised; anything else is a bug and goes to app.onError. */
  const failure = (c: Ctx, error: unknown): Response => {
    if (!isUseCaseError(error)) throw error;
    if (error.kind === 'forbidden') return c.html(forbiddenPage(c.get('viewer'), error.message), 403);
    if (error.kind === 'not_found') return c.html(notFoundPage(c.get('viewer'), 'Not found'), 404);
    throw error;
  };

  const fieldErrors = (error: UseCaseError, fallback: string): FieldError[] => [
    {
      field: error.field ?? fallback,
      message: error.message.charAt(0).toUpperCase() + error.message.slice(1),
    },
  ];

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

  const previewOf = (body: string): { preview: PreviewData | null; errors: FieldError[] } => {
    const parsed = parseAgreementDocument(body);
    if (!parsed.ok) {
      return {
        preview: null,
        errors: parsed.problems.map((p) => ({
          field: 'body',
          message: `${p.line === null ? '' : `Line ${p.line}: `}${p.message}`,
        })),
      };
    }
    return { preview: previewData(parsed.document), errors: [] };
  };

  // app.ts refuses a POST without a live session's CSRF token, so every POST below has a session.
  app.post('/agreements', async (c) => {
    const body = await c.req.parseBody();
    const values = Object.fromEntries(
      ['commissioner', 'title', 'body', 'change_note'].map((k) => [k, formString(body, k)]),
    );
    const session = c.get('session')!;
    if (formString(body, 'intent') === 'preview') {
      // Checking the guidance changes nothing, but only those who could issue are offered it.
      if (!managesSomewhere(session))
        return c.html(forbiddenPage(viewer(c), 'only a commissioning manager may draft an agreement'), 403);
      const { preview, errors } = previewOf(values.body ?? '');
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
          commissionerCode: values.commissioner ?? '',
          title: values.title ?? '',
          body: values.body ?? '',
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

  const renderAgreement = async (
    c: Ctx,
    view: AgreementVersionView,
    extra: { form?: FormState; problem?: string | null } = {},
    status: 200 | 400 | 409 = 200,
  ): Promise<Response> => {
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
    const names =
      subIcbCodes.length === 0
        ? []
        : await db
            .selectFrom('organisation')
            .select(['code', 'name'])
            .where('code', 'in', subIcbCodes)
            .execute();
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
  };

  const showAgreement = async (c: Ctx, version: number | null): Promise<Response> => {
    const denied = denyView(c);
    if (denied) return denied;
    const id = c.req.param('id') ?? '';
    if (!ID.test(id)) return c.html(notFoundPage(viewer(c), 'Agreement not found'), 404);
    try {
      return await renderAgreement(c, await getAgreementVersion(db, Number(id), version));
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

  const versionForm = async (
    c: Ctx,
    form: FormState | null,
    preview: PreviewData | null,
    status: 200 | 400 = 200,
  ) => {
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
  };

  app.get('/agreements/:id/new-version', (c) => denyView(c) ?? versionForm(c, null, null));

  app.post('/agreements/:id/versions', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return c.html(notFoundPage(viewer(c), 'Agreement not found'), 404);
    const body = await c.req.parseBody();
    const values = { body: formString(body, 'body'), change_note: formString(body, 'change_note') };
    if (formString(body, 'intent') === 'preview') {
      const { preview, errors } = previewOf(values.body);
      return versionForm(c, { values, errors }, preview, errors.length ? 400 : 200);
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
        return versionForm(c, { values, errors: fieldErrors(error, 'body') }, null, 400);
      }
      return failure(c, error);
    }
  });

  /** A refused or invalid response: the agreement page again, saying why. */
  const agreementWithProblem = async (c: Ctx, id: number, error: unknown, values: Record<string, string>) => {
    if (!(isUseCaseError(error, 'invalid') || isUseCaseError(error, 'conflict'))) {
      return failure(c, error);
    }
    const view = await getAgreementVersion(db, id);
    return error.kind === 'invalid'
      ? renderAgreement(c, view, { form: { values, errors: fieldErrors(error, 'decision') } }, 400)
      : renderAgreement(c, view, { problem: error.message }, 409);
  };

  app.post('/agreements/:id/respond', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return c.html(notFoundPage(viewer(c), 'Agreement not found'), 404);
    const body = await c.req.parseBody();
    const values = {
      practice_code: formString(body, 'practice_code'),
      decision: formString(body, 'decision'),
      reason: formString(body, 'reason'),
    };
    try {
      await respondToAgreement(
        db,
        c.get('session')!.user,
        {
          versionId: Number(formString(body, 'version_id')) || 0,
          practiceCode: values.practice_code,
          decision: values.decision as AgreementDecision,
          reason: values.reason,
        },
        { now: now() },
      );
      return c.redirect(`/agreements/${id}#signed-line`, 303);
    } catch (error) {
      return agreementWithProblem(c, Number(id), error, values);
    }
  });

  app.post('/agreements/:id/lmc-response', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return c.html(notFoundPage(viewer(c), 'Agreement not found'), 404);
    const body = await c.req.parseBody();
    const values = { position: formString(body, 'position'), response: formString(body, 'response') };
    try {
      await recordLmcResponse(
        db,
        c.get('session')!.user,
        {
          versionId: Number(formString(body, 'version_id')) || 0,
          position: values.position as LmcPosition,
          response: values.response,
        },
        { now: now() },
      );
      return c.redirect(`/agreements/${id}#lmc`, 303);
    } catch (error) {
      return agreementWithProblem(c, Number(id), error, values);
    }
  });

  // ---- Consultations ----

  app.get('/consultations', async (c) => {
    const denied = denyView(c);
    if (denied) return denied;
    return c.html(
      consultationsListPage(
        viewer(c),
        await listConsultations(db, { now: now() }),
        managesSomewhere(c.get('session')),
      ),
    );
  });

  app.get('/consultations/new', (c) => {
    const denied = denyView(c);
    if (denied) return denied;
    if (!managesSomewhere(c.get('session'))) {
      return c.html(forbiddenPage(viewer(c), 'only a commissioning manager may start a consultation'), 403);
    }
    return c.html(
      consultationFormPage(viewer(c), {
        values: { commissioner: defaultCommissioner(c.get('session')) },
        errors: [],
      }),
    );
  });

  app.post('/consultations', async (c) => {
    const body = await c.req.parseBody();
    const values = Object.fromEntries(
      ['commissioner', 'title', 'question', 'description', 'options', 'opens_on', 'closes_on'].map((k) => [
        k,
        formString(body, k),
      ]),
    );
    try {
      const created = await createConsultation(
        db,
        c.get('session')!.user,
        {
          commissionerCode: values.commissioner ?? '',
          title: values.title ?? '',
          question: values.question ?? '',
          description: values.description,
          options: (values.options ?? '').split(/\r?\n/),
          opensOn: (values.opens_on ?? '').trim(),
          closesOn: (values.closes_on ?? '').trim(),
        },
        { now: now() },
      );
      return c.redirect(`/consultations/${created.id}`, 303);
    } catch (error) {
      if (
        isUseCaseError(error) &&
        (error.kind === 'invalid' || (error.kind === 'not_found' && error.field))
      ) {
        return c.html(consultationFormPage(viewer(c), { values, errors: fieldErrors(error, 'title') }), 400);
      }
      return failure(c, error);
    }
  });

  const renderConsultation = async (
    c: Ctx,
    id: number,
    extra: { form?: FormState; problem?: string | null } = {},
    status: 200 | 400 | 409 = 200,
  ): Promise<Response> => {
    const session = c.get('session');
    const actingFor = practicesActedFor(session, 'vote_in_consultation');
    const view = await getConsultation(db, id, { now: now(), practiceCodes: actingFor });
    const voted = new Set(view.practiceVotes.filter((p) => p.option !== null).map((p) => p.practiceCode));
    const eligible = view.practiceVotes.filter((p) => !voted.has(p.practiceCode)).map((p) => p.practiceCode);
    const names =
      eligible.length === 0
        ? []
        : await db
            .selectFrom('organisation')
            .select(['code', 'name'])
            .where('code', 'in', eligible)
            .execute();
    return c.html(
      consultationPage({
        viewer: viewer(c),
        view,
        voteFor: names
          .map((n) => ({ code: n.code, name: n.name }))
          .sort((a, b) => a.code.localeCompare(b.code)),
        form: extra.form,
        problem: extra.problem ?? null,
      }),
      status,
    );
  };

  app.get('/consultations/:id', async (c) => {
    const denied = denyView(c);
    if (denied) return denied;
    const id = c.req.param('id');
    if (!ID.test(id)) return c.html(notFoundPage(viewer(c), 'Consultation not found'), 404);
    try {
      return await renderConsultation(c, Number(id));
    } catch (error) {
      return failure(c, error);
    }
  });

  app.post('/consultations/:id/vote', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return c.html(notFoundPage(viewer(c), 'Consultation not found'), 404);
    const body = await c.req.parseBody();
    const values = { practice_code: formString(body, 'practice_code'), option: formString(body, 'option') };
    try {
      await castVote(
        db,
        c.get('session')!.user,
        {
          consultationId: Number(id),
          practiceCode: values.practice_code,
          optionIndex: /^\d{1,3}$/.test(values.option) ? Number(values.option) : -1,
        },
        { now: now() },
      );
      return c.redirect(`/consultations/${id}`, 303);
    } catch (error) {
      if (isUseCaseError(error, 'invalid')) {
        return renderConsultation(
          c,
          Number(id),
          { form: { values, errors: fieldErrors(error, 'option') } },
          400,
        );
      }
      if (isUseCaseError(error, 'conflict')) {
        return renderConsultation(c, Number(id), { problem: error.message }, 409);
      }
      return failure(c, error);
    }
  });

  registerAgreementApi(app, { db, now });
}

function previewData(document: { title: string | null; clauses: Clause[] }): PreviewData {
  return { title: document.title, clauses: document.clauses, flags: guidanceChecks(document.clauses) };
}
