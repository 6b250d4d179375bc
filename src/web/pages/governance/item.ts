/** One agenda item: concerns, papers, recusals, quorum, votes, and the decision. */
import type { ItemView } from '../../../app/governance/items.ts';
import { CONCERN_LABELS } from '../../../app/governance/meetings.ts';
import { MEMBER_ROLE_LABELS } from '../../../domain/governance/committee-rules.ts';
import { FUNCTION_LABELS, isDelegatedFunction } from '../../../domain/governance/delegation.ts';
import { formatDateTime, insetText, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import { choices, type Problem, paragraphs, postForm, problemSummary, select, textArea } from './forms.ts';
import { GOVERNANCE_CRUMBS } from './index.ts';

function contractPanel(v: ItemView): Html {
  if (!v.contract) return html``;
  const fn = v.item.delegated_function;
  const label = fn && isDelegatedFunction(fn) ? FUNCTION_LABELS[fn] : fn;
  if (v.contract.route === 'contract_holder') {
    return html`<div class="nhsuk-warning-callout"><h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>The contract holder decides this</span></h2>
<p>This item needs ${label}. ${v.contract.reason}. The committee can only make a recommendation, which is recorded as such.</p></div>`;
  }
  return insetText(`This item needs ${label}: ${v.contract.reason}.`);
}

function quorumPanel(v: ItemView): Html {
  const q = v.quorum;
  return html`<h2>Quorum</h2>
<p>${q.quorate ? tag('Quorate', 'green') : tag('Not quorate', 'red')}
${q.counted} of ${q.votingMembers} voting members are present and not recused; the quorum is ${q.threshold}.</p>
${q.reasons.length ? html`<ul>${q.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : html``}
${v.composition.ok ? html`` : html`<p>${tag('Cannot decide', 'red')} The committee breaks its composition rules: ${v.composition.problems.join('; ')}.</p>`}`;
}

function recusalsPanel(v: ItemView): Html {
  const name = (id: number): string => v.members.find((m) => m.id === id)?.name ?? 'A member';
  return html`<h2>Recusals</h2>
${
  v.recusals.length === 0
    ? html`<p>No member is recused from this item.</p>`
    : table({
        caption: 'Members recused from this item',
        captionHidden: true,
        head: ['Member', 'Why', 'Status'],
        rows: v.recusals.map((r) => [
          name(r.memberId),
          `${r.source === 'automatic' ? 'Automatic: ' : ''}${r.reason}`,
          r.override
            ? html`${tag('Overridden', 'orange')} by ${r.override.overriddenBy}, ${formatDateTime(r.override.overriddenAt)}: ${r.override.reason}`
            : html`${tag('Recused', 'red')} Cannot vote; counted as absent`,
        ]),
      })
}`;
}

function votesPanel(v: ItemView): Html {
  const name = (id: number): string => v.members.find((m) => m.id === id)?.name ?? 'A member';
  const counted = new Set(v.quorum.countedMemberIds);
  return html`<h2>Votes</h2>
${
  v.votes.length === 0
    ? html`<p>No votes recorded.</p>`
    : table({
        caption: 'Votes recorded',
        captionHidden: true,
        head: ['Member', 'Vote', 'Recorded'],
        rows: v.votes.map((x) => [
          name(x.memberId),
          html`${x.choice === 'for' ? 'For' : x.choice === 'against' ? 'Against' : 'Abstain'}${counted.has(x.memberId) ? html`` : html` ${tag('Not counted', 'grey')}`}`,
          `${x.recordedBy}, ${formatDateTime(x.recordedAt)}`,
        ]),
      })
}
<p>Counted: ${v.tally.for} for, ${v.tally.against} against, ${v.tally.abstain} abstaining.</p>`;
}

const VOTE_ITEMS = [
  { value: 'for', text: 'For', checked: false },
  { value: 'against', text: 'Against', checked: false },
  { value: 'abstain', text: 'Abstain', checked: false },
];

function forms(viewer: Viewer, v: ItemView, problem: Problem | null): Html {
  if (v.decision) return html``;
  const action = `/governance/items/${v.item.id}`;
  const eligible = v.members.filter((m) => m.voting && !v.recused.has(m.id) && v.present.has(m.id));
  const notRecused = v.members.filter((m) => !v.recused.has(m.id));
  const recused = v.recusals.filter((r) => r.override === null);
  const parts: Html[] = [];
  if (v.canVote) {
    parts.push(
      html`<h2>Your vote</h2>${postForm(viewer, `${action}/votes`, choices({ form: 'vote', name: 'choice', legend: 'How do you vote?', type: 'radio', problem, items: VOTE_ITEMS }), 'Cast vote')}`,
    );
  } else if (v.viewerMember && v.recused.has(v.viewerMember.id)) {
    parts.push(
      insetText(
        'You are recused from this item: you cannot vote, you count as absent, and you see what observers see.',
      ),
    );
  }
  if (v.canManage) {
    parts.push(html`<h2>Record a vote given at the meeting</h2>
<p>Only voting members who are present and not recused are listed.</p>
${postForm(
  viewer,
  `${action}/votes`,
  html`${select({ form: 'record-vote', name: 'member_id', label: 'Member', value: '', problem, options: eligible.map((m) => ({ value: String(m.id), text: `${m.name} (${MEMBER_ROLE_LABELS[m.role]})` })) })}
  ${choices({ form: 'record-vote', name: 'choice', legend: 'Vote', type: 'radio', problem, items: VOTE_ITEMS })}`,
  'Record vote',
)}`);
  }
  if (v.canChair) {
    parts.push(html`<h2>Recuse a member</h2>
${postForm(
  viewer,
  `${action}/recusals`,
  html`${select({ form: 'recuse', name: 'member_id', label: 'Member', value: '', problem, options: notRecused.map((m) => ({ value: String(m.id), text: m.name })) })}
  ${textArea({ form: 'recuse', name: 'reason', label: 'Reason', value: '', rows: 2, problem })}`,
  'Recuse member',
  true,
)}`);
    if (recused.length) {
      parts.push(html`<h2>Override a recusal</h2>
<p>An override is recorded with its reason, shown on this item and in the decision log, and kept in the audit log.</p>
${postForm(
  viewer,
  `${action}/recusals/override`,
  html`${select({ form: 'override', name: 'member_id', label: 'Member', value: '', problem, options: recused.map((r) => ({ value: String(r.memberId), text: v.members.find((m) => m.id === r.memberId)?.name ?? '' })) })}
  ${textArea({ form: 'override', name: 'reason', label: 'Reason for the override', value: '', rows: 2, problem })}`,
  'Override recusal',
  true,
)}`);
    }
  }
  if (v.canManage || v.canChair) {
    parts.push(html`<h2>Record the decision</h2>
${v.quorum.quorate && v.composition.ok ? html`` : html`<p>${tag('Cannot decide', 'red')} The item is not quorate or the committee breaks its rules (see above).</p>`}
${postForm(
  viewer,
  `${action}/decision`,
  html`${textArea({ form: 'decision', name: 'decision_text', label: 'Decision as minuted', value: '', rows: 3, problem })}
  ${choices({ form: 'decision', name: 'public', legend: 'Publication', type: 'checkbox', problem, items: [{ value: 'yes', text: 'Publish in the decision log', checked: true }] })}`,
  'Record decision',
)}`);
  }
  return html`${parts}`;
}

export function itemPage(options: { viewer: Viewer; item: ItemView; problem: Problem | null }): string {
  const { viewer, item: v, problem } = options;
  const d = v.decision;
  return page({
    title: `${problem ? 'Error: ' : ''}${v.item.title}`,
    viewer,
    breadcrumbs: [
      ...GOVERNANCE_CRUMBS,
      { text: v.committee.name, href: `/governance/committees/${v.committee.id}` },
      { text: v.meeting.title, href: `/governance/meetings/${v.meeting.id}` },
    ],
    content: html`${problemSummary(problem)}
<span class="nhsuk-caption-l">${v.meeting.title}, item ${v.item.position}</span>
<h1>${v.item.title}</h1>
<p>Concerns: ${CONCERN_LABELS[v.item.concern_kind]}${v.organisationCodes.length ? html` (${v.organisationCodes.map((c, i) => html`${i ? ', ' : ''}<a href="/practices/${c}">${c}</a>`)})` : html``}${v.providerNames.length ? `; ${v.providerNames.join(', ')}` : ''}${v.item.concern_ref ? `; ${v.item.concern_ref}` : ''}.</p>
${contractPanel(v)}
<h2>Paper</h2>
${v.item.paper ? paragraphs(v.item.paper) : html`<p>No paper.</p>`}
${
  v.item.confidential_paper
    ? v.showConfidential
      ? html`<h2>Confidential paper</h2>${paragraphs(v.item.confidential_paper)}`
      : html`<p>${tag('Confidential', 'grey')} A confidential paper is available to voting members who are not recused.</p>`
    : html``
}
${recusalsPanel(v)}
${quorumPanel(v)}
${votesPanel(v)}
${
  d
    ? html`<h2>Decision</h2>
<p>${d.outcome === 'carried' ? tag('Carried', 'green') : tag('Not carried', 'red')} ${d.route === 'contract_holder' ? tag('Recommendation to the contract holder', 'orange') : html``}</p>
<p>${d.decision_text}</p>
<p class="nhsuk-body-s">Recorded by ${d.decided_by}, ${formatDateTime(d.decided_at)}: ${d.votes_for} for, ${d.votes_against} against, ${d.abstentions} abstaining. Authority: ${d.route_reason}.</p>`
    : forms(viewer, v, problem)
}`,
  });
}
