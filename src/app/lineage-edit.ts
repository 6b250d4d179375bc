/**
 * An administrator records that one practice followed another (merger, split, closure, succession)
 * where the published data cannot show it. One transaction with its audit entry. The caller checks
 * the `edit_lineage` permission first (src/domain/policy.ts).
 */
import type { Kysely } from 'kysely';
import type { Database, LineageKind } from '../store/schema.ts';
import { writeAudit } from './auth/audit.ts';

export const LINEAGE_KINDS: readonly LineageKind[] = ['merger', 'split', 'closure', 'succession'];

/** `field` names the form input the problem is about. */
export class LineageError extends Error {
  constructor(
    message: string,
    readonly field: 'other_code' | 'kind' | 'effective_date',
  ) {
    super(message);
  }
}

export interface NewLineageLink {
  predecessorCode: string;
  /** Null only for a closure with no successor. */
  successorCode: string | null;
  kind: LineageKind;
  effectiveDate: string | null;
  note: string | null;
  actor: string;
  now: Date;
}

export async function addLineageLink(db: Kysely<Database>, link: NewLineageLink): Promise<number> {
  const predecessor = link.predecessorCode.trim().toUpperCase();
  const successor = link.successorCode?.trim().toUpperCase() || null;
  if (!LINEAGE_KINDS.includes(link.kind))
    throw new LineageError(`'${link.kind}' is not a kind of lineage link`, 'kind');
  if (!predecessor) throw new LineageError('Enter the other practice’s ODS code', 'other_code');
  if (successor === null && link.kind !== 'closure')
    throw new LineageError('Enter the other practice’s ODS code', 'other_code');
  if (successor === predecessor) throw new LineageError('A practice cannot succeed itself', 'other_code');
  if (link.effectiveDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(link.effectiveDate)) {
    throw new LineageError(
      'Enter the effective date as YYYY-MM-DD, for example 2024-04-01',
      'effective_date',
    );
  }
  return db.transaction().execute(async (trx) => {
    const codes = [predecessor, ...(successor ? [successor] : [])];
    const found = await trx
      .selectFrom('organisation')
      .select('code')
      .where('code', 'in', codes)
      .where('kind', '=', 'practice')
      .execute();
    for (const code of codes) {
      if (!found.some((f) => f.code === code))
        throw new LineageError(`There is no practice with the code ${code}`, 'other_code');
    }
    const row = await trx
      .insertInto('organisation_lineage')
      .values({
        predecessor_code: predecessor,
        successor_code: successor,
        kind: link.kind,
        effective_date: link.effectiveDate,
        source: 'administrator',
        note: link.note?.trim() || null,
        created_by: link.actor,
        created_at: link.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: link.actor,
      action: 'lineage_added',
      entity: 'organisation_lineage',
      entityId: String(row.id),
      before: null,
      after: {
        predecessor_code: predecessor,
        successor_code: successor,
        kind: link.kind,
        effective_date: link.effectiveDate,
        note: link.note?.trim() || null,
      },
    });
    return row.id;
  });
}
