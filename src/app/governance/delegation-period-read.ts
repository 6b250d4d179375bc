/**
 * The commissioner a delegation request (period) is about, or null when there is no such request:
 * where the web goes back to after deciding one (src/web/routes/governance/writes.ts).
 */
import type { Db } from '../db.ts';

export async function commissionerOfPeriod(db: Db, periodId: number): Promise<string | null> {
  const period = await db
    .selectFrom('delegation_period')
    .select('commissioner_code')
    .where('id', '=', periodId)
    .executeTakeFirst();
  return period?.commissioner_code ?? null;
}
