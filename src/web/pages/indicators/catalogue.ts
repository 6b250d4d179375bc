/**
 * The indicator catalogue (issue 17): every indicator with its definition, a filter by words, domain,
 * type and polarity, and a page per indicator listing its versions, what each changed and the
 * published releases that used it. The data is src/app/indicators/catalogue-view.ts.
 */
import type { Catalogue, CatalogueEntry, CatalogueFilter } from '../../../app/indicators/catalogue-view.ts';
import { formatDate, summaryList, table, tag } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';

/** Words for the catalogue's codes (the definition's values are identifiers, not prose). */
export const POLARITY_WORDS: Readonly<Record<string, string>> = {
  higher_is_better: 'Higher is better',
  lower_is_better: 'Lower is better',
  no_judgement: 'No judgement (neither high nor low is better)',
};
export const TYPE_WORDS: Readonly<Record<string, string>> = {
  proportion: 'Proportion',
  rate: 'Rate',
  dsr: 'Directly standardised rate',
  isr: 'Indirectly standardised ratio',
  mean: 'Mean',
  count: 'Count',
};
export const PERIOD_WORDS: Readonly<Record<string, string>> = {
  financial_year: 'Financial year',
  quarter: 'Quarter',
  month: 'Month',
};
const FIELD_WORDS: Readonly<Record<string, string>> = {
  name: 'name',
  domain: 'domain',
  type: 'type',
  numerator: 'numerator',
  denominator: 'denominator',
  multiplier: 'multiplier',
  polarity: 'polarity',
  periodType: 'period',
  source: 'source',
  caveats: 'caveats',
  disclosureRule: 'disclosure rule',
  computation: 'how the figures are gathered',
};

const words = (map: Readonly<Record<string, string>>, code: string): string => map[code] ?? code;

function choice(id: string, label: string, options: string[], selected: string | undefined, map = {}): Html {
  return html`<div class="nhsuk-form-group">
  <label class="nhsuk-label" for="${id}">${label}</label>
  <select class="nhsuk-select" id="${id}" name="${id}">
    <option value="">Any</option>
    ${options.map((o) => html`<option value="${o}"${o === selected ? html` selected` : html``}>${words(map, o)}</option>`)}
  </select>
</div>`;
}

export function cataloguePage(viewer: Viewer | null, catalogue: Catalogue, filter: CatalogueFilter): string {
  const n = catalogue.entries.length;
  return page({
    title: 'Indicators',
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<h1>Indicators</h1>
<p>Every indicator Fairview benchmarks, with its definition and its versions. The same list is open data at <a href="/api/indicators">/api/indicators</a>.</p>
<form method="get" action="/indicators" class="fairview-filter">
  <div class="nhsuk-form-group">
    <label class="nhsuk-label" for="q">Code or name contains</label>
    <input class="nhsuk-input nhsuk-input--width-20" id="q" name="q" type="search" maxlength="100" value="${filter.q ?? ''}">
  </div>
  ${choice('domain', 'Domain', catalogue.domains, filter.domain)}
  ${choice('type', 'Type', catalogue.types, filter.type, TYPE_WORDS)}
  ${choice('polarity', 'Polarity', catalogue.polarities, filter.polarity, POLARITY_WORDS)}
  <button class="nhsuk-button nhsuk-button--secondary" type="submit">Filter</button>
</form>
<p>${n === 1 ? '1 indicator' : `${n} indicators`}.</p>
${
  n === 0
    ? html`<p>No indicator matches.</p>`
    : table({
        caption: 'Indicators',
        captionHidden: true,
        scrollable: true,
        head: ['Indicator', 'Domain', 'Type', 'Polarity', 'Source', 'Versions'],
        rows: catalogue.entries.map((e) => [
          html`<a href="/indicators/${encodeURIComponent(e.code)}">${e.name}</a><br><span class="nhsuk-body-s">${e.code}</span>`,
          e.domain,
          words(TYPE_WORDS, e.type),
          words(POLARITY_WORDS, e.polarity),
          e.source,
          html`<a href="/indicators/${encodeURIComponent(e.code)}/versions">${e.versions.length === 1 ? '1 version' : `${e.versions.length} versions`}</a>`,
        ]),
      })
}`,
  });
}

export function versionsPage(viewer: Viewer | null, e: CatalogueEntry): string {
  return page({
    title: `${e.name}: versions`,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Indicators', href: '/indicators' },
    ],
    content: html`<span class="nhsuk-caption-l">${e.code}</span>
<h1>${e.name}: versions</h1>
${summaryList([
  { key: 'Domain', value: e.domain },
  { key: 'Type', value: words(TYPE_WORDS, e.type) },
  { key: 'Polarity', value: words(POLARITY_WORDS, e.polarity) },
  { key: 'Period', value: words(PERIOD_WORDS, e.periodType) },
  { key: 'Source', value: e.source },
  { key: 'Caveats', value: e.caveats ?? 'None recorded' },
])}
<p><a href="/indicators/${encodeURIComponent(e.code)}">The indicator’s figures in the latest release</a> · <a href="/api/indicators/${encodeURIComponent(e.code)}/versions">These versions as JSON</a></p>
${table({
  caption: 'Versions, newest first',
  head: ['Version', 'Saved', 'What changed', 'Published releases that used it'],
  rows: [...e.versions]
    .reverse()
    .map((v) => [
      html`${String(v.version)}${v === e.versions[e.versions.length - 1] ? html` ${tag('Current', 'green')}` : html``}`,
      `${formatDate(v.createdAt.slice(0, 10))} by ${v.createdBy}`,
      v.version === 1
        ? 'First version'
        : v.changed.length === 0
          ? 'Nothing in the definition'
          : v.changed.map((f) => FIELD_WORDS[f] ?? f).join(', '),
      v.releases.length === 0
        ? 'None'
        : html`${v.releases.map((r, i) => html`${i > 0 ? ', ' : ''}<a href="/releases/${encodeURIComponent(r)}">${r}</a>`)}`,
    ]),
})}`,
  });
}
