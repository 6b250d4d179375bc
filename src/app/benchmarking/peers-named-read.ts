/**
 * The sub-ICB locations that show peers by name, in code order (a table of at most ~106 rows): the
 * peers page's visitor-cache key holds them, so a changed setting is never answered from a stale page.
 */
import type { Db } from '../db.ts';

export async function subIcbsNamingPeers(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('data_sharing_setting')
    .select('sub_icb_code')
    .where('peers_named', '=', true)
    .orderBy('sub_icb_code')
    .execute();
  return rows.map((r) => r.sub_icb_code);
}
