// The case-mix adjusted comparison of one indicator in one period (src/domain/casemix): expected
// counts from the national binomial GLM on age-sex shares and IMD, observed ÷ expected on an SR funnel.
// Proportions only: the model is binomial. The inputs (population extract, IMD edition) are recorded.

import type { CaseMixUnit } from '../../domain/casemix/index.ts';
import { type CaseMixResult, caseMixComparison, describeModel } from '../../domain/casemix/index.ts';
import type { IndicatorType } from '../../domain/indicators/definition.ts';
import type { NewCasemixFit, NewFunnelFit } from '../../store/schema.ts';
import type { CaseMixSources } from './casemix-inputs.ts';
import type { PracticeFact } from './facts.ts';

export interface CaseMixStep {
  /** Practice code → its adjusted result (only practices that could be adjusted). */
  byPractice: Map<string, CaseMixResult>;
  fit: Omit<NewCasemixFit, 'release_id' | 'indicator_id' | 'period'>;
  funnel: Omit<NewFunnelFit, 'release_id' | 'indicator_id' | 'period' | 'level' | 'parent_code'> | null;
}

export function caseMixStep(
  type: IndicatorType,
  practices: readonly PracticeFact[],
  sources: CaseMixSources,
): CaseMixStep {
  const base = { population_extract: sources.populationExtract, imd_year: sources.imdYear };
  if (type !== 'proportion') {
    return {
      byPractice: new Map(),
      fit: {
        ...base,
        fitted: false,
        n: 0,
        description: `No case-mix model: the national model is binomial and this indicator is a ${type}.`,
      },
      funnel: null,
    };
  }
  const units: CaseMixUnit[] = practices.map((p) => ({
    code: p.practice,
    observed: p.numerator,
    denominator: p.denominator,
    population: sources.population.get(p.practice) ?? [],
    imdScore: sources.imd.get(p.practice) ?? null,
  }));
  const comparison = caseMixComparison(units);
  const byPractice = new Map<string, CaseMixResult>();
  for (const u of comparison.units) if (u.reason === null) byPractice.set(u.code, u);
  const fitted = comparison.model !== null && comparison.notAdjustedReason === null;
  return {
    byPractice,
    fit: {
      ...base,
      fitted,
      n: byPractice.size,
      description: comparison.model
        ? describeModel(comparison.model)
        : (comparison.notAdjustedReason ?? 'No model could be fitted.'),
    },
    funnel: comparison.funnel
      ? {
          basis: 'adjusted',
          phi: comparison.funnel.phi,
          tau2: comparison.funnel.tau2,
          adjusted: comparison.funnel.adjusted,
          target: 1,
          n: comparison.funnel.n,
        }
      : null,
  };
}
