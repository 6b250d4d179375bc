/**
 * Writing one step: the concern's new state, the event on its timeline and the audit entry, all in the
 * caller's transaction. Nothing is deleted: the state is the only column that changes, and every
 * change leaves an event behind.
 */
import type { Kysely } from 'kysely';
import type { ConcernState } from '../../domain/concerns/workflow.ts';
import type { Database, JsonValue } from '../../store/schema.ts';
import { writeAudit } from '../auth/audit.ts';

export interface StepRecord {
  concernId: number;
  step: string;
  from: ConcernState | null;
  to: ConcernState;
  actor: string;
  /** When the step was taken (the use case's clock). */
  at: Date;
  note: string | null;
  detail: JsonValue | null;
}

/** Records the step and returns the event's id. */
export async function recordStep(trx: Kysely<Database>, s: StepRecord): Promise<number> {
  if (s.from !== s.to) {
    await trx
      .updateTable('concern')
      .set({ state: s.to, updated_at: s.at })
      .where('id', '=', s.concernId)
      .execute();
  }
  const event = await trx
    .insertInto('concern_event')
    .values({
      concern_id: s.concernId,
      step: s.step,
      from_state: s.from,
      to_state: s.to,
      actor: s.actor,
      at: s.at,
      note: s.note,
      detail: s.detail === null ? null : JSON.stringify(s.detail),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    actor: s.actor,
    action: `concern_${s.step}`,
    entity: 'concern',
    entityId: String(s.concernId),
    before: s.from === null ? null : { state: s.from },
    after: { state: s.to, event_id: event.id, note: s.note, detail: s.detail },
  });
  return event.id;
}
