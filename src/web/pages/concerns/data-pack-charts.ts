/**
 * A concern's frozen data pack drawn as the benchmarking pages draw it: the funnel of every practice
 * in the period with this practice highlighted, and the practice's SPC chart. Everything comes from the
 * pack (the points, the frozen fits, the SPC points), never from the live release tables, so the
 * charts stay what the concern was raised on. The funnel's limits are redrawn from the frozen points
 * with the same function as the indicator page (`funnelChart`, src/app/benchmarking/queries.ts); the
 * tables on the concern page remain the accessible alternative.
 */
import {
  type FunnelChart,
  type FunnelInputRow,
  funnelChart,
} from '../../../app/benchmarking/funnel-chart.ts';
import type { JsonValue } from '../../../app/db.ts';
import type { Polarity } from '../../../domain/indicators/definition.ts';
import { formatRatio, formatValue } from '../../benchmarking/format.ts';
import { funnelView } from '../../benchmarking/funnel-view.ts';
import { unitOf } from '../../benchmarking/view-parts.ts';
import type { PointControl } from '../../benchmarking/viewer-control.ts';
import { funnelPlot } from '../../charts/funnel.ts';
import { spcChart } from '../../charts/spc.ts';
import { type Html, html } from '../../html.ts';
import { funnelGroups } from '../benchmarking/indicator-funnel.ts';

type Json = Record<string, JsonValue>;

function obj(v: JsonValue | null | undefined): Json {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
const list = (v: JsonValue | undefined): JsonValue[] => (Array.isArray(v) ? v : []);
const str = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');
const num = (v: JsonValue | undefined): number | null => (typeof v === 'number' ? v : null);

const POLARITIES: readonly Polarity[] = ['higher_is_better', 'lower_is_better', 'no_judgement'];

/**
 * The England funnel of the frozen points. The pack keeps the indicator's multiplier but not its type,
 * so the proportion (PR) funnel is tried first and kept when its target is the frozen England fit's;
 * otherwise the rate (SR) funnel, whose target is 1.
 */
export function frozenFunnel(
  pack: JsonValue | null,
  control: PointControl | null = null,
): { chart: FunnelChart; kind: 'proportion' | 'rate'; leftOut: number } | null {
  const p = obj(pack);
  const indicator = obj(p.indicator);
  const multiplier = num(indicator.multiplier) ?? 1;
  const exact: FunnelInputRow[] = list(obj(p.funnel).points).flatMap((point) => {
    const [code, numerator, denominator] = list(point);
    return typeof code === 'string' && typeof numerator === 'number' && typeof denominator === 'number'
      ? [{ area_code: code, numerator, denominator }]
      : [];
  });
  // Which funnel the pack is (below) is read from the exact points, which say nothing else here;
  // what is drawn — dots, and limits fitted to them — comes from the points as published to the viewer.
  const rows: FunnelInputRow[] = control
    ? exact.flatMap((r) => {
        const shown = control(r.area_code, r.numerator!, r.denominator!);
        return shown ? [{ area_code: r.area_code, ...shown }] : [];
      })
    : exact;
  const leftOut = exact.length - rows.length;
  const fit = list(obj(p.funnel).fits)
    .map(obj)
    .find((f) => f.level === 'country' && f.basis === 'crude');
  const target = num(fit?.target);
  const exactProportion = exact.every((r) => r.numerator! <= r.denominator!)
    ? funnelChart({ type: 'proportion', multiplier }, exact)
    : null;
  const isProportion =
    exactProportion !== null &&
    (target === null || Math.abs(exactProportion.target - target) <= 1e-9 * Math.max(1, target));
  const draw = (type: 'proportion' | 'rate') => {
    const chart = funnelChart({ type, multiplier }, rows);
    return chart ? { chart, kind: type, leftOut } : null;
  };
  if (isProportion) return draw('proportion');
  return draw('rate') ?? (exactProportion ? draw('proportion') : null);
}

/** `control`: how the viewer may see each practice's point (viewer-control.ts); null: every point in full. */
export function dataPackCharts(
  pack: JsonValue | null,
  practiceName: string,
  control: PointControl | null = null,
): Html {
  const p = obj(pack);
  const indicator = obj(p.indicator);
  const code = str(p.practiceCode);
  const period = str(p.period);
  const name = str(indicator.name) || 'the indicator';
  const multiplier = num(indicator.multiplier) ?? 1;
  const unit = unitOf(multiplier);
  const polarity = POLARITIES.find((x) => x === indicator.polarity) ?? 'no_judgement';
  const parts: Html[] = [];

  const frozen = frozenFunnel(pack, control);
  if (frozen) {
    const f = funnelView(frozen.chart, 'crude');
    const crude = frozen.kind === 'proportion';
    const sel = f.points.find((pt) => pt.code === code);
    const outside = f.points.filter((pt) => pt.flag !== 'none').length;
    parts.push(html`<figure class="fairview-chart-figure">${funnelPlot({
      id: 'pack-funnel',
      title: `Funnel plot of ${name}, ${period}, every practice in England (frozen)`,
      description: `${f.points.length} practices as frozen when the concern was raised${
        frozen.leftOut > 0
          ? ` (${frozen.leftOut} more are left out: their figures are not published to you; the others are drawn from their published, rounded counts)`
          : control
            ? ' (drawn from their published, rounded counts where their figures are not yours to see in full)'
            : ''
      }; ${outside} lie outside the 95% limits${f.overDispersed ? ', using the limits widened for over-dispersion' : ''}. ${sel ? `${practiceName} is highlighted at ${crude ? formatValue(sel.y, unit) : formatRatio(sel.y)}.` : ''} The table below gives this practice's numbers.`,
      xLabel: crude ? 'Denominator' : 'Expected count (denominator × England rate)',
      yLabel: crude ? `Value${unit ? ` (${unit})` : ''}` : 'Observed ÷ expected',
      target: f.target,
      limits: f.limits,
      overDispersionLimits: f.overDispersed ? f.overDispersionLimits : null,
      groups: funnelGroups(f, polarity),
      highlight: sel ? { x: sel.x, y: sel.y, label: `${practiceName} (${code})` } : null,
    })}
<figcaption class="nhsuk-body-s">Redrawn from the frozen points with the same method as the indicator page${
      f.overDispersed
        ? `; the practices vary more than chance alone (φ = ${formatRatio(f.phi)}), so the blue limits are the ones the flags use`
        : ''
    }.</figcaption></figure>`);
  }

  const spc = list(obj(p.spc).points).map(obj);
  if (spc.length >= 2) {
    parts.push(
      html`<figure class="fairview-chart-figure">${spcChart({
        id: 'pack-spc',
        title: `SPC chart of ${name} for ${practiceName} (frozen)`,
        description: `${spc.length} periods from ${str(spc[0]!.period)} to ${str(spc.at(-1)!.period)}, as frozen when the concern was raised. The solid line is the mean, dashed lines the process limits; special-cause points are coloured and lettered (I improvement, C concern, N neither). The table below gives every value.`,
        yLabel: `Value${unit ? ` (${unit})` : ''}`,
        points: spc.map((pt) => ({
          label: str(pt.period),
          value: num(pt.value),
          mean: num(pt.mean),
          lower: num(pt.lower_limit),
          upper: num(pt.upper_limit),
          pointType: str(pt.point_type) || null,
        })),
      })}</figure>`,
    );
  }
  return html`${parts}`;
}
