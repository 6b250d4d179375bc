/**
 * Small builders for the NHS.UK design system components the pages use, and the formatting of
 * dates and numbers the way NHS pages write them (1 April 1974, 12,345).
 */

import { formatEnGB } from '../domain/numbers.ts';
import { type Html, html } from './html.ts';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 'YYYY-MM-DD' → '1 April 1974'; null → 'Not known'. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return 'Not known';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

export function formatDateTime(d: Date): string {
  const iso = d.toISOString();
  return `${formatDate(iso.slice(0, 10))} ${iso.slice(11, 16)} UTC`;
}

export function formatNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return 'Not known';
  return formatEnGB(n, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export interface SummaryRow {
  key: string;
  value: Html | string;
}

export function summaryList(rows: SummaryRow[]): Html {
  return html`<dl class="nhsuk-summary-list">
  ${rows.map(
    (r) => html`<div class="nhsuk-summary-list__row">
    <dt class="nhsuk-summary-list__key">${r.key}</dt>
    <dd class="nhsuk-summary-list__value">${r.value}</dd>
  </div>`,
  )}
</dl>`;
}

export interface TableOptions {
  caption: string;
  head: string[];
  /** Each row's first cell is its header cell (scope="row"). */
  rows: (Html | string)[][];
  /** Columns (by index) holding numbers, aligned right. */
  numeric?: number[];
  /** Wide tables: the scrolling container takes keyboard focus so it can be scrolled without a mouse. */
  scrollable?: boolean;
  /**
   * A table wider than a desktop page (a statement's every column): declared a sideways-scrolling
   * region with its first column kept in view and a sentence above saying so, as the benchmarking
   * matrices are (on a phone it stacks like every table, and the sentence is not shown).
   */
  matrix?: boolean;
  /** Hide the caption visually (screen readers still announce it) where a heading already names the table. */
  captionHidden?: boolean;
}

export function table(options: TableOptions): Html {
  const numeric = new Set(options.numeric ?? []);
  const cls = (i: number, base: string): string =>
    numeric.has(i) ? `${base} nhsuk-table__${base.endsWith('header') ? 'header' : 'cell'}--numeric` : base;
  const container = options.matrix
    ? html`<p class="nhsuk-body-s fairview-matrix-hint fairview-matrix-hint--wide">This table has ${options.head.length} columns: scroll it sideways to see them all; the first column stays in view. The export holds the same table.</p><div class="nhsuk-table-container fairview-matrix" tabindex="0" role="region" aria-label="${options.caption}">`
    : options.scrollable
      ? html`<div class="nhsuk-table-container" tabindex="0" role="region" aria-label="${options.caption}">`
      : html`<div class="nhsuk-table-container">`;
  return html`${container}<table class="nhsuk-table ${STACK_CLASS}" role="table">
  <caption class="${options.captionHidden ? 'nhsuk-u-visually-hidden' : 'nhsuk-table__caption nhsuk-table__caption--s'}">${options.caption}</caption>
  <thead class="nhsuk-table__head" role="rowgroup"><tr class="nhsuk-table__row" role="row">
    ${options.head.map((h, i) => html`<th class="${cls(i, 'nhsuk-table__header')}" scope="col" role="columnheader">${h}</th>`)}
  </tr></thead>
  <tbody class="nhsuk-table__body" role="rowgroup">
    ${options.rows.map(
      (row) =>
        html`<tr class="nhsuk-table__row" role="row">${row.map((cell, i) =>
          i === 0
            ? html`<th class="${cls(i, 'nhsuk-table__header')}" scope="row" role="rowheader">${cell}</th>`
            : html`<td class="${cls(i, 'nhsuk-table__cell')}" role="cell"${stackLabel(options.head[i])}>${cell}</td>`,
        )}</tr>`,
    )}
  </tbody>
</table></div>`;
}

/**
 * Every data table's small-screen form (docs/decisions.md, "Tables on a phone"): the class on the
 * table, the roles on its parts (a table shown as blocks keeps them), and each body cell's column
 * heading in data-label, which fairview.css writes before the cell on a narrow screen.
 */
export const STACK_CLASS = 'fairview-table-stack';

/** The data-label attribute of a body cell under the column heading `label` (none for an empty one). */
export function stackLabel(label: string | undefined): Html {
  return label ? html` data-label="${label}"` : html``;
}

export interface FieldError {
  /** id of the input the message is about, for the summary's link. */
  field: string;
  message: string;
}

export function errorSummary(errors: FieldError[]): Html {
  if (errors.length === 0) return html``;
  return html`<div class="nhsuk-error-summary" data-module="nhsuk-error-summary">
  <div role="alert">
    <h2 class="nhsuk-error-summary__heading">There is a problem</h2>
    <div class="nhsuk-error-summary__body">
      <ul class="nhsuk-list nhsuk-error-summary__list">
        ${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}
      </ul>
    </div>
  </div>
</div>`;
}

export function insetText(content: Html | string): Html {
  return html`<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span>${content}</div>`;
}

export function tag(text: string, colour?: 'grey' | 'green' | 'red' | 'orange' | 'blue'): Html {
  return html`<strong class="nhsuk-tag${colour ? ` nhsuk-tag--${colour}` : ''}">${text}</strong>`;
}
