/**
 * One sweep: at `now` (the injected clock's reading in the process that runs it), generate the due
 * items agreements' obligations create, then find every reminder step that has fallen due and record
 * each in the reminder ledger with its delivery job, in one transaction per reminder: the job exists
 * if and only if its ledger row does. A row already there (another process's sweep got there first)
 * is skipped by its unique key, so sweeps may overlap in any number of processes and each reminder is
 * still delivered once. The scheduler (src/app/jobs/scheduler.ts) runs sweeps on pg-boss.
 */
import type { Kysely, Transaction } from 'kysely';
import { REMINDER_STEPS, type ReminderKind } from '../../domain/obligations/escalation.ts';
import type { Database } from '../../store/schema.ts';
import { type Generated, generateDueItems } from '../obligations/generate.ts';
import { type Candidate, FINDERS } from './finders.ts';

/** Sends the delivery job for a reminder inside the transaction that records it; returns its id. */
export type EnqueueDelivery = (trx: Transaction<Database>, reminderId: number) => Promise<string | null>;

export interface SweepOutcome {
  at: string;
  generated: Generated;
  /** Reminders newly recorded, each with the id of its delivery job. */
  reminders: { id: number; kind: string; step: string; subjectKey: string; jobId: string | null }[];
}

const KINDS = [...new Set(REMINDER_STEPS.map((s) => s.kind))] as ReminderKind[];

export async function sweep(
  db: Kysely<Database>,
  now: Date,
  enqueue: EnqueueDelivery,
): Promise<SweepOutcome> {
  const generated = await generateDueItems(db, now);
  const candidates: Candidate[] = [];
  for (const kind of KINDS) candidates.push(...(await FINDERS[kind](db, now)));
  const reminders: SweepOutcome['reminders'] = [];
  for (const c of candidates) {
    const recorded = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('reminder')
        .values({
          kind: c.kind,
          subject_key: c.subjectKey,
          step: c.step,
          due_at: c.dueAt,
          recorded_at: now,
          facts: JSON.stringify(c.facts),
        })
        .onConflict((oc) => oc.columns(['kind', 'subject_key', 'step']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) return null;
      const jobId = await enqueue(trx, row.id);
      await trx.updateTable('reminder').set({ job_id: jobId }).where('id', '=', row.id).execute();
      return { id: row.id, kind: c.kind, step: c.step, subjectKey: c.subjectKey, jobId };
    });
    if (recorded) reminders.push(recorded);
  }
  return { at: now.toISOString(), generated, reminders };
}
