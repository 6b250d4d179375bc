/**
 * Confidence levels and the limits computed at each, as PHEindicatormethods handles them (spec §3
 * "Conventions"): a level is a fraction in [0.9, 1] or a percentage in [90, 100]; two levels may only
 * be the pair 95% and 99.8%; z = qnorm(conf + (1 − conf)/2).
 */
import { twoSidedZ } from './distributions.ts';
import { StatsInputError } from './errors.ts';

/** A confidence level as a fraction, e.g. 0.95 or 0.998. */
export type ConfidenceLevel = number;

/**
 * The levels to compute, in output order: [], [level] or [0.95, 0.998]. An empty list means
 * "value only" (R's `confidence = NA`, the CLI's `--confidence none`).
 */
export type ConfidenceLevels = readonly ConfidenceLevel[];

/** The default of the command line: both levels. */
export const BOTH_LEVELS: ConfidenceLevels = [0.95, 0.998];

/**
 * Limits at one level. `key` names the level in column names: '95' → lower_95/upper_95,
 * '99_8' → lower_99_8/upper_99_8. Missing limits are null.
 */
export interface LevelLimits {
  readonly level: ConfidenceLevel;
  readonly key: string;
  readonly lower: number | null;
  readonly upper: number | null;
}

const RANGE_MESSAGE = 'confidence level must be between 90 and 100 or between 0.9 and 1';
const PAIR_MESSAGE = 'two confidence levels can only be assigned as 0.95 and 0.998';

/**
 * Validates and normalises levels given as fractions or percentages (95, 99.8, 0.95, 0.998).
 * A single level may be any value in [0.9, 1]; a pair must be 95% and 99.8% (either order; returned as
 * [0.95, 0.998]). Throws StatsInputError (row null, field 'confidence') otherwise.
 */
export function confidenceLevels(input: number | readonly number[] | null): ConfidenceLevels {
  if (input === null) return [];
  const raw = typeof input === 'number' ? [input] : [...input];
  if (raw.length > 2) throw new StatsInputError(PAIR_MESSAGE, null, 'confidence');
  const levels = raw.map((level) => {
    const fraction = level >= 90 && level <= 100 ? level / 100 : level;
    if (!(fraction >= 0.9 && fraction <= 1)) throw new StatsInputError(RANGE_MESSAGE, null, 'confidence');
    return fraction;
  });
  if (levels.length === 2) {
    const sorted = [...levels].sort((a, b) => a - b);
    if (!(near(sorted[0]!, 0.95) && near(sorted[1]!, 0.998))) {
      throw new StatsInputError(PAIR_MESSAGE, null, 'confidence');
    }
    return BOTH_LEVELS;
  }
  return levels;
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-12;
}

/** The column-name key of a level: 0.95 → '95', 0.998 → '99_8', 0.9 → '90'. */
export function levelKey(level: ConfidenceLevel): string {
  // Round to a tenth of a percent first so 0.998 × 100 = 99.80000000000001 prints as 99.8.
  return String(Math.round(level * 1000) / 10).replace('.', '_');
}

/** The two-sided z of a level, qnorm(conf + (1 − conf)/2): 1.959963984540054 or 3.090232306167813. */
export function zFor(level: ConfidenceLevel): number {
  return twoSidedZ(level);
}

/** Builds the limits at each level with `compute`. */
export function limitsAt(
  levels: ConfidenceLevels,
  compute: (level: ConfidenceLevel) => { lower: number | null; upper: number | null },
): LevelLimits[] {
  return levels.map((level) => ({ level, key: levelKey(level), ...compute(level) }));
}

/** All-null limits at each level, for a missing result. */
export function missingLimits(levels: ConfidenceLevels): LevelLimits[] {
  return limitsAt(levels, () => ({ lower: null, upper: null }));
}

/** Column names of the limits at these levels: lower_95, upper_95, lower_99_8, upper_99_8. */
export function limitColumns(levels: ConfidenceLevels): string[] {
  return levels.flatMap((level) => [`lower_${levelKey(level)}`, `upper_${levelKey(level)}`]);
}

/** Limits as named columns, e.g. { lower_95: 0.05, upper_95: 0.17 }. */
export function limitsAsColumns(limits: readonly LevelLimits[]): Record<string, number | null> {
  const columns: Record<string, number | null> = {};
  for (const l of limits) {
    columns[`lower_${l.key}`] = l.lower;
    columns[`upper_${l.key}`] = l.upper;
  }
  return columns;
}

/** R's label for the levels: "95%", "99.8%" or "95%, 99.8%". */
export function confidenceLabel(levels: ConfidenceLevels): string | null {
  if (levels.length === 0) return null;
  return levels.map((level) => `${Math.round(level * 1000) / 10}%`).join(', ');
}
