// Migration 026: each per-indicator table, and the peer groups, are views of rows stored once by the
// release that computed them. Migrating a store whose releases COPIED rows (before 026) keeps every release's rows; going
// back down writes the shared rows out as copies again; and a reader of `result` sees the same rows
// whichever way they are stored.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Migrator, sql } from 'kysely';
import { migrateToLatest } from '../../src/store/database.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { forEachDatabase } from '../support/databases.ts';

forEachDatabase('Rows shared between releases (migration 026)', (store) => {
  it('shows a release the rows it refers to, and keeps every release’s rows across the migration both ways', async () => {
    const db = store().db;
    const indicator = (
      await db
        .insertInto('indicator')
        .values({
          code: 'TEST-SHARED',
          version: 1,
          name: 'Shared rows (test)',
          domain: 'test',
          type: 'proportion',
          numerator: 'n',
          denominator: 'd',
          multiplier: 100,
          polarity: 'no_judgement',
          period_type: 'financial_year',
          source: 'test',
          origin: 'template',
          computation: '{}',
          definition_hash: 'test',
          created_by: 'test',
          created_at: new Date('2026-12-06T12:00:00Z'),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const release = async (name: string) =>
      (
        await db
          .insertInto('release')
          .values({
            name,
            status: 'draft',
            method_version: 'test',
            inputs_fingerprint: name,
            results_checksum: '',
            result_count: 1,
            created_by: 'test',
            created_at: new Date('2026-12-06T12:00:00Z'),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const [a, b] = [await release('A'), await release('B')];
    // A computed the row; B refers to it.
    await db
      .insertInto('release_indicator')
      .values([
        { release_id: a, indicator_id: indicator, inputs_hash: 'h', results_checksum: 'c', computed_in: a },
        { release_id: b, indicator_id: indicator, inputs_hash: 'h', results_checksum: 'c', computed_in: a },
      ])
      .execute();
    await sql`insert into result_rows (release_id, indicator_id, period, area_kind, area_code, value)
      values (${a}, ${indicator}, '2024-25', 'practice', 'A81001', 12.5)`.execute(db);
    // …and its peer groups: A computed them, B refers to them.
    await db.updateTable('release').set({ peers_computed_in: a }).where('id', '=', b).execute();
    await sql`insert into peer_rows (release_id, practice_code, peer_code, rank, distance)
      values (${a}, 'A81001', 'A81002', 1, 0.5)`.execute(db);
    const peers = async () =>
      (await db.selectFrom('peer').select(['release_id', 'peer_code']).orderBy('release_id').execute()).map(
        (r) => `${r.release_id === a ? 'A' : 'B'} ${r.peer_code}`,
      );
    assert.deepEqual(await peers(), ['A A81002', 'B A81002']);
    const held = async () =>
      (
        await db
          .selectFrom('result')
          .select(['release_id', 'area_code', 'value'])
          .where('indicator_id', '=', indicator)
          .orderBy('release_id')
          .execute()
      ).map((r) => `${r.release_id === a ? 'A' : 'B'} ${r.area_code} ${r.value}`);
    assert.deepEqual(await held(), ['A A81001 12.5', 'B A81001 12.5']);

    // Down to 025: `result` is a table again and B holds its own copy of the row.
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo('025-release-page-view');
    assert.equal(down.error, undefined);
    const kind = async (name: string) =>
      (
        await sql<{ kind: string }>`select table_type as kind from information_schema.tables
        where table_schema = current_schema() and table_name = ${name}`.execute(db)
      ).rows[0]?.kind;
    assert.equal(await kind('result'), 'BASE TABLE');
    assert.equal(await kind('result_rows'), undefined);
    assert.deepEqual(await held(), ['A A81001 12.5', 'B A81001 12.5']);
    assert.deepEqual(await peers(), ['A A81002', 'B A81002']);

    // Up again: each release's rows are its own (computed_in = release_id), shown the same.
    await migrateToLatest(db);
    assert.equal(await kind('result'), 'VIEW');
    assert.deepEqual(await held(), ['A A81001 12.5', 'B A81001 12.5']);
    const stored = await sql<{ n: number }>`select count(*) as n from result_rows`.execute(db);
    assert.equal(Number(stored.rows[0]!.n), 2);
    const refs = await db.selectFrom('release_indicator').select(['release_id', 'computed_in']).execute();
    assert.ok(refs.every((r) => r.computed_in === r.release_id));
    assert.deepEqual(await peers(), ['A A81002', 'B A81002']);
    const storedPeers = await sql<{ n: number }>`select count(*) as n from peer_rows`.execute(db);
    assert.equal(Number(storedPeers.rows[0]!.n), 2);
  });
});
