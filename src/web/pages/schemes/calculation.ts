// A calculation: its totals per organisation, where it stands in approval, the premium's distribution
// decisions, the appeals raised, and the forms for the people who move it on.

import type { SchemeAppealRow } from '../../../app/db.ts';
import type { Approval } from '../../../app/schemes/approval-state.ts';
import type { OrgTotal } from '../../../app/schemes/browse.ts';
import type { CalculationSummary } from '../../../app/schemes/context.ts';
import type { DistributionView } from '../../../app/schemes/distribution.ts';
import type { SchemeStandingRules } from '../../../app/schemes/standing-rules.ts';
import { DISTRIBUTION_LABELS, DISTRIBUTION_OPTIONS } from '../../../domain/schemes/distribution.ts';
import { summaryList, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { csrfField, page, type Viewer } from '../../layout.ts';
import { pounds } from './format.ts';
import { standingRulesSection } from './standing-rules.ts';

export interface CalculationPageData {
  calculation: CalculationSummary;
  approval: Approval;
  totals: OrgTotal[];
  distributions: DistributionView[];
  appeals: SchemeAppealRow[];
  meetings: { id: number; title: string; heldOn: string }[];
  /** What needs a recorded override before it may go to the committee (nothing paid, stale lists). */
  blocks?: string[];
  override?: { override_reason: string; recorded_by: string } | null;
  /** A local scheme's standing rules, tested on this calculation (null for other kinds). */
  standingRules: SchemeStandingRules | null;
  canSubmit: boolean;
  canExport: boolean;
  canWhatIf: boolean;
  canDecideAppeals: boolean;
}

const STATUS_TAGS = {
  prepared: tag('Prepared', 'grey'),
  submitted: tag('With the committee', 'blue'),
  approved: tag('Approved', 'green'),
  not_approved: tag('Not approved', 'red'),
} as const;

export function calculationPage(viewer: Viewer, d: CalculationPageData): string {
  const c = d.calculation;
  const base = `/schemes/calculations/${c.id}`;
  return page({
    title: `${c.schemeName}: calculation ${c.id}`,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Incentive schemes', href: '/schemes' },
      { text: c.schemeName, href: `/schemes/${c.schemeCode}` },
    ],
    content: html`<h1>${c.schemeName}: calculation ${c.id}</h1>
${summaryList([
  { key: 'Status', value: STATUS_TAGS[d.approval.status] },
  { key: 'Period', value: c.period },
  { key: 'Source', value: c.source },
  { key: 'Definition', value: `${c.schemeCode} version ${c.version}` },
  { key: 'Statements', value: String(c.statement_count) },
  { key: 'Total', value: pounds(c.total_amount) },
  { key: 'Statements checksum (sha256)', value: c.statements_checksum },
  {
    key: 'Committee',
    value:
      d.approval.agendaItemId === null
        ? 'Not yet put to a committee'
        : html`<a href="/governance/items/${d.approval.agendaItemId}">Agenda item ${d.approval.agendaItemId}</a>${d.approval.decision ? html`: ${d.approval.decision.decision_text}` : ''}`,
  },
])}
<ul class="nhsuk-list">
${d.canWhatIf ? html`<li><a href="${base}/what-if">What-if and equity view</a></li>` : ''}
${c.kind === 'qof' ? html`<li><a href="${base}/reconciliation">Calculated vs paid (reconciliation with the published points and QOF payments)</a></li>` : ''}
${d.canExport && d.approval.status === 'approved' ? html`<li><a href="${base}/payable.csv">Payable file (CSV)</a></li>` : ''}
</ul>
${d.standingRules ? standingRulesSection(d.standingRules, d.approval.status === 'prepared') : ''}
${
  d.canSubmit && d.approval.status === 'prepared'
    ? d.standingRules && !d.standingRules.check.passed
      ? html`<p>It cannot be put to the committee until every standing rule passes.</p>`
      : (d.blocks ?? []).length > 0 && !d.override
        ? overrideForm(viewer, base, d.blocks ?? [])
        : html`${d.override ? html`<p>Override recorded by ${d.override.recorded_by}: ${d.override.override_reason}</p>` : ''}${submitForm(viewer, base, d.meetings)}`
    : ''
}
${table({
  caption: 'Statements',
  head: ['Organisation', 'Kind', 'Taking part', 'Total'],
  rows: d.totals.map((t) => [
    html`<a href="${base}/statements/${t.orgCode}">${t.orgCode}</a>${t.orgName ? html` ${t.orgName}` : ''}`,
    t.orgKind,
    t.participating ? 'Yes' : 'No',
    pounds(t.amount),
  ]),
  numeric: [3],
  scrollable: true,
})}
${c.kind === 'quality_premium' ? distributionSection(viewer, base, d) : ''}
${appealsSection(viewer, d)}`,
  });
}

function overrideForm(viewer: Viewer, base: string, blocks: string[]): Html {
  return html`<div class="nhsuk-warning-callout"><h3 class="nhsuk-warning-callout__label">Cannot be put to the committee yet</h3>
<ul>${blocks.map((b) => html`<li>${b}</li>`)}</ul>
<p>It can go to the committee only with a recorded override and the reason for it.</p></div>
<form method="post" action="${base}/override" novalidate>${csrfField(viewer)}
<div class="nhsuk-form-group"><label class="nhsuk-label" for="reason">Why it should go to the committee all the same</label>
<textarea class="nhsuk-textarea" id="reason" name="reason" rows="3"></textarea></div>
<button class="nhsuk-button nhsuk-button--secondary" type="submit">Record the override</button></form>`;
}

function submitForm(viewer: Viewer, base: string, meetings: CalculationPageData['meetings']): Html {
  if (meetings.length === 0) return html`<p>There is no committee meeting to put the calculation to.</p>`;
  return html`<form method="post" action="${base}/submit" novalidate>${csrfField(viewer)}
<div class="nhsuk-form-group"><label class="nhsuk-label" for="meeting_id">Put to the committee meeting</label>
<select class="nhsuk-select" id="meeting_id" name="meeting_id">${meetings.map(
    (m) => html`<option value="${m.id}">${m.heldOn}: ${m.title}</option>`,
  )}</select></div>
<button class="nhsuk-button" type="submit">Put to the committee for approval</button></form>`;
}

function distributionSection(viewer: Viewer, base: string, d: CalculationPageData): Html {
  const commissioners = d.totals.filter((t) => t.orgKind === 'commissioner');
  return html`<h2>Distribution of the premium</h2>
${
  d.distributions.length === 0
    ? html`<p>No distribution has been put to the committee.</p>`
    : table({
        caption: 'Distribution decisions',
        head: ['Commissioner', 'Option', 'Committee', 'Paid to practices', 'Retained'],
        rows: d.distributions.map((v) => [
          v.row.commissioner_code,
          DISTRIBUTION_LABELS[v.row.option],
          html`<a href="/governance/items/${v.row.agenda_item_id}">Item ${v.row.agenda_item_id}</a> ${v.decision ? v.decision.outcome.replace('_', ' ') : 'awaiting decision'}`,
          v.result ? pounds(v.result.statements.reduce((s, st) => s + st.amount, 0)) : '',
          v.result ? pounds(v.result.retained) : '',
        ]),
      })
}
${d.distributions
  .filter((v) => v.result)
  .map((v) =>
    table({
      caption: `Practice statements following the decision for ${v.row.commissioner_code}`,
      head: ['Practice', 'Patients', '£ a patient', 'Amount', 'Note'],
      rows: v.result!.statements.map((s) => {
        const line = s.lines[0]!;
        return [s.orgCode, String(line.listSize ?? ''), String(line.rate ?? ''), pounds(s.amount), line.note];
      }),
      numeric: [1, 2, 3],
    }),
  )}
${
  d.canSubmit && commissioners.length > 0 && d.meetings.length > 0
    ? html`<form method="post" action="${base}/distribution" novalidate>${csrfField(viewer)}
<div class="nhsuk-form-group"><label class="nhsuk-label" for="commissioner_code">Commissioner</label>
<select class="nhsuk-select" id="commissioner_code" name="commissioner_code">${commissioners.map(
        (t) => html`<option value="${t.orgCode}">${t.orgCode} (${pounds(t.amount)})</option>`,
      )}</select></div>
<div class="nhsuk-form-group"><fieldset class="nhsuk-fieldset"><legend class="nhsuk-fieldset__legend">How to distribute it</legend>
<div class="nhsuk-radios">${DISTRIBUTION_OPTIONS.map(
        (o, i) =>
          html`<div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="option_${o}" name="option" type="radio" value="${o}"${i === 0 ? ' checked' : ''}><label class="nhsuk-label nhsuk-radios__label" for="option_${o}">${DISTRIBUTION_LABELS[o]}</label></div>`,
      )}</div></fieldset></div>
<p>For a conditional payment: the practice-level calculation, the indicator and the achievement (%) a practice must reach.</p>
<div class="nhsuk-form-group"><label class="nhsuk-label" for="condition_calculation">Calculation</label><input class="nhsuk-input nhsuk-input--width-5" id="condition_calculation" name="condition_calculation"></div>
<div class="nhsuk-form-group"><label class="nhsuk-label" for="condition_indicator">Indicator</label><input class="nhsuk-input nhsuk-input--width-10" id="condition_indicator" name="condition_indicator"></div>
<div class="nhsuk-form-group"><label class="nhsuk-label" for="condition_minimum">Achievement at least (%)</label><input class="nhsuk-input nhsuk-input--width-5" id="condition_minimum" name="condition_minimum"></div>
<div class="nhsuk-form-group"><label class="nhsuk-label" for="dist_meeting_id">Committee meeting</label>
<select class="nhsuk-select" id="dist_meeting_id" name="meeting_id">${d.meetings.map(
        (m) => html`<option value="${m.id}">${m.heldOn}: ${m.title}</option>`,
      )}</select></div>
<button class="nhsuk-button" type="submit">Put the distribution to the committee</button></form>`
    : ''
}`;
}

function appealsSection(viewer: Viewer, d: CalculationPageData): Html {
  if (d.appeals.length === 0) return html`<h2>Appeals</h2><p>No practice has appealed a line.</p>`;
  return html`<h2>Appeals</h2>
${table({
  caption: 'Appeals',
  head: ['Practice', 'Line', 'Reason', 'Outcome'],
  rows: d.appeals.map((a) => [
    a.org_code,
    String(a.line_no),
    a.reason,
    a.outcome
      ? `${a.outcome === 'upheld' ? 'Upheld' : 'Not upheld'}: ${a.outcome_note ?? ''} (${a.decided_by})`
      : d.canDecideAppeals
        ? html`<form method="post" action="/schemes/appeals/${a.id}/decision" novalidate>${csrfField(viewer)}
<select class="nhsuk-select" name="outcome" aria-label="Outcome"><option value="upheld">Upheld</option><option value="not_upheld">Not upheld</option></select>
<input class="nhsuk-input" name="note" aria-label="Reasons">
<button class="nhsuk-button nhsuk-button--secondary" type="submit">Record the outcome</button></form>`
        : 'Awaiting a decision',
  ]),
})}`;
}
