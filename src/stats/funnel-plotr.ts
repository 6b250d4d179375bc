/**
 * FunnelPlotR 0.6.0 `funnel_plot` without the picture: PR (proportions, arcsine scale) and SR
 * (standardised ratios, `sr_method = "SHMI"`, log scale) with Spiegelhalter additive random-effects
 * over-dispersion. RC and SR "CQC" are deliberately not offered (spec: inconsistent scales).
 *
 * Steps, as the reference: sum numerator and denominator per group (groups in byte order); round SHMI
 * expected counts to 2 decimals with R's `round`; target = 1 (SR) or Σnumerator/Σdenominator (PR, or
 * the caller's target); unadjusted z-scores; trim (SHMI truncation / winsorisation); φ and τ²; the
 * draw_adjusted / draw_unadjusted rules; the limits grid; each unit's limits are the grid row at its
 * denominator; the flag uses the adjusted set when it is drawn, else the unadjusted set.
 */
import { StatsInputError } from './errors.ts';
import { dispersion, type TrimmedZ, truncateZ, winsoriseZ } from './funnel-plotr-dispersion.ts';
import {
  buildLimitsGrid,
  findGridRow,
  limitsAtDenominator,
  type PlotrDataType,
  type PlotrGridRow,
  type PlotrLimitParams,
} from './funnel-plotr-limits.ts';
import { accurateSum, rRound } from './funnel-r-semantics.ts';
import { type FunnelFlag, type FunnelLimits, flagAgainstLimits } from './funnel-types.ts';

export type { PlotrDataType, PlotrGridRow } from './funnel-plotr-limits.ts';

export interface PlotrRow {
  numerator: number | null;
  denominator: number | null;
  /** Rows with the same group are summed into one unit. Without groups every row is its own unit. */
  group?: string | null;
}

export interface PlotrOptions {
  dataType: PlotrDataType;
  /**
   * "random-effects" (default) is the reference's draw_adjusted = TRUE; "none" is draw_adjusted = FALSE,
   * which reports φ = τ² = 0 and uses τ² = 0.
   */
  overdispersion?: 'random-effects' | 'none';
  /**
   * The reference's draw_unadjusted. Default: true exactly when overdispersion is "none". Only matters
   * for the φ <= 1 fallback (which needs it false) and when both sets are off (every flag "none").
   */
  drawUnadjusted?: boolean;
  /** Fraction trimmed from each tail before φ (trim_by), default 0.1. */
  trim?: number;
  /** SR only: round summed expected counts to 2 decimals (SHMI_rounding), default true. */
  shmiRounding?: boolean;
  /** Values and limits are × multiplier (default 1). */
  multiplier?: number;
  /**
   * PR only: compare against this value instead of the pooled proportion (e.g. a national value). On
   * the value scale, i.e. already × multiplier.
   */
  target?: number;
}

export interface PlotrUnit {
  /** The group, or null when rows were not grouped. */
  group: string | null;
  /** Indices of the input rows summed into this unit. */
  rows: number[];
  numerator: number;
  /** Summed, and for SHMI with rounding rounded to 2 decimals. */
  denominator: number;
  /** numerator / denominator, not multiplied. */
  rr: number;
  /** rr × multiplier. */
  value: number;
  /** target × multiplier. */
  target: number;
  /** Transformed value (asin(√rr) for PR, log(rr) for SR) and its standard error. */
  y: number;
  s: number;
  /** The unadjusted z-score (Uzscore); −Infinity for SHMI with 0 observed. */
  z: number;
  /** The winsorised z (PR), or the z if kept by truncation else null (SHMI). */
  wz: number | null;
  trimmed: boolean;
  /** SHMI only: average rank of z and its truncation band. */
  rank: number | null;
  band: number | null;
  /** Without over-dispersion (exact Poisson for SR). */
  limits: FunnelLimits;
  /** With τ² (equal to the τ² = 0 set when τ² = 0). */
  adjustedLimits: FunnelLimits;
  flag: FunnelFlag;
}

export interface PlotrSummary {
  /** NaN from the reference (nothing kept) is reported as null. */
  phi: number | null;
  tau2: number | null;
  /** Whether the adjusted set is drawn (and flags come from it): the reference's final draw_adjusted. */
  adjusted: boolean;
  /** The reference's final draw_unadjusted. */
  unadjusted: boolean;
  /** × multiplier. */
  target: number;
  /** Number of units. */
  n: number;
  /** Number of z-scores kept for φ. */
  phiN: number;
}

export interface PlotrResult {
  /** Sorted by group (byte order) when grouped, else in input order. */
  units: PlotrUnit[];
  /** For each input row, the index of its unit in `units`, or null if the row lacked a value. */
  rowUnit: (number | null)[];
  summary: PlotrSummary;
  /** The plotting grid (the reference's limits_lookup). */
  grid: PlotrGridRow[];
  /** Both limit sets at any denominator (or expected count). */
  limitsAt(denominator: number): { limits: FunnelLimits; adjustedLimits: FunnelLimits };
}

/** Byte order of UTF-8 text, which is code point order (not JavaScript's UTF-16 order). */
function compareBytes(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return ca.done ? (cb.done ? 0 : -1) : 1;
    const d = ca.value.codePointAt(0)! - cb.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

function validate(rows: readonly PlotrRow[], options: PlotrOptions): void {
  if (options.dataType !== 'PR' && options.dataType !== 'SR') {
    throw new StatsInputError('dataType must be "PR" or "SR"', null, 'dataType');
  }
  const trim = options.trim ?? 0.1;
  // SHMI truncation with trim 0 would drop every unit (k = 1/0 = Inf), so SR needs a positive trim.
  const lowestTrimOk = options.dataType === 'SR' ? trim > 0 : trim >= 0;
  if (!(Number.isFinite(trim) && lowestTrimOk && trim < 0.5)) {
    throw new StatsInputError(
      options.dataType === 'SR' ? 'trim must be above 0 and below 0.5' : 'trim must be from 0 to below 0.5',
      null,
      'trim',
    );
  }
  const multiplier = options.multiplier ?? 1;
  if (!(Number.isFinite(multiplier) && multiplier > 0)) {
    throw new StatsInputError('multiplier must be greater than zero', null, 'multiplier');
  }
  if (options.target !== undefined) {
    if (options.dataType !== 'PR') throw new StatsInputError('target can only be set for PR', null, 'target');
    const t = options.target / multiplier;
    if (!(Number.isFinite(t) && t >= 0 && t <= 1)) {
      throw new StatsInputError('target must be a proportion between 0 and 1 × multiplier', null, 'target');
    }
  }
  for (let i = 0; i < rows.length; i++) validateRow(rows[i]!, i, options.dataType);
}

function validateRow(r: PlotrRow, i: number, dataType: PlotrDataType): void {
  if (r.numerator !== null && !Number.isFinite(r.numerator)) {
    throw new StatsInputError('numerator must be a finite number', i, 'numerator');
  }
  if (r.denominator !== null && !Number.isFinite(r.denominator)) {
    throw new StatsInputError('denominator must be a finite number', i, 'denominator');
  }
  if (r.numerator !== null && r.numerator < 0) {
    throw new StatsInputError('numerator must be greater than or equal to zero', i, 'numerator');
  }
  if (r.denominator !== null && r.denominator <= 0) {
    throw new StatsInputError('denominator must be greater than zero', i, 'denominator');
  }
  if (dataType === 'PR' && r.numerator !== null && r.denominator !== null && r.numerator > r.denominator) {
    throw new StatsInputError(
      'numerator must be less than or equal to denominator for a proportion',
      i,
      'numerator',
    );
  }
}

interface Aggregate {
  group: string | null;
  rows: number[];
  numerator: number;
  denominator: number;
}

/** Sum rows per group (R's `aggregate`, groups as sorted factor levels); rows with a missing value are left out. */
function aggregate(rows: readonly PlotrRow[]): Aggregate[] {
  const grouped = rows.some((r) => r.group !== undefined && r.group !== null);
  if (!grouped) {
    const out: Aggregate[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.numerator !== null && r.denominator !== null) {
        out.push({ group: null, rows: [i], numerator: r.numerator, denominator: r.denominator });
      }
    }
    return out;
  }
  const byGroup = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (r.numerator === null || r.denominator === null || r.group === undefined || r.group === null) return;
    const list = byGroup.get(r.group);
    if (list) list.push(i);
    else byGroup.set(r.group, [i]);
  });
  return [...byGroup.keys()].sort(compareBytes).map((group) => {
    const idx = byGroup.get(group)!;
    return {
      group,
      rows: idx,
      numerator: accurateSum(idx.map((i) => rows[i]!.numerator!)),
      denominator: accurateSum(idx.map((i) => rows[i]!.denominator!)),
    };
  });
}

const nanToNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/**
 * A unit whose limits without over-dispersion are read from its grid row when first asked: for SR the
 * row works out its exact Poisson limits only then (SrGridRow, funnel-plotr-limits.ts). A class, not an
 * object literal with a getter, which V8 builds as a slow dictionary object (the units of a
 * 6,000-practice fit took twice as long).
 */
class Unit implements PlotrUnit {
  group: string | null;
  rows: number[];
  numerator: number;
  denominator: number;
  rr: number;
  value: number;
  target: number;
  y: number;
  s: number;
  z: number;
  wz: number | null;
  trimmed: boolean;
  rank: number | null;
  band: number | null;
  adjustedLimits: FunnelLimits;
  flag: FunnelFlag;
  readonly #row: PlotrGridRow;
  #limits: FunnelLimits | undefined;

  constructor(u: Omit<PlotrUnit, 'limits'>, row: PlotrGridRow) {
    this.group = u.group;
    this.rows = u.rows;
    this.numerator = u.numerator;
    this.denominator = u.denominator;
    this.rr = u.rr;
    this.value = u.value;
    this.target = u.target;
    this.y = u.y;
    this.s = u.s;
    this.z = u.z;
    this.wz = u.wz;
    this.trimmed = u.trimmed;
    this.rank = u.rank;
    this.band = u.band;
    this.adjustedLimits = u.adjustedLimits;
    this.flag = u.flag;
    this.#row = row;
  }

  get limits(): FunnelLimits {
    this.#limits ??= limitsOrNull(this.#row.unadjusted);
    return this.#limits;
  }

  /** As a plain unit (JSON): every field, the limits read, in PlotrUnit's order. */
  toJSON(): PlotrUnit {
    const { adjustedLimits, flag, ...rest } = this;
    return { ...rest, limits: this.limits, adjustedLimits, flag };
  }
}

function limitsOrNull(l: FunnelLimits): FunnelLimits {
  return {
    lower95: l.lower95 === null ? null : nanToNull(l.lower95),
    upper95: l.upper95 === null ? null : nanToNull(l.upper95),
    lower99_8: l.lower99_8 === null ? null : nanToNull(l.lower99_8),
    upper99_8: l.upper99_8 === null ? null : nanToNull(l.upper99_8),
  };
}

/** Kept as one function: the steps of `funnel_plot` in the reference's order (see the file header), so it reads against its source. */
export function funnelPlotR(rows: readonly PlotrRow[], options: PlotrOptions): PlotrResult {
  validate(rows, options);
  const { dataType } = options;
  const multiplier = options.multiplier ?? 1;
  const trim = options.trim ?? 0.1;
  let drawAdjusted = (options.overdispersion ?? 'random-effects') === 'random-effects';
  let drawUnadjusted = options.drawUnadjusted ?? !drawAdjusted;

  const aggregates = aggregate(rows);
  if (aggregates.length === 0) {
    throw new StatsInputError('no rows with both a numerator and a denominator', null, null);
  }
  // rr is the aggregate's own ratio, taken before SHMI rounding (the reference computes it in
  // aggregate_func); the z-scores and limits then use the rounded expected counts.
  const rr = aggregates.map((a) => a.numerator / a.denominator);
  if (dataType === 'SR' && (options.shmiRounding ?? true)) {
    for (const a of aggregates) a.denominator = rRound(a.denominator, 2);
  }
  // Rounding can take a tiny expected count to 0; the reference would then divide by zero.
  aggregates.forEach((a) => {
    if (!(a.denominator > 0)) {
      throw new StatsInputError(
        'expected count rounds to 0 (try without SHMI rounding)',
        a.rows[0]!,
        'denominator',
      );
    }
  });

  const target =
    dataType === 'SR'
      ? 1
      : options.target !== undefined
        ? options.target / multiplier
        : accurateSum(aggregates.map((a) => a.numerator)) / accurateSum(aggregates.map((a) => a.denominator));

  // Unadjusted z-scores: asin(√rr) against asin(√target) for PR, √E·log(O/E) for SHMI.
  const count = aggregates.length;
  const y = new Array<number>(count);
  const zs = new Array<number>(count);
  const ses = new Array<number>(count);
  const targetTransformed = Math.asin(Math.sqrt(target));
  for (let i = 0; i < count; i++) {
    const a = aggregates[i]!;
    if (dataType === 'PR') {
      y[i] = Math.asin(Math.sqrt(rr[i]!));
      ses[i] = 1 / (2 * Math.sqrt(a.denominator));
      zs[i] = (y[i]! - targetTransformed) / ses[i]!;
    } else {
      y[i] = Math.log(a.numerator / a.denominator);
      ses[i] = 1 / Math.sqrt(a.denominator);
      zs[i] = Math.sqrt(a.denominator) * Math.log(a.numerator / a.denominator);
    }
  }

  const trimmed: TrimmedZ[] = dataType === 'SR' ? truncateZ(zs, trim) : winsoriseZ(zs, trim);
  let { n: phiN, phi, tau2 } = dispersion(trimmed, ses);

  if (!drawAdjusted) {
    phi = 0;
    tau2 = 0;
  }
  // The reference falls back to unadjusted limits when there is no over-dispersion to adjust for.
  // (A NaN φ, with nothing kept, would stop R here; Fairview treats it as "no over-dispersion".)
  if (drawAdjusted && !drawUnadjusted && !(phi > 1)) {
    drawAdjusted = false;
    drawUnadjusted = true;
  }

  const params: PlotrLimitParams = { dataType, target, tau2, multiplier };
  const grid = buildLimitsGrid(
    aggregates.map((a) => a.denominator),
    params,
  );

  // Each unit's limits are the grid row at its denominator: the same objects' values, so bit-identical.
  const units = new Array<PlotrUnit>(count);
  for (let i = 0; i < count; i++) {
    const a = aggregates[i]!;
    const row = findGridRow(grid, a.denominator)!;
    const value = rr[i]! * multiplier;
    const chosen = drawAdjusted ? row.adjusted : drawUnadjusted ? row.unadjusted : null;
    const t = trimmed[i]!;
    units[i] = new Unit(
      {
        group: a.group,
        rows: a.rows,
        numerator: a.numerator,
        denominator: a.denominator,
        rr: rr[i]!,
        value,
        target: target * multiplier,
        y: y[i]!,
        s: row.s,
        z: zs[i]!,
        wz: t.wz,
        trimmed: t.trimmed,
        rank: t.rank,
        band: t.band,
        adjustedLimits: limitsOrNull(row.adjusted),
        flag: chosen === null ? 'none' : flagAgainstLimits(value, chosen),
      },
      row,
    );
  }

  const rowUnit: (number | null)[] = rows.map(() => null);
  units.forEach((u, i) => {
    for (const r of u.rows) rowUnit[r] = i;
  });

  return {
    units,
    rowUnit,
    summary: {
      phi: nanToNull(phi),
      tau2: nanToNull(tau2),
      adjusted: drawAdjusted,
      unadjusted: drawUnadjusted,
      target: target * multiplier,
      n: units.length,
      phiN,
    },
    grid,
    limitsAt(denominator: number) {
      const row = limitsAtDenominator(denominator, params, grid);
      return { limits: limitsOrNull(row.unadjusted), adjustedLimits: limitsOrNull(row.adjusted) };
    },
  };
}
