/**
 * Public release pages (no sign-in): the published releases, and one release's practices' figures
 * for a sub-ICB location, every count and derived figure under disclosure control, with the rule
 * written out on the page. The same rows are exported as CSV.
 */

import type { Release } from '../../../app/db.ts';
import type {
  PublicArea,
  PublicFigure,
  PublicIndicatorTable,
  ReleaseAreaPractices,
} from '../../../app/releases/public-release.ts';
import type { PublishedCount } from '../../../domain/disclosure/index.ts';
import type { DataTable } from '../../exports/data-table.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';

const SUPPRESSED = '*';

function count(c: PublishedCount): string {
  return c.kind === 'shown' ? c.value.toLocaleString('en-GB') : SUPPRESSED;
}

function value(v: number | null): string {
  return v === null ? SUPPRESSED : v.toFixed(1);
}

function ruleInset(rule: string): Html {
  return html`<div class="nhsuk-inset-text">
  <span class="nhsuk-u-visually-hidden">Information: </span>
  <h2 class="nhsuk-heading-s">How small numbers are protected</h2>
  <p>${rule}</p>
  <p>A suppressed figure is shown as ${SUPPRESSED}.</p>
</div>`;
}

function day(d: Date | string | null): string {
  return d === null ? '' : new Date(d).toISOString().slice(0, 10);
}

export function releasesPage(
  viewer: Viewer | null,
  releases: readonly Release[],
  rule: string,
  /** Drafts under embargo, listed only for people who take part in their checks. */
  drafts: readonly Release[] = [],
): string {
  return page({
    title: 'Published releases',
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<h1>Published releases</h1>
<p>Each release is a frozen set of benchmarking figures. Practices checked their own figures before publication.</p>
${
  releases.length === 0
    ? html`<p>No release has been published yet.</p>`
    : html`<table class="nhsuk-table">
  <caption class="nhsuk-table__caption">Published releases, newest first</caption>
  <thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th scope="col" class="nhsuk-table__header">Release</th><th scope="col" class="nhsuk-table__header">Published</th><th scope="col" class="nhsuk-table__header">Method</th></tr></thead>
  <tbody class="nhsuk-table__body">${releases.map(
    (r) =>
      html`<tr class="nhsuk-table__row"><td class="nhsuk-table__cell"><a href="/releases/${encodeURIComponent(r.name)}">${r.name}</a></td><td class="nhsuk-table__cell">${day(r.published_at)}</td><td class="nhsuk-table__cell">${r.method_version}</td></tr>`,
  )}</tbody>
</table>`
}
${ruleInset(rule)}
${
  drafts.length > 0
    ? html`<h2>Drafts under embargo</h2>
<p>Check your figures before publication, and raise a data query on any that look wrong.</p>
<ul class="nhsuk-list">${drafts.map((r) => html`<li><a href="/releases/${encodeURIComponent(r.name)}/queries">Checks before publication: release ${r.name}</a></li>`)}</ul>`
    : ''
}`,
  });
}

function areaList(base: string, areas: readonly PublicArea[]): Html {
  return html`<ul class="nhsuk-list">${areas.map(
    (a) =>
      html`<li><a href="${base}?area=${encodeURIComponent(a.code)}">${a.name} (${a.code})</a>${a.successor ? html` — now part of ${a.successor.name} (${a.successor.code})` : html``}</li>`,
  )}</ul>`;
}

export function releaseAreasPage(
  viewer: Viewer | null,
  release: Release,
  areas: readonly PublicArea[],
  rule: string,
): string {
  const base = `/releases/${encodeURIComponent(release.name)}`;
  return page({
    title: `Release ${release.name}`,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Releases', href: '/releases' },
    ],
    content: html`<h1>Release ${release.name}</h1>
<p>Published ${day(release.published_at)}. Choose a sub-ICB location to see its practices' figures.</p>
<p><a href="${base}/about">What this release was made from: its checksum, files and indicator versions, and what changed since an earlier release</a></p>
${areaList(
  base,
  areas.filter((a) => a.current !== false),
)}
${
  areas.some((a) => a.current === false)
    ? html`<h2>Former commissioners</h2>
<p>Earlier periods count practices under the commissioners of their day. Each closed one is listed with the current organisation it became part of.</p>
${areaList(
  base,
  areas.filter((a) => a.current === false),
)}`
    : html``
}
${ruleInset(rule)}`,
  });
}

function figureCells(f: PublicFigure): Html {
  return html`<td class="nhsuk-table__cell nhsuk-table__cell--numeric">${count(f.numerator)}</td><td class="nhsuk-table__cell nhsuk-table__cell--numeric">${count(f.denominator)}</td><td class="nhsuk-table__cell nhsuk-table__cell--numeric">${value(f.value)}</td>`;
}

export function releaseAreaPage(
  viewer: Viewer | null,
  release: Release,
  area: PublicArea,
  tables: readonly PublicIndicatorTable[],
  rule: string,
  counted: ReleaseAreaPractices | null = null,
): string {
  const base = `/releases/${encodeURIComponent(release.name)}`;
  return page({
    title: `${area.name}: release ${release.name}`,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Releases', href: '/releases' },
      { text: `Release ${release.name}`, href: base },
    ],
    content: html`<h1>${area.name}: release ${release.name}</h1>
${ruleInset(rule)}
${counted ? countedPractices(area, counted) : ''}
<p><a href="${base}?area=${encodeURIComponent(area.code)}&amp;format=csv">Download these figures (CSV)</a></p>
${tables.map(
  (t) => html`<table class="nhsuk-table">
  <caption class="nhsuk-table__caption">${t.indicatorName} (${t.indicatorCode}), ${t.period}</caption>
  <thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th scope="col" class="nhsuk-table__header">Practice</th><th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">Count</th><th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">Denominator</th><th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">Value</th></tr></thead>
  <tbody class="nhsuk-table__body">${t.rows.map(
    (r) =>
      html`<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__header">${r.name} (${r.code})</th>${figureCells(r)}</tr>`,
  )}<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__header">Total of these practices</th>${figureCells(t.total)}</tr></tbody>
</table>`,
)}`,
  });
}

/** The practices the release counts for the area: those open on its as-of date (the one rule). */
function countedPractices(area: PublicArea, counted: ReleaseAreaPractices): Html {
  const n = counted.practices.length;
  return html`<p data-practices-open="${String(n)}"><strong>${n.toLocaleString('en-GB')} ${n === 1 ? 'practice' : 'practices'} of ${area.name} open on ${counted.date}</strong>, the end of the latest period in this release (members on the date, opened and not closed, not dormant: the count the organisation page and the heat map give for that date). Each table lists the practices with a published figure for its indicator and period.</p>`;
}

/** The CSV export: suppressed figures are empty, with a column saying so. */
export function releaseAreaTable(
  release: Release,
  area: PublicArea,
  tables: readonly PublicIndicatorTable[],
): DataTable {
  const n = (c: PublishedCount) => (c.kind === 'shown' ? c.value : null);
  const rows: DataTable['rows'] = [];
  for (const t of tables) {
    for (const r of [
      ...t.rows.map((r) => ({ ...r, label: r.code })),
      { ...t.total, label: 'TOTAL', name: 'Total of these practices' },
    ]) {
      const suppressed =
        r.numerator.kind === 'suppressed' || r.denominator.kind === 'suppressed' || r.value === null;
      rows.push([
        t.indicatorCode,
        t.period,
        r.label,
        r.name,
        n(r.numerator),
        n(r.denominator),
        r.value,
        suppressed ? 'suppressed' : '',
      ]);
    }
  }
  return {
    title: `Release ${release.name} ${area.code}`,
    columns: [
      { label: 'Indicator' },
      { label: 'Period' },
      { label: 'Practice code' },
      { label: 'Practice' },
      { label: 'Count', numeric: true },
      { label: 'Denominator', numeric: true },
      { label: 'Value', numeric: true },
      { label: 'Disclosure control' },
    ],
    rows,
  };
}
