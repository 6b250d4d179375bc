/** What every benchmarking page shares: release note, export links, tables, badges, context notes. */

import { formatEnGB } from '../../../domain/numbers.ts';
import type { ComparisonView } from '../../benchmarking/comparison.ts';
import type { DisclosureView, ReleaseView } from '../../benchmarking/views.ts';
import { comparisonStyle } from '../../charts/palette.ts';
import { formatDate, insetText, STACK_CLASS, stackLabel } from '../../components.ts';
import type { DataTable } from '../../exports/data-table.ts';
import { type Html, html } from '../../html.ts';

/** The page's own stylesheet and script (a stylesheet link is allowed in the body). */
export const BENCHMARKING_HEAD = html`<link rel="stylesheet" href="/benchmarking.css"><script type="module" src="/benchmarking.mjs"></script>`;

export function releaseNote(r: ReleaseView): Html {
  if (r.status === 'draft') {
    return html`<div class="nhsuk-warning-callout"><h3 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>Draft release</span></h3><p>These figures come from release ${r.name}, which has not been published. Do not share them.</p></div>`;
  }
  return html`<p class="nhsuk-body-s">Release ${r.name}, published ${formatDate(r.publishedAt)} (methods ${r.methodVersion}). Published releases are open data.</p>`;
}

/** What a suppressed figure reads as, on the page and in the exports' disclosure column. */
export const SUPPRESSED = 'Suppressed';

/**
 * The disclosure rule, on every page whose figures were published under it (visitors): one line
 * before the data, with the rule itself behind an NHS.UK details expander. Signed-in people who work
 * with the practice or area see every count, and no note.
 */
export function disclosureNote(d: DisclosureView | null): Html {
  if (!d) return html``;
  return html`<div class="fairview-disclosure" id="disclosure-rule"><p class="nhsuk-body-s nhsuk-u-margin-bottom-1"><strong>Disclosure control:</strong> small counts in these open data are suppressed or rounded. <a href="/sign-in">Sign in</a> if you work with this practice or area to see every count.</p><details class="nhsuk-details nhsuk-u-margin-bottom-3"><summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">How figures are protected</span></summary><div class="nhsuk-details__text"><p>${d.rule} Suppressed figures are left off the charts.</p></div></details></div>`;
}

/** The exports' last column under disclosure control: which figures of the row were suppressed. */
export function suppressionText(s: { numerator: boolean; denominator: boolean } | null | undefined): string {
  if (!s) return '';
  if (s.numerator && s.denominator) return 'Count and denominator suppressed; value and limits not shown';
  if (s.numerator) return 'Count suppressed; value and limits not shown';
  if (s.denominator) return 'Denominator suppressed; value and limits not shown';
  return 'Counts rounded';
}

/**
 * "Raise a concern" from a flag, for people the policy lets raise one (the route asks `can()` for
 * raise_concern). /concerns/new takes the practice, the source, the release by name, the indicator by
 * code and the period, and checks the flag again when the concern is raised.
 */
export function raiseConcernLink(f: {
  practice: string;
  source: string;
  release: string;
  indicator: string;
  period: string;
  what: string;
}): Html {
  const href = withQuery('/concerns/new', {
    practice: f.practice,
    source: f.source,
    release: f.release,
    indicator: f.indicator,
    period: f.period,
  });
  return html`<a class="fairview-raise-concern fairview-no-print" href="${href}">Raise a concern<span class="nhsuk-u-visually-hidden"> about ${f.what}</span></a>`;
}

/** Keeps the other query parameters when switching one. */
export function withQuery(path: string, params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The verdicts that are a judgement on the practice: the rows a concern can be raised from. */
const FLAGGED_KEYS = ['better', 'worse', 'higher', 'lower'] as const;
type FlaggedKey = (typeof FLAGGED_KEYS)[number];

/** Whether the headline judgment flags a row (better, worse, higher or lower; not similar or not judged). */
export function isFlaggedRow(r: { comparison: { key: string } }): boolean {
  return (FLAGGED_KEYS as readonly string[]).includes(r.comparison.key);
}

export interface FlagSummary {
  rows: number;
  flagged: number;
  byKey: Record<FlaggedKey, number>;
  /** "12 indicators; 3 flagged by the headline judgment (1 better, 2 worse)." */
  sentence: string;
}

/**
 * The one count of a practice's flags, for every sentence that states it (the scorecard, the print
 * pack): the flagged total is the sum of the better, worse, higher and lower counts written beside it,
 * and the same rows carry "Raise a concern" (isFlaggedRow).
 */
export function flagSummary(rows: readonly { comparison: { key: string } }[]): FlagSummary {
  const byKey: Record<FlaggedKey, number> = { better: 0, worse: 0, higher: 0, lower: 0 };
  for (const r of rows) if (isFlaggedRow(r)) byKey[r.comparison.key as FlaggedKey]++;
  const flagged = FLAGGED_KEYS.reduce((n, k) => n + byKey[k], 0);
  const parts = FLAGGED_KEYS.filter((k) => byKey[k] > 0).map((k) => `${byKey[k]} ${k}`);
  const indicators = `${rows.length} indicator${rows.length === 1 ? '' : 's'}`;
  const sentence =
    flagged === 0
      ? `${indicators}; none flagged by the headline judgment.`
      : `${indicators}; ${flagged} flagged by the headline judgment (${parts.join(', ')}).`;
  return { rows: rows.length, flagged, byKey, sentence };
}

/**
 * A comparison given as context (the crude comparison with England): plain grey text, never a
 * coloured badge — the colour on every page is the headline judgment.
 */
export function contextNote(text: string): Html {
  return html`<p class="nhsuk-body-s fairview-context nhsuk-u-margin-bottom-2"><span class="nhsuk-u-visually-hidden">Context: </span>${text}</p>`;
}

export function exportLinks(
  path: string,
  params: Record<string, string | null | undefined>,
  what: string,
): Html {
  return html`<p class="fairview-no-print">Download ${what}: <a href="${withQuery(path, { ...params, format: 'csv' })}" download>CSV</a> · <a href="${withQuery(path, { ...params, format: 'xlsx' })}" download>Excel (.xlsx)</a></p>`;
}

export function comparisonBadge(c: ComparisonView, options: { letter?: boolean } = {}): Html {
  const s = comparisonStyle(c.key);
  // A class, not a style attribute: the Content-Security-Policy allows no inline styles.
  const letter =
    options.letter === false
      ? ''
      : html`<span class="fairview-cmp__code" aria-hidden="true">${s.code}</span>`;
  return html`<span class="fairview-cmp fairview-cmp--${c.key}">${letter}${c.text}</span>`;
}

/**
 * A data table as an NHS table: numbers right-aligned, written to the column's decimals, with the
 * exact value kept in data-sort for the sorting script. `cells` can replace a column's rendering.
 */
export function dataTableHtml(
  t: DataTable,
  options: {
    captionHidden?: boolean;
    sortable?: boolean;
    compact?: boolean;
    render?: (row: number, column: number) => Html | null;
    /** True for a cell disclosure control suppressed: it reads "Suppressed", not "Not known". */
    suppressed?: (row: number, column: number) => boolean;
    id?: string;
    /** A column heading's content and, for the column sorted on, which way (server-side sorting). */
    header?: (column: number, label: string) => { content: Html; sort?: 'ascending' | 'descending' } | null;
    /**
     * A matrix too wide for any page (every peer × every indicator): it scrolls sideways inside its
     * region with its first column kept in view, and says so above it.
     */
    matrix?: boolean;
  } = {},
): Html {
  const fmt = (v: string | number | null, digits: number | undefined): string =>
    v === null
      ? 'Not known'
      : typeof v === 'number'
        ? formatEnGB(v, {
            minimumFractionDigits: digits ?? 0,
            maximumFractionDigits: digits ?? 2,
          })
        : v;
  const head = (c: DataTable['columns'][number], i: number): Html => {
    const custom = options.header?.(i, c.label);
    return html`<th class="nhsuk-table__header${c.numeric ? ' nhsuk-table__header--numeric' : ''}" scope="col"${stack ? html` role="columnheader"` : html``}${custom?.sort ? html` aria-sort="${custom.sort}"` : html``}>${custom ? custom.content : c.label}</th>`;
  };
  // A matrix scrolls sideways; every other table stacks its rows on a small screen (STACK_CLASS).
  const stack = !options.matrix;
  const role = (r: string): Html => (stack ? html` role="${r}"` : html``);
  const hint = options.matrix
    ? html`<p class="nhsuk-body-s fairview-matrix-hint">This table has ${t.columns.length} columns: scroll it sideways to see them all; the first column stays in view. The export holds the same table.</p>`
    : html``;
  return html`${hint}<div class="nhsuk-table-container${options.matrix ? ' fairview-matrix' : ''}" tabindex="0" role="region" aria-label="${t.title}"><table class="nhsuk-table${options.compact ? ' fairview-table-compact' : ''}${stack ? ` ${STACK_CLASS}` : ''}"${role('table')}${options.id ? html` id="${options.id}"` : html``}${options.sortable ? html` data-sortable` : html``}>
<caption class="${options.captionHidden ? 'nhsuk-u-visually-hidden' : 'nhsuk-table__caption nhsuk-table__caption--s'}">${t.title}</caption>
<thead class="nhsuk-table__head"${role('rowgroup')}><tr class="nhsuk-table__row"${role('row')}>${t.columns.map(head)}</tr></thead>
<tbody class="nhsuk-table__body"${role('rowgroup')}>${t.rows.map(
    (row, r) =>
      html`<tr class="nhsuk-table__row"${role('row')}>${row.map((cell, i) => {
        const col = t.columns[i]!;
        const content =
          options.render?.(r, i) ??
          (cell === null && options.suppressed?.(r, i) ? SUPPRESSED : fmt(cell, col.digits));
        // The exact number the browser sorts on; a table sorted on the server needs none.
        const sort = typeof cell === 'number' && !options.header ? html` data-sort="${cell}"` : html``;
        return i === 0
          ? html`<th class="nhsuk-table__header" scope="row"${role('rowheader')}${sort}>${content}</th>`
          : html`<td class="nhsuk-table__cell${col.numeric ? ' nhsuk-table__cell--numeric' : ''}"${role('cell')}${stack ? stackLabel(col.label) : html``}${sort}>${content}</td>`;
      })}</tr>`,
  )}</tbody>
</table></div>`;
}

export function details(summary: string, content: Html): Html {
  return html`<details class="nhsuk-details"><summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">${summary}</span></summary><div class="nhsuk-details__text">${content}</div></details>`;
}

export { insetText };
