/**
 * The incentive scheme pages (docs/schemes.md): the scheme list, a definition, a calculation with its
 * approval, distribution and appeals, a practice's statement (HTML, CSV, Excel), the what-if with its
 * equity view, and the payable file. Who may do what is `canScheme` (src/domain/schemes/access.ts),
 * asked by the use cases; this module only turns their answers and refusals into responses.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { ActiveSession } from '../../app/auth/sessions.ts';
import { type Actor, GovernanceError } from '../../app/governance/context.ts';
import {
  appealsOf,
  approvalOf,
  decideAppeal,
  findCalculation,
  raiseAppeal,
  SchemeError,
  statementFor,
  submitForApproval,
} from '../../app/schemes/approval.ts';
import { calculationTotals, latestDefinition, listSchemes, openMeetings } from '../../app/schemes/browse.ts';
import { distributionsOf, proposeDistribution } from '../../app/schemes/distribution.ts';
import { payableFileCsv } from '../../app/schemes/payable.ts';
import { definitionOf, runWhatIf } from '../../app/schemes/what-if.ts';
import { canScheme } from '../../domain/schemes/access.ts';
import type { WhatIfChanges } from '../../domain/schemes/what-if.ts';
import type { Database } from '../../store/schema.ts';
import { toCsv } from '../exports/csv.ts';
import { fileNameFor } from '../exports/data-table.ts';
import { toXlsx } from '../exports/xlsx.ts';
import type { Viewer } from '../layout.ts';
import { forbiddenPage, notFoundPage } from '../pages/errors.ts';
import { calculationPage } from '../pages/schemes/calculation.ts';
import { definitionPage, schemeListPage } from '../pages/schemes/definition.ts';
import { statementPage, statementTable } from '../pages/schemes/statement.ts';
import { type WhatIfForm, whatIfPage } from '../pages/schemes/what-if.ts';

type SchemesEnv = {
  Variables: {
    session: ActiveSession | null;
    token: string | null;
    viewer: Viewer | null;
  };
};
type Ctx = Context<SchemesEnv>;

const STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 } as const;
const CODE = /^[A-Za-z0-9]{2,10}$/;
const SCHEME_CODE = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const NUMBER = /^-?\d{1,9}(\.\d{1,6})?$/;

/** Every route that changes data: the tests try each as an observer and as a visitor. */
export const SCHEME_WRITE_PATHS = [
  '/schemes/calculations/:id/submit',
  '/schemes/calculations/:id/distribution',
  '/schemes/calculations/:id/statements/:code/appeals',
  '/schemes/appeals/:id/decision',
] as const;

function actorOf(c: Ctx): Actor | null {
  const s = c.get('session');
  return s
    ? { userId: s.user.id, username: s.user.username, displayName: s.user.displayName, roles: s.user.roles }
    : null;
}

const idParam = (c: Ctx): number => {
  const raw = c.req.param('id') ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
};

async function formOf(c: Ctx): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v.trim()]] : [])),
  );
}

/** The what-if form's fields, as typed, and the changes they ask for (blank = unchanged). */
function whatIfChanges(query: Record<string, string>): {
  form: WhatIfForm;
  changes: WhatIfChanges;
  error: string | null;
} {
  const form: WhatIfForm = {};
  const changes: WhatIfChanges = { items: {} };
  let error: string | null = null;
  for (const [key, raw] of Object.entries(query)) {
    const value = raw.trim();
    if (
      value === '' ||
      !/^(pounds_per_point|cap|(points|lower|upper|target)\.[A-Za-z0-9_.-]{1,64})$/.test(key)
    )
      continue;
    form[key] = value.slice(0, 20);
    if (!NUMBER.test(value)) {
      error = `${key}: enter a number, like 12.5`;
      continue;
    }
    const n = Number(value);
    if (key === 'pounds_per_point') changes.poundsPerPoint = n;
    else if (key === 'cap') changes.capPerPatient = n;
    else {
      const [field, code] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
      const item = changes.items![code] ?? {};
      changes.items![code] = item;
      if (field === 'points') item.points = n;
      else if (field === 'lower') item.lowerThreshold = n;
      else if (field === 'upper') item.upperThreshold = n;
      else item.target = n;
    }
  }
  return { form, changes, error };
}

export function registerSchemeRoutes(app: Hono<SchemesEnv>, options: { db: Kysely<Database> }): void {
  const { db } = options;

  const refusal = (c: Ctx, error: unknown): Response => {
    if (!(error instanceof SchemeError) && !(error instanceof GovernanceError)) throw error;
    if (error.kind === 'forbidden' && !c.get('session')) {
      return c.req.method === 'GET'
        ? c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303)
        : c.html(forbiddenPage(null, 'sign in required'), 403);
    }
    if (error.kind === 'not_found') return c.html(notFoundPage(c.get('viewer'), error.message), 404);
    return c.html(forbiddenPage(c.get('viewer'), error.message), STATUS[error.kind]);
  };
  const handle = (handler: (c: Ctx, actor: Actor | null) => Promise<Response>) => async (c: Ctx) => {
    try {
      return await handler(c, actorOf(c));
    } catch (error) {
      return refusal(c, error);
    }
  };

  app.get(
    '/schemes',
    handle(async (c, actor) => {
      const own = (actor?.roles ?? [])
        .filter((r) => (r.role === 'practice_manager' || r.role === 'practice_partner') && r.organisationCode)
        .map((r) => r.organisationCode!.toUpperCase());
      return c.html(schemeListPage(c.get('viewer')!, await listSchemes(db, actor), [...new Set(own)]));
    }),
  );

  app.get(
    '/schemes/calculations/:id',
    handle(async (c, actor) => {
      const id = idParam(c);
      const totals = await calculationTotals(db, actor, id);
      const calculation = await findCalculation(db, id);
      return c.html(
        calculationPage(c.get('viewer')!, {
          calculation,
          approval: await approvalOf(db, id),
          totals,
          distributions: calculation.kind === 'quality_premium' ? await distributionsOf(db, id) : [],
          appeals: await appealsOf(db, id),
          meetings: await openMeetings(db),
          canSubmit: canScheme(actor, 'submit_scheme').allowed,
          canExport: canScheme(actor, 'export_payable').allowed,
          canWhatIf: canScheme(actor, 'run_what_if').allowed && calculation.source_kind !== 'inputs_file',
          canDecideAppeals: canScheme(actor, 'decide_appeal').allowed,
        }),
      );
    }),
  );

  app.get(
    '/schemes/calculations/:id/statements/:code',
    handle(async (c, actor) => {
      const code = (c.req.param('code') ?? '').toUpperCase();
      if (!CODE.test(code)) throw new SchemeError('not_found', 'Statement not found');
      const view = await statementFor(db, actor, idParam(c), code);
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
      return c.html(
        statementPage(c.get('viewer')!, view, canScheme(actor, 'appeal_statement', target).allowed),
      );
    }),
  );

  app.get(
    '/schemes/calculations/:id/payable.csv',
    handle(async (c, actor) => {
      const id = idParam(c);
      const csv = await payableFileCsv(db, actor, id);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="payable-calculation-${id}.csv"`);
      return c.body(csv);
    }),
  );

  app.get(
    '/schemes/calculations/:id/what-if',
    handle(async (c, actor) => {
      const id = idParam(c);
      const { form, changes, error } = whatIfChanges(c.req.query());
      const asked = Object.keys(form).length > 0;
      if (!asked || error) {
        // Authorise before showing the form: the refusal is the same as for a run.
        if (!canScheme(actor, 'run_what_if').allowed)
          throw new SchemeError('forbidden', 'no role held permits run_what_if');
        const scheme = await definitionOf(db, await findCalculation(db, id));
        return c.html(whatIfPage(c.get('viewer')!, null, scheme, id, form, error), error ? 400 : 200);
      }
      const outcome = await runWhatIf(db, actor, id, changes);
      return c.html(
        whatIfPage(c.get('viewer')!, outcome, outcome.definition, id, form, null),
        outcome.problems.length > 0 ? 400 : 200,
      );
    }),
  );

  app.get(
    '/schemes/:code',
    handle(async (c, actor) => {
      const code = c.req.param('code') ?? '';
      if (!SCHEME_CODE.test(code)) throw new SchemeError('not_found', 'Scheme not found');
      return c.html(definitionPage(c.get('viewer')!, await latestDefinition(db, actor, code), null));
    }),
  );

  app.get(
    '/schemes/:code/definition.json',
    handle(async (c, actor) => {
      const code = c.req.param('code') ?? '';
      if (!SCHEME_CODE.test(code)) throw new SchemeError('not_found', 'Scheme not found');
      return c.json(await latestDefinition(db, actor, code));
    }),
  );

  app.post(
    '/schemes/calculations/:id/submit',
    handle(async (c, actor) => {
      const form = await formOf(c);
      const id = idParam(c);
      await submitForApproval(db, actor, { calculationId: id, meetingId: Number(form.meeting_id ?? -1) });
      return c.redirect(`/schemes/calculations/${id}`, 303);
    }),
  );

  app.post(
    '/schemes/calculations/:id/distribution',
    handle(async (c, actor) => {
      const form = await formOf(c);
      const id = idParam(c);
      const conditionGiven = (form.condition_calculation ?? '') !== '';
      await proposeDistribution(db, actor, {
        calculationId: id,
        commissionerCode: (form.commissioner_code ?? '').toUpperCase(),
        option: form.option ?? '',
        meetingId: Number(form.meeting_id ?? -1),
        condition: conditionGiven
          ? {
              calculationId: Number(form.condition_calculation),
              indicatorCode: form.condition_indicator ?? '',
              minimumAchievement: Number(form.condition_minimum ?? 'NaN'),
            }
          : null,
      });
      return c.redirect(`/schemes/calculations/${id}`, 303);
    }),
  );

  app.post(
    '/schemes/calculations/:id/statements/:code/appeals',
    handle(async (c, actor) => {
      const form = await formOf(c);
      const id = idParam(c);
      const code = (c.req.param('code') ?? '').toUpperCase();
      if (!CODE.test(code)) throw new SchemeError('not_found', 'Statement not found');
      await raiseAppeal(db, actor, {
        calculationId: id,
        orgCode: code,
        lineNo: Number(form.line_no ?? -1),
        reason: form.reason ?? '',
      });
      return c.redirect(`/schemes/calculations/${id}/statements/${code}`, 303);
    }),
  );

  app.post(
    '/schemes/appeals/:id/decision',
    handle(async (c, actor) => {
      const form = await formOf(c);
      const appealId = idParam(c);
      await decideAppeal(db, actor, { appealId, outcome: form.outcome ?? '', note: form.note ?? '' });
      return c.redirect('/schemes', 303);
    }),
  );
}
