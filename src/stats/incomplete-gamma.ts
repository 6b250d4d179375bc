/**
 * The regularised incomplete gamma function P(a, x) and Q(a, x) = 1 − P(a, x), and its inverse.
 *
 * Why our own: @stdlib's `gammainc` (0.2.x) is wrong by up to 5% whenever x > 1000 and a < x + 50 (its
 * large-x asymptotic series starts its Pochhammer product at a instead of a − 1), which breaks the
 * chi-square quantiles behind the exact Poisson limits for large expected counts. This file follows
 * the standard methods (as in Boost and Numerical Recipes):
 *   - a power series for P when x < a + 1,
 *   - Legendre's continued fraction for Q otherwise,
 *   - Temme's uniform asymptotic expansion (DiDonato & Morris 1986; Boost's 53-bit coefficients)
 *     when a > 20 and x is close to a, where the other two converge slowly.
 * Each method returns the smaller tail directly, so both tails keep full relative accuracy.
 * Checked against 60-digit values in test/stats/distributions.test.ts.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

const EPS = 1e-16;
const LOG_SQRT_2PI = 0.9189385332046728; // log(√(2π))

/** log(1 + s) − s without the cancellation of computing it directly near s = 0. */
export function log1pmx(s: number): number {
  if (Math.abs(s) > 0.5) return Math.log1p(s) - s;
  let power = s;
  let sum = 0;
  for (let k = 2; k < 200; k++) {
    power *= -s;
    const term = power / k;
    sum += term;
    if (Math.abs(term) <= EPS * 1e-2 * Math.abs(sum)) break;
  }
  return sum;
}

/** Stirling's correction μ(a) = lgamma(a) − ((a − ½)·log a − a + log √(2π)), accurate for a ≥ 10. */
function stirlingCorrection(a: number): number {
  const r = 1 / a;
  const r2 = r * r;
  return (
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156)))))))
  );
}

/** log Γ(a) for a > 0, by Stirling at a + n ≥ 10 and the recurrence Γ(a) = Γ(a + n) / (a(a+1)…(a+n−1)). */
export function lgamma(a: number): number {
  let shift = 0;
  let product = 1;
  let z = a;
  while (z < 10) {
    product *= z;
    z += 1;
    shift += 1;
  }
  const atZ = (z - 0.5) * Math.log(z) - z + LOG_SQRT_2PI + stirlingCorrection(z);
  return shift === 0 ? atZ : atZ - Math.log(product);
}

/** x^a·e^(−x)/Γ(a): the factor shared by both tails (and x times the gamma density). */
function prefix(a: number, x: number): number {
  if (a >= 10) {
    // Written around x = a so that a·log(x/a) + a − x loses nothing to cancellation when a is large.
    return Math.sqrt(a / (2 * Math.PI)) * Math.exp(a * log1pmx((x - a) / a) - stirlingCorrection(a));
  }
  return Math.exp(a * Math.log(x) - x - lgamma(a));
}

/**
 * x^a·e^(−x)/Γ(a) as computed by the last call of lowerSeries, upperContinuedFraction or temme: each
 * needs it anyway, and qgamma's Newton–Halley steps reuse it for the density instead of recomputing it.
 */
let lastPrefix = 0;

function lowerSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 1e7; n++) {
    term *= x / (a + n);
    sum += term;
    if (term <= EPS * 1e-2 * sum) break;
  }
  lastPrefix = prefix(a, x);
  return (lastPrefix / a) * sum;
}

function upperContinuedFraction(a: number, x: number): number {
  // Modified Lentz evaluation of 1/(x+1−a− 1(1−a)/(x+3−a− 2(2−a)/(x+5−a− …))).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1e7; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= EPS * 0.5) break;
  }
  lastPrefix = prefix(a, x);
  return lastPrefix * h;
}

// Temme's coefficients C_k(z) as polynomials in z (Boost's igamma_temme_large, 53-bit table).
const TEMME: readonly (readonly number[])[] = [
  [
    -0.3333333333333333, 0.08333333333333333, -0.014814814814814815, 0.0011574074074074073,
    0.0003527336860670194, -0.0001787551440329218, 0.00003919263178522438, -0.0000021854485106799924,
    -0.00000185406221071516, 8.296711340953087e-7, -1.7665952736826078e-7, 6.707853543401498e-9,
    1.0261809784240309e-8, -4.382036018453353e-9, 9.14769958223679e-10,
  ],
  [
    -0.001851851851851852, -0.003472222222222222, 0.0026455026455026454, -0.0009902263374485596,
    0.00020576131687242798, -4.018775720164609e-7, -0.000018098550334489977, 0.00000764916091608111,
    -0.0000016120900894563446, 4.647127802807434e-9, 1.378633446915721e-7, -5.752545603517705e-8,
    1.1951628599778148e-8,
  ],
  [
    0.004133597883597883, -0.0026813271604938273, 0.0007716049382716049, 0.0000020093878600823047,
    -0.00010736653226365161, 0.000052923448829120125, -0.000012760635188618728, 3.423578734096138e-8,
    0.0000013721957309062932, -6.298992138380055e-7, 1.4280614206064242e-7,
  ],
  [
    0.0006494341563786008, 0.00022947209362139917, -0.0004691894943952557, 0.00026772063206283885,
    -0.00007561801671883977, -2.396505113867297e-7, 0.000011082654115347302, -0.0000056749528269915965,
    0.0000014230900732435883,
  ],
  [
    -0.0008618882909167117, 0.0007840392217200666, -0.0002990724803031902, -0.0000014638452578843418,
    0.00006641498215465122, -0.00003968365047179435, 0.000011375726970678419,
  ],
  [
    -0.00033679855336635813, -0.00006972813758365858, 0.0002772753244959392, -0.00019932570516188847,
    0.00006797780477937208, 1.419062920643967e-7, -0.000013594048189768693, 0.000008018470256334202,
    -0.000002291481176508095,
  ],
  [
    0.0005313079364639922, -0.0005921664373536939, 0.0002708782096718045, 7.902353232660328e-7,
    -0.00008153969367561969, 0.0000561168275310625, -0.000018329116582843375,
  ],
  [
    0.00034436760689237765, 0.00005171790908260592, -0.00033493161081142234, 0.0002812695154763237,
    -0.00010976582244684731,
  ],
  [-0.0006526239185953094, 0.0008394987206720873, -0.000438297098541721],
  [-0.0005967612901927463],
];

function polynomial(coefficients: readonly number[], z: number): number {
  let sum = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) sum = sum * z + coefficients[i]!;
  return sum;
}

/** Temme's expansion: returns P when x < a and Q when x ≥ a (the smaller tail). */
function temme(a: number, x: number): number {
  const sigma = (x - a) / a;
  const lpm = log1pmx(sigma);
  const phi = -lpm;
  const y = a * phi;
  const z = x < a ? -Math.sqrt(2 * phi) : Math.sqrt(2 * phi);
  // Σ C_k(z)·(1/a)^k by Horner in 1/a, highest k first (no temporary array: this runs per Newton step).
  const r = 1 / a;
  let series = 0;
  for (let k = TEMME.length - 1; k >= 0; k--) series = series * r + polynomial(TEMME[k]!, z);
  const correction = (series * Math.exp(-y)) / Math.sqrt(2 * Math.PI * a);
  // The same double as prefix(a, x), whose a·log1pmx(σ) is exactly −y (a ≥ 20 here).
  lastPrefix = Math.sqrt(a / (2 * Math.PI)) * Math.exp(a * lpm - stirlingCorrection(a));
  // erfc(√y)/2 is the normal upper tail at √(2y).
  const leading = normalCdf(-Math.sqrt(2 * y), 0, 1);
  return leading + (x < a ? -correction : correction);
}

function useTemme(a: number, x: number): boolean {
  if (a <= 20) return false;
  const sigma = Math.abs((x - a) / a);
  return a > 200 ? 20 / a > sigma * sigma : sigma < 0.4;
}

/** Both tails of the gamma(a, 1) distribution at x: lower = P(a, x), upper = Q(a, x). */
export function gammaTails(a: number, x: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x === Number.POSITIVE_INFINITY) return { lower: 1, upper: 0 };
  if (useTemme(a, x)) {
    const small = temme(a, x);
    return x < a ? { lower: small, upper: 1 - small } : { lower: 1 - small, upper: small };
  }
  if (x < a + 1) {
    const lower = lowerSeries(a, x);
    return { lower, upper: 1 - lower };
  }
  const upper = upperContinuedFraction(a, x);
  return { lower: 1 - upper, upper };
}

/**
 * One tail of gamma(a, 1) at 0 < x < ∞, the same double as gammaTails gives, without allocating;
 * leaves x^a·e^(−x)/Γ(a) in lastPrefix.
 */
function tailAt(a: number, x: number, upper: boolean): number {
  if (useTemme(a, x)) {
    const small = temme(a, x);
    return x < a === upper ? 1 - small : small;
  }
  if (x < a + 1) {
    const lower = lowerSeries(a, x);
    return upper ? 1 - lower : lower;
  }
  const q = upperContinuedFraction(a, x);
  return upper ? q : 1 - q;
}

/** A relative error below which the root is settled: well under half an ulp of a double (2^−53). */
const SETTLED = 2 ** -60;

/**
 * Quantile of gamma(a, 1): the x with P(a, x) = p. Solved on the log of whichever tail is smaller (so
 * p = 1 − 1e-10 is as accurate as p = 1e-10), by Halley's method kept inside a bracket, from the
 * DiDonato–Morris asymptotic start (good to ~1e-10 relative by a = 1000).
 *
 * `z` is the normal quantile of p, for the start (a rough one is used if it is not given). Each step
 * costs one incomplete-gamma evaluation; the derivatives of log(tail) come free from it:
 * L′ = ±g/tail with g = x^(a−1)e^(−x)/Γ(a) the density, and with c = (a − 1)/x − 1 = g′/g,
 * L″ = L′(c − L′) and L‴ = L′((c − L′)(c − 2L′) − (a − 1)/x²). Halley's error after a step δ is about
 * K·δ³ with K = L″²/(4L′²) − L‴/(6L′), so the loop stops as soon as that is far below an ulp, without
 * spending another evaluation to see the step vanish.
 */
export function qgamma(p: number, a: number, z?: number): number {
  if (Number.isNaN(p) || Number.isNaN(a) || p < 0 || p > 1 || a < 0) return Number.NaN;
  if (a === 0 || p === 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const upperTail = p > 0.5;
  const target = Math.log(upperTail ? 1 - p : p); // 1 − p is exact for p ≥ 0.5
  const am1 = a - 1;
  let x = startingValue(p, a, z ?? qnormRough(p));
  // Only (p·Γ(a + 1))^(1/a) for tiny a can start at 0: the quantile is then below the smallest double.
  if (x === 0) return 0;
  let low = 0;
  let high = Number.POSITIVE_INFINITY;
  let previousStep = Number.POSITIVE_INFINITY;
  for (let iteration = 0; iteration < 300; iteration++) {
    const tail = tailAt(a, x, upperTail);
    const h = Math.log(tail) - target;
    // h increases with x for the lower tail and decreases for the upper tail.
    if (h > 0 !== upperTail) high = x;
    else low = x;
    if (h === 0) return x;
    const d1 = ((upperTail ? -1 : 1) * (lastPrefix / x)) / tail;
    const c = am1 / x - 1;
    const d2 = d1 * (c - d1);
    const newton = -h / d1;
    // Halley's correction of the Newton step; far from the root (factor outside [½, 2]) plain Newton.
    const factor = 1 - (h * d2) / (2 * d1 * d1);
    const halley = factor > 0.5 && factor < 2;
    const step = halley ? newton / factor : newton;
    let next = x + step;
    // A step below rounding level ends it even if noise in h has closed the bracket around x.
    if (Math.abs(step) <= 2e-16 * x) return next;
    if (next > low && next < high) {
      if (halley && Math.abs(step) <= 1e-4 * x) {
        const d3 = d1 * ((c - d1) * (c - 2 * d1) - am1 / (x * x));
        const k = (d2 * d2) / (4 * d1 * d1) - d3 / (6 * d1);
        const left = Math.abs(k) * Math.abs(step) ** 3;
        if (left <= SETTLED * Math.abs(next)) return next;
      }
      // A step that stops shrinking is a rounding-level oscillation about the root.
      if (Math.abs(step) >= previousStep && Math.abs(step) <= 1e-15 * x) return next;
      previousStep = Math.abs(step);
    } else {
      // Outside the bracket: Newton on log x first (it cannot go below 0, and near 0, where P ≈ x^a,
      // it is nearly exact), else bisect (geometrically once there is a positive lower end).
      next = x * Math.exp(newton / x);
      if (!(next > low && next < high)) {
        next = Number.isFinite(high) ? (low > 0 ? Math.sqrt(low * high) : high / 2) : x * 2;
      }
      previousStep = Number.POSITIVE_INFINITY;
    }
    x = next;
  }
  return x;
}

/**
 * Starting values. For a ≥ 10 away from the far lower tail, DiDonato & Morris (1986, eq. 31), the
 * asymptotic inversion in the normal quantile s of p: x = a + s√a + (s² − 1)/3 + (s³ − 7s)/(36√a)
 * − (3s⁴ + 7s² − 16)/(810a) + (9s⁵ + 256s³ − 433s)/(38880a√a). Otherwise Wilson–Hilferty, or
 * P ≈ x^a / Γ(a + 1) when that puts x well below a (the lower tail, and any p when a is tiny).
 */
function startingValue(p: number, a: number, z: number): number {
  const smallX = Math.exp((Math.log(p) + lgamma(a + 1)) / a);
  if (a >= 10 && !(p < 0.5 && smallX < 0.1 * a)) {
    const ra = Math.sqrt(a);
    const s2 = z * z;
    const dm =
      a +
      z * ra +
      (s2 - 1) / 3 +
      (z * (s2 - 7)) / (36 * ra) -
      (3 * s2 * s2 + 7 * s2 - 16) / (810 * a) +
      (z * (9 * s2 * s2 + 256 * s2 - 433)) / (38880 * a * ra);
    if (dm > 0 && Number.isFinite(dm)) return dm;
  }
  // Wilson–Hilferty, good unless a is small and p is in the lower tail.
  const c = 1 / (9 * a);
  const wh = a * (1 - c + z * Math.sqrt(c)) ** 3;
  if (p < 0.5 ? wh <= 0 || smallX < 0.5 * a : smallX < 0.05 * a) return smallX;
  return wh > 0 ? wh : a;
}

/** A rough normal quantile, only for starting values when the caller has no exact one. */
function qnormRough(p: number): number {
  // Bisection-free rational approximation (Abramowitz & Stegun 26.2.23), error < 4.5e-4.
  const q = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  const z =
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t ** 3);
  return p < 0.5 ? -z : z;
}
