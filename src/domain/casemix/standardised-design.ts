/**
 * The standardised model's design (standardised-model.ts): the age curve's knots, each registration
 * band as a combination of parameters, every unit's bands flattened into typed arrays, and η, the
 * mean and the deviance evaluated from them. Shared by the fit and by the expected counts
 * (standardised-expected.ts).
 */
import type { PopulationCount } from './age-bands.ts';

/** Knots of the age curve, in years. */
export const AGE_KNOTS: readonly number[] = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

export type StandardisedLink = 'logit' | 'log';

export const K = AGE_KNOTS.length;
/** Parameters: the K knots, the female offset at 0 and 100, then IMD, IMD² and (maybe) rural. */
export const BAND_PARAMETERS = K + 2;
export const IMD = BAND_PARAMETERS;
export const IMD2 = BAND_PARAMETERS + 1;
export const RURAL = BAND_PARAMETERS + 2;

export function parameterCount(withRural: boolean): number {
  return BAND_PARAMETERS + 2 + (withRural ? 1 : 0);
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

/**
 * A band's θ as a combination of parameters: the two knots either side of its midpoint (linear
 * interpolation) and, for women, the offset's two ends. At most four (index, weight) pairs.
 */
export interface Band {
  share: number;
  index: number[];
  weight: number[];
  /**
   * The same number for every band with the same (index, weight) pairs, whoever's it is: such bands
   * have the same θ, so `evaluate` works out θ and exp(θ − max) once per distinct band, not once per
   * practice's band (the same numbers, from the same operations).
   */
  term: number;
}

/** (index, weight) pairs → their `term` number; a few dozen distinct bands at most. */
const termNumbers = new Map<string, number>();

function termNumber(index: readonly number[], weight: readonly number[]): number {
  const key = `${index.join(',')}|${weight.join(',')}`;
  let n = termNumbers.get(key);
  if (n === undefined) {
    n = termNumbers.size;
    termNumbers.set(key, n);
  }
  return n;
}

function bandTerms(female: boolean, age: number): { index: number[]; weight: number[] } {
  const last = K - 1;
  let k = 0;
  let upper = 1;
  if (age >= AGE_KNOTS[last]!) k = last - 1;
  else {
    while (k < last - 1 && age >= AGE_KNOTS[k + 1]!) k++;
    upper = (age - AGE_KNOTS[k]!) / (AGE_KNOTS[k + 1]! - AGE_KNOTS[k]!);
  }
  const index = [k, k + 1];
  const weight = [1 - upper, upper];
  if (female) {
    const a = Math.min(1, Math.max(0, age / 100));
    index.push(K, K + 1);
    weight.push(1 - a, a);
  }
  return { index, weight };
}

// A practice's population is the same array for every indicator and period of one extract (the
// release loads each extract once), so its bands are worked out once per array: the same numbers,
// without redoing them for each of the release's ~150 fits (docs/decisions.md, "Speed (issue 15)").
const bandsCache = new WeakMap<readonly PopulationCount[], Band[] | string>();

/** The practice's bands with their shares, or a reason it has none. Callers must not change them. */
export function bandsOf(population: readonly PopulationCount[]): Band[] | string {
  let bands = bandsCache.get(population);
  if (bands === undefined) {
    bands = computeBands(population);
    bandsCache.set(population, bands);
  }
  return bands;
}

function computeBands(population: readonly PopulationCount[]): Band[] | string {
  let total = 0;
  const bands: Band[] = [];
  for (const row of population) {
    if (!(Number.isFinite(row.patients) && row.patients >= 0)) return 'no registered population';
    const mid = bandMidpoint(row.ageBand);
    if (mid === null || row.patients === 0) continue;
    total += row.patients;
    const terms = bandTerms(row.sex === 'female', mid);
    bands.push({ share: row.patients, ...terms, term: termNumber(terms.index, terms.weight) });
  }
  if (!(total > 0)) return 'no registered population';
  for (const b of bands) b.share /= total;
  return bands;
}

export interface Row {
  code: string;
  observed: number;
  n: number;
  bands: Band[];
  imd: number;
  rural: number | null;
}

/** Every unit's bands, flattened: unit i owns band entries start[i] … start[i + 1] − 1. */
export interface Design {
  n: number;
  start: Int32Array;
  share: Float64Array;
  /** Per band entry: its number of terms (2 or 4), then 4 slots of (parameter, weight). */
  terms: Int8Array;
  index: Int32Array;
  weight: Float64Array;
  /** (IMD − centre)/scale and rural − share rural, per unit. */
  imd: Float64Array;
  rural: Float64Array;
  /** Per band entry: its band's `term` number. */
  term: Int32Array;
  /** One band entry for each distinct term number in the design (whose θ stands for all). */
  termEntry: Int32Array;
  /** Per term number: θ, and exp(θ − max) with the max it was taken at (NaN: not yet). */
  theta: Float64Array;
  expOf: Float64Array;
  expAt: Float64Array;
}

export function designOf(
  rows: readonly Row[],
  imdCentre: number,
  imdScale: number,
  ruralShare: number,
): Design {
  const n = rows.length;
  const start = new Int32Array(n + 1);
  rows.forEach((r, i) => {
    start[i + 1] = start[i]! + r.bands.length;
  });
  const total = start[n]!;
  const d: Design = {
    n,
    start,
    share: new Float64Array(total),
    terms: new Int8Array(total),
    index: new Int32Array(4 * total),
    weight: new Float64Array(4 * total),
    imd: new Float64Array(n),
    rural: new Float64Array(n),
    term: new Int32Array(total),
    termEntry: new Int32Array(0),
    theta: new Float64Array(0),
    expOf: new Float64Array(0),
    expAt: new Float64Array(0),
  };
  // One entry per distinct term, in the order first met (-1: not met yet).
  const entryOfTerm: number[] = [];
  const termEntries: number[] = [];
  rows.forEach((r, i) => {
    r.bands.forEach((b, j) => {
      const e = start[i]! + j;
      d.term[e] = b.term;
      if (!(entryOfTerm[b.term]! >= 0)) {
        while (entryOfTerm.length <= b.term) entryOfTerm.push(-1);
        entryOfTerm[b.term] = e;
        termEntries.push(e);
      }
      d.share[e] = b.share;
      d.terms[e] = b.index.length;
      b.index.forEach((idx, t) => {
        d.index[4 * e + t] = idx;
        d.weight[4 * e + t] = b.weight[t]!;
      });
    });
    d.imd[i] = (r.imd - imdCentre) / imdScale;
    d.rural[i] = (r.rural ?? ruralShare) - ruralShare;
  });
  d.termEntry = Int32Array.from(termEntries);
  d.theta = new Float64Array(entryOfTerm.length);
  d.expOf = new Float64Array(entryOfTerm.length);
  d.expAt = new Float64Array(entryOfTerm.length);
  return d;
}

/**
 * η for every unit, and (with `jacobian`, units × p) ∂η/∂β and each band entry's ω, its share of the
 * unit's expected count. The band term is a log-sum-exp, stabilised by its largest θ.
 */
export function evaluate(
  d: Design,
  beta: Float64Array,
  withRural: boolean,
  eta: Float64Array,
  jacobian: Float64Array | null,
  scratch: Float64Array,
  omegaOut: Float64Array | null = null,
): void {
  const p = parameterCount(withRural);
  if (jacobian) jacobian.fill(0);
  // θ of each distinct band, from one of its entries (every entry of a term has the same pairs).
  for (let j = 0; j < d.termEntry.length; j++) {
    const e = d.termEntry[j]!;
    let t = 0;
    for (let k = 0; k < d.terms[e]!; k++) t += d.weight[4 * e + k]! * beta[d.index[4 * e + k]!]!;
    d.theta[d.term[e]!] = t;
  }
  d.expAt.fill(Number.NaN);
  for (let i = 0; i < d.n; i++) {
    const from = d.start[i]!;
    const to = d.start[i + 1]!;
    let maxTheta = Number.NEGATIVE_INFINITY;
    for (let e = from; e < to; e++) {
      const t = d.theta[d.term[e]!]!;
      if (t > maxTheta) maxTheta = t;
    }
    let sum = 0;
    for (let e = from; e < to; e++) {
      // exp(θ − max) once per band and max: practices with the same oldest-band max share it.
      const term = d.term[e]!;
      let x = d.expOf[term]!;
      if (d.expAt[term] !== maxTheta) {
        x = Math.exp(d.theta[term]! - maxTheta);
        d.expOf[term] = x;
        d.expAt[term] = maxTheta;
      }
      const w = d.share[e]! * x;
      scratch[e - from] = w;
      sum += w;
    }
    const x = d.imd[i]!;
    let value = maxTheta + Math.log(sum) + beta[IMD]! * x + beta[IMD2]! * x * x;
    if (withRural) value += beta[RURAL]! * d.rural[i]!;
    eta[i] = value;
    if (!jacobian) continue;
    const row = i * p;
    for (let e = from; e < to; e++) {
      const omega = scratch[e - from]! / sum;
      if (omegaOut) omegaOut[e] = omega;
      for (let k = 0; k < d.terms[e]!; k++) {
        const at = row + d.index[4 * e + k]!;
        jacobian[at] = jacobian[at]! + omega * d.weight[4 * e + k]!;
      }
    }
    jacobian[row + IMD] = x;
    jacobian[row + IMD2] = x * x;
    if (withRural) jacobian[row + RURAL] = d.rural[i]!;
  }
}

export function meanOf(link: StandardisedLink, eta: number, n: number): number {
  if (link === 'log') return n * Math.exp(eta);
  return eta >= 0 ? n / (1 + Math.exp(-eta)) : (n * Math.exp(eta)) / (1 + Math.exp(eta));
}

export function devianceOf(link: StandardisedLink, rows: readonly Row[], eta: Float64Array): number {
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
