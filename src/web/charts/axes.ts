/** Axes, gridlines and labels shared by the larger charts (funnel, caterpillar, SPC). */
import { type Html, html } from '../html.ts';
import { GREY_1, GREY_4, INK } from './palette.ts';
import { type LinearScale, px, tickLabel } from './scale.ts';

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function plotArea(f: Frame): { x0: number; x1: number; y0: number; y1: number } {
  return { x0: f.left, x1: f.width - f.right, y0: f.height - f.bottom, y1: f.top };
}

export function yAxis(f: Frame, y: LinearScale, ticks: number[], label: string): Html {
  const { x0, x1 } = plotArea(f);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  return html`<g font-family="Arial, sans-serif" font-size="12" fill="${INK}">
${ticks.map(
  (t) =>
    html`<line x1="${x0}" x2="${x1}" y1="${px(y(t))}" y2="${px(y(t))}" stroke="${GREY_4}"/><text x="${x0 - 6}" y="${px(y(t) + 4)}" text-anchor="end">${tickLabel(t, step)}</text>`,
)}
<text transform="translate(14 ${px((f.top + f.height - f.bottom) / 2)}) rotate(-90)" text-anchor="middle">${label}</text>
</g>`;
}

export function xAxis(
  f: Frame,
  x: LinearScale,
  ticks: number[],
  label: string,
  tickText?: (t: number) => string,
): Html {
  const { x0, x1, y0 } = plotArea(f);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  return html`<g font-family="Arial, sans-serif" font-size="12" fill="${INK}">
<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}" stroke="${GREY_1}"/>
${ticks.map(
  (t) =>
    html`<line x1="${px(x(t))}" x2="${px(x(t))}" y1="${y0}" y2="${y0 + 5}" stroke="${GREY_1}"/><text x="${px(x(t))}" y="${y0 + 18}" text-anchor="middle">${tickText ? tickText(t) : tickLabel(t, step)}</text>`,
)}
<text x="${px((x0 + x1) / 2)}" y="${f.height - 6}" text-anchor="middle">${label}</text>
</g>`;
}

/** A polyline through points, skipping non-finite values (they break the line). */
export function linePath(points: [number, number][]): string {
  let d = '';
  let pen = false;
  for (const [a, b] of points) {
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px(a)} ${px(b)}`;
    pen = true;
  }
  return d;
}

/** Above this many points a chart draws them as dots on the pixel grid (dotsPath), not circles. */
export const COMPACT_POINTS = 400;

/**
 * Many dots as one path of zero-length strokes, drawn with `stroke-linecap="round"` and
 * `stroke-width` = the dot's diameter: each point rounded to the grid (`grid` pixels, default 1), a
 * point on the same grid point as one already drawn left out (it would be drawn over it), every move
 * relative to the last. About
 * 8 bytes a point instead of 40, and fewer points: England's 6,000 practices fit in tens of kilobytes,
 * so a page does not grow with England.
 */
export function dotsPath(points: [number, number][], grid = 1): string {
  const seen = new Set<number>();
  let d = '';
  let lx = 0;
  let ly = 0;
  for (const [a, b] of points) {
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    const x = Math.round(a / grid) * grid;
    const y = Math.round(b / grid) * grid;
    const key = x * 100_000 + y;
    if (seen.has(key)) continue;
    seen.add(key);
    if (d === '') d = `M${x} ${y}h0`;
    else {
      const dy = y - ly;
      d += `m${x - lx}${dy < 0 ? dy : ` ${dy}`}h0`;
    }
    lx = x;
    ly = y;
  }
  return d;
}

/** Many circles as one path (far smaller than one element each for thousands of practices). */
export function circlesPath(points: [number, number][], r: number): string {
  return points
    .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b))
    .map(([a, b]) => `M${px(a - r)} ${px(b)}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`)
    .join('');
}
