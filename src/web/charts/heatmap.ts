/**
 * A heat map of practices (rows) × indicators (columns), each cell coloured by its comparison and
 * carrying the comparison's letter (B, S, W, H, L, –) so it reads without colour. Column headers are
 * short codes turned upright (rotated 90°: one line of text wide, so neighbours 22 px apart never
 * touch at any width; at 60° a code was wider than a column and overlapped the next one, issue 17);
 * the page's table alternative gives the full names and values.
 *
 * Compact so an area's page does not grow with its practices (issue 15): the cells are one `<path>` per
 * colour (each cell a small square subpath, every move relative), and the letters one `<text>` per row
 * holding only the cells that are not "similar" (a letter-less cell is similar: the page's key says
 * so), each letter placed by the text's x list and coloured by a `<tspan>`. No cell has a title of its
 * own: the SVG's title and description summarise it, and the table below it is the accessible
 * alternative with every value. About 30 bytes a cell instead of 270.
 */
import { type Html, html } from '../html.ts';
import { INK } from './palette.ts';
import { px } from './scale.ts';

export interface HeatmapCell {
  fill: string;
  ink: string;
  /** The letter (B, S, W, H, L, –); null draws the cell without one (the "similar" cells). */
  code: string | null;
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

/** Squares of side `size` with their top-left corners at `corners`, as one path, every move relative. */
export function squaresPath(corners: [number, number][], size: number): string {
  let d = '';
  let lx = 0;
  let ly = 0;
  for (const [x, y] of corners) {
    d += d === '' ? `M${x} ${y}` : `m${x - lx} ${y - ly}`;
    d += `h${size}v${size}h-${size}z`;
    lx = x;
    ly = y;
  }
  return d;
}

export function heatmap(h: HeatmapInput): Html {
  const width = LABEL + h.columns.length * CELL + 8;
  const height = HEAD + h.rows.length * CELL + 8;
  const byFill = new Map<string, [number, number][]>();
  for (const [i, r] of h.rows.entries())
    for (const [j, c] of r.cells.entries()) {
      const corners = byFill.get(c.fill) ?? [];
      corners.push([LABEL + j * CELL, HEAD + i * CELL]);
      byFill.set(c.fill, corners);
    }
  const letters = (r: HeatmapInput['rows'][number], i: number): Html => {
    const shown = r.cells.flatMap((c, j) =>
      c.code === null ? [] : [{ ...c, x: LABEL + j * CELL + (CELL - 2) / 2 }],
    );
    if (shown.length === 0) return html``;
    // Neighbouring letters of one ink share a tspan; the text's own ink needs none.
    const runs: { ink: string; codes: string }[] = [];
    for (const c of shown) {
      const last = runs.at(-1);
      if (last && last.ink === c.ink) last.codes += c.code;
      else runs.push({ ink: c.ink, codes: c.code ?? '' });
    }
    return html`<text x="${shown.map((c) => px(c.x)).join(' ')}" y="${px(HEAD + i * CELL + CELL / 2 + 3)}">${runs.map((r) => (r.ink === INK ? r.codes : html`<tspan fill="${r.ink}">${r.codes}</tspan>`))}</text>\n`;
  };
  return html`<svg class="fairview-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${h.id}-t ${h.id}-d" focusable="false">
<title id="${h.id}-t">${h.title}</title>
<desc id="${h.id}-d">${h.description}</desc>
${[...byFill].map(([fill, corners]) => html`<path fill="${fill}" d="${squaresPath(corners, CELL - 2)}"/>\n`)}<g font-family="Arial, sans-serif" font-size="11" fill="${INK}">
${h.columns.map((c, j) => html`<text transform="translate(${px(LABEL + j * CELL + CELL / 2 + 4)} ${HEAD - 6}) rotate(-90)">${c}</text>`)}
${h.rows.map((r, i) => html`<text x="${LABEL - 6}" y="${px(HEAD + i * CELL + CELL / 2 + 4)}" text-anchor="end">${r.label.length > 32 ? `${r.label.slice(0, 31)}…` : r.label}</text>\n`)}</g>
<g font-family="Arial, sans-serif" font-size="11" font-weight="bold" text-anchor="middle" fill="${INK}">
${h.rows.map(letters)}</g>
</svg>`;
}
