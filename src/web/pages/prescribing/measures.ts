/**
 * Prescribing measures (issue 20): the list of measures, and one measure's page — England's deciles
 * month by month with a practice's own line, the practice's percentile and saving, and the practices
 * with the largest savings in the latest month. Data: src/app/prescribing/views.ts.
 */
import type { DecileRow, PracticeMonth, SavingRow } from '../../../app/prescribing/views.ts';
import { type MeasureDefinition, measureUnit } from '../../../domain/prescribing/measure.ts';
import { decilesChart, monthLabel } from '../../charts/deciles.ts';
import { formatNumber, summaryList, table } from '../../components.ts';
import { html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';

const POLARITY_WORDS = {
  low_is_good: 'Lower is better',
  high_is_good: 'Higher is better',
  neither: 'Neither',
} as const;
const pounds = (v: number): string => `£${formatNumber(v, 2)}`;
/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

export function measuresPage(viewer: Viewer | null, measures: MeasureDefinition[]): string {
  return page({
    title: 'Prescribing measures',
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<h1>Prescribing measures</h1>
<p>Each measure compares what practices prescribe, month by month, from the English Prescribing Dataset. Each one is defined in a file in <code>measures/</code> that says where its BNF codes come from and who checked it. Every measure is also a monthly indicator (<code>RX-</code>) on the scorecards. The same list is at <a href="/api/prescribing/measures">/api/prescribing/measures</a>.</p>
<p>What each practice of an area paid a unit for the same presentation, against the area's median, is on <a href="/prescribing/price-per-unit">price-per-unit variation</a>.</p>
${table({
  caption: `Measures (${measures.length})`,
  captionHidden: true,
  head: ['Measure', 'Unit', 'Polarity', 'Tags'],
  rows: measures.map((m) => [
    html`<a href="/prescribing/${encodeURIComponent(m.id)}">${m.name}</a>`,
    measureUnit(m),
    POLARITY_WORDS[m.polarity],
    m.tags.join(', '),
  ]),
})}`,
  });
}

export interface MeasurePageData {
  measure: MeasureDefinition;
  deciles: DecileRow[];
  practice: { code: string; months: PracticeMonth[] } | null;
  savings: SavingRow[];
  /** Some months held are the demo's SYNTHETIC prescribing, not NHS data. */
  synthetic: boolean;
}

export function measurePage(viewer: Viewer | null, d: MeasurePageData): string {
  const m = d.measure;
  const unit = measureUnit(m);
  const months = d.deciles.map((r) => r.month);
  const byMonth = new Map(d.practice?.months.map((p) => [p.month, p]) ?? []);
  const latest = d.practice?.months.at(-1) ?? null;
  return page({
    title: m.name,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Prescribing measures', href: '/prescribing' },
    ],
    content: html`<span class="nhsuk-caption-l">Prescribing measure</span>
<h1>${m.name}</h1>
${
  d.synthetic
    ? html`<div class="nhsuk-warning-callout"><h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>SYNTHETIC data</span></h2><p>Some of the prescribing months held are SYNTHETIC: made up for the Fairview demo in the layout of the English Prescribing Dataset, for the demo's practices only. They are not NHS data, and “England’s” deciles below are those of the practices held.</p></div>`
    : html``
}
<p>${m.description}</p>
${summaryList([
  { key: 'Why it matters', value: m.whyItMatters },
  { key: 'Unit', value: unit },
  { key: 'Polarity', value: POLARITY_WORDS[m.polarity] },
  {
    key: 'Source of the codes',
    value: html`<a href="${m.source.url}">${m.source.url}</a> (${m.source.licence}). ${m.source.note}`,
  },
  { key: 'Written by', value: m.authoredBy },
  { key: 'Checked by', value: m.checkedBy },
  { key: 'Next review', value: m.nextReview },
])}
<form method="get" action="/prescribing/${encodeURIComponent(m.id)}">
  <div class="nhsuk-form-group">
    <label class="nhsuk-label" for="practice">Show a practice (ODS code)</label>
    <input class="nhsuk-input nhsuk-input--width-10" id="practice" name="practice" type="text" maxlength="10" value="${d.practice?.code ?? ''}">
  </div>
  <button class="nhsuk-button nhsuk-button--secondary" type="submit">Show</button>
</form>
${
  d.deciles.length === 0
    ? html`<p>No prescribing data has been imported for this measure yet.</p>`
    : html`<h2>England’s deciles${d.practice ? html` and ${d.practice.code}` : html``}</h2>
${
  latest
    ? html`<p>In ${monthLabel(latest.month)} ${d.practice!.code} was at the ${latest.percentile === null ? '—' : ordinal(Math.round(latest.percentile))} percentile of England’s practices${m.polarity === 'low_is_good' ? html`; prescribing at England’s 10th-percentile ratio would have saved ${pounds(latest.saving)} that month` : html``}.</p>`
    : d.practice
      ? html`<p>${d.practice.code} has no figures for this measure.</p>`
      : html``
}
${decilesChart({
  id: `deciles-${m.id}`,
  title: `${m.name}: England’s deciles by month${d.practice ? ` with ${d.practice.code}` : ''}`,
  description: `Dashed lines are England’s 10th to 90th percentiles, the solid grey line the median${d.practice ? `, the blue line ${d.practice.code}` : ''}. The table below gives the figures.`,
  yLabel: unit,
  months,
  deciles: d.deciles.map((r) => r.deciles),
  practice: d.practice ? months.map((mo) => byMonth.get(mo)?.ratio ?? null) : undefined,
})}
${table({
  caption: 'The figures by month',
  scrollable: true,
  head: [
    'Month',
    'Practices',
    '10th',
    'Median',
    '90th',
    ...(d.practice ? [d.practice.code, 'Percentile'] : []),
  ],
  numeric: [1, 2, 3, 4, 5, 6],
  rows: d.deciles.map((r) => [
    monthLabel(r.month),
    formatNumber(r.practices),
    formatNumber(r.deciles[0], 2),
    formatNumber(r.deciles[4], 2),
    formatNumber(r.deciles[8], 2),
    ...(d.practice
      ? [
          formatNumber(byMonth.get(r.month)?.ratio ?? null, 2),
          formatNumber(byMonth.get(r.month)?.percentile ?? null, 0),
        ]
      : []),
  ]),
})}`
}
${
  d.savings.length === 0
    ? html``
    : table({
        caption: `The largest possible savings in ${monthLabel(d.savings[0]!.month)}, at England’s 10th-percentile ratio`,
        head: ['Practice', 'Ratio', 'Percentile', 'Cost of the numerator', 'Saving'],
        numeric: [1, 2, 3, 4],
        rows: d.savings.map((s) => [
          html`<a href="/prescribing/${encodeURIComponent(m.id)}?practice=${encodeURIComponent(s.practiceCode)}">${s.practiceCode}</a>`,
          formatNumber(s.ratio, 2),
          formatNumber(s.percentile, 0),
          pounds(s.numeratorCost),
          pounds(s.saving),
        ]),
      })
}`,
  });
}
