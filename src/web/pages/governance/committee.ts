/** A committee: terms of reference, quorum, members, whether it may decide, and its meetings. */
import type { CommitteeView } from '../../../app/governance/committees.ts';
import {
  MEMBER_ROLE_LABELS,
  MEMBER_ROLES,
  OBSERVER_BODIES,
  OBSERVER_BODY_LABELS,
  POSITION_LABELS,
  POSITIONS,
  quorumThreshold,
} from '../../../domain/governance/committee-rules.ts';
import { formatDate, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import {
  choices,
  keptValue,
  type Problem,
  paragraphs,
  postForm,
  problemSummary,
  select,
  textArea,
  textInput,
} from './forms.ts';
import { GOVERNANCE_CRUMBS } from './index.ts';

function compositionPanel(c: CommitteeView): Html {
  if (c.composition.ok) {
    return html`<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p>The committee meets its composition rules and can take decisions: a lay chair, and lay and executive members hold a majority of the votes.</p></div>`;
  }
  return html`<div class="nhsuk-warning-callout"><h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>This committee cannot take decisions</span></h2>
<p>Its membership breaks the composition rules:</p>
<ul>${c.composition.problems.map((p) => html`<li>${p}</li>`)}</ul></div>`;
}

function quorumText(c: CommitteeView): string {
  const voting = c.members.filter((m) => m.voting).length;
  const n = quorumThreshold(c.quorum, voting);
  const parts = [`${n} of ${voting} voting members${c.quorum.minimumVoting === null ? ' (a majority)' : ''}`];
  if (c.quorum.requireChairOrDeputy) parts.push('including the chair or deputy chair');
  if (c.quorum.requireLay) parts.push('and at least one lay member');
  return `${parts.join(', ')}. Recused members count as absent.`;
}

function memberForm(viewer: Viewer | null, c: CommitteeView, problem: Problem | null): Html {
  const f = 'member';
  const v = (n: string, d = ''): string => keptValue(problem, f, n, d);
  return html`<h2>Add a member</h2>
${postForm(
  viewer,
  `/governance/committees/${c.id}/members`,
  html`${textInput({ form: f, name: 'name', label: 'Name', value: v('name'), problem })}
  ${textInput({ form: f, name: 'username', label: 'Fairview account (optional)', hint: 'Their username, to link their votes and declarations', value: v('username'), width: 20, problem })}
  ${select({ form: f, name: 'role', label: 'Role', value: v('role', 'lay'), problem, options: MEMBER_ROLES.map((r) => ({ value: r, text: MEMBER_ROLE_LABELS[r] })) })}
  ${select({ form: f, name: 'observer_body', label: 'Body represented (observers)', value: v('observer_body', 'healthwatch'), problem, options: OBSERVER_BODIES.map((b) => ({ value: b, text: OBSERVER_BODY_LABELS[b] })) })}
  ${select({ form: f, name: 'position', label: 'Position', value: v('position', 'member'), problem, options: POSITIONS.map((p) => ({ value: p, text: POSITION_LABELS[p] })) })}
  ${choices({ form: f, name: 'voting', legend: 'Voting', type: 'checkbox', problem, items: [{ value: 'yes', text: 'Has a vote (never for observers)', checked: true }] })}
  ${textInput({ form: f, name: 'starts_on', label: 'Member from', hint: 'For example, 2026-04-01', value: v('starts_on'), width: 10, problem })}`,
  'Add member',
)}`;
}

function termsForm(viewer: Viewer | null, c: CommitteeView, problem: Problem | null): Html {
  const f = 'terms';
  return html`<h2>Change the terms of reference or quorum</h2>
${postForm(
  viewer,
  `/governance/committees/${c.id}/terms`,
  html`${textArea({ form: f, name: 'terms_of_reference', label: 'Terms of reference', value: keptValue(problem, f, 'terms_of_reference', c.termsOfReference), rows: 6, problem })}
  ${textInput({ form: f, name: 'quorum_minimum', label: 'Quorum (voting members)', hint: 'Leave empty for the default: a majority of the voting members', value: keptValue(problem, f, 'quorum_minimum', c.quorum.minimumVoting === null ? '' : String(c.quorum.minimumVoting)), width: 10, problem })}
  ${choices({
    form: f,
    name: 'quorum_rules',
    legend: 'The quorum also needs',
    type: 'checkbox',
    problem,
    items: [
      { value: 'chair', text: 'the chair or deputy chair', checked: c.quorum.requireChairOrDeputy },
      { value: 'lay', text: 'at least one lay member', checked: c.quorum.requireLay },
    ],
  })}`,
  'Save terms',
  true,
)}`;
}

function meetingForm(viewer: Viewer | null, c: CommitteeView, problem: Problem | null): Html {
  const f = 'meeting';
  const v = (n: string, d = ''): string => keptValue(problem, f, n, d);
  return html`<h2>Arrange a meeting</h2>
${postForm(
  viewer,
  `/governance/committees/${c.id}/meetings`,
  html`${textInput({ form: f, name: 'title', label: 'Title', value: v('title'), problem })}
  ${textInput({ form: f, name: 'held_on', label: 'Date', hint: 'For example, 2027-01-14', value: v('held_on'), width: 10, problem })}
  ${textInput({ form: f, name: 'location', label: 'Place (optional)', value: v('location'), problem })}`,
  'Arrange meeting',
)}`;
}

export function committeePage(options: {
  viewer: Viewer;
  committee: CommitteeView;
  canManage: boolean;
  problem: Problem | null;
}): string {
  const { viewer, committee: c, problem } = options;
  return page({
    title: `${problem ? 'Error: ' : ''}${c.name}`,
    viewer,
    breadcrumbs: GOVERNANCE_CRUMBS,
    content: html`${problemSummary(problem)}
<span class="nhsuk-caption-l">Committee of ${c.organisationName ?? c.organisationCode}</span>
<h1>${c.name}</h1>
${compositionPanel(c)}
<h2>Terms of reference</h2>
${c.termsOfReference ? paragraphs(c.termsOfReference) : html`<p>None recorded.</p>`}
<p><strong>Quorum:</strong> ${quorumText(c)}</p>
<h2>Members</h2>
${table({
  caption: 'Members and observers',
  captionHidden: true,
  head: ['Name', 'Role', 'Position', 'Vote', 'Since'],
  rows: c.members.map((m) => [
    m.name,
    m.role === 'observer' && m.observerBody
      ? `Observer: ${OBSERVER_BODY_LABELS[m.observerBody]}`
      : MEMBER_ROLE_LABELS[m.role],
    POSITION_LABELS[m.position],
    m.voting ? tag('Voting', 'green') : tag('No vote', 'grey'),
    formatDate(m.startsOn),
  ]),
})}
<h2>Meetings</h2>
${
  c.meetings.length === 0
    ? html`<p>No meetings yet.</p>`
    : html`<ul class="nhsuk-list">${c.meetings.map(
        (m) =>
          html`<li><a href="/governance/meetings/${m.id}">${m.title}</a>, ${formatDate(m.heldOn)}${m.minutesPublished ? html` (<a href="/governance/meetings/${m.id}/minutes">published minutes</a>)` : html``}</li>`,
      )}</ul>`
}
${options.canManage ? html`${meetingForm(viewer, c, problem)}${memberForm(viewer, c, problem)}${termsForm(viewer, c, problem)}` : html``}`,
  });
}
