// Issue 11, finding 8: a value the readers let through but the database refuses (here a Fingertips
// category too long for an index entry, PostgreSQL's "index row size exceeds maximum") rejects the
// file with its file, line and column — not a raw database message — and writes nothing.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { importFile } from '../../src/app/import/import-file.ts';
import { ImportError } from '../../src/ingest/import-error.ts';
import { forEachDatabase } from '../support/databases.ts';
import { NHS_DATA } from '../support/nhs-data.ts';
import { TempFolder, tableCounts } from './import-fixtures.ts';

let folder: TempFolder;
before(async () => {
  folder = await TempFolder.create();
});
after(async () => {
  await folder.remove();
});

/** The real export's header and first 40 rows, then a row whose Category is 3,500 random characters. */
async function exportWithHugeCategory(): Promise<{ path: string; line: number }> {
  const lines = readFileSync(`${NHS_DATA}/fingertips/ed-attendances-under5-93930.csv`, 'utf8')
    .split(/\r?\n/)
    .slice(0, 41);
  const fields = lines[1]!.split(',');
  const huge = randomBytes(2625).toString('base64url'); // 3,500 characters nothing can compress
  fields[10] = huge;
  const path = await folder.write('ed-attendances-long-category.csv', [...lines, fields.join(',')]);
  return { path, line: lines.length + 1 };
}

forEachDatabase('A value the database refuses is reported with its file, line and column', (store) => {
  it('maps "index row size exceeds maximum" to the Category of the row that holds it', async () => {
    const db = store().db;
    const before = await tableCounts(db);
    const { path, line } = await exportWithHugeCategory();
    let caught: unknown = null;
    try {
      await importFile(store(), path, { actor: 'tester' });
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof ImportError, String(caught));
    assert.equal(caught.code, 'database_refused');
    assert.equal(caught.file, 'ed-attendances-long-category.csv');
    assert.equal(caught.line, line);
    assert.equal(caught.column, 'Category');
    assert.match(
      caught.message,
      new RegExp(
        `^ed-attendances-long-category\\.csv line ${line}, column Category: expected a value the database can store`,
      ),
    );
    assert.match(caught.message, /the database said: .*index row/);
    // Nothing of the file was kept; the rejection is on record with its line and column.
    const after = await tableCounts(db);
    assert.deepEqual({ ...after, import_rejection: 0 }, { ...before, import_rejection: 0 });
    const rejection = await db
      .selectFrom('import_rejection')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(rejection.line, line);
    assert.equal(rejection.column_name, 'Category');
  });
});
