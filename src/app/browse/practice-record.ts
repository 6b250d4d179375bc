/**
 * The restricted view of one practice: which import batches its facts came from, and every audited
 * change to its lineage (with who made it). Staff names make this unfit for the public page.
 */
import { type Kysely, sql } from 'kysely';
import type { AuditLogEntry, Database, ImportBatch } from '../../store/schema.ts';

export interface PracticeRecord {
  sources: (ImportBatch & { facts: string })[];
  changes: AuditLogEntry[];
}

export async function getPracticeRecord(db: Kysely<Database>, practiceCode: string): Promise<PracticeRecord> {
  const code = practiceCode.toUpperCase();
  // Each fact table is keyed by practice first, so each branch is an index range on one practice.
  const used = await sql<{ batch_id: number; facts: string }>`
    select batch_id, 'organisation' as facts from organisation where code = ${code} and batch_id is not null
    union select distinct batch_id, 'membership' from organisation_membership where child_code = ${code}
    union select distinct batch_id, 'list size' from list_size where practice_code = ${code}
    union select distinct batch_id, 'population' from population where practice_code = ${code}
    union select distinct batch_id, 'QOF registers' from qof_prevalence where practice_code = ${code}
    union select distinct batch_id, 'IMD score' from imd_score where practice_code = ${code}
    union select distinct batch_id, 'payments' from payment where practice_code = ${code}`.execute(db);
  const factsByBatch = new Map<number, string[]>();
  for (const r of used.rows) factsByBatch.set(r.batch_id, [...(factsByBatch.get(r.batch_id) ?? []), r.facts]);
  const batches =
    factsByBatch.size === 0
      ? []
      : await db
          .selectFrom('import_batch')
          .selectAll()
          .where('id', 'in', [...factsByBatch.keys()])
          .orderBy('imported_at', 'desc')
          .execute();

  const lineageIds = await db
    .selectFrom('organisation_lineage')
    .select('id')
    .where((eb) => eb.or([eb('predecessor_code', '=', code), eb('successor_code', '=', code)]))
    .execute();
  const changes =
    lineageIds.length === 0
      ? []
      : await db
          .selectFrom('audit_log')
          .selectAll()
          .where('entity', '=', 'organisation_lineage')
          .where(
            'entity_id',
            'in',
            lineageIds.map((l) => String(l.id)),
          )
          .orderBy('at', 'desc')
          .execute();
  return {
    sources: batches.map((b) => ({ ...b, facts: (factsByBatch.get(b.id) ?? []).sort().join(', ') })),
    changes,
  };
}
