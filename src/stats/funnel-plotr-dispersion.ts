/**
 * FunnelPlotR 0.6.0's over-dispersion estimate: trim the z-scores (SHMI truncation or winsorisation),
 * then φ = mean of the squared kept z-scores and the Spiegelhalter (2005) additive random-effects
 * variance τ² = (nφ − (n − 1)) / (Σw − Σw²/Σw), w = 1/s², over the kept units.
 */
import { accurateSum, quantileType7, rankAverage } from './funnel-r-semantics.ts';

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
  const lz = quantileType7(z, trim);
  const uz = quantileType7(z, 1 - trim);
  return z.map((value) => ({
    wz: Math.min(Math.max(value, lz), uz),
    trimmed: !(value > lz && value < uz),
    rank: null,
    band: null,
  }));
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
  const keptZ: number[] = [];
  const keptS: number[] = [];
  trimmed.forEach((t, i) => {
    if (t.wz !== null) {
      keptZ.push(t.wz);
      keptS.push(s[i]!);
    }
  });
  const n = keptZ.length;
  const phi = (1 / n) * accurateSum(keptZ.map((z) => z * z));
  if (keptS.length === 0 || n * phi < n - 1) return { n, phi, tau2: 0 };
  const w = keptS.map((si) => 1 / (si * si));
  const sumW = accurateSum(w);
  const sumW2 = accurateSum(w.map((wi) => wi * wi));
  const tau2 = rMax0((n * phi - (n - 1)) / (sumW - sumW2 / sumW));
  return { n, phi, tau2 };
}

/** R's max(0, x): NaN stays NaN. */
function rMax0(x: number): number {
  return Number.isNaN(x) ? x : Math.max(0, x);
}
