// The indicator page's funnel plots as figures (also the print pack's and a concern's data pack's):
// each practice a point coloured by its verdict, with the limits, a description and a caption.
import type { Polarity } from '../../../domain/indicators/definition.ts';
import { judged } from '../../benchmarking/comparison.ts';
import { formatRatio, formatValue } from '../../benchmarking/format.ts';
import type { FunnelView, IndicatorPageView } from '../../benchmarking/views.ts';
import { type FunnelPointGroup, funnelPlot } from '../../charts/funnel.ts';
import { type ComparisonKey, comparisonStyle } from '../../charts/palette.ts';
import { type Drawings, drawnOnce } from '../../drawn-once.ts';
import { type Html, html } from '../../html.ts';

function flagKey(flag: string, polarity: Polarity): ComparisonKey {
  if (flag === 'none') return 'similar';
  return judged(flag.startsWith('high') ? 'higher' : 'lower', polarity);
}

/**
 * A funnel's points in one group per comparison colour (the chart draws one path per group). With
 * `verdicts` (practice → headline flag) points are coloured by their headline verdict, so colour means
 * the same on every chart; without, by the funnel's own flag.
 */
export function funnelGroups(
  f: FunnelView,
  polarity: Polarity,
  verdicts?: ReadonlyMap<string, string | null>,
): FunnelPointGroup[] {
  const order: ComparisonKey[] = ['similar', 'better', 'worse', 'higher', 'lower'];
  const keyOf = (p: FunnelView['points'][number]): ComparisonKey | null => {
    if (!verdicts) return flagKey(p.flag, polarity);
    const flag = verdicts.get(p.code);
    return flag ? flagKey(flag, polarity) : null;
  };
  // One pass over the points (England's 6,000), each keyed once, in their order within each group.
  const buckets = new Map(order.map((key) => [key, [] as FunnelView['points']]));
  for (const p of f.points) {
    const key = keyOf(p);
    if (key !== null) buckets.get(key)?.push(p);
  }
  return order
    .map((key) => {
      const points = buckets.get(key)!;
      return {
        fill: comparisonStyle(key).fill,
        label: `${comparisonStyle(key).label} (${points.length})`,
        points,
      };
    })
    .filter((g) => g.points.length > 0);
}

/** The figures drawn of each funnel, by chart id and highlighted practice (drawn-once.ts). */
const figures: Drawings<FunnelView> = new WeakMap();

/** A funnel chart with its description and caption (the indicator page's, and the print pack's). */
export function funnelFigure(v: IndicatorPageView, f: FunnelView, id: string): Html {
  return drawnOnce(figures, f, `${id}|${v.selected?.code ?? ''}`, () => drawFunnelFigure(v, f, id));
}

function drawFunnelFigure(v: IndicatorPageView, f: FunnelView, id: string): Html {
  const unit = v.indicator.unit;
  const verdicts = new Map(v.practices.map((p) => [p.code, p.flag.flag] as const));
  const sel = v.selected ? f.points.find((p) => p.code === v.selected!.code) : undefined;
  const outside = f.points.filter((p) => p.flag.endsWith('99_8')).length;
  const outside95 = f.points.filter((p) => p.flag !== 'none').length;
  const kind = {
    crude: {
      title: `Crude funnel plot of ${v.indicator.name}, ${v.period}, practices in ${v.area.name}`,
      x: `Denominator (${v.indicator.denominator.slice(0, 60)})`,
      y: `Value${unit ? ` (${unit})` : ''}`,
      at: (y: number) => formatValue(y, unit),
    },
    adjusted: {
      title: `Case-mix adjusted funnel plot (observed ÷ expected, FunnelPlotR) of ${v.indicator.name}, ${v.period}, practices in ${v.area.name}`,
      x: 'Expected count for its age and deprivation profile',
      y: 'Observed ÷ expected',
      at: (y: number) => formatRatio(y),
    },
    headline: {
      title: `Headline judgment of ${v.indicator.name}, ${v.period}: z-scores of practices in ${v.area.name}`,
      x: 'Expected count (what the practice was judged against)',
      y: 'Headline z-score',
      at: (y: number) => y.toFixed(2),
    },
  }[f.basis];
  const left =
    v.suppressedPractices > 0
      ? ` ${v.suppressedPractices} practices are left off because their figures are suppressed; the limits are drawn from the practices shown.`
      : '';
  const selHidden = v.selected && !sel ? ` ${v.selected.name} is not drawn: its figures are suppressed.` : '';
  const description =
    f.basis === 'headline'
      ? `${f.points.length} practices.${left}${selHidden} ${outside95} are flagged at 95% (z beyond ±1.96) and ${outside} at 99.8% (beyond ±3.09). ${sel && v.selected ? `${v.selected.name} is highlighted at z = ${kind.at(sel.y)}.` : ''} The table below lists every practice.`
      : `${f.points.length} practices.${left}${selHidden} ${outside95} lie outside this funnel's 95% limits and ${outside} outside its 99.8% limits${
          f.overDispersed ? ', using the limits widened for over-dispersion' : ''
        }; points are coloured by their headline verdict. ${sel && v.selected ? `${v.selected.name} is highlighted at ${kind.at(sel.y)}.` : ''} The table below lists every practice.`;
  const caption =
    f.basis === 'headline'
      ? `Each practice's z-score from its own predictive tail: how surprising its count is for a practice like it, allowing for the usual variation between practices (τ² = ${f.tau2?.toPrecision(3) ?? 'not known'}) and for chance at its size. Beyond the dashed lines it is flagged at 95%, beyond the solid ones at 99.8%: the lines are flat because size is already allowed for.`
      : f.overDispersed
        ? `The practices vary more than chance alone would give (φ = ${formatRatio(f.phi)}), so the blue limits, which allow for this (τ² = ${f.tau2?.toPrecision(3) ?? 'not known'}), are FunnelPlotR's; grey limits show chance alone. This chart is detail: its limits come from FunnelPlotR's trimmed estimate, which is too narrow for large practices, so the colours show the headline verdict instead.`
        : 'The practices vary no more than chance would give, so the limits from chance alone are drawn. The colours show the headline verdict.';
  return html`<figure class="fairview-chart-figure">
${funnelPlot({
  id,
  title: kind.title,
  description,
  xLabel: kind.x,
  yLabel: kind.y,
  target: f.target,
  limits: f.limits,
  overDispersionLimits: f.basis === 'headline' ? null : f.overDispersed ? f.overDispersionLimits : null,
  groups: funnelGroups(f, v.indicator.polarity, f.basis === 'headline' ? undefined : verdicts),
  highlight:
    sel && v.selected ? { x: sel.x, y: sel.y, label: `${v.selected.name} (${v.selected.code})` } : null,
  signed: f.basis === 'headline',
})}
<figcaption class="nhsuk-body-s">${caption}</figcaption>
</figure>`;
}
