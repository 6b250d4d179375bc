/**
 * The case-mix model behind the headline judgment: age-sex standardisation on the registration
 * file's own bands (5-year bands × sex in the monthly file), then deprivation and rurality.
 *
 *   η_i = log( Σ_b s_ib · exp(θ(sex_b, age_b)) ) + β₁·IMD_i + β₂·IMD_i² + β₃·rural_i
 *   proportions: p_i = expit(η_i), expected_i = n_i·p_i      (binomial, logit link)
 *   rates:       expected_i = n_i·exp(η_i)                    (Poisson, log link)
 *
 * s_ib is the share of practice i's registered list in band b, and exp(θ) the national rate in that
 * band: for an indicator with small p, Σ_b s_ib·exp(θ_b) is exactly the indirectly standardised
 * expected rate (Breslow & Day 1987, ch. 2), with the band rates estimated from every practice at once
 * because registers are not published by age. θ is smooth in age — one curve, piecewise linear
 * between knots at 0, 10, 20, …, 100 years, and for women that curve plus an offset that changes
 * linearly with age — so a 20-24 band and a 40-44 band get their own rates (students and young
 * families differ, which the five broad bands of model.ts cannot see) without 38 free parameters.
 * (A separate curve for each sex cannot be told apart from practice data: men's and women's shares of
 * each band hardly vary independently between practices, so two free curves trade off against each
 * other.) A penalty on the curve's second differences, 1e-5 of the total information, only steers
 * bands the data barely inform (atrial fibrillation in children, bands above an older file's last)
 * into a straight continuation of the rest. Deprivation (centred, scaled IMD and its square) and
 * rurality then act multiplicatively on the odds (or rate); a practice whose rurality is unknown gets
 * the share of rural practices.
 *
 * Fitted by Newton's method on the binomial or Poisson log-likelihood (the predictor is not linear in
 * θ, so the Jacobian and the curvature of the band term are recomputed each step; damped towards
 * Fisher scoring where the observed information is not positive definite), halving steps that do not
 * lower the penalised deviance (and lengthening those that keep helping), until Newton's decrement
 * (the fall the next step promises) is below 1e-9 of the deviance (at most 100 iterations). The estimates are quasi-likelihood estimates:
 * practices vary more than binomially, which only affects their standard errors (not used here); the
 * between-practice variation is allowed for by τ² in the judgment (src/domain/judgment).
 *
 * This file holds the model's types, the fit and its description; the design (bands, η, deviance) is
 * in standardised-design.ts and the expected counts from a fitted model in standardised-expected.ts.
 */

import { formatEnGB } from '../numbers.ts';
import type { PopulationCount } from './age-bands.ts';
import { cholesky, choleskySolve } from './small-matrix.ts';

// The design's parts the model's callers use, re-exported so they import the model from one place.
export { AGE_KNOTS, bandMidpoint, type StandardisedLink } from './standardised-design.ts';

import {
  AGE_KNOTS,
  BAND_PARAMETERS,
  bandsOf,
  designOf,
  devianceOf,
  evaluate,
  IMD,
  IMD2,
  K,
  meanOf,
  parameterCount,
  type Row,
  RURAL,
  type StandardisedLink,
} from './standardised-design.ts';

export const STANDARDISED_METHOD_VERSION = 'casemix-std-1';

export interface StandardisedUnit {
  readonly code: string;
  readonly observed: number | null;
  readonly denominator: number | null;
  /** The registered list by sex and the file's own age bands (`0-4` … `95+`, or `75+` …). */
  readonly population: readonly PopulationCount[];
  readonly imdScore: number | null;
  /** Rural practice (NHS Payments' "Practice Rurality"); null when not known. */
  readonly rural: boolean | null;
}

export interface StandardisedModel {
  readonly methodVersion: typeof STANDARDISED_METHOD_VERSION;
  readonly link: StandardisedLink;
  /** θ at each knot (log rate, or log odds for small p): men's curve. */
  readonly curve: readonly number[];
  /** Women's curve minus men's, at age 0 and at age 100 (linear between). */
  readonly femaleOffset: readonly [number, number];
  /** Men's and women's curves at each knot, for reports. */
  readonly ageCurve: { readonly male: readonly number[]; readonly female: readonly number[] };
  readonly imdCentre: number;
  readonly imdScale: number;
  /** Per (IMD − centre)/scale, and per its square. */
  readonly imd: number;
  readonly imdSquared: number;
  /** Per (rural − share rural); null when rurality is left out. */
  readonly rural: number | null;
  readonly ruralShare: number | null;
  readonly unitsFitted: number;
  readonly deviance: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly excluded: readonly { code: string; reason: string }[];
}

export interface StandardisedOptions {
  readonly link: StandardisedLink;
  /**
   * A model fitted before (the same indicator's previous period) to start from: the same optimum is
   * reached in fewer steps. Ignored unless it has the same link.
   */
  readonly start?: StandardisedModel | null;
  /** The smoothness penalty's weight, as a fraction of the total information (default 1e-5). */
  readonly smoothing?: number;
}

/** Smoothness and (for numerical safety only) ridge weights, as fractions of the total information. */
const SMOOTHING = 1e-5;
const RIDGE = 1e-9;

/**
 * Fits the model on every unit with a count, a denominator, a registered population and an IMD
 * score (the others are listed in `excluded`). Throws RangeError when fewer than 30 units remain or
 * there are no events (or, for proportions, no non-events): nothing to standardise against.
 * Kept as one function: the fit transcribed step by step from its reference, so it reads against its source.
 */
export function fitStandardisedModel(
  units: readonly StandardisedUnit[],
  options: StandardisedOptions,
): StandardisedModel {
  const { link } = options;
  const excluded: { code: string; reason: string }[] = [];
  const rows: Row[] = [];
  for (const u of units) {
    const o = u.observed;
    const n = u.denominator;
    if (n === null || !(n > 0)) excluded.push({ code: u.code, reason: 'no denominator' });
    else if (o === null || !(o >= 0)) excluded.push({ code: u.code, reason: 'no observed count' });
    else if (link === 'logit' && o > n)
      excluded.push({ code: u.code, reason: 'observed count above the denominator' });
    else if (u.imdScore === null || !Number.isFinite(u.imdScore))
      excluded.push({ code: u.code, reason: 'no IMD score' });
    else {
      const bands = bandsOf(u.population);
      if (typeof bands === 'string') excluded.push({ code: u.code, reason: bands });
      else
        rows.push({
          code: u.code,
          observed: o,
          n,
          bands,
          imd: u.imdScore,
          rural: u.rural === null ? null : u.rural ? 1 : 0,
        });
    }
  }
  if (rows.length < 30) {
    throw new RangeError(
      `only ${rows.length} practices have everything the model needs; at least 30 are required`,
    );
  }
  const events = rows.reduce((s, r) => s + r.observed, 0);
  const trials = rows.reduce((s, r) => s + r.n, 0);
  if (!(events > 0) || (link === 'logit' && !(events < trials))) {
    throw new RangeError('cannot fit a case-mix model: no practice has an event (or every trial is one)');
  }
  const imdCentre = rows.reduce((s, r) => s + r.imd, 0) / rows.length;
  const imdScale = Math.sqrt(rows.reduce((s, r) => s + (r.imd - imdCentre) ** 2, 0) / rows.length) || 1;
  const known = rows.filter((r) => r.rural !== null);
  const ruralShare = known.length > 0 ? known.reduce((s, r) => s + r.rural!, 0) / known.length : 0;
  // Rurality is a term only when enough practices have it and they differ.
  const withRural = known.length >= rows.length / 2 && ruralShare > 0 && ruralShare < 1;
  const p = parameterCount(withRural);

  const pooled = events / trials;
  const startValue = link === 'log' ? Math.log(pooled) : Math.log(pooled / (1 - pooled));
  let beta: Float64Array = new Float64Array(p);
  for (let k = 0; k < K; k++) beta[k] = startValue;
  const previous = options.start;
  if (previous && previous.link === link) {
    beta.set(previous.curve, 0);
    beta[K] = previous.femaleOffset[0];
    beta[K + 1] = previous.femaleOffset[1];
    // Its IMD terms were per its own scale: re-expressed on this fit's.
    const ratio = imdScale / previous.imdScale;
    beta[IMD] = previous.imd * ratio;
    beta[IMD2] = previous.imdSquared * ratio * ratio;
    if (withRural && previous.rural !== null) beta[RURAL] = previous.rural;
  }
  const design = designOf(rows, imdCentre, imdScale, ruralShare);
  const n = rows.length;
  const scratch = new Float64Array(Math.max(1, ...rows.map((r) => r.bands.length)));
  const eta = new Float64Array(n);
  const trialEta = new Float64Array(n);
  const jacobian = new Float64Array(n * p);
  const omega = new Float64Array(design.start[n]!);
  evaluate(design, beta, withRural, eta, jacobian, scratch, omega);

  // Penalty βᵀPβ (scaled by the total information): the curve's second differences, and a tiny
  // ridge on every band parameter (the curve towards the national rate, the offset towards 0).
  let information = 0;
  rows.forEach((r, i) => {
    const mu = meanOf(link, eta[i]!, r.n);
    information += link === 'log' ? mu : mu * (1 - mu / r.n);
  });
  const penalty = new Float64Array(p * p);
  const anchor = new Float64Array(p);
  for (let k = 1; k < K - 1; k++) {
    const idx = [k - 1, k, k + 1];
    const c = [1, -2, 1];
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++)
        penalty[idx[a]! * p + idx[b]!] =
          penalty[idx[a]! * p + idx[b]!]! + (options.smoothing ?? SMOOTHING) * information * c[a]! * c[b]!;
  }
  for (let k = 0; k < BAND_PARAMETERS; k++) {
    penalty[k * p + k] = penalty[k * p + k]! + RIDGE * information;
    anchor[k] = k < K ? startValue : 0;
  }
  const penaltyOf = (b: Float64Array) => {
    let q = 0;
    for (let i = 0; i < p; i++)
      for (let j = 0; j < p; j++) q += (b[i]! - anchor[i]!) * penalty[i * p + j]! * (b[j]! - anchor[j]!);
    return q;
  };
  let objective = devianceOf(link, rows, eta) + penaltyOf(beta);
  let iterations = 0;
  let converged = false;
  const information_ = new Float64Array(p * p);
  const observed = new Float64Array(p * p);
  const score = new Float64Array(p);
  while (iterations < 100) {
    iterations++;
    // Fisher scoring's information JᵀWJ, and Newton's observed information, which adds the
    // curvature of the log-sum-exp band term weighted by the residuals r_i: for unit i that is
    // r_i·(m_i m_iᵀ − E_ω[h hᵀ]) on the band parameters, where m_i (the band part of J_i) is the
    // ω-weighted mean of the bands' term vectors h.
    information_.fill(0);
    observed.fill(0);
    score.fill(0);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      const mu = meanOf(link, eta[i]!, r.n);
      const w = link === 'log' ? mu : mu * (1 - mu / r.n);
      const resid = r.observed - mu;
      const row = i * p;
      for (let a = 0; a < p; a++) {
        const ja = jacobian[row + a]!;
        if (ja === 0) continue;
        score[a] = score[a]! + resid * ja;
        const wja = w * ja;
        const rja = a < BAND_PARAMETERS ? resid * ja : 0;
        for (let b = a; b < p; b++) {
          const jb = jacobian[row + b]!;
          information_[a * p + b] = information_[a * p + b]! + wja * jb;
          if (b < BAND_PARAMETERS) observed[a * p + b] = observed[a * p + b]! + rja * jb;
        }
      }
      for (let e = design.start[i]!; e < design.start[i + 1]!; e++) {
        const o = resid * omega[e]!;
        const terms = design.terms[e]!;
        for (let s = 0; s < terms; s++) {
          const a = design.index[4 * e + s]!;
          const wa = design.weight[4 * e + s]!;
          for (let t = 0; t < terms; t++) {
            const b = design.index[4 * e + t]!;
            if (b < a) continue;
            observed[a * p + b] = observed[a * p + b]! - o * wa * design.weight[4 * e + t]!;
          }
        }
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = a; b < p; b++) {
        const penalised = information_[a * p + b]! + penalty[a * p + b]!;
        information_[a * p + b] = penalised;
        information_[b * p + a] = penalised;
        const value = penalised + observed[a * p + b]!;
        observed[a * p + b] = value;
        observed[b * p + a] = value;
      }
    }
    for (let a = 0; a < p; a++) {
      let pb = 0;
      for (let b = 0; b < p; b++) pb += penalty[a * p + b]! * (beta[b]! - anchor[b]!);
      score[a] = score[a]! - pb;
    }
    // Newton's step when the observed information is positive definite; where it is not (far from
    // the optimum, or along a direction the data barely inform), Levenberg–Marquardt: add a growing
    // multiple of the scoring information's diagonal until it is. Plain scoring would creep: with
    // over-dispersed counts the residuals are large, and so is the curvature it ignores.
    const scoring = cholesky(information_, p, 1e-12);
    let factor: ReturnType<typeof cholesky> | null = null;
    for (const damping of [0, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10]) {
      const trial = new Float64Array(observed);
      for (let a = 0; a < p; a++) trial[a * p + a] = trial[a * p + a]! + damping * information_[a * p + a]!;
      const candidate = cholesky(trial, p, 1e-12);
      if (candidate.aliased.every((aliased, j) => !aliased || scoring.aliased[j])) {
        factor = candidate;
        break;
      }
    }
    const step = choleskySolve(factor ?? scoring, score);
    // The decrement gᵀI⁻¹g with the scoring information (always positive definite, and not shortened
    // by damping): settled when even that promises a negligible fall.
    const scoringStep = factor === null ? step : choleskySolve(scoring, score);
    let decrement = 0;
    for (let a = 0; a < p; a++) decrement += scoringStep[a]! * score[a]!;
    if (decrement <= 1e-9 * (Math.abs(objective) + 0.1)) {
      converged = true;
      break;
    }
    // Halve the step until the penalised deviance does not rise.
    let shrink = 1;
    let accepted: Float64Array | null = null;
    let acceptedObjective = objective;
    for (let halving = 0; halving < 30 && accepted === null; halving++) {
      const candidate = new Float64Array(p);
      for (let a = 0; a < p; a++) candidate[a] = beta[a]! + shrink * step[a]!;
      evaluate(design, candidate, withRural, trialEta, null, scratch);
      const value = devianceOf(link, rows, trialEta) + penaltyOf(candidate);
      if (Number.isFinite(value) && value <= objective + 1e-12 * Math.abs(objective)) {
        accepted = candidate;
        acceptedObjective = value;
      }
      shrink /= 2;
    }
    // No step lowers the objective although the decrement is not negligible: stop, not converged.
    if (accepted === null) break;
    // A full step that helped may be too short: a band with (almost) no events has a deviance that is
    // linear in exp(θ), where Newton moves θ by only 1 a step towards a far optimum. Try longer steps
    // while they keep helping.
    if (shrink === 0.5) {
      for (let longer = 2; longer <= 16; longer *= 2) {
        const candidate = new Float64Array(p);
        for (let a = 0; a < p; a++) candidate[a] = beta[a]! + longer * step[a]!;
        evaluate(design, candidate, withRural, trialEta, null, scratch);
        const value = devianceOf(link, rows, trialEta) + penaltyOf(candidate);
        if (!(Number.isFinite(value) && value < acceptedObjective)) break;
        accepted = candidate;
        acceptedObjective = value;
      }
    }
    beta = accepted;
    objective = acceptedObjective;
    evaluate(design, beta, withRural, eta, jacobian, scratch, omega);
  }
  const curve = [...beta.slice(0, K)];
  const femaleOffset: [number, number] = [beta[K]!, beta[K + 1]!];
  return {
    methodVersion: STANDARDISED_METHOD_VERSION,
    link,
    curve,
    femaleOffset,
    ageCurve: {
      male: curve,
      female: curve.map((c, k) => {
        const a = AGE_KNOTS[k]! / 100;
        return c + (1 - a) * femaleOffset[0] + a * femaleOffset[1];
      }),
    },
    imdCentre,
    imdScale,
    imd: beta[IMD]!,
    imdSquared: beta[IMD2]!,
    rural: withRural ? beta[RURAL]! : null,
    ruralShare: withRural ? ruralShare : null,
    unitsFitted: n,
    deviance: devianceOf(link, rows, eta),
    iterations,
    converged,
    excluded,
  };
}

function fmt(x: number, digits: number): string {
  return formatEnGB(x, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The model in words, for the indicator page and the method notes. */
export function describeStandardisedModel(model: StandardisedModel): string {
  const sd = model.imdScale;
  // The effect of 10 IMD points around the centre, from the linear and squared terms.
  const at = (imd: number) => {
    const x = (imd - model.imdCentre) / sd;
    return model.imd * x + model.imdSquared * x * x;
  };
  const tenPoints = Math.exp(at(model.imdCentre + 10) - at(model.imdCentre));
  const lines = [
    `Expected counts come from age-sex standardisation on the registration file's own age bands (5-year bands for men and women), with national rates for each band estimated from ${fmt(model.unitsFitted, 0)} practices, then adjusted for deprivation (IMD score, allowing a curve)${model.rural === null ? '' : ' and rurality'}.`,
    `Around the average deprivation (IMD ${fmt(model.imdCentre, 1)}), 10 more IMD points multiply the ${model.link === 'log' ? 'rate' : 'odds'} by ${fmt(tenPoints, 2)}${model.rural === null ? '' : `; a rural practice's ${model.link === 'log' ? 'rate' : 'odds'} are × ${fmt(Math.exp(model.rural), 2)} an urban one's`}.`,
    `The fit ${model.converged ? 'converged' : 'did not converge'} in ${model.iterations} iterations.${model.excluded.length > 0 ? ` ${fmt(model.excluded.length, 0)} practices were left out (missing data) and are judged on the crude funnel instead.` : ''}`,
  ];
  return lines.join('\n');
}
