/**
 * A heat map of practices (rows) × indicators (columns), each cell coloured by its comparison and
 * carrying the comparison's letter (B, S, W, H, L, –) so it reads without colour. Column headers are
 * short codes turned upright (rotated 90°: one line of text wide, so neighbours 22 px apart never
 * touch at any width; at 60° a code was wider than a column and overlapped the next one, issue 17);
 * the page's table alternative gives the full names and values.
 */
import { type Html, html } from '../html.ts';
import { INK } from './palette.ts';
import { px } from './scale.ts';

export interface HeatmapCell {
  fill: string;
  ink: string;
  code: string;
  /** Tooltip: "A81001 · AF: 2.89% — Higher than England (99.8%)". */
  title: string;
}

export interface HeatmapInput {
  id: string;
  title: string;
  description: string;
  columns: string[];
  rows: { label: string; cells: HeatmapCell[] }[];
}

const CELL = 22;
const LABEL = 270;
const HEAD = 110;

export function heatmap(h: HeatmapInput): Html {
  const width = LABEL + h.columns.length * CELL + 8;
  const height = HEAD + h.rows.length * CELL + 8;
  return html`<svg class="fairview-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${h.id}-t ${h.id}-d" focusable="false">
<title id="${h.id}-t">${h.title}</title>
<desc id="${h.id}-d">${h.description}</desc>
<g font-family="Arial, sans-serif" font-size="11" fill="${INK}">
${h.columns.map((c, j) => html`<text transform="translate(${px(LABEL + j * CELL + CELL / 2 + 4)} ${HEAD - 6}) rotate(-90)">${c}</text>`)}
${h.rows.map(
  (
    r,
    i,
  ) => html`<text x="${LABEL - 6}" y="${px(HEAD + i * CELL + CELL / 2 + 4)}" text-anchor="end">${r.label.length > 32 ? `${r.label.slice(0, 31)}…` : r.label}</text>
${r.cells.map(
  (c, j) =>
    html`<g><title>${c.title}</title><rect x="${LABEL + j * CELL}" y="${HEAD + i * CELL}" width="${CELL - 2}" height="${CELL - 2}" fill="${c.fill}"/><text x="${px(LABEL + j * CELL + (CELL - 2) / 2)}" y="${px(HEAD + i * CELL + CELL / 2 + 3)}" text-anchor="middle" font-weight="bold" fill="${c.ink}">${c.code}</text></g>`,
)}`,
)}
</g>
</svg>`;
}
