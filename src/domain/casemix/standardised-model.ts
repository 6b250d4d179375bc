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
 * because registers are not published by age. θ is smooth in age — piecewise linear between knots at
 * 0, 10, 20, …, 100 years, one curve per sex — so a 20-24 band and a 40-44 band get their own rates
 * (students and young families differ, which the five broad bands of model.ts cannot see), without
 * 38 free parameters. A light penalty on the curves' second differences (weight 1e-6 of the total
 * information) only steadies knots no band reaches (e.g. above the last band of an older file).
 * Deprivation (centred IMD and its square) and rurality then act multiplicatively on the odds (or
 * rate). A practice whose rurality is unknown gets the share of rural practices.
 *
 * Fitted by Fisher scoring (Gauss–Newton on the binomial or Poisson log-likelihood: the predictor is
 * not linear in θ, so the Jacobian is recomputed each step), halving steps that do not lower the
 * deviance, until the deviance changes by less than 1e-9 relative (at most 100 iterations). The
 * estimates are quasi-likelihood estimates: practices vary more than binomially, which only affects
 * their standard errors (not used here); the between-practice variation is allowed for by τ² in the
 * judgment (src/domain/judgment).
 */
import type { PopulationCount } from './age-bands.ts';
import { cholesky, choleskySolve } from './small-matrix.ts';

export const STANDARDISED_METHOD_VERSION = 'casemix-std-1';

/** Knots of the age curves, in years. */
export const AGE_KNOTS: readonly number[] = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

export type StandardisedLink = 'logit' | 'log';

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
  /** θ at each knot, per sex (log rate, or log odds for small p). */
  readonly ageCurve: { readonly male: readonly number[]; readonly female: readonly number[] };
  readonly imdCentre: number;
  readonly imdScale: number;
  /** Per (IMD − centre)/scale, its square, and rural − share rural; null when left out. */
  readonly imd: number;
  readonly imdSquared: number;
  readonly rural: number | null;
  readonly ruralShare: number | null;
  readonly unitsFitted: number;
  readonly deviance: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly excluded: readonly { code: string; reason: string }[];
}

/** Every fitted unit's bands, flattened: unit i owns entries start[i] … start[i + 1] − 1. */
interface Design {
  n: number;
  start: Int32Array;
  /** Parameter index of the knot below the band's midpoint (male knots first, then female). */
  knot: Int32Array;
  /** Interpolation weight of the knot above. */
  upper: Float64Array;
  share: Float64Array;
  /** (IMD − centre)/scale and rural − share rural, per unit. */
  imd: Float64Array;
  rural: Float64Array;
}

const bandCache = new Map<string, number | null>();

/** Midpoint age of a registration band (`0-4` → 2.5, `95+` → 97.5, `75+` → 82.5); null when not a band. */
export function bandMidpoint(ageBand: string): number | null {
  const hit = bandCache.get(ageBand);
  if (hit !== undefined) return hit;
  let mid: number | null = null;
  const range = /^(\d{1,3})-(\d{1,3})$/.exec(ageBand.trim());
  const open = /^(\d{1,3})\+$/.exec(ageBand.trim());
  if (range) {
    const lo = Number(range[1]);
    const hi = Number(range[2]);
    if (hi >= lo) mid = (lo + hi + 1) / 2;
  } else if (open) {
    const lo = Number(open[1]);
    // An open band's patients are mostly near its start: ~7 years in for 75+, 2.5 for 95+.
    mid = lo + Math.max(2.5, 0.3 * (100 - lo));
  }
  if (bandCache.size < 1000) bandCache.set(ageBand, mid);
  return mid;
}

function placeOnKnots(age: number): { knot: number; upper: number } {
  const last = AGE_KNOTS.length - 1;
  if (age >= AGE_KNOTS[last]!) return { knot: last - 1, upper: 1 };
  let k = 0;
  while (k < last - 1 && age >= AGE_KNOTS[k + 1]!) k++;
  return { knot: k, upper: (age - AGE_KNOTS[k]!) / (AGE_KNOTS[k + 1]! - AGE_KNOTS[k]!) };
}

interface Band {
  knot: number;
  upper: number;
  share: number;
}

/** The practice's bands with their shares, or a reason it has none. */
function bandsOf(population: readonly PopulationCount[]): Band[] | string {
  let total = 0;
  const bands: Band[] = [];
  for (const row of population) {
    if (!(Number.isFinite(row.patients) && row.patients >= 0)) return 'no registered population';
    const mid = bandMidpoint(row.ageBand);
    if (mid === null || row.patients === 0) continue;
    total += row.patients;
    const place = placeOnKnots(mid);
    bands.push({ knot: (row.sex === 'male' ? 0 : K) + place.knot, upper: place.upper, share: row.patients });
  }
  if (!(total > 0)) return 'no registered population';
  for (const b of bands) b.share /= total;
  return bands;
}

interface Row {
  code: string;
  observed: number;
  n: number;
  bands: Band[];
  imd: number;
  rural: number | null;
}

const K = AGE_KNOTS.length;

/** The parameter vector: male knots, female knots, IMD, IMD², rural. */
function parameterCount(withRural: boolean): number {
  return 2 * K + 2 + (withRural ? 1 : 0);
}

function designOf(rows: readonly Row[], imdCentre: number, imdScale: number, ruralShare: number): Design {
  const n = rows.length;
  const start = new Int32Array(n + 1);
  rows.forEach((r, i) => {
    start[i + 1] = start[i]! + r.bands.length;
  });
  const total = start[n]!;
  const knot = new Int32Array(total);
  const upper = new Float64Array(total);
  const share = new Float64Array(total);
  const imd = new Float64Array(n);
  const rural = new Float64Array(n);
  rows.forEach((r, i) => {
    r.bands.forEach((b, j) => {
      knot[start[i]! + j] = b.knot;
      upper[start[i]! + j] = b.upper;
      share[start[i]! + j] = b.share;
    });
    imd[i] = (r.imd - imdCentre) / imdScale;
    rural[i] = (r.rural ?? ruralShare) - ruralShare;
  });
  return { n, start, knot, upper, share, imd, rural };
}

/**
 * η for every unit, and (with `jacobian`, units × p, zeroed here) ∂η/∂β. The band term is a
 * log-sum-exp, stabilised by its largest θ.
 */
function evaluate(
  d: Design,
  beta: Float64Array,
  withRural: boolean,
  eta: Float64Array,
  jacobian: Float64Array | null,
  scratch: Float64Array,
  /** With the Jacobian: each band entry's ω (its share of the unit's expected count). */
  omegaOut: Float64Array | null = null,
): void {
  const p = parameterCount(withRural);
  if (jacobian) jacobian.fill(0);
  for (let i = 0; i < d.n; i++) {
    const from = d.start[i]!;
    const to = d.start[i + 1]!;
    let maxTheta = Number.NEGATIVE_INFINITY;
    for (let j = from; j < to; j++) {
      const k = d.knot[j]!;
      const u = d.upper[j]!;
      const t = (1 - u) * beta[k]! + u * beta[k + 1]!;
      scratch[j - from] = t;
      if (t > maxTheta) maxTheta = t;
    }
    let sum = 0;
    for (let j = from; j < to; j++) {
      const w = d.share[j]! * Math.exp(scratch[j - from]! - maxTheta);
      scratch[j - from] = w;
      sum += w;
    }
    const x = d.imd[i]!;
    let e = maxTheta + Math.log(sum) + beta[2 * K]! * x + beta[2 * K + 1]! * x * x;
    if (withRural) e += beta[2 * K + 2]! * d.rural[i]!;
    eta[i] = e;
    if (!jacobian) continue;
    const row = i * p;
    for (let j = from; j < to; j++) {
      const omega = scratch[j - from]! / sum;
      if (omegaOut) omegaOut[j] = omega;
      const k = row + d.knot[j]!;
      const u = d.upper[j]!;
      jacobian[k] = jacobian[k]! + omega * (1 - u);
      jacobian[k + 1] = jacobian[k + 1]! + omega * u;
    }
    jacobian[row + 2 * K] = x;
    jacobian[row + 2 * K + 1] = x * x;
    if (withRural) jacobian[row + 2 * K + 2] = d.rural[i]!;
  }
}

function meanOf(link: StandardisedLink, eta: number, n: number): number {
  if (link === 'log') return n * Math.exp(eta);
  return eta >= 0 ? n / (1 + Math.exp(-eta)) : (n * Math.exp(eta)) / (1 + Math.exp(eta));
}

function devianceOf(link: StandardisedLink, rows: readonly Row[], eta: Float64Array): number {
  let d = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const mu = meanOf(link, eta[i]!, r.n);
    const y = r.observed;
    if (y > 0) d += 2 * y * Math.log(y / mu);
    if (link === 'log') d -= 2 * (y - mu);
    else if (r.n - y > 0) d += 2 * (r.n - y) * Math.log((r.n - y) / (r.n - mu));
  }
  return d;
}

export interface StandardisedOptions {
  readonly link: StandardisedLink;
  /**
   * A model fitted before (the same indicator's previous period) to start from: the same optimum is
   * reached in a few steps instead of ~15. Ignored unless it has the same link.
   */
  readonly start?: StandardisedModel | null;
}

/**
 * Fits the model on every unit with a count, a denominator, a registered population and an IMD
 * score (the others are listed in `excluded`). Throws RangeError when fewer than 30 units remain or
 * there are no events (or, for proportions, no non-events): nothing to standardise against.
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
  for (let k = 0; k < 2 * K; k++) beta[k] = startValue;
  const previous = options.start;
  if (previous && previous.link === link) {
    beta.set(previous.ageCurve.male, 0);
    beta.set(previous.ageCurve.female, K);
    // Its IMD terms were per its own scale: re-expressed on this fit's.
    const ratio = imdScale / previous.imdScale;
    beta[2 * K] = previous.imd * ratio;
    beta[2 * K + 1] = previous.imdSquared * ratio * ratio;
    if (withRural && previous.rural !== null) beta[2 * K + 2] = previous.rural;
  }
  const design = designOf(rows, imdCentre, imdScale, ruralShare);
  const n = rows.length;
  const scratch = new Float64Array(Math.max(1, ...rows.map((r) => r.bands.length)));
  const eta = new Float64Array(n);
  const trialEta = new Float64Array(n);
  const jacobian = new Float64Array(n * p);

  // Second-difference penalty on each sex's curve: λ·βᵀPβ with λ = 1e-6 of the total information.
  const penalty = new Float64Array(p * p);
  for (const offset of [0, K]) {
    for (let k = 1; k < K - 1; k++) {
      const idx = [offset + k - 1, offset + k, offset + k + 1];
      const c = [1, -2, 1];
      for (let a = 0; a < 3; a++)
        for (let b = 0; b < 3; b++)
          penalty[idx[a]! * p + idx[b]!] = penalty[idx[a]! * p + idx[b]!]! + c[a]! * c[b]!;
    }
  }
  // And a ridge towards the national rate on every knot, so that a band with (almost) no events (AF
  // in children) settles at a tiny rate instead of creeping towards zero for ever.
  const anchor = new Float64Array(p);
  for (let k = 0; k < 2 * K; k++) {
    penalty[k * p + k] = penalty[k * p + k]! + 1;
    anchor[k] = startValue;
  }
  const quadratic = (b: Float64Array) => {
    let q = 0;
    for (let i = 0; i < p; i++)
      for (let j = 0; j < p; j++) q += (b[i]! - anchor[i]!) * penalty[i * p + j]! * (b[j]! - anchor[j]!);
    return q;
  };
  const omega = new Float64Array(design.start[n]!);
  evaluate(design, beta, withRural, eta, jacobian, scratch, omega);
  let information = 0;
  rows.forEach((r, i) => {
    const mu = meanOf(link, eta[i]!, r.n);
    information += link === 'log' ? mu : mu * (1 - mu / r.n);
  });
  const lambda = 1e-6 * information;
  let objective = devianceOf(link, rows, eta) + lambda * quadratic(beta);
  let iterations = 0;
  let converged = false;
  const xtwx = new Float64Array(p * p);
  const observed = new Float64Array(p * p);
  const score = new Float64Array(p);
  while (iterations < 100) {
    iterations++;
    // Fisher scoring's information JᵀWJ, and Newton's observed information, which adds the
    // curvature of the log-sum-exp band term weighted by the residuals r_i: for unit i that is
    // r_i·(m_i m_iᵀ − E_ω[h hᵀ]) on the knots, where m_i (= the knot part of J_i) is the ω-weighted
    // mean of the bands' interpolation weights h. Newton converges in a few steps where scoring creeps.
    xtwx.fill(0);
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
        const rja = a < 2 * K ? resid * ja : 0;
        for (let b = a; b < p; b++) {
          const jb = jacobian[row + b]!;
          xtwx[a * p + b] = xtwx[a * p + b]! + wja * jb;
          if (b < 2 * K) observed[a * p + b] = observed[a * p + b]! + rja * jb;
        }
      }
      for (let j = design.start[i]!; j < design.start[i + 1]!; j++) {
        const k = design.knot[j]!;
        const u = design.upper[j]!;
        const o = resid * omega[j]!;
        observed[k * p + k] = observed[k * p + k]! - o * (1 - u) * (1 - u);
        observed[k * p + k + 1] = observed[k * p + k + 1]! - o * (1 - u) * u;
        observed[(k + 1) * p + k + 1] = observed[(k + 1) * p + k + 1]! - o * u * u;
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = a; b < p; b++) {
        const penalised = xtwx[a * p + b]! + lambda * penalty[a * p + b]!;
        xtwx[a * p + b] = penalised;
        xtwx[b * p + a] = penalised;
        // observed holds the upper triangle of Σ r_i(m mᵀ − E[h hᵀ]) (its k, k+1 entries included).
        const value = penalised + observed[a * p + b]!;
        observed[a * p + b] = value;
        observed[b * p + a] = value;
      }
    }
    for (let a = 0; a < p; a++) {
      let pb = 0;
      for (let b = 0; b < p; b++) pb += penalty[a * p + b]! * (beta[b]! - anchor[b]!);
      score[a] = score[a]! - lambda * pb;
    }
    // Newton's step when the observed information is positive definite, else the scoring step.
    const scoring = cholesky(xtwx, p, 1e-12);
    const newton = cholesky(observed, p, 1e-12);
    const usable = newton.aliased.every((aliased, j) => !aliased || scoring.aliased[j]);
    const step = choleskySolve(usable ? newton : scoring, score);
    // Halve the step until the penalised deviance does not rise.
    let factor = 1;
    let accepted: Float64Array | null = null;
    let acceptedObjective = objective;
    for (let halving = 0; halving < 30 && accepted === null; halving++) {
      const candidate = new Float64Array(p);
      for (let a = 0; a < p; a++) candidate[a] = beta[a]! + factor * step[a]!;
      evaluate(design, candidate, withRural, trialEta, null, scratch);
      const value = devianceOf(link, rows, trialEta) + lambda * quadratic(candidate);
      if (Number.isFinite(value) && value <= objective + 1e-12 * Math.abs(objective)) {
        accepted = candidate;
        acceptedObjective = value;
      }
      factor /= 2;
    }
    if (accepted === null) {
      converged = true;
      break;
    }
    const change = Math.abs(objective - acceptedObjective) / (Math.abs(acceptedObjective) + 0.1);
    beta = accepted;
    objective = acceptedObjective;
    evaluate(design, beta, withRural, eta, jacobian, scratch, omega);
    if (change < 1e-9) {
      converged = true;
      break;
    }
  }
  return {
    methodVersion: STANDARDISED_METHOD_VERSION,
    link,
    ageCurve: { male: [...beta.slice(0, K)], female: [...beta.slice(K, 2 * K)] },
    imdCentre,
    imdScale,
    imd: beta[2 * K]!,
    imdSquared: beta[2 * K + 1]!,
    rural: withRural ? beta[2 * K + 2]! : null,
    ruralShare: withRural ? ruralShare : null,
    unitsFitted: n,
    deviance: devianceOf(link, rows, eta),
    iterations,
    converged,
    excluded,
  };
}

/**
 * The model's expected count for a unit: n·expit(η) (logit) or n·exp(η) (log); null when the unit has
 * no denominator, registered population or IMD score.
 */
export function standardisedExpected(
  model: StandardisedModel,
  unit: Omit<StandardisedUnit, 'code' | 'observed'>,
): number | null {
  const n = unit.denominator;
  if (n === null || !(n > 0) || unit.imdScore === null || !Number.isFinite(unit.imdScore)) return null;
  const bands = bandsOf(unit.population);
  if (typeof bands === 'string') return null;
  const withRural = model.rural !== null;
  const beta = new Float64Array(parameterCount(withRural));
  beta.set(model.ageCurve.male, 0);
  beta.set(model.ageCurve.female, K);
  beta[2 * K] = model.imd;
  beta[2 * K + 1] = model.imdSquared;
  if (withRural) beta[2 * K + 2] = model.rural!;
  const row: Row = {
    code: '',
    observed: 0,
    n,
    bands,
    imd: unit.imdScore,
    rural: unit.rural === null ? null : unit.rural ? 1 : 0,
  };
  const eta = new Float64Array(1);
  evaluate(
    designOf([row], model.imdCentre, model.imdScale, model.ruralShare ?? 0),
    beta,
    withRural,
    eta,
    null,
    new Float64Array(bands.length),
  );
  return meanOf(model.link, eta[0]!, n);
}

function fmt(x: number, digits: number): string {
  return x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
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
