/** The obligations dashboards: a commissioner's (every bound practice) and one practice's. */
import type { CommissionerDashboard, ItemRow, PracticeSummary } from '../../../app/obligations/read.ts';
import { formatNumber, table } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import { escalationTag, itemsTable } from './parts.ts';

function summaryTable(rows: readonly PracticeSummary[]): Html {
  return table({
    caption: 'Returns by practice',
    head: ['Practice', 'Due', 'Overdue', 'Awaiting decision', 'Queried', 'Accepted', 'Furthest escalation'],
    numeric: [1, 2, 3, 4, 5],
    rows: rows.map((p) => [
      html`<a href="/obligations/practices/${p.practiceCode}">${p.practiceName} (${p.practiceCode})</a>`,
      formatNumber(p.due),
      formatNumber(p.overdue),
      formatNumber(p.submitted),
      formatNumber(p.queried),
      formatNumber(p.accepted),
      escalationTag(p.worstEscalation) || 'None',
    ]),
  });
}

export function commissionerDashboardPage(
  viewer: Viewer,
  d: CommissionerDashboard,
  others: { code: string; name: string }[],
  isAdministrator: boolean,
): string {
  return page({
    title: `Obligations: ${d.commissionerName}`,
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<h1>Obligations: ${d.commissionerName} (${d.commissionerCode})</h1>
<p>What the practices that signed this commissioner's agreements are obliged to do, period by period: returns made and decided, overdue ones with how far they have been escalated (a reminder the day after the due date, the commissioning manager a week later, a concern may be opened after three weeks), and the quarterly review meetings.</p>
${others.length > 1 ? html`<p>Other commissioners: ${others.filter((o) => o.code !== d.commissionerCode).map((o, i) => html`${i > 0 ? ', ' : ''}<a href="/obligations?org=${o.code}">${o.name}</a>`)}</p>` : ''}
${isAdministrator ? html`<p><a href="/admin/outbox">Read the outbox of e-mails sent</a></p>` : ''}
<h2>Practices</h2>
${d.practices.length === 0 ? html`<p>No practice owes anything yet under this commissioner's agreements.</p>` : summaryTable(d.practices)}
<h2>Overdue</h2>
${itemsTable('Overdue returns, oldest first', d.overdue, true)}
<h2>Awaiting the commissioner's decision</h2>
${itemsTable('Returns made and waiting to be accepted or queried', d.awaitingDecision, true)}
<h2>Review meetings</h2>
${itemsTable('Quarterly practice review meetings', d.meetings, true)}`,
  });
}

export function practiceObligationsPage(
  viewer: Viewer,
  p: { practiceCode: string; practiceName: string; items: ItemRow[] },
): string {
  const open = p.items.filter(
    (i) => i.status === 'due' || i.status === 'queried' || i.status === 'submitted',
  );
  const done = p.items.filter((i) => i.status === 'accepted');
  return page({
    title: `Obligations: ${p.practiceName}`,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Obligations', href: '/obligations' },
    ],
    content: html`<h1>Obligations: ${p.practiceName} (${p.practiceCode})</h1>
<p>What this practice's signed agreements oblige it to do, and what it has done.</p>
<h2>Open</h2>
${itemsTable('Due, queried or awaiting a decision', open, false)}
<h2>Done</h2>
${itemsTable('Accepted returns and held meetings', done, false)}`,
  });
}
