// Organisations merge column by column: a file that does not know a field (null) never erases what
// another file said, and a file that does know it replaces it. insertRows' upsert can only copy
// `excluded` values, and a new organisation also needs a name (NOT NULL) when the file gives none,
// so this is two statements over the same unnest() arrays: update the known codes, insert the rest.

import { type Kysely, sql } from 'kysely';
import type { OrganisationRecord } from '../../domain/records.ts';
import type { Database } from '../../store/schema.ts';

/** Folds a later description of the same organisation into an earlier one (later non-nulls win). */
export function mergeOrganisation(
  earlier: OrganisationRecord,
  later: OrganisationRecord,
): OrganisationRecord {
  return {
    kind: 'organisation',
    code: later.code,
    organisationKind: later.organisationKind,
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

/** Writes organisations (distinct codes) for `batchId`; returns the rows inserted or updated. */
export async function upsertOrganisations(
  db: Kysely<Database>,
  organisations: readonly OrganisationRecord[],
  batchId: number,
): Promise<number> {
  if (organisations.length === 0) return 0;
  const col = <T>(pick: (o: OrganisationRecord) => T): T[] => organisations.map(pick);
  const incoming = sql`unnest(
    ${col((o) => o.code)}::text[], ${col((o) => o.organisationKind)}::text[], ${col((o) => o.name)}::text[],
    ${col((o) => o.onsCode)}::text[], ${col((o) => o.postcode)}::text[], ${col((o) => o.openDate)}::date[],
    ${col((o) => o.closeDate)}::date[], ${col((o) => o.status)}::text[], ${col((o) => o.contractType)}::text[],
    ${col((o) => o.rurality)}::text[]
  ) as i(code, kind, name, ons_code, postcode, open_date, close_date, status, contract_type, rurality)`;
  const updated = await sql`
    update organisation o set
      kind = i.kind,
      name = coalesce(i.name, o.name),
      ons_code = coalesce(i.ons_code, o.ons_code),
      postcode = coalesce(i.postcode, o.postcode),
      open_date = coalesce(i.open_date, o.open_date),
      close_date = coalesce(i.close_date, o.close_date),
      status = coalesce(i.status, o.status),
      contract_type = coalesce(i.contract_type, o.contract_type),
      rurality = coalesce(i.rurality, o.rurality),
      batch_id = ${batchId}
    from ${incoming}
    where o.code = i.code`.execute(db);
  // A file that does not name an organisation leaves it named by its code until one does.
  const inserted = await sql`
    insert into organisation
      (code, kind, name, ons_code, postcode, open_date, close_date, status, contract_type, rurality, batch_id)
    select i.code, i.kind, coalesce(i.name, i.code), i.ons_code, i.postcode, i.open_date, i.close_date,
      i.status, i.contract_type, i.rurality, ${batchId}::integer
    from ${incoming}
    on conflict (code) do nothing`.execute(db);
  return Number(updated.numAffectedRows ?? 0n) + Number(inserted.numAffectedRows ?? 0n);
}

/** Adds practices known only by their code (facts name them, no organisation file does yet). */
export async function addPracticesByCode(
  db: Kysely<Database>,
  codes: readonly string[],
  batchId: number,
): Promise<number> {
  if (codes.length === 0) return 0;
  const result = await sql`
    insert into organisation (code, kind, name, batch_id)
    select c, 'practice', c, ${batchId}::integer from unnest(${[...codes]}::text[]) as c
    on conflict (code) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
