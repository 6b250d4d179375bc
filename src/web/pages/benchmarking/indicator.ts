/**
 * The indicator page: every practice in the chosen area (England by default) on a funnel plot — crude,
 * with limits from chance alone and, when the practices are over-dispersed, the wider limits the flags
 * use — and on a case-mix adjusted funnel (observed ÷ expected); a caterpillar plot of values with
 * their 95% intervals; and the table of every practice, ranked by value.
 */

import type { Polarity } from '../../../domain/indicators/definition.ts';
import { judged, POLARITY_LABEL } from '../../benchmarking/comparison.ts';
import { formatRatio, formatValue } from '../../benchmarking/format.ts';
import type { FunnelView, IndicatorPageView, OrganisationView } from '../../benchmarking/views.ts';
import { caterpillarPlot } from '../../charts/caterpillar.ts';
import { type FunnelPointGroup, funnelPlot } from '../../charts/funnel.ts';
import { type ComparisonKey, comparisonStyle } from '../../charts/palette.ts';
import type { DataTable } from '../../exports/data-table.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import {
  BENCHMARKING_HEAD,
  comparisonBadge,
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

/** Options the route decides with the policy. */
export interface IndicatorPageOptions {
  /** The viewer may raise a concern about the selected practice (can(…, 'raise_concern', …)). */
  canRaiseConcern?: boolean;
}

/** The table's columns that disclosure control can suppress (value, limits, counts, expected, O/E). */
const SUPPRESSIBLE = new Set([2, 3, 4, 5, 6, 7, 8, 10, 11]);

/** The table rows drawn on the page (the export has them all). */
export const PAGE_TABLE_LIMIT = 1000;

export function indicatorTable(v: IndicatorPageView, limit = Number.POSITIVE_INFINITY): DataTable {
  const rows = v.practices.filter((p, i) => i < limit || p.code === v.selected?.code);
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
      { label: 'Compared with England' },
      { label: 'Expected count', numeric: true, digits: 1 },
      { label: 'Observed ÷ expected', numeric: true, digits: 2 },
      { label: 'Case-mix adjusted' },
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
      p.crude.text,
      p.adjusted.expected,
      p.adjusted.ratio,
      p.adjusted.text,
      ...(v.disclosure ? [suppressionText(p.suppressed)] : []),
    ]),
  };
}

function flagKey(flag: string, polarity: Polarity): ComparisonKey {
  if (flag === 'none') return 'similar';
  return judged(flag.startsWith('high') ? 'higher' : 'lower', polarity);
}

/** A funnel's points in one group per comparison colour (the chart draws one path per group). */
export function funnelGroups(f: FunnelView, polarity: Polarity): FunnelPointGroup[] {
  const order: ComparisonKey[] = ['similar', 'better', 'worse', 'higher', 'lower'];
  return order
    .map((key) => ({
      fill: comparisonStyle(key).fill,
      label: `${comparisonStyle(key).label} (${f.points.filter((p) => flagKey(p.flag, polarity) === key).length})`,
      points: f.points.filter((p) => flagKey(p.flag, polarity) === key),
    }))
    .filter((g) => g.points.length > 0);
}

function funnelFigure(v: IndicatorPageView, f: FunnelView, id: string): Html {
  const crude = f.basis === 'crude';
  const unit = v.indicator.unit;
  const sel = v.selected ? f.points.find((p) => p.code === v.selected!.code) : undefined;
  const outside = f.points.filter((p) => p.flag.endsWith('99_8')).length;
  const outside95 = f.points.filter((p) => p.flag !== 'none').length;
  const title = crude
    ? `Funnel plot of ${v.indicator.name}, ${v.period}, practices in ${v.area.name}`
    : `Case-mix adjusted funnel plot (observed ÷ expected) of ${v.indicator.name}, ${v.period}, practices in ${v.area.name}`;
  const left =
    v.suppressedPractices > 0
      ? ` ${v.suppressedPractices} practices are left off because their figures are suppressed; the limits are drawn from the practices shown.`
      : '';
  const selHidden = v.selected && !sel ? ` ${v.selected.name} is not drawn: its figures are suppressed.` : '';
  const description = `${f.points.length} practices.${left}${selHidden} ${outside95} lie outside the 95% limits and ${outside} outside the 99.8% limits${
    f.overDispersed ? ', using the limits widened for over-dispersion' : ''
  }. ${sel && v.selected ? `${v.selected.name} is highlighted at ${crude ? formatValue(sel.y, unit) : formatRatio(sel.y)}.` : ''} The table below lists every practice.`;
  return html`<figure class="fairview-chart-figure">
${funnelPlot({
  id,
  title,
  description,
  xLabel: crude
    ? `Denominator (${v.indicator.denominator.slice(0, 60)})`
    : 'Expected count for its age and deprivation profile',
  yLabel: crude ? `Value${unit ? ` (${unit})` : ''}` : 'Observed ÷ expected',
  target: f.target,
  limits: f.limits,
  overDispersionLimits: f.overDispersed ? f.overDispersionLimits : null,
  groups: funnelGroups(f, v.indicator.polarity),
  highlight:
    sel && v.selected ? { x: sel.x, y: sel.y, label: `${v.selected.name} (${v.selected.code})` } : null,
})}
<figcaption class="nhsuk-body-s">${
    f.overDispersed
      ? `The practices vary more than chance alone would give (φ = ${formatRatio(f.phi)}), so the blue limits, which allow for this (τ² = ${f.tau2?.toPrecision(3) ?? 'not known'}), are the ones the flags use; grey limits show chance alone.`
      : 'The practices vary no more than chance would give, so the limits from chance alone are used.'
  }</figcaption>
</figure>`;
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
  const table = indicatorTable(v, PAGE_TABLE_LIMIT);
  const hiddenCodes = new Set(
    v.practices.filter((p) => p.suppressed.numerator || p.suppressed.denominator).map((p) => p.code),
  );
  return page({
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
    content: html`${BENCHMARKING_HEAD}
<span class="nhsuk-caption-l">Indicator ${v.indicator.code}</span>
<h1>${v.indicator.name}</h1>
${releaseNote(v.release)}
${disclosureNote(v.disclosure)}
<p>${v.indicator.numerator} divided by ${v.indicator.denominator}${unit === '%' ? ', as a percentage' : unit ? `, ${unit}` : ''}. ${POLARITY_LABEL[v.indicator.polarity]}. Source: ${v.indicator.source}.${v.indicator.caveats ? ` ${v.indicator.caveats}` : ''}</p>
${periodLinks(v, release)}
${areaLinks(v, areas, release)}
<p>England: ${formatValue(v.england?.value ?? null, unit)}${v.area.kind !== 'country' ? html`; ${v.area.name}: ${formatValue(v.areaValue, unit)}` : html``}.</p>
${
  sel && v.selected
    ? html`<div class="nhsuk-card"><div class="nhsuk-card__content"><h2 class="nhsuk-card__heading">${v.selected.name} (${v.selected.code})</h2>
<p>${
        sel.value === null && (sel.suppressed.numerator || sel.suppressed.denominator)
          ? `${SUPPRESSED}: too few patients to publish.`
          : `${formatValue(sel.value, unit)} (95% limits ${formatValue(sel.lower95, unit)} to ${formatValue(sel.upper95, unit)}).`
      } ${comparisonBadge(sel.crude)} ${comparisonBadge(sel.adjusted)}</p>
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
    : html``
}
<h2>Funnel plot</h2>
${v.funnel ? funnelFigure(v, v.funnel, 'funnel-crude') : html`<p>Too few practices with a value for a funnel plot in this area.</p>`}
<h2>Funnel plot adjusted for age and deprivation</h2>
<p>Each practice's count against the count expected for a practice with its patients (its age-sex structure and deprivation), as observed ÷ expected. 1 means exactly as expected.</p>
${v.casemixDescription ? html`<p class="nhsuk-body-s">${v.casemixDescription}</p>` : html``}
${v.adjustedFunnel ? funnelFigure(v, v.adjustedFunnel, 'funnel-adjusted') : html`<p>No case-mix adjusted comparison for this indicator and period (too few practices with an expected count).</p>`}
<h2>Practices ranked, with 95% confidence intervals</h2>
${
  ranked.length > 0
    ? html`<figure class="fairview-chart-figure">${caterpillarPlot({
        id: 'caterpillar',
        title: `${v.indicator.name}, ${v.period}: practices in ${v.area.name} ranked by value`,
        description: `${ranked.length} practices from ${formatValue(ranked[0]!.value, unit)} to ${formatValue(ranked.at(-1)!.value, unit)}; England ${formatValue(v.england?.value ?? null, unit)}. Bars are 95% confidence intervals. The table below lists every practice.`,
        yLabel: `Value${unit ? ` (${unit})` : ''}`,
        points: ranked.map((p) => ({
          value: p.value!,
          lower: p.lower95,
          upper: p.upper95,
          fill: comparisonStyle(p.crude.key).fill,
          selected: p.code === v.selected?.code,
        })),
        benchmark: v.england?.value ?? null,
        benchmarkLabel: `England ${formatValue(v.england?.value ?? null, unit)}`,
        selectedLabel: v.selected ? `${v.selected.name}` : null,
      })}</figure>`
    : html``
}
<h2 id="table">Every practice</h2>
<p>Ranked from the highest value to the lowest. With JavaScript, select a column heading to sort by it.${v.practices.length > PAGE_TABLE_LIMIT ? ` The first ${PAGE_TABLE_LIMIT} are shown; the download has all ${v.practices.length}.` : ''}</p>
${exportLinks(path, params, 'this table')}
${dataTableHtml(table, {
  sortable: true,
  compact: true,
  id: 'practices',
  suppressed: (r, c) => SUPPRESSIBLE.has(c) && hiddenCodes.has(table.rows[r]![1] as string),
  render: (r, c) => {
    const code = table.rows[r]![1] as string;
    if (c === 0)
      return html`<a href="${withQuery(path, { ...params, practice: code })}">${table.rows[r]![0]}</a>${code === v.selected?.code ? html` <strong>(selected)</strong>` : html``}`;
    return null;
  },
})}
${details('About these comparisons', html`<p>Crude comparisons use the practice's 95% and 99.8% confidence interval against England's value (the Fingertips method). The funnel plot flags use FunnelPlotR's limits, widened for over-dispersion when the practices vary more than chance allows. The adjusted comparison uses a national model of age, sex and deprivation; see the method notes.</p>`)}`,
  });
}
