// A small store for the demo's prescribing: the bundled ODS practices file and the bundled
// registrations cut down to sub-ICB 16C's practices (the same rows, fewer of them), then the demo's
// SYNTHETIC prescribing step (src/demo/prescribing.ts).
import assert from 'node:assert/strict';
import { importFile } from '../../src/app/import/import-file.ts';
import { type DemoPrescribingImport, importDemoPrescribing } from '../../src/demo/prescribing.ts';
import type { Store } from '../../src/store/database.ts';
import { demoLines, type TempFolder } from './import-fixtures.ts';

export async function seedDemoPrescribing(store: Store, folder: TempFolder): Promise<DemoPrescribingImport> {
  const ods = await folder.copy('ods/epraccur.csv.gz');
  await importFile(store, ods, { actor: 'tester' });
  const members = await store.db
    .selectFrom('organisation_membership')
    .select('child_code')
    .where('parent_code', '=', '16C')
    .execute();
  const codes = new Set(members.map((r) => r.child_code));
  const [header, ...rows] = demoLines('registrations/gp-reg-pat-prac-quin-age.csv.gz');
  const kept = rows.filter((l) => codes.has(l.split(',')[3]!));
  assert.ok(kept.length > 100);
  const registrations = await folder.write('gp-reg-pat-prac-quin-age-16c.csv', [header!, ...kept]);
  await importFile(store, registrations, { actor: 'tester' });
  return importDemoPrescribing(store, { subIcb: '16C', actor: 'demo' });
}
