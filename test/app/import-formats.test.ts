// Every real format imports through the use case with the expected counts, and known values can be
// read back from the store. Large files are cut to their first rows (the same real bytes) except the
// quinary-age registrations file, imported whole once per database.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { importFile } from '../../src/app/import/import-file.ts';
import { forEachDatabase } from '../support/databases.ts';
import { demoFile, TempFolder } from './import-fixtures.ts';

let folder: TempFolder;
before(async () => {
  folder = await TempFolder.create();
});
after(async () => {
  await folder.remove();
});

forEachDatabase('Importing each real format', (store) => {
  it('reads the ODS epraccur file: GP practices only, with status, dates and the sub-ICB they belong to', async () => {
    const outcome = await importFile(store(), demoFile('ods/epraccur.csv.gz'), { actor: 'tester' });
    assert.equal(outcome.status, 'imported');
    assert.equal(outcome.format, 'ods-epraccur');
    assert.equal(outcome.period, '2023-12-04');
    assert.equal(outcome.rowsRead, 15_971);
    assert.equal(outcome.rowsSkipped, 7_745);
    assert.ok(
      outcome.skipped.some((s) => s.reason === 'Welsh practice (national grouping W00)' && s.rows === 421),
    );
    const db = store().db;
    const a81001 = await db
      .selectFrom('organisation')
      .selectAll()
      .where('code', '=', 'A81001')
      .executeTakeFirstOrThrow();
    assert.equal(a81001.kind, 'practice');
    assert.equal(a81001.name, 'THE DENSHAM SURGERY');
    assert.equal(a81001.postcode, 'TS18 1HU');
    assert.equal(a81001.status, 'active');
    assert.equal(a81001.open_date, '1974-04-01');
    assert.equal(a81001.batch_id, outcome.batchId);
    const practices = await db
      .selectFrom('organisation')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'practice')
      .executeTakeFirstOrThrow();
    assert.equal(Number(practices.n), 8_226);
    const membership = await db
      .selectFrom('organisation_membership')
      .selectAll()
      .where('child_code', '=', 'A81001')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      {
        parent_kind: membership.parent_kind,
        parent_code: membership.parent_code,
        observed_on: membership.observed_on,
      },
      { parent_kind: 'sub_icb', parent_code: '16C', observed_on: '2023-12-04' },
    );
    const batch = await db
      .selectFrom('import_batch')
      .selectAll()
      .where('id', '=', outcome.batchId)
      .executeTakeFirstOrThrow();
    assert.equal(batch.file_name, 'epraccur.csv.gz');
    assert.match(batch.checksum, /^[0-9a-f]{64}$/);
    assert.equal(batch.format, 'ods-epraccur');
    assert.equal(batch.publisher, 'NHS England (ODS)');
    assert.equal(batch.period, '2023-12-04');
    assert.equal(batch.imported_by, 'tester');
    assert.equal(batch.rows_read, 15_971);
    assert.equal(batch.rows_skipped, 7_745);
    assert.equal(batch.facts_written, outcome.factsWritten);
    assert.ok(batch.imported_at instanceof Date);
  });

  it('reads the 2024-25 QOF prevalence file: A81001 has 703 patients on its hypertension register', async () => {
    const outcome = await importFile(store(), demoFile('qof/PREVALENCE_2425.csv.gz'), { actor: 'tester' });
    assert.equal(outcome.format, 'qof-prevalence');
    assert.equal(outcome.period, '2024-25');
    assert.equal(outcome.rowsRead, 129_948);
    const stored = await store()
      .db.selectFrom('qof_prevalence')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('qof_year', '=', '2024-25')
      .executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), 129_948 - outcome.rowsSkipped - outcome.rowsRejected);
    const hyp = await store()
      .db.selectFrom('qof_prevalence')
      .selectAll()
      .where('practice_code', '=', 'A81001')
      .where('qof_year', '=', '2024-25')
      .where('group_code', '=', 'HYP')
      .executeTakeFirstOrThrow();
    assert.equal(hyp.register, 703);
    assert.equal(hyp.patient_list_type, 'TOTAL');
    assert.equal(hyp.patient_list_size, 3904);
    assert.equal(hyp.batch_id, outcome.batchId);
  });

  it('reads the quinary-age registrations file whole: A81001 has 3,733 patients on 1 July 2026', async () => {
    const outcome = await importFile(store(), demoFile('registrations/gp-reg-pat-prac-quin-age.csv.gz'), {
      actor: 'tester',
    });
    assert.equal(outcome.format, 'gp-reg-quinary-age');
    assert.equal(outcome.rowsRead, 326_241);
    assert.equal(outcome.rowsSkipped, 74_542);
    // 6,139 list sizes, 245,560 bands, and the practices ODS did not name, added by their code.
    const added = outcome.notes.find((n) => n.reason.startsWith('practices not named'))?.rows ?? 0;
    assert.ok(added < 10, `${added} practices added by code`);
    assert.equal(outcome.factsWritten, 6_139 + 245_560 + added);
    const db = store().db;
    const list = await db
      .selectFrom('list_size')
      .selectAll()
      .where('practice_code', '=', 'A81001')
      .executeTakeFirstOrThrow();
    assert.equal(list.extract_date, '2026-07-01');
    assert.equal(list.patients, 3_733);
    const pyramid = await db
      .selectFrom('population')
      .select((eb) => [eb.fn.sum<number>('patients').as('total'), eb.fn.countAll<number>().as('bands')])
      .where('practice_code', '=', 'A81001')
      .where('extract_date', '=', '2026-07-01')
      .executeTakeFirstOrThrow();
    assert.equal(Number(pyramid.total), 3_733);
    assert.equal(Number(pyramid.bands), 40);
  });

  it('reads the practice mapping file: A81001 is in Stockton PCN (U89141) with an ONS code for its sub-ICB', async () => {
    const outcome = await importFile(store(), demoFile('registrations/gp-reg-pat-prac-map.csv.gz'), {
      actor: 'tester',
    });
    assert.equal(outcome.format, 'gp-reg-practice-map');
    assert.equal(outcome.rowsRead, 6_139);
    const db = store().db;
    const pcn = await db
      .selectFrom('organisation_membership')
      .selectAll()
      .where('child_code', '=', 'A81001')
      .where('parent_kind', '=', 'pcn')
      .executeTakeFirstOrThrow();
    assert.equal(pcn.parent_code, 'U89141');
    assert.equal(pcn.observed_on, '2026-07-01');
    const subIcb = await db
      .selectFrom('organisation')
      .selectAll()
      .where('code', '=', '16C')
      .executeTakeFirstOrThrow();
    assert.equal(subIcb.kind, 'sub_icb');
    assert.equal(subIcb.ons_code, 'E38000247');
  });

  it('reads the QOF organisation reference and NHS geographies files', async () => {
    const reference = await importFile(store(), demoFile('qof/ORGANISATION_REFERENCE_1819_v2.csv.gz'), {
      actor: 'tester',
    });
    assert.equal(reference.format, 'qof-organisation-reference');
    assert.equal(reference.period, '2018-19');
    assert.equal(reference.rowsRead, 6_873);
    const geographies = await importFile(store(), demoFile('qof/MAPPING_NHS_GEOGRAPHIES_2021.csv.gz'), {
      actor: 'tester',
    });
    assert.equal(geographies.format, 'qof-nhs-geographies');
    assert.equal(geographies.rowsRead, 6_571);
    // The geographies file (31 March 2021) names the practice in mixed case, but the ODS file of
    // December 2023 is newer: its name stays, and so does the postcode the geographies never knew.
    const a81001 = await store()
      .db.selectFrom('organisation')
      .selectAll()
      .where('code', '=', 'A81001')
      .executeTakeFirstOrThrow();
    assert.equal(a81001.name, 'THE DENSHAM SURGERY');
    assert.equal(a81001.postcode, 'TS18 1HU');
    assert.equal(a81001.status, 'active');
  });

  it('reads the QOF indicator mappings (68 indicators in 2019-20)', async () => {
    const outcome = await importFile(store(), demoFile('qof/INDICATOR_MAPPINGS_2019_2020.csv.gz'), {
      actor: 'tester',
    });
    assert.equal(outcome.format, 'qof-indicator-mappings');
    assert.equal(outcome.factsWritten, 68);
    const af001 = await store()
      .db.selectFrom('qof_indicator')
      .selectAll()
      .where('qof_year', '=', '2019-20')
      .where('indicator_code', '=', 'AF001')
      .executeTakeFirstOrThrow();
    assert.equal(af001.group_code, 'AF');
    assert.equal(af001.points, 5);
  });

  it('reads the IMD 2025 scores and the Fingertips API extract of earlier IMD scores', async () => {
    const slim = await importFile(store(), demoFile('fingertips/imd-2025-by-practice.csv.gz'), {
      actor: 'tester',
    });
    assert.equal(slim.format, 'imd-by-practice');
    assert.equal(slim.rowsRead, 6_143);
    const api = await importFile(store(), demoFile('fingertips/imd-by-practice-api.csv.gz'), {
      actor: 'tester',
    });
    assert.equal(api.format, 'fingertips-api-extract');
    assert.equal(api.rowsRead, 23_080);
    const scores = await store()
      .db.selectFrom('imd_score')
      .select(['imd_year', 'score'])
      .where('practice_code', '=', 'A81001')
      .orderBy('imd_year')
      .execute();
    assert.deepEqual(
      scores.map((s) => s.imd_year),
      [2010, 2015, 2019, 2025],
    );
    assert.equal(scores.at(-1)?.score, 33.519);
    assert.equal(scores[0]?.score, 25.07512244);
  });

  it('reads a standard Fingertips indicator export (smoking prevalence, every area type)', async () => {
    const outcome = await importFile(store(), demoFile('fingertips/smoking-prevalence-qof-91547.csv.gz'), {
      actor: 'tester',
    });
    assert.equal(outcome.format, 'fingertips-indicator-export');
    assert.equal(outcome.rowsRead, 17_627);
    const england = await store()
      .db.selectFrom('indicator_value')
      .selectAll()
      .where('indicator_id', '=', 91547)
      .where('area_code', '=', 'E92000001')
      .where('time_period', '=', '2013/14')
      .executeTakeFirstOrThrow();
    assert.equal(england.value, 19.17076526);
    assert.equal(england.count, 8_935_216);
  });

  it('reads the first 300 practices of the 2022-23 payments file: contract type and each payment line', async () => {
    const path = await folder.head(
      'payments/nhs-payments-to-general-practice-2022-23.csv.gz',
      300,
      'nhs-payments-to-general-practice-2022-23.csv',
    );
    const outcome = await importFile(store(), path, { actor: 'tester' });
    assert.equal(outcome.format, 'nhs-payments');
    assert.equal(outcome.period, '2022-23');
    assert.equal(outcome.rowsRead, 300);
    const db = store().db;
    const globalSum = await db
      .selectFrom('payment')
      .selectAll()
      .where('practice_code', '=', 'A81001')
      .where('financial_year', '=', '2022-23')
      .where('line', '=', 'Global Sum')
      .executeTakeFirstOrThrow();
    assert.equal(globalSum.amount, 438_099.78);
    const a81001 = await db
      .selectFrom('organisation')
      .selectAll()
      .where('code', '=', 'A81001')
      .executeTakeFirstOrThrow();
    assert.equal(a81001.contract_type, 'GMS');
    assert.equal(a81001.rurality, 'Urban');
    // Payments know no status: ODS's stays.
    assert.equal(a81001.status, 'active');
  });

  it('reads the first 500 rows of a 2013 quarterly list file, dated by the quarter in its name', async () => {
    const path = await folder.head(
      'registrations/legacy-quarterly/Patient_List_Size_2013_04-06.csv.gz',
      500,
      'Patient_List_Size_2013_04-06.csv',
    );
    const outcome = await importFile(store(), path, { actor: 'tester' });
    assert.equal(outcome.format, 'gp-reg-legacy-quarterly');
    assert.equal(outcome.period, '2013-04-01');
    assert.equal(outcome.rowsRead, 500);
    const lists = await store()
      .db.selectFrom('list_size')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('extract_date', '=', '2013-04-01')
      .executeTakeFirstOrThrow();
    assert.equal(Number(lists.n), 500 - outcome.rowsSkipped);
  });
});
