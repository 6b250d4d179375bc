/**
 * The case-mix adjusted comparison of one indicator in one period: an expected count for each
 * practice (indirect standardisation when reference rates are given, else the national model), then
 * observed ÷ expected on a FunnelPlotR SR funnel (log scale, Spiegelhalter random effects when the
 * ratios are over-dispersed, φ > 1). The flag uses the random-effects limits when they are drawn.
 */
import {
  type FunnelFlag,
  type FunnelLimits,
  funnelPlotR,
  type PlotrSummary,
  poissonLimits,
  zFor,
} from '../../stats/index.ts';
import {
  CASEMIX_METHOD_VERSION,
  type CaseMixModel,
  type CaseMixModelOptions,
  type CaseMixUnit,
  expectedCount,
  fitCaseMixModel,
} from './model.ts';
import { indirectlyStandardise, type ReferenceRate } from './reference-rates.ts';

export type CaseMixMethod = 'indirect_standardisation' | 'binomial_glm';

export interface CaseMixComparisonOptions extends CaseMixModelOptions {
  /** Age(-sex)-specific reference rates: when given, expected counts come from indirect standardisation. */
  readonly referenceRates?: readonly ReferenceRate[];
  /** A model fitted before (e.g. on all of England) to use instead of fitting one on these units. */
  readonly model?: CaseMixModel;
  /** Funnel over-dispersion: 'random-effects' (default, FunnelPlotR's) or 'none'. */
  readonly overdispersion?: 'random-effects' | 'none';
  /** Funnel truncation in each tail before φ is estimated (default 0.1). */
  readonly trim?: number;
}

export interface CaseMixResult {
  readonly code: string;
  readonly observed: number | null;
  /** Expected count; null when the practice could not be adjusted (see `reason`). */
  readonly expected: number | null;
  /** observed ÷ expected. */
  readonly ratio: number | null;
  /** FunnelPlotR's unadjusted z = √E · ln(O/E); null when O = 0 (where it is −∞). */
  readonly z: number | null;
  /** ln(O/E) / √(1/E + τ²): the z the random-effects limits correspond to; null when O = 0. */
  readonly adjustedZ: number | null;
  /** The funnel limits the flag uses (random-effects when drawn, else exact Poisson), on the ratio scale. */
  readonly limits: FunnelLimits | null;
  /** Exact Poisson limits around 1 at this expected count. */
  readonly unadjustedLimits: FunnelLimits | null;
  /** Random-effects limits (equal to the unadjusted shape when τ² = 0). */
  readonly adjustedLimits: FunnelLimits | null;
  /** Where the ratio sits on the funnel; null when not adjusted. */
  readonly flag: FunnelFlag | null;
  /** Confidence interval of the ratio (exact Poisson below 10 observed, else Byar; as ISR). */
  readonly confidence: FunnelLimits | null;
  /** Why the practice has no adjusted comparison; null when it has one. */
  readonly reason: string | null;
}

export interface CaseMixFunnelSummary {
  /** φ: mean squared (truncated) z; above 1 means practices vary more than chance alone. */
  readonly phi: number | null;
  /** τ²: the between-practice variance on the log scale added to the limits. */
  readonly tau2: number | null;
  /** Whether the random-effects limits are drawn (and the flags come from them). */
  readonly adjusted: boolean;
  /** Practices on the funnel. */
  readonly n: number;
}

export interface CaseMixComparison {
  readonly method: CaseMixMethod;
  readonly methodVersion: string;
  /** The model used (fitted here or given); null for indirect standardisation or when it could not be fitted. */
  readonly model: CaseMixModel | null;
  readonly funnel: CaseMixFunnelSummary | null;
  /** One per input unit, in input order. */
  readonly units: readonly CaseMixResult[];
  /** Set when nobody could be adjusted (e.g. no events anywhere): the reason, in plain words. */
  readonly notAdjustedReason: string | null;
}

interface Expectation {
  code: string;
  observed: number | null;
  expected: number | null;
  reason: string | null;
}

const notAdjusted = (code: string, observed: number | null, reason: string): CaseMixResult => ({
  code,
  observed,
  expected: null,
  ratio: null,
  z: null,
  adjustedZ: null,
  limits: null,
  unadjustedLimits: null,
  adjustedLimits: null,
  flag: null,
  confidence: null,
  reason,
});

function ratioConfidence(observed: number, expected: number): FunnelLimits {
  const at = (level: number) => poissonLimits(observed, level, zFor(level));
  const l95 = at(0.95);
  const l998 = at(0.998);
  return {
    lower95: l95.lower / expected,
    upper95: l95.upper / expected,
    lower99_8: l998.lower / expected,
    upper99_8: l998.upper / expected,
  };
}

function modelExpectations(
  units: readonly CaseMixUnit[],
  options: CaseMixComparisonOptions,
): { model: CaseMixModel | null; expectations: Expectation[]; failure: string | null } {
  let model: CaseMixModel;
  try {
    model = options.model ?? fitCaseMixModel(units, options);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return {
      model: null,
      expectations: units.map((u) => ({
        code: u.code,
        observed: u.observed,
        expected: null,
        reason: error.message,
      })),
      failure: error.message,
    };
  }
  const expectations = units.map((unit): Expectation => {
    const expected = expectedCount(model, unit);
    let reason: string | null = null;
    if (unit.observed === null) reason = 'no observed count';
    else if (unit.denominator === null || !(unit.denominator > 0)) reason = 'no denominator';
    else if (expected === null)
      reason = unit.population.length === 0 ? 'no registered population' : 'no IMD score';
    return { code: unit.code, observed: unit.observed, expected, reason };
  });
  return { model, expectations, failure: null };
}

/**
 * Expected counts, O/E, SR funnel limits and flags for every unit, plus the model and funnel
 * summaries. Units must have distinct codes. Never throws for data that merely cannot be adjusted: such
 * units (or all of them) come back with `reason` set.
 */
export function caseMixComparison(
  units: readonly CaseMixUnit[],
  options: CaseMixComparisonOptions = {},
): CaseMixComparison {
  const codes = new Set<string>();
  for (const u of units) {
    if (codes.has(u.code)) throw new RangeError(`practice ${u.code} appears twice`);
    codes.add(u.code);
  }
  const method: CaseMixMethod = options.referenceRates ? 'indirect_standardisation' : 'binomial_glm';
  let model: CaseMixModel | null = null;
  let expectations: Expectation[];
  let failure: string | null = null;
  if (options.referenceRates) {
    expectations = indirectlyStandardise(units, options.referenceRates);
  } else {
    ({ model, expectations, failure } = modelExpectations(units, options));
  }

  const onFunnel = expectations.filter(
    (e) => e.reason === null && e.observed !== null && e.expected !== null && e.expected > 0,
  );
  const base = {
    method,
    methodVersion: method === 'binomial_glm' ? CASEMIX_METHOD_VERSION : 'casemix-isr-1',
    model,
  };
  if (onFunnel.length === 0) {
    const reason = failure ?? 'no practice has an expected count';
    return {
      ...base,
      funnel: null,
      units: expectations.map((e) => notAdjusted(e.code, e.observed, e.reason ?? reason)),
      notAdjustedReason: reason,
    };
  }

  const funnel = funnelPlotR(
    onFunnel.map((e) => ({ numerator: e.observed, denominator: e.expected, group: e.code })),
    {
      dataType: 'SR',
      // Our expected counts are not SHMI's: keep them unrounded so ratio, limits and flag agree exactly.
      shmiRounding: false,
      overdispersion: options.overdispersion ?? 'random-effects',
      ...(options.trim === undefined ? {} : { trim: options.trim }),
    },
  );
  const summary: PlotrSummary = funnel.summary;
  const tau2 = summary.adjusted ? (summary.tau2 ?? 0) : 0;
  const byCode = new Map(funnel.units.map((u) => [u.group!, u] as const));
  const results = expectations.map((e): CaseMixResult => {
    const unit = byCode.get(e.code);
    if (unit === undefined || e.observed === null || e.expected === null) {
      return notAdjusted(e.code, e.observed, e.reason ?? 'expected count is 0');
    }
    const logRatio = Math.log(e.observed / e.expected);
    return {
      code: e.code,
      observed: e.observed,
      expected: e.expected,
      ratio: e.observed / e.expected,
      z: Number.isFinite(unit.z) ? unit.z : null,
      adjustedZ: Number.isFinite(logRatio) ? logRatio / Math.sqrt(1 / e.expected + tau2) : null,
      limits: summary.adjusted ? unit.adjustedLimits : unit.limits,
      unadjustedLimits: unit.limits,
      adjustedLimits: unit.adjustedLimits,
      flag: unit.flag,
      confidence: ratioConfidence(e.observed, e.expected),
      reason: null,
    };
  });
  return {
    ...base,
    funnel: { phi: summary.phi, tau2: summary.tau2, adjusted: summary.adjusted, n: summary.n },
    units: results,
    notAdjustedReason: null,
  };
}
