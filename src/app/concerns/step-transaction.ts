// How each step of a concern runs (steps.ts): in one transaction that locks the concern, checks the
// step against the workflow and the actor's authority, and records it on the timeline; what it
// announces is sent after the commit and can never undo it.
import type { Kysely } from 'kysely';
import { STEP_ACTIONS } from '../../domain/concerns/authority.ts';
import { type ConcernState, nextState, type Outcome, type Step } from '../../domain/concerns/workflow.ts';
import type { ConcernRow, Database, JsonValue } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { authorise } from '../authorise.ts';
import { UseCaseError } from '../use-case-error.ts';
import { concernTarget, invitedLmcOf, practiceScope } from './context.ts';
import { recordStep } from './timeline.ts';

/** The policy's answer (`can()`) for taking `step` on this concern now. */
export async function authoriseStep(
  db: Kysely<Database>,
  actor: Actor | null,
  row: ConcernRow,
  step: Step,
): Promise<void> {
  const practice = await practiceScope(db, row.practice_code);
  const target = concernTarget(row, practice, await invitedLmcOf(db, row.id));
  authorise(actor, STEP_ACTIONS[step], target);
}

/** Locks the concern, checks the step against the workflow and the actor, and returns the new state. */
export async function begin(
  trx: Kysely<Database>,
  actor: Actor | null,
  concernId: number,
  step: Step,
  outcome: Outcome | null = null,
): Promise<{ row: ConcernRow; from: ConcernState; to: ConcernState }> {
  const row = Number.isSafeInteger(concernId)
    ? await trx.selectFrom('concern').selectAll().where('id', '=', concernId).forUpdate().executeTakeFirst()
    : undefined;
  if (!row) throw new UseCaseError('not_found', 'There is no such concern');
  await authoriseStep(trx, actor, row, step);
  const from = row.state as ConcernState;
  const next = nextState(row.type, from, step, outcome);
  if (!next.ok) throw new UseCaseError('conflict', `This step is not allowed now: ${next.reason}`);
  return { row, from, to: next.to };
}

/** A step that records a note (and some detail) and nothing else. */
export async function simpleStep(
  db: Kysely<Database>,
  actor: Actor | null,
  concernId: number,
  step: Step,
  note: string,
  now: Date,
  detail: JsonValue | null = null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { from, to } = await begin(trx, actor, concernId, step);
    await recordStep(trx, {
      concernId,
      step,
      from,
      to,
      actor: actor!.username,
      at: now,
      note: note.trim() || null,
      detail,
    });
  });
}

/** Nothing a step's notice does is allowed to undo the step: a failure to notify is not thrown. */
export async function afterCommit(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    console.error(`concern notification failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
