/**
 * Binomial regression with the logit link, fitted by iteratively reweighted least squares, which for
 * this (canonical) link is exactly Newton–Raphson on the log-likelihood.
 *
 * - Start as R's glm does: μ = (y + ½)/(n + 1), one weighted least-squares step on the working response.
 * - Then Newton steps β ← β + (XᵀWX)⁻¹ Xᵀ(y − nμ), W = n μ(1 − μ). A step that does not lower the
 *   deviance (or makes it infinite) is halved, up to 30 times.
 * - Converged when |D − D_previous| / (|D| + 0.1) < tolerance (default 1e-8): R's glm.control rule,
 *   so results can be checked against `glm(cbind(y, n - y) ~ ..., binomial)`.
 * - Columns that are linear combinations of earlier ones are "aliased": left out, coefficient null.
 * - Separation (a covariate pattern with all or no events) sends a coefficient towards ±∞. The fit
 *   does not fail: μ is computed as 1/(1 + e^−η) and 1 − μ as 1/(1 + e^η) so neither rounds to an
 *   exact 0 that would make the deviance infinite; step halving keeps it finite; the result reports
 *   `boundary` (some fitted probability within 1e-10 of 0 or 1) and whether it converged.
 */
import { cholesky, choleskyInverse, choleskySolve } from './small-matrix.ts';

/** A design matrix: `rows` × `columns`, row-major. */
export interface DesignMatrix {
  readonly values: Float64Array;
  readonly rows: number;
  readonly columns: number;
}

export interface LogisticData {
  readonly design: DesignMatrix;
  /** Events per row (may be fractional); 0 ≤ events ≤ trials. */
  readonly events: Float64Array;
  /** Trials per row (the binomial denominator, which is also the row's weight); > 0. */
  readonly trials: Float64Array;
}

export interface IrlsOptions {
  /** Relative change in deviance that counts as converged (default 1e-8, as R). */
  readonly tolerance?: number;
  /** Default 50 (R's default is 25; extra room costs nothing when the fit is well behaved). */
  readonly maxIterations?: number;
}

export interface LogisticFit {
  /** Per column; null for an aliased column. */
  readonly coefficients: (number | null)[];
  /** (XᵀWX)⁻¹ at the estimate, columns × columns, row-major; zero rows/columns for aliased columns. */
  readonly covariance: Float64Array;
  readonly aliased: readonly boolean[];
  /** Fitted probability per row. */
  readonly fitted: Float64Array;
  readonly deviance: number;
  /** Deviance of the intercept-only model (one common probability). */
  readonly nullDeviance: number;
  /** Σ (y − nμ)² / (nμ(1 − μ)): divided by the residual degrees of freedom it estimates over-dispersion. */
  readonly pearsonChiSquare: number;
  /** Rows minus non-aliased columns. */
  readonly residualDf: number;
  /** Counting the starting least-squares step, as R does. */
  readonly iterations: number;
  readonly converged: boolean;
  /** Some fitted probability is numerically 0 or 1 (separation). */
  readonly boundary: boolean;
}

const BOUNDARY = 1e-10;
const MAX_HALVINGS = 30;

function probability(eta: number): number {
  return 1 / (1 + Math.exp(-eta));
}

function complement(eta: number): number {
  return 1 / (1 + Math.exp(eta));
}

/** x·log(x/m) with 0·log(0) = 0. */
function xlogx(x: number, m: number): number {
  return x === 0 ? 0 : x * Math.log(x / m);
}

function linearPredictor(design: DesignMatrix, beta: Float64Array): Float64Array {
  const { values, rows, columns } = design;
  const eta = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < columns; j++) s += values[i * columns + j]! * beta[j]!;
    eta[i] = s;
  }
  return eta;
}

function devianceAt(data: LogisticData, eta: Float64Array): number {
  let d = 0;
  for (let i = 0; i < eta.length; i++) {
    const n = data.trials[i]!;
    const y = data.events[i]!;
    d += xlogx(y, n * probability(eta[i]!)) + xlogx(n - y, n * complement(eta[i]!));
  }
  return 2 * d;
}

/** XᵀWX and Xᵀ(W·z) for weights w and working values z. */
function weightedCrossProducts(
  design: DesignMatrix,
  w: Float64Array,
  z: Float64Array,
): { xtwx: Float64Array; xtwz: Float64Array } {
  const { values, rows, columns: p } = design;
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  for (let i = 0; i < rows; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const base = i * p;
    for (let j = 0; j < p; j++) {
      const xj = values[base + j]! * wi;
      xtwz[j] = xtwz[j]! + xj * z[i]!;
      for (let k = 0; k <= j; k++) xtwx[j * p + k] = xtwx[j * p + k]! + xj * values[base + k]!;
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) xtwx[k * p + j] = xtwx[j * p + k]!;
  return { xtwx, xtwz };
}

function validate(data: LogisticData): void {
  const { design, events, trials } = data;
  if (design.values.length !== design.rows * design.columns) throw new RangeError('design size mismatch');
  if (events.length !== design.rows || trials.length !== design.rows) {
    throw new RangeError('events and trials need one value per design row');
  }
  if (design.rows === 0) throw new RangeError('no rows to fit');
  for (let i = 0; i < design.rows; i++) {
    const n = trials[i]!;
    const y = events[i]!;
    if (!(Number.isFinite(n) && n > 0)) throw new RangeError(`row ${i}: trials must be above 0`);
    if (!(Number.isFinite(y) && y >= 0 && y <= n))
      throw new RangeError(`row ${i}: events must be 0 to trials`);
  }
  if (!design.values.every(Number.isFinite)) throw new RangeError('design values must be finite');
}

/**
 * Fits the model. Throws RangeError for invalid data, or when every row has no events or every row has
 * only events (no finite intercept exists; the caller should report that rather than fit).
 * Kept as one function: the IRLS loop of the reference algorithm, kept whole so it reads against its source.
 */
export function fitLogistic(data: LogisticData, options: IrlsOptions = {}): LogisticFit {
  validate(data);
  const tolerance = options.tolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 50;
  const { design, events, trials } = data;
  const { rows, columns: p } = design;

  let totalEvents = 0;
  let totalTrials = 0;
  for (let i = 0; i < rows; i++) {
    totalEvents += events[i]!;
    totalTrials += trials[i]!;
  }
  if (totalEvents === 0 || totalEvents === totalTrials) {
    throw new RangeError(totalEvents === 0 ? 'no events: nothing to model' : 'every trial is an event');
  }
  const pooled = totalEvents / totalTrials;
  const nullEta = new Float64Array(rows).fill(Math.log(pooled / (1 - pooled)));
  const nullDeviance = devianceAt(data, nullEta);

  // Starting step (R's mustart): working response from μ = (y + ½)/(n + 1).
  const w = new Float64Array(rows);
  const z = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const mu = (events[i]! + 0.5) / (trials[i]! + 1);
    w[i] = trials[i]! * mu * (1 - mu);
    z[i] = Math.log(mu / (1 - mu)) + (events[i]! / trials[i]! - mu) / (mu * (1 - mu));
  }
  const start = weightedCrossProducts(design, w, z);
  // Aliasing is decided once, on the first cross-product, so later near-zero weights under
  // separation cannot make a good column look redundant.
  const first = cholesky(start.xtwx, p);
  const aliased = first.aliased;
  let beta = choleskySolve(first, start.xtwz);
  let eta = linearPredictor(design, beta);
  let deviance = devianceAt(data, eta);
  let iterations = 1;
  let converged = false;

  while (iterations < maxIterations) {
    iterations++;
    for (let i = 0; i < rows; i++) {
      const mu = probability(eta[i]!);
      const weight = trials[i]! * mu * complement(eta[i]!);
      w[i] = weight;
      // Newton step as weighted least squares on the score: z = (y − nμ)/W, so XᵀWz = Xᵀ(y − nμ).
      z[i] = weight > 0 ? (events[i]! - trials[i]! * mu) / weight : 0;
    }
    const { xtwx, xtwz } = weightedCrossProducts(design, w, z);
    const factor = cholesky(xtwx, p, 1e-14, aliased);
    // A column newly "aliased" here means its weights vanished (separation): no step for it.
    const step = choleskySolve(factor, xtwz);
    let trial = beta.map((b, j) => b + step[j]!);
    let trialEta = linearPredictor(design, trial);
    let trialDeviance = devianceAt(data, trialEta);
    let halvings = 0;
    while (!(trialDeviance <= deviance) && halvings < MAX_HALVINGS) {
      halvings++;
      trial = trial.map((t, j) => (t + beta[j]!) / 2);
      trialEta = linearPredictor(design, trial);
      trialDeviance = devianceAt(data, trialEta);
    }
    if (!(trialDeviance <= deviance)) {
      // No step lowers the deviance: we are at the optimum to machine precision.
      converged = true;
      break;
    }
    const change = Math.abs(trialDeviance - deviance) / (Math.abs(trialDeviance) + 0.1);
    beta = trial;
    eta = trialEta;
    deviance = trialDeviance;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }

  const fitted = new Float64Array(rows);
  let pearson = 0;
  let boundary = false;
  for (let i = 0; i < rows; i++) {
    const mu = probability(eta[i]!);
    const q = complement(eta[i]!);
    fitted[i] = mu;
    w[i] = trials[i]! * mu * q;
    z[i] = 0;
    if (mu < BOUNDARY || q < BOUNDARY) boundary = true;
    const residual = events[i]! - trials[i]! * mu;
    if (w[i]! > 0) pearson += (residual * residual) / w[i]!;
  }
  const { xtwx } = weightedCrossProducts(design, w, z);
  const covariance = choleskyInverse(cholesky(xtwx, p, 1e-14, aliased));
  const kept = aliased.filter((a) => !a).length;
  return {
    coefficients: Array.from(beta, (b, j) => (aliased[j] ? null : b)),
    covariance,
    aliased,
    fitted,
    deviance,
    nullDeviance,
    pearsonChiSquare: pearson,
    residualDf: rows - kept,
    iterations,
    converged,
    boundary,
  };
}
