/**
 * Reading the organisation hierarchy for the browser pages: England → region → ICB → sub-ICB location
 * → PCN → practice. "Current" means each child's latest observation: a practice that moved PCN
 * appears only under its new one. Files may record memberships only for practices (the registrations
 * mapping names a practice's PCN, sub-ICB, ICB and region), so the levels in between are derived from
 * the practices beneath them. Every query goes through the membership indexes and reads only the
 * organisation asked about.
 */
import { type Kysely, sql } from 'kysely';
import { membershipPeriods } from '../../domain/membership.ts';
import { membershipsInForce } from '../../domain/population/as-of.ts';
import type { IsoDate } from '../../domain/records.ts';
import { PREPARED } from '../../store/prepared-statements.ts';
import type { Database, Organisation, OrganisationKind } from '../../store/schema.ts';
import { membershipObservations } from '../population/membership-rows.ts';

export const KIND_ORDER: readonly OrganisationKind[] = [
  'country',
  'region',
  'icb',
  'sub_icb',
  'pcn',
  'practice',
];

export const KIND_LABELS: Record<OrganisationKind, string> = {
  country: 'Country',
  region: 'Region',
  icb: 'ICB',
  sub_icb: 'Sub-ICB location',
  pcn: 'PCN',
  practice: 'Practice',
};

/**
 * What an organisation of `kind` was called on `date`: the commissioner level was the primary care
 * trust (PCT) until April 2013, the clinical commissioning group (CCG) until July 2022 and the sub-ICB
 * location since; ICBs were preceded by STPs.
 */
export function kindLabelOn(kind: OrganisationKind, date: string | null): string {
  if (date !== null && kind === 'sub_icb') {
    if (date < '2013-04-01') return 'PCT';
    if (date < '2022-07-01') return 'CCG';
  }
  if (date !== null && kind === 'icb' && date < '2022-07-01') return 'STP';
  return KIND_LABELS[kind];
}

export function kindBelow(kind: OrganisationKind): OrganisationKind | null {
  return KIND_ORDER[KIND_ORDER.indexOf(kind) + 1] ?? null;
}

export interface OrganisationRef {
  code: string;
  name: string;
  kind: OrganisationKind;
}

export interface ChildOrganisation extends OrganisationRef {
  status: string | null;
  postcode: string | null;
  /** Practices currently beneath this child (1 for a practice itself). */
  practices: number;
}

export async function findOrganisation(db: Kysely<Database>, code: string): Promise<Organisation | null> {
  return (
    (await db
      .selectFrom('organisation')
      .modifyFront(PREPARED)
      .selectAll()
      .where('code', '=', code.toUpperCase())
      .executeTakeFirst()) ?? null
  );
}

export interface RegionRef extends OrganisationRef {
  /** The latest extract that placed anything in this region; null if none did. */
  lastSeen: string | null;
  /** False for regions that the latest extracts no longer use (e.g. the pre-2020 NHS England regions). */
  current: boolean;
}

/** England's regions, for the top of the browser: one index probe per region. */
export async function listRegions(db: Kysely<Database>): Promise<RegionRef[]> {
  const rows = await sql<{ code: string; name: string; last_seen: string | null }>`
    select o.code, o.name,
      (select max(m.observed_on) from organisation_membership m
        where m.parent_kind = 'region' and m.parent_code = o.code) as last_seen
    from organisation o
    where o.kind = 'region'
    order by o.name`.execute(db);
  const latest = rows.rows.reduce<string | null>(
    (max, r) => (r.last_seen && (!max || r.last_seen > max) ? r.last_seen : max),
    null,
  );
  return rows.rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: 'region' as const,
    lastSeen: r.last_seen,
    current: r.last_seen !== null && r.last_seen === latest,
  }));
}

/**
 * The children and grandchildren currently under `parent`, as (child code → practice code) pairs:
 * every organisation whose latest `parent.kind` observation names `parent`, unless a source says that
 * membership has ended (a practice that left or closed: it is listed with the members over time).
 */
async function currentMembers(db: Kysely<Database>, parent: OrganisationRef): Promise<string[]> {
  const rows = await sql<{ child_code: string }>`
    select child_code from (
      select distinct on (m.child_code) m.child_code, m.parent_code, m.observed_on
      from organisation_membership m
      where m.parent_kind = ${parent.kind}
        and m.child_code in (
          select child_code from organisation_membership where parent_kind = ${parent.kind} and parent_code = ${parent.code}
        )
      order by m.child_code, m.observed_on desc
    ) latest
    where latest.parent_code = ${parent.code}
      and not exists (
        select 1 from organisation_membership e
        where e.child_code = latest.child_code and e.parent_kind = ${parent.kind}
          and e.parent_code = latest.parent_code and e.ended_on >= latest.observed_on
      )`.execute(db);
  return rows.rows.map((r) => r.child_code);
}

/** Each listed organisation's latest parent of one kind. */
async function currentParentsOfKind(
  db: Kysely<Database>,
  childCodes: string[],
  kind: OrganisationKind,
): Promise<Map<string, string>> {
  if (childCodes.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisation_membership')
    .select(['child_code', 'parent_code'])
    .distinctOn('child_code')
    .where('parent_kind', '=', kind)
    .where('child_code', 'in', childCodes)
    .orderBy('child_code')
    .orderBy('observed_on', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.child_code, r.parent_code]));
}

/** The practices of an organisation open on a date by the one "as of" rule (`loadPracticesAsOf`). */
export interface OpenOn {
  date: IsoDate;
  practices: ReadonlySet<string>;
}

/**
 * The organisations one level below `parent`, with how many practices each holds: today's members
 * (each child's latest observation), or — given the practices open on a date — those practices, each
 * counted under the child it belonged to on that date by the same rule (issue 14: a past `?date=`
 * counts a practice in the PCN it was in then, not the one it is in now).
 */
export async function childrenOf(
  db: Kysely<Database>,
  parent: OrganisationRef,
  openOn: OpenOn | null = null,
): Promise<ChildOrganisation[]> {
  const below = kindBelow(parent.kind);
  if (!below) return [];
  if (parent.kind === 'country') {
    const regions = await listRegions(db);
    return regions
      .filter((r) => r.current)
      .map((r) => ({ code: r.code, name: r.name, kind: r.kind, status: null, postcode: null, practices: 0 }));
  }
  if (openOn !== null) return childrenOn(db, below, openOn);
  const members = await currentMembers(db, parent);
  if (members.length === 0) return [];
  const orgs = await db
    .selectFrom('organisation')
    .select(['code', 'name', 'kind', 'status', 'postcode'])
    .where('code', 'in', members)
    .execute();
  const practices = orgs.filter((o) => o.kind === 'practice');
  if (below === 'practice') return practiceChildren(practices);

  // Direct children recorded as such (e.g. a PCN whose own membership names this sub-ICB) …
  const counts = new Map<string, number>(orgs.filter((o) => o.kind === below).map((o) => [o.code, 0]));
  // … and the children the practices beneath reveal.
  const parentOf = await currentParentsOfKind(
    db,
    practices.map((p) => p.code),
    below,
  );
  for (const code of parentOf.values()) counts.set(code, (counts.get(code) ?? 0) + 1);
  return namedChildren(db, counts, below);
}

/** The children on a date: the open practices themselves, or the `below` parents they had then. */
async function childrenOn(db: Kysely<Database>, below: OrganisationKind, openOn: OpenOn) {
  const codes = [...openOn.practices];
  if (codes.length === 0) return [];
  if (below === 'practice') {
    const practices = await db
      .selectFrom('organisation')
      .select(['code', 'name', 'kind', 'status', 'postcode'])
      .where('code', 'in', codes)
      .execute();
    return practiceChildren(practices);
  }
  const periods = membershipPeriods(await membershipObservations(db, below, codes));
  const counts = new Map<string, number>();
  for (const m of membershipsInForce(periods, below, openOn.date).values())
    counts.set(m.parentCode, (counts.get(m.parentCode) ?? 0) + 1);
  return namedChildren(db, counts, below);
}

function practiceChildren(practices: Omit<ChildOrganisation, 'practices'>[]): ChildOrganisation[] {
  return practices.map((p) => ({ ...p, practices: 1 })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The children counted, with their names and statuses, by name. */
async function namedChildren(
  db: Kysely<Database>,
  counts: ReadonlyMap<string, number>,
  below: OrganisationKind,
): Promise<ChildOrganisation[]> {
  if (counts.size === 0) return [];
  const children = await db
    .selectFrom('organisation')
    .select(['code', 'name', 'kind', 'status', 'postcode'])
    .where('code', 'in', [...counts.keys()])
    .execute();
  const named = new Map(children.map((c) => [c.code, c]));
  return [...counts.entries()]
    .map(([code, n]) => {
      const org = named.get(code);
      return {
        code,
        name: org?.name ?? code,
        kind: org?.kind ?? below,
        status: org?.status ?? null,
        postcode: org?.postcode ?? null,
        practices: n,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The organisations above `org` today, from the top (region) down. Files record memberships at
 * different levels (a practice's PCN and sub-ICB location; a sub-ICB location's ICB; an ICB's region),
 * so this climbs: it takes what `org`'s own latest memberships say, then asks the highest parent
 * found for the kinds still missing, and so on. An organisation with no memberships of its own (a
 * PCN, say) starts from one of its current practices. A few indexed lookups, at most one per level.
 * A closed organisation's ancestors are those of its last day (a practice closed in 2017 sits in
 * its CCG and the region of 2017, not in the region its CCG joined later).
 */
export async function currentAncestors(
  db: Kysely<Database>,
  org: OrganisationRef & { status?: string | null; close_date?: string | null },
): Promise<OrganisationRef[]> {
  const asOf = org.status === 'closed' && org.close_date ? org.close_date : null;
  const above = KIND_ORDER.slice(1, KIND_ORDER.indexOf(org.kind));
  const found = new Map<OrganisationKind, OrganisationRef>();
  const visited = new Set<string>();
  let from: string | undefined = org.code;
  while (from !== undefined && found.size < above.length) {
    visited.add(from);
    const missing = above.filter((k) => !found.has(k));
    for (const parent of await latestParents(db, from, missing, asOf)) found.set(parent.kind, parent);
    if (visited.size === 1 && found.size === 0) {
      from = (await currentMembers(db, org)).find((code) => code !== org.code);
      continue;
    }
    // Climb from the highest parent not yet asked.
    from = [...found.values()]
      .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind))
      .find((a) => !visited.has(a.code))?.code;
  }
  return [...found.values()].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/**
 * The latest parent of each listed kind, from one organisation's own memberships; with `asOf`, the
 * latest observed on or before that day (else the earliest after it).
 */
async function latestParents(
  db: Kysely<Database>,
  code: string,
  kinds: OrganisationKind[],
  asOf: string | null,
): Promise<OrganisationRef[]> {
  const day = asOf ?? '9999-12-31';
  const rows = await db
    .selectFrom('organisation_membership as m')
    .leftJoin('organisation as o', 'o.code', 'm.parent_code')
    .modifyFront(PREPARED)
    .select(['m.parent_kind', 'm.parent_code', 'o.name'])
    .distinctOn('m.parent_kind')
    .where('m.child_code', '=', code)
    .where('m.parent_kind', 'in', kinds)
    .orderBy('m.parent_kind')
    .orderBy(sql`m.observed_on <= ${day}::date`, 'desc')
    .orderBy(sql`case when m.observed_on <= ${day}::date then m.observed_on end`, 'desc')
    .orderBy('m.observed_on', 'asc')
    .execute();
  return rows
    .map((r) => ({ code: r.parent_code, name: r.name ?? r.parent_code, kind: r.parent_kind }))
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}
