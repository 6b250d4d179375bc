// "Calculated vs paid" for a stored QOF-style calculation (src/domain/schemes/reconciliation.ts): its
// statements' totals against the published points of the year (table qof_practice, from
// qof-points-by-practice-<year>.csv) and the Total QOF Payments of NHS Payments to General Practice for
// the same financial year (table payment). The practices: those calculated, and those of the
// calculation's area that the "as of" rule left out but the payments file paid (flagged, with the
// rule's reason).
import type { Kysely } from 'kysely';
import { type Reconciliation, reconcile } from '../../domain/schemes/reconciliation.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { authorise } from '../authorise.ts';
import { isoDay } from '../population/membership-rows.ts';
import { loadPracticesAsOf } from '../population/practices-as-of.ts';
import { UseCaseError } from '../use-case-error.ts';
import { type CalculationSummary, findCalculation } from './context.ts';

export const QOF_PAYMENT_LINE = 'Total QOF Payments';

export interface ReconciliationView {
  calculation: CalculationSummary;
  reconciliation: Reconciliation;
  /** The files the published figures came from, in words. */
  sources: { points: string | null; payments: string | null };
  /** Practices of the area left out of the calculation, with the rule's reason. */
  leftOut: Map<string, string>;
}

export async function reconcileCalculation(
  db: Kysely<Database>,
  actor: Actor | null,
  calculationId: number,
  options: { tolerancePercent?: number } = {},
): Promise<ReconciliationView> {
  authorise(actor, 'view_calculation');
  const calculation = await findCalculation(db, calculationId);
  if (calculation.kind !== 'qof')
    throw new UseCaseError('conflict', 'Only a QOF-style calculation is reconciled with QOF payments');
  const year = calculation.period;
  const totals = await db
    .selectFrom('statement_line')
    .select(['org_code', 'points_achieved', 'amount'])
    .where('calculation_id', '=', calculationId)
    .where('line_type', '=', 'total')
    .execute();
  const calculated = new Map(totals.map((t) => [t.org_code, t]));
  const leftOut = new Map<string, string>();
  if (calculation.scope_code && calculation.as_of) {
    const asOf = isoDay(calculation.as_of);
    const rule = await loadPracticesAsOf(db, calculation.scope_code, asOf);
    for (const p of rule.leftOut) leftOut.set(p.code, p.reason);
  }
  const codes = [...new Set([...calculated.keys(), ...leftOut.keys()])];
  const published =
    codes.length === 0
      ? []
      : await db
          .selectFrom('qof_practice as q')
          .innerJoin('import_batch as b', 'b.id', 'q.batch_id')
          .select(['q.practice_code', 'q.achieved_points', 'b.file_name', 'b.id as batch'])
          .where('q.qof_year', '=', year)
          .where('q.practice_code', 'in', codes)
          .execute();
  const paid =
    codes.length === 0
      ? []
      : await db
          .selectFrom('payment as p')
          .innerJoin('import_batch as b', 'b.id', 'p.batch_id')
          .select(['p.practice_code', 'p.amount', 'b.file_name', 'b.id as batch'])
          .where('p.financial_year', '=', year)
          .where('p.line', '=', QOF_PAYMENT_LINE)
          .where('p.practice_code', 'in', codes)
          .execute();
  const pointsOf = new Map(published.map((p) => [p.practice_code, p.achieved_points]));
  const paidOf = new Map(paid.map((p) => [p.practice_code, Number(p.amount)]));
  // Left-out practices count only when the payments file paid them.
  const rows = codes
    .filter((code) => calculated.has(code) || paidOf.has(code))
    .sort()
    .map((code) => {
      const c = calculated.get(code);
      const points = pointsOf.get(code);
      return {
        practiceCode: code,
        calculatedPoints: c ? c.points_achieved : null,
        calculatedAmount: c ? c.amount : null,
        publishedPoints: points === undefined || points === null ? null : Number(points),
        paidAmount: paidOf.get(code) ?? null,
      };
    });
  const reconciliation = reconcile(rows, options);
  for (const row of reconciliation.rows) {
    const reason = leftOut.get(row.practiceCode);
    if (row.calculatedPoints === null && reason) row.notes[0] = `not in the calculation: ${reason}`;
  }
  const source = (r: { file_name: string; batch: number } | undefined): string | null =>
    r ? `${r.file_name} (import batch ${r.batch})` : null;
  return {
    calculation,
    reconciliation,
    sources: { points: source(published[0]), payments: source(paid[0]) },
    leftOut,
  };
}

/** The reconciliation as CSV rows (money as plain numbers, 2 decimals). */
export const RECONCILIATION_COLUMNS = [
  'practice_code',
  'calculated_points',
  'published_points',
  'points_difference',
  'calculated_amount',
  'paid_total_qof_payments',
  'amount_difference',
  'amount_difference_percent',
  'status',
  'notes',
] as const;

export function reconciliationCsv(view: ReconciliationView): string {
  const field = (v: string | number | null): string => {
    if (v === null) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const money = (n: number | null) => (n === null ? null : n.toFixed(2));
  const lines = [RECONCILIATION_COLUMNS.join(',')];
  for (const r of view.reconciliation.rows)
    lines.push(
      [
        r.practiceCode,
        r.calculatedPoints,
        r.publishedPoints,
        r.pointsDifference,
        money(r.calculatedAmount),
        money(r.paidAmount),
        money(r.amountDifference),
        r.amountDifferencePercent,
        r.status,
        r.notes.join('; '),
      ]
        .map(field)
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}
