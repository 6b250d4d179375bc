/**
 * Seeds a store with a small real slice of England for the web tests: a few named practices with
 * their organisations, memberships, registered population and list size (July 2026), QOF registers
 * (2016-17 and 2024-25) and IMD 2025 scores, read from the project's own demo-data files and written
 * straight into the tables with Kysely (the import use cases belong to another part of the code).
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Insertable, Kysely } from 'kysely';
import type {
  Database,
  NewImdScore,
  NewListSize,
  NewOrganisation,
  NewOrganisationMembership,
  NewPopulation,
  NewQofPrevalence,
  OrganisationKind,
} from '../../src/store/schema.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'demo-data');

/** Stockton (16C): two practices in different PCNs; Barnet (93C), London: one more. */
export const SLICE_PRACTICES = ['A81001', 'A81002', 'E83003'];

async function* lines(file: string): AsyncGenerator<string[]> {
  const rl = createInterface({
    input: createReadStream(join(DEMO, file)).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of rl) {
    // These files quote whole fields without embedded commas.
    yield line.split(',').map((f) => f.replace(/^"|"$/g, ''));
  }
}

async function* rawLines(file: string): AsyncGenerator<string> {
  const rl = createInterface({
    input: createReadStream(join(DEMO, file)).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of rl) yield line;
}

/** One CSV line whose quoted fields may hold commas (addresses). */
function splitQuoted(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

async function batch(
  db: Kysely<Database>,
  fileName: string,
  format: string,
  period: string,
): Promise<number> {
  const row = await db
    .insertInto('import_batch')
    .values({
      file_name: fileName,
      checksum: `test-${fileName}-${Math.random().toString(16).slice(2)}`,
      format,
      publisher: 'NHS England',
      period,
      imported_by: 'test-seed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const isoDate = (yyyymmdd: string): string | null =>
  /^\d{8}$/.test(yyyymmdd) ? `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}` : null;
const STATUS: Record<string, 'active' | 'closed' | 'dormant' | 'proposed'> = {
  A: 'active',
  C: 'closed',
  D: 'dormant',
  P: 'proposed',
};
const title = (s: string): string => s.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());

export async function seedRealSlice(
  db: Kysely<Database>,
  practices: string[] = SLICE_PRACTICES,
): Promise<void> {
  const wanted = new Set(practices);
  const organisations = new Map<string, NewOrganisation>();

  const odsBatch = await batch(db, 'epraccur.csv.gz', 'ods-epraccur', '2026-07');
  // Addresses hold quoted commas ("7 TRINITY MEWS,N. ORMESBY"): split quoted, or the dates shift.
  for await (const line of rawLines('ods/epraccur.csv.gz')) {
    const f = splitQuoted(line);
    if (!wanted.has(f[0]!)) continue;
    organisations.set(f[0]!, {
      code: f[0]!,
      kind: 'practice',
      name: title(f[1]!),
      postcode: f[9] || null,
      open_date: isoDate(f[10]!),
      close_date: isoDate(f[11]!),
      status: STATUS[f[12]!] ?? null,
      contract_type: null,
      rurality: null,
      batch_id: odsBatch,
    });
  }

  const mapBatch = await batch(db, 'gp-reg-pat-prac-map.csv.gz', 'registrations-practice-map', '2026-07');
  const memberships: NewOrganisationMembership[] = [];
  for await (const f of lines('registrations/gp-reg-pat-prac-map.csv.gz')) {
    if (!wanted.has(f[2]!)) continue;
    const parents: [OrganisationKind, string, string, string | null][] = [
      ['pcn', f[5]!, f[6]!, null],
      ['sub_icb', f[8]!, f[9]!, f[7]!],
      ['icb', f[11]!, f[12]!, f[10]!],
      ['region', f[14]!, f[15]!, f[13]!],
    ];
    for (const [kind, code, name, ons] of parents) {
      if (!organisations.has(code)) {
        organisations.set(code, { code, kind, name, ons_code: ons, batch_id: mapBatch });
      }
      memberships.push({
        child_code: f[2]!,
        parent_kind: kind,
        parent_code: code,
        observed_on: '2026-07-01',
        batch_id: mapBatch,
      });
    }
  }
  await db
    .insertInto('organisation')
    .values([...organisations.values()])
    .execute();
  await db.insertInto('organisation_membership').values(memberships).execute();

  const popBatch = await batch(db, 'gp-reg-pat-prac-quin-age.csv.gz', 'registrations-quinary-age', '2026-07');
  const population: NewPopulation[] = [];
  const listSize: NewListSize[] = [];
  for await (const f of lines('registrations/gp-reg-pat-prac-quin-age.csv.gz')) {
    if (f[2] !== 'GP' || !wanted.has(f[3]!)) continue;
    const [sex, band, n] = [f[6]!, f[7]!, Number(f[8])];
    if (sex === 'ALL' && band === 'ALL') {
      listSize.push({ practice_code: f[3]!, extract_date: f[1]!, patients: n, batch_id: popBatch });
    } else if (sex !== 'ALL' && band !== 'ALL') {
      population.push({
        practice_code: f[3]!,
        extract_date: f[1]!,
        sex: sex === 'MALE' ? 'male' : 'female',
        age_band: band.replace('_', '-'),
        patients: n,
        batch_id: popBatch,
      });
    }
  }
  await db.insertInto('population').values(population).execute();
  await db.insertInto('list_size').values(listSize).execute();

  for (const [file, year] of [
    ['qof/PREVALENCE_1617.csv.gz', '2016-17'],
    ['qof/PREVALENCE_2425.csv.gz', '2024-25'],
  ] as const) {
    const qofBatch = await batch(db, file.slice(4), 'qof-prevalence', year);
    const rows: NewQofPrevalence[] = [];
    for await (const f of lines(file)) {
      if (!wanted.has(f[0]!)) continue;
      rows.push({
        practice_code: f[0]!,
        qof_year: year,
        group_code: f[1]!,
        register: Number(f[2]),
        patient_list_type: f[3]!,
        patient_list_size: Number(f[4]),
        batch_id: qofBatch,
      });
    }
    await db.insertInto('qof_prevalence').values(rows).execute();
  }

  // The registered and weighted lists NHS Payments to General Practice 2022-23 publishes (as its
  // reader dates them: 1 January 2023), so a 2023-24 calculation has lists as of its year's end.
  const payBatch = await batch(
    db,
    'nhs-payments-to-general-practice-2022-23.csv.gz',
    'nhs-payments',
    '2022-23',
  );
  let header: string[] | null = null;
  const figures: Insertable<Database['practice_list_figure']>[] = [];
  for await (const line of rawLines('payments/nhs-payments-to-general-practice-2022-23.csv.gz')) {
    const f = splitQuoted(line.replace(/^\uFEFF/, ''));
    if (!header) {
      header = f;
      continue;
    }
    const code = f[header.indexOf('Practice Code')]!;
    if (!wanted.has(code)) continue;
    for (const [measure, column] of [
      ['registered', 'Number of Registered Patients (Last Known Figure)'],
      ['weighted', 'Number of Weighted Patients (Last Known Figure)'],
    ] as const)
      figures.push({
        practice_code: code,
        extract_date: '2023-01-01',
        measure,
        patients: Number(f[header.indexOf(column)]),
        label: `NHS Payments to General Practice 2022-23, ${column} at 2023-01-01`,
        batch_id: payBatch,
      });
  }
  if (figures.length > 0) await db.insertInto('practice_list_figure').values(figures).execute();

  const imdBatch = await batch(db, 'imd-2025-by-practice.csv.gz', 'imd-by-practice', '2025');
  const imd: NewImdScore[] = [];
  for await (const f of lines('fingertips/imd-2025-by-practice.csv.gz')) {
    if (wanted.has(f[0]!))
      imd.push({ practice_code: f[0]!, imd_year: Number(f[2]), score: Number(f[3]), batch_id: imdBatch });
  }
  await db.insertInto('imd_score').values(imd).execute();
}
