/**
 * The trend page: the headline SPC signal (deseasonalised against England, about the last 3 points)
 * and, as the detail view, a practice's SPC (XmR) chart for one indicator exactly as NHSRplotthedots
 * draws it, with Making Data Count icons.
 */

import { formatValue } from '../../benchmarking/format.ts';
import type { HeadlineSpcView, TrendView } from '../../benchmarking/views.ts';
import { assuranceIcon, assuranceLabel, variationIcon, variationLabel } from '../../charts/mdc-icons.ts';
import { spcChart } from '../../charts/spc.ts';
import { type DataTable, pickColumns } from '../../exports/data-table.ts';
import { type Html, html } from '../../html.ts';
import { type Crumb, page, type Viewer } from '../../layout.ts';
import {
  BENCHMARKING_HEAD,
  comparisonBadge,
  dataTableHtml,
  disclosureNote,
  exportLinks,
  raiseConcernLink,
  releaseNote,
  suppressionText,
  withQuery,
} from './common.ts';

/** Options the route decides with the policy. */
export interface TrendPageOptions {
  /** The viewer may raise a concern about this practice (can(…, 'raise_concern', …)). */
  canRaiseConcern?: boolean;
}

/** The page's two tables: the values, and the SPC mean, limits and point (each with the period). */
const VALUE_COLUMNS = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const spcColumns = (v: TrendView) => [0, 9, 10, 11, 12, ...(v.disclosure ? [13] : [])];

/** The table's columns disclosure control can suppress (value, limits, counts, SPC mean and limits). */
const SUPPRESSIBLE = new Set([1, 2, 3, 4, 5, 9, 10, 11]);

const POINT_LABEL: Record<string, string> = {
  special_cause_improvement: 'Special cause: improvement',
  special_cause_concern: 'Special cause: concern',
  special_cause_neutral_high: 'Special cause: high, neither improvement nor concern',
  special_cause_neutral_low: 'Special cause: low, neither improvement nor concern',
  common_cause: 'Common cause',
};

export function trendTable(v: TrendView): DataTable {
  const spc = new Map(v.points.map((p) => [p.period, p]));
  return {
    title: `${v.indicator.name} for ${v.practice.name} (${v.practice.code}) by period`,
    columns: [
      { label: 'Period' },
      { label: 'Value', numeric: true, digits: 2 },
      { label: 'Lower 95% limit', numeric: true, digits: 2 },
      { label: 'Upper 95% limit', numeric: true, digits: 2 },
      { label: 'Count', numeric: true },
      { label: 'Denominator', numeric: true },
      { label: 'England', numeric: true, digits: 2 },
      { label: 'Headline verdict' },
      { label: 'Compared with England (context)' },
      { label: 'SPC mean', numeric: true, digits: 2 },
      { label: 'Lower process limit', numeric: true, digits: 2 },
      { label: 'Upper process limit', numeric: true, digits: 2 },
      { label: 'SPC point' },
      ...(v.disclosure ? [{ label: 'Disclosure control' }] : []),
    ],
    rows: v.results.map((r) => {
      const p = spc.get(r.period);
      return [
        r.period,
        r.value,
        r.lower95,
        r.upper95,
        r.numerator,
        r.denominator,
        r.england,
        r.flag.text,
        r.crude.text,
        p?.mean ?? null,
        p?.lowerLimit ?? null,
        p?.upperLimit ?? null,
        p ? (POINT_LABEL[p.pointType ?? ''] ?? 'Not assessed') : 'Not charted',
        ...(v.disclosure ? [suppressionText(r.suppressed)] : []),
      ];
    }),
  };
}

function headlineSpcCard(h: HeadlineSpcView | null, v: TrendView): ReturnType<typeof html> {
  if (v.indicator.periodType === 'financial_year') {
    return html`<p>Annual series have too few points for the headline SPC signal, which judges the most recent points against a baseline before them; the chart below is the detail.</p>`;
  }
  if (!h) {
    return html`<p>This series is too short for the headline SPC signal (it needs 15 points: a baseline and the recent ones to judge).</p>`;
  }
  const how =
    h.adjustment === 'england_same_period'
      ? "each value is adjusted to England's average period (× England's average ÷ England's value that period), so the season and anything that happened everywhere are taken out"
      : "England's value was not known for every period, so the values are not adjusted";
  return html`<div class="nhsuk-card"><div class="nhsuk-card__content">
<h2 class="nhsuk-card__heading">Headline SPC signal</h2>
<p><strong>${h.signal ? `${h.signal} in ${h.period} (${POINT_LABEL[h.pointType ?? ''] ?? 'special cause'})` : 'No signal in the last 3 periods'}</strong></p>
<p class="nhsuk-body-s">The headline signal looks only at the last 3 periods, on a chart where ${how}, with the mean and limits fixed on the periods before the most recent ones, so a recent change does not hide itself. The chart below is the detail view, exactly as NHS England's Making Data Count tool draws it; a seasonal dip there can be a special cause without being a signal here.</p>
</div></div>`;
}

export function trendPage(
  viewer: Viewer | null,
  v: TrendView,
  crumbs: Crumb[],
  options: TrendPageOptions = {},
): string {
  const release = v.release.status === 'draft' ? v.release.name : null;
  const unit = v.indicator.unit;
  const path = `/practices/${v.practice.code}/trend/${encodeURIComponent(v.indicator.code)}`;
  const table = trendTable(v);
  return page({
    title: `${v.indicator.name}: trend for ${v.practice.name}`,
    viewer,
    breadcrumbs: [
      ...crumbs,
      { text: v.practice.name, href: `/practices/${v.practice.code}` },
      { text: 'Scorecard', href: withQuery(`/practices/${v.practice.code}/scorecard`, { release }) },
    ],
    content: html`${BENCHMARKING_HEAD}
<span class="nhsuk-caption-l">${v.practice.name} (${v.practice.code})</span>
<h1>${v.indicator.name}: trend</h1>
${releaseNote(v.release)}
${disclosureNote(v.disclosure)}
${headlineSpcCard(v.headlineSpc, v)}
${
  options.canRaiseConcern && v.headlineSpc?.signal && v.headlineSpc.period
    ? html`<p>${raiseConcernLink({
        practice: v.practice.code,
        source: 'spc_special_cause',
        release: v.release.name,
        indicator: v.indicator.code,
        period: v.headlineSpc.period,
        what: `${v.practice.name}, ${v.indicator.name}, ${v.headlineSpc.period}`,
      })}</p>`
    : html``
}
${
  v.spc
    ? html`<div class="nhsuk-card"><div class="nhsuk-card__content">
<h2 class="nhsuk-card__heading">What the detail chart shows</h2>
<p>${variationIcon(v.spc.variationIcon, 'variation-icon', 48)} <strong>${variationLabel(v.spc.variationIcon)}</strong></p>
<p>${v.spc.assuranceIcon ? html`${assuranceIcon(v.spc.assuranceIcon, 'assurance-icon', 48)} ` : html``}${assuranceLabel(v.spc.assuranceIcon)}</p>
<p>${
        v.spc.mean === null && v.disclosure
          ? 'The mean and process limits are not shown: a value in the series is suppressed, and they would give it back.'
          : `Mean ${formatValue(v.spc.mean, unit)}; process limits ${formatValue(v.spc.lowerLimit, unit)} to ${formatValue(v.spc.upperLimit, unit)}.`
      } ${v.spc.shortSeries ? `Only ${v.spc.points} points: fewer than the 13 Making Data Count recommends, so read the limits with care.` : `${v.spc.points} points.`}</p>
</div></div>
${spcFigure(v)}`
    : html`<p>There are too few periods for a statistical process control chart (at least 4 are needed).</p>`
}
<h2>Every period</h2>
${exportLinks(path, { release }, 'this table')}
${
  // Shown as two tables (values, then SPC) so each fits the page at 1280 px; the export is one table.
  [VALUE_COLUMNS, spcColumns(v)].map((columns, part) => {
    const shown = pickColumns(table, columns, part === 0 ? '' : ': statistical process control');
    return dataTableHtml(shown, {
      compact: true,
      render: (r, c) => (columns[c] === 7 ? comparisonBadge(v.results[r]!.flag) : null),
      suppressed: (r, c) => {
        const s = v.results[r]!.suppressed;
        const column = columns[c]!;
        return (
          SUPPRESSIBLE.has(column) && (s.numerator || s.denominator || (column >= 9 && v.disclosure !== null))
        );
      },
    });
  })
}
<p><a href="${withQuery(`/indicators/${encodeURIComponent(v.indicator.code)}`, { practice: v.practice.code, release })}">See ${v.practice.name} among all practices (funnel plot)</a></p>`,
  });
}

/** The SPC chart as a figure (the trend page's, and the print pack's); null without an SPC series. */
export function spcFigure(v: TrendView, id = 'spc'): Html {
  if (!v.spc) return html``;
  const unit = v.indicator.unit;
  return html`<figure class="fairview-chart-figure">${spcChart({
    id,
    title: `SPC chart of ${v.indicator.name} for ${v.practice.name}`,
    description: `${v.points.length} periods from ${v.points[0]?.period ?? ''} to ${v.points.at(-1)?.period ?? ''}. ${variationLabel(v.spc.variationIcon)}. The solid line is the mean, dashed lines the process limits; special-cause points are coloured and lettered (I improvement, C concern, N neither). The table below gives every value.`,
    yLabel: `Value${unit ? ` (${unit})` : ''}`,
    points: v.points.map((p) => ({
      label: p.period,
      value: p.value,
      mean: p.mean,
      lower: p.lowerLimit,
      upper: p.upperLimit,
      pointType: p.pointType,
    })),
  })}</figure>`;
}
