/** The names of the organisations with these codes (none asked: none read), for pages that list codes. */
import type { Db } from '../db.ts';

export async function organisationNames(
  db: Db,
  codes: readonly string[],
): Promise<{ code: string; name: string }[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', codes).execute();
}
