// SYNTHETIC per-indicator QOF achievement, calibrated to a practice's real published points
// (issue 14 point 3). The bundled NHS data has each practice's total QOF points for a year (the
// practice summary tables) but not its per-indicator counts, so the demo makes counts up — and says so
// — such that the scheme engine, applying the scheme's own thresholds to them, gives each practice
// exactly its published total.
//
// The rule, per practice (deterministic: the random numbers are seeded by the practice code):
// 1. Registers: the practice's real prevalence of each register group in the latest prevalence file
//    held (a fraction), times its list of the year; at least 1, so every register indicator is earned.
// 2. Ratio indicators: a denominator (a share of the group's register, or of the list for indicators
//    without a group), PCAs (0–8% of it), and a numerator chosen so that the points lost across
//    ratio indicators come to the practice's shortfall (maximum − published total), shared at random.
// 3. Declared (quality improvement) indicators take what is left, to the penny of a point, so the
//    total is exact; when what is left is outside what they can hold, numerators move one at a time
//    until it is not.
// Every row carries ACHIEVED_POINTS as the engine computes it (QOF publishes points with 2 decimals).

import { seededRandom } from '../seeded-random.ts';
import type { QofIndicator, QofScheme } from './definition.ts';
import { achievementPercent, pointsForAchievement } from './qof-rules.ts';
import { roundTo } from './rounding.ts';

export const SYNTHETIC_QOF_LABEL =
  'SYNTHETIC: made-up per-indicator QOF counts calibrated to the published practice points (Fairview demo), not NHS data';

export interface SyntheticQofPractice {
  practiceCode: string;
  /** The published total points for the year (practice summary tables). */
  publishedPoints: number;
  /** The practice's list of the year. */
  listSize: number;
  /** Real prevalence by register group (register ÷ list), where known. */
  prevalence: Record<string, number>;
}

export interface SyntheticQofRow {
  practiceCode: string;
  indicatorCode: string;
  measure: 'REGISTER' | 'NUMERATOR' | 'DENOMINATOR' | 'PCAS' | 'ACHIEVED_POINTS';
  value: number;
}

export interface SyntheticQofOutcome {
  rows: SyntheticQofRow[];
  /** Per practice: the points the rows give (equal to the published total when calibrated). */
  points: Map<string, number>;
  /** Practices that could not be calibrated, with the reason. */
  skipped: { practiceCode: string; reason: string }[];
}

/** Shares of the list for indicators without a register group (rough, for plausible counts). */
const LIST_SHARE: Record<string, number> = {
  BP002: 0.45,
  CS005: 0.2,
  CS006: 0.07,
  SMOK002: 0.3,
  SMOK004: 0.2,
  SMOK005: 0.04,
  VI001: 0.012,
  VI002: 0.012,
  VI003: 0.012,
  VI004: 0.012,
  CHOL001: 0.04,
  CHOL002: 0.04,
};
/** Prevalence used for a group the practice has no real figure for. */
const FALLBACK_PREVALENCE = 0.02;

export function syntheticQofAchievement(
  scheme: QofScheme,
  practices: readonly SyntheticQofPractice[],
): SyntheticQofOutcome {
  const rows: SyntheticQofRow[] = [];
  const points = new Map<string, number>();
  const skipped: SyntheticQofOutcome['skipped'] = [];
  for (const practice of practices) {
    const made = forPractice(scheme, practice);
    if (typeof made === 'string') skipped.push({ practiceCode: practice.practiceCode, reason: made });
    else {
      rows.push(...made.rows);
      points.set(practice.practiceCode, made.total);
    }
  }
  return { rows, points, skipped };
}

interface Ratio {
  indicator: QofIndicator;
  denominator: number;
  pcas: number;
  numerator: number;
  register: number | null;
}

function forPractice(
  scheme: QofScheme,
  practice: SyntheticQofPractice,
): { rows: SyntheticQofRow[]; total: number } | string {
  const random = seeded(practice.practiceCode);
  const target = roundTo(practice.publishedPoints, 2);
  const registerOf = new Map<string, number>();
  const register = (group: string): number => {
    const known = registerOf.get(group);
    if (known !== undefined) return known;
    const prevalence = practice.prevalence[group] ?? FALLBACK_PREVALENCE;
    const value = Math.max(1, Math.round(prevalence * practice.listSize));
    registerOf.set(group, value);
    return value;
  };
  const registers = scheme.indicators.filter((i) => i.measure === 'register');
  const declared = scheme.indicators.filter((i) => i.measure === 'declared');
  const registerPoints = registers.reduce((s, i) => s + i.points, 0);
  const declaredMax = declared.reduce((s, i) => s + i.points, 0);
  const maximum = scheme.indicators.reduce((s, i) => s + i.points, 0);
  if (target > maximum) return `published ${target} points, more than the ${maximum} available`;
  if (target < registerPoints) return `published ${target} points, fewer than its registers alone earn`;
  if (!(practice.listSize > 0)) return 'no list size for the year';

  const ratios: Ratio[] = scheme.indicators
    .filter((i) => i.measure === 'ratio')
    .map((indicator) => {
      const group = indicator.prevalenceGroup;
      const base =
        group !== null
          ? register(group) * (0.6 + 0.35 * random())
          : practice.listSize * (LIST_SHARE[indicator.code] ?? 0.05) * (0.8 + 0.4 * random());
      const denominator = Math.max(1, Math.round(base));
      return {
        indicator,
        denominator,
        pcas: Math.round(denominator * 0.08 * random()),
        numerator: denominator,
        register: group !== null ? register(group) : null,
      };
    });
  // The shortfall the ratio indicators lose, shared by random weights (declared ones keep a part).
  const shortfall = maximum - target;
  const declaredLoss = Math.min(declaredMax * 0.5, shortfall) * random();
  const ratioLoss = shortfall - declaredLoss;
  const weights = ratios.map((r) => r.indicator.points * (0.2 + random()));
  const weightSum = weights.reduce((a, b) => a + b, 0) || 1;
  ratios.forEach((r, k) => {
    const wanted = Math.max(0, r.indicator.points - (ratioLoss * weights[k]!) / weightSum);
    r.numerator = numeratorFor(r, wanted);
  });
  const pointsOf = (r: Ratio): number => ratioPoints(r.indicator, r.numerator, r.denominator);
  const earned = (): number =>
    roundTo(
      ratios.reduce((s, r) => s + pointsOf(r), registerPoints),
      2,
    );
  // Bring what the declared indicators must hold within [0, their maximum], a numerator at a time.
  let left = roundTo(target - earned(), 2);
  for (let guard = 0; (left < 0 || left > declaredMax) && guard < 100_000; guard++) {
    const step = left < 0 ? -1 : 1;
    const movable = ratios.filter((r) =>
      step < 0
        ? r.numerator > 0 && pointsOf(r) > 0
        : r.numerator < r.denominator && pointsOf(r) < r.indicator.points,
    );
    if (movable.length === 0) return 'cannot reach the published points with these thresholds';
    const r = movable[Math.floor(random() * movable.length)]!;
    r.numerator += step;
    left = roundTo(target - earned(), 2);
  }
  if (left < 0 || left > declaredMax) return 'cannot reach the published points with these thresholds';
  const declaredPoints = shareDeclared(declared, left, random);
  return syntheticRows(scheme, practice.practiceCode, ratios, declaredPoints, register, pointsOf);
}

/** Shares `left` points among the declared indicators, in hundredths of a point, by the practice's random draws. */
function shareDeclared(
  declared: readonly QofIndicator[],
  left: number,
  random: () => number,
): Map<string, number> {
  // Share what is left among the declared indicators, in hundredths of a point.
  let hundredths = Math.round(left * 100);
  const declaredPoints = new Map<string, number>();
  declared.forEach((indicator, k) => {
    const last = k === declared.length - 1;
    const room = Math.round(indicator.points * 100);
    const remainingRoom = declared.slice(k + 1).reduce((s, i) => s + Math.round(i.points * 100), 0);
    const least = Math.max(0, hundredths - remainingRoom);
    const most = Math.min(room, hundredths);
    const give = last ? hundredths : least + Math.floor(random() * (most - least + 1));
    declaredPoints.set(indicator.code, give / 100);
    hundredths -= give;
  });
  return declaredPoints;
}

/** The practice's rows, indicator by indicator in the scheme's order, and the points they add up to. */
function syntheticRows(
  scheme: QofScheme,
  code: string,
  ratios: readonly Ratio[],
  declaredPoints: ReadonlyMap<string, number>,
  register: (group: string) => number,
  pointsOf: (r: Ratio) => number,
): { rows: SyntheticQofRow[]; total: number } {
  const rows: SyntheticQofRow[] = [];
  const row = (indicatorCode: string, measure: SyntheticQofRow['measure'], value: number): void => {
    rows.push({ practiceCode: code, indicatorCode, measure, value });
  };
  let total = 0;
  const byCode = new Map(ratios.map((r) => [r.indicator.code, r]));
  for (const indicator of scheme.indicators) {
    if (indicator.measure === 'register') {
      row(indicator.code, 'REGISTER', register(indicator.prevalenceGroup ?? indicator.code));
      row(indicator.code, 'ACHIEVED_POINTS', indicator.points);
      total += indicator.points;
    } else if (indicator.measure === 'declared') {
      const p = declaredPoints.get(indicator.code) ?? 0;
      row(indicator.code, 'ACHIEVED_POINTS', p);
      total += p;
    } else {
      const r = byCode.get(indicator.code)!;
      if (r.register !== null) row(indicator.code, 'REGISTER', r.register);
      row(indicator.code, 'NUMERATOR', r.numerator);
      row(indicator.code, 'DENOMINATOR', r.denominator);
      row(indicator.code, 'PCAS', r.pcas);
      const p = pointsOf(r);
      row(indicator.code, 'ACHIEVED_POINTS', p);
      total += p;
    }
  }
  return { rows, total: roundTo(total, 2) };
}

/** The indicator's points for a numerator, as the engine rounds them (2 decimals). */
function ratioPoints(indicator: QofIndicator, numerator: number, denominator: number): number {
  const achievement = achievementPercent(numerator, denominator);
  if (achievement === null) return 0;
  return roundTo(
    pointsForAchievement(achievement, indicator.lowerThreshold!, indicator.upperThreshold!, indicator.points),
    2,
  );
}

/** The smallest numerator whose points reach `wanted` (the whole denominator at most). */
function numeratorFor(r: Ratio, wanted: number): number {
  for (let n = 0; n <= r.denominator; n++) if (ratioPoints(r.indicator, n, r.denominator) >= wanted) return n;
  return r.denominator;
}

/** A generator seeded by a text (this generator's own start, so the demo's rows never change). */
function seeded(text: string): () => number {
  return seededRandom(text, 0x9e3779b9);
}
