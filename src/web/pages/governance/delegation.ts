/** Delegation pages: every commissioner's level and functions, and one commissioner's record. */

import type { Organisation } from '../../../app/db.ts';
import type { DelegationPeriodRecord, DelegationSummary } from '../../../app/governance/delegation.ts';
import {
  DELEGATED_FUNCTIONS,
  type DelegationState,
  decideContractAction,
  FUNCTION_LABELS,
  LEVEL_LABELS,
} from '../../../domain/governance/delegation.ts';
import { formatDate, formatDateTime, insetText, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import {
  choices,
  keptValue,
  type Problem,
  postForm,
  problemSummary,
  select,
  textArea,
  textInput,
} from './forms.ts';
import { GOVERNANCE_CRUMBS } from './index.ts';

export function delegationListPage(viewer: Viewer | null, rows: DelegationSummary[]): string {
  return page({
    title: 'Delegation of GP contract functions',
    viewer,
    breadcrumbs: GOVERNANCE_CRUMBS,
    content: html`<h1>Delegation of GP contract functions</h1>
<p>NHS England holds the GP contracts. A commissioner takes part at level 1 (influence), decides jointly at level 2, or acts for NHS England at level 3 for the functions granted to it. An action needing a function the commissioner does not hold goes to the contract holder.</p>
${
  rows.length === 0
    ? html`<p>No delegation has been recorded.</p>`
    : table({
        caption: 'Co-commissioning level today',
        head: ['Commissioner', 'Level', 'Functions held', 'Contract holder'],
        rows: rows.map((r) => [
          html`<a href="/governance/delegation/${r.commissionerCode}">${r.commissionerName ?? r.commissionerCode} (${r.commissionerCode})</a>`,
          r.state.level === null ? 'None approved' : LEVEL_LABELS[r.state.level],
          String(r.state.grantedFunctions.length),
          r.state.contractHolderCode ?? 'Not known',
        ]),
      })
}`,
  });
}

function routeTag(state: DelegationState, fn: (typeof DELEGATED_FUNCTIONS)[number]): Html {
  const d = decideContractAction(state, fn);
  const t =
    d.route === 'act'
      ? tag('Acts (delegated)', 'green')
      : d.route === 'joint'
        ? tag('Jointly', 'blue')
        : tag(`Contract holder${state.contractHolderCode ? ` (${state.contractHolderCode})` : ''}`, 'grey');
  return html`${t}<br><span class="nhsuk-body-s">${d.reason}</span>`;
}

function requestForm(viewer: Viewer | null, code: string, problem: Problem | null): Html {
  const f = 'request';
  const v = (n: string, d = ''): string => keptValue(problem, f, n, d);
  return html`<h2>Ask for a level and functions</h2>
${postForm(
  viewer,
  `/governance/delegation/${code}/requests`,
  html`${select({ form: f, name: 'level', label: 'Level', value: v('level', '3'), problem, options: [1, 2, 3].map((l) => ({ value: String(l), text: LEVEL_LABELS[l as 1 | 2 | 3] })) })}
  ${textInput({ form: f, name: 'starts_on', label: 'From', hint: 'For example, 2027-04-01', value: v('starts_on'), width: 10, problem })}
  ${textInput({ form: f, name: 'ends_on', label: 'Until (optional)', value: v('ends_on'), width: 10, problem })}
  ${choices({ form: f, name: 'functions', legend: 'Functions asked for', hint: 'Only at level 2 or 3', type: 'checkbox', problem, items: DELEGATED_FUNCTIONS.map((fn) => ({ value: fn, text: FUNCTION_LABELS[fn], checked: false })) })}
  ${textArea({ form: f, name: 'note', label: 'Note (optional)', value: v('note'), rows: 2, problem })}`,
  'Send request',
)}`;
}

function decideForm(viewer: Viewer | null, p: DelegationPeriodRecord, problem: Problem | null): Html {
  const f = `decide-${p.id}`;
  return postForm(
    viewer,
    `/governance/delegation/requests/${p.id}/decision`,
    html`${choices({
      form: f,
      name: 'approve',
      legend: 'Decision',
      type: 'radio',
      problem,
      items: [
        { value: 'yes', text: 'Approve', checked: true },
        { value: 'no', text: 'Refuse', checked: false },
      ],
    })}
    ${p.functions.length ? choices({ form: f, name: 'functions', legend: 'Functions granted', type: 'checkbox', problem, items: p.functions.map((fn) => ({ value: fn.function, text: FUNCTION_LABELS[fn.function], checked: true })) }) : html``}
    ${textArea({ form: f, name: 'note', label: 'Note (optional)', value: '', rows: 2, problem })}`,
    'Record decision',
  );
}

export function delegationDetailPage(options: {
  viewer: Viewer | null;
  commissioner: Organisation;
  state: DelegationState;
  history: DelegationPeriodRecord[];
  canRequest: boolean;
  canDecide: boolean;
  showHistory: boolean;
  problem: Problem | null;
}): string {
  const { viewer, commissioner: c, state } = options;
  return page({
    title: `${options.problem ? 'Error: ' : ''}Delegation: ${c.name}`,
    viewer,
    breadcrumbs: [...GOVERNANCE_CRUMBS, { text: 'Delegation', href: '/governance/delegation' }],
    content: html`${problemSummary(options.problem)}
<span class="nhsuk-caption-l">Delegation</span>
<h1>${c.name} (${c.code})</h1>
${insetText(state.level === null ? 'No co-commissioning arrangement is approved today: every contract function stays with the contract holder.' : `${LEVEL_LABELS[state.level]}. Contract holder: NHS England ${state.contractHolderCode ?? ''}.`)}
${table({
  caption: 'Who takes each contract action today',
  head: ['Function', 'Who decides'],
  rows: DELEGATED_FUNCTIONS.map((fn) => [FUNCTION_LABELS[fn], routeTag(state, fn)]),
})}
${
  options.showHistory
    ? html`<h2>Requests and approvals</h2>${
        options.history.length === 0
          ? html`<p>No requests recorded.</p>`
          : options.history.map(
              (p) => html`<div class="nhsuk-card"><div class="nhsuk-card__content">
<h3 class="nhsuk-card__heading">${LEVEL_LABELS[p.level]}, from ${formatDate(p.startsOn)}${p.endsOn ? ` to ${formatDate(p.endsOn)}` : ''}</h3>
<p>${tag(p.status === 'approved' ? 'Approved' : p.status === 'refused' ? 'Refused' : 'Requested', p.status === 'approved' ? 'green' : p.status === 'refused' ? 'red' : 'orange')}
Requested by ${p.requestedBy} on ${formatDateTime(p.requestedAt)}${p.decidedBy && p.decidedAt ? `; ${p.status} by ${p.decidedBy} on ${formatDateTime(p.decidedAt)}` : ''}.</p>
${p.requestNote ? html`<p>Request: ${p.requestNote}</p>` : html``}
${p.decisionNote ? html`<p>Decision: ${p.decisionNote}</p>` : html``}
${p.functions.length ? html`<ul>${p.functions.map((fn) => html`<li>${FUNCTION_LABELS[fn.function]}: ${fn.status}${fn.decidedBy ? ` (by ${fn.decidedBy})` : ''}</li>`)}</ul>` : html`<p>No functions asked for.</p>`}
${p.status === 'requested' && options.canDecide ? decideForm(viewer, p, options.problem) : html``}
</div></div>`,
            )
      }`
    : html``
}
${options.canRequest ? requestForm(viewer, c.code, options.problem) : html``}`,
  });
}
