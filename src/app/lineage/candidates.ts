// Merger candidates from yearly (or irregular) snapshots (docs/importing.md, "Merger candidates").
// Between two extracts a year apart a neighbour's list grows by itself, so a vanished list proves
// nothing on its own: the derivation that needs no confirmation stays for extracts at most a quarter
// apart (derive.ts). Further apart, a practice is a candidate successor when:
//
// 1. the practice that vanished is closed in ODS, with a close date no more than 92 days before its
//    last extract and no more than two years after the next (as for close-together extracts);
// 2. its last list was at least 500 patients;
// 3. the candidate is in the same postcode district and gained between half and one and a half times
//    the vanished list between the two extracts (roughly its list); it had a list before (a merger)
//    or opened around then (a succession).
//
// Several candidates can stand for one practice: the administrator chooses, with the evidence
// (dates, lists, gain, postcode proximity) in front of them. Candidates are kept across derivations:
// pending ones are refreshed (and dropped when the data no longer shows them); decided ones stay
// as decided. Practices an administrator has linked already get no candidates.

import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';
import {
  CLOSED_AFTER_DAYS,
  CLOSED_BEFORE_DAYS,
  MAX_CANDIDATE_GAP_DAYS,
  MAX_EXTRACT_GAP_DAYS,
  MIN_CLOSED_LIST,
} from './rules.ts';

/** The candidate's gain, as a share of the vanished list: "roughly its list". */
const MIN_SHARE = 0.5;
const MAX_SHARE = 1.5;

interface Found {
  predecessor: string;
  successor: string;
  close_date: string;
  last_extract: string;
  next_extract: string;
  closed_list: number;
  before: number | null;
  after: number;
  same_sector: boolean;
}

/** Finds the candidates the data shows now and stores them; returns how many are pending. */
export async function refreshCandidates(db: Kysely<Database>, now: Date): Promise<number> {
  const { rows } = await sql<Found>`
    with extracts as (
      select extract_date as d, lead(extract_date) over (order by extract_date) as next_d
      from (select distinct extract_date from list_size) e
    ),
    last_seen as (
      select practice_code, max(extract_date) as last_d from list_size group by practice_code
    ),
    vanished as (
      select l.practice_code as code, l.last_d, x.next_d, ls.patients as closed_list, o.close_date,
        split_part(o.postcode, ' ', 1) as district, o.postcode
      from last_seen l
      join extracts x on x.d = l.last_d
      join list_size ls on ls.practice_code = l.practice_code and ls.extract_date = l.last_d
      join organisation o on o.code = l.practice_code
      where x.next_d is not null
        and x.next_d - l.last_d > ${MAX_EXTRACT_GAP_DAYS}
        and x.next_d - l.last_d <= ${MAX_CANDIDATE_GAP_DAYS}
        and o.kind = 'practice' and o.status = 'closed' and o.close_date is not null
        and o.postcode is not null
        and o.close_date between l.last_d - ${CLOSED_BEFORE_DAYS}::integer and x.next_d + ${CLOSED_AFTER_DAYS}::integer
        and ls.patients >= ${MIN_CLOSED_LIST}
        and not exists (
          select 1 from organisation_lineage a where a.predecessor_code = l.practice_code and a.source = 'administrator'
        )
    )
    select v.code as predecessor, s2.practice_code as successor, v.close_date,
      v.last_d as last_extract, v.next_d as next_extract, v.closed_list,
      s1.patients as before, s2.patients as after,
      left(replace(so.postcode, ' ', ''), length(replace(so.postcode, ' ', '')) - 2)
        = left(replace(v.postcode, ' ', ''), length(replace(v.postcode, ' ', '')) - 2) as same_sector
    from vanished v
    join list_size s2 on s2.extract_date = v.next_d
    join organisation so on so.code = s2.practice_code
    left join list_size s1 on s1.practice_code = s2.practice_code and s1.extract_date = v.last_d
    where s2.practice_code <> v.code
      and split_part(so.postcode, ' ', 1) = v.district
      and s2.patients - coalesce(s1.patients, 0) between ${MIN_SHARE}::numeric * v.closed_list
                                                     and ${MAX_SHARE}::numeric * v.closed_list
      and (
        s1.patients is not null
        or so.open_date between v.last_d - ${CLOSED_BEFORE_DAYS}::integer and v.next_d + ${CLOSED_BEFORE_DAYS}::integer
      )
    order by v.code, s2.practice_code`.execute(db);

  const decided = await db
    .selectFrom('lineage_candidate')
    .select(['predecessor_code', 'successor_code'])
    .where('status', '<>', 'pending')
    .execute();
  const keep = new Set(decided.map((d) => `${d.predecessor_code}|${d.successor_code}`));
  await db.deleteFrom('lineage_candidate').where('status', '=', 'pending').execute();
  const pending = rows.filter((r) => !keep.has(`${r.predecessor}|${r.successor}`));
  if (pending.length > 0) {
    await db
      .insertInto('lineage_candidate')
      .values(
        pending.map((r) => ({
          predecessor_code: r.predecessor,
          successor_code: r.successor,
          kind: r.before === null ? ('succession' as const) : ('merger' as const),
          close_date: r.close_date,
          last_extract: r.last_extract,
          next_extract: r.next_extract,
          closed_list: Number(r.closed_list),
          successor_before: r.before === null ? null : Number(r.before),
          successor_after: Number(r.after),
          proximity: r.same_sector ? 'same postcode sector' : 'same postcode district',
          found_at: now,
        })),
      )
      .execute();
  }
  return pending.length;
}
