/**
 * R's `mean()` and `sum()` for doubles, emulated exactly as they run on x86-64 Linux, for tests only.
 *
 * R (src/main/summary.c) accumulates in `long double`, the x87 80-bit format: a 64-bit significand,
 * every operation rounded to nearest, ties to even. `sum(x)` is s = 0; s += x_i; (double) s. `mean(x)`
 * is s = Σx_i; s /= n; t = Σ(x_i − s); s += t/n; (double) s, all in long double. Here every long-double
 * value is held exactly as m·2^e with BigInt m, and each operation is carried out exactly and then
 * rounded to 64 significant bits, so the result is the one R computes bit for bit (not an
 * approximation of it). Exponent range limits of the 80-bit format are not modelled (they are far
 * beyond any data here).
 */

interface LongDouble {
  /** Signed significand, |m| < 2^64 after rounding. */
  m: bigint;
  e: number;
}

const LONG_DOUBLE_BITS = 64;
const DOUBLE_BITS = 53;
const ZERO: LongDouble = { m: 0n, e: 0 };

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** Rounds m·2^e to `bits` significant bits, ties to even; `sticky` says nonzero bits were cut below m already. */
function round(m: bigint, e: number, bits: number, sticky = false): LongDouble {
  if (m === 0n) return ZERO;
  const negative = m < 0n;
  let abs = negative ? -m : m;
  const excess = bitLength(abs) - bits;
  if (excess <= 0) return { m, e };
  const shift = BigInt(excess);
  const remainder = abs & ((1n << shift) - 1n);
  const half = 1n << (shift - 1n);
  abs >>= shift;
  if (remainder > half || (remainder === half && (sticky || (abs & 1n) === 1n))) abs += 1n;
  return { m: negative ? -abs : abs, e: e + excess };
}

/** A double as an exact m·2^e (finite doubles only). */
function fromDouble(x: number): LongDouble {
  if (!Number.isFinite(x)) throw new Error(`not finite: ${x}`);
  if (x === 0) return ZERO;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let m = bits & ((1n << 52n) - 1n);
  if (biased !== 0) m |= 1n << 52n;
  const e = (biased === 0 ? 1 : biased) - 1075;
  return { m: bits >> 63n ? -m : m, e };
}

function add(a: LongDouble, b: LongDouble): LongDouble {
  if (a.m === 0n) return round(b.m, b.e, LONG_DOUBLE_BITS);
  if (b.m === 0n) return round(a.m, a.e, LONG_DOUBLE_BITS);
  const e = Math.min(a.e, b.e);
  const m = (a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e));
  return round(m, e, LONG_DOUBLE_BITS);
}

function negate(a: LongDouble): LongDouble {
  return { m: -a.m, e: a.e };
}

/** a / n for a positive whole n, rounded once to the long-double significand. */
function divide(a: LongDouble, n: number): LongDouble {
  if (a.m === 0n) return ZERO;
  const d = BigInt(n);
  const k = LONG_DOUBLE_BITS + 8 + bitLength(d);
  const numerator = a.m << BigInt(k);
  const q = numerator / d;
  const sticky = numerator % d !== 0n;
  return round(q, a.e - k, LONG_DOUBLE_BITS, sticky);
}

/** (double) s: round to 53 significant bits, ties to even (normal range only). */
function toDouble(a: LongDouble): number {
  const r = round(a.m, a.e, DOUBLE_BITS);
  return Number(r.m) * 2 ** r.e;
}

/** R's sum(x) for finite doubles, bit for bit as on x86-64. */
export function rSumLongDouble(values: readonly number[]): number {
  let s = ZERO;
  for (const x of values) s = add(s, fromDouble(x));
  return toDouble(s);
}

/** R's mean(x) for finite doubles, bit for bit as on x86-64. */
export function rMeanLongDouble(values: readonly number[]): number {
  const n = values.length;
  let s = ZERO;
  for (const x of values) s = add(s, fromDouble(x));
  s = divide(s, n);
  let t = ZERO;
  for (const x of values) t = add(t, add(fromDouble(x), negate(s)));
  s = add(s, divide(t, n));
  return toDouble(s);
}
