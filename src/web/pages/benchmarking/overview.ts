/**
 * The area overview: the practices of a sub-ICB location, ICB or PCN × every indicator, as a heat map
 * coloured by the headline judgment.
 */

import { formatValue } from '../../benchmarking/format.ts';
import type { OverviewView } from '../../benchmarking/views.ts';
import { heatmap } from '../../charts/heatmap.ts';
import { type ComparisonKey, comparisonStyle } from '../../charts/palette.ts';
import { formatDate } from '../../components.ts';
import { type Drawings, drawnOnce } from '../../drawn-once.ts';
import type { DataTable } from '../../exports/data-table.ts';
import { type Html, html } from '../../html.ts';
import { type Crumb, type PageOptions, page, pageBytes, type Viewer } from '../../layout.ts';
import {
  BENCHMARKING_HEAD,
  comparisonBadge,
  details,
  disclosureNote,
  exportLinks,
  releaseNote,
  SUPPRESSED,
  withQuery,
} from './common.ts';

export function overviewTable(v: OverviewView): DataTable {
  return {
    title: `Practices in ${v.area.name} (${v.area.code}) by indicator, headline judgment, release ${v.release.name}`,
    columns: [
      { label: 'Practice' },
      { label: 'Code' },
      ...v.indicators.flatMap((i) => [
        { label: `${i.code} ${i.period} value`, numeric: true, digits: 2 },
        { label: `${i.code} headline verdict` },
      ]),
    ],
    rows: v.practices.map((p) => [
      p.name,
      p.code,
      ...p.cells.flatMap((c) => [
        c.value,
        c.suppressed ? `${c.comparison.text} (value suppressed)` : c.comparison.text,
      ]),
    ]),
  };
}

interface OverviewPageOptions {
  canSetDataSharing?: boolean;
}

export function overviewPage(
  viewer: Viewer | null,
  v: OverviewView,
  crumbs: Crumb[],
  options: OverviewPageOptions = {},
): string {
  return page({ ...frameOf(viewer, v, crumbs), content: overviewContent(v, options) });
}

/** The contents drawn of each view (drawn-once.ts), as UTF-8: what overviewPageBytes sends. */
const contents: Drawings<OverviewView['practices'], Uint8Array> = new WeakMap();

/**
 * The page as UTF-8 bytes, its content (the heat map and its table: ~20 ms to draw for a sub-ICB
 * location) drawn once for the view and the options: a viewer's kept view (load-overview.ts) is the
 * same object on each of her requests. The same page as `overviewPage` writes, byte for byte.
 */
export function overviewPageBytes(
  viewer: Viewer | null,
  v: OverviewView,
  crumbs: Crumb[],
  options: OverviewPageOptions = {},
): Buffer {
  const content = drawnOnce(contents, v.practices, String(options.canSetDataSharing ?? false), () =>
    Buffer.from(overviewContent(v, options).value),
  );
  return pageBytes(frameOf(viewer, v, crumbs), content);
}

/** The page around its content: its title, the viewer's header and the breadcrumbs. */
function frameOf(viewer: Viewer | null, v: OverviewView, crumbs: Crumb[]): Omit<PageOptions, 'content'> {
  return {
    title: `Overview: ${v.area.name}`,
    viewer,
    breadcrumbs: [...crumbs, { text: v.area.name, href: `/organisations/${v.area.code}` }],
  };
}

function overviewContent(v: OverviewView, options: OverviewPageOptions): Html {
  const release = v.release.status === 'draft' ? v.release.name : null;
  const path = `/organisations/${v.area.code}/overview`;
  const counts = new Map<string, number>();
  for (const p of v.practices)
    for (const c of p.cells) counts.set(c.comparison.key, (counts.get(c.comparison.key) ?? 0) + 1);
  const indicatorHref = (code: string, practice?: string) =>
    withQuery(`/indicators/${encodeURIComponent(code)}`, { area: v.area.code, practice, release });
  const keys: ComparisonKey[] = ['better', 'similar', 'worse', 'higher', 'lower', 'not_compared'];
  const legend: Html = html`<ul class="nhsuk-list">${keys.map((k) => {
    const s = comparisonStyle(k);
    // The key shows each colour as the map draws it: a similar cell carries no letter there.
    const badge = { key: k, level: null, text: `${s.label}: ${counts.get(k) ?? 0} cells` };
    return html`<li>${comparisonBadge(badge, { letter: k !== 'similar' })}</li>`;
  })}</ul>`;
  return html`${BENCHMARKING_HEAD}
<span class="nhsuk-caption-l">Area overview</span>
<h1>${v.area.name} (${v.area.code})</h1>
${releaseNote(v.release)}
${disclosureNote(v.disclosure)}
${
  options.canSetDataSharing
    ? html`<p><a href="/organisations/${v.area.code}/data-sharing">Change whether peers are shown by name or pseudonymised</a></p>`
    : html``
}
<p>${v.practices.length} practices${v.asOfDate ? ` of ${v.area.name} open on ${formatDate(v.asOfDate)} (the end of the latest period shown)` : ''} × ${v.indicators.length} indicators, each in its latest period, coloured by the <strong>headline judgment</strong>: each practice's count against what is expected for a practice with its age, sex, deprivation and rurality profile, allowing for the usual variation between practices. Each cell that is not similar carries a letter too: B better, W worse, H higher, L lower (indicators that are neither better nor worse when higher), – not judged; a cell without a letter is similar (as expected). The table below the heat map gives every value and judgment.</p>
${exportLinks(path, { release }, 'this table')}
${legend}
${
  v.practices.length === 0
    ? html`<p>No practice results for this area in release ${v.release.name}.</p>`
    : html`<figure class="fairview-chart-figure"><div class="nhsuk-table-container" tabindex="0" role="region" aria-label="Heat map">${heatmap(
        {
          id: 'heatmap',
          title: `Heat map of ${v.practices.length} practices in ${v.area.name} by ${v.indicators.length} indicators`,
          description: `Rows are practices, columns indicators (codes). ${[...counts].map(([k, n]) => `${comparisonStyle(k).label}: ${n}`).join('; ')}. The table below gives every value.`,
          columns: v.indicators.map((i) => i.code.replace(/^QOF-PREV-/, '')),
          rows: v.practices.map((p) => ({
            label: `${p.name} (${p.code})`,
            cells: p.cells.map((c) => {
              const s = comparisonStyle(c.comparison.key);
              return { fill: s.fill, ink: s.text, code: c.comparison.key === 'similar' ? null : s.code };
            }),
          })),
        },
      )}</div></figure>
${details(
  'The heat map as a table',
  html`<p class="nhsuk-body-s fairview-matrix-hint">This table has ${v.indicators.length + 1} columns: scroll it sideways to see them all; the first column stays in view. The export holds the same table.</p><div class="nhsuk-table-container fairview-matrix" tabindex="0" role="region" aria-label="Practices by indicator"><table class="nhsuk-table fairview-table-compact fairview-overview" data-sortable>
<caption class="nhsuk-table__caption nhsuk-table__caption--s">Practices in ${v.area.name} by indicator</caption>
<thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th class="nhsuk-table__header" scope="col">Practice</th>${v.indicators.map((i) => html`<th class="nhsuk-table__header" scope="col"><abbr title="${i.name}">${i.code.replace(/^QOF-PREV-/, '')}</abbr></th>`)}</tr></thead>
<tbody class="nhsuk-table__body">${v.practices.map(
    (p) =>
      html`<tr class="nhsuk-table__row"><th class="nhsuk-table__header" scope="row"><a href="${withQuery(`/practices/${p.code}/scorecard`, { release })}">${p.name}</a></th>${p.cells.map(
        (c) => {
          const ind = v.indicators.find((i) => i.code === c.indicatorCode)!;
          return html`<td data-sort="${c.value === null ? '' : Number(c.value.toPrecision(6))}"><a href="${indicatorHref(c.indicatorCode, p.code)}">${c.suppressed ? SUPPRESSED : formatValue(c.value, ind.unit)}</a><span>${c.comparison.text}</span></td>`;
        },
      )}</tr>`,
  )}</tbody></table></div>`,
)}
<h2>Indicators</h2>
<ul>${v.indicators.map((i) => html`<li><a href="${indicatorHref(i.code)}">${i.name}</a> (${i.code.replace(/^QOF-PREV-/, '')}, ${i.period})</li>`)}</ul>`
}`;
}
