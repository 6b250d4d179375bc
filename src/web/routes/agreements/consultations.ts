/** Member consultations (issue 16: a sub-app): the list, a new consultation, one consultation and its vote. */
import { Hono } from 'hono';
import {
  castVote,
  createConsultation,
  getConsultation,
  listConsultations,
} from '../../../app/agreements/consultations.ts';
import { organisationNames } from '../../../app/browse/organisation-names-read.ts';
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import { isUseCaseError } from '../../../app/use-case-error.ts';
import { readForm } from '../../forms.ts';
import {
  consultationFormPage,
  consultationPage,
  consultationsListPage,
} from '../../pages/agreements/consultation-pages.ts';
import type { FormState } from '../../pages/agreements/parts.ts';
import { forbiddenPage, notFoundPage } from '../../pages/errors.ts';
import type { RouteContext, RouteEnv } from '../../request.ts';
import { CONSULTATION_FORM, VOTE_FORM } from './forms.ts';
import { defaultCommissioner, denyView, failure, fieldErrors, viewer } from './page-helpers.ts';
import { ID, managesSomewhere, practicesActedFor } from './shared.ts';

type Ctx = RouteContext;

type Options = { db: Db; now: Clock };

/** The list and opening one, then one consultation: the order their routes were registered before the split. */
export function consultationRoutes(options: Options): Hono<RouteEnv> {
  return new Hono<RouteEnv>()
    .route('/', consultationListRoutes(options))
    .route('/', oneConsultationRoutes(options));
}

/** The list of consultations, and opening a new one. */
function consultationListRoutes({ db, now }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

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
    const f = await readForm(c, CONSULTATION_FORM);
    const values = f;
    try {
      const created = await createConsultation(
        db,
        c.get('session')!.user,
        {
          commissionerCode: values.commissioner,
          title: values.title,
          question: values.question,
          description: values.description,
          options: values.options.split(/\r?\n/),
          opensOn: values.opens_on.trim(),
          closesOn: values.closes_on.trim(),
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

  return app;
}

/** One consultation: its page and the practices' votes. */
function oneConsultationRoutes({ db, now }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

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
    const names = await organisationNames(db, eligible);
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
    const f = await readForm(c, VOTE_FORM);
    const values = { practice_code: f.practice_code, option: f.option };
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

  return app;
}
