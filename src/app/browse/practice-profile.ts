/**
 * Everything the public practice page shows, read in a handful of primary-key lookups on one practice.
 */
import type { Kysely } from 'kysely';
import { type MembershipPeriod, membershipPeriods } from '../../domain/membership.ts';
import type { Database, LineageKind, Organisation, Sex } from '../../store/schema.ts';
import { currentAncestors, type OrganisationRef } from './organisations.ts';

/** A validity period (src/domain/membership.ts) with the parent's name for display. */
export interface NamedMembershipPeriod extends MembershipPeriod {
  parentName: string;
}

export interface LineageLink {
  id: number;
  direction: 'predecessor' | 'successor';
  /** The other practice. */
  code: string | null;
  name: string | null;
  kind: LineageKind;
  effectiveDate: string | null;
  source: 'derived' | 'administrator';
  note: string | null;
}

export interface PopulationBand {
  ageBand: string;
  male: number;
  female: number;
}

export interface QofRegister {
  qofYear: string;
  groupCode: string;
  register: number;
  patientListType: string | null;
  listSize: number | null;
  /** register / list size × 100; null when the list size is missing or zero. */
  crudePrevalencePercent: number | null;
}

export interface PracticeProfile {
  practice: Organisation;
  /** Region, ICB, sub-ICB location, PCN as of the latest extract. */
  current: OrganisationRef[];
  history: NamedMembershipPeriod[];
  lineage: LineageLink[];
  listSizes: { extractDate: string; patients: number }[];
  population: { extractDate: string; bands: PopulationBand[] } | null;
  qof: QofRegister[];
  imd: { year: number; score: number }[];
}

/** Lower bound of an age band ('0-4' → 0, '95+' → 95) for ordering. */
export function ageBandStart(band: string): number {
  const n = Number.parseInt(band, 10);
  return Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
}

export async function getPracticeProfile(
  db: Kysely<Database>,
  code: string,
): Promise<PracticeProfile | null> {
  const practice = await db
    .selectFrom('organisation')
    .selectAll()
    .where('code', '=', code.toUpperCase())
    .where('kind', '=', 'practice')
    .executeTakeFirst();
  if (!practice) return null;

  const observations = await db
    .selectFrom('organisation_membership as m')
    .leftJoin('organisation as o', 'o.code', 'm.parent_code')
    .select(['m.parent_kind', 'm.parent_code', 'm.observed_on', 'm.ended_on', 'o.name'])
    .where('m.child_code', '=', practice.code)
    .execute();
  const names = new Map(observations.map((o) => [o.parent_code, o.name ?? o.parent_code]));

  const lineage = await lineageOf(db, practice.code);

  const listSizes = await db
    .selectFrom('list_size')
    .select(['extract_date as extractDate', 'patients'])
    .where('practice_code', '=', practice.code)
    .orderBy('extract_date', 'desc')
    .execute();

  const population = await latestPopulation(db, practice.code);

  const qof = await qofRegisters(db, practice.code);

  const imd = await db
    .selectFrom('imd_score')
    .select(['imd_year as year', 'score'])
    .where('practice_code', '=', practice.code)
    .orderBy('imd_year', 'desc')
    .execute();

  return {
    practice,
    current: await currentAncestors(db, practice),
    history: membershipPeriods(
      observations.map((o) => ({
        childCode: practice.code,
        parentKind: o.parent_kind,
        parentCode: o.parent_code,
        observedOn: o.observed_on,
        endedOn: o.ended_on,
      })),
    ).map((p) => ({ ...p, parentName: names.get(p.parentCode) ?? p.parentCode })),
    lineage,
    listSizes,
    population,
    qof,
    imd,
  };
}

/** The practice's predecessors and successors, each seen from the practice. */
async function lineageOf(db: Kysely<Database>, code: string): Promise<LineageLink[]> {
  const lineageRows = await db
    .selectFrom('organisation_lineage as l')
    .leftJoin('organisation as p', 'p.code', 'l.predecessor_code')
    .leftJoin('organisation as s', 's.code', 'l.successor_code')
    .select([
      'l.id',
      'l.predecessor_code',
      'l.successor_code',
      'l.kind',
      'l.effective_date',
      'l.source',
      'l.note',
      'p.name as predecessor_name',
      's.name as successor_name',
    ])
    .where((eb) => eb.or([eb('l.predecessor_code', '=', code), eb('l.successor_code', '=', code)]))
    .orderBy('l.effective_date')
    .execute();
  const lineage: LineageLink[] = lineageRows.map((l) => {
    const isSuccessorHere = l.successor_code === code;
    return {
      id: l.id,
      direction: isSuccessorHere ? 'predecessor' : 'successor',
      code: isSuccessorHere ? l.predecessor_code : l.successor_code,
      name: isSuccessorHere ? l.predecessor_name : l.successor_name,
      kind: l.kind,
      effectiveDate: l.effective_date,
      source: l.source,
      note: l.note,
    };
  });
  return lineage;
}

/** The latest registered population by age band and sex (null when none is held). */
async function latestPopulation(db: Kysely<Database>, code: string): Promise<PracticeProfile['population']> {
  const latest = await db
    .selectFrom('population')
    .select((eb) => eb.fn.max('extract_date').as('d'))
    .where('practice_code', '=', code)
    .executeTakeFirst();
  let population: PracticeProfile['population'] = null;
  if (latest?.d) {
    const rows = await db
      .selectFrom('population')
      .select(['sex', 'age_band', 'patients'])
      .where('practice_code', '=', code)
      .where('extract_date', '=', latest.d)
      .execute();
    const bands = new Map<string, PopulationBand>();
    for (const r of rows) {
      const band = bands.get(r.age_band) ?? { ageBand: r.age_band, male: 0, female: 0 };
      band[r.sex satisfies Sex] += r.patients;
      bands.set(r.age_band, band);
    }
    population = {
      extractDate: latest.d,
      bands: [...bands.values()].sort((a, b) => ageBandStart(a.ageBand) - ageBandStart(b.ageBand)),
    };
  }
  return population;
}

/** QOF registers, newest year first, each with its crude prevalence. */
async function qofRegisters(db: Kysely<Database>, code: string): Promise<QofRegister[]> {
  const qofRows = await db
    .selectFrom('qof_prevalence')
    .select(['qof_year', 'group_code', 'register', 'patient_list_type', 'patient_list_size'])
    .where('practice_code', '=', code)
    .orderBy('qof_year', 'desc')
    .orderBy('group_code')
    .execute();
  const qof = qofRows.map((r) => ({
    qofYear: r.qof_year,
    groupCode: r.group_code,
    register: r.register,
    patientListType: r.patient_list_type,
    listSize: r.patient_list_size,
    crudePrevalencePercent:
      r.patient_list_size && r.patient_list_size > 0 ? (100 * r.register) / r.patient_list_size : null,
  }));
  return qof;
}
