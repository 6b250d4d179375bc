/**
 * The print pack: one practice's scorecard, and for each indicator the headline judgment flags, the
 * why-sentence, its funnel plot (the practice highlighted) and its SPC chart, as one self-contained
 * HTML document (styles inline, charts as inline SVG) that Chromium prints to a PDF of a few A4
 * landscape pages (src/web/print/pdf.ts). The same document is served as HTML with ?format=html.
 */

import { BENCHMARKING_CSS } from '../../benchmarking/assets.ts';
import { formatRange, formatValue } from '../../benchmarking/format.ts';
import type { IndicatorPageView, ScorecardRow, ScorecardView, TrendView } from '../../benchmarking/views.ts';
import { formatDate } from '../../components.ts';
import { type Html, html } from '../../html.ts';
import { comparisonBadge, flagSummary, isFlaggedRow, SUPPRESSED } from './common.ts';
import { funnelFigure } from './indicator-funnel.ts';
import { spcFigure } from './trend.ts';

/** A flagged row with the indicator page's view (its funnel) and the trend view (its SPC chart). */
export interface PrintPackFlag {
  row: ScorecardRow;
  indicator: IndicatorPageView | null;
  trend: TrendView | null;
}

/** Rows the headline judgment flags (better, worse, higher or lower). */
export function flaggedRows(v: ScorecardView): ScorecardRow[] {
  return v.rows.filter(isFlaggedRow);
}

const PACK_CSS = `
body{font-family:Arial,Helvetica,sans-serif;color:#212b32;font-size:10.5pt;line-height:1.35;margin:0}
h1{font-size:18pt;margin:0 0 4pt}
h2{font-size:13.5pt;margin:0 0 6pt}
p{margin:0 0 6pt}
.pack-meta{color:#4c6272;font-size:9.5pt}
table{border-collapse:collapse;width:100%;font-size:9pt}
th,td{border-bottom:1px solid #d8dde0;padding:3pt 4pt;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #212b32}
td.num{text-align:right;white-space:nowrap}
.pack-flag{break-before:page}
.pack-charts{display:flex;gap:12pt;align-items:flex-start}
.pack-charts figure{flex:1 1 0;margin:0}
.pack-charts svg{width:100%;height:auto}
figcaption{font-size:8.5pt;color:#4c6272}
.fairview-cmp{font-size:9pt;padding:1px 4px}
@page{size:A4 landscape;margin:12mm}
`;

function scorecardRows(v: ScorecardView): Html {
  return html`<table>
<caption class="pack-meta">Every indicator in its latest period; the colour and the words are the headline judgment. Benchmark: ${v.compare.label}.</caption>
<thead><tr><th scope="col">Indicator</th><th scope="col">Value (95% limits)</th><th scope="col">${v.compare.label}</th><th scope="col">England</th><th scope="col">Quintile, decile</th><th scope="col">Headline judgment</th><th scope="col">Crude comparison (context)</th></tr></thead>
<tbody>${v.rows.map((r) => {
    const unit = r.indicator.unit;
    const hidden = r.suppressed.numerator || r.suppressed.denominator;
    return html`<tr><th scope="row">${r.indicator.name}<br><span class="pack-meta">${r.indicator.code} · ${r.period}</span></th>
<td class="num">${hidden ? SUPPRESSED : html`${formatValue(r.value, unit)}<br><span class="pack-meta">${formatRange(r.lower95, r.upper95, unit)}</span>`}</td>
<td class="num">${r.benchmark.suppressed ? SUPPRESSED : formatValue(r.benchmark.value, unit)}</td>
<td class="num">${formatValue(r.england?.value ?? null, unit)}</td>
<td class="num">${r.quintile ?? '–'} of 5, ${r.decile ?? '–'} of 10</td>
<td>${comparisonBadge(r.comparison)}</td>
<td>${r.benchmark.comparison.text}</td></tr>`;
  })}</tbody></table>`;
}

function flagSection(f: PrintPackFlag, index: number): Html {
  const r = f.row;
  const funnel = f.indicator ? (f.indicator.headlineFunnel ?? f.indicator.funnel) : null;
  return html`<section class="pack-flag">
<h2>${r.indicator.name} (${r.period})</h2>
<p>${comparisonBadge(r.comparison)}</p>
<p><strong>Why:</strong> ${r.why ?? 'No value, so no comparison.'}</p>
<p class="pack-meta">Context (crude comparison): ${r.benchmark.comparison.text}. ${r.trend.text}.</p>
<div class="pack-charts">${funnel && f.indicator ? funnelFigure(f.indicator, funnel, `pack-funnel-${index}`) : html`<p>No funnel plot: the practice's figures are not drawn.</p>`}${
    f.trend?.spc
      ? spcFigure(f.trend, `pack-spc-${index}`)
      : html`<p>No SPC chart: too few periods (at least 4 are needed).</p>`
  }</div>
</section>`;
}

export function printPackHtml(v: ScorecardView, flags: PrintPackFlag[], generatedAt: string): string {
  const summary = flagSummary(v.rows);
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8"><title>Print pack: ${v.practice.name} (${v.practice.code}), release ${v.release.name}</title><style>${BENCHMARKING_CSS}${PACK_CSS}</style></head><body>
<header>
<h1>${v.practice.name} (${v.practice.code}): scorecard print pack</h1>
<p class="pack-meta">Release ${v.release.name}${v.release.status === 'draft' ? ' (DRAFT: not published, do not share)' : v.release.publishedAt ? `, published ${formatDate(v.release.publishedAt)}` : ''} · methods ${v.release.methodVersion} · printed ${formatDate(generatedAt.slice(0, 10))} · compared with ${v.compare.label}</p>
${v.disclosure ? html`<p class="pack-meta"><strong>Disclosure control:</strong> small counts in these open data are suppressed or rounded. ${v.disclosure.rule}</p>` : html``}
<p>${summary.sentence} The headline judgment is the practice's count against what is expected for a practice with its patients, allowing for the usual variation between practices. ${summary.flagged > 0 ? 'Each flagged indicator follows on its own page with why it is flagged, its funnel plot and its SPC chart.' : ''}</p>
</header>
${scorecardRows(v)}
${flags.map(flagSection)}
</body></html>`}`;
}
