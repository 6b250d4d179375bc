/**
 * The Making Data Count special-cause rules as NHSRplotthedots 0.2.2 applies them within one rebase
 * group (`ptd_special_cause_type`, `ptd_point_type`), with the run length as a parameter (7 in the
 * reference, 6 in NHS England's own tool).
 *
 * Every function takes the group's points that have a value, in date order: Fairview drops missing
 * points from the sequence before the rules (see spc.ts), so a gap neither breaks nor errors a run.
 * Null conditions (no limits, no mean) count as false, as NA does in the reference's `case_when`.
 */
import type { ImprovementDirection, PointType, SpecialCauseType } from './spc-types.ts';

export type Side = -1 | 0 | 1;

/**
 * T_i: +1 when the runLength − 1 successive differences ending at point i are all > 0 (a run of
 * runLength points rising), −1 when all < 0, else 0. A tie breaks a trend; the first runLength − 1
 * points are 0.
 */
export function trendSigns(y: readonly number[], runLength: number): Int8Array {
  const t = new Int8Array(y.length);
  let up = 0;
  let down = 0;
  for (let i = 1; i < y.length; i++) {
    const d = y[i]! - y[i - 1]!;
    up = d > 0 ? up + 1 : 0;
    down = d < 0 ? down + 1 : 0;
    if (up >= runLength - 1) t[i] = 1;
    else if (down >= runLength - 1) t[i] = -1;
  }
  return t;
}

/**
 * S_i: the side (±1) when point i and the runLength − 1 points before it are all on that side of the
 * mean, else 0. A point on the mean (or with no mean) breaks the run.
 */
export function shiftSigns(side: readonly (Side | null)[], runLength: number): Int8Array {
  const s = new Int8Array(side.length);
  let run = 0;
  for (let i = 0; i < side.length; i++) {
    const v = side[i];
    if (v === null || v === undefined || v === 0) {
      run = 0;
      continue;
    }
    run = i > 0 && side[i - 1] === v ? run + 1 : 1;
    if (run >= runLength) s[i] = v;
  }
  return s;
}

/** Point i is part of a run if a run ends at any of points i … i + runLength − 1. */
export function partOfRun(ends: Int8Array, runLength: number): boolean[] {
  const part: boolean[] = new Array(ends.length);
  let nextEnd = Number.POSITIVE_INFINITY;
  for (let i = ends.length - 1; i >= 0; i--) {
    if (ends[i] !== 0) nextEnd = i;
    part[i] = nextEnd - i <= runLength - 1;
  }
  return part;
}

/**
 * Two in three: a point that is itself close to the limits and lies in a window of three consecutive
 * points, at least two of them close to the limits, all three on the same side of the mean.
 * Windows that would run past either end of the group do not count.
 */
export function twoInThree(close: readonly (boolean | null)[], side: readonly (Side | null)[]): boolean[] {
  const n = close.length;
  const windowQualifies = (start: number): boolean => {
    if (start < 0 || start + 2 >= n) return false;
    const s = side[start];
    if (s === null || s === undefined || s === 0 || side[start + 1] !== s || side[start + 2] !== s)
      return false;
    let count = 0;
    for (let k = start; k <= start + 2; k++) if (close[k] === true) count++;
    return count >= 2;
  };
  const out: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = close[i] === true && (windowQualifies(i - 2) || windowQualifies(i - 1) || windowQualifies(i));
  }
  return out;
}

/**
 * The sign used to name a trend point: towards the next point when this point and the next are both
 * part of a trend, otherwise from the previous point (0 for the first point).
 */
export function trendDirections(y: readonly number[], partOfTrend: readonly boolean[]): number[] {
  const n = y.length;
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (i + 1 < n && partOfTrend[i] && partOfTrend[i + 1]) out[i] = Math.sign(y[i + 1]! - y[i]!);
    else out[i] = i > 0 ? Math.sign(y[i]! - y[i - 1]!) : 0;
  }
  return out;
}

/** The group's points that have a value, in date order, with their limit tests. */
export interface RuleInput {
  y: readonly number[];
  side: readonly (Side | null)[];
  close: readonly (boolean | null)[];
  outside: readonly (boolean | null)[];
}

/**
 * The label of each point, first matching rule wins: outside the limits, trend, two in three, shift,
 * else "Common Cause".
 */
export function specialCauseTypes(input: RuleInput, runLength: number): SpecialCauseType[] {
  const { y, side, close, outside } = input;
  const partTrend = partOfRun(trendSigns(y, runLength), runLength);
  const partTwoInThree = twoInThree(close, side);
  const partShift = partOfRun(shiftSigns(side, runLength), runLength);
  const direction = trendDirections(y, partTrend);
  const out: SpecialCauseType[] = new Array(y.length);
  for (let i = 0; i < y.length; i++) {
    // The reference writes "Below" for any side that is not +1; those rules only fire on a side.
    const aboveOrBelow = (side[i] ?? 0) > 0 ? 'Above' : 'Below';
    if (outside[i] === true) out[i] = side[i] === 1 ? 'Above UCL' : 'Below LCL';
    // A zero direction (a tie between two trends) reads "Decreasing" in the reference: kept.
    else if (partTrend[i])
      out[i] = `${runLength} Point Trend (${direction[i] === 1 ? 'Increasing' : 'Decreasing'})`;
    else if (partTwoInThree[i]) out[i] = `2 in 3 ${aboveOrBelow} CL`;
    else if (partShift[i]) out[i] = `${runLength} Points ${aboveOrBelow} CL`;
    else out[i] = 'Common Cause';
  }
  return out;
}

/** The point type a label means for the chosen improvement direction. */
export function pointTypeOf(type: SpecialCauseType, direction: ImprovementDirection): PointType {
  const v = /Above|Increasing/.test(type) ? 1 : /Below|Decreasing/.test(type) ? -1 : 0;
  if (direction === 'neutral') {
    return v > 0 ? 'special_cause_neutral_high' : v < 0 ? 'special_cause_neutral_low' : 'common_cause';
  }
  const oriented = direction === 'increase' ? v : -v;
  return oriented > 0 ? 'special_cause_improvement' : oriented < 0 ? 'special_cause_concern' : 'common_cause';
}
