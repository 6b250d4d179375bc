// "Calculated vs paid" for a QOF-style calculation (issue 14 point 4): per practice, the points the
// calculation gave against the points NHS England published for the year (practice summary tables),
// and the £ it calculated against the Total QOF Payments of NHS Payments to General Practice for the
// same financial year. Pure: the store's figures in, one row per practice out, each difference either
// explained (in words) or flagged.
//
// Why £ never match exactly, and what is explained rather than flagged:
// - Timing. A financial year's Total QOF Payments are the cash paid in that year: the monthly
//   aspiration payments on account for that QOF year (normally 70% of the points expected, from the
//   previous year's achievement) plus the achievement payment for the previous QOF year (paid after
//   it is validated, about June), less the aspiration already paid for it. A calculation of QOF year Y
//   is the entitlement for Y, most of which is paid in the next financial year. So the two agree only
//   when a practice's achievement is steady from year to year.
// - Lists and prevalence. The SFE fixes the list and the registers at 1 January and uses England's
//   prevalence; a scheme may use others (the statements name theirs).
// Within `tolerancePercent` (default 15%) of what was paid, the difference is put down to these and
// explained; beyond it, flagged for a person to look at. A points difference beyond half a hundredth
// of a point is always flagged (points do not depend on timing).

export interface ReconciliationPractice {
  practiceCode: string;
  /** From the calculation's statement (null: not in the calculation). */
  calculatedPoints: number | null;
  calculatedAmount: number | null;
  /** From the practice summary tables of the year (null: not published / not imported). */
  publishedPoints: number | null;
  /** Total QOF Payments of the payments file of the same financial year (null: no row). */
  paidAmount: number | null;
}

export type ReconciliationStatus = 'agrees' | 'explained' | 'flagged';

export interface ReconciliationRow extends ReconciliationPractice {
  pointsDifference: number | null;
  amountDifference: number | null;
  /** Difference as a percentage of what was paid. */
  amountDifferencePercent: number | null;
  status: ReconciliationStatus;
  notes: string[];
}

export interface Reconciliation {
  rows: ReconciliationRow[];
  totals: { calculated: number; paid: number; difference: number };
  counts: Record<ReconciliationStatus, number>;
  tolerancePercent: number;
}

export const TIMING_EXPLANATION =
  'Total QOF Payments are the cash paid in the financial year: aspiration payments on account for this QOF year plus the previous year’s achievement payment less its aspiration; the calculation is this year’s entitlement, mostly paid the next year';

export function reconcile(
  practices: readonly ReconciliationPractice[],
  options: { tolerancePercent?: number } = {},
): Reconciliation {
  const tolerancePercent = options.tolerancePercent ?? 15;
  const rows = practices.map((p) => reconcileOne(p, tolerancePercent));
  const counts: Record<ReconciliationStatus, number> = { agrees: 0, explained: 0, flagged: 0 };
  let calculated = 0;
  let paid = 0;
  for (const r of rows) {
    counts[r.status]++;
    calculated += r.calculatedAmount ?? 0;
    paid += r.paidAmount ?? 0;
  }
  const pence = (n: number) => Math.round(n * 100) / 100;
  return {
    rows,
    totals: { calculated: pence(calculated), paid: pence(paid), difference: pence(calculated - paid) },
    counts,
    tolerancePercent,
  };
}

function reconcileOne(p: ReconciliationPractice, tolerancePercent: number): ReconciliationRow {
  const notes: string[] = [];
  let flagged = false;
  let explained = false;
  const row: ReconciliationRow = {
    ...p,
    pointsDifference: null,
    amountDifference: null,
    amountDifferencePercent: null,
    status: 'agrees',
    notes,
  };
  if (p.calculatedPoints === null) {
    notes.push('not in the calculation (not a practice of the area open at the year’s end)');
    flagged = true;
  } else if (p.publishedPoints === null) {
    notes.push('no published points for the year');
    flagged = true;
  } else {
    row.pointsDifference = Math.round((p.calculatedPoints - p.publishedPoints) * 100) / 100;
    if (Math.abs(row.pointsDifference) > 0.005) {
      notes.push(`points differ from the published ${p.publishedPoints} by ${row.pointsDifference}`);
      flagged = true;
    } else notes.push('points agree with the published practice summary');
  }
  if (p.paidAmount === null) {
    notes.push('no Total QOF Payments in the payments file');
    flagged = true;
  } else if (p.calculatedAmount !== null) {
    row.amountDifference = Math.round((p.calculatedAmount - p.paidAmount) * 100) / 100;
    row.amountDifferencePercent =
      p.paidAmount === 0 ? null : Math.round((10000 * row.amountDifference) / p.paidAmount) / 100;
    if (row.amountDifference === 0) notes.push('amounts agree');
    else if (
      row.amountDifferencePercent !== null &&
      Math.abs(row.amountDifferencePercent) <= tolerancePercent
    ) {
      notes.push(
        `amounts differ by ${row.amountDifferencePercent}% (within ${tolerancePercent}%): timing of achievement and aspiration payments, lists and prevalence`,
      );
      explained = true;
    } else {
      notes.push(
        row.amountDifferencePercent === null
          ? 'nothing was paid but the calculation pays: check'
          : `amounts differ by ${row.amountDifferencePercent}%, more than ${tolerancePercent}%: check (a change of achievement between years, a list change, or an error)`,
      );
      flagged = true;
    }
  }
  row.status = flagged ? 'flagged' : explained ? 'explained' : 'agrees';
  return row;
}
