/** Pages for member consultations: the list, one consultation (voting, then results), and the form. */
import type { ConsultationSummary, ConsultationView } from '../../../app/agreements/consultations.ts';
import type { ConsultationPhase } from '../../../domain/agreements/consultation.ts';
import {
  errorSummary,
  formatDate,
  formatDateTime,
  formatNumber,
  insetText,
  summaryList,
  table,
  tag,
} from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { type Crumb, csrfField, page, type Viewer } from '../../layout.ts';
import { type FormState, radios, textArea, textField } from './parts.ts';

const crumbs = (): Crumb[] => [
  { text: 'Home', href: '/' },
  { text: 'Consultations', href: '/consultations' },
];

const PHASE_LABELS: Record<ConsultationPhase, string> = {
  not_yet_open: 'Not yet open',
  open: 'Open for voting',
  closed: 'Closed',
};

function phaseTag(phase: ConsultationPhase): Html {
  return tag(PHASE_LABELS[phase], phase === 'open' ? 'green' : phase === 'closed' ? 'grey' : 'blue');
}

export function consultationsListPage(
  viewer: Viewer,
  list: ConsultationSummary[],
  canCreate: boolean,
): string {
  return page({
    title: 'Member consultations',
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<h1>Member consultations</h1>
<p>Proposals a commissioner puts to its member practices. Each practice has one vote; results by option are shown when voting closes.</p>
${canCreate ? html`<p><a class="nhsuk-button" href="/consultations/new">Start a consultation</a></p>` : html``}
${
  list.length === 0
    ? html`<p>No consultations yet.</p>`
    : table({
        caption: 'Consultations',
        captionHidden: true,
        head: ['Consultation', 'Commissioner', 'Voting', 'Status'],
        rows: list.map((c) => [
          html`<a href="/consultations/${c.id}">${c.title}</a>`,
          `${c.commissionerName} (${c.commissionerCode})`,
          `${formatDate(c.opensOn)} to ${formatDate(c.closesOn)}`,
          phaseTag(c.phase),
        ]),
      })
}
<p><a href="/agreements">Inter-practice agreements</a></p>`,
  });
}

export interface ConsultationPageOptions {
  viewer: Viewer;
  view: ConsultationView;
  /** Practices the viewer may still vote for (open consultations only). */
  voteFor: { code: string; name: string }[];
  form?: FormState;
  problem?: string | null;
}

function results(v: ConsultationView): Html {
  if (!v.results) {
    return html`<h2>Results</h2>
<p>Results by option are shown when voting closes on ${formatDate(v.closesOn)}, so that early counts cannot sway practices that have yet to vote.</p>
<p>${formatNumber(v.votesCast)} of ${formatNumber(v.electorate)} member practices have voted so far.</p>`;
  }
  const r = v.results;
  return html`<h2>Results</h2>
<p class="nhsuk-body-l" id="turnout"><strong>Turnout: ${formatNumber(r.votesCast)} of ${formatNumber(r.electorate)} member practices voted${r.turnoutPercent === null ? '' : `, ${r.turnoutPercent}%`}</strong></p>
${table({
  caption: 'Votes by option',
  head: ['Option', 'Votes', 'Share of votes cast'],
  numeric: [1, 2],
  rows: r.options.map((o) => [
    o.option,
    formatNumber(o.votes),
    o.percent === null ? 'No votes' : `${o.percent}%`,
  ]),
})}
<p>${
    r.leading.length === 0
      ? 'No votes were cast.'
      : r.leading.length === 1
        ? html`Most votes: <strong>${r.leading[0]}</strong>.`
        : html`Tied for most votes: ${r.leading.join('; ')}.`
  }</p>`;
}

function voteForm(o: ConsultationPageOptions): Html {
  if (o.view.phase !== 'open' || o.voteFor.length === 0) return html``;
  const form = o.form ?? { values: {}, errors: [] };
  const single = o.voteFor.length === 1 ? o.voteFor[0]! : null;
  return html`<h2 id="vote">Vote for your practice</h2>
<p>Each practice has one vote. It is recorded with your name and the role you hold for the practice, and it cannot be changed.</p>
<form action="/consultations/${o.view.id}/vote" method="post" novalidate>
  ${csrfField(o.viewer)}
  ${
    single
      ? html`<input type="hidden" name="practice_code" value="${single.code}"><p>Voting for <strong>${single.name} (${single.code})</strong>.</p>`
      : radios({
          name: 'practice_code',
          legend: 'Which practice are you voting for?',
          choices: o.voteFor.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` })),
          form,
        })
  }
  ${radios({
    name: 'option',
    legend: o.view.question,
    choices: o.view.options.map((label, i) => ({ value: String(i), label })),
    form,
  })}
  <button class="nhsuk-button" data-module="nhsuk-button" type="submit">Cast the practice’s vote</button>
</form>`;
}

export function consultationPage(o: ConsultationPageOptions): string {
  const v = o.view;
  const own = v.practiceVotes.filter((p) => p.option !== null);
  return page({
    title: v.title,
    viewer: o.viewer,
    breadcrumbs: crumbs(),
    content: html`${o.form ? errorSummary(o.form.errors) : html``}
${o.problem ? html`<div class="nhsuk-error-summary" data-module="nhsuk-error-summary"><div role="alert"><h2 class="nhsuk-error-summary__heading">The vote was not recorded</h2><div class="nhsuk-error-summary__body"><p>${o.problem}</p></div></div></div>` : html``}
<span class="nhsuk-caption-l">${v.commissionerName} (${v.commissionerCode})</span>
<h1>${v.title}</h1>
<p class="nhsuk-lede-text">${v.question}</p>
${v.description ? html`<p>${v.description}</p>` : html``}
${summaryList([
  { key: 'Status', value: phaseTag(v.phase) },
  { key: 'Voting opens', value: formatDate(v.opensOn) },
  { key: 'Voting closes', value: `${formatDate(v.closesOn)} (end of the day)` },
  {
    key: 'Options',
    value: html`<ul class="nhsuk-list nhsuk-list--bullet">${v.options.map((x) => html`<li>${x}</li>`)}</ul>`,
  },
  { key: 'Member practices', value: formatNumber(v.electorate) },
  { key: 'Put by', value: `${v.createdBy}, ${formatDateTime(v.createdAt)}` },
])}
${own.map((p) => insetText(html`${p.practiceCode} voted <strong>${p.option}</strong> on ${formatDateTime(p.votedAt!)}.`))}
${voteForm(o)}
${results(v)}
<p><a href="/api/consultations/${v.id}">This consultation as JSON</a></p>`,
  });
}

export function consultationFormPage(viewer: Viewer, form: FormState): string {
  return page({
    title: 'Start a consultation',
    viewer,
    breadcrumbs: crumbs(),
    content: html`${errorSummary(form.errors)}
<h1>Start a consultation</h1>
<p>The proposal goes to every practice that belongs to the commissioner today. Each practice has one vote.</p>
<form action="/consultations" method="post" novalidate>
  ${csrfField(viewer)}
  ${textField({ id: 'commissioner', label: 'Commissioner (sub-ICB location or ICB code)', hint: 'For example, 16C', form, width: 10 })}
  ${textField({ id: 'title', label: 'Title', form, width: 30 })}
  ${textArea({ id: 'question', label: 'The question put to practices', hint: 'For example: Should we take on performance management of the GP contract?', form, rows: 2 })}
  ${textArea({ id: 'description', label: 'Background (optional)', form, rows: 4 })}
  ${textArea({ id: 'options', label: 'Options', hint: 'One a line, between 2 and 10', form, rows: 4 })}
  ${textField({ id: 'opens_on', label: 'Voting opens', hint: 'YYYY-MM-DD, for example 2026-12-01', form, width: 10 })}
  ${textField({ id: 'closes_on', label: 'Voting closes (at the end of the day)', hint: 'YYYY-MM-DD, for example 2026-12-31', form, width: 10 })}
  <button class="nhsuk-button" data-module="nhsuk-button" type="submit">Put the proposal to member practices</button>
</form>`,
  });
}
