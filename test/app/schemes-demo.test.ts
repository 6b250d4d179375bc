// The schemes demo on both databases, over the real slice and the governance demo: the QOF-style
// scheme and the quality premium are calculated for 16C's practices and approved by the committee
// with the GP partners recused; the premium is distributed by decision; a second seed changes nothing.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { itemState } from '../../src/app/governance/item-state.ts';
import { importPaths } from '../../src/app/import/index.ts';
import { approvalOf } from '../../src/app/schemes/approval-state.ts';
import { distributionsOf } from '../../src/app/schemes/distribution.ts';
import { seedGovernanceDemo } from '../../src/demo/governance.ts';
import { seedSchemesDemo } from '../../src/demo/schemes.ts';
import { forEachDatabase } from '../support/databases.ts';
import { seedRealSlice } from '../web/real-slice.ts';

forEachDatabase('the schemes demo', (store) => {
  let notes: string[] = [];
  before(async () => {
    await seedRealSlice(store().db);
    // The published 2022-23 points of 16C's practices (the real file's 16C rows): what the demo's
    // SYNTHETIC achievement is calibrated to.
    const points = fileURLToPath(
      new URL('../fixtures/real-16c/qof-points-by-practice-2022-23.csv', import.meta.url),
    );
    await importPaths(store(), [points], { actor: 'demo' });
    await seedGovernanceDemo(store().db, new Date());
    const outcome = await seedSchemesDemo(store(), new Date());
    assert.equal(outcome.seeded, true, outcome.notes.join('; '));
    notes = outcome.notes;
  });

  it('approves the QOF-style and premium calculations, recusing the GP partners of 16C’s practices', async () => {
    const db = store().db;
    const calculations = await db.selectFrom('calculation').select('id').orderBy('id').execute();
    assert.ok(calculations.length >= 2);
    for (const c of calculations.slice(0, 2)) assert.equal((await approvalOf(db, c.id)).status, 'approved');
    // The QOF item pays 16C's practices (A81001 among them); the premium's approval concerns 16C itself, its
    // distribution (below) the practices.
    {
      const approval = await approvalOf(db, calculations[0]!.id);
      const state = await itemState(db, approval.agendaItemId!);
      const recused = state.members.filter((m) => state.recused.has(m.id)).map((m) => m.name);
      assert.ok(
        recused.some((n) => n.startsWith('Dr Sarah Bell')),
        recused.join(', '),
      );
    }
    // The slice has no published release: the local scheme is reported as not calculated.
    assert.ok(
      notes.some((n) => n.startsWith('Local scheme: not calculated')),
      notes.join('; '),
    );
  });

  it('distributes the premium per registered patient as decided, to the penny', async () => {
    const db = store().db;
    const premium = await db
      .selectFrom('calculation')
      .innerJoin('scheme_version', 'scheme_version.id', 'calculation.scheme_version_id')
      .select(['calculation.id', 'calculation.total_amount'])
      .where('scheme_version.name', 'like', '%remium%')
      .executeTakeFirstOrThrow();
    const [view] = await distributionsOf(db, premium.id);
    assert.ok(view?.result);
    const state = await itemState(db, view.row.agenda_item_id);
    assert.ok(state.members.some((m) => state.recused.has(m.id) && m.name.startsWith('Dr Imran Patel')));
    const paid = view.result.statements.reduce((s, st) => s + Math.round(st.amount * 100), 0);
    assert.equal(paid, Math.round(premium.total_amount * 100));
  });

  it('pays the premium on 16C’s list as of the period’s end, summed from dated extracts, not as given', async () => {
    const db = store().db;
    const lines = await db
      .selectFrom('statement_line')
      .innerJoin('calculation', 'calculation.id', 'statement_line.calculation_id')
      .innerJoin('scheme_version', 'scheme_version.id', 'calculation.scheme_version_id')
      .select(['statement_line.note', 'statement_line.list_size', 'statement_line.amount'])
      .where('scheme_version.name', 'like', '%remium%')
      .where('statement_line.org_code', '=', '16C')
      .execute();
    const listed = lines.filter((l) => /registered patients/.test(l.note ?? ''));
    assert.ok(listed.length > 0, JSON.stringify(lines));
    for (const l of listed) {
      assert.doesNotMatch(l.note ?? '', /as given/);
      assert.match(
        l.note ?? '',
        /registered patients [0-9.]+ as of 2025-03-31: the lists of the \d+ practices of 16C open on 2025-03-31 add up to/,
      );
    }
  });

  it('labels the achievement in the import history SYNTHETIC, never as published data', async () => {
    const batches = await store()
      .db.selectFrom('import_batch')
      .select(['file_name', 'publisher'])
      .where('format', '=', 'qof-achievement')
      .execute();
    assert.equal(batches.length, 1);
    for (const b of batches) assert.match(b.publisher, /^SYNTHETIC: /, b.file_name);
    assert.ok(
      notes.some((n) => n.startsWith('QOF-style: SYNTHETIC achievement for')),
      notes.join('; '),
    );
  });

  it('changes nothing when seeded again', async () => {
    assert.equal((await seedSchemesDemo(store(), new Date())).seeded, false);
  });
});
