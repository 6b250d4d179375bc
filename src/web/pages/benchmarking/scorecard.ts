/**
 * The practice scorecard: every indicator as a spine-chart row — the practice's value against the
 * range of England's practices — with its limits, count and denominator, the headline verdict (by
 * polarity, in colour and words), the crude comparison with England as labelled context, the trend
 * arrow and the plain "why is this flagged" sentence naming the comparison that made the verdict.
 */

import { formatEnGB } from '../../../domain/numbers.ts';
import { HEADLINE_BASIS_LABEL, POLARITY_LABEL } from '../../benchmarking/comparison.ts';
import { formatCount, formatRange, formatRatio, formatValue } from '../../benchmarking/format.ts';
import type { ScorecardRow, ScorecardView } from '../../benchmarking/views.ts';
import { variationIcon } from '../../charts/mdc-icons.ts';
import { comparisonStyle } from '../../charts/palette.ts';
import { spineChart } from '../../charts/spine.ts';
import { STACK_CLASS, stackLabel } from '../../components.ts';
import { type Drawings, drawnOnce } from '../../drawn-once.ts';
import type { DataTable } from '../../exports/data-table.ts';
import { type Html, html } from '../../html.ts';
import { type Crumb, type PageOptions, page, pageBytes, type Viewer } from '../../layout.ts';
import {
  BENCHMARKING_HEAD,
  comparisonBadge,
  contextNote,
  disclosureNote,
  exportLinks,
  flagSummary,
  isFlaggedRow,
  raiseConcernLink,
  releaseNote,
  SUPPRESSED,
  suppressionText,
  withQuery,
} from './common.ts';

/** Options the route decides with the policy. */
export interface ScorecardOptions {
  /** The viewer may raise a concern about this practice (can(…, 'raise_concern', …)). */
  canRaiseConcern?: boolean;
}

export function scorecardTable(v: ScorecardView): DataTable {
  return {
    title: `Scorecard for ${v.practice.name} (${v.practice.code}), release ${v.release.name}${v.compare.level === 'england' ? '' : `, compared with ${v.compare.label}`}`,
    columns: [
      { label: 'Indicator code' },
      { label: 'Indicator' },
      { label: 'Period' },
      { label: 'Unit' },
      { label: 'Value', numeric: true, digits: 2 },
      { label: 'Lower 95% limit', numeric: true, digits: 2 },
      { label: 'Upper 95% limit', numeric: true, digits: 2 },
      { label: 'Lower 99.8% limit', numeric: true, digits: 2 },
      { label: 'Upper 99.8% limit', numeric: true, digits: 2 },
      { label: 'Count', numeric: true },
      { label: 'Denominator', numeric: true },
      { label: 'England value', numeric: true, digits: 2 },
      { label: 'England practices lowest', numeric: true, digits: 2 },
      { label: 'England practices 25th percentile', numeric: true, digits: 2 },
      { label: 'England practices 75th percentile', numeric: true, digits: 2 },
      { label: 'England practices highest', numeric: true, digits: 2 },
      { label: 'Quintile', numeric: true },
      { label: 'Decile', numeric: true },
      { label: `${v.compare.label} value`, numeric: true, digits: 2 },
      { label: `Crude comparison with ${v.compare.label} (context)` },
      { label: 'Headline verdict' },
      { label: 'Headline comparison' },
      { label: 'Headline z-score', numeric: true, digits: 2 },
      { label: 'Expected count', numeric: true, digits: 1 },
      { label: 'Observed ÷ expected', numeric: true, digits: 2 },
      { label: 'Crude comparison with England (context)' },
      { label: 'Case-mix adjusted funnel (FunnelPlotR, detail)' },
      { label: 'Trend' },
      { label: 'Why is this flagged' },
      { label: "Prescribing saving at England's 10th percentile (£)", numeric: true, digits: 2 },
      { label: 'Prescribing data' },
      ...(v.disclosure ? [{ label: 'Disclosure control' }] : []),
    ],
    rows: v.rows.map((r) => [
      r.indicator.code,
      r.indicator.name,
      r.period,
      r.indicator.unit,
      r.value,
      r.lower95,
      r.upper95,
      r.lower998,
      r.upper998,
      r.numerator,
      r.denominator,
      r.england?.value ?? null,
      r.england?.min ?? null,
      r.england?.q1 ?? null,
      r.england?.q3 ?? null,
      r.england?.max ?? null,
      r.quintile,
      r.decile,
      r.benchmark.value,
      r.benchmark.comparison.text,
      r.flag.text,
      r.flagBasis ? HEADLINE_BASIS_LABEL[r.flagBasis] : 'Not judged',
      r.flag.z,
      r.flag.expected,
      r.flag.ratio,
      r.crude.text,
      r.adjusted.text,
      r.trend.text,
      r.why,
      r.prescribing?.saving ?? null,
      r.prescribing
        ? r.prescribing.synthetic
          ? 'SYNTHETIC (demo, not NHS data)'
          : 'NHSBSA English Prescribing Dataset'
        : null,
      ...(v.disclosure ? [suppressionText(r.suppressed)] : []),
    ]),
  };
}

const ARROWS = { up: '↑', down: '↓', unchanged: '→' } as const;

/** The scorecard's column headings, also written before each cell when the table stacks on a phone. */
const SCORECARD_HEADS = {
  value: 'Value, limits and count',
  among: "Among England's practices",
  why: 'Comparison, why it is flagged, and trend',
};

/** "Quintile 2 of 5 · decile 4 of 10" among England's practices (1: lowest values). */
function rank(r: ScorecardRow): Html {
  const parts = [
    r.quintile !== null ? `quintile ${r.quintile} of 5` : null,
    r.decile !== null ? `decile ${r.decile} of 10` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? html`<br>${parts.join(' · ')} (1 is lowest)` : html``;
}

/** A prescribing measure's saving and the way to its deciles chart (RX- rows only). */
function prescribingNote(r: ScorecardRow, practice: string): Html {
  const p = r.prescribing;
  if (!p) return html``;
  const href = `/prescribing/${encodeURIComponent(p.measureId)}?practice=${encodeURIComponent(practice)}`;
  const saving =
    p.saving === null
      ? html``
      : html`Possible saving in ${p.month}, prescribing at England's 10th-percentile ratio: <strong>£${formatEnGB(p.saving, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</strong>. `;
  return html`<p class="nhsuk-body-s nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">${p.synthetic ? html`<strong>SYNTHETIC prescribing (demo, not NHS data).</strong> ` : html``}${saving}<a href="${href}">Deciles chart<span class="nhsuk-u-visually-hidden"> for ${r.indicator.name}</span></a></p>`;
}

const counted = (n: number | null, hidden: boolean): string => (hidden ? SUPPRESSED : formatCount(n));

function row(v: ScorecardView, r: ScorecardRow, index: number, options: ScorecardOptions): Html {
  const unit = r.indicator.unit;
  const hidden = r.suppressed.numerator || r.suppressed.denominator;
  const shownValue = (x: number | null) => (hidden ? SUPPRESSED : formatValue(x, unit));
  const practice = v.practice.code;
  const style = comparisonStyle(r.comparison.key);
  const indicatorHref = withQuery(`/indicators/${encodeURIComponent(r.indicator.code)}`, {
    practice,
    period: r.period,
    release: v.release.status === 'draft' ? v.release.name : null,
  });
  const trendHref = withQuery(`/practices/${practice}/trend/${encodeURIComponent(r.indicator.code)}`, {
    release: v.release.status === 'draft' ? v.release.name : null,
  });
  const e = r.england;
  const benchmarkText = r.benchmark.suppressed ? SUPPRESSED : formatValue(r.benchmark.value, unit);
  return html`<tr class="nhsuk-table__row" role="row">
<th class="nhsuk-table__header" scope="row" role="rowheader"><a href="${indicatorHref}">${r.indicator.name}</a><br><span class="nhsuk-body-s">${r.indicator.code} · ${r.period} · ${POLARITY_LABEL[r.indicator.polarity]}</span></th>
<td class="nhsuk-table__cell nhsuk-table__cell--numeric" role="cell"${stackLabel(SCORECARD_HEADS.value)} data-sort="${r.value ?? ''}"><strong>${shownValue(r.value)}</strong>${
    hidden
      ? html``
      : html`<br><span class="nhsuk-body-s fairview-nowrap">95%: ${formatRange(r.lower95, r.upper95, unit)}</span><br><span class="nhsuk-body-s fairview-nowrap">99.8%: ${formatRange(r.lower998, r.upper998, unit)}</span>`
  }<br><span class="nhsuk-body-s fairview-nowrap">${counted(r.numerator, r.suppressed.numerator)} of ${counted(r.denominator, r.suppressed.denominator)}</span>${
    r.flag.expected !== null
      ? html`<br><span class="nhsuk-body-s fairview-nowrap">expected ${formatCount(Math.round(r.flag.expected * 10) / 10)}; O/E ${formatRatio(r.flag.ratio)}</span>`
      : html``
  }</td>
<td class="nhsuk-table__cell" role="cell"${stackLabel(SCORECARD_HEADS.among)}>${spineChart({
    id: `spine-${index}`,
    title: `${r.indicator.name}: ${shownValue(r.value)} against England's practices`,
    description: e
      ? `England ${formatValue(e.value, unit)}; ${e.min !== null && e.max !== null ? `practices range from ${formatValue(e.min, unit)} to ${formatValue(e.max, unit)}, ` : ''}middle half ${formatValue(e.q1, unit)} to ${formatValue(e.q3, unit)}.${v.compare.level === 'england' ? '' : ` ${v.compare.label} ${benchmarkText}.`} ${r.comparison.text}.`
      : 'No England range.',
    min: e?.min ?? null,
    q1: e?.q1 ?? null,
    q3: e?.q3 ?? null,
    max: e?.max ?? null,
    benchmark: r.benchmark.value,
    england: e?.value ?? null,
    value: hidden ? null : r.value,
    fill: style.fill,
    textColour: style.text,
    code: style.code,
    format: (x) => formatValue(x, unit),
  })}<span class="nhsuk-body-s fairview-spine-key">${v.compare.level === 'england' ? html`England ${benchmarkText}` : html`${v.compare.label} ${benchmarkText} · England ${formatValue(e?.value ?? null, unit)}`}${rank(r)}</span></td>
<td class="nhsuk-table__cell fairview-why" role="cell"${stackLabel(SCORECARD_HEADS.why)} data-sort="${r.comparison.key}">${comparisonBadge(r.comparison)}<p class="nhsuk-body-s nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-2"><strong>Why:</strong> ${r.why ?? 'No value, so no comparison.'}</p>${contextNote(`Crude comparison with ${v.compare.level === 'england' ? 'England' : v.compare.label}: ${r.benchmark.comparison.text}`)}<p class="nhsuk-body-s nhsuk-u-margin-bottom-0"><span aria-hidden="true">${r.trend.direction ? ARROWS[r.trend.direction] : ''} </span>${r.trend.text}${
    r.spc
      ? html` · ${variationIcon(r.spc.variationIcon, `vi-${index}`, 20)}<a href="${trendHref}">SPC chart<span class="nhsuk-u-visually-hidden"> for ${r.indicator.name}</span></a>`
      : html``
  }</p>${
    options.canRaiseConcern && r.flagSource && isFlaggedRow(r)
      ? html`<p class="nhsuk-body-s nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">${raiseConcernLink({
          practice,
          source: r.flagSource,
          release: v.release.name,
          indicator: r.indicator.code,
          period: r.period,
          what: `${r.indicator.name}, ${r.period}`,
        })}</p>`
      : html``
  }${prescribingNote(r, practice)}</td>
</tr>`;
}

/** The comparison level selector: a plain GET form (works without JavaScript). */
function levelSelector(v: ScorecardView): Html {
  return html`<form class="fairview-no-print fairview-compare" method="get" action="/practices/${v.practice.code}/scorecard"><div class="nhsuk-form-group nhsuk-u-margin-bottom-3"><label class="nhsuk-label" for="compare">Compare with</label><select class="nhsuk-select" id="compare" name="compare">${v.levels.map(
    (l) =>
      html`<option value="${l.level}"${l.level === v.compare.level ? html` selected` : html``}>${l.label}</option>`,
  )}</select>${v.release.status === 'draft' ? html`<input type="hidden" name="release" value="${v.release.name}">` : html``} <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">Compare</button></div></form>`;
}

export function scorecardPage(
  viewer: Viewer | null,
  v: ScorecardView,
  crumbs: Crumb[],
  options: ScorecardOptions = {},
): string {
  return page({ ...frameOf(viewer, v, crumbs), content: scorecardContent(v, options) });
}

/** The contents drawn of each view (drawn-once.ts), as UTF-8: what scorecardPageBytes sends. */
const contents: Drawings<ScorecardView, Uint8Array> = new WeakMap();

/**
 * The page as UTF-8 bytes, its content drawn and encoded once for the view: a signed-in viewer's
 * scorecard is the same kept object on each of her requests (load-scorecard.ts), so its rows, their
 * spine charts and figures (~2 ms a page) are drawn once for it, and writing the page as text had cost
 * two passes over it on each request (its length in bytes, then its bytes), the largest part of her
 * request under load. The same page as `scorecardPage` writes, byte for byte.
 */
export function scorecardPageBytes(
  viewer: Viewer | null,
  v: ScorecardView,
  crumbs: Crumb[],
  options: ScorecardOptions = {},
): Buffer {
  const content = drawnOnce(contents, v, `raise ${options.canRaiseConcern === true}`, () =>
    Buffer.from(scorecardContent(v, options).value),
  );
  return pageBytes(frameOf(viewer, v, crumbs), content);
}

/** The page around its content: its title, the viewer's header and the breadcrumbs. */
function frameOf(viewer: Viewer | null, v: ScorecardView, crumbs: Crumb[]): Omit<PageOptions, 'content'> {
  return {
    title: `Scorecard: ${v.practice.name} (${v.practice.code})`,
    viewer,
    breadcrumbs: [...crumbs, { text: v.practice.name, href: `/practices/${v.practice.code}` }],
  };
}

/** Everything of the page but its frame: the same for every viewer of the view. */
function scorecardContent(v: ScorecardView, options: ScorecardOptions): Html {
  const path = `/practices/${v.practice.code}/scorecard`;
  const params = { release: v.release.status === 'draft' ? v.release.name : null };
  const summary = flagSummary(v.rows);
  return html`${BENCHMARKING_HEAD}
<span class="nhsuk-caption-l">Practice scorecard</span>
<h1>${v.practice.name} (${v.practice.code})</h1>
${releaseNote(v.release)}
${disclosureNote(v.disclosure)}
<p>Each row is one indicator in its latest period: the practice's value and its confidence limits, how many patients it counts, where it sits among England's practices, and how it compares. Colours follow the comparison and the words say the same, so nothing depends on colour alone.</p>
<p>The colour is the <strong>headline judgment</strong>: the practice's count against what is expected for a practice with its age, sex, deprivation and rurality profile (or, where that cannot be worked out, against all practices in England), allowing for the usual variation between practices. Indicators that are neither better nor worse when higher get blue, never green or red. The crude comparison with England is given as context under each verdict. Each indicator's page shows how many practices the judgment flags against how many chance alone would.</p>
${levelSelector(v)}
<nav class="fairview-toolbar" aria-label="More about this practice"><a href="${withQuery(`/practices/${v.practice.code}/print-pack`, { ...params, compare: v.compare.level === 'england' ? null : v.compare.level })}">Print pack (PDF)</a><a href="/practices/${v.practice.code}/peers${params.release ? `?release=${encodeURIComponent(params.release)}` : ''}">Compare with its peer group</a><a href="/practices/${v.practice.code}">Practice details</a></nav>
${exportLinks(path, { ...params, compare: v.compare.level === 'england' ? null : v.compare.level }, 'this scorecard')}
${
  v.rows.length === 0
    ? html`<p>No results for this practice in release ${v.release.name}.</p>`
    : html`<p id="flag-summary">${summary.sentence}</p>
<div class="nhsuk-table-container" tabindex="0" role="region" aria-label="Scorecard"><table class="nhsuk-table fairview-table-compact ${STACK_CLASS}" role="table" data-sortable id="scorecard">
<caption class="nhsuk-table__caption nhsuk-table__caption--s">Indicators for ${v.practice.name}, coloured by the headline judgment</caption>
<thead class="nhsuk-table__head" role="rowgroup"><tr class="nhsuk-table__row" role="row">
<th class="nhsuk-table__header" scope="col" role="columnheader">Indicator</th>
<th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col" role="columnheader">${SCORECARD_HEADS.value}</th>
<th class="nhsuk-table__header" scope="col" role="columnheader">${SCORECARD_HEADS.among}${v.compare.level === 'england' ? '' : html`, with ${v.compare.label}`}</th>
<th class="nhsuk-table__header" scope="col" role="columnheader">${SCORECARD_HEADS.why}</th>
</tr></thead>
<tbody class="nhsuk-table__body" role="rowgroup">${v.rows.map((r, i) => row(v, r, i, options))}</tbody>
</table></div>
<h2>How to read the spine chart</h2>
<p>The light grey bar runs from the lowest to the highest practice in England (the two ends are written under it), the darker part is the middle half of practices (25th to 75th percentile), the thick black line is the benchmark (${v.compare.level === 'england' ? "England's value" : html`${v.compare.label}'s value; the dashed line is England's`}), and the circle is this practice, coloured and lettered by its headline verdict: B better, W worse, S similar (as expected), H higher, L lower, – not judged. Quintiles and deciles rank the practice's value among England's practices, 1 being the lowest. A practice can sit far from the benchmark and still be as expected for its patients.</p>`
}`;
}
