// The approval workflow of a calculation (docs/schemes.md "Approval"): the analyst prepares it
// (`calculateAndStore`), the committee secretariat puts it on a meeting's agenda as an item concerning
// every organisation paid (so the governance rules recuse a GP member from payments to their own
// practice), the committee votes and decides there, and the decision approves it. Once approved the
// payable file can be exported and practices see and may appeal their statement.

import type { Kysely } from 'kysely';
import { formatPounds } from '../../domain/money.ts';
import { can, canSomewhere, type PolicyTarget } from '../../domain/policy.ts';
import type { Database, ItemDecisionRow, SchemeAppealRow, StatementLineRow } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { targetFor } from '../governance/context.ts';
import { addAgendaItem } from '../governance/meetings.ts';
import { announceAppealDecided, announceAppealLodged } from '../notifications/announce.ts';
import { UseCaseError } from '../use-case-error.ts';
import { type CalculationSummary, definitionOf, findCalculation } from './context.ts';
import { statementLines } from './read-statements.ts';
import { failedRules, standingRulesFor } from './standing-rules.ts';

export type ApprovalStatus = 'prepared' | 'submitted' | 'approved' | 'not_approved';

export interface Approval {
  status: ApprovalStatus;
  agendaItemId: number | null;
  meetingId: number | null;
  decision: ItemDecisionRow | null;
}

/** Where a calculation stands, read from its agenda item's decision (never stored twice). */
export async function approvalOf(db: Kysely<Database>, calculationId: number): Promise<Approval> {
  const row = await db
    .selectFrom('scheme_approval')
    .innerJoin('agenda_item', 'agenda_item.id', 'scheme_approval.agenda_item_id')
    .select(['scheme_approval.agenda_item_id', 'agenda_item.meeting_id'])
    .where('scheme_approval.calculation_id', '=', calculationId)
    .executeTakeFirst();
  if (!row) return { status: 'prepared', agendaItemId: null, meetingId: null, decision: null };
  const decision =
    (await db
      .selectFrom('item_decision')
      .selectAll()
      .where('item_id', '=', row.agenda_item_id)
      .executeTakeFirst()) ?? null;
  const status: ApprovalStatus = !decision
    ? 'submitted'
    : decision.outcome === 'carried'
      ? 'approved'
      : 'not_approved';
  return { status, agendaItemId: row.agenda_item_id, meetingId: row.meeting_id, decision };
}

/** The organisations a calculation pays (practices and commissioners) that Fairview knows. */
async function organisationsPaid(db: Kysely<Database>, calculationId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('statement_line')
    .innerJoin('organisation', 'organisation.code', 'statement_line.org_code')
    .select('statement_line.org_code')
    .distinct()
    .where('statement_line.calculation_id', '=', calculationId)
    .where('statement_line.line_type', '=', 'total')
    .orderBy('statement_line.org_code')
    .execute();
  return rows.map((r) => r.org_code);
}

/**
 * What must be overridden, with a recorded reason, before a calculation may go to the committee
 * (issue 14): a calculation that pays no organisation anything, and one resting on stale inputs (a
 * practice whose list as of the period's end is missing or older than the "as of" rule allows).
 */
export async function submissionBlocks(db: Kysely<Database>, calculationId: number): Promise<string[]> {
  // One read: each organisation's total with a flag for whether any of its other lines has counts.
  const totals = await db
    .selectFrom('statement_line as t')
    .select(['t.org_code', 't.amount', 't.note'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('statement_line as l')
            .select(eb.lit(1).as('one'))
            .whereRef('l.calculation_id', '=', 't.calculation_id')
            .whereRef('l.org_code', '=', 't.org_code')
            .where('l.line_type', '!=', 'total')
            .where('l.numerator', 'is not', null),
        )
        .as('counted'),
    )
    .where('t.calculation_id', '=', calculationId)
    .where('t.line_type', '=', 'total')
    .orderBy('t.org_code')
    .execute();
  const blocks: string[] = [];
  if (totals.length === 0 || totals.every((t) => Number(t.amount) <= 0))
    blocks.push(`no organisation is paid anything (${totals.length} statements, total ${formatPounds(0)})`);
  // A practice without a current list holds the calculation back only when it has counts to be paid
  // on: one with no counts on any line is paid nothing whatever its list (not in the scheme).
  const withoutList = totals.filter((t) => /no registered list (as of|on or before)/.test(t.note));
  const stale = withoutList.filter((t) => Boolean(t.counted));
  if (stale.length > 0)
    blocks.push(
      `stale inputs: ${stale.length} of ${totals.length} practices have no registered list as of the period's end (${stale
        .slice(0, 5)
        .map((t) => t.org_code)
        .join(', ')}${stale.length > 5 ? ' …' : ''})`,
    );
  return blocks;
}

/** The override recorded for a calculation, if any (the latest). */
export async function overrideOf(db: Kysely<Database>, calculationId: number) {
  return (
    (await db
      .selectFrom('calculation_override')
      .selectAll()
      .where('calculation_id', '=', calculationId)
      .orderBy('id', 'desc')
      .executeTakeFirst()) ?? null
  );
}

/**
 * Records why a calculation that pays nobody, or rests on stale inputs, may still go to the
 * committee: the reasons found and the reason given, by whom and when; audited.
 */
export async function recordOverride(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { calculationId: number; reason: string },
  now: Date,
): Promise<number> {
  const calculation = await findCalculation(db, input.calculationId);
  // Decided against the area the calculation was made for; a national one, by whoever may submit
  // somewhere (the committee it goes to is checked again when it is submitted).
  if (calculation.scope_code) authorise(actor, 'submit_scheme', await targetFor(db, calculation.scope_code));
  else if (!canSomewhere(actor, 'submit_scheme')) authorise(actor, 'submit_scheme');
  const reason = input.reason.trim();
  if (reason.length < 10)
    throw new UseCaseError(
      'invalid',
      'Say why it should go to the committee all the same (at least 10 characters)',
      'reason',
    );
  const blocks = await submissionBlocks(db, calculation.id);
  if (blocks.length === 0)
    throw new UseCaseError(
      'conflict',
      `Calculation ${calculation.id} needs no override: it pays and its inputs are current`,
    );
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('calculation_override')
      .values({
        calculation_id: calculation.id,
        reasons: blocks.join('\n'),
        override_reason: reason,
        recorded_by: actor!.username,
        recorded_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'scheme_override_recorded',
      entity: 'calculation',
      entityId: String(calculation.id),
      before: null,
      after: { reasons: blocks, override_reason: reason },
    });
    return row.id;
  });
}

/**
 * Puts a prepared calculation to a committee meeting. Two steps, not one transaction: the agenda item
 * is written by the governance use case (its own transaction, audited), then linked here.
 */
export async function submitForApproval(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { calculationId: number; meetingId: number },
  now: Date,
): Promise<number> {
  authorise(actor, 'submit_scheme', await committeeTarget(db, input.meetingId));
  const calculation = await findCalculation(db, input.calculationId);
  const existing = await approvalOf(db, calculation.id);
  if (existing.status !== 'prepared')
    throw new UseCaseError('conflict', `Calculation ${calculation.id} is already on a committee agenda`);
  // A local scheme must pass the commissioner's standing rules first; what held is written into the
  // paper and the audit entry, so a later change of the rules does not rewrite what the committee saw.
  const standing = await standingRulesFor(
    db,
    await definitionOf(db, calculation),
    calculation,
    await committeeTarget(db, input.meetingId),
  );
  if (standing && !standing.check.passed)
    throw new UseCaseError(
      'conflict',
      `${calculation.schemeName} fails its standing rules and cannot be put to the committee: ${failedRules(standing.check).join(' ')}`,
    );
  // A calculation that pays nobody, or rests on stale inputs, needs a recorded override and reason.
  const blocks = await submissionBlocks(db, calculation.id);
  const override = blocks.length > 0 ? await overrideOf(db, calculation.id) : null;
  if (blocks.length > 0 && !override)
    throw new UseCaseError(
      'conflict',
      `Calculation ${calculation.id} cannot be put to the committee without a recorded override and reason: ${blocks.join('; ')}`,
    );
  const overridePaper = override
    ? ` Put to the committee despite: ${blocks.join('; ')}. Override recorded by ${override.recorded_by}: ${override.override_reason}`
    : '';
  const rulesPaper = standing
    ? standing.check.results.length === 0
      ? ' No standing rules are set.'
      : ` Standing rules (tested on ${standing.testedOn}): ${standing.check.results
          .map((r) => `${r.description ?? r.rule}: passed (${r.reasons.join('; ')})`)
          .join(' ')}`
    : '';
  const codes = await organisationsPaid(db, calculation.id);
  const itemId = await addAgendaItem(
    db,
    actor,
    input.meetingId,
    {
      title: `Approve payments: ${calculation.schemeName} (calculation ${calculation.id})`,
      concernKind: 'scheme',
      concernRef: `${calculation.schemeCode} v${calculation.version}`,
      organisationCodes: codes.join(' '),
      providerNames: '',
      delegatedFunction: null,
      paper: `Payments under ${calculation.schemeName} for ${calculation.period}: ${calculation.statement_count} statements, total ${formatPounds(calculation.total_amount)}, from ${calculation.source}. Statements checksum ${calculation.statements_checksum}. Members with an interest in a practice paid are recused from this item.${rulesPaper}${overridePaper}`,
      confidentialPaper: null,
    },
    now,
  );
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('scheme_approval')
      .values({
        calculation_id: calculation.id,
        agenda_item_id: itemId,
        submitted_by: actor!.username,
        submitted_at: now,
      })
      .execute();
    await trx
      .updateTable('calculation')
      .set({ status: 'submitted' })
      .where('id', '=', calculation.id)
      .execute();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'scheme_submitted',
      entity: 'calculation',
      entityId: String(calculation.id),
      before: { status: 'prepared' },
      after: {
        status: 'submitted',
        agenda_item_id: itemId,
        meeting_id: input.meetingId,
        ...(standing
          ? {
              standing_rules: standing.check.results.map((r) => ({
                rule: r.rule,
                description: r.description ?? r.rule,
                passed: r.passed,
                reasons: r.reasons,
              })),
            }
          : {}),
      },
    });
  });
  return itemId;
}

export async function requireApproved(db: Kysely<Database>, calculationId: number): Promise<Approval> {
  const approval = await approvalOf(db, calculationId);
  if (approval.status !== 'approved')
    throw new UseCaseError('conflict', `Calculation ${calculationId} has not been approved by the committee`);
  return approval;
}

export interface PracticeStatementView {
  calculation: CalculationSummary;
  approval: Approval;
  orgCode: string;
  lines: StatementLineRow[];
  appeals: SchemeAppealRow[];
}

/**
 * One organisation's statement. Practice staff see it once the committee has approved it; people who
 * may see every statement (`view_calculation`) see it at any stage.
 */
export async function statementFor(
  db: Kysely<Database>,
  actor: Actor | null,
  calculationId: number,
  orgCode: string,
): Promise<PracticeStatementView> {
  const target = await targetFor(db, orgCode);
  const seesAll = can(actor, 'view_calculation').allowed;
  if (!seesAll) authorise(actor, 'view_statement', target);
  const calculation = await findCalculation(db, calculationId);
  const approval = await approvalOf(db, calculationId);
  if (!seesAll && approval.status !== 'approved')
    throw new UseCaseError(
      'not_found',
      'The statement is published to practices once the committee approves it',
    );
  const lines = await statementLines(db, calculationId, target.organisationCode);
  if (lines.length === 0)
    throw new UseCaseError('not_found', `Calculation ${calculationId} has no statement for ${orgCode}`);
  const appeals = await db
    .selectFrom('scheme_appeal')
    .selectAll()
    .where('calculation_id', '=', calculationId)
    .where('org_code', '=', target.organisationCode!)
    .orderBy('id')
    .execute();
  return { calculation, approval, orgCode: target.organisationCode!, lines, appeals };
}

export async function raiseAppeal(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { calculationId: number; orgCode: string; lineNo: number; reason: string },
  now: Date,
): Promise<number> {
  const target = await targetFor(db, input.orgCode);
  authorise(actor, 'appeal_statement', target);
  await requireApproved(db, input.calculationId);
  const line = await db
    .selectFrom('statement_line')
    .select(['line_no', 'item_code', 'amount'])
    .where('calculation_id', '=', input.calculationId)
    .where('org_code', '=', target.organisationCode!)
    .where('line_no', '=', input.lineNo)
    .executeTakeFirst();
  if (!line) throw new UseCaseError('invalid', 'Select a line of your statement', 'line_no');
  const reason = input.reason.trim();
  if (reason === '') throw new UseCaseError('invalid', 'Say why the line is wrong', 'reason');
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('scheme_appeal')
      .values({
        calculation_id: input.calculationId,
        org_code: target.organisationCode!,
        line_no: line.line_no,
        reason: reason.slice(0, 4000),
        raised_by: actor!.username,
        raised_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'scheme_appeal_raised',
      entity: 'scheme_appeal',
      entityId: String(row.id),
      before: null,
      after: {
        calculation_id: input.calculationId,
        org_code: target.organisationCode!,
        line_no: line.line_no,
        item_code: line.item_code,
        amount: line.amount,
        reason,
      },
    });
    return row.id;
  });
  await announceAppealLodged(db, id, { now });
  return id;
}

export async function decideAppeal(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { appealId: number; outcome: string; note: string },
  now: Date,
): Promise<void> {
  // Refused before anything is looked up unless some role could take it (observers, visitors).
  if (!canSomewhere(actor, 'decide_appeal')) authorise(actor, 'decide_appeal');
  if (input.outcome !== 'upheld' && input.outcome !== 'not_upheld')
    throw new UseCaseError('invalid', 'Select upheld or not upheld', 'outcome');
  const note = input.note.trim();
  if (note === '') throw new UseCaseError('invalid', 'Record the reasons for the outcome', 'note');
  const appeal = Number.isSafeInteger(input.appealId)
    ? await db.selectFrom('scheme_appeal').selectAll().where('id', '=', input.appealId).executeTakeFirst()
    : undefined;
  if (!appeal) throw new UseCaseError('not_found', `There is no appeal ${input.appealId}`);
  // Decided by the commissioner above the appealing practice, never by another area's (issue 11).
  authorise(actor, 'decide_appeal', await targetFor(db, appeal.org_code));
  if (appeal.outcome !== null) throw new UseCaseError('conflict', 'The appeal has already been decided');
  const outcome = input.outcome;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('scheme_appeal')
      .set({
        outcome,
        outcome_note: note.slice(0, 4000),
        decided_by: actor!.username,
        decided_at: now,
      })
      .where('id', '=', appeal.id)
      .execute();
    await writeAudit(trx, {
      actor: actor!.username,
      action: 'scheme_appeal_decided',
      entity: 'scheme_appeal',
      entityId: String(appeal.id),
      before: { outcome: null },
      after: { outcome, outcome_note: note },
    });
  });
  await announceAppealDecided(db, appeal.id, { now });
}

export async function appealsOf(db: Kysely<Database>, calculationId: number): Promise<SchemeAppealRow[]> {
  return db
    .selectFrom('scheme_appeal')
    .selectAll()
    .where('calculation_id', '=', calculationId)
    .orderBy('id')
    .execute();
}

/**
 * The commissioner a meeting's committee decides for, with its ancestry: what submit_scheme is decided
 * against (a manager of another area may not put anything on this committee's agenda).
 */
export async function committeeTarget(db: Kysely<Database>, meetingId: number): Promise<PolicyTarget> {
  const row = Number.isSafeInteger(meetingId)
    ? await db
        .selectFrom('committee_meeting as m')
        .innerJoin('committee as c', 'c.id', 'm.committee_id')
        .select('c.organisation_code')
        .where('m.id', '=', meetingId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new UseCaseError('not_found', `There is no meeting ${meetingId}`, 'meeting');
  return targetFor(db, row.organisation_code);
}
