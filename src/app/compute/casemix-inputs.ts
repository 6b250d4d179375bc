// The population (age-sex structure) and deprivation each practice brings to the case-mix model for
// a period: the registrations extract nearest the period's end date, and the latest IMD edition no
// later than the period (else the earliest one there is). Loaded once per extract and edition.

import type { Kysely } from 'kysely';
import type { PopulationCount } from '../../domain/casemix/age-bands.ts';
import { broadBandOf } from '../../domain/casemix/age-bands.ts';
import type { Database } from '../../store/schema.ts';

export interface CaseMixSources {
  populationExtract: string | null;
  imdYear: number | null;
  population: Map<string, PopulationCount[]>;
  imd: Map<string, number>;
}

export class CaseMixInputs {
  private readonly populations = new Map<string, Map<string, PopulationCount[]>>();
  private readonly scores = new Map<number, Map<string, number>>();

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly extractDates: readonly string[],
    private readonly imdYears: readonly number[],
  ) {}

  static async load(db: Kysely<Database>): Promise<CaseMixInputs> {
    const dates = await db
      .selectFrom('population')
      .select('extract_date')
      .distinct()
      .orderBy('extract_date')
      .execute();
    const years = await db
      .selectFrom('imd_score')
      .select('imd_year')
      .distinct()
      .orderBy('imd_year')
      .execute();
    return new CaseMixInputs(
      db,
      dates.map((d) => d.extract_date),
      years.map((y) => y.imd_year),
    );
  }

  /** The extract nearest `date` (ties: the earlier one). */
  nearestExtract(date: string): string | null {
    let best: string | null = null;
    let bestDays = Number.POSITIVE_INFINITY;
    const t = Date.parse(date);
    for (const d of this.extractDates) {
      const days = Math.abs(Date.parse(d) - t);
      if (days < bestDays) {
        best = d;
        bestDays = days;
      }
    }
    return best;
  }

  /** The latest edition no later than the year of `date`, else the earliest. */
  imdEdition(date: string): number | null {
    const year = Number(date.slice(0, 4));
    const earlier = this.imdYears.filter((y) => y <= year);
    return earlier.length > 0 ? earlier[earlier.length - 1]! : (this.imdYears[0] ?? null);
  }

  async forDate(date: string): Promise<CaseMixSources> {
    const populationExtract = this.nearestExtract(date);
    const imdYear = this.imdEdition(date);
    return {
      populationExtract,
      imdYear,
      population: populationExtract === null ? new Map() : await this.population(populationExtract),
      imd: imdYear === null ? new Map() : await this.imd(imdYear),
    };
  }

  /** One extract summed into the broad age-sex bands (bands that fit none are left out). */
  private async population(extract: string): Promise<Map<string, PopulationCount[]>> {
    const hit = this.populations.get(extract);
    if (hit) return hit;
    const rows = await this.db
      .selectFrom('population')
      .select(['practice_code', 'sex', 'age_band', 'patients'])
      .where('extract_date', '=', extract)
      .orderBy('practice_code')
      .orderBy('sex')
      .orderBy('age_band')
      .execute();
    const sums = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const band = broadBandOf(r.age_band);
      if (band === null) continue;
      const bands = sums.get(r.practice_code) ?? new Map<string, number>();
      sums.set(r.practice_code, bands);
      const key = `${r.sex}|${band}`;
      bands.set(key, (bands.get(key) ?? 0) + r.patients);
    }
    const out = new Map<string, PopulationCount[]>();
    for (const [practice, bands] of sums) {
      out.set(
        practice,
        [...bands.entries()].map(([key, patients]) => {
          const [sex, ageBand] = key.split('|') as ['male' | 'female', string];
          return { sex, ageBand, patients };
        }),
      );
    }
    this.populations.set(extract, out);
    return out;
  }

  private async imd(year: number): Promise<Map<string, number>> {
    const hit = this.scores.get(year);
    if (hit) return hit;
    const rows = await this.db
      .selectFrom('imd_score')
      .select(['practice_code', 'score'])
      .where('imd_year', '=', year)
      .execute();
    const out = new Map(rows.map((r) => [r.practice_code, r.score] as const));
    this.scores.set(year, out);
    return out;
  }
}
