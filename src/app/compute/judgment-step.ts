// The headline judgment of one indicator in one period (src/domain/judgment): the case-mix adjusted
// comparison where the age-sex standardisation model can be fitted and the practice adjusted, else the
// over-dispersed funnel of all England's practices. Both are judged with Fairview's calibrated τ² and
// exact counts; each practice's verdict comes from one of them (the headline rule, verdict.ts). The
// fits and their calibration go to `judgment_fit` for the indicator page's calibration panel.
import { standardisedExpectedMany } from '../../domain/casemix/standardised-expected.ts';
import {
  describeStandardisedModel,
  fitStandardisedModel,
  type StandardisedModel,
  type StandardisedUnit,
} from '../../domain/casemix/standardised-model.ts';
import type { IndicatorType } from '../../domain/indicators/definition.ts';
import {
  calibrationOf,
  type HeadlineBasis,
  headlineBasisFor,
  type JudgmentFit,
  judge,
  type UnitJudgment,
} from '../../domain/judgment/index.ts';
import type { FunnelFlag } from '../../stats/index.ts';
import type { NewJudgmentFit } from '../../store/schema.ts';
import type { CaseMixSources } from './casemix-inputs.ts';
import type { PracticeFact } from './facts.ts';

export interface PracticeHeadline {
  flag: FunnelFlag;
  basis: HeadlineBasis;
  z: number;
  expected: number;
}

export interface JudgmentStep {
  /** Practice code → its headline judgment (practices that could be judged). */
  byPractice: Map<string, PracticeHeadline>;
  fits: Omit<NewJudgmentFit, 'release_id' | 'indicator_id' | 'period'>[];
  /** The case-mix model fitted (the next period's fit starts from it), or null. */
  model: StandardisedModel | null;
}

function fitRow(
  basis: HeadlineBasis,
  fit: JudgmentFit,
  headline: number,
  description: string,
): JudgmentStep['fits'][number] {
  const c = calibrationOf(fit.units);
  return {
    basis,
    n: c.n,
    headline,
    tau2: fit.tau2,
    centre: fit.centre,
    high_95: c.high95,
    low_95: c.low95,
    high_99_8: c.high99_8,
    low_99_8: c.low99_8,
    z_rms: c.zRms,
    z_spread: c.zSpread,
    description,
  };
}

/** `previous`: the model of the indicator's previous period, to start the fit from (same optimum, fewer steps). */
export function judgmentStep(
  type: IndicatorType,
  practices: readonly PracticeFact[],
  sources: CaseMixSources | null,
  previous: StandardisedModel | null = null,
): JudgmentStep {
  const countModel = type === 'proportion' ? 'binomial' : 'poisson';

  const { model, modelFailure, adjusted } = adjustedComparison(
    type,
    countModel,
    practices,
    sources,
    previous,
  );
  const funnel = pooledFunnel(countModel, practices);

  const byPractice = new Map<string, PracticeHeadline>();
  const adjustedBy = new Map<string, UnitJudgment>((adjusted?.units ?? []).map((u) => [u.code, u]));
  const funnelBy = new Map<string, UnitJudgment>((funnel?.units ?? []).map((u) => [u.code, u]));
  let madeByAdjusted = 0;
  let madeByFunnel = 0;
  for (const p of practices) {
    const a = adjustedBy.get(p.practice);
    const unit = a ?? funnelBy.get(p.practice);
    if (!unit) continue;
    const basis = headlineBasisFor(a !== undefined);
    if (basis === 'adjusted') madeByAdjusted++;
    else madeByFunnel++;
    byPractice.set(p.practice, { flag: unit.flag, basis, z: unit.z, expected: unit.expected });
  }

  const fits: JudgmentStep['fits'] = [];
  if (adjusted && model)
    fits.push(fitRow('adjusted', adjusted, madeByAdjusted, describeStandardisedModel(model)));
  if (funnel) {
    const why =
      model === null
        ? `No case-mix model (${modelFailure ?? 'it could not be fitted'}), so every practice is judged on this funnel.`
        : 'Practices without a registered population or an IMD score are judged on this funnel.';
    fits.push(
      fitRow(
        'funnel',
        funnel,
        madeByFunnel,
        `The funnel of all ${funnel.units.length.toLocaleString('en-GB')} practices: each practice's count against England's pooled value for its denominator, allowing for the usual variation between practices. ${why}`,
      ),
    );
  }
  return { byPractice, fits, model };
}

/** The case-mix adjusted comparison: the standardised model fitted, and the practices judged against it. */
function adjustedComparison(
  type: IndicatorType,
  countModel: 'binomial' | 'poisson',
  practices: readonly PracticeFact[],
  sources: CaseMixSources | null,
  previous: StandardisedModel | null,
) {
  let model: StandardisedModel | null = null;
  let modelFailure: string | null = sources ? null : 'no registered population';
  let adjusted: JudgmentFit | null = null;
  if (sources) {
    const units: StandardisedUnit[] = practices.map((p) => ({
      code: p.practice,
      observed: p.numerator,
      denominator: p.denominator,
      population: sources.finePopulation.get(p.practice) ?? [],
      imdScore: sources.imd.get(p.practice) ?? null,
      rural: sources.rural.get(p.practice) ?? null,
    }));
    try {
      model = fitStandardisedModel(units, { link: type === 'proportion' ? 'logit' : 'log', start: previous });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      modelFailure = error.message;
    }
    if (model) {
      const expectedCounts = standardisedExpectedMany(model, units);
      const judged = units.flatMap((u, i) => {
        const expected = expectedCounts[i] ?? null;
        return expected === null
          ? []
          : [{ code: u.code, observed: u.observed!, denominator: u.denominator!, expected }];
      });
      adjusted = judge(countModel, judged);
    }
  }

  return { model, modelFailure, adjusted };
}

/** The over-dispersed funnel of all practices: expected = denominator × England's pooled value. */
function pooledFunnel(countModel: 'binomial' | 'poisson', practices: readonly PracticeFact[]) {
  let events = 0;
  let exposure = 0;
  for (const p of practices) {
    events += p.numerator;
    exposure += p.denominator;
  }
  const pooled = exposure > 0 ? events / exposure : 0;
  return judge(
    countModel,
    practices.map((p) => ({
      code: p.practice,
      observed: p.numerator,
      denominator: p.denominator,
      expected: p.denominator * pooled,
    })),
  );
}
