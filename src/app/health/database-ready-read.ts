/**
 * Whether the database answers and has been migrated (the /healthz check, src/web/routes/health.ts):
 * the two tables read exist only once the migrations have run. Throws when the database does not
 * answer; the caller decides what that means.
 */
import type { Db } from '../db.ts';

export async function readDatabaseReady(db: Db): Promise<void> {
  await db.selectFrom('organisation').select('code').limit(1).execute();
  await db.selectFrom('app_user').select('id').limit(1).execute();
}
