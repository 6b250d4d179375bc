// One practice's payment statement, line by line, as a practice manager checks it: counts, exceptions,
// achievement, thresholds, points, adjustments and £; with CSV and Excel exports and, once approved,
// a form to appeal a line. The same table is what the exports write.
import type { PracticeStatementView } from '../../../app/schemes/appeals.ts';
import { formatEnGB } from '../../../domain/numbers.ts';
import { summaryList, table } from '../../components.ts';
import type { DataTable } from '../../exports/data-table.ts';
import { type Html, html } from '../../html.ts';
import { csrfField, page, type Viewer } from '../../layout.ts';
import { pounds } from './format.ts';

const COLUMNS: { label: string; digits?: number }[] = [
  { label: 'Line' },
  { label: 'Item' },
  { label: 'Type' },
  { label: 'Numerator' },
  { label: 'Exceptions' },
  { label: 'Denominator' },
  { label: 'Achievement (%)', digits: 2 },
  { label: 'Target', digits: 2 },
  { label: 'Lower threshold (%)', digits: 1 },
  { label: 'Upper threshold (%)', digits: 1 },
  { label: 'Points available', digits: 2 },
  { label: 'Points achieved', digits: 2 },
  { label: 'Prevalence factor', digits: 4 },
  { label: 'List size factor', digits: 4 },
  { label: 'Adjusted points', digits: 2 },
  { label: 'Rate (£)', digits: 2 },
  { label: 'Amount (£)', digits: 2 },
  { label: 'Note' },
];

export function statementTable(view: PracticeStatementView): DataTable {
  return {
    title: `Statement ${view.orgCode} ${view.calculation.schemeCode} calculation ${view.calculation.id}`,
    columns: COLUMNS.map((c, i) => ({
      label: c.label,
      numeric: i !== 1 && i !== 2 && i !== 17,
      digits: c.digits,
    })),
    rows: view.lines.map((l) => [
      l.line_no,
      l.item_name ? `${l.item_code} ${l.item_name}` : l.item_code,
      l.line_type,
      l.numerator,
      l.exceptions,
      l.denominator,
      l.achievement,
      l.target,
      l.lower_threshold,
      l.upper_threshold,
      l.points_available,
      l.points_achieved,
      l.prevalence_factor,
      l.list_size_factor,
      l.adjusted_points,
      l.rate,
      l.amount,
      l.note,
    ]),
  };
}

export function statementPage(viewer: Viewer, view: PracticeStatementView, canAppeal: boolean): string {
  const data = statementTable(view);
  const base = `/schemes/calculations/${view.calculation.id}/statements/${view.orgCode}`;
  const total = view.lines.find((l) => l.line_type === 'total');
  return page({
    title: `Payment statement: ${view.orgCode}`,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Incentive schemes', href: '/schemes' },
    ],
    content: html`<h1>Payment statement: ${view.orgCode}</h1>
${summaryList([
  { key: 'Scheme', value: `${view.calculation.schemeName} (version ${view.calculation.version})` },
  { key: 'Period', value: view.calculation.period },
  { key: 'Source', value: view.calculation.source },
  { key: 'Total', value: pounds(total?.amount ?? null) },
  { key: 'Approval', value: view.approval.status.replace('_', ' ') },
])}
<p>Download: <a href="${base}?format=csv">CSV</a> · <a href="${base}?format=xlsx">Excel</a></p>
${table({
  caption: 'Statement lines',
  head: data.columns.map((c) => c.label),
  rows: data.rows.map((r) =>
    r.map((cell, i) =>
      cell === null
        ? ''
        : typeof cell === 'number'
          ? formatEnGB(cell, { maximumFractionDigits: COLUMNS[i]!.digits ?? 0 })
          : cell,
    ),
  ),
  numeric: data.columns.flatMap((c, i) => (c.numeric ? [i] : [])),
  matrix: true,
})}
${appeals(viewer, view, canAppeal, base)}`,
  });
}

function appeals(viewer: Viewer, view: PracticeStatementView, canAppeal: boolean, base: string): Html {
  return html`<h2>Appeals</h2>
${
  view.appeals.length === 0
    ? html`<p>No line has been appealed.</p>`
    : table({
        caption: 'Appeals of this statement',
        head: ['Line', 'Reason', 'Outcome'],
        rows: view.appeals.map((a) => [
          String(a.line_no),
          a.reason,
          a.outcome
            ? `${a.outcome === 'upheld' ? 'Upheld' : 'Not upheld'}: ${a.outcome_note ?? ''}`
            : 'Awaiting a decision',
        ]),
      })
}
${
  canAppeal && view.approval.status === 'approved'
    ? html`<form method="post" action="${base}/appeals" novalidate>${csrfField(viewer)}
<div class="nhsuk-form-group"><label class="nhsuk-label" for="line_no">Line to appeal</label>
<select class="nhsuk-select" id="line_no" name="line_no">${view.lines
        .filter((l) => l.line_type !== 'total')
        .map(
          (l) =>
            html`<option value="${l.line_no}">${l.line_no}: ${l.item_code} (${pounds(l.amount)})</option>`,
        )}</select></div>
<div class="nhsuk-form-group"><label class="nhsuk-label" for="reason">Why the line is wrong</label>
<textarea class="nhsuk-textarea" id="reason" name="reason" rows="4"></textarea></div>
<button class="nhsuk-button" type="submit">Appeal the line</button></form>`
    : ''
}`;
}
