/**
 * The indicator page: the headline judgment of every practice in the chosen area (England by default)
 * — its calibration panel (how many practices are flagged against how many chance alone would flag,
 * the spread of the z-scores) and the z-scores on a funnel — then the crude funnel (limits from chance
 * alone and, when the practices are over-dispersed, FunnelPlotR's wider limits) and the case-mix
 * adjusted funnel (observed ÷ expected) as detail; a caterpillar plot of values with their 95%
 * intervals; and the table of every practice, ranked by value. Every point is coloured by its
 * headline verdict, so a colour means the same thing on every chart.
 */

import { HEADLINE_BASIS_LABEL, POLARITY_LABEL } from '../../benchmarking/comparison.ts';
import { formatValue } from '../../benchmarking/format.ts';
import type { CalibrationView, IndicatorPageView, OrganisationView } from '../../benchmarking/views.ts';
import { caterpillarPlot } from '../../charts/caterpillar.ts';
import { comparisonStyle } from '../../charts/palette.ts';
import { type Drawings, drawnOnce } from '../../drawn-once.ts';
import type { DataTable } from '../../exports/data-table.ts';
import { type Html, html } from '../../html.ts';
import { type PageOptions, page, pageBytes, type Viewer } from '../../layout.ts';
import {
  BENCHMARKING_HEAD,
  comparisonBadge,
  contextNote,
  dataTableHtml,
  details,
  disclosureNote,
  exportLinks,
  raiseConcernLink,
  releaseNote,
  SUPPRESSED,
  suppressionText,
  withQuery,
} from './common.ts';
import { funnelFigure } from './indicator-funnel.ts';

/** Options the route decides with the policy. */
export interface IndicatorPageOptions {
  /** The viewer may raise a concern about the selected practice (can(…, 'raise_concern', …)). */
  canRaiseConcern?: boolean;
  /** Which page of the table, sorted how (from the query string; default the first, by value). */
  table?: TableQuery;
  /** Rows a page (default TABLE_PAGE_SIZE). */
  pageSize?: number;
}

/**
 * The table of practices is paged on the server (issue 15: a page must not grow with England): 100
 * rows a page, sorted by a column chosen with the column heading's link. The export (CSV, Excel) and
 * the API have every practice.
 */
export const TABLE_PAGE_SIZE = 100;

type Row = IndicatorPageView['practices'][number];

/** The sortable columns: their key in the query string, the column and the value sorted on. */
const SORTS = {
  name: { column: 0, value: (p: Row) => p.name, first: 'ascending' },
  code: { column: 1, value: (p: Row) => p.code, first: 'ascending' },
  value: { column: 2, value: (p: Row) => p.value, first: 'descending' },
  count: { column: 7, value: (p: Row) => p.numerator, first: 'descending' },
  denominator: { column: 8, value: (p: Row) => p.denominator, first: 'descending' },
  z: { column: 10, value: (p: Row) => p.flag.z, first: 'descending' },
  expected: { column: 11, value: (p: Row) => p.flag.expected, first: 'descending' },
  ratio: { column: 12, value: (p: Row) => p.flag.ratio, first: 'descending' },
} as const satisfies Record<
  string,
  { column: number; value: (p: Row) => string | number | null; first: string }
>;

export type SortKey = keyof typeof SORTS;

export interface TableQuery {
  page: number;
  sort: SortKey;
  order: 'ascending' | 'descending';
}

/** Reads `page`, `sort` and `order` (asc|desc); anything else gives the default. */
export function parseTableQuery(query: (name: string) => string | undefined): TableQuery {
  const sort = (query('sort') ?? '') in SORTS ? (query('sort') as SortKey) : 'value';
  const order =
    query('order') === 'asc' ? 'ascending' : query('order') === 'desc' ? 'descending' : SORTS[sort].first;
  const page = Number.parseInt(query('page') ?? '1', 10);
  return { page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1, sort, order };
}

/** The practices in the table's order: by the column, missing and suppressed values last, ties by rank. */
export function sortPractices(practices: readonly Row[], q: TableQuery): Row[] {
  const { value } = SORTS[q.sort];
  const sign = q.order === 'ascending' ? 1 : -1;
  return practices
    .map((p, rank) => ({ p, rank, v: value(p) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return Number(a.v === null) - Number(b.v === null) || a.rank - b.rank;
      const c =
        typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : String(a.v).localeCompare(String(b.v));
      return sign * c || a.rank - b.rank;
    })
    .map((x) => x.p);
}

/** The table's columns that disclosure control can suppress (value, limits, counts, z, expected, O/E). */
const SUPPRESSIBLE = new Set([2, 3, 4, 5, 6, 7, 8, 10, 11, 12]);

/** The table of practices (every one, for the export and the API; one page of them on the page). */
export function indicatorTable(v: IndicatorPageView, rows: readonly Row[] = v.practices): DataTable {
  return {
    title: `${v.indicator.name}, ${v.period}: practices in ${v.area.name}`,
    columns: [
      { label: 'Practice' },
      { label: 'Code' },
      { label: `Value (${v.indicator.unit || 'value'})`, numeric: true, digits: 2 },
      { label: 'Lower 95% limit', numeric: true, digits: 2 },
      { label: 'Upper 95% limit', numeric: true, digits: 2 },
      { label: 'Lower 99.8% limit', numeric: true, digits: 2 },
      { label: 'Upper 99.8% limit', numeric: true, digits: 2 },
      { label: 'Count', numeric: true },
      { label: 'Denominator', numeric: true },
      { label: 'Headline verdict' },
      { label: 'Headline z-score', numeric: true, digits: 2 },
      { label: 'Expected count', numeric: true, digits: 1 },
      { label: 'Observed ÷ expected', numeric: true, digits: 2 },
      { label: 'Compared with England (context)' },
      { label: 'Case-mix adjusted funnel (detail)' },
      ...(v.disclosure ? [{ label: 'Disclosure control' }] : []),
    ],
    rows: rows.map((p) => [
      p.name,
      p.code,
      p.value,
      p.lower95,
      p.upper95,
      p.lower998,
      p.upper998,
      p.numerator,
      p.denominator,
      p.flag.text,
      p.flag.z,
      p.flag.expected,
      p.flag.ratio,
      p.crude.text,
      p.adjusted.text,
      ...(v.disclosure ? [suppressionText(p.suppressed)] : []),
    ]),
  };
}

const count = (n: number) => n.toLocaleString('en-GB');
const about = (n: number) => (n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en-GB'));

/** How many practices the headline judgment flags against how many chance alone would, and the z spread. */
function calibrationPanel(v: IndicatorPageView, c: CalibrationView): Html {
  const s = c.shown;
  const area = v.area.kind === 'country' ? 'England' : v.area.name;
  return html`<div class="nhsuk-card" id="calibration"><div class="nhsuk-card__content">
<h2 class="nhsuk-card__heading">How well the flags are calibrated</h2>
<p>If practices differed from what is expected for them only by legitimate variation and chance, about 5% would be flagged at 95% and 0.2% at 99.8%. In ${area}, ${count(s.flagged95)} of the ${count(s.practices)} practices judged (those with a figure for this period) are flagged at 95% (chance alone: about ${about(s.chance95)}) and ${count(s.flagged998)} at 99.8% (chance alone: about ${about(s.chance998)}). For context, the crude comparison with England would flag ${count(s.crudeFlagged95)} at 95% — mostly because their patients differ, not their care.</p>
<ul class="nhsuk-list nhsuk-list--bullet">${c.fits.map(
    (f) =>
      html`<li><strong>${HEADLINE_BASIS_LABEL[f.basis]}</strong> (England, ${count(f.practices)} practices; it made ${count(f.verdicts)} practices' verdicts): at 95%, ${count(f.high95)} higher and ${count(f.low95)} lower (chance alone: about ${about(f.chance95)} in all); at 99.8%, ${count(f.high998)} higher and ${count(f.low998)} lower (chance alone: about ${about(f.chance998)}). Spread of the z-scores: ${f.zRms === null ? 'not known' : f.zRms.toFixed(2)} (root mean square) and ${f.zSpread === null ? 'not known' : f.zSpread.toFixed(2)} (the bulk, untouched by outliers), about 1 when the limits are right. Legitimate variation allowed for: τ² = ${f.tau2.toPrecision(3)} on the log${v.indicator.type === 'proportion' ? '-odds' : ''} scale, so practices like each other typically differ by about ±${Math.round(100 * (Math.exp(Math.sqrt(f.tau2)) - 1))}% in the ${v.indicator.type === 'proportion' ? 'odds' : 'rate'}.<br><span class="nhsuk-body-s">${f.description}</span></li>`,
  )}</ul>
</div></div>`;
}

function areaLinks(v: IndicatorPageView, areas: OrganisationView[], release: string | null): Html {
  const base = `/indicators/${encodeURIComponent(v.indicator.code)}`;
  const options = [{ code: '', name: 'England', kind: 'country' }, ...areas];
  return html`<nav class="fairview-toolbar" aria-label="Area"><span>Area:</span>${options.map((a) => {
    const href = withQuery(base, {
      area: a.code || null,
      period: v.period,
      practice: v.selected?.code,
      release,
    });
    return a.code === (v.area.kind === 'country' ? '' : v.area.code)
      ? html`<a href="${href}" aria-current="true">${a.name} (showing)</a>`
      : html`<a href="${href}">${a.name}</a>`;
  })}</nav>`;
}

function periodLinks(v: IndicatorPageView, release: string | null): Html {
  const base = `/indicators/${encodeURIComponent(v.indicator.code)}`;
  return html`<nav class="fairview-toolbar" aria-label="Period"><span>Period:</span>${v.periods.map((p) => {
    const href = withQuery(base, {
      area: v.area.kind === 'country' ? null : v.area.code,
      period: p,
      practice: v.selected?.code,
      release,
    });
    return p === v.period
      ? html`<a href="${href}" aria-current="true">${p} (showing)</a>`
      : html`<a href="${href}">${p}</a>`;
  })}</nav>`;
}

export function indicatorPage(
  viewer: Viewer | null,
  v: IndicatorPageView,
  areas: OrganisationView[],
  options: IndicatorPageOptions = {},
): string {
  return page({ ...frameOf(viewer, v), content: indicatorContent(v, areas, options) });
}

/** The contents drawn of each view (drawn-once.ts), as UTF-8: what indicatorPageBytes sends. */
const contents: Drawings<IndicatorPageView['practices'], Uint8Array> = new WeakMap();

/**
 * The page as UTF-8 bytes, its content encoded once for the view and everything else it is drawn from:
 * a signed-in viewer's view is the same kept object on each of her requests, and writing her 0.2 MB
 * page as text cost two passes over it on each (its length in bytes, then its bytes), the largest part
 * of her request under load. The same page as `indicatorPage` writes, byte for byte.
 */
export function indicatorPageBytes(
  viewer: Viewer | null,
  v: IndicatorPageView,
  areas: OrganisationView[],
  options: IndicatorPageOptions = {},
): Buffer {
  const key = JSON.stringify([
    v.selected ?? null,
    areas,
    options.canRaiseConcern ?? false,
    options.table ?? null,
    options.pageSize ?? null,
  ]);
  const content = drawnOnce(contents, v.practices, key, () =>
    Buffer.from(indicatorContent(v, areas, options).value),
  );
  return pageBytes(frameOf(viewer, v), content);
}

/** The page around its content: its title, the viewer's header and the breadcrumbs. */
function frameOf(viewer: Viewer | null, v: IndicatorPageView): Omit<PageOptions, 'content'> {
  const release = v.release.status === 'draft' ? v.release.name : null;
  return {
    title: `${v.indicator.name}, ${v.period}`,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      ...(v.selected
        ? [
            {
              text: `${v.selected.name} scorecard`,
              href: withQuery(`/practices/${v.selected.code}/scorecard`, { release }),
            },
          ]
        : []),
    ],
  };
}

/** Everything of the page but its frame: the same for every viewer of the view. */
function indicatorContent(
  v: IndicatorPageView,
  areas: OrganisationView[],
  options: IndicatorPageOptions,
): Html {
  const release = v.release.status === 'draft' ? v.release.name : null;
  const unit = v.indicator.unit;
  const sel = v.selected ? v.practices.find((p) => p.code === v.selected!.code) : undefined;
  const params = {
    area: v.area.kind === 'country' ? null : v.area.code,
    period: v.period,
    practice: v.selected?.code,
    release,
  };
  const path = `/indicators/${encodeURIComponent(v.indicator.code)}`;
  const ranked = v.practices.filter((p) => p.value !== null);
  return html`${BENCHMARKING_HEAD}
<span class="nhsuk-caption-l">Indicator ${v.indicator.code}</span>
<h1>${v.indicator.name}</h1>
${releaseNote(v.release)}
${disclosureNote(v.disclosure)}
<p>${v.indicator.numerator} divided by ${v.indicator.denominator}${unit === '%' ? ', as a percentage' : unit ? `, ${unit}` : ''}. ${POLARITY_LABEL[v.indicator.polarity]}. Source: ${v.indicator.source}.${v.indicator.caveats ? ` ${v.indicator.caveats}` : ''}</p>
${periodLinks(v, release)}
${areaLinks(v, areas, release)}
<p>England: ${formatValue(v.england?.value ?? null, unit)}${v.area.kind !== 'country' ? html`; ${v.area.name}: ${formatValue(v.areaValue, unit)}` : html``}.</p>
${selectedCard(v, sel, options, release)}
${v.calibration ? calibrationPanel(v, v.calibration) : html`<p>This release has no headline judgment for this indicator and period.</p>`}
<h2>The headline judgment</h2>
<p>Each practice's count against what is expected for a practice with its age, sex, deprivation and rurality profile (or, where that cannot be worked out, against all practices in England), allowing for the usual variation between practices and for chance at its size. The colour of every practice on this page is this verdict.</p>
${v.headlineFunnel ? funnelFigure(v, v.headlineFunnel, 'funnel-headline') : html`<p>No practice in this area has a headline judgment.</p>`}
<h2>Crude funnel plot</h2>
${v.funnel ? funnelFigure(v, v.funnel, 'funnel-crude') : html`<p>Too few practices with a value for a funnel plot in this area.</p>`}
<h2>Funnel plot adjusted for age and deprivation (FunnelPlotR)</h2>
<p>Each practice's count against the count expected for a practice with its patients (five broad age-sex bands and deprivation), as observed ÷ expected, with FunnelPlotR's limits. 1 means exactly as expected.</p>
${v.casemixDescription ? html`<p class="nhsuk-body-s">${v.casemixDescription}</p>` : html``}
${v.adjustedFunnel ? funnelFigure(v, v.adjustedFunnel, 'funnel-adjusted') : html`<p>No case-mix adjusted comparison for this indicator and period (too few practices with an expected count).</p>`}
<h2>Practices ranked, with 95% confidence intervals</h2>
${caterpillarFigure(v, ranked)}
${practicesTable(v, path, params, options)}
${details('About these comparisons', html`<p>The headline judgment compares each practice's count with what is expected for a practice with its age-sex structure (5-year bands), deprivation and rurality, from a model fitted on every practice in England, and allows for the usual variation between practices (estimated so that it is neither too wide nor too narrow) and for chance at the practice's size; where no model can be fitted, or the practice lacks the data, it compares the practice with all practices in England the same way. Crude comparisons use the practice's 95% and 99.8% confidence interval against England's value (the Fingertips method): they are context, because a practice whose patients differ will often differ from England. The funnel plots use FunnelPlotR's limits, widened for over-dispersion when the practices vary more than chance allows. See the method notes (docs/casemix-and-peers.md).</p>`)}`;
}

/** The tables drawn of each view's practices (drawn-once.ts): paging back needs no new sort or rows. */
const tables: Drawings<IndicatorPageView['practices']> = new WeakMap();

/** Every practice in a table: sortable, or paged with sorting links when there are many. */
function practicesTable(
  v: IndicatorPageView,
  path: string,
  params: Record<string, string | null | undefined>,
  options: IndicatorPageOptions,
): Html {
  const key = JSON.stringify([
    path,
    params,
    v.selected?.code ?? null,
    options.table ?? null,
    options.pageSize ?? null,
  ]);
  return drawnOnce(tables, v.practices, key, () => drawPracticesTable(v, path, params, options));
}

function drawPracticesTable(
  v: IndicatorPageView,
  path: string,
  params: Record<string, string | null | undefined>,
  options: IndicatorPageOptions,
): Html {
  const q = options.table ?? parseTableQuery(() => undefined);
  const sorted = sortPractices(v.practices, q);
  const size = options.pageSize ?? TABLE_PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(sorted.length / size));
  const pageNumber = Math.min(q.page, pages);
  const shown = sorted.slice((pageNumber - 1) * size, pageNumber * size);
  const paged = pages > 1;
  const table = indicatorTable(v, shown);
  const tableHref = (page: number, sort: SortKey, order: TableQuery['order']) =>
    `${withQuery(path, {
      ...params,
      sort: sort === 'value' ? null : sort,
      order: order === SORTS[sort].first ? null : order === 'ascending' ? 'asc' : 'desc',
      page: page === 1 ? null : String(page),
    })}#table`;
  const hiddenCodes = new Set(
    v.practices.filter((p) => p.suppressed.numerator || p.suppressed.denominator).map((p) => p.code),
  );
  return html`<h2 id="table">Every practice</h2>
${
  paged
    ? html`<p>${count(sorted.length)} practices, ${size} a page: this is page ${pageNumber} of ${pages}, sorted by ${table.columns[SORTS[q.sort].column]!.label.toLowerCase()}, ${q.order === 'descending' ? 'highest first' : 'lowest first'}. Select a column heading to sort by it. The download has every practice.</p>`
    : html`<p>Ranked from the highest value to the lowest. With JavaScript, select a column heading to sort by it.</p>`
}
${exportLinks(path, params, 'this table')}
${dataTableHtml(table, {
  sortable: !paged,
  header: paged
    ? (column, label) => {
        const key = (Object.keys(SORTS) as SortKey[]).find((k) => SORTS[k].column === column);
        if (!key) return null;
        const current = q.sort === key;
        const next = current ? (q.order === 'ascending' ? 'descending' : 'ascending') : SORTS[key].first;
        return {
          content: html`<a href="${tableHref(1, key, next)}">${label}<span class="nhsuk-u-visually-hidden">: sort ${next === 'ascending' ? 'lowest' : 'highest'} first</span></a>`,
          sort: current ? q.order : undefined,
        };
      }
    : undefined,
  compact: true,
  // A row per practice and a column per figure (15): wider than any page, so a declared matrix.
  matrix: true,
  id: 'practices',
  suppressed: (r, c) => SUPPRESSIBLE.has(c) && hiddenCodes.has(table.rows[r]![1] as string),
  render: (r, c) => {
    const code = table.rows[r]![1] as string;
    if (c === 0)
      return html`<a href="${withQuery(path, { ...params, practice: code })}">${table.rows[r]![0]}</a>${code === v.selected?.code ? html` <strong>(selected)</strong>` : html``}`;
    return null;
  },
})}
${paged ? pagination(pageNumber, pages, (n) => tableHref(n, q.sort, q.order)) : html``}`;
}

/** The selected practice's card: its value and limits, how it compares, and what to do next. */
function selectedCard(
  v: IndicatorPageView,
  sel: Row | undefined,
  options: IndicatorPageOptions,
  release: string | null,
): Html {
  const unit = v.indicator.unit;
  return sel && v.selected
    ? html`<div class="nhsuk-card"><div class="nhsuk-card__content"><h2 class="nhsuk-card__heading">${v.selected.name} (${v.selected.code})</h2>
<p>${
        sel.value === null && (sel.suppressed.numerator || sel.suppressed.denominator)
          ? `${SUPPRESSED}: too few patients to publish.`
          : `${formatValue(sel.value, unit)} (95% limits ${formatValue(sel.lower95, unit)} to ${formatValue(sel.upper95, unit)}).`
      } ${comparisonBadge(sel.flag)}</p>${contextNote(`Crude comparison with England: ${sel.crude.text}. Case-mix adjusted funnel (FunnelPlotR, detail): ${sel.adjusted.text}.`)}
<p><a href="${withQuery(`/practices/${v.selected.code}/trend/${encodeURIComponent(v.indicator.code)}`, { release })}">See its trend (SPC chart)</a></p>${
        options.canRaiseConcern && sel.flagSource
          ? html`<p>${raiseConcernLink({
              practice: v.selected.code,
              source: sel.flagSource,
              release: v.release.name,
              indicator: v.indicator.code,
              period: v.period,
              what: `${v.selected.name}, ${v.indicator.name}, ${v.period}`,
            })}</p>`
          : html``
      }</div></div>`
    : html``;
}

/** The caterpillars drawn of each view's practices, by highlighted practice (drawn-once.ts). */
const caterpillars: Drawings<IndicatorPageView['practices']> = new WeakMap();

/** The practices with a value, ranked, each with its 95% interval (the caterpillar plot). */
function caterpillarFigure(v: IndicatorPageView, ranked: readonly Row[]): Html {
  return drawnOnce(caterpillars, v.practices, v.selected?.code ?? '', () => drawCaterpillar(v, ranked));
}

function drawCaterpillar(v: IndicatorPageView, ranked: readonly Row[]): Html {
  const unit = v.indicator.unit;
  return ranked.length > 0
    ? html`<figure class="fairview-chart-figure">${caterpillarPlot({
        id: 'caterpillar',
        title: `${v.indicator.name}, ${v.period}: practices in ${v.area.name} ranked by value`,
        description: `${ranked.length} practices from ${formatValue(ranked[0]!.value, unit)} to ${formatValue(ranked.at(-1)!.value, unit)}; England ${formatValue(v.england?.value ?? null, unit)}. Bars are 95% confidence intervals; points are coloured by their headline verdict. The table below lists every practice.`,
        yLabel: `Value${unit ? ` (${unit})` : ''}`,
        points: ranked.map((p) => ({
          value: p.value!,
          lower: p.lower95,
          upper: p.upper95,
          fill: comparisonStyle(p.flag.key).fill,
          selected: p.code === v.selected?.code,
        })),
        benchmark: v.england?.value ?? null,
        benchmarkLabel: `England ${formatValue(v.england?.value ?? null, unit)}`,
        selectedLabel: v.selected ? `${v.selected.name}` : null,
      })}</figure>`
    : html``;
}

/** The NHS.UK numbered pagination: first, last, and the pages either side of this one. */
function pagination(current: number, pages: number, href: (page: number) => string): Html {
  const numbers = [...new Set([1, current - 1, current, current + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const items: Html[] = [];
  for (const [i, n] of numbers.entries()) {
    if (i > 0 && n - numbers[i - 1]! > 1)
      items.push(html`<li class="nhsuk-pagination__item nhsuk-pagination__item--ellipsis">&ctdot;</li>`);
    items.push(
      n === current
        ? html`<li class="nhsuk-pagination__item nhsuk-pagination__item--current"><a class="nhsuk-pagination__link" href="${href(n)}" aria-label="Page ${n}" aria-current="page">${n}</a></li>`
        : html`<li class="nhsuk-pagination__item"><a class="nhsuk-pagination__link" href="${href(n)}" aria-label="Page ${n}">${n}</a></li>`,
    );
  }
  return html`<nav class="nhsuk-pagination nhsuk-pagination--numbered" role="navigation" aria-label="Pages of the table">
${current > 1 ? html`<a href="${href(current - 1)}" class="nhsuk-pagination__previous" rel="prev"><span class="nhsuk-pagination__title">Previous<span class="nhsuk-u-visually-hidden"> page</span></span></a>` : html``}
<ul class="nhsuk-pagination__list">${items}</ul>
${current < pages ? html`<a href="${href(current + 1)}" class="nhsuk-pagination__next" rel="next"><span class="nhsuk-pagination__title">Next<span class="nhsuk-u-visually-hidden"> page</span></span></a>` : html``}
</nav>`;
}
