import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { getConsultation, listConsultations } from '../../src/app/agreements/consultations.ts';
import { getAgreementVersion } from '../../src/app/agreements/read.ts';
import { seedAgreementsDemo } from '../../src/demo/agreements.ts';
import { forEachDatabase } from '../support/databases.ts';
import { seedRealSlice } from '../web/real-slice.ts';

// The first twelve practices the July 2026 registrations file places in sub-ICB location 16C.
const SIXTEEN_C = [
  'A81001',
  'A81002',
  'A81004',
  'A81005',
  'A81006',
  'A81007',
  'A81009',
  'A81011',
  'A81012',
  'A81013',
  'A81014',
  'A81016',
];
const NOW = new Date('2026-11-24T12:00:00Z');

forEachDatabase('the agreements demo for sub-ICB location 16C', (store) => {
  before(async () => {
    await seedRealSlice(store().db, SIXTEEN_C);
  });

  it('seeds a flagged agreement that some practices signed and one vetoed, with the LMC’s response', async () => {
    const seeded = await seedAgreementsDemo(store().db, { now: NOW });
    assert.equal(seeded.seeded, true);
    const view = await getAgreementVersion(store().db, seeded.agreementId!);
    assert.equal(view.commissionerCode, '16C');
    assert.deepEqual(
      view.flags.map((f) => f.code),
      ['performance_management', 'sanctions_without_appeal', 'no_lmc_role'],
    );
    assert.equal(view.status.total.members, 12);
    assert.equal(view.status.total.vetoed, 1);
    assert.ok(view.status.total.signed >= 5, `signed: ${view.status.total.signed}`);
    const waiting = view.notResponded.map((p) => p.practiceCode);
    assert.ok(waiting.includes('A81001') && waiting.includes('A81002'), 'left for the demo accounts');
    assert.equal(view.lmcResponse?.position, 'supports_with_changes');
    const veto = view.responses.find((r) => r.decision === 'vetoed')!;
    assert.match(veto.reason ?? '', /contract holder/);
  });

  it('seeds a closed consultation with results and turnout, and an open one', async () => {
    const list = await listConsultations(store().db, { now: NOW });
    assert.deepEqual(list.map((c) => c.phase).sort(), ['closed', 'open']);
    const closed = await getConsultation(store().db, list.find((c) => c.phase === 'closed')!.id, {
      now: NOW,
    });
    assert.ok(closed.results);
    assert.equal(closed.results.electorate, 12);
    assert.ok(closed.results.votesCast > 0 && closed.results.votesCast <= 12);
    assert.equal(
      closed.results.options.reduce((s, o) => s + o.votes, 0),
      closed.results.votesCast,
    );
    const open = await getConsultation(store().db, list.find((c) => c.phase === 'open')!.id, { now: NOW });
    assert.equal(open.results, null);
    assert.equal(open.votesCast, 0);
  });

  it('does nothing the second time', async () => {
    const before = await store().db.selectFrom('audit_log').select('id').execute();
    const again = await seedAgreementsDemo(store().db, { now: NOW });
    assert.equal(again.seeded, false);
    assert.ok(again.agreementId);
    const after = await store().db.selectFrom('audit_log').select('id').execute();
    assert.equal(after.length, before.length);
  });
});
