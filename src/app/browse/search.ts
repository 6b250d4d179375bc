/**
 * Finding a practice by what people type: its ODS code (A81001), a postcode or its start (TS18, TS18 1HU),
 * or words from its name (densham). Code and postcode matches come first; name matches that start
 * with the query before those that merely contain it.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface PracticeHit {
  code: string;
  name: string;
  postcode: string | null;
  status: string | null;
  matchedOn: 'code' | 'postcode' | 'name';
}

export const SEARCH_LIMIT = 50;

export async function searchPractices(db: Kysely<Database>, query: string): Promise<PracticeHit[]> {
  const q = query.trim().slice(0, 100);
  if (q.length < 2) return [];
  const compact = q.toUpperCase().replace(/\s+/g, '');
  // LIKE wildcards typed by the user are taken literally.
  const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
  const name = q.toLowerCase();

  const rows = await sql<Omit<PracticeHit, 'matchedOn'> & { rank: number }>`
    select code, name, postcode, status,
      case
        when code = ${compact} then 0
        when upper(replace(postcode, ' ', '')) like ${`${escapeLike(compact)}%`} then 1
        when lower(name) like ${`${escapeLike(name)}%`} then 2
        else 3
      end as rank
    from organisation
    where kind = 'practice' and (
      code = ${compact}
      or upper(replace(postcode, ' ', '')) like ${`${escapeLike(compact)}%`}
      or lower(name) like ${`%${escapeLike(name)}%`}
    )
    order by rank, name
    limit ${SEARCH_LIMIT}`.execute(db);
  return rows.rows.map((r) => ({
    code: r.code,
    name: r.name,
    postcode: r.postcode,
    status: r.status,
    matchedOn: r.rank === 0 ? 'code' : r.rank === 1 ? 'postcode' : 'name',
  }));
}
