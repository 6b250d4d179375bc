/**
 * Indirectly standardised ratios and rates, PHEindicatormethods' `calculate_ISRatio` and
 * `calculate_ISRate` (spec §3.5). Limits are exact Poisson below 10 observed events, else Byar's,
 * divided by the expected count.
 */
import {
  BOTH_LEVELS,
  type ConfidenceLevels,
  type LevelLimits,
  limitsAt,
  missingLimits,
  zFor,
} from './confidence.ts';
import { StatsInputError } from './errors.ts';
import { groupRows, sumOrNull, sumPresent } from './grouping.ts';
import { type PoissonMethod, poissonLimits, poissonMethod } from './poisson-limits.ts';

/** One (group, band) row. The reference fields are read only with `reference: { type: 'field' }`. */
export interface IsrRow {
  readonly group: string;
  /** Observed events in the band (missing counts as 0 in the observed total). */
  readonly count: number | null;
  /** Population of the band (missing counts as 0 in the expected count). */
  readonly population: number | null;
  readonly referenceCount?: number | null;
  readonly referencePopulation?: number | null;
}

/**
 * Where the reference counts and populations come from (R's `refpoptype`): the rows' own fields, or
 * vectors matched by position within each group (every group must then have as many rows as the vectors).
 */
export type IsrReference =
  | { readonly type: 'field' }
  | {
      readonly type: 'vector';
      readonly counts: readonly (number | null)[];
      readonly populations: readonly (number | null)[];
    };

export interface IsrOptions {
  /** 'ratio' (default): O/E × referenceValue. 'rate': O/E × the crude reference rate × multiplier. */
  readonly kind?: 'ratio' | 'rate';
  readonly levels?: ConfidenceLevels;
  /** Ratio only; default 1 (100 gives SMRs on the 100 scale). */
  readonly referenceValue?: number;
  /** Rate only; default 100,000. */
  readonly multiplier?: number;
  /** Default { type: 'field' }. */
  readonly reference?: IsrReference;
  /** R's `observed_totals`: per-group observed counts used instead of Σ count (a group not in the map is missing). */
  readonly observedTotals?: ReadonlyMap<string, number | null>;
}

export interface IsrResult {
  readonly group: string;
  readonly observed: number | null;
  readonly expected: number | null;
  /** Rate only: Σ reference count / Σ reference population × multiplier; null for ratios. */
  readonly referenceRate: number | null;
  readonly value: number | null;
  readonly limits: LevelLimits[];
  /** "Exact" below 10 observed events, else "Byars"; null when observed is missing. */
  readonly method: PoissonMethod | null;
}

type Pair = { count: number | null; population: number | null };

function checkNumbers(
  values: readonly (number | null | undefined)[],
  field: string,
  positive: boolean,
): void {
  const index = values.findIndex(
    (v) => v !== null && v !== undefined && !(Number.isFinite(v) && (positive ? v > 0 : v >= 0)),
  );
  if (index < 0) return;
  const what = positive ? 'must be greater than zero' : 'must be greater than or equal to zero';
  throw new StatsInputError(`${field} ${what}`, index, field);
}

function validate(rows: readonly IsrRow[], reference: IsrReference, options: IsrOptions): void {
  checkNumbers(
    rows.map((r) => r.count),
    'count',
    false,
  );
  checkNumbers(
    rows.map((r) => r.population),
    'population',
    false,
  );
  if (reference.type === 'field') {
    checkNumbers(
      rows.map((r) => r.referenceCount),
      'referenceCount',
      false,
    );
    checkNumbers(
      rows.map((r) => r.referencePopulation),
      'referencePopulation',
      true,
    );
  } else {
    checkNumbers(reference.counts, 'referenceCount', false);
    checkNumbers(reference.populations, 'referencePopulation', true);
    if (reference.counts.length !== reference.populations.length) {
      throw new StatsInputError(
        'reference counts and populations must have the same length',
        null,
        'reference',
      );
    }
  }
  for (const [field, value] of [
    ['multiplier', options.multiplier],
    ['referenceValue', options.referenceValue],
  ] as const) {
    if (value !== undefined && !(value > 0 && Number.isFinite(value))) {
      throw new StatsInputError(`${field} must be greater than zero`, null, field);
    }
  }
}

/** The reference pairs of a group's rows, by field or by position. */
function referencesOf(rows: readonly IsrRow[], members: readonly number[], reference: IsrReference): Pair[] {
  if (reference.type === 'field') {
    return members.map((i) => ({
      count: rows[i]!.referenceCount ?? null,
      population: rows[i]!.referencePopulation ?? null,
    }));
  }
  if (members.length !== reference.counts.length) {
    throw new StatsInputError(
      `every group must have ${reference.counts.length} rows, one per reference band`,
      members[0]!,
      'group',
    );
  }
  return members.map((_, k) => ({ count: reference.counts[k]!, population: reference.populations[k]! }));
}

/** One result per group, in order of first appearance. Throws StatsInputError for invalid input. */
export function isrByGroup(rows: readonly IsrRow[], options: IsrOptions = {}): IsrResult[] {
  const reference = options.reference ?? { type: 'field' };
  validate(rows, reference, options);
  const levels = options.levels ?? BOTH_LEVELS;
  const kind = options.kind ?? 'ratio';
  const multiplier = options.multiplier ?? 100000;
  return groupRows(rows.map((r) => r.group)).map(({ key, rows: members }) => {
    const refs = referencesOf(rows, members, reference);
    // E = Σ x_ref(NA→0)/n_ref × n(NA→0); a missing reference population makes E missing, as in R.
    const terms = members.map((i, k) => {
      const ref = refs[k]!;
      if (ref.population === null) return null;
      return ((ref.count ?? 0) / ref.population) * (rows[i]!.population ?? 0);
    });
    const expected = sumOrNull(terms);
    const observed = options.observedTotals
      ? (options.observedTotals.get(key) ?? null)
      : sumPresent(members.map((i) => rows[i]!.count));
    let scale: number | null = options.referenceValue ?? 1;
    let referenceRate: number | null = null;
    if (kind === 'rate') {
      const refPopulation = sumOrNull(refs.map((r) => r.population));
      referenceRate =
        refPopulation === null ? null : (sumPresent(refs.map((r) => r.count)) / refPopulation) * multiplier;
      scale = referenceRate;
    }
    const method = observed === null ? null : poissonMethod(observed);
    if (observed === null || expected === null || scale === null || !(expected > 0)) {
      return {
        group: key,
        observed,
        expected,
        referenceRate,
        value: null,
        limits: missingLimits(levels),
        method,
      };
    }
    const o = observed;
    const e = expected;
    const s = scale;
    const limits = limitsAt(levels, (level) => {
      const { lower, upper } = poissonLimits(o, level, zFor(level));
      return { lower: (lower / e) * s, upper: (upper / e) * s };
    });
    return { group: key, observed, expected, referenceRate, value: (o / e) * s, limits, method };
  });
}
