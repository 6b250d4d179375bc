/** A sub-ICB location's data-sharing setting: whether the peer group pages name peers or pseudonymise them. */

import { type Html, html } from '../../html.ts';
import { type Crumb, csrfField, page, type Viewer } from '../../layout.ts';

export interface DataSharingPageOptions {
  area: { code: string; name: string };
  named: boolean;
  crumbs: Crumb[];
  /** Shown in an error summary when the form came back without a choice. */
  error?: string;
  /** True just after the setting was saved. */
  saved?: boolean;
}

export function dataSharingPage(viewer: Viewer | null, o: DataSharingPageOptions): string {
  const choices = [
    { value: 'named', label: 'Show peers by name', hint: 'Peer group pages name each similar practice.' },
    {
      value: 'pseudonymised',
      label: 'Pseudonymise peers',
      hint: 'Peer group pages show Peer 1 … Peer N, with no practice names or codes.',
    },
  ];
  const current = o.named ? 'named' : 'pseudonymised';
  const errorSummary: Html = o.error
    ? html`<div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
<h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2>
<div class="nhsuk-error-summary__body"><ul class="nhsuk-list nhsuk-error-summary__list"><li><a href="#peers">${o.error}</a></li></ul></div>
</div>`
    : html``;
  return page({
    title: `${o.error ? 'Error: ' : ''}Data sharing: ${o.area.name}`,
    viewer,
    breadcrumbs: [...o.crumbs, { text: o.area.name, href: `/organisations/${o.area.code}` }],
    content: html`${errorSummary}
<span class="nhsuk-caption-l">Data sharing</span>
<h1>${o.area.name} (${o.area.code})</h1>
${
  o.saved
    ? html`<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p>Saved: peers are now ${o.named ? 'shown by name' : 'pseudonymised'}.</p></div>`
    : html``
}
<p>Each practice's peer group page sets it beside the practices most like it nationally. This setting decides whether those peers are shown by name or pseudonymised for practices in ${o.area.name}. Every change is recorded in the audit log.</p>
<form method="post" action="/organisations/${o.area.code}/data-sharing" novalidate>
${csrfField(viewer)}
<div class="nhsuk-form-group${o.error ? ' nhsuk-form-group--error' : ''}">
<fieldset class="nhsuk-fieldset"${o.error ? html` aria-describedby="peers-error"` : html``}>
  <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m"><h2 class="nhsuk-fieldset__heading">How should peers be shown?</h2></legend>
  ${o.error ? html`<span class="nhsuk-error-message" id="peers-error"><span class="nhsuk-u-visually-hidden">Error: </span>${o.error}</span>` : html``}
  <div class="nhsuk-radios" data-module="nhsuk-radios">
    ${choices.map((c, i) => {
      const id = i === 0 ? 'peers' : `peers-${i + 1}`;
      return html`<div class="nhsuk-radios__item">
      <input class="nhsuk-radios__input" id="${id}" name="peers" type="radio" value="${c.value}" aria-describedby="${id}-hint"${current === c.value ? html` checked` : html``}>
      <label class="nhsuk-label nhsuk-radios__label" for="${id}">${c.label}</label>
      <div class="nhsuk-hint nhsuk-radios__hint" id="${id}-hint">${c.hint}</div>
    </div>`;
    })}
  </div>
</fieldset>
</div>
<button class="nhsuk-button" type="submit">Save setting</button>
</form>
<p><a href="/organisations/${o.area.code}/overview">Back to the area overview</a></p>`,
  });
}
