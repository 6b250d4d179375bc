/**
 * A caterpillar plot: practices ranked by value (highest on the left), each with its 95% confidence
 * interval as a vertical bar, coloured by comparison; England's value as a horizontal line. The
 * selected practice is marked and labelled. Bars and dots are grouped by colour into single paths, so
 * thousands of practices stay a small SVG.
 */
import { type Html, html } from '../html.ts';
import { COMPACT_POINTS, circlesPath, dotsPath, type Frame, plotArea, yAxis } from './axes.ts';
import { GREY_1, HIGHLIGHT, INK } from './palette.ts';
import { linearScale, niceDomain, px } from './scale.ts';

export interface CaterpillarPoint {
  value: number;
  lower: number | null;
  upper: number | null;
  fill: string;
  selected?: boolean;
}

export interface CaterpillarInput {
  id: string;
  title: string;
  description: string;
  yLabel: string;
  /** Highest first. */
  points: CaterpillarPoint[];
  benchmark: number | null;
  benchmarkLabel: string;
  selectedLabel: string | null;
}

const FRAME: Frame = { width: 720, height: 320, left: 64, right: 16, top: 16, bottom: 40 };

export function caterpillarPlot(c: CaterpillarInput): Html {
  const values = c.points.flatMap((p) => [p.value, p.lower ?? p.value, p.upper ?? p.value]);
  if (c.benchmark !== null) values.push(c.benchmark);
  const { domain, ticks } = niceDomain(Math.max(0, Math.min(...values)), Math.max(...values), 6);
  const { x0, x1, y0, y1 } = plotArea(FRAME);
  const y = linearScale(domain, [y0, y1]);
  const n = c.points.length;
  const x = (i: number): number => x0 + ((i + 0.5) / Math.max(1, n)) * (x1 - x0);
  const fills = [...new Set(c.points.map((p) => p.fill))];
  const selected = c.points.findIndex((p) => p.selected);
  const r = n > 400 ? 1.5 : n > 100 ? 2.5 : 3.5;
  const labelLeft = selected >= 0 && x(selected) + 8 + (c.selectedLabel ?? '').length * 8 > x1;
  return html`<svg class="fairview-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${FRAME.width} ${FRAME.height}" width="${FRAME.width}" height="${FRAME.height}" role="img" aria-labelledby="${c.id}-t ${c.id}-d" focusable="false">
<title id="${c.id}-t">${c.title}</title>
<desc id="${c.id}-d">${c.description}</desc>
${yAxis(FRAME, y, ticks, c.yLabel)}
<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}" stroke="${GREY_1}"/>
<text x="${px((x0 + x1) / 2)}" y="${FRAME.height - 8}" text-anchor="middle" font-family="Arial, sans-serif" font-size="12" fill="${INK}">Practices ranked from highest to lowest value (${n})</text>
${n > COMPACT_POINTS ? compactSeries(c.points, x, y) : html``}
${fills.map((fill) => {
  if (n > COMPACT_POINTS) return html``;
  const idx = c.points.map((p, i) => [p, i] as const).filter(([p]) => p.fill === fill);
  const bars = idx
    .filter(([p]) => p.lower !== null && p.upper !== null)
    .map(([p, i]) => `M${px(x(i))} ${px(y(p.lower!))}V${px(y(p.upper!))}`)
    .join('');
  return html`<path d="${bars}" stroke="${GREY_1}" stroke-width="1"/><path d="${circlesPath(
    idx.map(([p, i]) => [x(i), y(p.value)]),
    r,
  )}" fill="${fill}" stroke="${INK}" stroke-width="0.5"/>`;
})}
${c.benchmark !== null ? html`<line x1="${x0}" x2="${x1}" y1="${px(y(c.benchmark))}" y2="${px(y(c.benchmark))}" stroke="${INK}" stroke-width="2"/><text x="${x1 - 4}" y="${px(y(c.benchmark) - 6)}" text-anchor="end" font-family="Arial, sans-serif" font-size="12" fill="${INK}">${c.benchmarkLabel}</text>` : html``}
${
  selected >= 0
    ? html`<line x1="${px(x(selected))}" x2="${px(x(selected))}" y1="${y1}" y2="${y0}" stroke="${HIGHLIGHT}" stroke-width="1.5" stroke-dasharray="3 3"/><path d="${circlesPath([[x(selected), y(c.points[selected]!.value)]], 7)}" fill="none" stroke="${HIGHLIGHT}" stroke-width="3"/><text x="${px(x(selected) + (labelLeft ? -8 : 8))}" y="${y1 + 14}" text-anchor="${labelLeft ? 'end' : 'start'}" font-family="Arial, sans-serif" font-size="13" font-weight="bold" fill="${HIGHLIGHT}">${c.selectedLabel ?? ''}</text>`
    : html``
}
</svg>`;
}

/**
 * Thousands of practices on a few hundred pixels: per pixel column, one bar from the lowest lower
 * limit to the highest upper limit of the practices drawn there (they overlap anyway), and the points
 * as dots on the pixel grid, one path per colour. The page stays the same size whatever England's.
 */
function compactSeries(points: CaterpillarPoint[], x: (i: number) => number, y: (v: number) => number): Html {
  const columns = new Map<number, [number, number]>();
  for (const [i, p] of points.entries()) {
    if (p.lower === null || p.upper === null) continue;
    const col = Math.round(x(i));
    const [lo, hi] = [Math.round(y(p.lower)), Math.round(y(p.upper))];
    const had = columns.get(col);
    columns.set(col, had ? [Math.max(had[0], lo), Math.min(had[1], hi)] : [lo, hi]);
  }
  let bars = '';
  for (const [col, [lo, hi]] of columns) bars += `M${col} ${lo}V${hi}`;
  const fills = [...new Set(points.map((p) => p.fill))];
  return html`<path d="${bars}" stroke="${GREY_1}" stroke-width="1"/>${fills.map(
    (fill) =>
      html`<path d="${dotsPath(
        points.flatMap((p, i) => (p.fill === fill ? [[x(i), y(p.value)] as [number, number]] : [])),
      )}" fill="none" stroke="${fill}" stroke-width="3" stroke-linecap="round"/>`,
  )}`;
}
