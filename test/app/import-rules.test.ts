// The rules every import follows: an identical file changes nothing; a rejected file writes nothing
// (even when its bad row comes after thousands of good ones) but leaves a rejection on record; a
// practice code must be well formed; a file that does not know a field never erases it; a folder
// imports organisations first and goes on past a rejected file.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { importFile } from '../../src/app/import/import-file.ts';
import { importPaths } from '../../src/app/import/import-paths.ts';
import { ImportError } from '../../src/ingest/import-error.ts';
import { forEachDatabase } from '../support/databases.ts';
import { demoFile, demoLines, TempFolder, tableCounts } from './import-fixtures.ts';

let folder: TempFolder;
before(async () => {
  folder = await TempFolder.create();
});
after(async () => {
  await folder.remove();
});

/** 6,000 real QOF 2024-25 rows, then `bad`, then ten more real rows: the bad row is on line 6,002. */
async function prevalenceWithBadRow(name: string, bad: string): Promise<string> {
  const lines = demoLines('qof/PREVALENCE_2425.csv.gz');
  return folder.write(name, [...lines.slice(0, 6_001), bad, ...lines.slice(6_001, 6_011)]);
}

forEachDatabase('The rules of every import', (store) => {
  it('recognises an identical file by its checksum and changes nothing, not a row and not a value', async () => {
    const db = store().db;
    const path = demoFile('fingertips/imd-2025-by-practice.csv.gz');
    const first = await importFile(store(), path, { actor: 'tester' });
    assert.equal(first.status, 'imported');
    const countsBefore = await tableCounts(db);
    const scoresBefore = await db.selectFrom('imd_score').selectAll().orderBy('practice_code').execute();
    const batchesBefore = await db.selectFrom('import_batch').selectAll().orderBy('id').execute();
    const organisationsBefore = await db.selectFrom('organisation').selectAll().orderBy('code').execute();

    // The same bytes under another name are still the same file.
    const copy = await folder.copy('fingertips/imd-2025-by-practice.csv.gz', 'renamed-imd.csv.gz');
    for (const again of [path, copy]) {
      const outcome = await importFile(store(), again, { actor: 'someone else' });
      assert.equal(outcome.status, 'unchanged');
      assert.equal(outcome.batchId, first.batchId);
      assert.equal(outcome.factsWritten, 0);
    }
    assert.deepEqual(await tableCounts(db), countsBefore);
    assert.deepEqual(
      await db.selectFrom('imd_score').selectAll().orderBy('practice_code').execute(),
      scoresBefore,
    );
    assert.deepEqual(await db.selectFrom('import_batch').selectAll().orderBy('id').execute(), batchesBefore);
    assert.deepEqual(
      await db.selectFrom('organisation').selectAll().orderBy('code').execute(),
      organisationsBefore,
    );
  });

  it('rolls back a file whose bad row comes after 6,000 good ones, and records why it was rejected', async () => {
    const db = store().db;
    const countsBefore = await tableCounts(db);
    const path = await prevalenceWithBadRow('PREVALENCE_2425_negative.csv', 'A81001,ZZZ,-3.0,TOTAL,3904');
    await assert.rejects(importFile(store(), path, { actor: 'tester' }), (error: unknown) => {
      assert.ok(error instanceof ImportError);
      assert.equal(error.file, 'PREVALENCE_2425_negative.csv');
      assert.equal(error.line, 6_002);
      assert.equal(error.column, 'REGISTER');
      assert.match(error.message, /line 6002, column REGISTER: expected a non-negative number, found '-3.0'/);
      return true;
    });
    const countsAfter = await tableCounts(db);
    assert.deepEqual({ ...countsAfter, import_rejection: 0 }, { ...countsBefore, import_rejection: 0 });
    assert.equal(countsAfter.import_rejection, countsBefore.import_rejection! + 1);
    const rejection = await db
      .selectFrom('import_rejection')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(rejection.file_name, 'PREVALENCE_2425_negative.csv');
    assert.equal(rejection.format, 'qof-prevalence');
    assert.equal(rejection.line, 6_002);
    assert.equal(rejection.column_name, 'REGISTER');
    assert.equal(rejection.attempted_by, 'tester');
    assert.match(rejection.checksum, /^[0-9a-f]{64}$/);
    assert.match(rejection.message, /expected a non-negative number/);
  });

  it('rejects a malformed practice code, naming its line and column, and writes nothing', async () => {
    const db = store().db;
    const countsBefore = await tableCounts(db);
    const path = await prevalenceWithBadRow('PREVALENCE_2425_badcode.csv', 'A8100X,HYP,3.0,TOTAL,3904');
    await assert.rejects(importFile(store(), path, { actor: 'tester' }), (error: unknown) => {
      assert.ok(error instanceof ImportError);
      assert.equal(error.code, 'invalid_value');
      assert.equal(error.line, 6_002);
      assert.equal(error.column, 'PRACTICE_CODE');
      assert.match(error.message, /expected an ODS practice code .*found 'A8100X'/);
      return true;
    });
    const countsAfter = await tableCounts(db);
    assert.deepEqual({ ...countsAfter, import_rejection: 0 }, { ...countsBefore, import_rejection: 0 });
    assert.equal(countsAfter.import_rejection, countsBefore.import_rejection! + 1);
  });

  it('rejects a file that matches no format, before reading further than its header', async () => {
    const path = await folder.write('not-nhs-data.csv', ['colour,shape', 'red,square']);
    await assert.rejects(importFile(store(), path, { actor: 'tester' }), (error: unknown) => {
      assert.ok(error instanceof ImportError);
      assert.equal(error.code, 'unknown_format');
      assert.equal(error.line, 1);
      return true;
    });
    const rejection = await store()
      .db.selectFrom('import_rejection')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(rejection.file_name, 'not-nhs-data.csv');
    assert.equal(rejection.format, null);
  });

  it('keeps facts about practices no organisation file names, adding the practice by its code', async () => {
    const lines = demoLines('qof/PREVALENCE_1920.csv.gz');
    const path = await folder.write('PREVALENCE_1920.csv', [
      ...lines.slice(0, 31),
      'Z99998,AF,10,TOTAL,4000',
    ]);
    const outcome = await importFile(store(), path, { actor: 'tester' });
    assert.equal(outcome.status, 'imported');
    const added = outcome.notes.find((n) => n.reason.startsWith('practices not named'));
    assert.equal(added?.rows, 1);
    const z = await store()
      .db.selectFrom('organisation')
      .selectAll()
      .where('code', '=', 'Z99998')
      .executeTakeFirstOrThrow();
    assert.deepEqual([z.kind, z.name, z.batch_id], ['practice', 'Z99998', outcome.batchId]);
  });

  it('rejects facts about unknown practices when the caller requires known practices', async () => {
    const lines = demoLines('qof/PREVALENCE_1617.csv.gz');
    const path = await folder.write('PREVALENCE_1617.csv', [
      ...lines.slice(0, 31),
      'Z99999,AF,10,TOTAL,4000',
    ]);
    await assert.rejects(
      importFile(store(), path, { actor: 'tester', unknownPractices: 'reject' }),
      (error: unknown) => {
        assert.ok(error instanceof ImportError);
        assert.equal(error.code, 'unknown_practice');
        assert.equal(error.line, 32);
        assert.equal(error.column, 'PRACTICE_CODE');
        assert.match(error.message, /found 'Z99999'/);
        return true;
      },
    );
    const z = await store()
      .db.selectFrom('organisation')
      .select('code')
      .where('code', '=', 'Z99999')
      .executeTakeFirst();
    assert.equal(z, undefined);
  });

  it('merges organisations column by column, newest file first: an older file fills gaps, never overrides', async () => {
    const db = store().db;
    // The ODS file of December 2023 names A81001 in capitals with its postcode and status …
    await importFile(store(), demoFile('ods/epraccur.csv.gz'), { actor: 'tester' });
    const a81001 = () =>
      db.selectFrom('organisation').selectAll().where('code', '=', 'A81001').executeTakeFirstOrThrow();
    let row = await a81001();
    assert.deepEqual([row.name, row.postcode, row.status], ['THE DENSHAM SURGERY', 'TS18 1HU', 'active']);
    // … the QOF 2019-20 geographies (31 March 2020) name it in mixed case: older, so ODS's name stays …
    await importFile(store(), demoFile('qof/MAPPING_NHS_GEOGRAPHIES_1920.csv.gz'), { actor: 'tester' });
    row = await a81001();
    assert.deepEqual([row.name, row.postcode, row.status], ['THE DENSHAM SURGERY', 'TS18 1HU', 'active']);
    // … and the payments of 2022-23 (31 March 2023) fill in what ODS does not say, erasing nothing.
    await importFile(store(), demoFile('payments/nhs-payments-to-general-practice-2022-23.csv.gz'), {
      actor: 'tester',
    });
    row = await a81001();
    assert.deepEqual(
      [row.name, row.postcode, row.status, row.contract_type, row.rurality],
      ['THE DENSHAM SURGERY', 'TS18 1HU', 'active', 'GMS', 'Urban'],
    );
  });

  it('imports a folder with organisation files first, and goes on past a rejected file', async () => {
    const sub = await TempFolder.create();
    try {
      await sub.copy('qof/INDICATOR_MAPPINGS_2021_2022.csv.gz', 'qof/INDICATOR_MAPPINGS_2021_2022.csv.gz');
      await sub.copy('qof/ORGANISATION_REFERENCE_1718.csv.gz', 'qof/ORGANISATION_REFERENCE_1718.csv.gz');
      await sub.write('a-broken/PREVALENCE_2021.csv', [
        'PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE',
        'A81001,AF,lots,TOTAL,4098',
      ]);
      await sub.write('notes.txt', ['not data']);
      const seen: string[] = [];
      const outcomes = await importPaths(store(), [sub.path], {
        actor: 'tester',
        onFileDone: (o) => seen.push(`${o.fileName}:${o.status}`),
      });
      assert.deepEqual(seen, [
        'ORGANISATION_REFERENCE_1718.csv.gz:imported',
        'INDICATOR_MAPPINGS_2021_2022.csv.gz:imported',
        'PREVALENCE_2021.csv:rejected',
      ]);
      const rejected = outcomes[2]!;
      assert.equal(rejected.status, 'rejected');
      if (rejected.status === 'rejected') {
        assert.equal(rejected.line, 2);
        assert.equal(rejected.column, 'REGISTER');
        assert.equal(rejected.format, 'qof-prevalence');
      }
      const indicators = await store()
        .db.selectFrom('qof_indicator')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('qof_year', '=', '2021-22')
        .executeTakeFirstOrThrow();
      assert.equal(Number(indicators.n), 72);
    } finally {
      await sub.remove();
    }
  });
});
