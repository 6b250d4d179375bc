/** Pieces more than one page uses. */
import { type Html, html, raw } from '../html.ts';

const ARROW = raw(
  '<svg class="nhsuk-icon nhsuk-icon--arrow-right-circle" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true"><path d="M12 2a10 10 0 0 0-10 9h11.7l-4-4a1 1 0 0 1 1.5-1.4l5.6 5.7a1 1 0 0 1 0 1.4l-5.6 5.7a1 1 0 0 1-1.5 0 1 1 0 0 1 0-1.4l4-4H2A10 10 0 1 0 12 2z"/></svg>',
);

const SEARCH_ICON = raw(
  '<svg class="nhsuk-icon nhsuk-icon--search" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true"><path d="m20.7 18.9-4.1-4.1a7 7 0 1 0-1.4 1.4l4 4.1a1 1 0 0 0 1.5 0c.4-.4.4-1 0-1.4ZM6 10.6a5 5 0 1 1 10 0 5 5 0 0 1-10 0Z"/></svg>',
);

export function actionLink(href: string, text: string): Html {
  return html`<a class="nhsuk-action-link" href="${href}">${ARROW}<span class="nhsuk-action-link__text">${text}</span></a>`;
}

/** The page's own practice search (the header has a second, smaller one). */
export function searchForm(options: { id: string; query: string; headingLevel: 1 | 2 }): Html {
  const label = html`<label class="nhsuk-label nhsuk-label--m" for="${options.id}">Find a GP practice</label>`;
  return html`<form action="/search" method="get" novalidate>
<div class="nhsuk-form-group nhsuk-search-input">
  ${options.headingLevel === 1 ? html`<h1 class="nhsuk-label-wrapper">${label}</h1>` : html`<h2 class="nhsuk-label-wrapper">${label}</h2>`}
  <div class="nhsuk-hint" id="${options.id}-hint">Enter a practice name, its ODS code (like <span class="nhsuk-u-nowrap">A81001</span>) or a postcode</div>
  <div class="nhsuk-input-wrapper nhsuk-search-input__wrapper">
    <input class="nhsuk-input nhsuk-input--width-20 nhsuk-search-input__input" id="${options.id}" name="q" type="search" aria-describedby="${options.id}-hint" autocomplete="off" value="${options.query}">
    <button class="nhsuk-button nhsuk-button--icon nhsuk-button--small nhsuk-search-input__button" data-module="nhsuk-button" type="submit" aria-label="Search">${SEARCH_ICON}</button>
  </div>
</div>
</form>`;
}
