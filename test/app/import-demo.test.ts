// The demo import: the bundled data in import order, into an empty store only, resumed if a first
// start was interrupted. The whole bundle takes minutes, so these tests give it a smaller folder of
// the same real files; the bundle itself is checked for its layout and order.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_DATA_DIR, type DemoProgress, demoProgressLine, importDemoData } from '../../src/app/demo.ts';
import { importFile } from '../../src/app/import/import-file.ts';
import { importOrder } from '../../src/app/import/import-paths.ts';
import { forEachDatabase } from '../support/databases.ts';
import { demoFile, TempFolder } from './import-fixtures.ts';

describe('The bundled demo data', () => {
  it('is found beside the source, whatever the working directory', () => {
    assert.equal(basename(DEMO_DATA_DIR), 'demo-data');
    assert.ok(existsSync(join(DEMO_DATA_DIR, 'ods', 'epraccur.csv.gz')));
  });

  it('is imported organisations first: ODS before the practice mapping, both before QOF registers', async () => {
    const order = await importOrder([
      demoFile('qof/PREVALENCE_2425.csv.gz'),
      demoFile('registrations/gp-reg-pat-prac-map.csv.gz'),
      demoFile('fingertips/imd-2025-by-practice.csv.gz'),
      demoFile('ods/epraccur.csv.gz'),
      demoFile('registrations/legacy-quarterly/Patient_List_Size_2014_01-03.csv.gz'),
      demoFile('registrations/legacy-quarterly/Patient_List_Size_2013_04-06.csv.gz'),
    ]);
    assert.deepEqual(
      order.map((f) => f.format),
      [
        'gp-reg-legacy-quarterly',
        'gp-reg-legacy-quarterly',
        'ods-epraccur',
        'gp-reg-practice-map',
        'qof-prevalence',
        'imd-by-practice',
      ],
    );
    assert.ok(order[0]!.path.endsWith('2013_04-06.csv.gz'));
  });
});

let folder: TempFolder;
before(async () => {
  folder = await TempFolder.create();
  await folder.copy('qof/INDICATOR_MAPPINGS_2022_2023.csv.gz', 'qof/INDICATOR_MAPPINGS_2022_2023.csv.gz');
  await folder.copy('qof/ORGANISATION_REFERENCE_1718.csv.gz', 'qof/ORGANISATION_REFERENCE_1718.csv.gz');
  await folder.copy('fingertips/imd-2025-by-practice.csv.gz', 'fingertips/imd-2025-by-practice.csv.gz');
});
after(async () => {
  await folder.remove();
});

forEachDatabase('Importing the demo data', (store) => {
  it('completes a first start that was interrupted, importing only the files not yet in', async () => {
    // As if the first start stopped after one file.
    await importFile(store(), join(folder.path, 'qof/ORGANISATION_REFERENCE_1718.csv.gz'), { actor: 'demo' });
    const events: DemoProgress[] = [];
    const result = await importDemoData(store(), { folder: folder.path, onProgress: (e) => events.push(e) });
    assert.equal(result.imported, true);
    assert.deepEqual(
      result.outcomes.map((o) => `${o.fileName}:${o.status}`),
      [
        'ORGANISATION_REFERENCE_1718.csv.gz:unchanged',
        'INDICATOR_MAPPINGS_2022_2023.csv.gz:imported',
        'imd-2025-by-practice.csv.gz:imported',
      ],
    );
    assert.ok(result.lineage !== null);
    const lines = events.map(demoProgressLine).filter((l): l is string => l !== null);
    assert.match(lines[0]!, /Importing the bundled NHS open data \(3 files\)/);
    assert.match(lines[2]!, /\[2\/3\] qof\/INDICATOR_MAPPINGS_2022_2023\.csv\.gz: 76 rows, 76 facts in/);
    assert.match(lines.at(-1)!, /Demo data imported in \d+ s\./);
  });

  it('returns at once on a second start', async () => {
    const batchesBefore = await store().db.selectFrom('import_batch').select('id').execute();
    const result = await importDemoData(store(), { folder: folder.path });
    assert.equal(result.imported, false);
    assert.deepEqual(result.outcomes, [], 'no file was even opened');
    const batchesAfter = await store().db.selectFrom('import_batch').select('id').execute();
    assert.deepEqual(batchesAfter, batchesBefore);
  });

  it('leaves a store alone that holds someone else’s imports', async () => {
    await importFile(store(), demoFile('qof/INDICATOR_MAPPINGS_2023_2024.csv.gz'), { actor: 'analyst' });
    const bigger = await TempFolder.create();
    try {
      await bigger.copy('qof/INDICATOR_MAPPINGS_2019_2020.csv.gz');
      const result = await importDemoData(store(), { folder: bigger.path });
      assert.equal(result.imported, false);
      const batch = await store()
        .db.selectFrom('import_batch')
        .select('id')
        .where('file_name', '=', 'INDICATOR_MAPPINGS_2019_2020.csv.gz')
        .executeTakeFirst();
      assert.equal(batch, undefined);
    } finally {
      await bigger.remove();
    }
  });
});
