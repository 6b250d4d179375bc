/**
 * Small pieces of R's own arithmetic that the funnel references depend on at the last digit: `round`,
 * `nchar(as.character(x))` for whole numbers, `quantile(type = 7)`, `rank(ties.method = "average")`,
 * `seq(from, to, length.out)` and `sum` (which R accumulates in extended precision).
 */

/**
 * R's `round(x, digits)` (R >= 4.0.0, src/nmath/fround.c). With digits = 0 it is IEEE round-half-to-even.
 * Otherwise it takes the two decimal candidates either side of x (floor and ceiling of x·10^d, divided
 * back) and returns whichever is nearer to x *as stored*, the distances themselves computed in doubles;
 * a tie between those distances goes to the candidate whose last digit is even. So round(0.15, 1) = 0.1
 * (0.15 is stored as 0.1499…), round(0.125, 2) = 0.12, and round(5.015, 2) = 5.02 (both distances
 * come out as the same double).
 */
export function rRound(x: number, digits = 0): number {
  if (Number.isNaN(x) || !Number.isFinite(x) || x === 0) return x;
  const dig = Math.floor(digits + 0.5);
  if (dig === 0) return roundHalfEven(x);
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  // Asking for more digits than a double carries: nothing to round (R's guard, with logb(x) the binary exponent).
  if (dig > 0 && (Math.floor(Math.log2(ax)) + 0.5) * Math.LOG10E * Math.LN2 + dig > 15) return x;
  const pow10 = 10 ** dig;
  const x10 = pow10 * ax;
  const i10 = Math.floor(x10);
  const down = i10 / pow10;
  const up = Math.ceil(x10) / pow10;
  const du = up - ax;
  const dd = ax - down;
  const pickUp = du < dd || (du === dd && i10 % 2 === 1);
  return sign * (pickUp ? up : down);
}

/** Round half to even, as R's `round(x)` and C's `nearbyint` in the default rounding mode. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round sends halves up; a half whose upward neighbour is odd must go down instead.
  if (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/**
 * `nchar(as.character(v))` for a non-negative whole number v, as R prints it: 15 significant digits,
 * and scientific notation ("1e+05") whenever that is strictly shorter than fixed notation.
 */
export function rWholeNumberWidth(v: number): number {
  return rWholeNumberText(v).length;
}

/** The text R's `as.character` gives a non-negative whole number (see rWholeNumberWidth). */
export function rWholeNumberText(v: number): string {
  if (v === 0) return '0';
  // 15 significant digits, then drop trailing zeros of the mantissa, as R's formatReal does.
  const [mantissaText, exponentText] = v.toExponential(14).split('e') as [string, string];
  const exponent = Number(exponentText);
  const digits = mantissaText.replace('.', '').replace(/0+$/, '');
  const sigDigits = digits.length;
  const fixedWidth = exponent + 1 >= sigDigits ? exponent + 1 : sigDigits + 1;
  const expDigits = Math.abs(exponent) >= 100 ? 3 : 2;
  const sciWidth = sigDigits + (sigDigits > 1 ? 1 : 0) + 2 + expDigits;
  if (sciWidth < fixedWidth) {
    const mantissa = sigDigits > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent + 1 >= sigDigits) return digits + '0'.repeat(exponent + 1 - sigDigits);
  return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/**
 * R's `quantile(x, p, type = 7)` for one probability: h = (n − 1)p + 1, then linear interpolation
 * between order statistics ⌊h⌋ and ⌊h⌋ + 1. Like R, it does not interpolate when the two order
 * statistics are equal, so a run of −Inf values gives −Inf rather than NaN.
 */
export function quantileType7(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const index = 1 + Math.max(n - 1, 0) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qlo = sorted[lo - 1]!;
  const qhi = sorted[hi - 1]!;
  if (index > lo && qhi !== qlo) {
    const h = index - lo;
    return (1 - h) * qlo + h * qhi;
  }
  return qlo;
}

/** R's `rank(x, ties.method = "average")`: 1-based ranks, tied values share the mean of their ranks. */
export function rankAverage(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const average = (start + end + 2) / 2;
    for (let k = start; k <= end; k++) ranks[order[k]!] = average;
    start = end + 1;
  }
  return ranks;
}

/** R's `seq(from, to, length.out = n)`: from, from + i·by for i = 1..n−2, then exactly `to`. */
export function rSeqLength(from: number, to: number, lengthOut: number): number[] {
  if (lengthOut <= 0) return [];
  if (lengthOut === 1) return [from];
  if (lengthOut === 2) return [from, to];
  if (from === to) return new Array<number>(lengthOut).fill(from);
  const n1 = lengthOut - 1;
  const by = (to - from) / n1;
  const out = [from];
  for (let i = 1; i < n1; i++) out.push(from + i * by);
  out.push(to);
  return out;
}

/**
 * A sum accurate to about twice double precision (Neumaier), rounded once at the end. R's `sum`
 * accumulates in 80-bit extended precision; this lands on the same double in all but freak cases,
 * whereas a plain left-to-right double sum drifts with the order of the rows.
 */
export function accurateSum(values: Iterable<number>): number {
  let sum = 0;
  let compensation = 0;
  for (const v of values) {
    const t = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) compensation += sum - t + v;
    else compensation += v - t + sum;
    sum = t;
  }
  const total = sum + compensation;
  // Infinite or NaN inputs make the compensation NaN; the plain sum then carries R's answer.
  return Number.isFinite(total) ? total : sum;
}
