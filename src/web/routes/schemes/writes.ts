/**
 * The incentive scheme writes (issue 16: a sub-app): standing rules, submitting a calculation for
 * approval, an override, a premium's distribution, appeals and their decisions. Each form declares
 * its fields beside it; the use cases check what the values mean and who may; a refusal goes to
 * app.onError, an invalid standing rule shows its page again.
 */
import { Hono } from 'hono';
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import { decideAppeal, raiseAppeal } from '../../../app/schemes/appeals.ts';
import { recordOverride, submitForApproval } from '../../../app/schemes/approval.ts';
import { proposeDistribution } from '../../../app/schemes/distribution.ts';
import {
  addStandingRule,
  listStandingRules,
  removeStandingRule,
} from '../../../app/schemes/standing-rules.ts';
import { isUseCaseError, UseCaseError } from '../../../app/use-case-error.ts';
import { echoValues, formValues, idOrNull, parseForm, readForm, text } from '../../forms.ts';
import { MAX_FIELD_CHARS } from '../../limits.ts';
import { standingRulesPage } from '../../pages/schemes/standing-rules.ts';
import { actorOf, idParam, ORG_CODE, type RouteEnv } from '../../request.ts';

const TEXT = text(MAX_FIELD_CHARS);
/** An id typed in digits; anything else is -1, which no row has, so the use case says "not found". */
const ID = idOrNull();
const SUBMIT_FORM = { meeting_id: ID };
const OVERRIDE_FORM = { reason: TEXT };
const DISTRIBUTION_FORM = {
  commissioner_code: TEXT,
  option: TEXT,
  meeting_id: ID,
  condition_calculation: TEXT,
  condition_indicator: TEXT,
  condition_minimum: TEXT,
};
/** A standing rule: its kind and, by kind, the indicators, the tolerance or the amount (as typed). */
const RULE_FORM = { rule: TEXT, indicators: TEXT, tolerance: TEXT, amount: TEXT };
const APPEAL_FORM = { line_no: ID, reason: TEXT };
const DECISION_FORM = { outcome: TEXT, note: TEXT };

type Options = { db: Db; now: Clock };

/** Standing rules, a calculation's approval, then appeals: the order their routes were registered before the split. */
export function schemeWriteRoutes(options: Options): Hono<RouteEnv> {
  return new Hono<RouteEnv>()
    .route('/', standingRuleWrites(options))
    .route('/', approvalWrites(options))
    .route('/', appealWrites(options));
}

/** Adding and removing a standing rule. */
function standingRuleWrites({ db, now }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  app.post('/schemes/standing-rules', async (c) => {
    const actor = actorOf(c);
    const sent = formValues(await c.req.parseBody({ all: true }));
    const form = echoValues(sent);
    try {
      await addStandingRule(db, actor, parseForm(sent, RULE_FORM), now());
    } catch (error) {
      if (!isUseCaseError(error, 'invalid')) throw error;
      return c.html(
        standingRulesPage(c.get('viewer')!, await listStandingRules(db, actor), true, form, {
          field: error.field ?? 'rule',
          message: error.message,
        }),
        400,
      );
    }
    return c.redirect('/schemes/standing-rules', 303);
  });

  app.post('/schemes/standing-rules/:id/delete', async (c) => {
    const actor = actorOf(c);
    await removeStandingRule(db, actor, idParam(c));
    return c.redirect('/schemes/standing-rules', 303);
  });

  return app;
}

/** A calculation on its way to payment: submission, override, and a premium's distribution. */
function approvalWrites({ db, now }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  app.post('/schemes/calculations/:id/submit', async (c) => {
    const actor = actorOf(c);
    const form = await readForm(c, SUBMIT_FORM);
    const id = idParam(c);
    await submitForApproval(db, actor, { calculationId: id, meetingId: form.meeting_id ?? -1 }, now());
    return c.redirect(`/schemes/calculations/${id}`, 303);
  });
  app.post('/schemes/calculations/:id/override', async (c) => {
    const actor = actorOf(c);
    const form = await readForm(c, OVERRIDE_FORM);
    const id = idParam(c);
    await recordOverride(db, actor, { calculationId: id, reason: form.reason }, now());
    return c.redirect(`/schemes/calculations/${id}`, 303);
  });

  app.post('/schemes/calculations/:id/distribution', async (c) => {
    const actor = actorOf(c);
    const form = await readForm(c, DISTRIBUTION_FORM);
    const id = idParam(c);
    const conditionGiven = form.condition_calculation !== '';
    await proposeDistribution(
      db,
      actor,
      {
        calculationId: id,
        commissionerCode: form.commissioner_code.toUpperCase(),
        option: form.option,
        meetingId: form.meeting_id ?? -1,
        condition: conditionGiven
          ? {
              calculationId: Number(form.condition_calculation),
              indicatorCode: form.condition_indicator,
              minimumAchievement: Number(form.condition_minimum),
            }
          : null,
      },
      now(),
    );
    return c.redirect(`/schemes/calculations/${id}`, 303);
  });

  return app;
}

/** Appeals: a practice raises one on a statement line, the committee decides it. */
function appealWrites({ db, now }: Options): Hono<RouteEnv> {
  const app = new Hono<RouteEnv>();

  app.post('/schemes/calculations/:id/statements/:code/appeals', async (c) => {
    const actor = actorOf(c);
    const form = await readForm(c, APPEAL_FORM);
    const id = idParam(c);
    const code = (c.req.param('code') ?? '').toUpperCase();
    if (!ORG_CODE.test(code)) throw new UseCaseError('not_found', 'Statement not found');
    await raiseAppeal(
      db,
      actor,
      {
        calculationId: id,
        orgCode: code,
        lineNo: form.line_no ?? -1,
        reason: form.reason,
      },
      now(),
    );
    return c.redirect(`/schemes/calculations/${id}/statements/${code}`, 303);
  });

  app.post('/schemes/appeals/:id/decision', async (c) => {
    const actor = actorOf(c);
    const form = await readForm(c, DECISION_FORM);
    await decideAppeal(db, actor, { appealId: idParam(c), ...form }, now());
    return c.redirect('/schemes', 303);
  });
  return app;
}
