/** The register of interests: the published register, one's own declarations, and overdue reviews. */
import type { RegisterEntry, ReviewReminder } from '../../../app/governance/interests.ts';
import type { PersonRef } from '../../../app/governance/people.ts';
import { INTEREST_KINDS, INTEREST_LABELS } from '../../../domain/governance/interests.ts';
import { formatDate, insetText, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import { keptValue, type Problem, postForm, problemSummary, select, textArea, textInput } from './forms.ts';
import { GOVERNANCE_CRUMBS } from './index.ts';

const REGISTER_CRUMBS = [
  ...GOVERNANCE_CRUMBS,
  { text: 'Register of interests', href: '/governance/register' },
];

function interestOf(e: RegisterEntry): string {
  return [e.organisationCode, e.providerName].filter(Boolean).join(', ') || '–';
}

function period(e: RegisterEntry): string {
  if (!e.startsOn && !e.endsOn) return 'Not stated';
  return `${e.startsOn ? formatDate(e.startsOn) : '…'} to ${e.endsOn ? formatDate(e.endsOn) : 'date'}`;
}

function entriesTable(caption: string, entries: RegisterEntry[], withPrivate: boolean): Html {
  return table({
    caption,
    scrollable: true,
    head: [
      'Name',
      'Interest',
      'In',
      'Description',
      'Period',
      'Declared',
      ...(withPrivate ? ['Private note'] : []),
    ],
    rows: entries.map((e) => [
      e.personName,
      e.kind === 'nil' ? tag('Nil return', 'grey') : INTEREST_LABELS[e.kind],
      interestOf(e),
      e.description,
      e.kind === 'nil' ? '–' : period(e),
      formatDate(e.declaredAt.toISOString()),
      ...(withPrivate ? [e.privateNote ?? ''] : []),
    ]),
  });
}

export function registerPage(viewer: Viewer | null, entries: RegisterEntry[]): string {
  return page({
    title: 'Register of interests',
    viewer,
    breadcrumbs: GOVERNANCE_CRUMBS,
    content: html`<h1>Register of interests</h1>
<p>Committee members and everyone with decision rights declare their interests: partnerships and employment in practices, roles in primary care networks, financial interests in providers, family links and anything else. A nil return is recorded too. Declarations are reviewed every year.</p>
<p><a href="/governance/register.csv" download>Download the register (CSV)</a></p>
${entries.length === 0 ? html`<p>Nothing has been declared yet.</p>` : entriesTable('Declarations', entries, false)}`,
  });
}

function declarationFields(f: string, problem: Problem | null, people: PersonRef[] | null): Html {
  const v = (n: string, d = ''): string => keptValue(problem, f, n, d);
  return html`${people ? select({ form: f, name: 'person_id', label: 'Person', value: v('person_id'), problem, options: people.map((p) => ({ value: String(p.id), text: p.name })) }) : html``}
  ${select({ form: f, name: 'kind', label: 'Kind of interest', value: v('kind', 'practice_partnership'), problem, options: INTEREST_KINDS.map((k) => ({ value: k, text: INTEREST_LABELS[k] })) })}
  ${textInput({ form: f, name: 'organisation_code', label: 'Practice, PCN or provider code (ODS)', hint: 'For example, A81001 or U89141. Needed for partnerships, employment and PCN roles.', value: v('organisation_code'), width: 10, problem })}
  ${textInput({ form: f, name: 'provider_name', label: 'Provider name (when it has no code you know)', value: v('provider_name'), width: 30, problem })}
  ${textArea({ form: f, name: 'description', label: 'Description', hint: 'Published in the register', value: v('description'), rows: 2, problem })}
  ${textArea({ form: f, name: 'private_note', label: 'Private note (optional)', hint: 'Not published: for example, a relative’s name', value: v('private_note'), rows: 2, problem })}
  ${textInput({ form: f, name: 'starts_on', label: 'From (optional)', hint: 'For example, 2015-04-01', value: v('starts_on'), width: 10, problem })}
  ${textInput({ form: f, name: 'ends_on', label: 'Until (optional)', value: v('ends_on'), width: 10, problem })}`;
}

export function myInterestsPage(options: {
  viewer: Viewer;
  entries: RegisterEntry[];
  lastReviewed: string | null;
  dueOn: string | null;
  problem: Problem | null;
  /** The secretariat may record for anyone on the register. */
  people: PersonRef[] | null;
}): string {
  const { viewer, problem } = options;
  return page({
    title: `${problem ? 'Error: ' : ''}Your declarations of interest`,
    viewer,
    breadcrumbs: REGISTER_CRUMBS,
    content: html`${problemSummary(problem)}
<h1>Your declarations of interest</h1>
${insetText(options.lastReviewed ? `You last declared or confirmed your interests on ${formatDate(options.lastReviewed)}; your next review is due by ${formatDate(options.dueOn)}.` : 'You have not declared your interests yet.')}
${options.entries.length ? entriesTable('Your declarations', options.entries, true) : html`<p>You have made no declarations.</p>`}
<h2>Declare an interest</h2>
${postForm(viewer, '/governance/register/declarations', declarationFields('declare', problem, null), 'Declare interest')}
<h2>Nothing to declare</h2>
${postForm(viewer, '/governance/register/declarations', html`<input type="hidden" name="kind" value="nil">`, 'Make a nil return', true)}
<h2>Yearly review</h2>
${postForm(viewer, '/governance/register/review', html`<p>Confirm that your declarations above are complete and correct.</p>`, 'Confirm my declarations', true)}
${
  options.people
    ? html`<h2>Record a declaration for someone else</h2>
<p>For committee members without a Fairview account, from their signed declaration form.</p>
${postForm(viewer, '/governance/register/declarations', declarationFields('record', problem, options.people), 'Record declaration')}`
    : html``
}`,
  });
}

const STATUS: Record<ReviewReminder['review']['status'], [string, 'red' | 'orange' | 'grey' | 'green']> = {
  never: ['Never declared', 'red'],
  overdue: ['Overdue', 'red'],
  due_soon: ['Due soon', 'orange'],
  current: ['Current', 'green'],
};

export function reviewsPage(viewer: Viewer, reminders: ReviewReminder[], full: RegisterEntry[]): string {
  return page({
    title: 'Declarations due for review',
    viewer,
    breadcrumbs: REGISTER_CRUMBS,
    content: html`<h1>Declarations due for review</h1>
<p>Everyone who must declare (committee members and holders of roles with decision rights) and whose yearly review is overdue, due within 30 days, or who has never declared. The same list feeds the reminders.</p>
${
  reminders.length === 0
    ? html`<p>Every declaration is up to date.</p>`
    : table({
        caption: 'Reviews to chase',
        head: ['Name', 'Status', 'Last declared or confirmed', 'Due', 'Why they declare', 'Account'],
        rows: reminders.map((r) => [
          r.name,
          tag(STATUS[r.review.status][0], STATUS[r.review.status][1]),
          r.lastReviewed ? formatDate(r.lastReviewed) : 'Never',
          r.review.dueOn ? formatDate(r.review.dueOn) : 'Now',
          r.because.join('; '),
          r.username ?? 'No account',
        ]),
      })
}
<h2>Full register</h2>
${full.length ? entriesTable('Every declaration, with private notes', full, true) : html`<p>Nothing declared.</p>`}`,
  });
}
