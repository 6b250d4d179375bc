/**
 * The deciles chart prescribing users know from OpenPrescribing: England's 10th … 90th percentiles of
 * a measure month by month (dashed, the median solid) and, when one is chosen, a practice's own line in
 * NHS blue. Server-rendered SVG with a title and description for screen readers; the same figures are
 * in the table below it on the page.
 */
import { type Html, html } from '../html.ts';
import { type Frame, linePath, plotArea, yAxis } from './axes.ts';
import { GREY_1, INK } from './palette.ts';
import { linearScale, niceDomain, px } from './scale.ts';

export interface DecilesChartInput {
  id: string;
  title: string;
  description: string;
  yLabel: string;
  /** Month labels (YYYY-MM), oldest first. */
  months: string[];
  /** Per month, the 10th … 90th percentiles (9 values). */
  deciles: number[][];
  /** The chosen practice's value per month (null where it has none). */
  practice?: (number | null)[];
}

const FRAME: Frame = { width: 760, height: 380, left: 64, right: 16, top: 16, bottom: 56 };
const NHS_BLUE = '#005eb8';
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Sep 2017" for "2017-09". */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${MONTH_NAMES[Number(m) - 1] ?? m} ${y}`;
}

export function decilesChart(c: DecilesChartInput): Html {
  const values = [...c.deciles.flat(), ...(c.practice ?? [])].filter(
    (v): v is number => v !== null && Number.isFinite(v),
  );
  const { domain, ticks } = niceDomain(Math.min(0, ...values), Math.max(...values, 0), 6);
  const { x0, x1, y0, y1 } = plotArea(FRAME);
  const y = linearScale(domain, [y0, y1]);
  const n = c.months.length;
  const x = (i: number): number => x0 + ((i + 0.5) / Math.max(1, n)) * (x1 - x0);
  // Thin the month labels so they never overlap: about one per 70 px.
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor((x1 - x0) / 70))));
  const decile = (k: number) =>
    linePath(c.deciles.map((d, i) => [x(i), d[k] === undefined ? Number.NaN : y(d[k]!)]));
  return html`<svg class="fairview-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${FRAME.width} ${FRAME.height}" width="100%" role="img" aria-labelledby="${c.id}-t ${c.id}-d" focusable="false">
<title id="${c.id}-t">${c.title}</title>
<desc id="${c.id}-d">${c.description}</desc>
${yAxis(FRAME, y, ticks, c.yLabel)}
<g font-family="Arial, sans-serif" font-size="12" fill="${INK}">
<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}" stroke="${GREY_1}"/>
${c.months.map((m, i) => (i % every === 0 ? html`<text x="${px(x(i))}" y="${y0 + 18}" text-anchor="middle">${monthLabel(m)}</text>` : html``))}
<text x="${px((x0 + x1) / 2)}" y="${FRAME.height - 6}" text-anchor="middle">Month</text>
</g>
${[0, 1, 2, 3, 5, 6, 7, 8].map(
  (k) =>
    html`<path d="${decile(k)}" fill="none" stroke="${GREY_1}" stroke-width="1" stroke-dasharray="4 3"/>`,
)}
<path d="${decile(4)}" fill="none" stroke="${GREY_1}" stroke-width="2"/>
${
  c.practice
    ? html`<path d="${linePath(c.practice.map((v, i) => [x(i), v === null ? Number.NaN : y(v)]))}" fill="none" stroke="${NHS_BLUE}" stroke-width="3"/>
${c.practice.map((v, i) => (v === null ? html`` : html`<circle cx="${px(x(i))}" cy="${px(y(v))}" r="4" fill="${NHS_BLUE}"/>`))}`
    : html``
}
</svg>`;
}
