// What-if: a form of the rules that can change (thresholds, points, £ per point, targets, cap), the
// total cost before and after, each practice's change, winners and losers, and the equity view — £
// per patient by deprivation quintile and list-size band, as an SVG bar chart with the same figures
// in a table.

import type { WhatIfOutcome } from '../../../app/schemes/what-if.ts';
import { formatPounds } from '../../../domain/money.ts';
import type { SchemeDefinition } from '../../../domain/schemes/definition.ts';
import type { EquityGroup } from '../../../domain/schemes/equity.ts';
import { errorSummary, summaryList, table } from '../../components.ts';
import { type Html, html, raw } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';
import { pounds } from './format.ts';

/** The form's current values, by field name, as typed. */
export type WhatIfForm = Record<string, string>;

export function whatIfPage(
  viewer: Viewer,
  outcome: WhatIfOutcome | null,
  scheme: SchemeDefinition,
  calculationId: number,
  form: WhatIfForm,
  error: string | null,
): string {
  return page({
    title: `What-if: ${scheme.name}`,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Incentive schemes', href: '/schemes' },
      { text: `Calculation ${calculationId}`, href: `/schemes/calculations/${calculationId}` },
    ],
    content: html`<h1>What-if: ${scheme.name}</h1>
${error ? errorSummary([{ field: 'what-if', message: error }]) : ''}
${outcome && outcome.problems.length > 0 ? errorSummary(outcome.problems.map((p) => ({ field: 'what-if', message: `${p.path}: ${p.message}` }))) : ''}
<p>Change any rule and see what the scheme would cost and who would gain or lose. Nothing is saved.</p>
<form method="get" action="/schemes/calculations/${calculationId}/what-if" id="what-if">${fields(scheme, form)}
<button class="nhsuk-button" type="submit">Show the effect</button></form>
${outcome?.comparison ? results(outcome) : ''}`,
  });
}

function input(name: string, label: string, value: string, placeholder: number | null): Html {
  return html`<div class="nhsuk-form-group"><label class="nhsuk-label" for="${name}">${label}</label>
<input class="nhsuk-input nhsuk-input--width-5" id="${name}" name="${name}" inputmode="decimal" value="${value}" placeholder="${placeholder === null ? '' : String(placeholder)}"></div>`;
}

function fields(scheme: SchemeDefinition, form: WhatIfForm): Html {
  const v = (name: string) => form[name] ?? '';
  if (scheme.kind === 'qof')
    return html`${input('pounds_per_point', '£ per point', v('pounds_per_point'), scheme.poundsPerPoint)}
<details class="nhsuk-details"><summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">Indicators</span></summary><div class="nhsuk-details__text">
${scheme.indicators.map(
  (i) => html`<fieldset class="nhsuk-fieldset"><legend class="nhsuk-fieldset__legend">${i.code}</legend>
${input(`points.${i.code}`, 'Points', v(`points.${i.code}`), i.points)}
${i.measure === 'ratio' ? html`${input(`lower.${i.code}`, 'Lower threshold (%)', v(`lower.${i.code}`), i.lowerThreshold)}${input(`upper.${i.code}`, 'Upper threshold (%)', v(`upper.${i.code}`), i.upperThreshold)}` : ''}</fieldset>`,
)}</div></details>`;
  if (scheme.kind === 'quality_premium')
    return html`${input('cap', '£ per patient cap', v('cap'), scheme.capPerPatient)}
${scheme.measures.map((m) => input(`target.${m.code}`, `${m.code} target`, v(`target.${m.code}`), m.target.type === 'absolute' ? m.target.value : m.target.change))}`;
  return html`${input('cap', '£ per patient cap', v('cap'), scheme.capPerPatient)}
${scheme.indicators.map((i) => input(`target.${i.code}`, `${i.code} target (absolute %, or change on the baseline)`, v(`target.${i.code}`), i.target.relativeTo === 'absolute' ? i.target.value : i.target.change))}`;
}

function results(outcome: WhatIfOutcome): Html {
  const c = outcome.comparison!;
  return html`<h2>Effect</h2>
${outcome.sameInputs ? '' : html`<p class="nhsuk-body-s">The inputs have changed since the calculation was stored: both sides below use today’s inputs.</p>`}
${summaryList([
  { key: 'Total before', value: pounds(c.totalBefore) },
  { key: 'Total after', value: pounds(c.totalAfter) },
  { key: 'Change', value: pounds(c.totalChange) },
  { key: 'Winners', value: String(c.winners.length) },
  { key: 'Losers', value: String(c.losers.length) },
])}
${table({
  caption: 'Change per practice (largest changes first)',
  head: ['Practice', 'Before', 'After', 'Change'],
  rows: [...c.winners, ...c.losers]
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
    .map((p) => [p.orgCode, pounds(p.before), pounds(p.after), pounds(p.change)]),
  numeric: [1, 2, 3],
  scrollable: true,
})}
${outcome.equity ? equity('Payments per patient by deprivation quintile', outcome.equity.byDeprivation) : ''}
${outcome.equity ? equity('Payments per patient by list size', outcome.equity.byListSize) : ''}
${outcome.equity && outcome.equity.unplaced.length > 0 ? html`<p class="nhsuk-body-s">Not placed (no list size or IMD score): ${outcome.equity.unplaced.join(', ')}.</p>` : ''}`;
}

function equity(title: string, groups: EquityGroup[]): Html {
  // Flags are the headline judgment's (allowing for the practices' patients), known for a release.
  const flags = groups.some((g) => g.flagged !== null);
  return html`<h2>${title}</h2>${raw(barChart(title, groups))}
${table({
  caption: `${title} (the chart's figures)`,
  head: [
    'Group',
    'Practices',
    'Patients',
    '£ a patient before',
    '£ a patient after',
    ...(flags ? ['Flagged by the headline judgment'] : []),
  ],
  rows: groups.map((g) => [
    g.label,
    String(g.practices),
    g.patients.toLocaleString('en-GB'),
    g.perPatientBefore === null ? '' : formatPounds(g.perPatientBefore),
    g.perPatientAfter === null ? '' : formatPounds(g.perPatientAfter),
    ...(flags ? [g.flagged === null ? '' : `${g.flagged} of ${g.practices}`] : []),
  ]),
  numeric: [1, 2, 3, 4],
})}`;
}

/** Paired horizontal bars (before grey, after blue), one row a group; the table carries the figures. */
export function barChart(title: string, groups: EquityGroup[]): string {
  const width = 640;
  const left = 170;
  const row = 36;
  const height = groups.length * row + 30;
  const max = Math.max(0.01, ...groups.flatMap((g) => [g.perPatientBefore ?? 0, g.perPatientAfter ?? 0]));
  const scale = (v: number | null) => ((v ?? 0) / max) * (width - left - 70);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const bars = groups
    .map((g, i) => {
      const y = 10 + i * row;
      return `<text x="${left - 8}" y="${y + 16}" text-anchor="end" font-size="12">${esc(g.label)}</text>
<rect x="${left}" y="${y}" width="${scale(g.perPatientBefore).toFixed(1)}" height="12" fill="#768692"/>
<rect x="${left}" y="${y + 14}" width="${scale(g.perPatientAfter).toFixed(1)}" height="12" fill="#005eb8"/>
<text x="${left + scale(g.perPatientAfter) + 4}" y="${y + 24}" font-size="11">${g.perPatientAfter === null ? 'no patients' : formatPounds(g.perPatientAfter)}</text>`;
    })
    .join('\n');
  return `<svg role="img" aria-label="${esc(title)}: before in grey, after in blue; the table below gives the figures" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">
${bars}
<text x="${left}" y="${height - 4}" font-size="11">Grey: before · Blue: after (£ per registered patient)</text></svg>`;
}
