/**
 * Public consultation pages (no sign-in): the list, and one consultation with its answer form while
 * open (for anyone; Healthwatch answers as an organisation when signed in) and its results in summary
 * after close. The commissioner's managers open a consultation to the public and publish the summary.
 */
import type { PublicConsultationView } from '../../../app/obligations/public-consultations.ts';
import type { ConsultationResults } from '../../../domain/agreements/consultation.ts';
import { type FieldError, formatDate, formatDateTime, formatNumber, table } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { csrfField, page, type Viewer } from '../../layout.ts';
import { errorsOf, inputField, textareaField } from './parts.ts';

export interface PublicPermissions {
  healthwatch: boolean;
  manage: boolean;
}

const PHASES = { not_yet_open: 'Not open yet', open: 'Open', closed: 'Closed' } as const;

export function publicConsultationsPage(
  viewer: Viewer | null,
  rows: { id: number; title: string; opens_on: string; closes_on: string; phase: keyof typeof PHASES }[],
): string {
  return page({
    title: 'Public consultations',
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<h1>Public consultations</h1>
<p>Consultations the commissioners have opened to the public and to Healthwatch as well as to their member practices. Anyone may answer while one is open; the results are published in summary after it closes.</p>
${rows.length === 0 ? html`<p>There are none.</p>` : table({ caption: 'Public consultations', head: ['Consultation', 'Open', 'Closes', 'Status'], rows: rows.map((r) => [html`<a href="/public/consultations/${r.id}">${r.title}</a>`, formatDate(r.opens_on), formatDate(r.closes_on), PHASES[r.phase]]) })}`,
  });
}

function resultsTable(caption: string, r: ConsultationResults, of: string): Html {
  return table({
    caption,
    head: ['Option', 'Answers', 'Share'],
    numeric: [1, 2],
    rows: [
      ...r.options.map((o) => [o.option, formatNumber(o.votes), o.percent === null ? '—' : `${o.percent}%`]),
      [html`<strong>Total</strong>`, formatNumber(r.votesCast), of],
    ],
  });
}

function answerForm(
  viewer: Viewer | null,
  v: PublicConsultationView,
  formToken: string | null,
  asHealthwatch: boolean,
  error: FieldError | null,
): Html {
  const action = `/public/consultations/${v.id}/${asHealthwatch ? 'healthwatch' : 'responses'}`;
  return html`<form method="post" action="${action}" novalidate>
${viewer ? csrfField(viewer) : html`<input type="hidden" name="form_token" value="${formToken ?? ''}">`}
<div class="nhsuk-form-group${error?.field === 'option' ? ' nhsuk-form-group--error' : ''}"><fieldset class="nhsuk-fieldset"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">${v.question}</legend>
${error?.field === 'option' ? html`<span class="nhsuk-error-message" id="option-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${error.message}</span>` : ''}
<div class="nhsuk-radios">${v.options.map((o, i) => html`<div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="${i === 0 ? 'option' : `option-${i}`}" name="option" type="radio" value="${i}"><label class="nhsuk-label nhsuk-radios__label" for="${i === 0 ? 'option' : `option-${i}`}">${o}</label></div>`)}</div>
</fieldset></div>
${asHealthwatch ? inputField({ id: 'organisation', label: 'The organisation you answer for', hint: 'For example, Healthwatch Stockton-on-Tees', error }) : ''}
${textareaField({ id: 'comment', label: 'Comments (optional)', hint: 'Comments are read by the commissioner and summarised; they are not published one by one. Do not include anything that identifies you or anyone else.', error })}
<button class="nhsuk-button" type="submit">${asHealthwatch ? 'Answer for the organisation' : 'Send your answer'}</button>
</form>`;
}

export function publicConsultationPage(
  viewer: Viewer | null,
  v: PublicConsultationView,
  may: PublicPermissions,
  formToken: string | null,
  notice: string | null = null,
  error: FieldError | null = null,
): string {
  return page({
    title: v.title,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Public consultations', href: '/public/consultations' },
    ],
    content: html`${errorsOf(error)}
<span class="nhsuk-caption-l">${v.commissionerName}</span>
<h1>${v.title}</h1>
${notice ? html`<div class="nhsuk-inset-text"><p>${notice}</p></div>` : ''}
<p>${PHASES[v.phase]}: from ${formatDate(v.opensOn)} to ${formatDate(v.closesOn)}.</p>
${v.description ? html`<p>${v.description}</p>` : ''}
${
  v.audience !== 'public'
    ? html`<p>This consultation is for the member practices only.</p>${
        may.manage && v.phase !== 'closed'
          ? html`<form method="post" action="/public/consultations/${v.id}/open">${viewer ? csrfField(viewer) : ''}<button class="nhsuk-button" type="submit">Open it to the public and Healthwatch</button></form>`
          : ''
      }`
    : v.phase === 'open'
      ? html`<p>${formatNumber(v.responses.public)} answers from the public and ${formatNumber(v.responses.healthwatch)} from Healthwatch so far. The results are shown after the consultation closes.</p>
${answerForm(viewer, v, formToken, false, error)}
${may.healthwatch ? html`<h2>Answer for Healthwatch</h2>${answerForm(viewer, v, formToken, true, error)}` : ''}`
      : ''
}
${
  v.results
    ? html`<h2>Results</h2>
${resultsTable('Member practices (one vote each)', v.results.members, v.results.members.turnoutPercent === null ? '' : `turnout ${v.results.members.turnoutPercent}%`)}
${v.audience === 'public' ? resultsTable('The public', v.results.public, '') : ''}
${v.audience === 'public' ? resultsTable(`Healthwatch${v.results.healthwatch.organisations.length ? ` (${v.results.healthwatch.organisations.join(', ')})` : ''}`, v.results.healthwatch, '') : ''}
<h2>Summary of the responses</h2>
${v.summary ? html`<p>${v.summary}</p><p class="nhsuk-body-s">Published ${formatDateTime(v.summaryPublishedAt!)}.</p>` : html`<p>The commissioner has not published its summary yet.</p>`}
${
  may.manage && viewer
    ? html`<form method="post" action="/public/consultations/${v.id}/summary" novalidate>${csrfField(viewer)}${textareaField({ id: 'summary', label: v.summary ? 'Replace the published summary' : 'Publish the summary', hint: 'What the member practices, the public and Healthwatch said, and what the commissioner will do.', error, rows: 6 })}<button class="nhsuk-button" type="submit">Publish the summary</button></form>`
    : ''
}`
    : ''
}`,
  });
}
