/**
 * XmR statistical process control charts exactly as NHSRplotthedots 0.2.2 `ptd_spc` builds them
 * (spec section 5), with Fairview's deliberate differences:
 *
 * - Run length: trends and shifts are `runLength` points (6 or 7, default 7 as in the reference), and
 *   the labels say so ("6 Point Trend (Increasing)", "6 Points Above CL").
 * - Missing values never raise an error. A missing point stays in the output at its date. Its group's
 *   mean and limits are shown on it (they belong to the group), but it gets no verdict:
 *   outside_limits, relative_to_mean, close_to_limits, special_cause_type, special_cause_flag and
 *   point_type are null. For the limits it behaves as in R (its row still counts towards fix-after-n;
 *   the moving ranges either side of it are missing). For the trend, shift and two-in-three rules it is
 *   absent from the sequence: its neighbours are treated as consecutive, so a gap neither breaks a run
 *   nor makes one error (R stops with an error when an NA sits inside an otherwise monotone window).
 *
 * Output is sorted by facet (code point order = C-locale byte order), then date, whatever the input
 * order; each point carries its input `row` so callers can map back.
 */
import {
  checkSpcRows,
  compareCodePoints,
  type ResolvedSpcOptions,
  resolveSpcOptions,
  type SpcInputRow,
} from './spc-input.ts';
import { xmrLimits } from './spc-limits.ts';
import { pointTypeOf, type Side, specialCauseTypes } from './spc-rules.ts';
import type { SpcChart, SpcOptions, SpcPoint, SpcRow } from './spc-types.ts';

/** The reference flags groups shorter than this (option `ptd_spc.warning_threshold`, default 13). */
export const SHORT_GROUP_THRESHOLD = 13;

/** Builds the chart. Throws StatsInputError for bad rows or options (see spc-input.ts). */
export function spc(rows: readonly SpcRow[], options: SpcOptions = {}): SpcChart {
  const checked = checkSpcRows(rows);
  const byFacet = new Map<string | null, SpcInputRow[]>();
  for (const r of checked) {
    const list = byFacet.get(r.facet);
    if (list) list.push(r);
    else byFacet.set(r.facet, [r]);
  }
  const resolved = resolveSpcOptions(options, new Set(byFacet.keys()));

  const facets = [...byFacet.keys()].sort((a, b) => compareCodePoints(a ?? '', b ?? ''));
  const points: SpcPoint[] = [];
  for (const facet of facets) {
    const series = byFacet.get(facet)!.sort((a, b) => a.time - b.time);
    const rebaseTimes = resolved.rebaseTimes(facet);
    const target = resolved.targetFor(facet);
    // rebase_group is the running count of rebase dates: the rebase date opens the new group.
    let group = 0;
    let start = 0;
    for (let i = 0; i < series.length; i++) {
      const next = rebaseTimes.has(series[i]!.time) ? group + 1 : group;
      if (next !== group && i > start) {
        chartGroup(series.slice(start, i), facet, group, target, resolved, points);
        start = i;
      }
      group = next;
    }
    chartGroup(series.slice(start), facet, group, target, resolved, points);
  }
  return {
    points,
    improvementDirection: resolved.improvementDirection,
    hasTarget: resolved.hasTarget,
    runLength: resolved.runLength,
  };
}

/** One (facet, rebase group): limits, limit tests and rules, appended to `out` in date order. */
function chartGroup(
  series: readonly SpcInputRow[],
  facet: string | null,
  group: number,
  target: number | null,
  options: ResolvedSpcOptions,
  out: SpcPoint[],
): void {
  if (series.length === 0) return;
  const limits = xmrLimits(
    series.map((r) => r.y),
    options.fixAfterN,
    options.screenOutliers,
  );
  const { mean, lpl, upl, nlpl, nupl } = limits;
  const short = series.length < SHORT_GROUP_THRESHOLD;

  const present: number[] = [];
  const y: number[] = [];
  const side: (Side | null)[] = [];
  const close: (boolean | null)[] = [];
  const outside: (boolean | null)[] = [];
  const groupPoints: SpcPoint[] = series.map((r, i) => {
    const point: SpcPoint = {
      row: r.row,
      y: r.y,
      x: r.x,
      facet,
      rebase_group: group,
      short_group_warning: short,
      fix_y: limits.fixY[i]!,
      mean,
      lpl,
      upl,
      outside_limits: null,
      relative_to_mean: null,
      close_to_limits: null,
      special_cause_type: null,
      special_cause_flag: null,
      point_type: null,
      target,
    };
    if (r.y !== null) {
      const v = r.y;
      if (mean !== null) point.relative_to_mean = Math.sign(v - mean) as Side;
      if (lpl !== null && upl !== null && nlpl !== null && nupl !== null) {
        const isOutside = v > upl || v < lpl;
        point.outside_limits = isOutside;
        point.close_to_limits = !isOutside && (v < nlpl || v > nupl);
      }
      present.push(i);
      y.push(v);
      side.push(point.relative_to_mean);
      close.push(point.close_to_limits);
      outside.push(point.outside_limits);
    }
    return point;
  });

  const types = specialCauseTypes({ y, side, close, outside }, options.runLength);
  for (let k = 0; k < present.length; k++) {
    const point = groupPoints[present[k]!]!;
    const type = types[k]!;
    point.special_cause_type = type;
    point.special_cause_flag = type !== 'Common Cause';
    point.point_type = pointTypeOf(type, options.improvementDirection);
  }
  for (const p of groupPoints) out.push(p);
}
