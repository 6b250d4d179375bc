// A practice's statement once its calculation is approved, and the appeals practices lodge against it
// (docs/schemes.md "Approval"): lodged by the practice, decided by the commissioner, both audited and
// announced.
import type { Kysely } from 'kysely';
import { can, canSomewhere } from '../../domain/policy.ts';
import type { Database, SchemeAppealRow, StatementLineRow } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { targetFor } from '../governance/context.ts';
import { announceAppealDecided, announceAppealLodged } from '../notifications/announce.ts';
import { UseCaseError } from '../use-case-error.ts';
import { type Approval, approvalOf, requireApproved } from './approval-state.ts';
import { type CalculationSummary, findCalculation } from './context.ts';
import { statementLines } from './read-statements.ts';

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
