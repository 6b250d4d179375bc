import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest } from '../../src/store/database.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import type { Database } from '../../src/store/schema.ts';
import { forEachDatabase } from '../support/databases.ts';

const tables: (keyof Database)[] = [
  'import_batch',
  'import_rejection',
  'organisation',
  'organisation_membership',
  'organisation_lineage',
  'list_size',
  'population',
  'qof_prevalence',
  'qof_indicator',
  'indicator_value',
  'imd_score',
  'payment',
  'app_user',
  'role_assignment',
  'web_session',
  'login_attempt',
  'audit_log',
];

forEachDatabase('The store', (store) => {
  it('creates every table of the schema outline when it opens', async () => {
    const { rows } = await sql<{ name: string }>`
      select tablename as name from pg_tables where schemaname = current_schema()`.execute(store().db);
    const present = new Set(rows.map((r) => r.name));
    for (const table of tables) assert.ok(present.has(table), `table ${table} exists`);
  });

  it('records each migration once, and migrating again changes nothing', async () => {
    const db = store().db;
    await migrateToLatest(db);
    await migrateToLatest(db);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    assert.deepEqual(
      rows.map((r) => r.name),
      Object.keys(migrations),
    );
  });

  it('returns numeric, sum(), count(*) and bigint as numbers, date as YYYY-MM-DD, timestamptz as Date', async () => {
    const { rows } = await sql<Record<string, unknown>>`
      select 12.5::numeric as numeric_value,
             sum(x) as sum_of_integers,
             sum(x::numeric / 2) as sum_of_numerics,
             count(*) as row_count,
             9007199254740991::bigint as big,
             '2024-02-29'::date as day,
             null::numeric as missing,
             array_agg(x::numeric) as numbers,
             now() as moment
      from generate_series(1, 4) as x`.execute(store().db);
    const row = rows[0]!;
    assert.equal(row.numeric_value, 12.5);
    assert.equal(row.sum_of_integers, 10);
    assert.equal(row.sum_of_numerics, 5);
    assert.equal(row.row_count, 4);
    assert.equal(row.big, Number.MAX_SAFE_INTEGER);
    assert.equal(row.day, '2024-02-29');
    assert.equal(row.missing, null);
    assert.deepEqual(row.numbers, [1, 2, 3, 4]);
    assert.ok(row.moment instanceof Date);
  });

  it('stores and returns a QOF register with its numeric columns as numbers', async () => {
    const db = store().db;
    const batch = await newBatch('types');
    await db
      .insertInto('qof_prevalence')
      .values({
        practice_code: 'A81001',
        qof_year: '2022-23',
        group_code: 'AF',
        register: 97.5,
        patient_list_type: 'TOTAL',
        patient_list_size: 4150,
        batch_id: batch,
      })
      .execute();
    const row = await db
      .selectFrom('qof_prevalence')
      .select(['register', 'patient_list_size'])
      .where('practice_code', '=', 'A81001')
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { register: 97.5, patient_list_size: 4150 });
  });

  it('reads jsonb as parsed JSON and writes it as JSON text', async () => {
    const db = store().db;
    const after = { name: 'Practice', codes: ['A81001', 'A81002'], list: 4150 };
    const { id } = await db
      .insertInto('audit_log')
      .values({ actor: 'test', action: 'create', entity: 'organisation', after: JSON.stringify(after) })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal(typeof id, 'number');
    const row = await db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { before: null, after });
  });

  it('rolls a transaction back completely when it throws', async () => {
    const db = store().db;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('import_batch')
          .values({
            file_name: 'f.csv',
            checksum: 'rollback',
            format: 'x',
            publisher: 'p',
            imported_by: 'test',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('list_size')
          .values({ practice_code: 'R00001', extract_date: '2024-04-01', patients: 10, batch_id: id })
          .execute();
        throw new Error('bad row');
      }),
      /bad row/,
    );
    const batches = await db
      .selectFrom('import_batch')
      .select('id')
      .where('checksum', '=', 'rollback')
      .execute();
    const sizes = await db
      .selectFrom('list_size')
      .select('patients')
      .where('practice_code', '=', 'R00001')
      .execute();
    assert.deepEqual([batches, sizes], [[], []]);
  });

  it('rolls a transaction back when the database rejects a statement in it', async () => {
    const db = store().db;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        const id = await newBatch('rejected-statement', trx);
        await trx
          .insertInto('list_size')
          .values({ practice_code: 'R00002', extract_date: '2024-04-01', patients: -1, batch_id: id })
          .execute();
      }),
      /check constraint/,
    );
    const batches = await db
      .selectFrom('import_batch')
      .select('id')
      .where('checksum', '=', 'rejected-statement')
      .execute();
    assert.deepEqual(batches, []);
    // The session is usable again afterwards (it matters for PGlite's single session).
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
    assert.equal(rows[0]?.one, 1);
  });

  it('keeps audit_log append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const db = store().db;
    const { id } = await db
      .insertInto('audit_log')
      .values({ actor: 'alice', action: 'sign-in', entity: 'app_user', entity_id: '1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await assert.rejects(
      db.updateTable('audit_log').set({ actor: 'mallory' }).where('id', '=', id).execute(),
      /append-only/,
    );
    await assert.rejects(db.deleteFrom('audit_log').where('id', '=', id).execute(), /append-only/);
    await assert.rejects(sql`truncate audit_log`.execute(db), /append-only/);
    const row = await db
      .selectFrom('audit_log')
      .select('actor')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.actor, 'alice');
  });

  it('allows one grant of a role per user and organisation, an organisation-less grant included', async () => {
    const db = store().db;
    const { id } = await db
      .insertInto('app_user')
      .values({ username: 'grants', display_name: 'Grants', password_hash: 'x', created_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const grant = { user_id: id, role: 'administrator' as const, organisation_code: null };
    await db.insertInto('role_assignment').values(grant).execute();
    await assert.rejects(db.insertInto('role_assignment').values(grant).execute(), /role_assignment_grant/);
    await db
      .insertInto('role_assignment')
      .values(grant)
      .onConflict((oc) => oc.columns(['user_id', 'role', 'organisation_code']).doNothing())
      .execute();
    await db
      .insertInto('role_assignment')
      .values({ ...grant, role: 'practice_manager', organisation_code: 'A81001' })
      .execute();
    const rows = await db.selectFrom('role_assignment').select('role').where('user_id', '=', id).execute();
    assert.equal(rows.length, 2);
  });

  it('answers many queries issued at once, including one inside a transaction', async () => {
    const db = store().db;
    const queries = Array.from({ length: 20 }, (_, i) =>
      sql<{ n: number }>`select ${i}::int as n`.execute(db),
    );
    const inTransaction = db.transaction().execute(async (trx) => {
      await newBatch('concurrent', trx);
      return (await sql<{ n: number }>`select 99 as n`.execute(trx)).rows[0]?.n;
    });
    const results = await Promise.all(queries);
    assert.deepEqual(
      results.map((r) => r.rows[0]?.n),
      Array.from({ length: 20 }, (_, i) => i),
    );
    assert.equal(await inTransaction, 99);
  });

  async function newBatch(checksum: string, db = store().db): Promise<number> {
    const { id } = await db
      .insertInto('import_batch')
      .values({
        file_name: `${checksum}.csv`,
        checksum,
        format: 'test',
        publisher: 'test',
        imported_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }
});
