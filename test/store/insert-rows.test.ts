import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { insertRows } from '../../src/store/insert-rows.ts';
import type { NewPopulation } from '../../src/store/schema.ts';
import { forEachDatabase } from '../support/databases.ts';

const bands = ['0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49'];

/** `count` population rows for practices P00000, P00001, … (20 rows a practice). */
function populationRows(count: number, batchId: number, extractDate = '2024-04-01'): NewPopulation[] {
  const rows: NewPopulation[] = [];
  for (let i = 0; rows.length < count; i++) {
    for (const sex of ['male', 'female'] as const) {
      for (const age_band of bands) {
        rows.push({
          practice_code: `P${String(i).padStart(5, '0')}`,
          extract_date: extractDate,
          sex,
          age_band,
          patients: (i * 31 + age_band.length) % 400,
          batch_id: batchId,
        });
      }
    }
  }
  return rows.slice(0, count);
}

forEachDatabase('Bulk insert of imported rows', (store) => {
  let batchId = 0;
  before(async () => {
    const row = await store()
      .db.insertInto('import_batch')
      .values({
        file_name: 'p.csv',
        checksum: 'bulk',
        format: 'test',
        publisher: 'test',
        imported_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    batchId = row.id;
  });

  it('writes more rows than one statement could bind as parameters (65,535), inside a transaction', async () => {
    const rows = populationRows(25_000, batchId);
    const written = await store()
      .db.transaction()
      .execute((trx) => insertRows(trx, 'population', rows, { batchSize: 12_000 }));
    assert.equal(written, 25_000);
    const { rows: totals } = await sql<{ n: number; patients: number }>`
      select count(*) as n, sum(patients) as patients from population where extract_date = '2024-04-01'`.execute(
      store().db,
    );
    assert.deepEqual(totals[0], { n: 25_000, patients: rows.reduce((sum, r) => sum + r.patients, 0) });
  });

  it('keeps text exactly, quotes, braces, backslashes, commas, the word NULL and non-ASCII included, and real nulls', async () => {
    const names = ['O\'Brien "The" Surgery', '{braces}, commas', 'back\\slash', 'NULL', '', 'Café – Ysbyty'];
    const rows = names.map((name, i) => ({
      code: `T${i}`,
      kind: 'practice' as const,
      name,
      ons_code: null,
      postcode: i % 2 === 0 ? null : 'TS18 1HU',
      open_date: i % 2 === 0 ? '1974-04-01' : null,
      close_date: null,
      status: 'active' as const,
      contract_type: null,
      rurality: null,
      batch_id: batchId,
    }));
    assert.equal(await insertRows(store().db, 'organisation', rows), names.length);
    const back = await store()
      .db.selectFrom('organisation')
      .select(['code', 'name', 'postcode', 'open_date'])
      .where('code', 'like', 'T%')
      .orderBy('code')
      .execute();
    assert.deepEqual(
      back,
      rows.map((r) => ({ code: r.code, name: r.name, postcode: r.postcode, open_date: r.open_date })),
    );
  });

  it('fails on a duplicate key by default, and the transaction then writes nothing', async () => {
    const rows = populationRows(100, batchId, '2024-05-01');
    await assert.rejects(
      store()
        .db.transaction()
        .execute(async (trx) => {
          await insertRows(trx, 'population', rows.slice(0, 60));
          await insertRows(trx, 'population', rows.slice(50));
        }),
      /duplicate key/,
    );
    const { rows: left } = await sql<{ n: number }>`
      select count(*) as n from population where extract_date = '2024-05-01'`.execute(store().db);
    assert.equal(left[0]?.n, 0);
  });

  it("skips existing rows with onConflict 'ignore' and updates them with a target and columns", async () => {
    const rows = populationRows(40, batchId, '2024-06-01');
    assert.equal(await insertRows(store().db, 'population', rows.slice(0, 30)), 30);
    assert.equal(await insertRows(store().db, 'population', rows, { onConflict: 'ignore' }), 10);
    const doubled = rows.map((r) => ({ ...r, patients: r.patients * 2 }));
    const written = await insertRows(store().db, 'population', doubled, {
      onConflict: { target: ['practice_code', 'extract_date', 'sex', 'age_band'], update: ['patients'] },
    });
    assert.equal(written, 40);
    const { rows: totals } = await sql<{ patients: number }>`
      select sum(patients) as patients from population where extract_date = '2024-06-01'`.execute(store().db);
    assert.equal(
      totals[0]?.patients,
      doubled.reduce((sum, r) => sum + r.patients, 0),
    );
  });

  it('refuses rows whose columns differ from the first row', async () => {
    const rows = populationRows(2, batchId, '2024-07-01');
    const { batch_id: _, ...withoutBatch } = rows[1]!;
    await assert.rejects(
      insertRows(store().db, 'population', [rows[0]!, withoutBatch as NewPopulation]),
      /row 1 has columns/,
    );
  });

  it('writes nothing and returns 0 for no rows', async () => {
    assert.equal(await insertRows(store().db, 'population', []), 0);
  });
});
