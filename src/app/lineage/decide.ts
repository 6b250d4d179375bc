/**
 * An administrator decides a merger candidate (candidates.ts) on the lineage page: confirming it
 * records the link (source 'administrator', with the evidence in its note) that everything reading
 * lineage then uses; rejecting it records why, and the candidate is not proposed again. Each decision
 * is one transaction with its audit entry; only a pending candidate can be decided. The caller checks
 * the `edit_lineage` permission first (src/domain/policy.ts).
 */
import type { Kysely } from 'kysely';
import type { Database, LineageCandidate } from '../../store/schema.ts';
import { writeAudit } from '../auth/audit.ts';

export class CandidateError extends Error {}

export interface CandidateView extends LineageCandidate {
  predecessor_name: string | null;
  successor_name: string | null;
  predecessor_postcode: string | null;
  successor_postcode: string | null;
}

/** Every candidate, pending first, then the decided ones newest first. */
export async function listCandidates(db: Kysely<Database>): Promise<CandidateView[]> {
  return db
    .selectFrom('lineage_candidate as c')
    .leftJoin('organisation as p', 'p.code', 'c.predecessor_code')
    .leftJoin('organisation as s', 's.code', 'c.successor_code')
    .selectAll('c')
    .select([
      'p.name as predecessor_name',
      's.name as successor_name',
      'p.postcode as predecessor_postcode',
      's.postcode as successor_postcode',
    ])
    .orderBy((eb) => eb.case().when('c.status', '=', 'pending').then(0).else(1).end())
    .orderBy('c.decided_at', 'desc')
    .orderBy('c.predecessor_code')
    .orderBy('c.successor_code')
    .execute();
}

/** The evidence in words, for the link's note and the page. */
export function evidenceOf(c: LineageCandidate): string {
  const gained = c.successor_after - (c.successor_before ?? 0);
  const how =
    c.successor_before === null
      ? `${c.successor_code} appeared with a list of ${c.successor_after}`
      : `${c.successor_code}'s list grew by ${gained} (from ${c.successor_before} to ${c.successor_after})`;
  return (
    `${c.predecessor_code} closed on ${c.close_date ?? 'an unknown date'} (ODS); its list of ${c.closed_list} ` +
    `vanished between the extracts of ${c.last_extract} and ${c.next_extract}; ${how}; ${c.proximity}`
  );
}

export interface Decision {
  id: number;
  actor: string;
  now: Date;
  note: string | null;
}

export async function confirmCandidate(db: Kysely<Database>, decision: Decision): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const candidate = await pending(trx, decision.id);
    const link = await trx
      .insertInto('organisation_lineage')
      .values({
        predecessor_code: candidate.predecessor_code,
        successor_code: candidate.successor_code,
        kind: candidate.kind,
        effective_date: candidate.close_date,
        source: 'administrator',
        note: `Confirmed from candidate ${candidate.id}: ${evidenceOf(candidate)}${decision.note ? `. ${decision.note}` : ''}`,
        created_by: decision.actor,
        created_at: decision.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await decide(trx, candidate, 'confirmed', decision, link.id);
    await writeAudit(trx, {
      actor: decision.actor,
      action: 'lineage_added',
      entity: 'organisation_lineage',
      entityId: String(link.id),
      before: null,
      after: {
        predecessor_code: candidate.predecessor_code,
        successor_code: candidate.successor_code,
        kind: candidate.kind,
        effective_date: candidate.close_date,
        from_candidate: candidate.id,
      },
    });
    return link.id;
  });
}

export async function rejectCandidate(db: Kysely<Database>, decision: Decision): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const candidate = await pending(trx, decision.id);
    await decide(trx, candidate, 'rejected', decision, null);
  });
}

async function pending(db: Kysely<Database>, id: number): Promise<LineageCandidate> {
  const candidate = await db
    .selectFrom('lineage_candidate')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!candidate) throw new CandidateError('There is no such candidate');
  if (candidate.status !== 'pending')
    throw new CandidateError(`This candidate was already ${candidate.status} by ${candidate.decided_by}`);
  return candidate;
}

async function decide(
  db: Kysely<Database>,
  candidate: LineageCandidate,
  status: 'confirmed' | 'rejected',
  decision: Decision,
  lineageId: number | null,
): Promise<void> {
  const note = decision.note?.trim() || null;
  await db
    .updateTable('lineage_candidate')
    .set({
      status,
      decided_by: decision.actor,
      decided_at: decision.now,
      decision_note: note,
      lineage_id: lineageId,
    })
    .where('id', '=', candidate.id)
    .execute();
  await writeAudit(db, {
    actor: decision.actor,
    action: status === 'confirmed' ? 'lineage_candidate_confirmed' : 'lineage_candidate_rejected',
    entity: 'lineage_candidate',
    entityId: String(candidate.id),
    before: { status: 'pending' },
    after: {
      status,
      predecessor_code: candidate.predecessor_code,
      successor_code: candidate.successor_code,
      evidence: evidenceOf(candidate),
      note,
    },
  });
}
