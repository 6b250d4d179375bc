/**
 * A funnel plot: each practice's value against its size (denominator, or expected count for the
 * case-mix adjusted funnel), the target line, and control limits at 95% (dashed) and 99.8% (solid).
 * Limits from chance alone are grey; when the practices spread more than chance allows, the wider
 * over-dispersion limits (which the flags use) are drawn in NHS blue too. Points are grouped by flag
 * into one path per colour; the selected practice is drawn on top, larger, and labelled.
 */
import { type Html, html } from '../html.ts';
import {
  COMPACT_POINTS,
  circlesPath,
  dotsPath,
  type Frame,
  linePath,
  plotArea,
  xAxis,
  yAxis,
} from './axes.ts';
import { GREY_1, HIGHLIGHT, INK, NHS_BLUE } from './palette.ts';
import { linearScale, niceDomain, px } from './scale.ts';

export interface FunnelLimitRow {
  x: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export interface FunnelPointGroup {
  fill: string;
  label: string;
  points: { x: number; y: number }[];
}

export interface FunnelInput {
  id: string;
  title: string;
  description: string;
  xLabel: string;
  yLabel: string;
  target: number;
  limits: FunnelLimitRow[];
  /** The over-dispersion limits, or null when the practices are not over-dispersed. */
  overDispersionLimits: FunnelLimitRow[] | null;
  groups: FunnelPointGroup[];
  highlight: { x: number; y: number; label: string } | null;
  /** Let the y axis go below 0 (z-scores); values and ratios start at 0. */
  signed?: boolean;
  /** The legend's words for the limits the flags use (default: the over-dispersion limits). */
  limitsLabel?: string;
}

/** Dots 6 px across on a 2 px grid: a point moves at most 1 px, and half as many are drawn. */
const DOT_GRID = 2;

const FRAME: Frame = { width: 720, height: 420, left: 64, right: 16, top: 16, bottom: 48 };

export function funnelPlot(f: FunnelInput): Html {
  const pts = f.groups.flatMap((g) => g.points);
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const { domain: xd, ticks: xt } = niceDomain(0, Math.max(1, ...xs), 6);
  const xMin = Math.min(...xs);
  const limitYs = [...f.limits, ...(f.overDispersionLimits ?? [])]
    .filter((l) => l.x >= xMin * 0.5)
    .flatMap((l) => [l.lower998, l.upper998]);
  const yLo = Math.min(...ys, f.target, ...limitYs.filter(Number.isFinite));
  const yHi = Math.max(...ys, f.target, ...limitYs.filter(Number.isFinite));
  const { domain: yd, ticks: yt } = niceDomain(f.signed ? yLo : Math.max(0, yLo), yHi, 6);
  const { x0, x1, y0, y1 } = plotArea(FRAME);
  const x = linearScale(xd, [x0, x1]);
  const y = linearScale(yd, [y0, y1]);
  const clampY = (v: number): number => Math.min(y0, Math.max(y1, y(v)));
  const inRange = (rows: FunnelLimitRow[]) => rows.filter((r) => r.x <= xd[1] && r.x > 0);
  const limitLines = (rows: FunnelLimitRow[], colour: string) => {
    const r = inRange(rows);
    const line = (pick: (l: FunnelLimitRow) => number, dash: boolean) =>
      html`<path d="${linePath(r.map((l) => [x(l.x), clampY(pick(l))]))}" fill="none" stroke="${colour}" stroke-width="1.5"${dash ? html` stroke-dasharray="5 4"` : html``}/>`;
    return html`${line((l) => l.lower95, true)}${line((l) => l.upper95, true)}${line((l) => l.lower998, false)}${line((l) => l.upper998, false)}`;
  };
  const h = f.highlight;
  // Bold 13px Arial is about 8px a character: put the label on whichever side it fits.
  const labelFits = (p: { x: number; label: string }): boolean => x(p.x) + 12 + p.label.length * 8 <= x1;
  return html`<svg class="fairview-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${FRAME.width} ${FRAME.height + 40}" width="${FRAME.width}" height="${FRAME.height + 40}" role="img" aria-labelledby="${f.id}-t ${f.id}-d" focusable="false">
<title id="${f.id}-t">${f.title}</title>
<desc id="${f.id}-d">${f.description}</desc>
<defs><clipPath id="${f.id}-clip"><rect x="${x0}" y="${y1}" width="${x1 - x0}" height="${y0 - y1}"/></clipPath></defs>
${yAxis(FRAME, y, yt, f.yLabel)}
${xAxis(FRAME, x, xt, f.xLabel)}
<g clip-path="url(#${f.id}-clip)">
<line x1="${x0}" x2="${x1}" y1="${px(y(f.target))}" y2="${px(y(f.target))}" stroke="${INK}" stroke-width="2"/>
${limitLines(f.limits, GREY_1)}
${f.overDispersionLimits ? limitLines(f.overDispersionLimits, NHS_BLUE) : html``}
${f.groups.map((g) =>
  pts.length > COMPACT_POINTS
    ? html`<path d="${dotsPath(
        g.points.map((p) => [x(p.x), y(p.y)]),
        DOT_GRID,
      )}" fill="none" stroke="${g.fill}" stroke-width="6" stroke-linecap="round" stroke-opacity="0.85"><title>${g.label}</title></path>`
    : html`<path d="${circlesPath(
        g.points.map((p) => [x(p.x), y(p.y)]),
        3.5,
      )}" fill="${g.fill}" stroke="${INK}" stroke-width="0.5" fill-opacity="0.85"><title>${g.label}</title></path>`,
)}
${h ? html`<path d="${circlesPath([[x(h.x), y(h.y)]], 8)}" fill="none" stroke="${HIGHLIGHT}" stroke-width="3"/>` : html``}
</g>
${h ? html`<text x="${px(labelFits(h) ? x(h.x) + 12 : x(h.x) - 12)}" y="${px(Math.max(y1 + 12, y(h.y) - 10))}" text-anchor="${labelFits(h) ? 'start' : 'end'}" font-family="Arial, sans-serif" font-size="13" font-weight="bold" fill="${HIGHLIGHT}">${h.label}</text>` : html``}
${legend(FRAME.height + 6, f.overDispersionLimits !== null, f.groups, f.limitsLabel)}
</svg>`;
}

function legend(
  top: number,
  overDispersed: boolean,
  groups: FunnelPointGroup[],
  limitsLabel = 'Limits allowing for over-dispersion (FunnelPlotR)',
): Html {
  const items: Html[] = [
    html`<line x1="0" x2="24" y1="6" y2="6" stroke="${INK}" stroke-width="2"/><text x="30" y="10">Target</text>`,
    html`<line x1="0" x2="24" y1="6" y2="6" stroke="${GREY_1}" stroke-width="1.5" stroke-dasharray="5 4"/><text x="30" y="10">95% limits</text>`,
    html`<line x1="0" x2="24" y1="6" y2="6" stroke="${GREY_1}" stroke-width="1.5"/><text x="30" y="10">99.8% limits</text>`,
  ];
  if (overDispersed)
    items.push(
      html`<line x1="0" x2="24" y1="6" y2="6" stroke="${NHS_BLUE}" stroke-width="1.5"/><text x="30" y="10">${limitsLabel}</text>`,
    );
  const widths = [80, 110, 120, 330];
  let offset = 64;
  const placed = items.map((item, i) => {
    const g = html`<g transform="translate(${offset} ${top})">${item}</g>`;
    offset += widths[i]!;
    return g;
  });
  const counts = groups.filter((g) => g.points.length > 0);
  let gx = 64;
  return html`<g font-family="Arial, sans-serif" font-size="12" fill="${INK}">${placed}
${counts.map((g) => {
  const item = html`<g transform="translate(${gx} ${top + 18})"><circle cx="5" cy="6" r="4.5" fill="${g.fill}" stroke="${INK}" stroke-width="0.5"/><text x="14" y="10">${g.label}</text></g>`;
  gx += 18 + g.label.length * 6.5;
  return item;
})}</g>`;
}
