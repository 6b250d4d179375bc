// Lineage derived from the data: a closure for every practice ODS lists as closed with a close date;
// a merger or succession only where one practice nearby unmistakably took on the closed list.
// Derived links are replaced on each derivation; an administrator's links are never touched.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { importFile } from '../../src/app/import/import-file.ts';
import { deriveLineage } from '../../src/app/lineage/derive.ts';
import { insertRows } from '../../src/store/insert-rows.ts';
import type { NewListSize, NewOrganisation } from '../../src/store/schema.ts';
import { forEachDatabase } from '../support/databases.ts';
import { demoFile } from './import-fixtures.ts';

forEachDatabase('Lineage derived from the real ODS file', (store) => {
  it('links every practice ODS lists as closed with a close date (1,681 in December 2023)', async () => {
    await importFile(store(), demoFile('ods/epraccur.csv.gz'), { actor: 'tester' });
    const derivation = await deriveLineage(store(), { actor: 'tester', now: new Date() });
    assert.equal(derivation.closures, 1_681);
    const links = await store()
      .db.selectFrom('organisation_lineage')
      .selectAll()
      .where('kind', '=', 'closure')
      .execute();
    assert.equal(links.length, 1_681);
    for (const link of links.slice(0, 50)) {
      assert.equal(link.source, 'derived');
      assert.equal(link.successor_code, null);
      assert.match(link.effective_date ?? '', /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(link.batch_id !== null);
    }
  });
});

// Two consecutive quarters of list sizes around a few closures, laid out to exercise each rule.
const Q1 = '2014-04-01';
const Q2 = '2014-07-01';
const practices: NewOrganisation[] = [
  // P1 closes; S1 next door takes on 1,500 of its 2,000 patients: a merger.
  org('P10001', 'TS18 1AA', 'closed', '2014-05-15'),
  org('S10001', 'TS18 2BB', 'active', null, '1990-01-01'),
  org('N10001', 'TS18 4DD', 'active', null, '1990-01-01'),
  // P2 closes and S2 opens the next day in the same district with most of its list: a succession.
  org('P20002', 'TS19 1AA', 'closed', '2014-06-30'),
  org('S20002', 'TS19 3CC', 'active', null, '2014-07-01'),
  // P3's patients could have gone to either of two practices: no link but the closure.
  org('P30003', 'LS1 1AA', 'closed', '2014-06-01'),
  org('S30003', 'LS1 2BB', 'active', null, '1990-01-01'),
  org('S30004', 'LS1 3CC', 'active', null, '1990-01-01'),
  // P4 is already linked by an administrator: nothing derived beyond its closure.
  org('P40004', 'M1 1AA', 'closed', '2014-06-01'),
  org('S40004', 'M1 2BB', 'active', null, '1990-01-01'),
  // P5's list is too small to tell from a neighbour's ordinary growth.
  org('P50005', 'B1 1AA', 'closed', '2014-06-01'),
  org('S50005', 'B1 2BB', 'active', null, '1990-01-01'),
];
const lists: [string, number | null, number | null][] = [
  ['P10001', 2_000, null],
  ['S10001', 5_000, 6_500],
  ['N10001', 4_000, 4_100],
  ['P20002', 3_000, null],
  ['S20002', null, 2_900],
  ['P30003', 2_000, null],
  ['S30003', 3_000, 4_200],
  ['S30004', 3_000, 4_300],
  ['P40004', 2_000, null],
  ['S40004', 3_000, 5_000],
  ['P50005', 300, null],
  ['S50005', 3_000, 3_200],
];

function org(
  code: string,
  postcode: string,
  status: 'active' | 'closed',
  closeDate: string | null,
  openDate: string | null = null,
): NewOrganisation {
  return {
    code,
    kind: 'practice',
    name: `Practice ${code}`,
    ons_code: null,
    postcode,
    open_date: openDate,
    close_date: closeDate,
    status,
    contract_type: null,
    rurality: null,
    batch_id: null,
  };
}

forEachDatabase('Lineage derived from list sizes around closures', (store) => {
  it('derives a merger and a succession only where one nearby practice took on the closed list', async () => {
    const db = store().db;
    const batch = await db
      .insertInto('import_batch')
      .values({
        file_name: 'lists.csv',
        checksum: 'lineage-test',
        format: 'test',
        publisher: 'test',
        imported_by: 'tester',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertRows(db, 'organisation', practices);
    const rows: NewListSize[] = [];
    for (const [code, q1, q2] of lists) {
      if (q1 !== null) rows.push({ practice_code: code, extract_date: Q1, patients: q1, batch_id: batch.id });
      if (q2 !== null) rows.push({ practice_code: code, extract_date: Q2, patients: q2, batch_id: batch.id });
    }
    await insertRows(db, 'list_size', rows);
    await db
      .insertInto('organisation_lineage')
      .values({
        predecessor_code: 'P40004',
        successor_code: 'S40004',
        kind: 'merger',
        effective_date: '2014-06-01',
        source: 'administrator',
        created_at: new Date(),
        note: 'confirmed by the ICB',
        created_by: 'admin',
      })
      .execute();

    const derivation = await deriveLineage(store(), { actor: 'tester', now: new Date() });
    assert.deepEqual([derivation.closures, derivation.mergers, derivation.successions], [5, 1, 1]);
    const derived = await db
      .selectFrom('organisation_lineage')
      .select(['predecessor_code', 'successor_code', 'kind', 'effective_date'])
      .where('source', '=', 'derived')
      .where('kind', '!=', 'closure')
      .orderBy('predecessor_code')
      .execute();
    assert.deepEqual(derived, [
      { predecessor_code: 'P10001', successor_code: 'S10001', kind: 'merger', effective_date: '2014-05-15' },
      {
        predecessor_code: 'P20002',
        successor_code: 'S20002',
        kind: 'succession',
        effective_date: '2014-06-30',
      },
    ]);
    const note = await db
      .selectFrom('organisation_lineage')
      .select('note')
      .where('predecessor_code', '=', 'P10001')
      .where('kind', '=', 'merger')
      .executeTakeFirstOrThrow();
    assert.match(note.note ?? '', /grew by 1500 \(from 5000 to 6500\)/);
  });

  it('gives the same links when derived again, and leaves the administrator’s link as it was', async () => {
    const db = store().db;
    const snapshot = () =>
      db
        .selectFrom('organisation_lineage')
        .select([
          'predecessor_code',
          'successor_code',
          'kind',
          'effective_date',
          'source',
          'note',
          'created_by',
        ])
        .orderBy('predecessor_code')
        .orderBy('kind')
        .orderBy('source')
        .execute();
    const admin = await db
      .selectFrom('organisation_lineage')
      .selectAll()
      .where('source', '=', 'administrator')
      .execute();
    const before = await snapshot();
    await deriveLineage(store(), { actor: 'tester', now: new Date() });
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual(
      await db.selectFrom('organisation_lineage').selectAll().where('source', '=', 'administrator').execute(),
      admin,
    );
  });
});
