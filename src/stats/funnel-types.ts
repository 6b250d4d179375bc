/** Types shared by both funnel families (PHEindicatormethods and FunnelPlotR). */

/** Where a unit sits against its funnel: the most extreme limit it is outside of. */
export type FunnelFlag = 'high_99_8' | 'high_95' | 'none' | 'low_95' | 'low_99_8';

/** The 95% and 99.8% limits at one denominator, on the same scale as the value; null where undefined. */
export interface FunnelLimits {
  lower95: number | null;
  upper95: number | null;
  lower99_8: number | null;
  upper99_8: number | null;
}

/**
 * The flag for a value against a set of limits, most extreme first: above the 99.8% upper limit is
 * high_99_8, above the 95% upper high_95, then low_99_8 and low_95. Values on a limit are inside it
 * (FunnelPlotR's outlier test is inclusive).
 */
export function flagAgainstLimits(value: number, limits: FunnelLimits): FunnelFlag {
  if (limits.upper99_8 !== null && value > limits.upper99_8) return 'high_99_8';
  if (limits.upper95 !== null && value > limits.upper95) return 'high_95';
  if (limits.lower99_8 !== null && value < limits.lower99_8) return 'low_99_8';
  if (limits.lower95 !== null && value < limits.lower95) return 'low_95';
  return 'none';
}
