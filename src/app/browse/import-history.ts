/**
 * The import history page: the latest batches, the rows each refused while keeping the rest of its
 * file (with file, line, column, value and reason), and the files rejected whole, newest first.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, ImportBatch, ImportRejection, ImportRowRejection } from '../../store/schema.ts';

/** Refused rows shown per batch on the page (all of them are kept with the batch). */
export const REFUSED_ROWS_SHOWN = 100;

export interface ImportHistory {
  batches: ImportBatch[];
  /** By batch id: the first REFUSED_ROWS_SHOWN refused rows, in file order. */
  refusedRows: Map<number, ImportRowRejection[]>;
  rejections: ImportRejection[];
}

export async function getImportHistory(db: Kysely<Database>, limit = 200): Promise<ImportHistory> {
  const batches = await db
    .selectFrom('import_batch')
    .selectAll()
    .orderBy('imported_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const withRefusals = batches.filter((b) => b.rows_rejected > 0).map((b) => b.id);
  const refused =
    withRefusals.length === 0
      ? []
      : (
          await sql<ImportRowRejection>`
            select id, batch_id, file_name, line, column_name, value, code, message from (
              select r.*, row_number() over (partition by batch_id order by id) as n
              from import_row_rejection r where batch_id in (${sql.join(withRefusals)})
            ) ranked where n <= ${REFUSED_ROWS_SHOWN} order by batch_id, id`.execute(db)
        ).rows;
  const refusedRows = new Map<number, ImportRowRejection[]>();
  for (const r of refused) refusedRows.set(r.batch_id, [...(refusedRows.get(r.batch_id) ?? []), r]);
  const rejections = await db
    .selectFrom('import_rejection')
    .selectAll()
    .orderBy('attempted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return { batches, refusedRows, rejections };
}
