/**
 * Price-per-unit variation (issue 20): for an area and month, the presentations whose price per unit
 * varies most across the area's practices (by the possible saving), and for one presentation each
 * practice's price per unit against the area's median with its possible saving. Data:
 * src/app/prescribing/price-per-unit.ts.
 */
import type { PricePerUnitSummary, PricePerUnitView } from '../../../app/prescribing/price-per-unit.ts';
import { formatNumber, table } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';

const pounds = (v: number | null): string => (v === null ? 'Not known' : `£${formatNumber(v, 2)}`);
/** Price per unit: pence to 2 decimals under £1, pounds above. */
const perUnit = (v: number | null): string =>
  v === null ? 'Not known' : v < 1 ? `${formatNumber(v * 100, 2)}p` : `£${formatNumber(v, 3)}`;

const CRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Prescribing measures', href: '/prescribing' },
];

/** The SYNTHETIC warning, shown whenever the month is the demo's made-up prescribing. */
function syntheticNote(synthetic: boolean): Html {
  return synthetic
    ? html`<div class="nhsuk-warning-callout"><h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>SYNTHETIC data</span></h2><p>This month's prescribing is SYNTHETIC: made up for the Fairview demo in the layout of the English Prescribing Dataset. It is not NHS data.</p></div>`
    : html``;
}

function areaForm(action: string, area: string, month: string | null, months: readonly string[]): Html {
  return html`<form method="get" action="${action}"><div class="nhsuk-form-group"><label class="nhsuk-label" for="area">Area (sub-ICB location or other organisation code)</label><input class="nhsuk-input nhsuk-input--width-10" id="area" name="area" type="text" maxlength="10" value="${area}"></div>${
    months.length > 0
      ? html`<div class="nhsuk-form-group"><label class="nhsuk-label" for="month">Month</label><select class="nhsuk-select" id="month" name="month">${months.map(
          (m) => html`<option value="${m}"${m === month ? html` selected` : html``}>${m}</option>`,
        )}</select></div>`
      : html``
  }<button class="nhsuk-button nhsuk-button--secondary" type="submit">Show</button></form>`;
}

const INTRO = html`<p>The same BNF presentation is the same medicine, form and strength, so practices paying more a unit are buying a dearer brand, pack or supplier. Each practice's price per unit is its actual cost divided by the quantity; the possible saving is what it would have spent less paying the area's median price for the same quantity. Figures are practice totals of the English Prescribing Dataset, which NHSBSA publishes per practice.</p>`;

export function pricePerUnitSummaryPage(
  viewer: Viewer | null,
  s: PricePerUnitSummary | null,
  area: string,
): string {
  return page({
    title: 'Price-per-unit variation',
    viewer,
    breadcrumbs: CRUMBS,
    content: html`<h1>Price-per-unit variation</h1>
${INTRO}
${areaForm('/prescribing/price-per-unit', s?.area.code ?? area, s?.month ?? null, s?.months ?? [])}
${
  s === null
    ? html`<p>${area === '' ? 'Give an area code to see its practices.' : `No prescribing is held for ${area}.`}</p>`
    : html`${syntheticNote(s.synthetic)}<h2>${s.area.name} (${s.area.code}), ${s.month}</h2>
<p>The same figures are at <a href="/api/prescribing/price-per-unit?area=${s.area.code}&amp;month=${s.month}">/api/prescribing/price-per-unit</a>.</p>${
        s.presentations.length === 0
          ? html`<p>No presentation has a possible saving in this month.</p>`
          : table({
              caption: `Presentations with the largest possible savings at ${s.area.code}'s median price per unit`,
              head: ['Presentation', 'Practices', 'Median price per unit', 'Possible saving'],
              numeric: [1, 2, 3],
              rows: s.presentations.map((p) => [
                html`<a href="/prescribing/price-per-unit/${p.code}?area=${s.area.code}&amp;month=${s.month}">${p.name ?? p.code}</a><br><span class="nhsuk-body-s">${p.code}</span>`,
                formatNumber(p.practices),
                perUnit(p.median),
                pounds(p.totalSaving),
              ]),
            })
      }`
}`,
  });
}

export function pricePerUnitPage(viewer: Viewer | null, v: PricePerUnitView): string {
  const name = v.presentation.name ?? v.presentation.code;
  return page({
    title: `Price per unit: ${name}`,
    viewer,
    breadcrumbs: [
      ...CRUMBS,
      {
        text: 'Price-per-unit variation',
        href: `/prescribing/price-per-unit?area=${v.area.code}&month=${v.month}`,
      },
    ],
    content: html`<span class="nhsuk-caption-l">Price-per-unit variation, ${v.area.name} (${v.area.code}), ${v.month}</span>
<h1>${name}</h1>
${syntheticNote(v.synthetic)}
${INTRO}
<p>BNF code ${v.presentation.code}. ${v.area.code}'s median price per unit: <strong>${perUnit(v.median)}</strong>. Possible saving across its practices: <strong>${pounds(v.totalSaving)}</strong>. The same figures are at <a href="/api/prescribing/price-per-unit/${v.presentation.code}?area=${v.area.code}&amp;month=${v.month}">the API</a>.</p>
${
  v.practices.length === 0
    ? html`<p>No practice of ${v.area.code} prescribed this presentation in ${v.month}.</p>`
    : table({
        caption: `Each practice's price per unit against ${v.area.code}'s median (${perUnit(v.median)})`,
        head: [
          'Practice',
          'Items',
          'Quantity',
          'Actual cost',
          'Price per unit',
          'Against the median',
          'Possible saving',
        ],
        numeric: [1, 2, 3, 4, 5, 6],
        scrollable: true,
        rows: v.practices.map((p) => [
          html`<a href="/practices/${p.practiceCode}">${p.practiceName}</a><br><span class="nhsuk-body-s">${p.practiceCode}</span>`,
          formatNumber(p.items),
          formatNumber(p.quantity, 1),
          pounds(p.cost),
          perUnit(p.pricePerUnit),
          v.median ? `${formatNumber((p.pricePerUnit / v.median) * 100, 0)}%` : 'Not known',
          pounds(p.saving),
        ]),
      })
}`,
  });
}
