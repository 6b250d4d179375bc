// Issue 13, point 4: mergers found with the data users have. With April-only list snapshots the
// close-together rule (extracts at most 100 days apart) derived no merger, so A82011 Hartington
// Street (2,692 patients in April 2014, closed 31 May 2016) became a plain closure. Now it is a
// candidate with its evidence — A82072 Risedale Surgery, in the same postcode district, grew from
// 4,599 to 7,022 by April 2015 — and an administrator confirms or rejects it on /lineage (audited).
// Only a confirmed candidate becomes lineage. The files are real excerpts (fixtures/real-vintages).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importFile } from '../../src/app/import/import-file.ts';
import { deriveLineage } from '../../src/app/lineage/derive.ts';
import { createWebApp } from '../../src/web/app.ts';
import { TEST_NOW } from '../support/clock.ts';
import { forEachDatabase } from '../support/databases.ts';
import { addUser, TestBrowser } from '../web/client.ts';
import { assertTwinParity } from '../web/twin-parity.ts';

const REAL = fileURLToPath(new URL('../fixtures/real-vintages/', import.meta.url));

forEachDatabase('Merger candidates from yearly snapshots', (store) => {
  before(async () => {
    for (const quarter of ['2013_04-06', '2014_04-06', '2015_04-06']) {
      await importFile(store(), `${REAL}registrations/Patient_List_Size_${quarter}.csv`, { actor: 'tester' });
    }
    await importFile(store(), `${REAL}ods/epraccur-2023-12.csv`, { actor: 'tester', period: '2023-12-04' });
  });

  it('finds A82011 → A82072 as a candidate with its evidence, and derives no link from it', async () => {
    const outcome = await deriveLineage(store(), { actor: 'tester', now: TEST_NOW });
    assert.equal(outcome.mergers, 0, 'yearly extracts prove no merger by themselves');
    assert.equal(outcome.candidates, 1);
    const candidate = await store().db.selectFrom('lineage_candidate').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual(
      [
        candidate.predecessor_code,
        candidate.successor_code,
        candidate.kind,
        candidate.close_date,
        candidate.last_extract,
        candidate.next_extract,
        candidate.closed_list,
        candidate.successor_before,
        candidate.successor_after,
        candidate.proximity,
        candidate.status,
      ],
      [
        'A82011',
        'A82072',
        'merger',
        '2016-05-31',
        '2014-04-01',
        '2015-04-01',
        2692,
        4599,
        7022,
        'same postcode district',
        'pending',
      ],
    );
    const links = await store()
      .db.selectFrom('organisation_lineage')
      .select(['predecessor_code', 'kind'])
      .where('predecessor_code', '=', 'A82011')
      .execute();
    assert.deepEqual(links, [{ predecessor_code: 'A82011', kind: 'closure' }]);
  });

  it('lets an administrator confirm it on /lineage; the link is recorded and audited, and stays on re-derivation', async () => {
    const db = store().db;
    const app = createWebApp({ db, now: () => TEST_NOW });
    const password = await addUser(db, 'lineage-admin', 'administrator');
    const admin = new TestBrowser(app);
    await admin.signIn('lineage-admin', password);
    const page = await admin.get('/lineage');
    assert.equal(page.status, 200);
    assert.match(admin.lastHtml, /HARTINGTON STREET MEDICAL PRACTICE<\/a> \(A82011, LA14 5SL\)/);
    assert.match(
      admin.lastHtml,
      /went from 4,599 to 7,022 patients: a gain of 2,423 \(90% of the closed list\)/,
    );
    const id = (await db.selectFrom('lineage_candidate').select('id').executeTakeFirstOrThrow()).id;

    // Someone who may not edit lineage is refused.
    const commissionerPassword = await addUser(db, 'lineage-manager', 'commissioning_manager:16C');
    const manager = new TestBrowser(app);
    await manager.signIn('lineage-manager', commissionerPassword);
    assert.equal((await manager.get('/lineage')).status, 403);
    // Its JSON twin (issue 17): the same candidates to the administrator, the same refusals to others.
    for (const [who, browser] of [
      ['administrator', admin],
      ['manager', manager],
      ['visitor', new TestBrowser(app)],
    ] as const)
      await assertTwinParity(browser, '/lineage', who);
    const twin = (await (await admin.get('/api/lineage')).json()) as { candidates: { id: number }[] };
    assert.deepEqual(
      twin.candidates.map((c) => c.id),
      [id],
    );

    const res = await admin.post(`/lineage/candidates/${id}`, {
      decision: 'confirm',
      note: 'Checked with the ICB',
    });
    assert.equal(res.status, 303);
    const link = await db
      .selectFrom('organisation_lineage')
      .selectAll()
      .where('predecessor_code', '=', 'A82011')
      .where('kind', '=', 'merger')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [link.successor_code, link.source, link.created_by],
      ['A82072', 'administrator', 'lineage-admin'],
    );
    assert.match(
      link.note ?? '',
      /^Confirmed from candidate \d+: A82011 closed on 2016-05-31 .* Checked with the ICB$/,
    );
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('entity', 'in', ['lineage_candidate', 'organisation_lineage'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['lineage_candidate_confirmed', 'lineage_added'],
    );
    // Deciding twice is refused; deriving again keeps the decision and proposes nothing new.
    const again = await admin.post(`/lineage/candidates/${id}`, { decision: 'reject' });
    assert.equal(again.status, 409);
    const outcome = await deriveLineage(store(), { actor: 'tester', now: TEST_NOW });
    assert.equal(outcome.candidates, 0);
    const kept = await db.selectFrom('lineage_candidate').select(['status']).execute();
    assert.deepEqual(kept, [{ status: 'confirmed' }]);
  });

  it('records a rejection with its reason, and does not propose the candidate again', async () => {
    const db = store().db;
    await db.deleteFrom('lineage_candidate').execute();
    await db.deleteFrom('organisation_lineage').where('source', '=', 'administrator').execute();
    await deriveLineage(store(), { actor: 'tester', now: TEST_NOW });
    const app = createWebApp({ db, now: () => TEST_NOW });
    const admin = new TestBrowser(app);
    await admin.signIn('lineage-admin', 'lineage-admin-correct-horse-battery');
    await admin.get('/lineage');
    const id = (await db.selectFrom('lineage_candidate').select('id').executeTakeFirstOrThrow()).id;
    const res = await admin.post(`/lineage/candidates/${id}`, {
      decision: 'reject',
      note: 'Patients went elsewhere',
    });
    assert.equal(res.status, 303);
    assert.equal((await deriveLineage(store(), { actor: 'tester', now: TEST_NOW })).candidates, 0);
    const row = await db.selectFrom('lineage_candidate').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual(
      [row.status, row.decided_by, row.decision_note],
      ['rejected', 'lineage-admin', 'Patients went elsewhere'],
    );
    const merger = await db
      .selectFrom('organisation_lineage')
      .select('id')
      .where('predecessor_code', '=', 'A82011')
      .where('kind', '=', 'merger')
      .execute();
    assert.equal(merger.length, 0, 'a rejected candidate is never lineage');
    await admin.get('/lineage');
    assert.match(admin.lastHtml, /Rejected<\/td>\s*<td[^>]*>lineage-admin/);
  });
});
