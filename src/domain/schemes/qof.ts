// A QOF-style scheme calculated for every practice in the inputs: one line per indicator with its
// counts, achievement, thresholds, points, prevalence and list-size adjustments and £.
import type { QofIndicator, QofScheme } from './definition.ts';
import type { IndicatorCounts, PracticeInput, SchemeInputs } from './inputs.ts';
import { achievementPercent, listSizeFactor, pointsForAchievement, prevalenceFactor } from './qof-rules.ts';
import { pounds, roundTo } from './rounding.ts';
import {
  blankLine,
  closeStatement,
  finishCalculation,
  type OrgStatement,
  type SchemeCalculation,
  type StatementLine,
  withListSource,
} from './statement.ts';

/** National figures the calculation divides by, and where each came from. */
export interface QofNationalFigures {
  averageListSize: number | null;
  prevalence: Map<string, number>;
  basis: string[];
}

export function calculateQof(scheme: QofScheme, inputs: SchemeInputs): SchemeCalculation {
  const national = qofNationalFigures(scheme, inputs.practices);
  const statements: OrgStatement[] = inputs.practices.map((practice) =>
    qofStatement(scheme, practice, national),
  );
  return finishCalculation(
    {
      schemeId: scheme.id,
      schemeVersion: scheme.version,
      kind: 'qof',
      period: inputs.period,
      source: inputs.source,
      basis: national.basis,
    },
    statements,
  );
}

/** The definition's national figures, or (when it gives none) figures computed from the inputs. */
export function qofNationalFigures(
  scheme: QofScheme,
  practices: readonly PracticeInput[],
): QofNationalFigures {
  const basis: string[] = [`£${scheme.poundsPerPoint} per point`];
  let averageListSize = scheme.nationalAverageListSize;
  if (averageListSize !== null) basis.push(`national average list ${averageListSize} (scheme definition)`);
  else {
    const lists = practices.map((p) => p.listSize).filter((n): n is number => n !== null && n > 0);
    averageListSize = lists.length > 0 ? lists.reduce((a, b) => a + b, 0) / lists.length : null;
    basis.push(
      averageListSize === null
        ? 'national average list unknown: no practice in the inputs has a list size'
        : `national average list ${roundTo(averageListSize, 2)}: the mean of the ${lists.length} practices' lists in the inputs`,
    );
  }
  const prevalence = new Map<string, number>();
  const groups = [
    ...new Set(scheme.indicators.map((i) => i.prevalenceGroup).filter((g): g is string => g !== null)),
  ];
  for (const group of groups.sort()) {
    const given = scheme.nationalPrevalence[group];
    if (given !== undefined) {
      prevalence.set(group, given);
      basis.push(`national ${group} prevalence ${given} (scheme definition)`);
      continue;
    }
    let registers = 0;
    let lists = 0;
    for (const practice of practices) {
      const count = practice.registers[group];
      if (count && count.listSize > 0) {
        registers += count.register;
        lists += count.listSize;
      }
    }
    if (registers > 0 && lists > 0) {
      prevalence.set(group, registers / lists);
      basis.push(
        `national ${group} prevalence ${roundTo(registers / lists, 6)}: Σ registers ÷ Σ lists of the practices in the inputs`,
      );
    } else basis.push(`national ${group} prevalence unknown: no ${group} register in the inputs`);
  }
  return { averageListSize, prevalence, basis };
}

export function qofStatement(
  scheme: QofScheme,
  practice: PracticeInput,
  national: QofNationalFigures,
): OrgStatement {
  const lines = scheme.indicators.map((indicator) => qofLine(scheme, indicator, practice, national));
  return closeStatement(practice.practiceCode, 'practice', true, lines, (total) => {
    total.pointsAvailable = roundTo(sum(lines.map((l) => l.pointsAvailable)), 2);
    total.pointsAchieved = roundTo(sum(lines.map((l) => l.pointsAchieved)), 2);
    total.adjustedPoints = sum(lines.map((l) => l.adjustedPoints));
    total.listSize = practice.listSize;
    total.note = withListSource(total.note, practice.listSource);
  });
}

function qofLine(
  scheme: QofScheme,
  indicator: QofIndicator,
  practice: PracticeInput,
  national: QofNationalFigures,
): StatementLine {
  const counts: IndicatorCounts | undefined = practice.indicators[indicator.code];
  const type = indicator.measure === 'ratio' ? 'indicator' : indicator.measure;
  const line = blankLine(practice.practiceCode, 'practice', type, indicator.code, indicator.name);
  line.pointsAvailable = indicator.points;
  line.lowerThreshold = indicator.lowerThreshold;
  line.upperThreshold = indicator.upperThreshold;
  line.rate = scheme.poundsPerPoint;
  const notes: string[] = [];
  const points = earnedPoints(scheme, indicator, practice, counts, line, notes);
  line.pointsAchieved = roundTo(points, 2);

  let factor: number | null = 1;
  if (indicator.prevalenceGroup !== null)
    factor = prevalence(indicator.prevalenceGroup, practice, national, line, notes);
  line.listSize = practice.listSize;
  line.nationalAverageList = national.averageListSize;
  if (practice.listSize === null || national.averageListSize === null) {
    notes.push('no list size: not paid');
    factor = null;
  } else {
    line.listSizeFactor = listSizeFactor(practice.listSize, national.averageListSize);
    if (factor !== null) factor *= line.listSizeFactor;
  }
  if (factor !== null) {
    line.adjustedPoints = line.pointsAchieved * factor;
    line.amount = pounds(line.adjustedPoints * scheme.poundsPerPoint);
  } else line.adjustedPoints = null;
  line.note = notes.join('; ');
  return line;
}

/** Points earned before adjustment; fills the line's counts and achievement. */
function earnedPoints(
  scheme: QofScheme,
  indicator: QofIndicator,
  practice: PracticeInput,
  counts: IndicatorCounts | undefined,
  line: StatementLine,
  notes: string[],
): number {
  if (indicator.measure === 'declared') {
    const declared = counts?.achievedPoints ?? null;
    if (declared === null) {
      notes.push('no points declared');
      return 0;
    }
    if (declared > indicator.points) notes.push(`declared ${declared} points: capped at ${indicator.points}`);
    else notes.push('declared points');
    return Math.min(Math.max(declared, 0), indicator.points);
  }
  if (indicator.measure === 'register') {
    const fromGroup =
      indicator.prevalenceGroup === null
        ? null
        : (practice.registers[indicator.prevalenceGroup]?.register ?? null);
    const register = counts?.register ?? fromGroup;
    line.numerator = register;
    if (register === null) {
      notes.push('no register count');
      return 0;
    }
    notes.push(register > 0 ? 'register held' : 'empty register');
    return register > 0 ? indicator.points : 0;
  }
  const numerator = counts?.numerator ?? null;
  const denominator = counts?.denominator ?? null;
  const exceptions = counts?.exceptions ?? null;
  line.numerator = numerator;
  line.denominator = denominator;
  line.exceptions = exceptions;
  line.eligible = denominator !== null && exceptions !== null ? denominator + exceptions : null;
  if (numerator === null || denominator === null) {
    notes.push('no counts for this indicator');
    return 0;
  }
  const achievement = achievementPercent(numerator, denominator);
  line.achievement = achievement;
  if (achievement === null) {
    notes.push(
      scheme.zeroDenominator === 'full_points'
        ? 'no patients after exceptions: full points by the scheme rule'
        : 'no patients after exceptions: no points',
    );
    return scheme.zeroDenominator === 'full_points' ? indicator.points : 0;
  }
  if (numerator > denominator) notes.push('numerator exceeds denominator: check the data');
  const lower = indicator.lowerThreshold!;
  const upper = indicator.upperThreshold!;
  notes.push(
    achievement <= lower
      ? 'at or below the lower threshold'
      : achievement >= upper
        ? 'at or above the upper threshold'
        : 'between thresholds',
  );
  return pointsForAchievement(achievement, lower, upper, indicator.points);
}

/** The prevalence factor for a group, or null (not paid) when either prevalence is unknown. */
function prevalence(
  group: string,
  practice: PracticeInput,
  national: QofNationalFigures,
  line: StatementLine,
  notes: string[],
): number | null {
  const count = practice.registers[group];
  const nationalPrevalence = national.prevalence.get(group) ?? null;
  line.nationalPrevalence = nationalPrevalence;
  if (!count || count.listSize <= 0) {
    notes.push(`no ${group} register count: prevalence unknown, not paid`);
    return null;
  }
  line.practicePrevalence = count.register / count.listSize;
  if (nationalPrevalence === null) {
    notes.push(`national ${group} prevalence unknown: not paid`);
    return null;
  }
  line.prevalenceFactor = prevalenceFactor(line.practicePrevalence, nationalPrevalence);
  return line.prevalenceFactor;
}

function sum(values: readonly (number | null)[]): number {
  let total = 0;
  for (const v of values) if (v !== null) total += v;
  return total;
}
