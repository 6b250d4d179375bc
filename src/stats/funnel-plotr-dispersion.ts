/**
 * FunnelPlotR 0.6.0's over-dispersion estimate: trim the z-scores (SHMI truncation or winsorisation),
 * then φ = mean of the squared kept z-scores and the Spiegelhalter (2005) additive random-effects
 * variance τ² = (nφ − (n − 1)) / (Σw − Σw²/Σw), w = 1/s², over the kept units.
 */
import { accurateSum, rankAverage } from './funnel-r-semantics.ts';

export interface TrimmedZ {
  /** The z-score used for φ, or null when the unit was truncated away (SHMI). */
  wz: number | null;
  /** Winsorised (PR) or truncated (SHMI): the reference's `winsorised` / `truncated` column as a boolean. */
  trimmed: boolean;
  /** SHMI only: the average rank and the band `sp` it fell into. */
  rank: number | null;
  band: number | null;
}

/**
 * SHMI truncation: rank the z-scores (ties share the average rank), band them with
 * sp = ⌊rank·k/(N + 1)⌋ where k = 1/trim, and keep only bands strictly between 0 and k − 1, i.e.
 * drop trim × 100% at each end.
 */
export function truncateZ(z: readonly number[], trim: number): TrimmedZ[] {
  const k = 1 / trim;
  const ranks = rankAverage(z);
  return z.map((value, i) => {
    const rank = ranks[i]!;
    const band = Math.floor((rank * k) / (z.length + 1));
    const kept = band > 0 && band < k - 1;
    return { wz: kept ? value : null, trimmed: !kept, rank, band };
  });
}

/**
 * Winsorisation: clamp to the type-7 quantiles at trim and 1 − trim. A unit counts as winsorised
 * unless it lies strictly inside them (so the units at the quantiles themselves are flagged too).
 */
export function winsoriseZ(z: readonly number[], trim: number): TrimmedZ[] {
  // One numeric sort serves both quantiles (the z-scores are never NaN).
  const sorted = Float64Array.from(z).sort();
  const lz = sortedQuantileType7(sorted, trim);
  const uz = sortedQuantileType7(sorted, 1 - trim);
  const out = new Array<TrimmedZ>(z.length);
  for (let i = 0; i < z.length; i++) {
    const value = z[i]!;
    out[i] = {
      wz: Math.min(Math.max(value, lz), uz),
      trimmed: !(value > lz && value < uz),
      rank: null,
      band: null,
    };
  }
  return out;
}

/** quantileType7 (funnel-r-semantics.ts) on values already sorted ascending: the same arithmetic. */
function sortedQuantileType7(sorted: Float64Array, p: number): number {
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

export interface Dispersion {
  /** Number of z-scores kept for φ. */
  n: number;
  /** NaN when nothing was kept (0/0 in R too). */
  phi: number;
  tau2: number;
}

/**
 * φ and τ² from the kept z-scores and the matching standard errors s. τ² is 0 when nφ < n − 1, and
 * R's `max(0, …)` keeps NaN (one unit with z = 0) and +Inf (one unit, z ≠ 0: Σw − Σw²/Σw = 0).
 */
export function dispersion(trimmed: readonly TrimmedZ[], s: readonly number[]): Dispersion {
  // Squared z-scores and weights of the kept units, summed as R's long-double sum would.
  const z2: number[] = [];
  const w: number[] = [];
  const w2: number[] = [];
  for (let i = 0; i < trimmed.length; i++) {
    const wz = trimmed[i]!.wz;
    if (wz === null) continue;
    const si = s[i]!;
    const wi = 1 / (si * si);
    z2.push(wz * wz);
    w.push(wi);
    w2.push(wi * wi);
  }
  const n = z2.length;
  const phi = (1 / n) * accurateSum(z2);
  if (n === 0 || n * phi < n - 1) return { n, phi, tau2: 0 };
  const sumW = accurateSum(w);
  const sumW2 = accurateSum(w2);
  const tau2 = rMax0((n * phi - (n - 1)) / (sumW - sumW2 / sumW));
  return { n, phi, tau2 };
}

/** R's max(0, x): NaN stays NaN. */
function rMax0(x: number): number {
  return Number.isNaN(x) ? x : Math.max(0, x);
}
