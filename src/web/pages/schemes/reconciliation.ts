// "Calculated vs paid" for a QOF-style calculation, as an auditor reads it: what each practice was
// calculated, what NHS England published (points) and paid (Total QOF Payments), the difference, and
// whether it is explained or flagged; with the timing of QOF payments said in words, and a CSV.
import type { ReconciliationView } from '../../../app/schemes/reconciliation.ts';
import { TIMING_EXPLANATION } from '../../../domain/schemes/reconciliation.ts';
import { summaryList, table } from '../../components.ts';
import { html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import { num, pounds } from './format.ts';

const STATUS = { agrees: 'Agrees', explained: 'Explained', flagged: 'Flagged' } as const;

export function reconciliationPage(viewer: Viewer, view: ReconciliationView): string {
  const { calculation: c, reconciliation: r } = view;
  const base = `/schemes/calculations/${c.id}`;
  const flagged = r.rows.filter((row) => row.status === 'flagged');
  return page({
    title: `Calculated vs paid: calculation ${c.id}`,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Incentive schemes', href: '/schemes' },
      { text: `Calculation ${c.id}`, href: base },
    ],
    content: html`<h1>Calculated vs paid: ${c.schemeName}</h1>
${summaryList([
  { key: 'Calculation', value: `${c.id}, ${c.period}, version ${c.version}` },
  { key: 'Calculated from', value: c.source },
  { key: 'Published points', value: view.sources.points ?? 'not imported for this year' },
  { key: 'Paid (Total QOF Payments)', value: view.sources.payments ?? 'not imported for this year' },
  { key: 'Calculated in all', value: pounds(r.totals.calculated) },
  { key: 'Paid in all', value: pounds(r.totals.paid) },
  { key: 'Difference', value: pounds(r.totals.difference) },
  {
    key: 'Practices',
    value: `${r.rows.length}: ${r.counts.agrees} agree, ${r.counts.explained} explained, ${r.counts.flagged} flagged`,
  },
])}
<div class="nhsuk-inset-text"><p><strong>Why calculated and paid differ.</strong> ${TIMING_EXPLANATION}. Lists and
prevalence: the SFE fixes the list and the registers at 1 January and uses England’s prevalence; the
statements name the lists and prevalence this calculation used. A difference within
${String(r.tolerancePercent)}% of what was paid is put down to these and marked <em>Explained</em>; a larger one, a
points difference or a practice missing from either side is <em>Flagged</em> for someone to check.</p></div>
<p>Download: <a href="${base}/reconciliation?format=csv">CSV</a> (money as plain numbers)</p>
${
  flagged.length === 0
    ? html`<p>Nothing is flagged.</p>`
    : html`<h2>Flagged (${String(flagged.length)})</h2>
<ul>${flagged.map((row) => html`<li>${row.practiceCode}: ${row.notes.join('; ')}</li>`)}</ul>`
}
${table({
  caption: 'Each practice',
  head: [
    'Practice',
    'Points calculated',
    'Points published',
    'Calculated',
    'Paid (Total QOF Payments)',
    'Difference',
    'Difference (%)',
    'Status',
    'Why',
  ],
  rows: r.rows.map((row) => [
    html`<a href="${base}/statements/${row.practiceCode}">${row.practiceCode}</a>`,
    num(row.calculatedPoints, 2),
    num(row.publishedPoints, 2),
    row.calculatedAmount === null ? '' : pounds(row.calculatedAmount),
    row.paidAmount === null ? '' : pounds(row.paidAmount),
    row.amountDifference === null ? '' : pounds(row.amountDifference),
    num(row.amountDifferencePercent, 2),
    STATUS[row.status],
    row.notes.join('; '),
  ]),
  numeric: [1, 2, 3, 4, 5, 6],
  scrollable: true,
})}`,
  });
}
