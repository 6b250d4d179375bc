// NEWEST WINS BY EXTRACT DATE — the one place that decides what Fairview believes when files disagree.
//
// Files describe organisations and memberships as of a date: their extract date (epraccur's latest
// date, a registrations file's EXTRACT_DATE, the end of a QOF or financial year, a quarter's first
// day). Import order must not matter (issue 13: importing epraccur 2023 then 2016 showed practices
// closed in 2019 as active), so:
//
// 1. Organisations. Every file's statement is kept (organisation_observation, one row per
//    organisation and import batch, dated `as_of`). `organisation` is resolved from them field by
//    field: the value of the newest statement that states the field (a null is "this file does not
//    say", never "empty"). Newest = latest `as_of`; undated statements (a practice added by its code
//    alone, rows from before migration 014) come last; equal dates are settled by the file's
//    checksum, so the same files give the same answer in any order. One exception, because ODS
//    states "open" by leaving the close date empty: while the newest status is active or proposed,
//    the practice has no close date.
// 2. Memberships. An observation is keyed by child, parent kind and observation date; when two files
//    observe the same child on the same day, the one with the later `as_of` wins (then the higher
//    parent code, then the later end), whatever order they came in. Observations on different days
//    never conflict: validity periods are made from all of them (src/domain/membership.ts).
//
// Issue 15 will rewrite the imports around COPY; it should keep calling these two functions (or move
// the same ORDER BY into its own statements), so that the rule stays written once.

import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { OrganisationRecord } from '../../domain/records.ts';
import type { Database } from '../../store/schema.ts';

/** The order of statements, newest first (aliases: `ob` the observation, `b` its import batch). */
const NEWEST_FIRST = sql`ob.as_of desc nulls last, b.checksum desc`;

/**
 * The ON CONFLICT condition for organisation_membership: the incoming observation replaces the
 * stored one only if it is newer by the rule above.
 */
export const MEMBERSHIP_NEWER: RawBuilder<unknown> = sql`
  (coalesce(excluded.as_of, excluded.observed_on), excluded.parent_code, coalesce(excluded.ended_on, 'infinity'::date))
  > (coalesce(organisation_membership.as_of, organisation_membership.observed_on),
     organisation_membership.parent_code, coalesce(organisation_membership.ended_on, 'infinity'::date))`;

/** Folds a later description of the same organisation in one file into an earlier one. */
export function mergeOrganisation(
  earlier: OrganisationRecord,
  later: OrganisationRecord,
): OrganisationRecord {
  return {
    kind: 'organisation',
    code: later.code,
    organisationKind: later.organisationKind,
    asOf: later.asOf ?? earlier.asOf,
    name: later.name ?? earlier.name,
    onsCode: later.onsCode ?? earlier.onsCode,
    postcode: later.postcode ?? earlier.postcode,
    openDate: later.openDate ?? earlier.openDate,
    closeDate: later.closeDate ?? earlier.closeDate,
    status: later.status ?? earlier.status,
    contractType: later.contractType ?? earlier.contractType,
    rurality: later.rurality ?? earlier.rurality,
  };
}

/** Keeps what one import says about these organisations; returns the statements written. */
export async function recordObservations(
  db: Kysely<Database>,
  organisations: readonly OrganisationRecord[],
  batchId: number,
): Promise<number> {
  if (organisations.length === 0) return 0;
  const col = <T>(pick: (o: OrganisationRecord) => T): T[] => organisations.map(pick);
  const result = await sql`
    insert into organisation_observation
      (code, batch_id, as_of, kind, name, ons_code, postcode, open_date, close_date, status, contract_type, rurality)
    select i.code, ${batchId}::integer, i.as_of, i.kind, i.name, i.ons_code, i.postcode, i.open_date,
      i.close_date, i.status, i.contract_type, i.rurality
    from unnest(
      ${col((o) => o.code)}::text[], ${col((o) => o.asOf)}::date[], ${col((o) => o.organisationKind)}::text[],
      ${col((o) => o.name)}::text[], ${col((o) => o.onsCode)}::text[], ${col((o) => o.postcode)}::text[],
      ${col((o) => o.openDate)}::date[], ${col((o) => o.closeDate)}::date[], ${col((o) => o.status)}::text[],
      ${col((o) => o.contractType)}::text[], ${col((o) => o.rurality)}::text[]
    ) as i(code, as_of, kind, name, ons_code, postcode, open_date, close_date, status, contract_type, rurality)
    on conflict (code, batch_id) do update set
      as_of = coalesce(excluded.as_of, organisation_observation.as_of),
      kind = excluded.kind,
      name = coalesce(excluded.name, organisation_observation.name),
      ons_code = coalesce(excluded.ons_code, organisation_observation.ons_code),
      postcode = coalesce(excluded.postcode, organisation_observation.postcode),
      open_date = coalesce(excluded.open_date, organisation_observation.open_date),
      close_date = coalesce(excluded.close_date, organisation_observation.close_date),
      status = coalesce(excluded.status, organisation_observation.status),
      contract_type = coalesce(excluded.contract_type, organisation_observation.contract_type),
      rurality = coalesce(excluded.rurality, organisation_observation.rurality)`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Adds an undated statement for practices known only by their code (facts name them, no file does). */
export async function observePracticesByCode(
  db: Kysely<Database>,
  codes: readonly string[],
  batchId: number,
): Promise<void> {
  if (codes.length === 0) return;
  await sql`
    insert into organisation_observation (code, batch_id, kind)
    select c, ${batchId}::integer, 'practice' from unnest(${[...codes]}::text[]) as c
    on conflict (code, batch_id) do nothing`.execute(db);
}

/**
 * Resolves `organisation` for every organisation import `batchId` said something about, from all
 * the statements about it (the rule at the top of this file). Returns the organisations inserted.
 */
export async function resolveOrganisations(db: Kysely<Database>, batchId: number): Promise<number> {
  const newest = (column: string) =>
    sql`(array_agg(${sql.ref(`ob.${column}`)} order by ${NEWEST_FIRST})
          filter (where ${sql.ref(`ob.${column}`)} is not null))[1]`;
  const resolved = sql`
    select ob.code,
      (array_agg(ob.kind order by ${NEWEST_FIRST}))[1] as kind,
      ${newest('name')} as name, ${newest('ons_code')} as ons_code, ${newest('postcode')} as postcode,
      ${newest('open_date')} as open_date, ${newest('close_date')} as close_date,
      ${newest('status')} as status, ${newest('contract_type')} as contract_type,
      ${newest('rurality')} as rurality,
      (array_agg(ob.batch_id order by ${NEWEST_FIRST}))[1] as batch_id
    from organisation_observation ob
    join import_batch b on b.id = ob.batch_id
    where ob.code in (select code from organisation_observation where batch_id = ${batchId})
    group by ob.code`;
  const closeDate = sql`case when r.status in ('active', 'proposed') then null else r.close_date end`;
  const inserted = await sql`
    insert into organisation (code, kind, name, batch_id)
    select distinct on (code) code, kind, code, batch_id from organisation_observation
    where batch_id = ${batchId}
    order by code
    on conflict (code) do nothing`.execute(db);
  await sql`
    update organisation o set
      kind = r.kind, name = coalesce(r.name, o.code), ons_code = r.ons_code, postcode = r.postcode,
      open_date = r.open_date, close_date = ${closeDate}, status = r.status,
      contract_type = r.contract_type, rurality = r.rurality, batch_id = r.batch_id
    from (${resolved}) r
    where o.code = r.code`.execute(db);
  return Number(inserted.numAffectedRows ?? 0n);
}
