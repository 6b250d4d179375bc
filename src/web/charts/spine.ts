/**
 * One spine-chart row (Fingertips style), large enough to read: England's practices from lowest to
 * highest as a light bar, the middle half (25th–75th percentile) darker, the benchmark (England's
 * value, or the chosen area's or peer group's) as a solid vertical line, England's value as a dashed
 * one when the benchmark is another level, and the practice as a marker coloured by its verdict with a
 * letter in it. The ends of the range are written under the bar. The SVG has a title and description,
 * and the row's own cells carry every number in words (the text alternative).
 */
import { type Html, html } from '../html.ts';
import { GREY_1, GREY_3, GREY_4, INK } from './palette.ts';
import { linearScale, px } from './scale.ts';

export interface SpineInput {
  id: string;
  title: string;
  description: string;
  min: number | null;
  q1: number | null;
  q3: number | null;
  max: number | null;
  /** The benchmark line (England's value by default). */
  benchmark: number | null;
  /** England's value, drawn dashed when the benchmark is another level's value. */
  england?: number | null;
  value: number | null;
  fill: string;
  textColour: string;
  code: string;
  /** Writes the range's ends under the bar (left off when not given). */
  format?: (value: number) => string;
}

const WIDTH = 228;
const PAD = 14;
const BAR_TOP = 8;
const BAR = 18;

export function spineChart(s: SpineInput): Html {
  const known = [s.min, s.max, s.value, s.benchmark, s.england ?? null].filter(
    (v): v is number => v !== null && Number.isFinite(v),
  );
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const x = linearScale(known.length ? [lo, hi] : [0, 1], [PAD, WIDTH - PAD]);
  const labelled = s.format !== undefined && s.min !== null && s.max !== null;
  const height = BAR_TOP * 2 + BAR + (labelled ? 14 : 0);
  const mid = BAR_TOP + BAR / 2;
  const ends =
    labelled && s.min !== null && s.max !== null && s.format
      ? html`<g font-family="Arial, sans-serif" font-size="11" fill="${GREY_1}"><text x="${px(x(s.min))}" y="${height - 2}" text-anchor="start">${s.format(s.min)}</text><text x="${px(x(s.max))}" y="${height - 2}" text-anchor="end">${s.format(s.max)}</text></g>`
      : html``;
  return html`<svg class="fairview-spine" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${s.id}-t ${s.id}-d" focusable="false">
<title id="${s.id}-t">${s.title}</title>
<desc id="${s.id}-d">${s.description}</desc>
${s.min !== null && s.max !== null ? html`<rect x="${px(x(s.min))}" y="${BAR_TOP}" width="${px(Math.max(1, x(s.max) - x(s.min)))}" height="${BAR}" fill="${GREY_4}"/>` : html``}
${s.q1 !== null && s.q3 !== null ? html`<rect x="${px(x(s.q1))}" y="${BAR_TOP}" width="${px(Math.max(1, x(s.q3) - x(s.q1)))}" height="${BAR}" fill="${GREY_3}"/>` : html``}
${
  s.england !== undefined && s.england !== null && s.england !== s.benchmark
    ? html`<line x1="${px(x(s.england))}" x2="${px(x(s.england))}" y1="${BAR_TOP - 5}" y2="${BAR_TOP + BAR + 5}" stroke="${INK}" stroke-width="1.5" stroke-dasharray="3 2"/>`
    : html``
}
${s.benchmark !== null ? html`<line x1="${px(x(s.benchmark))}" x2="${px(x(s.benchmark))}" y1="${BAR_TOP - 6}" y2="${BAR_TOP + BAR + 6}" stroke="${INK}" stroke-width="3"/>` : html``}
${
  s.value !== null
    ? html`<circle cx="${px(x(s.value))}" cy="${mid}" r="10" fill="${s.fill}" stroke="${INK}" stroke-width="1.5"/><text x="${px(x(s.value))}" y="${mid + 4.5}" text-anchor="middle" font-family="Arial, sans-serif" font-size="13" font-weight="bold" fill="${s.textColour}">${s.code}</text>`
    : html``
}
${ends}
</svg>`;
}
