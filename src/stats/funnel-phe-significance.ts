/**
 * PHEindicatormethods 2.1.0 `assign_funnel_significance` and `calculate_funnel_points`: the
 * Fingertips funnel test for each unit, and the chart coordinates of rate funnels.
 */
import { qnorm } from './distributions.ts';
import {
  derivedDenominator,
  type PheFunnelOptions,
  type PheFunnelRow,
  pheAverage,
  requireUsableRow,
  rowIsUsable,
  sigmaAdjustment,
  validatePheRows,
} from './funnel-phe-common.ts';
import { accurateSum } from './funnel-r-semantics.ts';
import { byarLower, byarUpper, exactLower, exactUpper } from './poisson-limits.ts';

/** The reference's factor levels, verbatim. */
export type PheSignificance =
  | 'High (0.001)'
  | 'High (0.025)'
  | 'Low (0.001)'
  | 'Low (0.025)'
  | 'Not significant'
  | 'Not applicable for events less than 10 for dsrs';

/**
 * `funnel_ratio_significance` without the division by the expected value: the lower ("low") or upper
 * ("high") bound of a Poisson count at two-sided level `level` (0.95 or 0.998) — exact below 10 events,
 * Byar from 10. The reference writes the exact bounds as upper-tail chi-square quantiles at 0.5 + P/2,
 * which are the lower-tail quantiles at (1 − P)/2 used here.
 */
export function pheCountBound(obs: number, level: number, side: 'low' | 'high'): number {
  if (obs === 0 && side === 'low') return 0;
  if (obs < 10) return side === 'low' ? exactLower(obs, level) : exactUpper(obs, level);
  return side === 'low' ? byarLower(obs, byarZ(level)) : byarUpper(obs, byarZ(level));
}

const Z_95 = qnorm(0.5 + 0.95 / 2);
const Z_99_8 = qnorm(0.5 + 0.998 / 2);

/** qnorm(0.5 + P/2), with the two levels the funnel tests use computed once (they are asked for constantly). */
function byarZ(level: number): number {
  if (level === 0.95) return Z_95;
  if (level === 0.998) return Z_99_8;
  return qnorm(0.5 + level / 2);
}

/** Proportions: Wilson-inversion limits at the unit's own denominator, multiplier 1, no clamping, strict. */
function proportionSignificance(x: number, n: number, average: number): PheSignificance {
  const p = x / n;
  if (p < sigmaAdjustment(0.999, n, average, 'low', 1)) return 'Low (0.001)';
  if (p < sigmaAdjustment(0.975, n, average, 'low', 1)) return 'Low (0.025)';
  if (p > sigmaAdjustment(0.999, n, average, 'high', 1)) return 'High (0.001)';
  if (p > sigmaAdjustment(0.975, n, average, 'high', 1)) return 'High (0.025)';
  return 'Not significant';
}

/**
 * Ratios and rates: the unit's Poisson interval for its count, scaled by its expected value (or derived
 * denominator), is compared with the reference value (1 for ratios, the weighted average for rates).
 * The high tests come first, as in the reference.
 */
function poissonSignificance(obs: number, expected: number, reference: number): PheSignificance {
  if (reference < pheCountBound(obs, 0.998, 'low') / expected) return 'High (0.001)';
  if (reference < pheCountBound(obs, 0.95, 'low') / expected) return 'High (0.025)';
  if (reference > pheCountBound(obs, 0.998, 'high') / expected) return 'Low (0.001)';
  if (reference > pheCountBound(obs, 0.95, 'high') / expected) return 'Low (0.025)';
  return 'Not significant';
}

export interface PheSignificanceResult {
  /** One per input row, in order; null where the row lacks a value it needs (Fairview's missing rule). */
  significance: (PheSignificance | null)[];
  /**
   * The value each unit is compared with: the average proportion, 1 for ratios, or the rates' weighted
   * average Σnumerator/ΣD (not multiplied).
   */
  reference: number;
  /** For rates, the derived denominators (null for dsr with 0 events, or missing rows). */
  derivedDenominators: (number | null)[];
}

/**
 * `assign_funnel_significance`. Rows with missing values take no part in the averages and get null.
 * For dsr rates a row with fewer than 10 events is "Not applicable…" whatever its test says.
 */
export function assignFunnelSignificance(
  rows: readonly PheFunnelRow[],
  options: PheFunnelOptions,
): PheSignificanceResult {
  validatePheRows(rows, options);
  requireUsableRow(rows, options);
  const usable = rows.map((r) => rowIsUsable(r, options));
  const used = rows.filter((_, i) => usable[i]);
  const derived = rows.map((r, i) => (usable[i] ? derivedDenominator(r, options, 'significance') : null));

  let reference: number;
  if (options.statistic === 'rate') {
    reference = pheAverage(
      used.map((r) => r.numerator!),
      derived.filter((_, i) => usable[i]),
    );
  } else if (options.statistic === 'ratio') {
    reference = 1;
  } else {
    reference = accurateSum(used.map((r) => r.numerator!)) / accurateSum(used.map((r) => r.denominator!));
  }

  const significance = rows.map((r, i): PheSignificance | null => {
    if (!usable[i]) return null;
    const x = r.numerator!;
    if (options.statistic === 'proportion') return proportionSignificance(x, r.denominator!, reference);
    if (options.statistic === 'ratio') return poissonSignificance(x, r.denominator!, reference);
    if (options.rateType === 'dsr' && x < 10) return 'Not applicable for events less than 10 for dsrs';
    const d = derived[i];
    // No derived denominator (cannot happen after the dsr rule above, kept for safety): R's NA tests fail.
    if (d === null || d === undefined) return 'Not significant';
    return poissonSignificance(x, d, reference);
  });
  return { significance, reference, derivedDenominators: derived };
}

export interface PheFunnelPoint {
  /** The rate to chart (`<rate>_chart`); null for dsr below 10 events or a missing row. */
  rateChart: number | null;
  /** The annual population to chart against (`denominator_derived`). */
  denominatorDerived: number | null;
}

/**
 * `calculate_funnel_points` (rates only): the rate to plot and its annual derived population,
 * (multiplier·numerator/rate)/years; crude rates with 0 events use denominator/years.
 */
export function calculateFunnelPoints(
  rows: readonly PheFunnelRow[],
  options: PheFunnelOptions & { years: number },
): PheFunnelPoint[] {
  validatePheRows(rows, { ...options, statistic: 'rate' });
  const m = options.multiplier!;
  return rows.map((r) => {
    const x = r.numerator;
    if (x === null) return { rateChart: null, denominatorDerived: null };
    const rate = r.rate ?? null;
    if (options.rateType === 'dsr') {
      if (x < 10 || rate === null) return { rateChart: null, denominatorDerived: null };
      return { rateChart: rate, denominatorDerived: (m * x) / rate / options.years };
    }
    if (x === 0) {
      return {
        rateChart: rate,
        denominatorDerived: r.denominator === null ? null : r.denominator / options.years,
      };
    }
    if (rate === null) return { rateChart: null, denominatorDerived: null };
    return { rateChart: rate, denominatorDerived: (m * x) / rate / options.years };
  });
}
