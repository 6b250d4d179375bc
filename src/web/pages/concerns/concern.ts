/**
 * One concern: what raised it (the frozen numbers), the practice's reply, the peer review, the
 * improvement plan and its progress, the referral and notices with their clocks, the timeline, and
 * the forms for the steps the viewer may take now.
 */

import type { ConcernView } from '../../../app/concerns/read.ts';
import type { JsonValue } from '../../../app/db.ts';
import { NOTICE_LABELS } from '../../../domain/concerns/notices.ts';
import {
  CONCERN_TYPE_LABELS,
  type ConcernState,
  SOURCE_LABELS,
  STATE_LABELS,
} from '../../../domain/concerns/workflow.ts';
import { flagJudgmentWords } from '../../../domain/judgment/flag-words.ts';
import type { PointControl } from '../../benchmarking/viewer-control.ts';
import { formatDate, formatDateTime, formatNumber, summaryList, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import {
  keptValue,
  type Problem,
  paragraphs,
  postForm,
  problemSummary,
  select,
  textArea,
  textInput,
} from '../governance/forms.ts';
import { dataPackCharts } from './data-pack-charts.ts';
import { CONCERN_CRUMBS } from './list.ts';
import { stepForms } from './step-forms.ts';

const STEP_NAMES: Record<string, string> = {
  raised: 'Raised',
  route_to_responsible_officer: 'Routed to the responsible officer',
  triage: 'Triaged',
  notify_practice: 'Practice notified',
  reply: 'Practice replied',
  start_peer_review: 'Peer review started',
  record_outcome: 'Outcome recorded',
  refer: 'Referred to the contract holder',
  close: 'Closed',
  remedial_notice: 'Remedial notice recorded',
  breach_notice: 'Breach notice recorded',
  invite_lmc: 'LMC representative invited',
  progress_measured: 'Re-measured in a later release',
};

function obj(v: JsonValue | null | undefined): Record<string, JsonValue> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
const text = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');
const num = (v: JsonValue | undefined): number | null => (typeof v === 'number' ? v : null);

function stateTag(state: ConcernState): Html {
  return tag(STATE_LABELS[state], state === 'referred' ? 'red' : state === 'explained' ? 'green' : 'blue');
}

function dataPack(v: ConcernView, control: PointControl | null): Html {
  const pack = obj(v.row.data_pack);
  const results = Array.isArray(pack.results) ? pack.results.map(obj) : [];
  if (results.length === 0) return html``;
  const funnel = obj(pack.funnel);
  const points = Array.isArray(funnel.points) ? funnel.points.length : 0;
  return html`<h2>Data pack (frozen)</h2>
<p>The numbers of release <strong>${v.releaseName ?? ''}</strong> that raised this concern, copied when it was raised (${formatDateTime(new Date(text(pack.frozenAt) || v.row.raised_at))}). The charts are drawn from what was copied: the funnel’s fit and all ${formatNumber(points)} practices’ points for ${v.row.period ?? ''}, and the practice’s SPC points. A later recompute does not change them.</p>
${dataPackCharts(v.row.data_pack, v.practice.practiceName, control)}
${table({
  caption: `${v.indicator?.name ?? 'Indicator'}: ${v.practice.practiceName}`,
  head: ['Period', 'Numerator', 'Denominator', 'Value', '99.8% interval', 'Headline flag', 'Funnel flag'],
  numeric: [1, 2, 3],
  rows: results.map((r) => [
    text(r.period),
    formatNumber(num(r.numerator)),
    formatNumber(num(r.denominator)),
    formatNumber(num(r.value), 1),
    `${formatNumber(num(r.lower_99_8), 1)} to ${formatNumber(num(r.upper_99_8), 1)}`,
    // Releases made before the headline judgment (migration 013) have none.
    text(r.headline_flag) || 'not judged',
    text(r.funnel_flag) || 'none',
  ]),
})}`;
}

function replies(v: ConcernView): Html {
  const events = v.events.filter((e) => e.step === 'reply');
  if (events.length === 0) return html``;
  return html`<h2>The practice’s reply</h2>
${events.map((e) => {
  const d = obj(e.detail);
  const files = v.attachments.filter((a) => a.eventId === e.id);
  return html`<div class="nhsuk-card"><div class="nhsuk-card__content">
<p class="nhsuk-body-s">From ${e.actor}, ${formatDateTime(e.at)}</p>
<h3>Population and demographics</h3>${paragraphs(text(d.population_context) || 'Not given.')}
<h3>Data quality</h3>${paragraphs(text(d.data_quality) || 'Not given.')}
<h3>Actions already taken</h3>${paragraphs(text(d.actions_taken) || 'Not given.')}
${files.length > 0 ? html`<h3>Attachments</h3><ul>${files.map((f) => html`<li><a href="/concerns/${v.row.id}/attachments/${f.id}">${f.fileName}</a> (${formatNumber(Math.ceil(f.size / 1024))} KB)</li>`)}</ul>` : html``}
</div></div>`;
})}`;
}

function peerReview(v: ConcernView): Html {
  const start = v.events.find((e) => e.step === 'start_peer_review');
  if (!start) return html``;
  const d = obj(start.detail);
  return html`<h2>Peer review</h2>
${text(d.group_name) ? html`<p>Peer review group: ${text(d.group_name)}</p>` : html``}
${
  v.peerReview
    ? html`<p>Committee item: <a href="/governance/items/${v.peerReview.agendaItemId}">${v.peerReview.committeeName}, item ${v.peerReview.agendaItemId}</a>.</p>
${v.peerReview.recused.length > 0 ? html`<p>Recused from this item:</p><ul>${v.peerReview.recused.map((r) => html`<li>${r.name}: ${r.reason}</li>`)}</ul>` : html`<p>No member is recused from this item.</p>`}`
    : html``
}
${start.note ? paragraphs(start.note) : html``}`;
}

function plan(v: ConcernView): Html {
  const p = v.plan;
  if (!p) return html``;
  return html`<h2>Improvement plan</h2>
<p>Re-measure <strong>${p.indicatorName}</strong> (${p.indicatorCode}): baseline ${formatNumber(p.baselineValue, 1)}, target ${formatNumber(p.target, 1)}.</p>
${table({
  caption: 'Actions',
  head: ['Action', 'Owner', 'Due'],
  rows: p.actions.map((a) => [a.action, a.owner, formatDate(a.dueOn)]),
})}
${
  p.progress.length === 0
    ? html`<p>No release since the plan was agreed: progress shows here when the next release arrives.</p>`
    : table({
        caption: 'Progress in later releases',
        head: ['Release', 'Period', 'Value', 'Change from baseline', 'Target'],
        numeric: [2, 3],
        rows: p.progress.map((m) => [
          m.releaseName,
          m.period,
          formatNumber(m.value, 1),
          m.change === null ? 'no data' : `${m.change >= 0 ? '+' : ''}${formatNumber(m.change, 1)}`,
          m.targetMet === null ? 'not judged' : m.targetMet ? tag('Met', 'green') : tag('Not met', 'orange'),
        ]),
      })
}`;
}

function referral(v: ConcernView, viewer: Viewer, problem: Problem | null): Html {
  if (v.row.state !== 'referred') return html``;
  const form = 'notice';
  const val = (n: string, d = '') => keptValue(problem, form, n, d);
  return html`<h2>Referral to the contract holder</h2>
<p>Contract holder: <strong>${v.contractHolder.holderLabel}</strong>.</p>
${v.notices.length === 0 ? html`<p>No notice has been recorded.</p>` : html``}
${v.notices.map(
  (n) => html`<div class="nhsuk-card"><div class="nhsuk-card__content">
<h3 class="nhsuk-card__heading">${NOTICE_LABELS[n.kind]} issued ${formatDate(n.issued_on)}</h3>
${summaryList([
  { key: 'Breach', value: n.breach },
  ...(n.kind === 'remedial'
    ? [
        { key: 'Remedy', value: n.remedy ?? '' },
        { key: 'Remedy period', value: `${n.remedy_period_days ?? ''} days` },
        {
          key: 'Clock',
          value: n.clock
            ? n.clock.overdue
              ? html`${tag('Overdue', 'red')} Due ${formatDate(n.clock.dueOn)}: ${formatNumber(-n.clock.daysRemaining)} days overdue`
              : html`${tag(`${n.clock.daysRemaining} days remaining`, 'orange')} Due ${formatDate(n.clock.dueOn)}`
            : '',
        },
      ]
    : []),
  { key: 'Recorded by', value: `${n.issued_by} (${n.issuing_organisation ?? ''})` },
  { key: 'Authority', value: n.authority },
])}
</div></div>`,
)}
${
  v.mayRecordNotice
    ? html`<h3>Record a notice</h3>${postForm(
        viewer,
        `/concerns/${v.row.id}/notices`,
        html`${select({
          form,
          name: 'kind',
          label: 'Kind of notice',
          value: val('kind', 'remedial'),
          options: [
            { value: 'remedial', text: 'Remedial notice (the breach can be remedied)' },
            { value: 'breach', text: 'Breach notice (the breach cannot be remedied)' },
          ],
          problem,
        })}
${textArea({ form, name: 'breach', label: 'The breach', value: val('breach'), problem })}
${textArea({ form, name: 'remedy', label: 'The remedy (remedial notices)', value: val('remedy'), problem })}
${textInput({ form, name: 'remedy_period_days', label: 'Remedy period in days (at least 28)', value: val('remedy_period_days', '28'), width: 10, problem })}
${textInput({ form, name: 'issued_on', label: 'Issued on (YYYY-MM-DD)', value: val('issued_on', v.today), width: 10, problem })}`,
        'Record notice',
      )}`
    : html`<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p>Only the contract holder can record a remedial or breach notice. ${v.noticeRefusal ?? ''}</p></div>`
}`;
}

/** Who of the LMC follows the concern, and (for those who may) the form to invite the representative. */
function lmc(v: ConcernView, viewer: Viewer, problem: Problem | null): Html {
  if (v.lmcInvited.length === 0 && v.lmcInvitable.length === 0) return html``;
  return html`<h2>LMC representative</h2>
${
  v.lmcInvited.length > 0
    ? html`<p>Invited, and sees this concern: ${v.lmcInvited.map((l) => l.displayName).join(', ')}.</p>`
    : html`<p>No LMC representative is invited. The LMC sees a concern only when invited.</p>`
}
${
  v.lmcInvitable.length > 0
    ? postForm(
        viewer,
        `/concerns/${v.row.id}/invite-lmc`,
        select({
          form: 'lmc',
          name: 'lmc_username',
          label: 'LMC representative to invite',
          value: keptValue(problem, 'lmc', 'lmc_username', v.lmcInvitable[0]!.username),
          options: v.lmcInvitable.map((l) => ({ value: l.username, text: l.displayName })),
          problem,
        }),
        'Invite the LMC representative',
      )
    : html``
}`;
}

function timeline(v: ConcernView): Html {
  return html`<h2>Timeline</h2>
<ol class="nhsuk-list nhsuk-list--bullet">${v.events.map(
    (e) =>
      html`<li><strong>${STEP_NAMES[e.step] ?? e.step}</strong>, ${formatDateTime(e.at)}, by ${e.actor}${e.note ? html`: ${e.note}` : html``}</li>`,
  )}</ol>`;
}

/** `control`: how the viewer may see the frozen funnel's points (viewer-control.ts `pointControl`). */
export function concernPage(
  v: ConcernView,
  viewer: Viewer,
  control: PointControl | null,
  problem: Problem | null = null,
): string {
  const crumbs = [...CONCERN_CRUMBS, { text: 'Performance concerns', href: '/concerns' }];
  if (v.visibility === 'status_only') {
    return page({
      title: v.row.title,
      viewer,
      breadcrumbs: crumbs,
      content: html`<h1>${v.row.title}</h1>
${summaryList([
  { key: 'Practice', value: `${v.practice.practiceName} (${v.practice.practiceCode})` },
  { key: 'State', value: stateTag(v.row.state as ConcernState) },
  {
    key: 'Routed to',
    value: `Responsible officer, NHS England area team ${v.row.responsible_officer_code ?? ''}`,
  },
])}
<p>Concerns about an individual performer are handled by NHS England’s responsible officer, not by the commissioner. Its details are not shown to you.</p>`,
    });
  }
  const r = v.row;
  return page({
    title: r.title,
    viewer,
    breadcrumbs: crumbs,
    content: html`${problemSummary(problem)}<span class="nhsuk-caption-l">Concern ${r.id}</span><h1>${r.title}</h1>
${summaryList([
  {
    key: 'Practice',
    value: html`<a href="/practices/${v.practice.practiceCode}">${v.practice.practiceName} (${v.practice.practiceCode})</a>`,
  },
  { key: 'Type', value: CONCERN_TYPE_LABELS[r.type] },
  { key: 'State', value: stateTag(r.state as ConcernState) },
  {
    key: 'Raised from',
    value: `${SOURCE_LABELS[r.source]}${r.flag ? `: ${flagJudgmentWords(r.flag).replace(/^./, (ch) => ch.toLowerCase())}` : ''}`,
  },
  ...(v.indicator
    ? [{ key: 'Indicator', value: `${v.indicator.name} (${v.indicator.code}), ${r.period ?? ''}` }]
    : []),
  { key: 'Reason', value: r.reason },
  { key: 'Raised', value: `${formatDateTime(r.raised_at)} by ${r.raised_by}` },
  ...(r.responsible_officer_code
    ? [{ key: 'Responsible officer', value: `NHS England area team ${r.responsible_officer_code}` }]
    : []),
])}
${dataPack(v, control)}
${replies(v)}
${peerReview(v)}
${plan(v)}
${referral(v, viewer, problem)}
${stepForms(v, viewer, problem)}
${lmc(v, viewer, problem)}
${timeline(v)}`,
  });
}
