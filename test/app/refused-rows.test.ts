// Issue 13, point 7: a refused row is kept with the import (file, line, column, value, reason) and
// shown on the import page; it used to be only printed. The real 2019-20 prevalence file has five
// registers larger than their list at practice Y03051; these are its real rows.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { getImportHistory } from '../../src/app/browse/import-history.ts';
import { importFile } from '../../src/app/import/import-file.ts';
import { importsPage } from '../../src/web/pages/imports.ts';
import { forEachDatabase } from '../support/databases.ts';
import { demoLines, TempFolder } from './import-fixtures.ts';

let folder: TempFolder;
let path: string;
before(async () => {
  folder = await TempFolder.create();
  const lines = demoLines('qof/PREVALENCE_1920.csv.gz');
  path = await folder.write('PREVALENCE_1920.csv', [
    lines[0]!,
    ...lines.filter((l) => l.startsWith('Y03051,')),
  ]);
});
after(async () => {
  await folder.remove();
});

forEachDatabase('Refused rows are kept with their import', (store) => {
  it('stores each refused row with its line, column, value and reason, and counts them on the batch', async () => {
    const outcome = await importFile(store(), path, { actor: 'tester' });
    assert.equal(outcome.status, 'imported');
    assert.equal(outcome.rowsRejected, 5);
    const db = store().db;
    const batch = await db
      .selectFrom('import_batch')
      .selectAll()
      .where('id', '=', outcome.batchId)
      .executeTakeFirstOrThrow();
    assert.equal(batch.rows_rejected, 5);
    const refused = await db
      .selectFrom('import_row_rejection')
      .select(['file_name', 'line', 'column_name', 'value', 'code', 'message'])
      .where('batch_id', '=', outcome.batchId)
      .orderBy('line')
      .execute();
    assert.equal(refused.length, 5);
    assert.deepEqual(refused[0], {
      file_name: 'PREVALENCE_1920.csv',
      line: 3,
      column_name: 'REGISTER',
      value: '197',
      code: 'register_exceeds_list',
      message:
        "PREVALENCE_1920.csv line 3, column REGISTER: expected a register no larger than the TOTAL list of 138, found '197'",
    });
  });

  it('shows them on the import page, under their file', async () => {
    const html = importsPage(
      {
        username: 'a',
        displayName: 'A',
        csrfToken: 't',
        canViewImports: true,
        navigation: { concerns: false, schemes: false, peerReviewGroups: false, unreadNotifications: null },
      },
      await getImportHistory(store().db),
    );
    assert.match(html, /<h2>Rows refused<\/h2>/);
    assert.match(html, /<a href="#refused-\d+">5<\/a>/);
    assert.match(
      html,
      /<th[^>]*>PREVALENCE_1920\.csv<\/th><td[^>]*>3<\/td><td[^>]*>REGISTER<\/td><td[^>]*>197<\/td><td[^>]*>PREVALENCE_1920\.csv line 3, column REGISTER: expected a register no larger than the TOTAL list of 138, found &#39;197&#39;<\/td>/,
    );
  });
});
