// The scheme list and a definition rendered for people: QOF indicators with thresholds and points and
// £ per point; a premium's measures, gateways, reductions and cap; a local scheme's bands, targets,
// cap and its standing rules with the reason each passes or fails.
import type { SchemeListEntry } from '../../../app/schemes/browse.ts';
import type { SchemeStandingRules } from '../../../app/schemes/standing-rules.ts';
import type { SchemeDefinition } from '../../../domain/schemes/definition.ts';
import { formatDateTime, summaryList, table } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import { num, pounds } from './format.ts';
import { standingRulesSection } from './standing-rules.ts';

export const KIND_LABELS = {
  qof: 'QOF-style',
  quality_premium: 'Quality premium',
  local: 'Local scheme',
} as const;

/**
 * `ownPractices`: the practices whose statements the viewer holds a practice role for; each approved
 * calculation links straight to their statement (the calculation page itself is the commissioner's).
 */
export function schemeListPage(
  viewer: Viewer,
  schemes: SchemeListEntry[],
  ownPractices: string[] = [],
): string {
  return page({
    title: 'Incentive schemes',
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<h1>Incentive schemes</h1>
${
  schemes.length === 0
    ? html`<p>No scheme has been calculated yet. Use <code>fairview scheme calculate</code>.</p>`
    : table({
        caption: 'Schemes and their calculations',
        head: ['Scheme', 'Kind', 'Year', 'Version', 'Calculations'],
        rows: schemes.map((s) => [
          html`<a href="/schemes/${s.code}">${s.name}</a>`,
          KIND_LABELS[s.kind],
          s.year,
          String(s.version),
          html`${s.calculations.map(
            (c) =>
              html`<a href="/schemes/calculations/${c.id}">Calculation ${c.id}</a> (${c.period}, ${pounds(c.total)}, ${c.status}, ${formatDateTime(c.createdAt)})${
                c.status === 'approved'
                  ? ownPractices.map(
                      (code) =>
                        html` · <a href="/schemes/calculations/${c.id}/statements/${code}">Statement for ${code}</a>`,
                    )
                  : ''
              }<br>`,
          )}`,
        ]),
      })
}`,
  });
}

export function definitionPage(
  viewer: Viewer,
  scheme: SchemeDefinition,
  rules: SchemeStandingRules | null,
): string {
  return page({
    title: scheme.name,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Incentive schemes', href: '/schemes' },
    ],
    content: html`<h1>${scheme.name}</h1>
${summaryList([
  { key: 'Kind', value: KIND_LABELS[scheme.kind] },
  { key: 'Identifier and version', value: `${scheme.id}, version ${scheme.version}` },
  { key: 'Year', value: scheme.year },
  { key: 'Description', value: scheme.description ?? 'None' },
])}
${body(scheme)}
${rules ? standingRulesSection(rules, false) : html``}
<p><a href="/schemes/${scheme.id}/definition.json">The definition as JSON</a></p>`,
  });
}

function body(scheme: SchemeDefinition): Html {
  switch (scheme.kind) {
    case 'qof':
      return html`<h2>Payment</h2>
<p>${pounds(scheme.poundsPerPoint)} a point for a practice of average list size
(${scheme.nationalAverageListSize === null ? 'the mean list of the practices calculated' : num(scheme.nationalAverageListSize)})
at national prevalence. Points are scaled linearly between the lower and upper thresholds; exceptions are
removed from the denominator; a ratio indicator with no patients ${scheme.zeroDenominator === 'no_points' ? 'earns no points' : 'earns full points'}.</p>
${table({
  caption: 'Indicators',
  head: [
    'Indicator',
    'Measure',
    'Points',
    'Lower threshold (%)',
    'Upper threshold (%)',
    'Prevalence adjusted by',
  ],
  rows: scheme.indicators.map((i) => [
    html`${i.code}${i.name ? html`<br><span class="nhsuk-body-s">${i.name}</span>` : ''}`,
    i.measure,
    num(i.points, 2),
    num(i.lowerThreshold, 1),
    num(i.upperThreshold, 1),
    i.prevalenceGroup ?? 'list size only',
  ]),
  numeric: [2, 3, 4],
  scrollable: true,
})}`;
    case 'quality_premium':
      return html`<h2>Payment</h2><p>At most ${pounds(scheme.capPerPatient)} per registered patient.</p>
${table({
  caption: 'Measures',
  head: ['Measure', 'Weight', 'Direction', 'Target'],
  rows: scheme.measures.map((m) => [
    html`${m.code}<br><span class="nhsuk-body-s">${m.name}</span>`,
    `${num(m.weight * 100, 1)}%`,
    m.direction === 'higher_is_better' ? 'Higher is better' : 'Lower is better',
    m.target.type === 'absolute'
      ? `Reach ${m.target.value}`
      : `Improve on the baseline by ${m.target.change ?? `${m.target.relativePercent}%`}`,
  ]),
  numeric: [1],
})}
${table({
  caption: 'Gateways (failing one withholds everything)',
  head: ['Gateway', 'Condition'],
  rows: scheme.gateways.map((g) => [g.code, g.description]),
})}
${table({
  caption: 'Reductions (for each standard missed)',
  head: ['Standard', 'Description', 'Reduction'],
  rows: scheme.reductions.map((r) => [r.code, r.description, `${r.percent}%`]),
  numeric: [2],
})}`;
    case 'local':
      return html`<h2>Payment</h2>
<p>From ${scheme.startsOn} to ${scheme.endsOn}; practices joining or leaving are paid pro rata by day.
${scheme.capPerPatient === null ? 'No cap.' : `At most ${pounds(scheme.capPerPatient)} per registered patient.`}
${scheme.replaces ? `Replaces ${scheme.replaces}.` : ''}</p>
${table({
  caption: 'Indicators, targets and bands',
  head: ['Indicator', 'Target', 'Bands (gap to target → payment)'],
  rows: scheme.indicators.map((i) => [
    html`${i.code}${i.name ? html`<br><span class="nhsuk-body-s">${i.name}</span>` : ''}`,
    i.target.relativeTo === 'absolute'
      ? `${i.target.value}%`
      : i.target.relativeTo === 'own_baseline'
        ? `Own baseline ${i.target.change >= 0 ? '+' : ''}${i.target.change} points${i.target.ceiling === null ? '' : `, at most ${i.target.ceiling}%`}`
        : `Peer group ${i.target.statistic} ${i.target.change >= 0 ? '+' : ''}${i.target.change} points`,
    html`${i.bands.map(
      (b) =>
        html`${b.label}: gap ≥ ${b.minimumGap} → ${'perPatient' in b.payment ? `${pounds(b.payment.perPatient)} a patient` : pounds(b.payment.fixed)}<br>`,
    )}`,
  ]),
})}`;
  }
}
