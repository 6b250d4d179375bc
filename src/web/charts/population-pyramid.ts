/**
 * A population pyramid drawn on the server as SVG: males to the left, females to the right, one
 * row per age band with the youngest at the bottom. The chart names itself (<title>, <desc>) and
 * the page puts the same numbers in a table beside it for anyone who cannot see it.
 */
import { type Html, html } from '../html.ts';

export interface PyramidBand {
  ageBand: string;
  male: number;
  female: number;
}

export const MALE_COLOUR = '#005eb8'; // NHS blue
export const FEMALE_COLOUR = '#7c2855'; // NHS plum: 7.6:1 on white, distinguishable from blue

const ROW = 16;
const GAP = 3;
const LABEL = 56; // the age labels sit between the two halves
const SIDE = 260;
const TOP = 28;
const BOTTOM = 34;

/** A round step for axis ticks (1, 2 or 5 × 10^n) giving about three ticks per side. */
function tickStep(max: number): number {
  if (max <= 0) return 1;
  const rough = max / 3;
  const power = 10 ** Math.floor(Math.log10(rough));
  const m = rough / power;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * power;
}

const fmt = (n: number): string => n.toLocaleString('en-GB');

export function populationPyramid(options: {
  id: string;
  bands: PyramidBand[];
  title: string;
  description: string;
}): Html {
  const { id, title, description } = options;
  const bands = [...options.bands].reverse(); // oldest at the top
  const max = Math.max(1, ...bands.flatMap((b) => [b.male, b.female]));
  const step = tickStep(max);
  const axisMax = Math.ceil(max / step) * step;
  const scale = (n: number): number => (n / axisMax) * SIDE;
  const width = SIDE * 2 + LABEL + 24;
  const centreLeft = 12 + SIDE;
  const centreRight = centreLeft + LABEL;
  const height = TOP + bands.length * (ROW + GAP) + BOTTOM;
  const ticks: number[] = [];
  for (let t = 0; t <= axisMax; t += step) ticks.push(t);

  return html`<svg class="fairview-pyramid" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">
  <title id="${id}-title">${title}</title>
  <desc id="${id}-desc">${description}</desc>
  <g font-family="Arial, sans-serif" font-size="12" fill="#212b32">
    <text x="${centreLeft}" y="16" text-anchor="end" font-weight="bold" fill="${MALE_COLOUR}">Males</text>
    <text x="${centreRight}" y="16" font-weight="bold" fill="${FEMALE_COLOUR}">Females</text>
    ${bands.map((b, i) => {
      const y = TOP + i * (ROW + GAP);
      const m = scale(b.male);
      const f = scale(b.female);
      return html`<g>
      <rect x="${(centreLeft - m).toFixed(1)}" y="${y}" width="${m.toFixed(1)}" height="${ROW}" fill="${MALE_COLOUR}"><title>Males ${b.ageBand}: ${fmt(b.male)}</title></rect>
      <text x="${centreLeft + LABEL / 2}" y="${y + ROW - 4}" text-anchor="middle">${b.ageBand}</text>
      <rect x="${centreRight}" y="${y}" width="${f.toFixed(1)}" height="${ROW}" fill="${FEMALE_COLOUR}"><title>Females ${b.ageBand}: ${fmt(b.female)}</title></rect>
    </g>`;
    })}
    <g stroke="#768692">
      <line x1="${centreLeft - SIDE}" y1="${height - BOTTOM + 4}" x2="${centreLeft}" y2="${height - BOTTOM + 4}"/>
      <line x1="${centreRight}" y1="${height - BOTTOM + 4}" x2="${centreRight + SIDE}" y2="${height - BOTTOM + 4}"/>
    </g>
    ${ticks.map(
      (
        t,
      ) => html`<text x="${(centreLeft - scale(t)).toFixed(1)}" y="${height - BOTTOM + 18}" text-anchor="middle">${fmt(t)}</text>
    <text x="${(centreRight + scale(t)).toFixed(1)}" y="${height - BOTTOM + 18}" text-anchor="middle">${fmt(t)}</text>`,
    )}
    <text x="${width / 2}" y="${height - 2}" text-anchor="middle">Registered patients</text>
  </g>
</svg>`;
}
