// A published release's record and the changes between two (issue 17), on both databases: checksum,
// files and indicator versions; indicators added or with changed results, files added, headline flags
// that appeared and cleared; the same under /api/releases; a draft is not found, by page or API.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { syncBuiltInIndicators } from '../../src/app/indicators/built-in.ts';
import { currentIndicators } from '../../src/app/indicators/catalogue.ts';
import { createWebApp } from '../../src/web/app.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { TestBrowser } from './client.ts';
import { seedRealSlice } from './real-slice.ts';

forEachDatabase('release provenance and changes', (store) => {
  let app: ReturnType<typeof createWebApp>;

  before(async () => {
    const { db } = store();
    await seedRealSlice(db, ['A81001', 'A81002']);
    await syncBuiltInIndicators(store(), 'test', TEST_NOW);
    const ids = new Map((await currentIndicators(db)).map((i) => [i.code, i.id]));
    const hyp = ids.get('QOF-PREV-HYP')!;
    const dm = ids.get('QOF-PREV-DM')!;
    const batch = async (file: string) =>
      (
        await db
          .insertInto('import_batch')
          .values({
            file_name: file,
            checksum: file,
            format: 'qof-prevalence',
            publisher: 'NHS England',
            period: '2024-25',
            imported_by: 'test',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const [b1, b2] = [await batch('PREVALENCE_2324.csv'), await batch('PREVALENCE_2425.csv')];
    const release = async (name: string, status: 'draft' | 'published', checksum: string) =>
      (
        await db
          .insertInto('release')
          .values({
            name,
            status,
            method_version: 'test-method',
            inputs_fingerprint: `fp-${name}`,
            results_checksum: checksum,
            result_count: 2,
            created_at: TEST_NOW,
            created_by: 'test',
            published_at: status === 'published' ? TEST_NOW : null,
            published_by: status === 'published' ? 'analyst' : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const r1 = await release('prov-1', 'published', 'c'.repeat(64));
    const r2 = await release('prov-2', 'published', 'd'.repeat(64));
    await release('prov-draft', 'draft', 'e'.repeat(64));
    await db
      .insertInto('release_batch')
      .values([
        { release_id: r1, batch_id: b1 },
        { release_id: r2, batch_id: b1 },
        { release_id: r2, batch_id: b2 },
      ])
      .execute();
    await db
      .insertInto('release_indicator')
      .values([
        { release_id: r1, indicator_id: hyp, inputs_hash: 'i1', results_checksum: 'hyp-1', computed_in: r1 },
        { release_id: r2, indicator_id: hyp, inputs_hash: 'i2', results_checksum: 'hyp-2', computed_in: r2 },
        { release_id: r2, indicator_id: dm, inputs_hash: 'i3', results_checksum: 'dm-2', computed_in: r2 },
      ])
      .execute();
    const result = (release: number, practice: string, flag: string | null) =>
      sql`insert into result_rows (release_id, indicator_id, period, area_kind, area_code, headline_flag)
          values (${release}, ${hyp}, '2024-25', 'practice', ${practice}, ${flag})`.execute(db);
    // A CCG that closed in 2020, its lineage leading to 16C, counted for an earlier period.
    await db
      .insertInto('organisation')
      .values({
        code: '00K',
        kind: 'sub_icb',
        name: 'NHS Hartlepool and Stockton-on-Tees CCG',
        close_date: '2020-03-31',
        status: 'closed',
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await db
      .insertInto('organisation_lineage')
      .values({
        predecessor_code: '00K',
        successor_code: '16C',
        kind: 'merger',
        effective_date: '2020-04-01',
        source: 'derived',
        created_at: TEST_NOW,
      })
      .execute();
    await sql`insert into result_rows (release_id, indicator_id, period, area_kind, area_code, sub_icb_code, headline_flag)
        values (${r2}, ${hyp}, '2018-19', 'practice', 'A81001', '00K', 'none'),
               (${r2}, ${hyp}, '2023-24', 'practice', 'A81001', '16C', 'none')`.execute(db);
    await result(r1, 'A81001', 'none');
    await result(r1, 'A81002', 'high_95');
    await result(r2, 'A81001', 'high_99_8');
    await result(r2, 'A81002', 'none');
    app = createWebApp({ db, now: () => TEST_NOW });
  });

  it('shows what a release was made from: checksum, files and indicator versions', async () => {
    const visitor = new TestBrowser(app);
    assert.equal((await visitor.get('/releases/prov-2/about')).status, 200);
    assert.match(visitor.lastHtml, /d{64}/);
    assert.match(visitor.lastHtml, /PREVALENCE_2425\.csv/);
    assert.match(visitor.lastHtml, /QOF-PREV-DM/);
    assert.match(visitor.lastHtml, /<option value="prov-1">/);
    assert.doesNotMatch(visitor.lastHtml, /prov-draft/);
    const api = (await (await visitor.get('/api/releases/prov-2')).json()) as {
      inputs: { fileName: string }[];
      indicators: { code: string; version: number }[];
    };
    assert.deepEqual(
      api.inputs.map((i) => i.fileName),
      ['PREVALENCE_2324.csv', 'PREVALENCE_2425.csv'],
    );
    assert.deepEqual(
      api.indicators.map((i) => i.code),
      ['QOF-PREV-DM', 'QOF-PREV-HYP'],
    );
    const list = (await (await visitor.get('/api/releases')).json()) as { releases: { name: string }[] };
    assert.deepEqual(list.releases.map((r) => r.name).sort(), ['prov-1', 'prov-2']);
  });

  it('says what changed since an earlier release: indicators, files and headline flags', async () => {
    const visitor = new TestBrowser(app);
    const res = await visitor.get('/api/releases/prov-2/changes?since=prov-1');
    assert.equal(res.status, 200);
    const changes = (await res.json()) as {
      indicators: { code: string; change: string }[];
      filesAdded: { fileName: string }[];
      flags: {
        appeared: number;
        cleared: number;
        changed: number;
        sample: { practice: string; before: string; after: string }[];
      };
    };
    assert.deepEqual(
      changes.indicators.map((i) => [i.code, i.change]),
      [
        ['QOF-PREV-DM', 'added'],
        ['QOF-PREV-HYP', 'results changed'],
      ],
    );
    assert.deepEqual(
      changes.filesAdded.map((f) => f.fileName),
      ['PREVALENCE_2425.csv'],
    );
    assert.deepEqual([changes.flags.appeared, changes.flags.cleared, changes.flags.changed], [1, 1, 0]);
    assert.deepEqual(
      changes.flags.sample.map((s) => [s.practice, s.before, s.after]),
      [
        ['A81001', 'none', 'high_99_8'],
        ['A81002', 'high_95', 'none'],
      ],
    );
    assert.equal((await visitor.get('/releases/prov-2/changes?since=prov-1')).status, 200);
    assert.match(visitor.lastHtml, /1 appeared, 1 cleared/);
    assert.match(visitor.lastHtml, /Higher than expected \(99\.8%\)/);
  });

  it('lists current commissioners first, and closed ones under the organisation they became part of', async () => {
    const visitor = new TestBrowser(app);
    assert.equal((await visitor.get('/releases/prov-2')).status, 200);
    const [current, former] = visitor.lastHtml.split('<h2>Former commissioners</h2>');
    assert.match(current ?? '', /\(16C\)/);
    assert.doesNotMatch(current ?? '', /\(00K\)/);
    assert.match(former ?? '', /\(00K\)<\/a> — now part of [^<]+ \(16C\)/);
  });

  it('treats a draft as not found, by page and by API', async () => {
    const visitor = new TestBrowser(app);
    assert.equal((await visitor.get('/releases/prov-draft/about')).status, 404);
    assert.equal((await visitor.get('/api/releases/prov-draft')).status, 404);
    assert.equal((await visitor.get('/api/releases/prov-2/changes?since=prov-draft')).status, 404);
  });
});
