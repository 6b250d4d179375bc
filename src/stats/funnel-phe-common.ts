/**
 * What the PHEindicatormethods funnel functions share: the input rows, their validation, the derived
 * denominators, the pooled average and the Wilson-inversion formula for proportion limits.
 */
import { qnorm } from './distributions.ts';
import { StatsInputError } from './errors.ts';
import { accurateSum } from './funnel-r-semantics.ts';

export type PheFunnelStatistic = 'proportion' | 'ratio' | 'rate';
export type PheRateType = 'crude' | 'dsr';

/**
 * One unit (practice, area…). For proportions: numerator of denominator. For ratios: observed and
 * expected. For rates: events (numerator), the unit's `rate` per `multiplier`, and its population
 * (denominator), which is only needed where there are 0 events for a crude rate.
 */
export interface PheFunnelRow {
  numerator: number | null;
  denominator: number | null;
  rate?: number | null;
}

export interface PheFunnelOptions {
  statistic: PheFunnelStatistic;
  /** Required for rates. */
  rateType?: PheRateType;
  /** The rate's multiplier (e.g. 100000); required for rates. */
  multiplier?: number;
}

function checkNumber(value: number | null | undefined, row: number, field: string): void {
  if (value !== null && value !== undefined && !Number.isFinite(value)) {
    throw new StatsInputError(`${field} must be a finite number`, row, field);
  }
}

/**
 * The reference's validation (`assign_funnel_significance`), applied row by row so the error can name
 * the row: numerators >= 0, denominators > 0, and numerator <= denominator for proportions.
 * Fairview adds: every value must be a finite number, and a rate must be > 0 where there are events
 * (the derived denominator multiplier·numerator/rate would otherwise be infinite or negative).
 */
export function validatePheRows(rows: readonly PheFunnelRow[], options: PheFunnelOptions): void {
  if (options.statistic === 'rate') {
    if (options.rateType !== 'crude' && options.rateType !== 'dsr') {
      throw new StatsInputError('rateType must be "crude" or "dsr" for rates', null, 'rateType');
    }
    if (!(typeof options.multiplier === 'number' && options.multiplier > 0)) {
      throw new StatsInputError('multiplier must be greater than zero for rates', null, 'multiplier');
    }
  }
  rows.forEach((r, i) => {
    checkNumber(r.numerator, i, 'numerator');
    checkNumber(r.denominator, i, 'denominator');
    checkNumber(r.rate, i, 'rate');
    if (r.numerator !== null && r.numerator < 0) {
      throw new StatsInputError('numerators must be greater than or equal to zero', i, 'numerator');
    }
    if (r.denominator !== null && r.denominator <= 0) {
      throw new StatsInputError('denominators must be greater than zero', i, 'denominator');
    }
    if (
      options.statistic === 'proportion' &&
      r.numerator !== null &&
      r.denominator !== null &&
      r.numerator > r.denominator
    ) {
      throw new StatsInputError(
        'numerators must be less than or equal to denominator for a proportion statistic',
        i,
        'numerator',
      );
    }
    if (
      options.statistic === 'rate' &&
      r.numerator !== null &&
      r.numerator > 0 &&
      r.rate !== null &&
      r.rate !== undefined &&
      r.rate <= 0
    ) {
      throw new StatsInputError('rates must be greater than zero where there are events', i, 'rate');
    }
  });
}

/**
 * Whether a row can take part at all. Fairview's rule for missing values: a row missing a value it
 * needs is left out of the averages and gets empty results, instead of making everything NA as in R.
 * Rates need a rate where there are events; a 0-event row needs nothing more (dsr) or its population
 * (crude).
 */
export function rowIsUsable(row: PheFunnelRow, options: PheFunnelOptions): boolean {
  if (row.numerator === null) return false;
  if (options.statistic !== 'rate') return row.denominator !== null;
  if (row.numerator === 0) return options.rateType === 'dsr' || row.denominator !== null;
  return row.rate !== null && row.rate !== undefined;
}

/** Every PHE funnel needs at least one row with the values it needs, or there is no average to test against. */
export function requireUsableRow(rows: readonly PheFunnelRow[], options: PheFunnelOptions): void {
  if (!rows.some((r) => rowIsUsable(r, options))) {
    throw new StatsInputError('no rows with both a numerator and a denominator', null, null);
  }
}

/**
 * The denominator each statistic is judged against: for proportions and ratios the denominator itself;
 * for rates it is derived from the rate. `order` picks the reference's floating-point order, which
 * differs between its two functions: `calculate_funnel_limits` computes multiplier·numerator/rate and
 * `assign_funnel_significance` numerator/rate·multiplier.
 * dsr with 0 events has no derived denominator (null); crude with 0 events uses the population.
 */
export function derivedDenominator(
  row: PheFunnelRow,
  options: PheFunnelOptions,
  order: 'limits' | 'significance',
): number | null {
  if (!rowIsUsable(row, options)) return null;
  if (options.statistic !== 'rate') return row.denominator;
  const x = row.numerator!;
  if (x === 0) return options.rateType === 'dsr' ? null : row.denominator;
  const m = options.multiplier!;
  const rate = row.rate!;
  return order === 'limits' ? (m * x) / rate : (x / rate) * m;
}

/** av = Σnumerator / ΣD over usable rows, with rows lacking a derived denominator left out of ΣD only. */
export function pheAverage(numerators: readonly number[], denominators: readonly (number | null)[]): number {
  const present = denominators.filter((d): d is number => d !== null);
  return accurateSum(numerators) / accurateSum(present);
}

/**
 * `sigma_adjustment`: the proportion whose Wilson interval at sample size `population` has one bound
 * exactly at `average`, × multiplier. Algebraically this is average ± z·√(average(1 − average)/N), the
 * score-test boundary; the reference's longer quadratic form is kept term by term so the last digits agree.
 */
export function sigmaAdjustment(
  p: number,
  population: number,
  average: number,
  side: 'low' | 'high',
  multiplier: number,
): number {
  const q = qnorm(p);
  const z2 = q * q;
  const a = average;
  const n = population;
  const firstPart = a * (n / z2 + 1);
  const eightA = -8 * a * (n / z2 + 1);
  const adj = Math.sqrt(
    eightA * eightA - 64 * (1 / z2 + 1 / n) * a * (n * (a * (n / z2 + 2) - 1) + z2 * (a - 1)),
  );
  const lastPart = 1 / z2 + 1 / n;
  const bound = side === 'low' ? (firstPart - adj / 8) / lastPart : (firstPart + adj / 8) / lastPart;
  return (bound / n) * multiplier;
}
