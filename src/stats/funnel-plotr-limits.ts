/**
 * FunnelPlotR 0.6.0's funnel limits and its lookup grid. Each grid row carries two sets: "od" with the
 * random-effects τ² and "plain" with τ² = 0 (for SR the plain set is exact Poisson instead).
 * The z constants are the reference's hard-coded ones, not qnorm: qnorm(0.975) = 1.959963985, and
 * the difference shows at 1e-9.
 */
import { qchisq } from './distributions.ts';
import { rSeqLength } from './funnel-r-semantics.ts';
import type { FunnelLimits } from './funnel-types.ts';

export const PLOTR_Z95 = 1.959964;
export const PLOTR_Z998 = 3.090232;

/** PR: proportions on the arcsine scale. SR: standardised ratios (observed/expected), SHMI log scale. */
export type PlotrDataType = 'PR' | 'SR';

/** Limits that are never null (the grid always has them). */
export interface FunnelLimitValues extends FunnelLimits {
  lower95: number;
  upper95: number;
  lower99_8: number;
  upper99_8: number;
}

export interface PlotrGridRow {
  /** The denominator (PR) or expected count (SR). */
  x: number;
  /** The standard error at x: 1/(2√x) for PR, √(1/x) for SR. */
  s: number;
  /** With τ² (the reference's odll95, odul95, odll998, odul998). */
  adjusted: FunnelLimitValues;
  /** τ² = 0 for PR; exact Poisson for SR (ll95, ul95, ll998, ul998). */
  unadjusted: FunnelLimitValues;
}

export interface PlotrLimitParams {
  dataType: PlotrDataType;
  /** Unmultiplied: the proportion for PR, 1 for SR. */
  target: number;
  tau2: number;
  multiplier: number;
}

/** PR limits at x before clamping: sin²(asin(√target) ∓ z·√(s² + τ²)) × multiplier. */
function prRaw(x: number, p: PlotrLimitParams, tau2: number): FunnelLimitValues {
  return prRawAt(1 / (2 * Math.sqrt(x)), Math.asin(Math.sqrt(p.target)), p.multiplier, tau2);
}

/** prRaw with s and the centre asin(√target) already worked out (the grid computes them once). */
function prRawAt(s: number, centre: number, multiplier: number, tau2: number): FunnelLimitValues {
  const spread = Math.sqrt(s * s + tau2);
  return {
    lower95: clampedSin2(centre - PLOTR_Z95 * spread, multiplier),
    upper95: clampedSin2(centre + PLOTR_Z95 * spread, multiplier),
    lower99_8: clampedSin2(centre - PLOTR_Z998 * spread, multiplier),
    upper99_8: clampedSin2(centre + PLOTR_Z998 * spread, multiplier),
  };
}

/** min(multiplier, max(0, multiplier·sin²(v))). */
function clampedSin2(v: number, multiplier: number): number {
  const sv = Math.sin(v);
  return Math.min(multiplier, Math.max(0, multiplier * (sv * sv)));
}

/** SHMI limits with τ²: exp(∓z·√(1/x + τ²)) × multiplier. */
function srAdjusted(x: number, p: PlotrLimitParams): FunnelLimitValues {
  const spread = Math.sqrt(1 / x + p.tau2);
  return {
    lower95: p.multiplier * Math.exp(-PLOTR_Z95 * spread),
    upper95: p.multiplier * Math.exp(PLOTR_Z95 * spread),
    lower99_8: p.multiplier * Math.exp(-PLOTR_Z998 * spread),
    upper99_8: p.multiplier * Math.exp(PLOTR_Z998 * spread),
  };
}

/** SR without over-dispersion: exact Poisson limits with the expected count x as the count. */
function srExact(x: number, p: PlotrLimitParams): FunnelLimitValues {
  const mt = p.multiplier * p.target;
  return {
    lower95: (mt * (qchisq(0.025, 2 * x) / 2)) / x,
    upper95: (mt * (qchisq(0.975, 2 * x + 2) / 2)) / x,
    lower99_8: (mt * (qchisq(0.001, 2 * x) / 2)) / x,
    upper99_8: (mt * (qchisq(0.999, 2 * x + 2) / 2)) / x,
  };
}

/**
 * An SR grid row whose exact Poisson limits are worked out when first read. They cost four chi-square
 * quantiles a row (~10 µs; a grid of 7,000 rows ~60–130 ms), and most fits never read most of them:
 * the flags take the over-dispersed set whenever φ > 1, a chart draws ~160 rows, and a release stores
 * the flags alone. Read or not, they are the same function of the same x, so the same bits.
 */
class SrGridRow implements PlotrGridRow {
  readonly x: number;
  readonly s: number;
  readonly adjusted: FunnelLimitValues;
  readonly #params: PlotrLimitParams;
  #unadjusted: FunnelLimitValues | undefined;
  constructor(x: number, p: PlotrLimitParams) {
    this.x = x;
    this.s = Math.sqrt(1 / x);
    this.adjusted = srAdjusted(x, p);
    this.#params = p;
  }
  get unadjusted(): FunnelLimitValues {
    this.#unadjusted ??= srExact(this.x, this.#params);
    return this.#unadjusted;
  }
  /** As a plain row (JSON, a copy): the limits read, as the eager rows always carried them. */
  toJSON(): PlotrGridRow {
    return { x: this.x, s: this.s, adjusted: this.adjusted, unadjusted: this.unadjusted };
  }
}

function rawRow(x: number, p: PlotrLimitParams): PlotrGridRow {
  if (p.dataType === 'PR') {
    return { x, s: 1 / (2 * Math.sqrt(x)), adjusted: prRaw(x, p, p.tau2), unadjusted: prRaw(x, p, 0) };
  }
  return { x, s: Math.sqrt(1 / x), adjusted: srAdjusted(x, p), unadjusted: srExact(x, p) };
}

/**
 * The PR limits come from sin², which folds back once the arcsine band passes 0 or π/2, so at small x
 * a lower limit can rise again as x falls. The reference repairs this with one vectorised pass over the
 * sorted grid, comparing each row with the next row's *unrepaired* value: a lower limit above the next
 * one becomes 0, an upper limit below the next one becomes the multiplier. Walking up the rows and
 * repairing row i only after reading row i + 1's value keeps every comparison on unrepaired values.
 */
function repairMonotonicity(rows: PlotrGridRow[], multiplier: number): void {
  for (let i = 0; i < rows.length - 1; i++) {
    repairAgainstNext(rows[i]!.adjusted, rows[i + 1]!.adjusted, multiplier);
    repairAgainstNext(rows[i]!.unadjusted, rows[i + 1]!.unadjusted, multiplier);
  }
}

function repairAgainstNext(set: FunnelLimitValues, next: FunnelLimitValues, multiplier: number): void {
  if (set.lower95 > next.lower95) set.lower95 = 0;
  if (set.upper95 < next.upper95) set.upper95 = multiplier;
  if (set.lower99_8 > next.lower99_8) set.lower99_8 = 0;
  if (set.upper99_8 < next.upper99_8) set.upper99_8 = multiplier;
}

/**
 * The grid's x values: seq(from, ceiling(max denominator), length.out = 1000) joined with the
 * denominators, sorted ascending and de-duplicated (R's sort(unique(c(...)))).
 */
function gridXs(denominators: readonly number[], from: number): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const d of denominators) if (d > max) max = d;
  const seq = rSeqLength(from, Math.ceil(max), 1000);
  const all = new Float64Array(seq.length + denominators.length);
  all.set(seq);
  for (let i = 0; i < denominators.length; i++) all[seq.length + i] = denominators[i]!;
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (n === 0 || all[i] !== all[n - 1]) all[n++] = all[i]!;
  return all.subarray(0, n);
}

/**
 * The lookup grid: seq(1.1 for SR or 3 for PR, ceiling(max denominator), length.out = 1000) joined
 * with the units' own denominators, sorted and de-duplicated; both limit sets on every row.
 */
export function buildLimitsGrid(denominators: readonly number[], p: PlotrLimitParams): PlotrGridRow[] {
  const xs = gridXs(denominators, p.dataType === 'SR' ? 1.1 : 3);
  const rows = new Array<PlotrGridRow>(xs.length);
  if (p.dataType === 'PR') {
    const centre = Math.asin(Math.sqrt(p.target));
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const s = 1 / (2 * Math.sqrt(x));
      rows[i] = {
        x,
        s,
        adjusted: prRawAt(s, centre, p.multiplier, p.tau2),
        unadjusted: prRawAt(s, centre, p.multiplier, 0),
      };
    }
    repairMonotonicity(rows, p.multiplier);
  } else {
    for (let i = 0; i < xs.length; i++) rows[i] = new SrGridRow(xs[i]!, p);
  }
  return rows;
}

/**
 * Limits at any denominator. On a grid point these are the grid's own (repaired) values. Elsewhere
 * the PR repair is applied to the point itself: the lower limit is 0 once asin(√target) − z·σ falls
 * to 0 or below, and the upper limit is the multiplier once asin(√target) + z·σ reaches π/2, which is
 * what the grid pass approximates at its resolution.
 */
export function limitsAtDenominator(
  x: number,
  p: PlotrLimitParams,
  grid?: readonly PlotrGridRow[],
): PlotrGridRow {
  if (grid) {
    const hit = findGridRow(grid, x);
    if (hit) return hit;
  }
  const row = rawRow(x, p);
  if (p.dataType === 'PR') {
    const centre = Math.asin(Math.sqrt(p.target));
    const s = 1 / (2 * Math.sqrt(x));
    for (const [set, tau2] of [
      ['adjusted', p.tau2],
      ['unadjusted', 0],
    ] as const) {
      const spread = Math.sqrt(s * s + tau2);
      const limits = row[set];
      if (centre - PLOTR_Z95 * spread <= 0) limits.lower95 = 0;
      if (centre - PLOTR_Z998 * spread <= 0) limits.lower99_8 = 0;
      if (centre + PLOTR_Z95 * spread >= Math.PI / 2) limits.upper95 = p.multiplier;
      if (centre + PLOTR_Z998 * spread >= Math.PI / 2) limits.upper99_8 = p.multiplier;
    }
  }
  return row;
}

/** Binary search of the sorted grid for an exact x. */
export function findGridRow(grid: readonly PlotrGridRow[], x: number): PlotrGridRow | undefined {
  let lo = 0;
  let hi = grid.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = grid[mid]!.x;
    if (v === x) return grid[mid];
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
