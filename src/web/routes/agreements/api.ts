/**
 * The JSON API for agreements and consultations, with the pages' authorisation: reading needs
 * `view_agreements`; writes are the same use cases, posted as forms with the session's csrf_token
 * (app.ts checks it before any route runs). Errors are `{ "error": message, "field": name | null }`
 * with 400 (invalid), 401 (not signed in), 403 (not allowed), 404 (not found) or 409 (refused: a
 * second vote, a replaced version …). Dates are ISO 8601; missing numbers are null.
 */
import { Hono } from 'hono';
import { createAgreement, issueVersion } from '../../../app/agreements/agreements.ts';
import {
  castVote,
  createConsultation,
  getConsultation,
  listConsultations,
} from '../../../app/agreements/consultations.ts';
import { getAgreementVersion, listAgreements } from '../../../app/agreements/read.ts';
import { recordLmcResponse, respondToAgreement } from '../../../app/agreements/responses.ts';
import type { AgreementDecision, Db, LmcPosition } from '../../../app/db.ts';
import { UseCaseError } from '../../../app/use-case-error.ts';
import { parseAgreementDocument } from '../../../domain/agreements/document.ts';
import { guidanceChecks } from '../../../domain/agreements/guidance.ts';
import { can } from '../../../domain/policy.ts';
import { type ApiRouteDescription, describeApiRoute } from '../../api/openapi.ts';
import { problem, problemOf } from '../../api/problem.ts';
import { readForm } from '../../forms.ts';
import type { RouteContext, RouteEnv } from '../../request.ts';
import {
  AGREEMENT_FORM,
  CONSULTATION_FORM,
  LMC_FORM,
  RESPONSE_FORM,
  VERSION_FORM,
  VOTE_FORM,
} from './forms.ts';
import { ID, practicesActedFor } from './shared.ts';

type Ctx = RouteContext;

const denyRead = (c: Ctx): Response | null => {
  const session = c.get('session');
  const decision = can(session?.user ?? null, 'view_agreements');
  if (decision.allowed) return null;
  return problemOf(c, 'forbidden', decision.reason);
};
const badId = (c: Ctx): Response => problemOf(c, 'not_found', 'not found');
const user = (c: Ctx) => {
  const session = c.get('session');
  if (!session) throw new UseCaseError('forbidden', 'sign in required');
  return session.user;
};

type Options = { db: Db; now: () => Date };

/** The sub-apps in the order their routes were registered before the split. */
export function agreementApiRoutes(options: Options): Hono<RouteEnv> {
  for (const route of API_ROUTES) describeApiRoute(route);
  return new Hono<RouteEnv>()
    .route('/', agreementReadApi(options))
    .route('/', agreementWriteApi(options))
    .route('/', consultationApi(options));
}

/** Reading agreements, and checking a document before it is issued. */
function agreementReadApi({ db }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();
  app.get('/api/agreements', async (c) => denyRead(c) ?? c.json({ agreements: await listAgreements(db) }));

  const version = async (c: Ctx, n: number | null): Promise<Response> => {
    const denied = denyRead(c);
    if (denied) return denied;
    const id = c.req.param('id') ?? '';
    if (!ID.test(id)) return badId(c);
    return c.json(await getAgreementVersion(db, Number(id), n));
  };
  app.get('/api/agreements/:id', (c) => version(c, null));
  app.get('/api/agreements/:id/versions/:version', (c) => {
    const v = c.req.param('version');
    return ID.test(v) ? version(c, Number(v)) : badId(c);
  });
  app.get('/api/agreements/:id/status', async (c) => {
    const denied = denyRead(c);
    if (denied) return denied;
    const id = c.req.param('id');
    if (!ID.test(id)) return badId(c);
    const v = await getAgreementVersion(db, Number(id));
    return c.json({ agreementId: v.agreementId, version: v.version.version, ...v.status });
  });

  app.post('/api/agreements/check', async (c) => {
    const denied = denyRead(c);
    if (denied) return denied;
    const parsed = parseAgreementDocument((await readForm(c, VERSION_FORM)).body);
    if (!parsed.ok)
      return problem(c, 400, null, 'the document cannot be read', {
        field: 'body',
        problems: parsed.problems,
      });
    return c.json({ clauses: parsed.document.clauses, flags: guidanceChecks(parsed.document.clauses) });
  });

  return app;
}

/** Issuing agreements and versions, and the practices' and the LMC's responses. */
function agreementWriteApi({ db, now }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  app.post('/api/agreements', async (c) => {
    const f = await readForm(c, AGREEMENT_FORM);
    const issued = await createAgreement(
      db,
      user(c),
      {
        commissionerCode: f.commissioner,
        title: f.title,
        body: f.body,
        changeNote: f.change_note,
      },
      { now: now() },
    );
    return c.json(issued, 201);
  });

  app.post('/api/agreements/:id/versions', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return badId(c);
    const f = await readForm(c, VERSION_FORM);
    const issued = await issueVersion(
      db,
      user(c),
      Number(id),
      { body: f.body, changeNote: f.change_note },
      { now: now() },
    );
    return c.json(issued, 201);
  });

  app.post('/api/agreements/:id/responses', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return badId(c);
    const f = await readForm(c, RESPONSE_FORM);
    // The version defaults to the agreement's current one.
    const versionId = Number(f.version_id) || (await getAgreementVersion(db, Number(id))).version.id;
    await respondToAgreement(
      db,
      user(c),
      {
        versionId,
        practiceCode: f.practice_code,
        decision: f.decision as AgreementDecision,
        reason: f.reason,
      },
      { now: now() },
    );
    return c.json({ recorded: true }, 201);
  });

  app.post('/api/agreements/:id/lmc-response', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return badId(c);
    const f = await readForm(c, LMC_FORM);
    const versionId = Number(f.version_id) || (await getAgreementVersion(db, Number(id))).version.id;
    await recordLmcResponse(
      db,
      user(c),
      {
        versionId,
        position: f.position as LmcPosition,
        response: f.response,
      },
      { now: now() },
    );
    return c.json({ recorded: true }, 201);
  });

  return app;
}

/** Consultations: reading them, opening one, and the practices' votes. */
function consultationApi({ db, now }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  app.get(
    '/api/consultations',
    async (c) => denyRead(c) ?? c.json({ consultations: await listConsultations(db, { now: now() }) }),
  );

  app.get('/api/consultations/:id', async (c) => {
    const denied = denyRead(c);
    if (denied) return denied;
    const id = c.req.param('id');
    if (!ID.test(id)) return badId(c);
    const practiceCodes = practicesActedFor(c.get('session'), 'vote_in_consultation');
    return c.json(await getConsultation(db, Number(id), { now: now(), practiceCodes }));
  });

  app.post('/api/consultations', async (c) => {
    const f = await readForm(c, CONSULTATION_FORM);
    const created = await createConsultation(
      db,
      user(c),
      {
        commissionerCode: f.commissioner,
        title: f.title,
        question: f.question,
        description: f.description,
        options: f.options.split(/\r?\n/),
        opensOn: f.opens_on.trim(),
        closesOn: f.closes_on.trim(),
      },
      { now: now() },
    );
    return c.json(created, 201);
  });

  app.post('/api/consultations/:id/votes', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return badId(c);
    const f = await readForm(c, VOTE_FORM);
    const option = f.option;
    await castVote(
      db,
      user(c),
      {
        consultationId: Number(id),
        practiceCode: f.practice_code,
        optionIndex: /^\d{1,3}$/.test(option) ? Number(option) : -1,
      },
      { now: now() },
    );
    return c.json({ recorded: true }, 201);
  });
  return app;
}

const READ = 'any signed-in role (view_agreements)';
const A = 'Agreements';
const C = 'Consultations';

/** Described in /api/openapi.json (src/web/api/openapi.ts). */
const API_ROUTES: ApiRouteDescription[] = [
  {
    method: 'get',
    path: '/api/agreements',
    summary: 'Agreements, each with its current version’s status',
    tag: A,
    access: READ,
  },
  {
    method: 'get',
    path: '/api/agreements/:id',
    summary:
      'The current version: clauses, guidance flags, status per sub-ICB location, responses, LMC response',
    tag: A,
    access: READ,
  },
  {
    method: 'get',
    path: '/api/agreements/:id/versions/:version',
    summary: 'One version of an agreement',
    tag: A,
    access: READ,
  },
  {
    method: 'get',
    path: '/api/agreements/:id/status',
    summary: 'Signed, vetoed and not yet responded, in all and per sub-ICB location',
    tag: A,
    access: READ,
  },
  {
    method: 'post',
    path: '/api/agreements/check',
    summary: 'Parse a draft and run the guidance checks (changes nothing)',
    tag: A,
    access: READ,
    formFields: ['body'],
  },
  {
    method: 'post',
    path: '/api/agreements',
    summary: 'Create an agreement and issue version 1 to the commissioner’s member practices',
    tag: A,
    access: 'a commissioning manager for the commissioner (manage_agreements)',
    formFields: ['commissioner', 'title', 'body', 'change_note'],
  },
  {
    method: 'post',
    path: '/api/agreements/:id/versions',
    summary: 'Issue a new version (responses to earlier versions stop counting)',
    tag: A,
    access: 'a commissioning manager for the commissioner (manage_agreements)',
    formFields: ['body', 'change_note'],
  },
  {
    method: 'post',
    path: '/api/agreements/:id/responses',
    summary: 'Sign or veto the current version for a practice (decision: signed or vetoed); final',
    tag: A,
    access: 'a partner or the practice manager of that practice (respond_to_agreement)',
    formFields: ['practice_code', 'decision', 'reason', 'version_id'],
  },
  {
    method: 'post',
    path: '/api/agreements/:id/lmc-response',
    summary:
      'Record the LMC’s response (position: supports, supports_with_changes or opposes); once a version',
    tag: A,
    access: 'an LMC representative for the commissioner (respond_as_lmc)',
    formFields: ['position', 'response', 'version_id'],
  },
  {
    method: 'get',
    path: '/api/consultations',
    summary: 'Member consultations with dates and phase',
    tag: C,
    access: READ,
  },
  {
    method: 'get',
    path: '/api/consultations/:id',
    summary: 'One consultation; results by option and turnout once voting has closed',
    tag: C,
    access: READ,
  },
  {
    method: 'post',
    path: '/api/consultations',
    summary: 'Put a proposal to the commissioner’s member practices (options: one a line)',
    tag: C,
    access: 'a commissioning manager for the commissioner (manage_agreements)',
    formFields: ['commissioner', 'title', 'question', 'description', 'options', 'opens_on', 'closes_on'],
  },
  {
    method: 'post',
    path: '/api/consultations/:id/votes',
    summary: 'Cast a practice’s one vote (option: the option’s index); a second vote is refused with 409',
    tag: C,
    access: 'a partner or the practice manager of that practice (vote_in_consultation)',
    formFields: ['practice_code', 'option'],
  },
];
