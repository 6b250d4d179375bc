/**
 * PHEindicatormethods 2.1.0 `calculate_funnel_limits`: a 100-row table of funnel limits over a neat
 * axis, for drawing. It gives no per-unit limits (see funnel-phe-rows.ts for those).
 *
 * Fairview's deliberate difference: the proportion upper limit is capped at 1 × multiplier, where the
 * reference caps at 100 whatever the multiplier.
 */
import { StatsInputError } from './errors.ts';
import {
  derivedDenominator,
  type PheFunnelOptions,
  type PheFunnelRow,
  pheAverage,
  rowIsUsable,
  sigmaAdjustment,
  validatePheRows,
} from './funnel-phe-common.ts';
import { roundHalfEven, rWholeNumberWidth } from './funnel-r-semantics.ts';
import { poissonFunnel } from './poisson-funnel.ts';

export type PheRatioType = 'count' | 'isr';

export interface PheFunnelLimitsOptions extends PheFunnelOptions {
  /** Proportions: the multiplier of the limits (1 = fraction, 100 = percentage). Rates: the rate's multiplier. */
  multiplier: number;
  /** Ratios: "count" reports limits − 1, "isr" reports limits × 100. */
  ratioType?: PheRatioType;
  /** Rates: number of years the data cover; the axis is rounded per year. */
  years?: number;
}

/**
 * One of the 100 rows. `x` is the axis value: the population (proportion), observed events (ratio) or
 * events (rate). `expected` holds ratios' `*_exp_events` and rates' `*_population_1_year` (the latter
 * divided by years); `baseline` is null for ratios, which have none.
 */
export interface PheFunnelLimitRow {
  x: number;
  lower95: number;
  upper95: number;
  lower99_8: number;
  upper99_8: number;
  expected: { lower95: number; upper95: number; lower99_8: number; upper99_8: number } | null;
  baseline: number | null;
}

export interface PheFunnelLimitsTable {
  /** "Population", "Observed_events" or "Events", as the reference names the axis column. */
  axisName: 'Population' | 'Observed_events' | 'Events';
  axisMinimum: number;
  axisMaximum: number;
  average: number;
  rows: PheFunnelLimitRow[];
  /** "proportion", "ratio (count)", "ratio (isr)" or e.g. "rate (dsr per 100,000)". */
  statistic: string;
  method: 'Wilson' | 'Poisson';
}

/** The reference's `signif.floor`: round 0.95x down to its leading digit (R's printed width decides). */
export function sfloor(x: number): number {
  if (x === 0) return 0;
  const lowered = Math.floor(x * 0.95);
  const k = rWholeNumberWidth(lowered) - 1;
  return Math.floor((x * 0.95) / 10 ** k) * 10 ** k;
}

/** The reference's `signif.ceiling`: round 1.05x up to its two leading digits (R's printed width decides). */
export function sceil(x: number): number {
  if (x === 0) return 0;
  const raised = Math.ceil(x * 1.05);
  const k = rWholeNumberWidth(raised) - 2;
  return Math.ceil((x * 1.05) / 10 ** k) * 10 ** k;
}

/**
 * The 100 axis points, spaced geometrically so they crowd where the funnel bends:
 * x₁ = max(1, min), x_j = max(round((max/x_{j−1})^(1/(101−o))·x_{j−1}), x_{j−1} + 1), with o = j for
 * proportions and rates and o = j − 1 for ratios. R's round sends halves to even.
 */
export function funnelAxisPoints(axisMinimum: number, axisMaximum: number, ratio: boolean): number[] {
  const points = [Math.max(1, axisMinimum)];
  for (let j = 2; j <= 100; j++) {
    const offset = ratio ? j - 1 : j;
    const prev = points[j - 2]!;
    const next = roundHalfEven((axisMaximum / prev) ** (1 / (101 - offset)) * prev);
    points.push(Math.max(next, prev + 1));
  }
  return points;
}

/** R's `format(x, big.mark = ",", scientific = FALSE)` for the multiplier in the rate label. */
function formatWithCommas(x: number): string {
  const [whole, fraction] = String(x).split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

export function calculateFunnelLimits(
  rows: readonly PheFunnelRow[],
  options: PheFunnelLimitsOptions,
): PheFunnelLimitsTable {
  validatePheRows(rows, options);
  const { statistic, multiplier } = options;
  if (statistic === 'ratio' && options.ratioType !== 'count' && options.ratioType !== 'isr') {
    throw new StatsInputError('ratioType must be "count" or "isr" for ratios', null, 'ratioType');
  }
  const years = options.years ?? Number.NaN;
  if (statistic === 'rate' && !(years > 0)) {
    throw new StatsInputError('years must be greater than zero for rates', null, 'years');
  }
  if (!(multiplier > 0))
    throw new StatsInputError('multiplier must be greater than zero', null, 'multiplier');

  const usable = rows.filter((r) => rowIsUsable(r, options));
  const denominators = usable.map((r) => derivedDenominator(r, options, 'limits'));
  const present = denominators.filter((d): d is number => d !== null);
  if (present.length === 0) {
    throw new StatsInputError('no rows with both a numerator and a denominator', null, null);
  }
  const av = pheAverage(
    usable.map((r) => r.numerator!),
    denominators,
  );
  const minD = Math.min(...present);
  const maxD = Math.max(...present);

  let axisMinimum: number;
  if (maxD > 2 * minD) axisMinimum = 0;
  else axisMinimum = statistic === 'rate' ? sfloor(minD / years) * years : sfloor(minD);
  let axisMaximum = statistic === 'rate' ? sceil(maxD / years) * years : sceil(maxD);
  if (statistic === 'rate') {
    axisMinimum = Math.floor(axisMinimum * av);
    axisMaximum = Math.ceil(axisMaximum * av);
  }

  const xs = funnelAxisPoints(axisMinimum, axisMaximum, statistic === 'ratio');
  const limitRows = xs.map((x) => limitRow(x, av, options, years));
  return {
    axisName:
      statistic === 'proportion' ? 'Population' : statistic === 'ratio' ? 'Observed_events' : 'Events',
    axisMinimum,
    axisMaximum,
    average: av,
    rows: limitRows,
    statistic:
      statistic === 'ratio'
        ? `ratio (${options.ratioType})`
        : statistic === 'rate'
          ? `rate (${options.rateType} per ${formatWithCommas(multiplier)})`
          : 'proportion',
    method: statistic === 'proportion' ? 'Wilson' : 'Poisson',
  };
}

function limitRow(x: number, av: number, options: PheFunnelLimitsOptions, years: number): PheFunnelLimitRow {
  const m = options.multiplier;
  if (options.statistic === 'proportion') {
    // Fairview caps the upper limit at 1 × multiplier (the reference: 100).
    return {
      x,
      lower95: Math.max(0, sigmaAdjustment(0.975, x, av, 'low', m)),
      upper95: Math.min(m, sigmaAdjustment(0.975, x, av, 'high', m)),
      lower99_8: Math.max(0, sigmaAdjustment(0.999, x, av, 'low', m)),
      upper99_8: Math.min(m, sigmaAdjustment(0.999, x, av, 'high', m)),
      expected: null,
      baseline: av * m,
    };
  }
  // PF(x, p, "high") is the largest mean that still makes x events unsurprisingly low: the lower limit.
  const lowerExp95 = poissonFunnel(x, 0.025, 'high');
  const upperExp95 = poissonFunnel(x, 0.025, 'low');
  const lowerExp998 = poissonFunnel(x, 0.001, 'high');
  const upperExp998 = poissonFunnel(x, 0.001, 'low');
  if (options.statistic === 'ratio') {
    const adjust = options.ratioType === 'count' ? (v: number) => v - 1 : (v: number) => v * 100;
    return {
      x,
      lower95: adjust(x / lowerExp95),
      upper95: adjust(x / upperExp95),
      lower99_8: adjust(x / lowerExp998),
      upper99_8: adjust(x / upperExp998),
      expected: { lower95: lowerExp95, upper95: upperExp95, lower99_8: lowerExp998, upper99_8: upperExp998 },
      baseline: null,
    };
  }
  const pop = {
    lower95: lowerExp95 / av,
    upper95: upperExp95 / av,
    lower99_8: lowerExp998 / av,
    upper99_8: upperExp998 / av,
  };
  return {
    x,
    lower95: (x / pop.lower95) * m,
    upper95: (x / pop.upper95) * m,
    lower99_8: (x / pop.lower99_8) * m,
    upper99_8: (x / pop.upper99_8) * m,
    expected: {
      lower95: pop.lower95 / years,
      upper95: pop.upper95 / years,
      lower99_8: pop.lower99_8 / years,
      upper99_8: pop.upper99_8 / years,
    },
    baseline: av * m,
  };
}
