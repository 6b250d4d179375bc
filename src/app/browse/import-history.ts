/**
 * The import history page: the latest batches and rejected files, newest first.
 */
import type { Kysely } from 'kysely';
import type { Database, ImportBatch, ImportRejection } from '../../store/schema.ts';

export interface ImportHistory {
  batches: ImportBatch[];
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
  const rejections = await db
    .selectFrom('import_rejection')
    .selectAll()
    .orderBy('attempted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return { batches, rejections };
}
