/**
 * One spine-chart row (Fingertips style): England's practices from lowest to highest as a light bar,
 * the middle half (25th–75th percentile) darker, England's value as a vertical line, and the practice
 * as a marker coloured by its comparison with a letter in it. Small enough to sit in a table row; the
 * row's own cells carry every number.
 */
import { type Html, html } from '../html.ts';
import { GREY_3, GREY_4, INK } from './palette.ts';
import { linearScale, px } from './scale.ts';

export interface SpineInput {
  id: string;
  title: string;
  description: string;
  min: number | null;
  q1: number | null;
  q3: number | null;
  max: number | null;
  england: number | null;
  value: number | null;
  fill: string;
  textColour: string;
  code: string;
}

const WIDTH = 220;
const HEIGHT = 28;
const PAD = 12;

export function spineChart(s: SpineInput): Html {
  const known = [s.min, s.max, s.value, s.england].filter(
    (v): v is number => v !== null && Number.isFinite(v),
  );
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const x = linearScale(known.length ? [lo, hi] : [0, 1], [PAD, WIDTH - PAD]);
  const mid = HEIGHT / 2;
  return html`<svg class="fairview-spine" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${s.id}-t ${s.id}-d" focusable="false">
<title id="${s.id}-t">${s.title}</title>
<desc id="${s.id}-d">${s.description}</desc>
${s.min !== null && s.max !== null ? html`<rect x="${px(x(s.min))}" y="${mid - 6}" width="${px(Math.max(1, x(s.max) - x(s.min)))}" height="12" fill="${GREY_4}"/>` : html``}
${s.q1 !== null && s.q3 !== null ? html`<rect x="${px(x(s.q1))}" y="${mid - 6}" width="${px(Math.max(1, x(s.q3) - x(s.q1)))}" height="12" fill="${GREY_3}"/>` : html``}
${s.england !== null ? html`<line x1="${px(x(s.england))}" x2="${px(x(s.england))}" y1="2" y2="${HEIGHT - 2}" stroke="${INK}" stroke-width="2"/>` : html``}
${
  s.value !== null
    ? html`<circle cx="${px(x(s.value))}" cy="${mid}" r="8" fill="${s.fill}" stroke="${INK}" stroke-width="1"/><text x="${px(x(s.value))}" y="${mid + 4}" text-anchor="middle" font-family="Arial, sans-serif" font-size="11" font-weight="bold" fill="${s.textColour}">${s.code}</text>`
    : html``
}
</svg>`;
}
