/**
 * Pre-publication checks of one release (signed in): a practice's own figures under embargo, each with
 * a form to query it; the queries with their answers; for commissioners, the forms to accept or reject a
 * query and to publish (with an override reason when queries are still open). Plain forms, no JS.
 */

import type { Release } from '../../../app/db.ts';
import type { DataQueryView } from '../../../app/releases/data-queries.ts';
import type { EmbargoedFigure } from '../../../app/releases/embargo.ts';
import { type Html, html } from '../../html.ts';
import { csrfField, page, type Viewer } from '../../layout.ts';

export interface ReleaseQueriesModel {
  release: Release;
  /** The practices whose figures this viewer may query, with those figures (drafts only). */
  practices: { code: string; figures: EmbargoedFigure[] }[];
  queries: DataQueryView[];
  /** Query ids this viewer may answer. */
  answerable: ReadonlySet<number>;
  mayPublish: boolean;
  mayOverride: boolean;
  /** A message after a refused step (e.g. open queries block publication). */
  error: string | null;
}

function num(v: number | null, digits = 0): string {
  return v === null ? '–' : v.toFixed(digits);
}

function statusTag(status: DataQueryView['status']): Html {
  const colour = status === 'open' ? 'yellow' : status === 'accepted' ? 'green' : 'grey';
  return html`<strong class="nhsuk-tag nhsuk-tag--${colour}">${status}</strong>`;
}

export function releaseQueriesPage(viewer: Viewer, m: ReleaseQueriesModel): string {
  const base = `/releases/${encodeURIComponent(m.release.name)}`;
  const draft = m.release.status === 'draft';
  const open = m.queries.filter((q) => q.status === 'open').length;
  return page({
    title: `Checks before publication: release ${m.release.name}`,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Releases', href: '/releases' },
    ],
    content: html`<h1>Checks before publication: release ${m.release.name}</h1>
${
  m.error
    ? html`<div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
  <h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2>
  <div class="nhsuk-error-summary__body"><p>${m.error}</p></div>
</div>`
    : ''
}
${
  draft
    ? html`<div class="nhsuk-warning-callout"><h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>Embargoed draft</span></h2>
<p>These figures are not published. Do not share them outside your practice or organisation until the release is published.</p></div>`
    : html`<p>This release was published on ${m.release.published_at ? new Date(m.release.published_at).toISOString().slice(0, 10) : ''}. <a href="${base}">See the public figures</a>.</p>`
}
${m.practices.map(
  (p) => html`<h2>Figures for ${p.code}</h2>
<table class="nhsuk-table">
  <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Figures for ${p.code} in release ${m.release.name}</caption>
  <thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th scope="col" class="nhsuk-table__header">Indicator</th><th scope="col" class="nhsuk-table__header">Period</th><th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">Count</th><th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">Denominator</th><th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">Value</th><th scope="col" class="nhsuk-table__header">Query this figure</th></tr></thead>
  <tbody class="nhsuk-table__body">${p.figures.map((f, i) => {
    const id = `q-${p.code}-${i}`;
    return html`<tr class="nhsuk-table__row"><td class="nhsuk-table__cell">${f.indicatorName} (${f.indicatorCode})</td><td class="nhsuk-table__cell">${f.period}</td><td class="nhsuk-table__cell nhsuk-table__cell--numeric">${num(f.numerator)}</td><td class="nhsuk-table__cell nhsuk-table__cell--numeric">${num(f.denominator)}</td><td class="nhsuk-table__cell nhsuk-table__cell--numeric">${num(f.value, 1)}</td>
<td class="nhsuk-table__cell"><form method="post" action="${base}/queries">${csrfField(viewer)}
<input type="hidden" name="practice" value="${p.code}"><input type="hidden" name="indicator_id" value="${f.indicatorId}"><input type="hidden" name="period" value="${f.period}">
<div class="nhsuk-form-group"><label class="nhsuk-label" for="${id}">What looks wrong with ${f.indicatorCode} ${f.period}?</label><textarea class="nhsuk-textarea" id="${id}" name="question" rows="2" required></textarea></div>
<button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">Raise a data query</button></form></td></tr>`;
  })}</tbody>
</table>`,
)}
<h2>Data queries</h2>
${
  m.queries.length === 0
    ? html`<p>No data queries on this release.</p>`
    : m.queries.map((q) => {
        const id = `a-${q.id}`;
        return html`<div class="nhsuk-card"><div class="nhsuk-card__content">
<h3 class="nhsuk-card__heading nhsuk-heading-s">Query ${q.id}: ${q.practiceCode}, ${q.indicatorCode} ${q.period} ${statusTag(q.status)}</h3>
<p>${q.question}</p><p class="nhsuk-body-s">Raised by ${q.raisedBy}. Figure in this release: count ${num(q.numerator)}, denominator ${num(q.denominator)}, value ${num(q.value, 1)}.</p>
${q.answer ? html`<p><strong>Answer (${q.answeredBy}):</strong> ${q.answer}${q.correctionRelease ? html` Correction in draft <a href="/releases/${encodeURIComponent(q.correctionRelease)}/queries">${q.correctionRelease}</a>.` : ''}</p>` : ''}
${
  q.status === 'open' && m.answerable.has(q.id)
    ? html`<form method="post" action="${base}/queries/${q.id}/answer">${csrfField(viewer)}
<fieldset class="nhsuk-fieldset"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Your answer</legend>
<div class="nhsuk-radios">
<div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="${id}-accept" name="decision" type="radio" value="accept" required><label class="nhsuk-label nhsuk-radios__label" for="${id}-accept">Accept: the figure will be corrected in a new draft</label></div>
<div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="${id}-reject" name="decision" type="radio" value="reject"><label class="nhsuk-label nhsuk-radios__label" for="${id}-reject">Reject</label></div>
</div></fieldset>
<div class="nhsuk-form-group"><label class="nhsuk-label" for="${id}-answer">What will be corrected, or the reasons for rejecting</label><textarea class="nhsuk-textarea" id="${id}-answer" name="answer" rows="3" required></textarea></div>
<div class="nhsuk-form-group"><label class="nhsuk-label" for="${id}-corr">New draft carrying the correction (optional)</label><input class="nhsuk-input nhsuk-input--width-20" id="${id}-corr" name="correction_release" type="text"></div>
<button class="nhsuk-button" type="submit">Send answer</button></form>`
    : ''
}
</div></div>`;
      })
}
${
  draft && m.mayPublish
    ? html`<h2>Publish this release</h2>
<form method="post" action="${base}/publish">${csrfField(viewer)}
${
  open > 0
    ? html`<p>${open} data ${open === 1 ? 'query is' : 'queries are'} still open. The release cannot be published until ${open === 1 ? 'it is' : 'they are'} answered${m.mayOverride ? ', unless you override with a reason, which is recorded in the audit log' : ''}.</p>
${m.mayOverride ? html`<div class="nhsuk-form-group"><label class="nhsuk-label" for="override">Reason for publishing with open queries</label><textarea class="nhsuk-textarea" id="override" name="override_reason" rows="3"></textarea></div>` : ''}`
    : html`<p>Every data query has been answered.</p>`
}
<button class="nhsuk-button" type="submit">Publish release ${m.release.name}</button></form>`
    : ''
}`,
  });
}
