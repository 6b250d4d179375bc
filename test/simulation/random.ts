// Seeded random numbers for the calibration study: mulberry32 uniforms, Box–Muller normals and exact
// binomial draws (inversion from the mode, so a draw costs about one standard deviation of steps
// whatever the list size). Exact draws matter here: the study checks flag rates of 0.2%, where a
// normal approximation to a count would itself make small practices look unusual.
import { betaTails, lbeta } from '../../src/domain/judgment/special-functions.ts';

export type Random = () => number;

/** mulberry32: small, fast, well studied; uniform in [0, 1). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** An exact Binomial(n, p) draw (n a whole number). */
export function binomial(random: Random, n: number, p: number): number {
  if (!(n > 0) || !(p > 0)) return 0;
  if (p >= 1) return n;
  if (n < 40) {
    let k = 0;
    for (let i = 0; i < n; i++) if (random() < p) k++;
    return k;
  }
  const q = 1 - p;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  // F(mode) = P(X ≤ mode) = 1 − I_p(mode + 1, n − mode); the pmf at the mode from log Beta.
  let cdf = mode >= n ? 1 : betaTails(mode + 1, n - mode, p).upper;
  let pmf = Math.exp(
    -Math.log(n + 1) - lbeta(mode + 1, n - mode + 1) + mode * Math.log(p) + (n - mode) * Math.log(q),
  );
  const u = random();
  let k = mode;
  if (u <= cdf) {
    // Down: the smallest k with F(k) ≥ u.
    while (k > 0 && cdf - pmf >= u) {
      cdf -= pmf;
      pmf *= (k * q) / ((n - k + 1) * p);
      k--;
    }
    return k;
  }
  while (cdf < u && k < n) {
    pmf *= ((n - k) * p) / ((k + 1) * q);
    k++;
    cdf += pmf;
  }
  return k;
}

/** A random index weighted by `weights`. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}
