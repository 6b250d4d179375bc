/**
 * The national case-mix model: a binomial regression (logit link) of each practice's numerator out of
 * its denominator on the make-up of its registered list and its deprivation score, fitted on every
 * practice at once (one row per practice, weighted by its denominator through the binomial).
 *
 *   logit p_i = b0 + Σ_band b_band · share_i(band) + b_imd · IMD_i [+ b_imd2 · IMD_i²]
 *   expected_i = p_i × denominator_i
 *
 * share_i(band) is the fraction of the practice's list in each of the ten sex × broad age bands
 * (age-bands.ts); the ten shares add to 1, so one band (female 15-44, the largest) is the reference and
 * left out, and each band coefficient is the change in log-odds per unit of list moved from the
 * reference band into that band. IMD is the practice's population-weighted IMD score.
 *
 * For numerical stability the covariates are centred and scaled before fitting; the coefficients and
 * their covariance are transformed back, so what is reported is on the natural scale (per unit share,
 * per IMD point).
 */

import { formatEnGB } from '../numbers.ts';
import {
  AGE_SEX_BANDS,
  type AgeSexBand,
  ageSexBandLabel,
  type BroadPopulation,
  broadPopulation,
  type PopulationCount,
  patientsIn,
} from './age-bands.ts';
import { fitLogistic, type IrlsOptions, type LogisticFit } from './logistic-irls.ts';

export const CASEMIX_METHOD_VERSION = 'casemix-glm-1';

/** One practice (or any unit) for case-mix adjustment of one indicator in one period. */
export interface CaseMixUnit {
  readonly code: string;
  /** The indicator's numerator (events, register size …); null when not known. */
  readonly observed: number | null;
  /** The indicator's denominator (the list, or the age-restricted list); null when not known. */
  readonly denominator: number | null;
  /** The registered list by sex and age band (empty when not known). */
  readonly population: readonly PopulationCount[];
  /** Population-weighted IMD score; null when not known. */
  readonly imdScore: number | null;
}

export type CaseMixTermKind = 'intercept' | 'age_sex_share' | 'imd' | 'imd_squared';

export interface CaseMixTerm {
  /** `intercept`, `male 0-14 share` …, `IMD score`, `IMD score squared`. */
  readonly name: string;
  readonly kind: CaseMixTermKind;
  readonly band: AgeSexBand | null;
  /** Natural scale (log-odds); null when the term was aliased (no information to estimate it). */
  readonly coefficient: number | null;
  /** Binomial standard error (assumes no over-dispersion). */
  readonly standardError: number | null;
  /** Standard error × √dispersion (quasi-binomial): the honest one when practices vary more than binomially. */
  readonly quasiStandardError: number | null;
}

export interface CaseMixExclusion {
  readonly code: string;
  readonly reason: string;
}

export interface CaseMixModel {
  readonly method: 'binomial-glm-logit';
  readonly methodVersion: typeof CASEMIX_METHOD_VERSION;
  readonly referenceBand: AgeSexBand;
  readonly includeImdSquared: boolean;
  readonly terms: readonly CaseMixTerm[];
  readonly unitsFitted: number;
  /** Units left out of the fit, with the reason. */
  readonly excluded: readonly CaseMixExclusion[];
  readonly totalObserved: number;
  readonly totalDenominator: number;
  readonly deviance: number;
  readonly nullDeviance: number;
  readonly residualDf: number;
  /** Pearson χ² / residual df: about 1 if practices vary only by chance; null with no residual df. */
  readonly dispersion: number | null;
  readonly iterations: number;
  readonly converged: boolean;
  readonly boundary: boolean;
  /** Plain-English notes on anything to be wary of (not converged, separation, aliased terms). */
  readonly warnings: readonly string[];
}

export interface CaseMixModelOptions extends IrlsOptions {
  /** Add IMD² (a curved deprivation effect). Default false. */
  readonly includeImdSquared?: boolean;
}

/** The reference band: left out because the ten shares add to 1. The largest band in most practices. */
export const REFERENCE_BAND: AgeSexBand = { sex: 'female', age: '15-44' };

const isReference = (band: AgeSexBand) => band.sex === REFERENCE_BAND.sex && band.age === REFERENCE_BAND.age;

/** The age-sex bands that are covariates (all but the reference), in model order. */
export const MODEL_BANDS: readonly AgeSexBand[] = AGE_SEX_BANDS.filter((b) => !isReference(b));

interface TermSpec {
  name: string;
  kind: CaseMixTermKind;
  band: AgeSexBand | null;
}

function termSpecs(includeImdSquared: boolean): TermSpec[] {
  return [
    { name: 'intercept', kind: 'intercept', band: null },
    ...MODEL_BANDS.map((band) => ({
      name: `${ageSexBandLabel(band)} share`,
      kind: 'age_sex_share' as const,
      band,
    })),
    { name: 'IMD score', kind: 'imd', band: null },
    ...(includeImdSquared ? [{ name: 'IMD score squared', kind: 'imd_squared' as const, band: null }] : []),
  ];
}

/** The covariate row (without the intercept) of a unit, or a reason it has none. */
function covariatesOf(
  population: BroadPopulation,
  imdScore: number | null,
  includeImdSquared: boolean,
): number[] | string {
  if (!(population.total > 0)) return 'no registered population';
  if (imdScore === null || !Number.isFinite(imdScore)) return 'no IMD score';
  const shares = MODEL_BANDS.map((band) => patientsIn(population, band) / population.total);
  return includeImdSquared ? [...shares, imdScore, imdScore * imdScore] : [...shares, imdScore];
}

/** Why a unit cannot be fitted, or null if it can. */
function unitProblem(unit: CaseMixUnit): string | null {
  const { observed, denominator } = unit;
  if (denominator === null || !Number.isFinite(denominator) || denominator <= 0) return 'no denominator';
  if (observed === null || !Number.isFinite(observed) || observed < 0) return 'no observed count';
  if (observed > denominator) return 'observed count above the denominator';
  return null;
}

/**
 * Fits the model on every unit that has an observed count, a denominator, a registered population and
 * an IMD score; the others are listed in `excluded`. Throws RangeError when fewer units remain than
 * there are terms + 1, or when no unit has an event (or every trial is an event): there is nothing to
 * model, and the caller should say the indicator is not case-mix adjusted.
 * Kept as one function: the fit transcribed step by step from its reference, so it reads against its source.
 */
export function fitCaseMixModel(
  units: readonly CaseMixUnit[],
  options: CaseMixModelOptions = {},
): CaseMixModel {
  const includeImdSquared = options.includeImdSquared ?? false;
  const specs = termSpecs(includeImdSquared);
  const p = specs.length;
  const excluded: CaseMixExclusion[] = [];
  const rowsX: number[][] = [];
  const events: number[] = [];
  const trials: number[] = [];
  for (const unit of units) {
    const problem = unitProblem(unit);
    if (problem !== null) {
      excluded.push({ code: unit.code, reason: problem });
      continue;
    }
    const x = covariatesOf(broadPopulation(unit.population), unit.imdScore, includeImdSquared);
    if (typeof x === 'string') {
      excluded.push({ code: unit.code, reason: x });
      continue;
    }
    rowsX.push(x);
    events.push(unit.observed!);
    trials.push(unit.denominator!);
  }
  const n = rowsX.length;
  if (n < p + 1) {
    throw new RangeError(
      `only ${n} practices have everything the model needs; at least ${p + 1} are required`,
    );
  }

  // Centre and scale each covariate (column 0 is the intercept).
  const centre = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  for (let j = 1; j < p; j++) {
    let mean = 0;
    for (const x of rowsX) mean += x[j - 1]!;
    mean /= n;
    let ss = 0;
    for (const x of rowsX) ss += (x[j - 1]! - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    centre[j] = mean;
    // A constant column stays zero after centring and is then aliased, as it should be.
    scale[j] = sd > 0 ? sd : 1;
  }
  const values = new Float64Array(n * p);
  rowsX.forEach((x, i) => {
    values[i * p] = 1;
    for (let j = 1; j < p; j++) values[i * p + j] = (x[j - 1]! - centre[j]!) / scale[j]!;
  });

  let fit: LogisticFit;
  try {
    fit = fitLogistic(
      {
        design: { values, rows: n, columns: p },
        events: Float64Array.from(events),
        trials: Float64Array.from(trials),
      },
      options,
    );
  } catch (error) {
    if (error instanceof RangeError && /events|event/.test(error.message)) {
      throw new RangeError(`cannot fit a case-mix model: ${error.message}`);
    }
    throw error;
  }

  // Natural scale: β_j = γ_j / s_j (j ≥ 1), β_0 = γ_0 − Σ γ_j c_j / s_j; as a matrix β = A γ.
  const a = new Float64Array(p * p);
  a[0] = 1;
  for (let j = 1; j < p; j++) {
    a[j * p + j] = 1 / scale[j]!;
    a[j] = -centre[j]! / scale[j]!;
  }
  const gamma = fit.coefficients.map((c) => c ?? 0);
  const beta = new Float64Array(p);
  for (let i = 0; i < p; i++) for (let k = 0; k < p; k++) beta[i] = beta[i]! + a[i * p + k]! * gamma[k]!;
  const dispersion = fit.residualDf > 0 ? fit.pearsonChiSquare / fit.residualDf : null;
  const variance = (i: number): number => {
    let v = 0;
    for (let k = 0; k < p; k++) {
      for (let l = 0; l < p; l++) v += a[i * p + k]! * fit.covariance[k * p + l]! * a[i * p + l]!;
    }
    return v;
  };
  const terms: CaseMixTerm[] = specs.map((spec, i) => {
    if (fit.aliased[i]) return { ...spec, coefficient: null, standardError: null, quasiStandardError: null };
    const se = Math.sqrt(Math.max(0, variance(i)));
    return {
      ...spec,
      coefficient: beta[i]!,
      standardError: se,
      quasiStandardError: dispersion === null ? null : se * Math.sqrt(Math.max(1, dispersion)),
    };
  });

  const warnings: string[] = [];
  if (!fit.converged) warnings.push(`The fit did not converge in ${fit.iterations} iterations.`);
  if (fit.boundary) {
    warnings.push(
      'Some fitted probabilities are numerically 0 or 1 (separation): coefficients may be unreliably large.',
    );
  }
  const aliasedNames = terms.filter((t) => t.coefficient === null).map((t) => t.name);
  if (aliasedNames.length > 0) {
    warnings.push(`Not estimable from these data (left out): ${aliasedNames.join(', ')}.`);
  }
  return {
    method: 'binomial-glm-logit',
    methodVersion: CASEMIX_METHOD_VERSION,
    referenceBand: REFERENCE_BAND,
    includeImdSquared,
    terms,
    unitsFitted: n,
    excluded,
    totalObserved: events.reduce((s, v) => s + v, 0),
    totalDenominator: trials.reduce((s, v) => s + v, 0),
    deviance: fit.deviance,
    nullDeviance: fit.nullDeviance,
    residualDf: fit.residualDf,
    dispersion,
    iterations: fit.iterations,
    converged: fit.converged,
    boundary: fit.boundary,
    warnings,
  };
}

/** The model's probability for a unit, or null when the unit lacks a registered population or IMD score. */
export function expectedProbability(
  model: CaseMixModel,
  unit: Pick<CaseMixUnit, 'population' | 'imdScore'>,
): number | null {
  const x = covariatesOf(broadPopulation(unit.population), unit.imdScore, model.includeImdSquared);
  if (typeof x === 'string') return null;
  let eta = 0;
  model.terms.forEach((term, i) => {
    if (term.coefficient === null) return;
    eta += term.coefficient * (i === 0 ? 1 : x[i - 1]!);
  });
  return 1 / (1 + Math.exp(-eta));
}

/**
 * Expected count = the model's probability × the unit's denominator; null when the denominator,
 * registered population or IMD score is missing.
 */
export function expectedCount(
  model: CaseMixModel,
  unit: Omit<CaseMixUnit, 'observed' | 'code'>,
): number | null {
  const { denominator } = unit;
  if (denominator === null || !Number.isFinite(denominator) || denominator <= 0) return null;
  const probability = expectedProbability(model, unit);
  return probability === null ? null : probability * denominator;
}

function formatNumber(x: number, digits: number): string {
  return formatEnGB(x, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A plain-English account of a fitted model, one paragraph per line, for method notes and tooltips. */
export function describeModel(model: CaseMixModel): string {
  const imd = model.terms.find((t) => t.kind === 'imd');
  const lines = [
    `Expected counts come from a logistic regression fitted on ${formatNumber(model.unitsFitted, 0)} practices ` +
      `(${formatNumber(model.totalObserved, 0)} events out of ${formatNumber(model.totalDenominator, 0)}). ` +
      `It uses the share of each practice's registered list in ten age-sex bands (0-14, 15-44, 45-64, 65-74 and 75+, ` +
      `for men and women; women aged 15-44 are the reference) and the practice's IMD deprivation score` +
      `${model.includeImdSquared ? ' (with a squared term, so the deprivation effect can curve)' : ''}.`,
    `A practice's expected count is the model's probability for a practice with its age-sex mix and deprivation, ` +
      `times its denominator; observed ÷ expected above 1 means more than expected.`,
  ];
  if (imd?.coefficient != null) {
    const odds = Math.exp(imd.coefficient * 10);
    lines.push(
      `Each 10 points of IMD score multiply the odds by ${formatNumber(odds, 2)} ` +
        `(other things equal; coefficient ${formatNumber(imd.coefficient, 4)} per point).`,
    );
  }
  lines.push(
    `The fit ${model.converged ? 'converged' : 'did not converge'} in ${model.iterations} iterations; ` +
      `deviance ${formatNumber(model.deviance, 1)} on ${formatNumber(model.residualDf, 0)} degrees of freedom ` +
      `(null deviance ${formatNumber(model.nullDeviance, 1)})` +
      (model.dispersion === null ? '.' : `; dispersion ${formatNumber(model.dispersion, 2)}.`),
  );
  if (model.excluded.length > 0) {
    lines.push(
      `${formatNumber(model.excluded.length, 0)} practices were left out (missing data) and are not adjusted.`,
    );
  }
  lines.push(...model.warnings);
  return lines.join('\n');
}
