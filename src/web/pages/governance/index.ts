/** The governance home: committees, delegation, the register of interests and the decision log. */
import type { CommitteeSummary } from '../../../app/governance/committees.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import { actionLink } from '../shared.ts';
import { choices, keptValue, type Problem, postForm, problemSummary, textArea, textInput } from './forms.ts';

export const GOVERNANCE_CRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Governance', href: '/governance' },
];

function createForm(viewer: Viewer | null, problem: Problem | null): Html {
  const f = 'committee';
  const v = (name: string, fallback = ''): string => keptValue(problem, f, name, fallback);
  return html`<h2>Set up a committee</h2>
${postForm(
  viewer,
  '/governance/committees',
  html`${textInput({ form: f, name: 'name', label: 'Name', value: v('name'), problem })}
  ${textInput({ form: f, name: 'organisation_code', label: 'Commissioner (sub-ICB location or ICB code)', hint: 'For example, 16C', value: v('organisation_code'), width: 10, problem })}
  ${textArea({ form: f, name: 'terms_of_reference', label: 'Terms of reference', value: v('terms_of_reference'), problem })}
  ${textInput({ form: f, name: 'quorum_minimum', label: 'Quorum (voting members)', hint: 'Leave empty for the default: a majority of the voting members', value: v('quorum_minimum'), width: 10, problem })}
  ${choices({
    form: f,
    name: 'quorum_rules',
    legend: 'The quorum also needs',
    type: 'checkbox',
    problem,
    items: [
      { value: 'chair', text: 'the chair or deputy chair', checked: true },
      { value: 'lay', text: 'at least one lay member', checked: true },
    ],
  })}`,
  'Set up committee',
)}`;
}

export function governanceIndexPage(options: {
  viewer: Viewer | null;
  committees: CommitteeSummary[];
  canCreate: boolean;
  canDeclare: boolean;
  canViewRegister: boolean;
  problem: Problem | null;
}): string {
  const { viewer, committees } = options;
  return page({
    title: options.problem ? 'Error: Governance' : 'Governance',
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`${problemSummary(options.problem)}
<h1>Governance</h1>
<p class="nhsuk-lede-text">Who decides for primary care, with what authority, and with which interests declared.</p>
${actionLink('/governance/decisions', 'Decision log (published decisions)')}
${actionLink('/governance/register', 'Register of interests')}
${actionLink('/governance/delegation', 'Delegation: who holds which GP contract functions')}
${options.canDeclare ? actionLink('/governance/register/mine', 'Declare your interests') : html``}
${options.canViewRegister ? actionLink('/governance/register/reviews', 'Declarations due for their yearly review') : html``}
<h2>Committees</h2>
${
  committees.length === 0
    ? html`<p>No committees have been set up.</p>`
    : html`<ul class="nhsuk-list nhsuk-list--bullet">${committees.map(
        (c) =>
          html`<li>${viewer ? html`<a href="/governance/committees/${c.id}">${c.name}</a>` : c.name} (${c.organisationName ?? c.organisationCode})</li>`,
      )}</ul>
${viewer ? html`` : html`<p><a href="/sign-in?next=/governance">Sign in</a> to see agendas and papers. Decisions and minutes are published for everyone.</p>`}`
}
${options.canCreate ? createForm(viewer, options.problem) : html``}`,
  });
}
