/**
 * The financial return template an obligation with `Evidence: financial return` asks for: a fixed
 * list of lines, in pounds, for the period. Fixed so that returns from different practices and
 * months add up and compare; each line is checked (a number of pounds and pence, not negative), and
 * the totals are computed, never typed.
 */
export interface FinancialLine {
  code: string;
  label: string;
  section: 'income' | 'expenditure';
}

export const FINANCIAL_RETURN_LINES: readonly FinancialLine[] = [
  { code: 'income_core', label: 'Core contract income (global sum, MPIG, PMS)', section: 'income' },
  { code: 'income_qof', label: 'QOF and other national schemes', section: 'income' },
  { code: 'income_enhanced', label: 'Enhanced services (national and local)', section: 'income' },
  { code: 'income_other', label: 'Other income', section: 'income' },
  { code: 'spend_clinical_staff', label: 'Clinical staff', section: 'expenditure' },
  { code: 'spend_admin_staff', label: 'Administrative staff', section: 'expenditure' },
  { code: 'spend_premises', label: 'Premises', section: 'expenditure' },
  { code: 'spend_other', label: 'Other expenditure', section: 'expenditure' },
];

export interface FinancialReturn {
  lines: Record<string, number>;
  totalIncome: number;
  totalExpenditure: number;
  balance: number;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Reads the template's fields (amounts as typed: "12,345.67", "£900"); problems name each field. */
export function readFinancialReturn(
  fields: Record<string, string>,
): { ok: true; value: FinancialReturn } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const lines: Record<string, number> = {};
  for (const line of FINANCIAL_RETURN_LINES) {
    const raw = (fields[line.code] ?? '').trim().replace(/^£/, '').replaceAll(',', '');
    if (raw === '') {
      problems.push({ field: line.code, message: `Enter the amount for “${line.label}” (0 if none)` });
      continue;
    }
    if (!/^\d{1,9}(\.\d{1,2})?$/.test(raw)) {
      problems.push({
        field: line.code,
        message: `“${line.label}” must be an amount in pounds, like 12345.67, and not negative`,
      });
      continue;
    }
    lines[line.code] = Math.round(Number(raw) * 100) / 100;
  }
  if (problems.length > 0) return { ok: false, problems };
  const sum = (section: FinancialLine['section']) =>
    Math.round(
      FINANCIAL_RETURN_LINES.filter((l) => l.section === section).reduce(
        (s, l) => s + lines[l.code]! * 100,
        0,
      ),
    ) / 100;
  const totalIncome = sum('income');
  const totalExpenditure = sum('expenditure');
  return {
    ok: true,
    value: {
      lines,
      totalIncome,
      totalExpenditure,
      balance: Math.round((totalIncome - totalExpenditure) * 100) / 100,
    },
  };
}
