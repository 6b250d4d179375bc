/**
 * Indirect standardisation, for indicators where age(-sex)-specific reference rates exist (e.g. a
 * national rate per age band): expected = Σ_band reference rate(band) × the practice's patients in
 * that band. The sums and the ratio's confidence limits are PHEindicatormethods' `calculate_ISRatio`
 * (src/stats `isrByGroup`: exact Poisson below 10 observed, else Byar).
 */
import { type IsrRow, isrByGroup, type LevelLimits } from '../../stats/index.ts';
import type { Sex } from '../records.ts';
import type { CaseMixUnit } from './model.ts';

/** A reference rate for one band: `count` events in `population` people. */
export interface ReferenceRate {
  /** null when the rate is for both sexes together. */
  readonly sex: Sex | null;
  /** The same band text as the practices' registration rows (`0-4`, `75+` …). */
  readonly ageBand: string;
  readonly count: number;
  readonly population: number;
}

export interface IndirectExpected {
  readonly code: string;
  readonly observed: number | null;
  /** null when the unit has no population, or bands the reference does not cover. */
  readonly expected: number | null;
  /** O / E, null when either is missing or E is 0. */
  readonly ratio: number | null;
  /** 95% and 99.8% limits of the ratio. */
  readonly limits: readonly LevelLimits[];
  readonly reason: string | null;
}

const key = (sex: Sex | null, band: string) => `${sex ?? 'all'}|${band.trim()}`;

function validateRates(rates: readonly ReferenceRate[]): void {
  if (rates.length === 0) throw new RangeError('no reference rates');
  const seen = new Set<string>();
  const bySex = { sexed: false, persons: false };
  for (const r of rates) {
    if (!(Number.isFinite(r.count) && r.count >= 0))
      throw new RangeError(`reference count for ${r.ageBand} must be ≥ 0`);
    if (!(Number.isFinite(r.population) && r.population > 0)) {
      throw new RangeError(`reference population for ${r.ageBand} must be above 0`);
    }
    const k = key(r.sex, r.ageBand);
    if (seen.has(k))
      throw new RangeError(`reference rate for ${r.sex ?? 'persons'} ${r.ageBand} given twice`);
    seen.add(k);
    if (r.sex === null) bySex.persons = true;
    else bySex.sexed = true;
  }
  if (bySex.persons && bySex.sexed) {
    throw new RangeError('reference rates must be all sex-specific or all for both sexes, not a mixture');
  }
}

/**
 * Expected counts and O/E by indirect standardisation. A unit whose registration rows include a
 * band (or sex) that the reference rates do not cover gets no expected count: dropping those patients
 * would understate what is expected.
 */
export function indirectlyStandardise(
  units: readonly CaseMixUnit[],
  rates: readonly ReferenceRate[],
): IndirectExpected[] {
  validateRates(rates);
  const persons = rates[0]!.sex === null;
  const covered = new Set(rates.map((r) => key(r.sex, r.ageBand)));
  const rows: IsrRow[] = [];
  const observedTotals = new Map<string, number | null>();
  const reasons = new Map<string, string>();
  const codes = new Set<string>();
  for (const unit of units) {
    if (codes.has(unit.code)) throw new RangeError(`practice ${unit.code} appears twice`);
    codes.add(unit.code);
    const uncovered = unit.population.find((p) => !covered.has(key(persons ? null : p.sex, p.ageBand)));
    if (unit.population.length === 0) reasons.set(unit.code, 'no registered population');
    else if (uncovered) {
      reasons.set(unit.code, `registration band ${uncovered.sex} ${uncovered.ageBand} has no reference rate`);
    } else if (unit.observed === null) reasons.set(unit.code, 'no observed count');
    if (reasons.has(unit.code)) continue;
    const patients = new Map<string, number>();
    for (const p of unit.population) {
      const k = key(persons ? null : p.sex, p.ageBand);
      patients.set(k, (patients.get(k) ?? 0) + p.patients);
    }
    observedTotals.set(unit.code, unit.observed);
    for (const r of rates) {
      rows.push({
        group: unit.code,
        count: null,
        population: patients.get(key(r.sex, r.ageBand)) ?? 0,
        referenceCount: r.count,
        referencePopulation: r.population,
      });
    }
  }
  const results = new Map(
    (rows.length === 0 ? [] : isrByGroup(rows, { observedTotals })).map((r) => [r.group, r] as const),
  );
  return units.map((unit) => {
    const r = results.get(unit.code);
    if (r === undefined) {
      return {
        code: unit.code,
        observed: unit.observed,
        expected: null,
        ratio: null,
        limits: [],
        reason: reasons.get(unit.code)!,
      };
    }
    return {
      code: unit.code,
      observed: r.observed,
      expected: r.expected,
      ratio: r.value,
      limits: r.limits,
      reason: r.expected !== null && r.expected > 0 ? null : 'expected count is 0',
    };
  });
}
