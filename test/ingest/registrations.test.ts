import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { FactRecord } from '../../src/domain/records.ts';
import type { ReadSummary } from '../../src/ingest/read.ts';
import { NHS, ofKind, readAll } from './support.ts';

describe('Patients Registered at a GP Practice — the 5-year age band file (read once)', () => {
  let records: FactRecord[];
  let summary: ReadSummary;
  before(async () => {
    ({ records, summary } = await readAll(`${NHS}/registrations/gp-reg-pat-prac-quin-age.csv`));
  });

  it('is detected from its header and dated by its EXTRACT_DATE', () => {
    assert.equal(summary.parts[0]!.format.id, 'gp-reg-quinary-age');
    assert.equal(summary.parts[0]!.period, '2026-07-01');
  });

  it('reads every row: 6,139 practices × (1 list size + 2 sexes × 20 bands); aggregates and subtotals skipped', () => {
    assert.equal(summary.rowsRead, 326241);
    assert.equal(ofKind(records, 'list_size').length, 6139);
    assert.equal(ofKind(records, 'population').length, 6139 * 40);
    assert.deepEqual(summary.parts[0]!.skipReasons, {
      'aggregate row (ORG_TYPE Comm Region)': 301,
      'aggregate row (ORG_TYPE ICB)': 1548,
      'aggregate row (ORG_TYPE SUB_ICB_LOCATION_CODE)': 4558,
      'aggregate row (ORG_TYPE PCN)': 55857,
      'sex subtotal (AGE_GROUP_5 ALL)': 12278,
    });
    assert.equal(summary.rowsSkipped + 6139 * 41, summary.rowsRead);
  });

  it("gives practice A81001's list size (3,733) and a pyramid that adds up to it", () => {
    const list = ofKind(records, 'list_size').find((r) => r.practiceCode === 'A81001');
    assert.deepEqual(list, {
      kind: 'list_size',
      practiceCode: 'A81001',
      extractDate: '2026-07-01',
      patients: 3733,
    });
    const pyramid = ofKind(records, 'population').filter((r) => r.practiceCode === 'A81001');
    assert.equal(pyramid.length, 40);
    assert.equal(
      pyramid.reduce((sum, r) => sum + r.patients, 0),
      3733,
    );
    assert.deepEqual(pyramid.find((r) => r.sex === 'female' && r.ageBand === '0-4')?.patients, 84);
    assert.deepEqual(pyramid.find((r) => r.sex === 'male' && r.ageBand === '95+')?.patients, 5);
    assert.deepEqual(
      new Set(pyramid.map((r) => r.ageBand)),
      new Set([...Array.from({ length: 19 }, (_, i) => `${i * 5}-${i * 5 + 4}`), '95+']),
    );
  });
});

describe('Patients Registered at a GP Practice — the practice mapping file', () => {
  let records: FactRecord[];
  before(async () => {
    ({ records } = await readAll(`${NHS}/registrations/gp-reg-pat-prac-map.csv`));
  });

  it('gives every practice with its name and postcode, and each PCN, sub-ICB, ICB and region once', () => {
    const organisations = ofKind(records, 'organisation');
    const count = (kind: string) => organisations.filter((o) => o.organisationKind === kind).length;
    assert.equal(count('practice'), 6139);
    assert.equal(count('icb'), 36); // 42 ICBs in 2023; the July 2026 file has 36 after mergers
    assert.equal(count('region'), 7);
    assert.equal(count('sub_icb'), 106);
    assert.equal(count('pcn'), 1298); // 1,299 PCN codes less the `U` of practices without one
    const a81001 = organisations.find((o) => o.code === 'A81001');
    assert.equal(a81001?.name, 'THE DENSHAM SURGERY');
    assert.equal(a81001?.postcode, 'TS18 1HU');
    const subIcb = organisations.find((o) => o.code === '16C');
    assert.equal(subIcb?.onsCode, 'E38000247');
    assert.equal(subIcb?.organisationKind, 'sub_icb');
  });

  it('observes A81001 in PCN U89141, sub-ICB 16C, ICB QHM and region Y63 on the extract date', () => {
    const memberships = ofKind(records, 'membership');
    const parents = (code: string) =>
      memberships.filter((m) => m.childCode === code).map((m) => [m.parentKind, m.parentCode, m.observedOn]);
    assert.deepEqual(parents('A81001'), [
      ['pcn', 'U89141', '2026-07-01'],
      ['sub_icb', '16C', '2026-07-01'],
    ]);
    assert.deepEqual(parents('16C'), [['icb', 'QHM', '2026-07-01']]);
    assert.deepEqual(parents('QHM'), [['region', 'Y63', '2026-07-01']]);
  });

  it('gives no PCN membership to practices whose PCN code is U (none)', () => {
    assert.equal(ofKind(records, 'membership').filter((m) => m.parentCode === 'U').length, 0);
  });
});

describe('Legacy quarterly list sizes (10-year bands, 2013–2016)', () => {
  it('reads the April–June 2013 file: list size = sum of bands, zero-list cost centres skipped', async () => {
    const { records, summary } = await readAll(
      `${NHS}/registrations/legacy-quarterly/Patient_List_Size_2013_04-06.csv`,
    );
    const part = summary.parts[0]!;
    assert.equal(part.format.id, 'gp-reg-legacy-quarterly');
    assert.equal(part.period, '2013-04-01');
    assert.equal(part.rowsRead, 9754);
    assert.deepEqual(part.skipReasons, { 'no registered patients (not a practice)': 1686 });
    assert.equal(ofKind(records, 'list_size').length, 9754 - 1686);
    const list = ofKind(records, 'list_size').find((r) => r.practiceCode === 'A81001');
    assert.equal(list?.patients, 4088);
    const bands = ofKind(records, 'population').filter((r) => r.practiceCode === 'A81001');
    assert.equal(bands.length, 18);
    assert.equal(bands.find((r) => r.sex === 'female' && r.ageBand === '75+')?.patients, 292);
    assert.equal(bands.find((r) => r.sex === 'male' && r.ageBand === '5-14')?.patients, 198);
  });
});
