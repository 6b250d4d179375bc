/**
 * Just enough dense linear algebra for a logistic regression with a dozen coefficients: a Cholesky
 * factorisation that marks aliased (linearly dependent) columns instead of failing, and solves and
 * inverses on the columns that remain. Matrices are row-major Float64Arrays of size p × p.
 */

export interface Cholesky {
  readonly p: number;
  /** Lower triangle, row-major; rows and columns of aliased indices are zero. */
  readonly lower: Float64Array;
  /** True where the column is (numerically) a combination of earlier columns and is left out. */
  readonly aliased: readonly boolean[];
}

/**
 * Cholesky of a symmetric positive semi-definite matrix. A column whose remaining pivot is at most
 * `tolerance` × its diagonal is marked aliased (its information is already in earlier columns), as R's
 * pivoting QR leaves such a coefficient NA. Columns marked in `skip` are treated as aliased up front.
 */
export function cholesky(a: Float64Array, p: number, tolerance = 1e-10, skip?: readonly boolean[]): Cholesky {
  const l = new Float64Array(p * p);
  const aliased: boolean[] = Array.from({ length: p }, (_, j) => skip?.[j] ?? false);
  for (let j = 0; j < p; j++) {
    if (aliased[j]) continue;
    let d = a[j * p + j]!;
    for (let k = 0; k < j; k++) d -= l[j * p + k]! ** 2;
    const diagonal = a[j * p + j]!;
    if (!(diagonal > 0) || !(d > tolerance * diagonal)) {
      aliased[j] = true;
      continue;
    }
    const root = Math.sqrt(d);
    l[j * p + j] = root;
    for (let i = j + 1; i < p; i++) {
      if (aliased[i]) continue;
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
      l[i * p + j] = s / root;
    }
  }
  return { p, lower: l, aliased };
}

/** Solves A x = b using its Cholesky factor; aliased entries of x are 0. */
export function choleskySolve(factor: Cholesky, b: Float64Array): Float64Array {
  const { p, lower: l, aliased } = factor;
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    if (aliased[i]) continue;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * y[k]!;
    y[i] = s / l[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    if (aliased[i]) continue;
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * x[k]!;
    x[i] = s / l[i * p + i]!;
  }
  return x;
}

/** The inverse of A on its non-aliased rows and columns (zero elsewhere). */
export function choleskyInverse(factor: Cholesky): Float64Array {
  const { p } = factor;
  const inverse = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    if (factor.aliased[j]) continue;
    const e = new Float64Array(p);
    e[j] = 1;
    const column = choleskySolve(factor, e);
    for (let i = 0; i < p; i++) inverse[i * p + j] = column[i]!;
  }
  return inverse;
}
