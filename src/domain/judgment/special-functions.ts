/**
 * The few special functions the headline judgment needs beyond src/stats: digamma and trigamma (the
 * mean and variance of log Gamma and logit Beta variables), the regularised incomplete beta function
 * (binomial tail probabilities for any real count) and Gauss–Hermite quadrature nodes. These are not
 * reference methods compared at 1e-9; they are accurate to ~1e-12, far beyond what a flag at 95% or
 * 99.8% can feel. Methods: Abramowitz & Stegun 6.3.18 / 6.4.12 asymptotic series with recurrence;
 * Lentz's continued fraction for the incomplete beta (Numerical Recipes §6.4); Newton iteration on the
 * Hermite recurrence for the nodes (Numerical Recipes §4.6, `gauher`).
 */
import { lgamma } from '../../stats/index.ts';

/** ψ(x) = d/dx log Γ(x), x > 0. */
export function digamma(x: number): number {
  let result = 0;
  let z = x;
  while (z < 6) {
    result -= 1 / z;
    z += 1;
  }
  const r = 1 / z;
  const r2 = r * r;
  return (
    result +
    Math.log(z) -
    0.5 * r -
    r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 * (1 / 132)))))
  );
}

/** ψ′(x), x > 0. */
export function trigamma(x: number): number {
  let result = 0;
  let z = x;
  while (z < 6) {
    result += 1 / (z * z);
    z += 1;
  }
  const r = 1 / z;
  const r2 = r * r;
  return (
    result + r + 0.5 * r2 + r * r2 * (1 / 6 - r2 * (1 / 30 - r2 * (1 / 42 - r2 * (1 / 30 - r2 * (5 / 66)))))
  );
}

/** log B(a, b). */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

const TINY = 1e-300;
const EPS = 1e-15;

/** Lentz's continued fraction for I_x(a, b) (converges fast for x < (a + 1) / (a + b + 2)). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/**
 * Both tails of the Beta(a, b) distribution at x (a, b > 0): lower = I_x(a, b) = P(B ≤ x) and
 * upper = 1 − I_x(a, b), each computed directly where it is the smaller, so both keep their accuracy.
 */
export function betaTails(a: number, b: number, x: number): { lower: number; upper: number } {
  if (!(x > 0)) return { lower: 0, upper: 1 };
  if (!(x < 1)) return { lower: 1, upper: 0 };
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lbeta(a, b));
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (front * betaContinuedFraction(a, b, x)) / a;
    return { lower, upper: 1 - lower };
  }
  const upper = (front * betaContinuedFraction(b, a, 1 - x)) / b;
  return { lower: 1 - upper, upper };
}

export interface Quadrature {
  /** Nodes x_j of the rule for ∫ f(x) e^(−x²) dx. */
  readonly nodes: Float64Array;
  /** Weights divided by √π: Σ w_j f(√2·σ·x_j + μ) ≈ E[f(X)] for X ~ N(μ, σ²). */
  readonly weights: Float64Array;
}

const rules = new Map<number, Quadrature>();

/** The n-point Gauss–Hermite rule (cached), weights normalised to sum to 1. */
export function gaussHermite(n: number): Quadrature {
  const hit = rules.get(n);
  if (hit) return hit;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const PIM4 = 0.7511255444649425; // π^(−1/4)
  let z = 0;
  const m = Math.floor((n + 1) / 2);
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * nodes[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * nodes[1]!;
    else z = 2 * z - nodes[i - 2]!;
    let pp = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p1 = PIM4;
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 3e-14) break;
    }
    nodes[i] = z;
    nodes[n - 1 - i] = -z;
    weights[i] = 2 / (pp * pp);
    weights[n - 1 - i] = weights[i]!;
  }
  let total = 0;
  for (const w of weights) total += w;
  for (let i = 0; i < n; i++) weights[i] = weights[i]! / total;
  const rule = { nodes, weights };
  rules.set(n, rule);
  return rule;
}

/** The standard normal density. */
export function dnorm(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

export const logit = (p: number): number => Math.log(p / (1 - p));
export const expit = (x: number): number =>
  x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
