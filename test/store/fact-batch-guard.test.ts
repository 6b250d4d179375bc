// Issue 15, "constraints that slow bulk loads are handled deliberately" (migration 027): the fact
// tables an import bulk-writes no longer check their batch_id against import_batch row by row (a
// quarter of a PostgreSQL import); what the foreign keys also promised, that an import batch cannot
// be deleted while a fact names it, is kept by one trigger on import_batch. These play the part of the
// keys: a delete the keys would have refused is refused the same way, and no table that names a batch
// is left without one guard or the other.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { importFile } from '../../src/app/import/import-file.ts';
import { FACT_TABLES_GUARDED } from '../../src/store/migrations/027-fact-batch-guard.ts';
import { forEachDatabase } from '../support/databases.ts';
import { NHS_DATA } from '../support/nhs-data.ts';

const EXPORT = `${NHS_DATA}/fingertips/ed-attendances-under5-93930.csv`;

function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === '23503' && /still named by the facts it imported/.test(e.message ?? '');
}

forEachDatabase('The facts’ import batches, guarded once rather than row by row', (store) => {
  it('refuses to delete an import batch its facts name, and leaves the facts', async () => {
    const db = store().db;
    await importFile(store(), EXPORT, { actor: 'tester' });
    const { id } = await db
      .selectFrom('import_batch')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const named = async () =>
      Number(
        (
          await db
            .selectFrom('indicator_value')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('batch_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await named();
    assert.ok(before > 0, 'the export wrote facts under its batch');
    await assert.rejects(db.deleteFrom('import_batch').where('id', '=', id).execute(), isForeignKeyViolation);
    assert.equal(await named(), before);
    assert.ok(await db.selectFrom('import_batch').select('id').where('id', '=', id).executeTakeFirst());
  });

  it('deletes a batch no fact names', async () => {
    const db = store().db;
    const { id } = await db
      .insertInto('import_batch')
      .values({
        file_name: 'nothing.csv',
        checksum: 'fact-batch-guard',
        format: 'ods_epraccur',
        publisher: 'NHS England',
        period: '2025-07',
        imported_by: 'tester',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.deleteFrom('import_batch').where('id', '=', id).execute();
    assert.equal(
      await db.selectFrom('import_batch').select('id').where('id', '=', id).executeTakeFirst(),
      undefined,
    );
  });

  // (Prescribing's months name their batch as import_batch_id, unkeyed since migration 018: each month's
  // row in prescribing_month names the same batch, with its key.)
  it('leaves no table that names an import batch without its key or the guard', async () => {
    const { rows } = await sql<{ table: string; keyed: boolean }>`
      select c.table_name as "table",
        exists (select 1 from pg_constraint k
                where k.contype = 'f' and k.conrelid = c.table_name::regclass
                  and k.confrelid = 'import_batch'::regclass) as keyed
      from information_schema.columns c
      join information_schema.tables t using (table_schema, table_name)
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        and c.column_name = 'batch_id'
      order by 1`.execute(store().db);
    const guarded = new Set<string>(FACT_TABLES_GUARDED);
    for (const { table, keyed } of rows)
      assert.ok(
        guarded.has(table) !== keyed,
        `${table}: ${keyed ? 'its key and the guard' : 'neither its key nor the guard'}`,
      );
    for (const table of guarded)
      assert.ok(
        rows.some((r) => r.table === table),
        `${table} names an import batch`,
      );
  });
});
