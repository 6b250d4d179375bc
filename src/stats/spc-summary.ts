/**
 * The chart summary (`summary.ptd_spc_df`) and the Making Data Count icon names (`ptd_get_icons`) of
 * NHSRplotthedots 0.2.2: one row per (facet, rebase group) with the group's mean and limits, counts
 * of common and special causes, the variation type of the latest point and, for the latest group of
 * each facet, the assurance type against the target.
 */
import type {
  AssuranceIcon,
  AssuranceType,
  ImprovementDirection,
  PointType,
  SpcChart,
  SpcFacetIcons,
  SpcPoint,
  SpcSummaryRow,
  VariationIcon,
} from './spc-types.ts';

/**
 * Whether the process will meet the target: a target beyond a limit is always (or never) met;
 * between the limits it is hit and missed by chance. Comparisons with a missing target or limit are
 * false in R, so they fall through to "inconsistent"; a neutral direction has no assurance.
 */
export function assuranceTypeOf(
  target: number | null,
  lpl: number | null,
  upl: number | null,
  direction: ImprovementDirection,
): AssuranceType | null {
  if (direction === 'neutral') return null;
  const increasing = direction === 'increase';
  if (target !== null && upl !== null && target > upl)
    return increasing ? 'consistent_fail' : 'consistent_pass';
  if (target !== null && lpl !== null && target < lpl)
    return increasing ? 'consistent_pass' : 'consistent_fail';
  return 'inconsistent';
}

/** The variation icon for a point type; improvement and concern icons point the way values moved. */
export function variationIconOf(type: PointType, direction: ImprovementDirection): VariationIcon {
  switch (type) {
    case 'common_cause':
      return 'common_cause.svg';
    case 'special_cause_neutral_high':
      return 'neutral_high.svg';
    case 'special_cause_neutral_low':
      return 'neutral_low.svg';
    // The reference tests `== "increase"`, so a neutral direction (which never yields these types)
    // would take the decrease branch.
    case 'special_cause_improvement':
      return direction === 'increase' ? 'improvement_high.svg' : 'improvement_low.svg';
    case 'special_cause_concern':
      return direction === 'increase' ? 'concern_low.svg' : 'concern_high.svg';
  }
}

export function assuranceIconOf(type: AssuranceType): AssuranceIcon {
  switch (type) {
    case 'consistent_pass':
      return 'pass.svg';
    case 'consistent_fail':
      return 'fail.svg';
    case 'inconsistent':
      return 'inconsistent.svg';
  }
}

/** One row per (facet, rebase group), in chart order. */
export function spcSummary(chart: SpcChart): SpcSummaryRow[] {
  const rows: SpcSummaryRow[] = [];
  const points = chart.points;
  let start = 0;
  while (start < points.length) {
    const first = points[start]!;
    let end = start + 1;
    while (end < points.length && sameGroup(points[end]!, first)) end++;
    rows.push(summariseGroup(points.slice(start, end), chart.improvementDirection));
    // Assurance is judged on the facet's latest point, and reported on its latest group only.
    const facetEnds = end === points.length || points[end]!.facet !== first.facet;
    if (facetEnds && chart.hasTarget) {
      const last = points[end - 1]!;
      const row = rows[rows.length - 1]!;
      row.assurance_type = assuranceTypeOf(last.target, last.lpl, last.upl, chart.improvementDirection);
      row.assurance_icon = row.assurance_type === null ? null : assuranceIconOf(row.assurance_type);
    }
    start = end;
  }
  return rows;
}

/** The icons of each facet's chart: those of its latest rebase group. */
export function spcIcons(chart: SpcChart): SpcFacetIcons[] {
  const latest = new Map<string | null, SpcSummaryRow>();
  for (const row of spcSummary(chart)) latest.set(row.facet, row);
  return [...latest.values()].map((row) => ({
    facet: row.facet,
    variation_icon: row.variation_icon,
    assurance_icon: row.assurance_icon,
  }));
}

function sameGroup(a: SpcPoint, b: SpcPoint): boolean {
  return a.facet === b.facet && a.rebase_group === b.rebase_group;
}

function summariseGroup(group: readonly SpcPoint[], direction: ImprovementDirection): SpcSummaryRow {
  const first = group[0]!;
  let missing = 0;
  let common = 0;
  let improvement = 0;
  let concern = 0;
  let variation: PointType | null = null;
  for (const p of group) {
    if (p.point_type === null) {
      missing++;
      continue;
    }
    // Points are in date order, so the last one with a value is the latest.
    variation = p.point_type;
    if (p.special_cause_flag === false) common++;
    if (p.point_type === 'special_cause_improvement') improvement++;
    if (p.point_type === 'special_cause_concern') concern++;
  }
  return {
    facet: first.facet,
    rebase_group: first.rebase_group,
    mean: first.mean,
    lpl: first.lpl,
    upl: first.upl,
    n: group.length,
    n_missing: missing,
    common_cause: common,
    special_cause_improvement: improvement,
    special_cause_concern: concern,
    variation_type: variation,
    assurance_type: null,
    variation_icon: variation === null ? null : variationIconOf(variation, direction),
    assurance_icon: null,
  };
}
