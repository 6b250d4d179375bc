// "The practices of organisation X open on date D, with their registered and weighted lists as of D
// and the extract each came from" (issue 14): the store's facts handed to the one rule,
// src/domain/population/as-of.ts. Every page and use case that needs an organisation's practices or
// their lists asks this, so the same question gets the same answer everywhere.
//
// Facts used: the practices' memberships of the organisation's kind (table organisation_membership),
// their ODS open/close dates (organisation) and stated statuses (organisation_observation), their
// registered lists (list_size: the registrations extracts) and, when held, the registered and weighted
// lists of NHS Payments to General Practice (practice_list_figure, issue 14 point 2).
import type { Kysely } from 'kysely';
import {
  DEFAULT_MAX_LIST_AGE_DAYS,
  type ListExtract,
  type PracticesAsOf,
  practicesAsOf,
} from '../../domain/population/as-of.ts';
import type { IsoDate, OrganisationKind, OrganisationStatus } from '../../domain/records.ts';
import type { Database } from '../../store/schema.ts';
import { isoDay, membershipObservations } from './membership-rows.ts';

export interface AsOfOptions {
  maxListAgeDays?: number;
}

export async function loadPracticesAsOf(
  db: Kysely<Database>,
  organisationCode: string,
  date: IsoDate,
  options: AsOfOptions = {},
): Promise<PracticesAsOf> {
  const org = await db
    .selectFrom('organisation')
    .select(['code', 'kind'])
    .where('code', '=', organisationCode)
    .executeTakeFirst();
  const kind: OrganisationKind = org?.kind ?? 'sub_icb';
  const candidates = (
    await db
      .selectFrom('organisation_membership as m')
      .innerJoin('organisation as o', 'o.code', 'm.child_code')
      .select('m.child_code')
      .distinct()
      .where('m.parent_kind', '=', kind)
      .where('m.parent_code', '=', organisationCode)
      .where('o.kind', '=', 'practice')
      .execute()
  ).map((r) => r.child_code);
  return practicesAsOfFor(db, { code: organisationCode, kind }, candidates, date, options);
}

/**
 * The same rule for a named set of practices (e.g. a calculation's), measured against `organisation`
 * (null: no membership test, only dates, status and lists).
 */
export async function practicesAsOfFor(
  db: Kysely<Database>,
  organisation: { code: string; kind: OrganisationKind } | null,
  codes: readonly string[],
  date: IsoDate,
  options: AsOfOptions = {},
): Promise<PracticesAsOf> {
  const maxListAgeDays = options.maxListAgeDays ?? DEFAULT_MAX_LIST_AGE_DAYS;
  if (codes.length === 0)
    return practicesAsOf({ organisation, date, maxListAgeDays, memberships: [], practices: [], lists: [] });
  const list = [...codes];
  const memberships = organisation ? await membershipObservations(db, organisation.kind, list) : [];
  const organisations = await db
    .selectFrom('organisation')
    .select(['code', 'name', 'open_date', 'close_date'])
    .where('code', 'in', list)
    .execute();
  const statuses = await db
    .selectFrom('organisation_observation')
    .select(['code', 'as_of', 'status'])
    .where('code', 'in', list)
    .where('status', 'is not', null)
    .where('as_of', 'is not', null)
    .execute();
  const lists = await db
    .selectFrom('list_size as l')
    .innerJoin('import_batch as b', 'b.id', 'l.batch_id')
    .select(['l.practice_code', 'l.extract_date', 'l.patients', 'l.batch_id', 'b.file_name'])
    .where('l.practice_code', 'in', list)
    .where('l.extract_date', '<=', date)
    .execute();
  const figures = await paymentsListFigures(db, list, date);
  const qofLists = await qofListFigures(db, list, date);
  const statusBy = new Map<string, { asOf: IsoDate; status: OrganisationStatus }[]>();
  for (const s of statuses) {
    const entry = statusBy.get(s.code) ?? [];
    statusBy.set(s.code, entry);
    entry.push({ asOf: isoDay(s.as_of!), status: s.status! });
  }
  const registered: ListExtract[] = lists.map((l) => ({
    practiceCode: l.practice_code,
    extractDate: isoDay(l.extract_date),
    patients: Number(l.patients),
    source: `registered patients ${isoDay(l.extract_date)} (${l.file_name}, import batch ${l.batch_id})`,
  }));
  return practicesAsOf({
    organisation,
    date,
    maxListAgeDays,
    memberships,
    practices: organisations.map((o) => ({
      code: o.code,
      name: o.name,
      openDate: o.open_date === null ? null : isoDay(o.open_date),
      closeDate: o.close_date === null ? null : isoDay(o.close_date),
      statuses: statusBy.get(o.code) ?? [],
    })),
    // A payments file's registered list is the same kind of figure as a registrations extract.
    lists: [...registered, ...figures.registered, ...qofLists],
    weightedLists: figures.weighted,
  });
}

/** Registered and weighted lists from NHS Payments to General Practice, when that table exists. */
async function paymentsListFigures(
  db: Kysely<Database>,
  codes: string[],
  date: IsoDate,
): Promise<{ registered: ListExtract[]; weighted: ListExtract[] }> {
  const rows = await db
    .selectFrom('practice_list_figure as f')
    .innerJoin('import_batch as b', 'b.id', 'f.batch_id')
    .select([
      'f.practice_code',
      'f.extract_date',
      'f.measure',
      'f.patients',
      'f.label',
      'f.batch_id',
      'b.file_name',
    ])
    .where('f.practice_code', 'in', codes)
    .where('f.extract_date', '<=', date)
    .execute();
  const registered: ListExtract[] = [];
  const weighted: ListExtract[] = [];
  for (const r of rows) {
    const extract: ListExtract = {
      practiceCode: r.practice_code,
      extractDate: isoDay(r.extract_date),
      patients: Number(r.patients),
      source: `${r.label} (${r.file_name}, import batch ${r.batch_id})`,
    };
    (r.measure === 'weighted' ? weighted : registered).push(extract);
  }
  return { registered, weighted };
}

/**
 * The TOTAL list of each QOF year's prevalence file, dated 1 January of the year's end (the QOF
 * list date): the list QOF's Contractor Population Index divides.
 */
async function qofListFigures(db: Kysely<Database>, codes: string[], date: IsoDate): Promise<ListExtract[]> {
  // The TOTAL list is the largest of a practice's lists in a year (the age-restricted ones are parts
  // of it), so the largest stands for it where a file gives no TOTAL row.
  const rows = await db
    .selectFrom('qof_prevalence as q')
    .innerJoin('import_batch as b', 'b.id', 'q.batch_id')
    .select((eb) => [
      'q.practice_code',
      'q.qof_year',
      eb.fn.max('q.patient_list_size').as('patients'),
      eb.fn.max('q.batch_id').as('batch_id'),
      eb.fn.max('b.file_name').as('file_name'),
    ])
    .where('q.practice_code', 'in', codes)
    .where('q.patient_list_size', 'is not', null)
    .groupBy(['q.practice_code', 'q.qof_year'])
    .execute();
  // The practice summary tables' list size (qof-points-by-practice-<year>.csv): the same QOF list.
  const points = await db
    .selectFrom('qof_practice as q')
    .innerJoin('import_batch as b', 'b.id', 'q.batch_id')
    .select(['q.practice_code', 'q.qof_year', 'q.list_size as patients', 'q.batch_id', 'b.file_name'])
    .where('q.practice_code', 'in', codes)
    .where('q.list_size', 'is not', null)
    .where('q.list_size', '>', 0)
    .execute();
  // One list a practice a year from either table, each named for the file it came from.
  const figures = [
    ...points.map((r) => ({ ...r, what: 'practice summary, list size' })),
    ...rows.map((r) => ({ ...r, what: 'prevalence, TOTAL list' })),
  ];
  const out: ListExtract[] = [];
  for (const r of figures) {
    const extractDate = `${Number(r.qof_year.slice(0, 4)) + 1}-01-01`;
    if (extractDate > date || r.patients === null) continue;
    out.push({
      practiceCode: r.practice_code,
      extractDate,
      patients: Number(r.patients),
      source: `QOF ${r.qof_year} ${r.what} at ${extractDate} (${r.file_name}, import batch ${r.batch_id})`,
    });
  }
  return out;
}
