/**
 * A concern's steps, each a form post (issue 16: a sub-app): triage, notify, reply (with a file), peer
 * review, outcome, refer, close, invite the LMC, notices. Success goes back to the concern; an invalid
 * form shows the concern again with the problem; other refusals go to app.onError.
 */
import { Hono } from 'hono';
import type { Actor } from '../../../app/actor.ts';
import { inviteLmc } from '../../../app/concerns/lmc.ts';
import { recordNotice } from '../../../app/concerns/notices.ts';
import { getConcern, indicatorIdByCode } from '../../../app/concerns/read.ts';
import {
  closeConcern,
  notifyPractice,
  recordOutcome,
  referConcern,
  replyToConcern,
  startPeerReview,
  triage,
} from '../../../app/concerns/steps.ts';
import { isUseCaseError, UseCaseError } from '../../../app/use-case-error.ts';
import type { AttachmentInput } from '../../../domain/concerns/reply.ts';
import { echoValues, formValues, idOrNull, type Parsed, parseForm, type Schema, text } from '../../forms.ts';
import { MAX_FIELD_CHARS } from '../../limits.ts';
import { concernPage } from '../../pages/concerns/concern.ts';
import { fieldId, type Problem } from '../../pages/governance/forms.ts';
import { actorOf, idParam, type RouteContext, type RouteEnv } from '../../request.ts';
import type { ConcernContext } from './context.ts';

type Ctx = RouteContext;

const FREE = text(MAX_FIELD_CHARS);

const NOTE_FORM = { note: FREE };
const NOTIFY_FORM = { note: FREE, reply_by: FREE };
const REPLY_FORM = { population_context: FREE, data_quality: FREE, actions_taken: FREE };
const PEER_FORM = { group_name: FREE, meeting_id: idOrNull(), notes: FREE };
const OUTCOME_FORM = {
  outcome: FREE,
  notes: FREE,
  indicator_code: FREE,
  indicator_id: idOrNull(),
  target: FREE,
  action_1: FREE,
  owner_1: FREE,
  due_1: FREE,
  action_2: FREE,
  owner_2: FREE,
  due_2: FREE,
  action_3: FREE,
  owner_3: FREE,
  due_3: FREE,
};
const LMC_FORM = { lmc_username: FREE };
const NOTICE_FORM = { kind: FREE, breach: FREE, remedy: FREE, remedy_period_days: FREE, issued_on: FREE };

export function concernStepRoutes(ctx: ConcernContext): Hono<RouteEnv> {
  const { db, now, packControl, mail, today } = ctx;
  const app = new Hono<RouteEnv>();

  const step = <S extends Schema>(
    path: string,
    form: string,
    schema: S,
    run: (actor: Actor | null, id: number, values: Parsed<S>, c: Ctx) => Promise<unknown>,
  ) => {
    app.post(`/concerns/:id/${path}`, async (c) => {
      const actor = actorOf(c);
      const id = idParam(c);
      const sent = formValues(await c.req.parseBody({ all: true }));
      try {
        await run(actor, id, parseForm(sent, schema), c);
        return c.redirect(`/concerns/${id}`, 303);
      } catch (error) {
        if (!isUseCaseError(error, 'invalid')) throw error;
        const view = await getConcern(db, actor, id, today());
        const problem: Problem = {
          form,
          error: { field: fieldId(form, error.field ?? 'note'), message: error.message },
          values: echoValues(sent),
        };
        return c.html(concernPage(view, c.get('viewer')!, await packControl(c, view), problem), 400);
      }
    });
  };

  step('triage', 'triage', NOTE_FORM, (a, id, b) => triage(db, a, id, b.note, now()));
  step('notify', 'notify', NOTIFY_FORM, (a, id, b) =>
    notifyPractice(db, a, id, b.note, b.reply_by || null, mail()),
  );
  step('reply', 'reply', REPLY_FORM, (a, id, b, c) => reply(ctx, a, id, b, c));
  step('peer-review', 'peer', PEER_FORM, (a, id, b) =>
    startPeerReview(
      db,
      a,
      id,
      {
        groupName: b.group_name || null,
        meetingId: b.meeting_id,
        notes: b.notes,
      },
      mail(),
    ),
  );
  step('outcome', 'outcome', OUTCOME_FORM, (a, id, b) => outcome(ctx, a, id, b));
  step('refer', 'refer', NOTE_FORM, (a, id, b) => referConcern(db, a, id, b.note, mail()));
  step('close', 'close', NOTE_FORM, (a, id, b) => closeConcern(db, a, id, b.note, mail()));
  step('invite-lmc', 'lmc', LMC_FORM, (a, id, b) => inviteLmc(db, a, id, b.lmc_username, '', mail()));
  step('notices', 'notice', NOTICE_FORM, (a, id, b) =>
    recordNotice(
      db,
      a,
      id,
      {
        kind: b.kind,
        breach: b.breach,
        remedy: b.remedy,
        remedyPeriodDays: b.remedy_period_days,
        issuedOn: b.issued_on,
      },
      mail(),
    ),
  );
  return app;
}

/** A practice's reply, with its one file. */
async function reply(
  { db, mail }: ConcernContext,
  a: Actor | null,
  id: number,
  b: Parsed<typeof REPLY_FORM>,
  c: Ctx,
): Promise<void> {
  const files: AttachmentInput[] = [];
  // The one file field: forms.ts reads text, so the upload is taken from the body itself.
  const file = (await c.req.parseBody()).attachment;
  if (file instanceof File && file.size > 0) {
    files.push({
      fileName: file.name,
      contentType: file.type,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
  }
  await replyToConcern(
    db,
    a,
    id,
    {
      populationContext: b.population_context,
      dataQuality: b.data_quality,
      actionsTaken: b.actions_taken,
    },
    files,
    mail(),
  );
}

/** The outcome, with an improvement plan on an indicator named by id or by code. */
async function outcome(
  { db, mail }: ConcernContext,
  a: Actor | null,
  id: number,
  b: Parsed<typeof OUTCOME_FORM>,
): Promise<unknown> {
  const code = b.indicator_code;
  const indicatorId = (b.indicator_id as number | null) ?? (code ? await indicatorIdByCode(db, code) : null);
  if (b.outcome === 'improvement_plan' && code && indicatorId === null)
    throw new UseCaseError('invalid', `There is no indicator with the code ${code}`, 'indicator_code');
  const target = b.target;
  return recordOutcome(
    db,
    a,
    id,
    {
      outcome: b.outcome,
      notes: b.notes,
      plan:
        indicatorId === null
          ? null
          : {
              indicatorId,
              target: target === '' ? Number.NaN : Number(target),
              actions: [
                { action: b.action_1, owner: b.owner_1, dueOn: b.due_1 },
                { action: b.action_2, owner: b.owner_2, dueOn: b.due_2 },
                { action: b.action_3, owner: b.owner_3, dueOn: b.due_3 },
              ],
            },
    },
    mail(),
  );
}
