/**
 * An XmR (SPC) chart as Making Data Count draws it: the values joined by a grey line, the mean solid,
 * the process limits dashed, and each point coloured by its point type — blue improvement, orange
 * concern, purple neutral special cause, grey common cause — with a letter above special-cause points
 * so colour is not the only sign. Period labels along the bottom.
 */
import { type Html, html } from '../html.ts';
import { circlesPath, type Frame, linePath, plotArea, yAxis } from './axes.ts';
import { MDC_COLOURS } from './mdc-icons.ts';
import { GREY_1, INK } from './palette.ts';
import { linearScale, niceDomain, px } from './scale.ts';

export interface SpcChartPoint {
  label: string;
  value: number | null;
  mean: number | null;
  lower: number | null;
  upper: number | null;
  pointType: string | null;
}

export interface SpcChartInput {
  id: string;
  title: string;
  description: string;
  yLabel: string;
  points: SpcChartPoint[];
}

const FRAME: Frame = { width: 720, height: 340, left: 64, right: 24, top: 24, bottom: 48 };

function colourOf(pointType: string | null): { fill: string; letter: string } {
  if (pointType === 'special_cause_improvement') return { fill: MDC_COLOURS.improvement, letter: 'I' };
  if (pointType === 'special_cause_concern') return { fill: MDC_COLOURS.concern, letter: 'C' };
  if (pointType?.startsWith('special_cause_neutral')) return { fill: MDC_COLOURS.neutral, letter: 'N' };
  return { fill: MDC_COLOURS.common, letter: '' };
}

/**
 * Every how many points to write a period label so that none overlap: the widest label at 12 px
 * Arial (about 7 px a character) plus a gap must fit in the space its points take. The chart scales
 * down with the page, labels with it, so the step holds at any width.
 */
export function labelStep(labels: readonly string[], width: number): number {
  const widest = Math.max(1, ...labels.map((l) => l.length)) * 7 + 12;
  const slot = width / Math.max(1, labels.length);
  return Math.max(1, Math.ceil(widest / slot));
}

export function spcChart(c: SpcChartInput): Html {
  const nums = c.points
    .flatMap((p) => [p.value, p.mean, p.lower, p.upper])
    .filter((v): v is number => v !== null && Number.isFinite(v));
  const { domain, ticks } = niceDomain(Math.min(...nums), Math.max(...nums), 6);
  const { x0, x1, y0, y1 } = plotArea(FRAME);
  const y = linearScale(domain, [y0, y1]);
  const n = c.points.length;
  const x = (i: number): number => x0 + ((i + 0.5) / Math.max(1, n)) * (x1 - x0);
  const line = (pick: (p: SpcChartPoint) => number | null) =>
    linePath(c.points.map((p, i) => [x(i), pick(p) === null ? Number.NaN : y(pick(p)!)]));
  const every = labelStep(
    c.points.map((p) => p.label),
    x1 - x0,
  );
  const types = [...new Set(c.points.map((p) => colourOf(p.pointType).fill))];
  return html`<svg class="fairview-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${FRAME.width} ${FRAME.height}" width="${FRAME.width}" height="${FRAME.height}" role="img" aria-labelledby="${c.id}-t ${c.id}-d" focusable="false">
<title id="${c.id}-t">${c.title}</title>
<desc id="${c.id}-d">${c.description}</desc>
${yAxis(FRAME, y, ticks, c.yLabel)}
<g font-family="Arial, sans-serif" font-size="12" fill="${INK}">
<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}" stroke="${GREY_1}"/>
${c.points.map((p, i) =>
  i % every === 0
    ? html`<text x="${px(x(i))}" y="${y0 + 18}" text-anchor="middle">${p.label}</text>`
    : html``,
)}
<text x="${px((x0 + x1) / 2)}" y="${FRAME.height - 6}" text-anchor="middle">Period</text>
</g>
<path d="${line((p) => p.upper)}" fill="none" stroke="${GREY_1}" stroke-width="1.5" stroke-dasharray="6 4"/>
<path d="${line((p) => p.lower)}" fill="none" stroke="${GREY_1}" stroke-width="1.5" stroke-dasharray="6 4"/>
<path d="${line((p) => p.mean)}" fill="none" stroke="${INK}" stroke-width="1.5"/>
<path d="${line((p) => p.value)}" fill="none" stroke="${GREY_1}" stroke-width="2"/>
${types.map(
  (fill) =>
    html`<path d="${circlesPath(
      c.points.map((p, i) => [
        x(i),
        p.value === null || colourOf(p.pointType).fill !== fill ? Number.NaN : y(p.value),
      ]),
      5,
    )}" fill="${fill}" stroke="${INK}" stroke-width="0.75"/>`,
)}
<g font-family="Arial, sans-serif" font-size="12" font-weight="bold" fill="${INK}">
${c.points.map((p, i) => {
  const { letter } = colourOf(p.pointType);
  return letter && p.value !== null
    ? html`<text x="${px(x(i))}" y="${px(y(p.value) - 10)}" text-anchor="middle">${letter}</text>`
    : html``;
})}
</g>
</svg>`;
}
