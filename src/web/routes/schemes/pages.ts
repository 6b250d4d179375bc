/**
 * The incentive scheme pages and their JSON twins (docs/schemes.md; issue 16: a sub-app): the scheme
 * list, a definition, a calculation with its approval, distribution and appeals, a practice's statement
 * (HTML, CSV, Excel), the reconciliation, the what-if with its equity view, and the payable file. Who
 * may do what is `can()`, asked by the use cases; a refusal goes to app.onError. The writes are in
 * writes.ts.
 */
import { Hono } from 'hono';
import type { Actor } from '../../../app/actor.ts';
import { authorise } from '../../../app/authorise.ts';
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import { appealsOf, statementFor } from '../../../app/schemes/appeals.ts';
import { overrideOf, submissionBlocks } from '../../../app/schemes/approval.ts';
import { approvalOf } from '../../../app/schemes/approval-state.ts';
import {
  calculationTotals,
  latestDefinition,
  listSchemes,
  openMeetings,
} from '../../../app/schemes/browse.ts';
import { definitionOf, findCalculation } from '../../../app/schemes/context.ts';
import { distributionsOf } from '../../../app/schemes/distribution.ts';
import { payableFileCsv } from '../../../app/schemes/payable.ts';
import { reconcileCalculation, reconciliationCsv } from '../../../app/schemes/reconciliation.ts';
import { listStandingRules, standingRulesFor } from '../../../app/schemes/standing-rules.ts';
import { runWhatIf } from '../../../app/schemes/what-if.ts';
import { UseCaseError } from '../../../app/use-case-error.ts';
import { can, canSomewhere } from '../../../domain/policy.ts';
import { type ApiRouteDescription, describeApiRoute, type Json } from '../../api/openapi.ts';
import { toCsv } from '../../exports/csv.ts';
import { fileNameFor } from '../../exports/data-table.ts';
import { toXlsx } from '../../exports/xlsx.ts';
import { calculationPage } from '../../pages/schemes/calculation.ts';
import { definitionPage, schemeListPage } from '../../pages/schemes/definition.ts';
import { reconciliationPage } from '../../pages/schemes/reconciliation.ts';
import { standingRulesPage } from '../../pages/schemes/standing-rules.ts';
import { statementPage, statementTable } from '../../pages/schemes/statement.ts';
import { whatIfPage } from '../../pages/schemes/what-if.ts';
import { actorOf, idParam, ORG_CODE, type RouteContext, type RouteEnv } from '../../request.ts';
import {
  CALCULATION_SCHEMA,
  DEFINITION_SCHEMA,
  SCHEME_LIST_SCHEMA,
  STANDING_RULES_SCHEMA,
  STATEMENT_SCHEMA,
  WHAT_IF_QUERY,
  WHAT_IF_SCHEMA,
} from '../../schemes/openapi-schemas.ts';
import {
  calculationJson,
  definitionJson,
  standingRuleListJson,
  statementJson,
  type WhatIfView,
  whatIfJson,
} from '../../schemes/views.ts';
import { whatIfChanges } from './what-if-query.ts';

type Ctx = RouteContext;

const SCHEME_CODE = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/**
 * A page and its JSON twin under /api: one loader (which authorises through the use cases, so both
 * refuse alike), rendered as HTML or returned as JSON, and described in /api/openapi.json.
 */
function pageAndApi<V>(
  app: Hono<RouteEnv>,
  path: string,
  api: { summary: string; access: string; query?: ApiRouteDescription['query']; responseSchema: Json },
  load: (c: Ctx, actor: Actor | null) => Promise<V>,
  render: (c: Ctx, view: V, actor: Actor | null) => Response | Promise<Response>,
  json: (view: V) => object = (view) => view as object,
): void {
  app.get(path, async (c: Ctx) => {
    const actor = actorOf(c);
    return render(c, await load(c, actor), actor);
  });
  app.get(`/api${path}`, async (c: Ctx) => {
    c.header('Cache-Control', 'no-store');
    return c.json(json(await load(c, actorOf(c))));
  });
  describeApiRoute({ method: 'get', path: `/api${path}`, tag: 'schemes', ...api });
}

type Options = { db: Db; now: Clock };

/** The sub-apps in the order their routes were registered before the split: `/schemes/:code` last. */
export function schemePageRoutes(options: Options): Hono<RouteEnv> {
  return new Hono<RouteEnv>()
    .route('/', schemeListRoutes(options))
    .route('/', calculationRoutes(options))
    .route('/', statementRoutes(options))
    .route('/', whatIfRoutes(options))
    .route('/', schemeDefinitionRoutes(options));
}

/** The scheme list and the standing rules. */
function schemeListRoutes({ db }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  pageAndApi(
    app,
    '/schemes',
    {
      summary: 'The incentive schemes and their calculations (id, period, total, approval status)',
      access: 'any signed-in role (view_schemes)',
      responseSchema: SCHEME_LIST_SCHEMA,
    },
    async (_c, actor) => ({ schemes: await listSchemes(db, actor) }),
    (c, view, actor) => {
      const own = (actor?.roles ?? [])
        .filter((r) => (r.role === 'practice_manager' || r.role === 'practice_partner') && r.organisationCode)
        .map((r) => r.organisationCode!.toUpperCase());
      return c.html(schemeListPage(c.get('viewer')!, view.schemes, [...new Set(own)]));
    },
  );

  pageAndApi(
    app,
    '/schemes/standing-rules',
    {
      summary: 'The standing rules every local scheme must pass before it can be put to the committee',
      access:
        'any signed-in role (view_schemes); canManage says whether the caller may change them (manage_standing_rules: commissioning managers, administrators)',
      responseSchema: STANDING_RULES_SCHEMA,
    },
    async (_c, actor) => ({
      rules: await listStandingRules(db, actor),
      canManage: canSomewhere(actor, 'manage_standing_rules'),
    }),
    (c, view) => c.html(standingRulesPage(c.get('viewer')!, view.rules, view.canManage)),
    standingRuleListJson,
  );

  return app;
}

/** A calculation: totals, approval, standing rules, distribution and appeals. */
function calculationRoutes({ db }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  pageAndApi(
    app,
    '/schemes/calculations/:id',
    {
      summary:
        'A calculation: totals per organisation, approval status and committee decision, a local scheme’s standing rules tested on it, a premium’s distribution decisions with the practices’ shares, and appeals',
      access: 'commissioning roles, committee members and observers (view_calculation)',
      responseSchema: CALCULATION_SCHEMA,
    },
    async (c, actor) => {
      const id = idParam(c);
      const totals = await calculationTotals(db, actor, id);
      const calculation = await findCalculation(db, id);
      const approval = await approvalOf(db, id);
      return {
        calculation,
        approval,
        totals,
        standingRules:
          calculation.kind === 'local'
            ? await standingRulesFor(db, await definitionOf(db, calculation), calculation)
            : null,
        distributions: calculation.kind === 'quality_premium' ? await distributionsOf(db, id) : [],
        appeals: await appealsOf(db, id),
      };
    },
    async (c, view, actor) =>
      c.html(
        calculationPage(c.get('viewer')!, {
          ...view,
          meetings: await openMeetings(db),
          blocks: await submissionBlocks(db, view.calculation.id),
          override: await overrideOf(db, view.calculation.id),
          canSubmit: canSomewhere(actor, 'submit_scheme'),
          canExport: can(actor, 'export_payable').allowed,
          canWhatIf: can(actor, 'run_what_if').allowed && view.calculation.source_kind !== 'inputs_file',
          canDecideAppeals: canSomewhere(actor, 'decide_appeal'),
        }),
      ),
    calculationJson,
  );

  return app;
}

/** What a calculation pays: a practice's statement, the reconciliation and the payable file. */
function statementRoutes({ db, now }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  pageAndApi(
    app,
    '/schemes/calculations/:id/statements/:code',
    {
      summary:
        'One organisation’s payment statement line by line (counts, exceptions, achievement, thresholds, points, prevalence and list-size factors, rate, £, note) and its appeals. The page also offers ?format=csv|xlsx',
      access:
        'the practice’s manager and partners once the committee has approved it (view_statement); commissioning roles, committee members and observers at any stage (view_calculation)',
      responseSchema: STATEMENT_SCHEMA,
    },
    async (c, actor) => {
      const code = (c.req.param('code') ?? '').toUpperCase();
      if (!ORG_CODE.test(code)) throw new UseCaseError('not_found', 'Statement not found');
      return statementFor(db, actor, idParam(c), code);
    },
    (c, view, actor) => {
      const format = c.req.query('format');
      if (format === 'csv' || format === 'xlsx') {
        const data = statementTable(view);
        c.header('Content-Disposition', `attachment; filename="${fileNameFor(data.title, format)}"`);
        if (format === 'csv') {
          c.header('Content-Type', 'text/csv; charset=utf-8');
          return c.body(toCsv(data));
        }
        c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        return c.body(toXlsx(data) as Uint8Array<ArrayBuffer>);
      }
      const target = { organisationCode: view.orgCode };
      return c.html(statementPage(c.get('viewer')!, view, can(actor, 'appeal_statement', target).allowed));
    },
    statementJson,
  );

  pageAndApi(
    app,
    '/schemes/calculations/:id/reconciliation',
    {
      summary:
        'Calculated vs paid for a QOF-style calculation: per practice, calculated points and £ beside the published points and Total QOF Payments, each line agreeing, explained or flagged',
      access: 'as the calculation (view_calculation)',
      responseSchema: { type: 'object' },
    },
    (c, actor) => reconcileCalculation(db, actor, idParam(c)),
    (c, view) => {
      if (c.req.query('format') === 'csv') {
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header(
          'Content-Disposition',
          `attachment; filename="calculated-vs-paid-calculation-${view.calculation.id}.csv"`,
        );
        return c.body(reconciliationCsv(view));
      }
      return c.html(reconciliationPage(c.get('viewer')!, view));
    },
  );

  app.get('/schemes/calculations/:id/payable.csv', async (c: Ctx) => {
    const actor = actorOf(c);
    const id = idParam(c);
    const csv = await payableFileCsv(db, actor, id, { now: now() });
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="payable-calculation-${id}.csv"`);
    return c.body(csv);
  });

  return app;
}

/** The what-if on a calculation. */
function whatIfRoutes({ db }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  pageAndApi(
    app,
    '/schemes/calculations/:id/what-if',
    {
      summary:
        'What-if: the calculation’s definition changed (£ per point, cap, and per item points, thresholds or target), its total cost, the change per practice, winners and losers, and the equity view (£ per patient by deprivation quintile and list-size band, before and after). Nothing is stored',
      access: 'commissioning analysts and managers (run_what_if)',
      query: WHAT_IF_QUERY,
      responseSchema: WHAT_IF_SCHEMA,
    },
    async (c, actor): Promise<WhatIfView> => {
      const id = idParam(c);
      const { form, changes, error } = whatIfChanges(c.req.query());
      const asked = Object.keys(form).length > 0;
      if (!asked || error) {
        // Authorise before showing the form: the refusal is the same as for a run.
        authorise(actor, 'run_what_if');
        const definition = await definitionOf(db, await findCalculation(db, id));
        if (error && c.req.path.startsWith('/api/')) throw new UseCaseError('invalid', error);
        return { id, form, error, definition, outcome: null };
      }
      const outcome = await runWhatIf(db, actor, id, changes);
      return { id, form, error: null, definition: outcome.definition, outcome };
    },
    (c, view) =>
      c.html(
        whatIfPage(c.get('viewer')!, view.outcome, view.definition, view.id, view.form, view.error),
        view.error || (view.outcome?.problems.length ?? 0) > 0 ? 400 : 200,
      ),
    whatIfJson,
  );

  return app;
}

/** A scheme's latest definition, as a page and as its JSON file. */
function schemeDefinitionRoutes({ db }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  pageAndApi(
    app,
    '/schemes/:code',
    {
      summary:
        'A scheme’s latest definition and, for a local scheme, each standing rule with whether it passes and why',
      access: 'any signed-in role (view_schemes)',
      responseSchema: DEFINITION_SCHEMA,
    },
    async (c, actor) => {
      const code = c.req.param('code') ?? '';
      if (!SCHEME_CODE.test(code)) throw new UseCaseError('not_found', 'Scheme not found');
      const definition = await latestDefinition(db, actor, code);
      return { definition, standingRules: await standingRulesFor(db, definition, null) };
    },
    (c, view) => c.html(definitionPage(c.get('viewer')!, view.definition, view.standingRules)),
    definitionJson,
  );

  app.get('/schemes/:code/definition.json', async (c: Ctx) => {
    const actor = actorOf(c);
    const code = c.req.param('code') ?? '';
    if (!SCHEME_CODE.test(code)) throw new UseCaseError('not_found', 'Scheme not found');
    return c.json(await latestDefinition(db, actor, code));
  });

  return app;
}
