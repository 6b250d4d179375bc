import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { FactRecord } from '../../src/domain/records.ts';
import type { ReadSummary } from '../../src/ingest/read.ts';
import { NHS, ofKind, readAll } from './support.ts';

describe('NHS Payments to General Practice 2022-23 (read once)', () => {
  let records: FactRecord[];
  let summary: ReadSummary;
  before(async () => {
    ({ records, summary } = await readAll(`${NHS}/payments/nhs-payments-to-general-practice-2022-23.csv`));
  });

  it('gives one payment line per published payment column and the practice attributes', () => {
    const part = summary.parts[0]!;
    assert.equal(part.format.id, 'nhs-payments');
    assert.equal(part.period, '2022-23');
    assert.equal(part.rowsRead, 6669);
    const practices = ofKind(records, 'organisation');
    assert.equal(practices.length, 6669);
    const a81001 = practices.find((o) => o.code === 'A81001');
    assert.deepEqual(
      [a81001?.contractType, a81001?.rurality, a81001?.postcode, a81001?.openDate],
      ['GMS', 'Urban', 'TS18 1HU', '1974-04-01'],
    );
    const payments = ofKind(records, 'payment');
    const lines = new Set(payments.map((p) => p.line));
    assert.equal(lines.size, 50);
    assert.ok(lines.has('Non DES Item Pneumococcal Vaccine, Childhood Immunisation Main Programme'));
    assert.ok(!lines.has('Number of Registered Patients (Last Known Figure)'));
    assert.ok(!lines.has('Average payments per registered patient'));
    const globalSum = payments.find((p) => p.practiceCode === 'A81001' && p.line === 'Global Sum');
    assert.deepEqual(globalSum, {
      kind: 'payment',
      practiceCode: 'A81001',
      financialYear: '2022-23',
      line: 'Global Sum',
      amount: 438099.78,
    });
    assert.ok(
      payments.some((p) => p.amount < 0),
      'deductions are negative amounts, not errors',
    );
  });

  it('gives each practice’s registered and weighted list, dated to the last quarter of the year', () => {
    const figures = ofKind(records, 'list_figure').filter((f) => f.practiceCode === 'A81001');
    assert.deepEqual(
      figures.map((f) => [f.measure, f.extractDate, f.patients]),
      [
        ['registered', '2023-01-01', 4029.25],
        ['weighted', '2023-01-01', 4579.78],
      ],
    );
    assert.match(figures[1]!.label, /^NHS Payments to General Practice 2022-23, Number of Weighted Patients/);
    const weighted = ofKind(records, 'list_figure').filter((f) => f.measure === 'weighted');
    assert.equal(weighted.length, 6463, 'practices with a weighted list above zero');
  });

  it('leaves the contract type unknown (null) where the file says Unknown', () => {
    const unknown = ofKind(records, 'organisation').filter((o) => o.contractType === null);
    assert.equal(unknown.length, 155);
  });
});

describe('NHS Payments to General Practice 2014-15: the quarter used for patient data dates the lists', () => {
  it('dates Q2 figures 1 July 2014', async () => {
    const { records } = await readAll(`${NHS}/payments/nhs-payments-to-general-practice-2014-15.csv`);
    const figures = ofKind(records, 'list_figure').filter((f) => f.practiceCode === 'A81001');
    assert.deepEqual(
      figures.map((f) => [f.measure, f.extractDate, f.patients]),
      [
        ['registered', '2014-07-01', 4152],
        ['weighted', '2014-07-01', 4785],
      ],
    );
  });
});
