// Crude funnels (FunnelPlotR, src/stats): PR on the arcsine scale for proportions; SR for rates, with
// each practice's expected count = its denominator × the pooled rate. One funnel for England and one
// per ICB and per sub-ICB (PCNs hold too few practices for a funnel to mean anything: not drawn).
// Random-effects limits are used when φ > 1, as FunnelPlotR does by default.
import type { IndicatorType } from '../../domain/indicators/definition.ts';
import { type FunnelFlag, funnelPlotR, StatsInputError } from '../../stats/index.ts';
import type { NewFunnelFit } from '../../store/schema.ts';

/** Fewer practices than this under one parent: no funnel. */
export const MIN_FUNNEL_PRACTICES = 5;

export interface FunnelUnit {
  numerator: number;
  denominator: number;
}

export interface CrudeFunnel {
  fit: Omit<NewFunnelFit, 'release_id' | 'indicator_id' | 'period' | 'level' | 'parent_code'>;
  /** One flag per input unit, in input order. */
  flags: FunnelFlag[];
}

export function crudeFunnel(
  type: IndicatorType,
  units: readonly FunnelUnit[],
  multiplier: number,
): CrudeFunnel | null {
  if (units.length < MIN_FUNNEL_PRACTICES) return null;
  try {
    if (type === 'proportion') {
      const result = funnelPlotR(units, { dataType: 'PR', multiplier });
      return fromResult(
        result.summary,
        result.rowUnit.map((i) => (i === null ? 'none' : result.units[i]!.flag)),
      );
    }
    let events = 0;
    let exposure = 0;
    for (const u of units) {
      events += u.numerator;
      exposure += u.denominator;
    }
    if (!(events > 0)) return null;
    const pooled = events / exposure;
    const result = funnelPlotR(
      units.map((u) => ({ numerator: u.numerator, denominator: u.denominator * pooled })),
      { dataType: 'SR', shmiRounding: false },
    );
    const fit = fromResult(
      result.summary,
      result.rowUnit.map((i) => (i === null ? 'none' : result.units[i]!.flag)),
    );
    fit.fit.target = pooled * multiplier;
    return fit;
  } catch (error) {
    if (error instanceof StatsInputError) return null;
    throw error;
  }
}

function fromResult(
  summary: { phi: number | null; tau2: number | null; adjusted: boolean; target: number; n: number },
  flags: FunnelFlag[],
): CrudeFunnel {
  return {
    fit: {
      basis: 'crude',
      phi: summary.phi,
      tau2: summary.tau2,
      adjusted: summary.adjusted,
      target: summary.target,
      n: summary.n,
    },
    flags,
  };
}
