// Lineage derived from the imported data (rules in docs/importing.md, "Lineage"):
//
// - closure: ODS says the practice is closed (status C) and gives a close date.
// - merger / succession: the practice closed in ODS, its list vanishes between two consecutive
//   quarterly extracts around its close date, and exactly one practice in the same postcode district
//   took on at least half of its last list in that quarter: a practice already open (merger, the
//   patients moved into it) or one that opened around the close date (succession, the same practice
//   under a new code). Anything less clear is left to an administrator.
//
// - commissioner lineage: PCT → CCG → sub-ICB location and CCG mergers, from where a commissioner's
//   practices went when it ended (src/domain/lineage/commissioners.ts).
// - merger candidates: with yearly or irregular snapshots a vanished list proves nothing by itself,
//   so a practice that closed while one nearby gained roughly its list between two extracts further
//   apart than a quarter becomes a candidate with its evidence (candidates.ts), for an administrator
//   to confirm or reject on the lineage page (decide.ts). Only confirmed candidates become links.
//
// Every derivation replaces all derived links in one transaction; links an administrator entered
// are never touched, and no merger or succession is derived for a practice an administrator has
// already linked. Running it twice gives the same links (and the same candidates; decisions stay).

import { type Kysely, sql } from 'kysely';
import { commissionerLineage } from '../../domain/lineage/commissioners.ts';
import { membershipPeriods } from '../../domain/membership.ts';
import type { Store } from '../../store/database.ts';
import type { Database, LineageKind, NewOrganisationLineage } from '../../store/schema.ts';
import { refreshCandidates } from './candidates.ts';
import { CLOSED_AFTER_DAYS, CLOSED_BEFORE_DAYS, MAX_EXTRACT_GAP_DAYS, MIN_CLOSED_LIST } from './rules.ts';

/** The successor must have gained at least this share of the closed practice's last list. */
const MIN_SHARE_TAKEN = 0.5;

export interface LineageDerivation {
  closures: number;
  mergers: number;
  successions: number;
  /** Links between commissioners (PCT → CCG → sub-ICB location, mergers, splits). */
  commissioners: number;
  /** Merger candidates waiting for an administrator. */
  candidates: number;
  durationMs: number;
}

export async function deriveLineage(
  store: Store,
  options: { actor: string; now: Date },
): Promise<LineageDerivation> {
  const started = performance.now();
  return store.db.transaction().execute(async (trx) => {
    // Fresh statistics after bulk imports: without them the planner expects one row where there are
    // thousands and the successor query takes 30 s instead of well under one.
    await sql`analyze organisation, list_size, organisation_lineage`.execute(trx);
    await trx.deleteFrom('organisation_lineage').where('source', '=', 'derived').execute();
    const closures = await closureLinks(trx, options.actor, options.now);
    const successors = await successorLinks(trx, options.actor, options.now);
    const commissioners = await commissionerLinks(trx, options.actor, options.now);
    const links = [...closures, ...successors, ...commissioners];
    for (let i = 0; i < links.length; i += 1000) {
      await trx
        .insertInto('organisation_lineage')
        .values(links.slice(i, i + 1000))
        .execute();
    }
    const candidates = await refreshCandidates(trx, options.now);
    return {
      closures: closures.length,
      mergers: successors.filter((l) => l.kind === 'merger').length,
      successions: successors.filter((l) => l.kind === 'succession').length,
      commissioners: commissioners.length,
      candidates,
      durationMs: performance.now() - started,
    };
  });
}

async function closureLinks(
  db: Kysely<Database>,
  actor: string,
  now: Date,
): Promise<NewOrganisationLineage[]> {
  const ods = await db
    .selectFrom('import_batch')
    .select('id')
    .where('format', '=', 'ods-epraccur')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const closed = await db
    .selectFrom('organisation')
    .select(['code', 'close_date'])
    .where('kind', '=', 'practice')
    .where('status', '=', 'closed')
    .where('close_date', 'is not', null)
    .orderBy('code')
    .execute();
  return closed.map((p) => ({
    predecessor_code: p.code,
    successor_code: null,
    kind: 'closure' as const,
    effective_date: p.close_date,
    source: 'derived' as const,
    note: `ODS lists the practice as closed on ${p.close_date}`,
    batch_id: ods?.id ?? null,
    created_by: actor,
    created_at: now,
  }));
}

interface Candidate {
  predecessor: string;
  successor: string;
  close_date: string;
  last_extract: string;
  next_extract: string;
  closed_list: number;
  before: number | null;
  after: number;
  batch_id: number;
}

async function successorLinks(
  db: Kysely<Database>,
  actor: string,
  now: Date,
): Promise<NewOrganisationLineage[]> {
  const { rows } = await sql<Candidate>`
    with extracts as (
      select extract_date as d, lead(extract_date) over (order by extract_date) as next_d
      from (select distinct extract_date from list_size) e
    ),
    last_seen as (
      select practice_code, max(extract_date) as last_d from list_size group by practice_code
    ),
    vanished as (
      select l.practice_code as code, l.last_d, x.next_d, ls.patients as closed_list, o.close_date,
        split_part(o.postcode, ' ', 1) as district
      from last_seen l
      join extracts x on x.d = l.last_d
      join list_size ls on ls.practice_code = l.practice_code and ls.extract_date = l.last_d
      join organisation o on o.code = l.practice_code
      where x.next_d is not null
        and x.next_d - l.last_d <= ${MAX_EXTRACT_GAP_DAYS}
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
      s1.patients as before, s2.patients as after, s2.batch_id
    from vanished v
    join list_size s2 on s2.extract_date = v.next_d
    join organisation so on so.code = s2.practice_code
    left join list_size s1 on s1.practice_code = s2.practice_code and s1.extract_date = v.last_d
    where s2.practice_code <> v.code
      and split_part(so.postcode, ' ', 1) = v.district
      and s2.patients - coalesce(s1.patients, 0) >= ${MIN_SHARE_TAKEN}::numeric * v.closed_list
      and (
        s1.patients is not null
        or so.open_date between v.last_d - ${CLOSED_BEFORE_DAYS}::integer and v.next_d + ${CLOSED_BEFORE_DAYS}::integer
      )
    order by v.code, s2.practice_code`.execute(db);
  // Only an unambiguous successor: exactly one candidate for the closed practice.
  const byPredecessor = new Map<string, Candidate[]>();
  for (const row of rows)
    byPredecessor.set(row.predecessor, [...(byPredecessor.get(row.predecessor) ?? []), row]);
  const links: NewOrganisationLineage[] = [];
  for (const [predecessor, candidates] of byPredecessor) {
    if (candidates.length !== 1) continue;
    const c = candidates[0]!;
    const kind: LineageKind = c.before === null ? 'succession' : 'merger';
    const gained = c.after - (c.before ?? 0);
    const how =
      kind === 'merger'
        ? `${c.successor}'s list grew by ${gained} (from ${c.before} to ${c.after})`
        : `${c.successor} opened with a list of ${c.after}`;
    links.push({
      predecessor_code: predecessor,
      successor_code: c.successor,
      kind,
      effective_date: c.close_date,
      source: 'derived',
      note:
        `Derived: ${predecessor} closed on ${c.close_date} (ODS) and its list of ${c.closed_list} vanished ` +
        `between the extracts of ${c.last_extract} and ${c.next_extract}; ${how}, ` +
        `the only practice in the same postcode district to take on half of it or more`,
      batch_id: c.batch_id,
      created_by: actor,
      created_at: now,
    });
  }
  return links;
}

/** Links between commissioners, from their practices' memberships (derived, like the rest). */
async function commissionerLinks(
  db: Kysely<Database>,
  actor: string,
  now: Date,
): Promise<NewOrganisationLineage[]> {
  const rows = await db
    .selectFrom('organisation_membership')
    .select(['child_code', 'parent_code', 'observed_on', 'ended_on'])
    .where('parent_kind', '=', 'sub_icb')
    .where(sql<boolean>`child_code ~ '^[A-Z][0-9]{5}$'`)
    .execute();
  const periods = membershipPeriods(
    rows.map((r) => ({
      childCode: r.child_code,
      parentKind: 'sub_icb' as const,
      parentCode: r.parent_code,
      observedOn: r.observed_on,
      endedOn: r.ended_on,
    })),
  );
  return commissionerLineage(periods).map((l) => ({
    predecessor_code: l.predecessor,
    successor_code: l.successor,
    kind: l.kind,
    effective_date: l.effectiveDate,
    source: 'derived' as const,
    note:
      `Derived: ${l.moved} of the ${l.movedOut} practices that left ${l.predecessor} went to ${l.successor}` +
      ` (most on ${l.effectiveDate}), which ${l.successorHadBefore > 0 ? `already had ${l.successorHadBefore}` : 'had none before'}` +
      (l.alsoFrom.length > 0 ? ` and took practices from ${l.alsoFrom.join(', ')} that day too` : ''),
    batch_id: null,
    created_by: actor,
    created_at: now,
  }));
}
