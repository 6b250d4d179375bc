/**
 * Broad age bands for case-mix adjustment and peer groups, built from the registration bands the
 * importers store (records.ts `PopulationRecord.ageBand`).
 *
 * Why these five bands (0-14, 15-44, 45-64, 65-74, 75+): they are the finest bands that both the
 * monthly quinary file (0-4, 5-9 … 95+) and the legacy quarterly file (0-4, 5-14, 15-24 … 65-74, 75+)
 * can be summed into exactly, so a model or peer group means the same thing whichever file fed it.
 * Bands such as 0-17 or 80+ cannot be made from the legacy file.
 */
import type { Sex } from '../records.ts';

export const BROAD_AGE_BANDS = ['0-14', '15-44', '45-64', '65-74', '75+'] as const;
export type BroadAgeBand = (typeof BROAD_AGE_BANDS)[number];

/** One sex × broad age band cell, e.g. `{ sex: 'female', age: '75+' }`. */
export interface AgeSexBand {
  readonly sex: Sex;
  readonly age: BroadAgeBand;
}

/** The ten age-sex bands in a fixed order: male 0-14 … male 75+, then female 0-14 … female 75+. */
export const AGE_SEX_BANDS: readonly AgeSexBand[] = (['male', 'female'] as const).flatMap((sex) =>
  BROAD_AGE_BANDS.map((age) => ({ sex, age })),
);

/** `male 0-14`, `female 75+` … */
export function ageSexBandLabel(band: AgeSexBand): string {
  return `${band.sex} ${band.age}`;
}

/** Registered patients of one sex in one (source) age band, as stored from a registrations file. */
export interface PopulationCount {
  readonly sex: Sex;
  /** As the importers write it: `0-4`, `5-14`, `90-94`, `95+` … */
  readonly ageBand: string;
  readonly patients: number;
}

/** A practice's registered list summed into the ten broad age-sex bands. */
export interface BroadPopulation {
  readonly male: Readonly<Record<BroadAgeBand, number>>;
  readonly female: Readonly<Record<BroadAgeBand, number>>;
  readonly total: number;
}

const BROAD_LOWER: readonly number[] = [0, 15, 45, 65, 75];

/**
 * The broad band a source band falls in, or null when it straddles two broad bands (e.g. `60-69`) or
 * is not an age band at all.
 */
export function broadBandOf(ageBand: string): BroadAgeBand | null {
  // Called for every registration row of every practice: remember each distinct band text.
  let band = bandCache.get(ageBand);
  if (band === undefined) {
    band = parseBroadBand(ageBand);
    if (bandCache.size < 1000) bandCache.set(ageBand, band);
  }
  return band;
}

const bandCache = new Map<string, BroadAgeBand | null>();

function parseBroadBand(ageBand: string): BroadAgeBand | null {
  const range = /^(\d{1,3})-(\d{1,3})$/.exec(ageBand.trim());
  const open = /^(\d{1,3})\+$/.exec(ageBand.trim());
  let lower: number;
  let upper: number;
  if (range) {
    lower = Number(range[1]);
    upper = Number(range[2]);
    if (upper < lower) return null;
  } else if (open) {
    lower = Number(open[1]);
    upper = Number.POSITIVE_INFINITY;
  } else return null;
  for (let k = BROAD_LOWER.length - 1; k >= 0; k--) {
    if (lower >= BROAD_LOWER[k]!) {
      const nextLower = BROAD_LOWER[k + 1] ?? Number.POSITIVE_INFINITY;
      return upper < nextLower || nextLower === Number.POSITIVE_INFINITY ? BROAD_AGE_BANDS[k]! : null;
    }
  }
  return null;
}

function emptyBands(): Record<BroadAgeBand, number> {
  return { '0-14': 0, '15-44': 0, '45-64': 0, '65-74': 0, '75+': 0 };
}

/**
 * Sums a practice's registration rows into the broad age-sex bands. Throws RangeError for a band that
 * cannot be placed in one broad band or a count that is negative or not finite: silently dropping
 * patients would bias every expected count made from the result.
 */
export function broadPopulation(rows: readonly PopulationCount[]): BroadPopulation {
  const male = emptyBands();
  const female = emptyBands();
  let total = 0;
  for (const row of rows) {
    const band = broadBandOf(row.ageBand);
    if (band === null) throw new RangeError(`age band "${row.ageBand}" does not fit one broad age band`);
    if (!(Number.isFinite(row.patients) && row.patients >= 0)) {
      throw new RangeError(`patients must be a count (got ${row.patients} for ${row.sex} ${row.ageBand})`);
    }
    (row.sex === 'male' ? male : female)[band] += row.patients;
    total += row.patients;
  }
  return { male, female, total };
}

/** Patients in one age-sex band. */
export function patientsIn(population: BroadPopulation, band: AgeSexBand): number {
  return population[band.sex][band.age];
}

/** Share of the list in each broad age band (both sexes), or null for an empty list. */
export function ageShares(population: BroadPopulation): Record<BroadAgeBand, number> | null {
  if (!(population.total > 0)) return null;
  const shares = emptyBands();
  for (const age of BROAD_AGE_BANDS) {
    shares[age] = (population.male[age] + population.female[age]) / population.total;
  }
  return shares;
}
