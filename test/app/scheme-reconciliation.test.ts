// "Calculated vs paid" (issue 14 point 4): the rule as a table, then on both databases a QOF 2022-23
// calculation of 16C (SYNTHETIC achievement calibrated to the published points) reconciled with the real
// published points and the real Total QOF Payments of NHS Payments to General Practice 2022-23 (the
// files' 16C rows, imported as published).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../../src/app/actor.ts';
import { importPaths } from '../../src/app/import/index.ts';
import { calculateAndStore, inputsFromAchievement, readSchemeFile } from '../../src/app/schemes/index.ts';
import { reconcileCalculation, reconciliationCsv } from '../../src/app/schemes/reconciliation.ts';
import { importSyntheticQofAchievement } from '../../src/app/schemes/synthetic-qof.ts';
import type { QofScheme } from '../../src/domain/schemes/index.ts';
import { reconcile } from '../../src/domain/schemes/reconciliation.ts';
import { forEachDatabase } from '../support/databases.ts';

const REAL_16C = fileURLToPath(new URL('../fixtures/real-16c/', import.meta.url));
const QOF_FILE = fileURLToPath(new URL('../../schemes/examples/qof-2022-23.json', import.meta.url));
const ANALYST: Actor = {
  userId: 1,
  username: 'analyst',
  displayName: 'Analyst',
  roles: [{ role: 'commissioning_analyst', organisationCode: '16C' }],
};

describe('the reconciliation rule', () => {
  const cases: {
    title: string;
    calc: [number | null, number | null];
    published: number | null;
    paid: number | null;
    status: string;
    note: RegExp;
  }[] = [
    {
      title: 'same points, same £',
      calc: [500, 1000],
      published: 500,
      paid: 1000,
      status: 'agrees',
      note: /amounts agree/,
    },
    {
      title: '£ within 15%: timing',
      calc: [500, 1100],
      published: 500,
      paid: 1000,
      status: 'explained',
      note: /10% \(within 15%\): timing/,
    },
    {
      title: '£ beyond 15%',
      calc: [500, 1200],
      published: 500,
      paid: 1000,
      status: 'flagged',
      note: /20%, more than 15%/,
    },
    {
      title: 'points differ',
      calc: [499.5, 1000],
      published: 500,
      paid: 1000,
      status: 'flagged',
      note: /points differ from the published 500 by -0.5/,
    },
    {
      title: 'paid, not calculated',
      calc: [null, null],
      published: 500,
      paid: 1000,
      status: 'flagged',
      note: /not in the calculation/,
    },
    {
      title: 'calculated, not paid',
      calc: [500, 1000],
      published: 500,
      paid: null,
      status: 'flagged',
      note: /no Total QOF Payments/,
    },
  ];
  for (const c of cases)
    it(c.title, () => {
      const [row] = reconcile([
        {
          practiceCode: 'A81001',
          calculatedPoints: c.calc[0],
          calculatedAmount: c.calc[1],
          publishedPoints: c.published,
          paidAmount: c.paid,
        },
      ]).rows;
      assert.equal(row!.status, c.status);
      assert.match(row!.notes.join('; '), c.note);
    });
});

/** Total QOF Payments of the real file's 16C rows, by practice. */
function paidInFile(): Map<string, number> {
  const [header, ...rows] = readFileSync(`${REAL_16C}nhs-payments-to-general-practice-2022-23.csv`, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const names = header!.split(',');
  const at = names.indexOf('Total QOF Payments');
  const code = names.indexOf('Practice Code');
  // The columns before Total QOF Payments hold no quoted commas in these rows except the address.
  const out = new Map<string, number>();
  for (const line of rows) {
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    out.set(cells[code]!, Number(cells[at]));
  }
  return out;
}

forEachDatabase('calculated vs paid on the published files', (store) => {
  let calculationId = 0;
  before(async () => {
    const outcomes = await importPaths(
      store(),
      [
        `${REAL_16C}qof-points-by-practice-2022-23.csv`,
        `${REAL_16C}nhs-payments-to-general-practice-2022-23.csv`,
      ],
      { actor: 'analyst' },
    );
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['imported', 'imported'],
    );
    const read = await readSchemeFile(QOF_FILE);
    assert.ok(read.ok);
    const scheme = read.scheme as QofScheme;
    await importSyntheticQofAchievement(store(), scheme, '16C', 'demo');
    const stored = await calculateAndStore(store(), {
      scheme,
      inputs: await inputsFromAchievement(store().db, scheme, '2022-23', '16C'),
      sourceKind: 'qof_achievement',
      actor: 'analyst',
      now: new Date('2026-12-01T10:00:00Z'),
    });
    calculationId = stored.calculation.id;
  });

  it('sets each practice’s calculated points and £ beside the published points and Total QOF Payments', async () => {
    const view = await reconcileCalculation(store().db, ANALYST, calculationId);
    const r = view.reconciliation;
    assert.match(view.sources.points ?? '', /qof-points-by-practice-2022-23\.csv/);
    assert.match(view.sources.payments ?? '', /nhs-payments-to-general-practice-2022-23\.csv/);
    const file = paidInFile();
    const a81001 = r.rows.find((row) => row.practiceCode === 'A81001')!;
    assert.equal(a81001.paidAmount, 52178.74);
    assert.equal(a81001.publishedPoints, 575.06);
    assert.equal(a81001.pointsDifference, 0);
    for (const row of r.rows) {
      if (row.calculatedPoints !== null && row.publishedPoints !== null)
        assert.equal(row.pointsDifference, 0, row.practiceCode); // calibrated SYNTHETIC counts
      if (row.paidAmount !== null) assert.equal(row.paidAmount, file.get(row.practiceCode), row.practiceCode);
      assert.ok(row.notes.length > 0);
      if (row.status !== 'flagged') assert.ok(row.calculatedAmount !== null && row.paidAmount !== null);
    }
    const paidTotal = r.rows.reduce((s, row) => s + Math.round((row.paidAmount ?? 0) * 100), 0);
    assert.equal(Math.round(r.totals.paid * 100), paidTotal);
    assert.equal(r.counts.agrees + r.counts.explained + r.counts.flagged, r.rows.length);
  });

  it('writes a CSV with money as plain numbers', async () => {
    const csv = reconciliationCsv(await reconcileCalculation(store().db, ANALYST, calculationId));
    const [header, ...lines] = csv.trim().split('\r\n');
    assert.equal(
      header,
      'practice_code,calculated_points,published_points,points_difference,calculated_amount,paid_total_qof_payments,amount_difference,amount_difference_percent,status,notes',
    );
    const a81001 = lines.find((l) => l.startsWith('A81001,'))!;
    assert.match(a81001, /^A81001,575\.06,575\.06,0,\d+\.\d{2},52178\.74,-?\d+\.\d{2},/);
    assert.doesNotMatch(csv, /£/);
  });

  it('refuses those who may not see calculations', async () => {
    const partner: Actor = { ...ANALYST, roles: [{ role: 'practice_partner', organisationCode: 'A81001' }] };
    await assert.rejects(reconcileCalculation(store().db, partner, calculationId), /view_calculation/);
  });
});
