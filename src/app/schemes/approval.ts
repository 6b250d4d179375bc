// The approval workflow of a calculation (docs/schemes.md "Approval"): the analyst prepares it
// (`calculateAndStore`), the committee secretariat puts it on a meeting's agenda as an item concerning
// every organisation paid (so the governance rules recuse a GP member from payments to their own
// practice), the committee votes and decides there, and the decision approves it. Once approved the
// payable file can be exported and practices see and may appeal their statement.

import type { Kysely } from 'kysely';
import { formatPounds } from '../../domain/money.ts';
import { canSomewhere, type PolicyTarget } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { targetFor } from '../governance/context.ts';
import { addAgendaItem } from '../governance/meetings.ts';
import { UseCaseError } from '../use-case-error.ts';
import { approvalOf } from './approval-state.ts';
import { definitionOf, findCalculation } from './context.ts';
import { failedRules, standingRulesFor } from './standing-rules.ts';

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

type StandingRules = NonNullable<Awaited<ReturnType<typeof standingRulesFor>>>;

/** What the committee's paper says of the standing rules, and of an override of the blocks, if any. */
function submissionNotes(
  standing: StandingRules | null,
  blocks: readonly string[],
  override: Awaited<ReturnType<typeof overrideOf>> | null,
): { rulesPaper: string; overridePaper: string } {
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
  return { rulesPaper, overridePaper };
}

/** The standing rules as the audit entry of a submission keeps them. */
function standingRulesRecord(standing: StandingRules) {
  return standing.check.results.map((r) => ({
    rule: r.rule,
    description: r.description ?? r.rule,
    passed: r.passed,
    reasons: r.reasons,
  }));
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
  const { rulesPaper, overridePaper } = submissionNotes(standing, blocks, override);
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
        ...(standing ? { standing_rules: standingRulesRecord(standing) } : {}),
      },
    });
  });
  return itemId;
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
