/** A meeting: attendance, the agenda, and (once written) the minutes; and the public minutes page. */
import { CONCERN_KINDS, CONCERN_LABELS, type MeetingView } from '../../../app/governance/meetings.ts';
import type { PublicMinutes } from '../../../app/governance/public-record.ts';
import { DELEGATED_FUNCTIONS, FUNCTION_LABELS } from '../../../domain/governance/delegation.ts';
import { formatDate, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import { decisionsList } from './decisions.ts';
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

function itemForm(viewer: Viewer | null, m: MeetingView, problem: Problem | null): Html {
  const f = 'item';
  const v = (n: string, d = ''): string => keptValue(problem, f, n, d);
  return html`<h2>Add an agenda item</h2>
${postForm(
  viewer,
  `/governance/meetings/${m.meeting.id}/items`,
  html`${textInput({ form: f, name: 'title', label: 'Title', value: v('title'), problem })}
  ${select({ form: f, name: 'concern_kind', label: 'The item concerns', value: v('concern_kind', 'practices'), problem, options: CONCERN_KINDS.map((k) => ({ value: k, text: CONCERN_LABELS[k] })) })}
  ${textInput({ form: f, name: 'organisation_codes', label: 'Practices or providers concerned (ODS codes)', hint: 'Separated by commas, for example A81001, A81002. Members with a declared interest in them are recused automatically.', value: v('organisation_codes'), width: 30, problem })}
  ${textArea({ form: f, name: 'provider_names', label: 'Providers concerned without a code (one a line)', value: v('provider_names'), rows: 2, problem })}
  ${textInput({ form: f, name: 'concern_ref', label: 'Scheme, agreement or concern reference (optional)', value: v('concern_ref'), problem })}
  ${select({ form: f, name: 'delegated_function', label: 'Contract function the decision needs', value: v('delegated_function'), problem, options: [{ value: '', text: 'None' }, ...DELEGATED_FUNCTIONS.map((fn) => ({ value: fn, text: FUNCTION_LABELS[fn] }))] })}
  ${textArea({ form: f, name: 'paper', label: 'Paper (observers read it too)', value: v('paper'), problem })}
  ${textArea({ form: f, name: 'confidential_paper', label: 'Confidential paper (voting members only, optional)', value: v('confidential_paper'), problem })}`,
  'Add item',
)}`;
}

function attendanceForm(viewer: Viewer | null, m: MeetingView, problem: Problem | null): Html {
  return html`<h2>Record attendance</h2>
${postForm(
  viewer,
  `/governance/meetings/${m.meeting.id}/attendance`,
  choices({
    form: 'attendance',
    name: 'present',
    legend: 'Present at the meeting',
    type: 'checkbox',
    problem,
    items: m.members.map((x) => ({ value: String(x.id), text: x.name, checked: m.present.has(x.id) })),
  }),
  'Save attendance',
  true,
)}`;
}

function minutesForm(viewer: Viewer | null, m: MeetingView, problem: Problem | null): Html {
  return html`<h2>Minutes</h2>
${postForm(
  viewer,
  `/governance/meetings/${m.meeting.id}/minutes`,
  textArea({
    form: 'minutes',
    name: 'minutes',
    label: 'Minutes for publication',
    value: keptValue(problem, 'minutes', 'minutes', m.meeting.minutes ?? ''),
    rows: 6,
    problem,
  }),
  m.meeting.minutes_published_at ? 'Publish corrected minutes' : 'Publish minutes',
  true,
)}`;
}

export function meetingPage(options: {
  viewer: Viewer;
  meeting: MeetingView;
  canManage: boolean;
  problem: Problem | null;
}): string {
  const { viewer, meeting: m, problem } = options;
  return page({
    title: `${problem ? 'Error: ' : ''}${m.meeting.title}`,
    viewer,
    breadcrumbs: [
      ...GOVERNANCE_CRUMBS,
      { text: m.committee.name, href: `/governance/committees/${m.committee.id}` },
    ],
    content: html`${problemSummary(problem)}
<span class="nhsuk-caption-l">${m.committee.name}</span>
<h1>${m.meeting.title}</h1>
<p>${formatDate(m.meeting.held_on)}${m.meeting.location ? `, ${m.meeting.location}` : ''}.
${m.meeting.minutes_published_at ? html`<a href="/governance/meetings/${m.meeting.id}/minutes">Published minutes</a>.` : html``}</p>
<h2>Agenda</h2>
${
  m.agenda.length === 0
    ? html`<p>No items yet.</p>`
    : table({
        caption: 'Agenda items',
        captionHidden: true,
        head: ['Item', 'Concerns', 'Status'],
        rows: m.agenda.map((a) => [
          html`${a.position}. <a href="/governance/items/${a.id}">${a.title}</a>`,
          a.organisationCodes.length ? a.organisationCodes.join(', ') : CONCERN_LABELS[a.concernKind],
          a.decided ? tag('Decided', 'green') : tag('Open', 'blue'),
        ]),
      })
}
<h2>Attendance</h2>
${
  m.attendanceRecorded
    ? html`<ul>${m.members.map((x) => html`<li>${x.name}: ${m.present.has(x.id) ? 'present' : 'absent'}</li>`)}</ul>`
    : html`<p>Attendance has not been recorded.</p>`
}
${options.canManage ? html`${itemForm(viewer, m, problem)}${attendanceForm(viewer, m, problem)}${minutesForm(viewer, m, problem)}` : html``}`,
  });
}

export function publicMinutesPage(viewer: Viewer | null, m: PublicMinutes): string {
  return page({
    title: `Minutes: ${m.title}`,
    viewer,
    breadcrumbs: [...GOVERNANCE_CRUMBS, { text: 'Decision log', href: '/governance/decisions' }],
    content: html`<span class="nhsuk-caption-l">${m.committeeName}</span>
<h1>Minutes: ${m.title}</h1>
<p>${formatDate(m.heldOn)}${m.location ? `, ${m.location}` : ''}. Published ${formatDate(m.publishedAt.toISOString())}.</p>
<h2>Agenda</h2>
<ol>${m.agenda.map((a) => html`<li>${a.title}</li>`)}</ol>
<h2>Minutes</h2>
${paragraphs(m.minutes)}
<h2>Decisions</h2>
${decisionsList(m.decisions, false)}`,
  });
}
