/**
 * Directly standardised rates with Dobson's limits, PHEindicatormethods' `calculate_dsr` (spec §3.4),
 * including its variant for non-independent events and its suppression below 10 events.
 *
 * Fairview difference: a missing population or standard population makes that group's result missing
 * (R stops with an error); a missing count counts as 0, as in R.
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
import { byarLower, byarUpper } from './poisson-limits.ts';

/** One (group, age band) row; for non-independent events, one (group, age band, event frequency) row. */
export interface DsrRow {
  readonly group: string;
  /** Events (or, for non-independent events, persons with exactly `eventFrequency` events). Null → 0. */
  readonly count: number | null;
  readonly population: number | null;
  /** The standard population of this age band (e.g. from esp2013.ts). */
  readonly standard: number | null;
  /** Needed only for non-independent events, to match rows of one band across frequencies. */
  readonly ageBand?: string;
  readonly eventFrequency?: number | null;
}

export interface DsrOptions {
  readonly levels?: ConfidenceLevels;
  /** Default 100,000. */
  readonly multiplier?: number;
  /** Default true. When false, rows carry `ageBand` and `eventFrequency` (spec §3.4, last part). */
  readonly independentEvents?: boolean;
}

export type DsrMethod = 'Dobson' | 'Dobson, with confidence adjusted for non-independent events';

export interface DsrResult {
  readonly group: string;
  /** Σ events (missing counts as 0). */
  readonly totalCount: number;
  /** Σ population; null if any is missing. */
  readonly totalPopulation: number | null;
  /** Null when suppressed (total count < 10) or when a population is missing. */
  readonly value: number | null;
  readonly limits: LevelLimits[];
  /** True when total count < 10: R's statistic "dsr NA for total count < 10". */
  readonly suppressed: boolean;
  readonly method: DsrMethod;
}

/** Per-band terms of one group after combining event frequencies. */
interface Band {
  events: number;
  population: number | null;
  standard: number | null;
}

function validate(rows: readonly DsrRow[], multiplier: number, independent: boolean): void {
  const checks: [keyof DsrRow, (r: DsrRow) => boolean, string][] = [
    [
      'count',
      (r) => r.count !== null && !(r.count >= 0 && Number.isFinite(r.count)),
      'numerators must be greater than or equal to zero',
    ],
    [
      'population',
      (r) => r.population !== null && !(r.population > 0 && Number.isFinite(r.population)),
      'denominators must be greater than zero',
    ],
    [
      'standard',
      (r) => r.standard !== null && !(r.standard >= 0 && Number.isFinite(r.standard)),
      'standard populations must be greater than or equal to zero',
    ],
  ];
  if (!independent) {
    checks.push([
      'eventFrequency',
      (r) => r.eventFrequency == null || !Number.isFinite(r.eventFrequency),
      'event frequency must be given for non-independent events',
    ]);
  }
  for (const [field, failed, message] of checks) {
    const index = rows.findIndex(failed);
    if (index >= 0) throw new StatsInputError(message, index, field);
  }
  if (!(multiplier > 0 && Number.isFinite(multiplier))) {
    throw new StatsInputError('multiplier must be greater than zero', null, 'multiplier');
  }
}

/** Σ(x·(w/n)²)/(Σw)², Dobson's variance of the standardised rate (before the multiplier). */
function variance(bands: readonly Band[]): number {
  const w = sumPresent(bands.map((b) => b.standard));
  const s = sumPresent(bands.map((b) => b.events * (b.standard! / b.population!) ** 2));
  return s / (w * w);
}

/** Combine a group's rows per age band: events = Σ f·x over frequencies (checking n and w agree). */
function bandsOf(rows: readonly DsrRow[], members: readonly number[], independent: boolean): Band[] {
  if (independent) {
    return members.map((i) => {
      const r = rows[i]!;
      return { events: r.count ?? 0, population: r.population, standard: r.standard };
    });
  }
  const byBand = new Map<string, Band & { first: number }>();
  for (const i of members) {
    const r = rows[i]!;
    const key = r.ageBand ?? '';
    const events = (r.count ?? 0) * r.eventFrequency!;
    const band = byBand.get(key);
    if (!band) {
      byBand.set(key, { events, population: r.population, standard: r.standard, first: i });
      continue;
    }
    if (band.population !== r.population || band.standard !== r.standard) {
      throw new StatsInputError(
        'populations and standard populations must be the same for every event frequency in an age band',
        i,
        band.population !== r.population ? 'population' : 'standard',
      );
    }
    band.events += events;
  }
  return [...byBand.values()];
}

/** Σ_f f²·vardsr_f, each vardsr_f over the group's rows with frequency f (non-independent events). */
function frequencyAdjustedVariance(rows: readonly DsrRow[], members: readonly number[]): number {
  const byFrequency = groupRows(members.map((i) => String(rows[i]!.eventFrequency)));
  let total = 0;
  for (const { rows: subset } of byFrequency) {
    const f = rows[members[subset[0]!]!]!.eventFrequency!;
    const bands = subset.map((j) => {
      const r = rows[members[j]!]!;
      return { events: r.count ?? 0, population: r.population, standard: r.standard };
    });
    total += variance(bands) * f * f;
  }
  return total;
}

/** One result per group, in order of first appearance. Throws StatsInputError for invalid rows. */
export function dsrByGroup(rows: readonly DsrRow[], options: DsrOptions = {}): DsrResult[] {
  const levels = options.levels ?? BOTH_LEVELS;
  const multiplier = options.multiplier ?? 100000;
  const independent = options.independentEvents ?? true;
  validate(rows, multiplier, independent);
  const method: DsrMethod = independent
    ? 'Dobson'
    : 'Dobson, with confidence adjusted for non-independent events';
  return groupRows(rows.map((r) => r.group)).map(({ key, rows: members }) => {
    const bands = bandsOf(rows, members, independent);
    const totalCount = sumPresent(bands.map((b) => b.events));
    const totalPopulation = sumOrNull(bands.map((b) => b.population));
    const complete = bands.every((b) => b.population !== null && b.standard !== null);
    const suppressed = totalCount < 10;
    const base = {
      group: key,
      totalCount,
      totalPopulation: complete ? totalPopulation : null,
      suppressed,
      method,
    };
    if (suppressed || !complete) return { ...base, value: null, limits: missingLimits(levels) };
    const weights = sumPresent(bands.map((b) => b.standard));
    const value =
      (sumPresent(bands.map((b) => (b.events * b.standard!) / b.population!)) / weights) * multiplier;
    const vardsr = independent ? variance(bands) : frequencyAdjustedVariance(rows, members);
    const scale = Math.sqrt(vardsr / totalCount);
    const limits = limitsAt(levels, (level) => {
      const z = zFor(level);
      return {
        lower: value + scale * (byarLower(totalCount, z) - totalCount) * multiplier,
        upper: value + scale * (byarUpper(totalCount, z) - totalCount) * multiplier,
      };
    });
    return { ...base, value, limits };
  });
}
