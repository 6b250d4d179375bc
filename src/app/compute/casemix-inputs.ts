// The population (age-sex structure) and deprivation each practice brings to the case-mix models for
// a period: the registrations extract nearest the period's end date, and the latest IMD edition no
// later than the period (else the earliest one there is), plus rurality as NHS Payments publishes it.
// Loaded once per extract and edition. The population comes twice: summed into the five broad bands
// (the binomial GLM of src/domain/casemix/model.ts) and in the file's own bands (the age-sex
// standardisation of the headline judgment, src/domain/casemix/standardised-model.ts).

import type { Kysely } from 'kysely';
import type { PopulationCount } from '../../domain/casemix/age-bands.ts';
import { broadBandOf } from '../../domain/casemix/age-bands.ts';
import type { Database } from '../../store/schema.ts';

export interface CaseMixSources {
  populationExtract: string | null;
  imdYear: number | null;
  /** Summed into the ten broad age-sex bands. */
  population: Map<string, PopulationCount[]>;
  /** In the registration file's own bands (5-year bands by sex in the monthly file). */
  finePopulation: Map<string, PopulationCount[]>;
  imd: Map<string, number>;
  /** Rural (true) or urban (false) practices; a practice not in the map is not known. */
  rural: Map<string, boolean>;
}

/** Female before male, then by the band's lower age (`0-4`, `5-9`, … `95+`), then by its text. */
export function compareBands(a: PopulationCount, b: PopulationCount): number {
  if (a.sex !== b.sex) return a.sex === 'female' ? -1 : 1;
  const lower = (band: string) => Number(/^\d+/.exec(band)?.[0] ?? Number.POSITIVE_INFINITY);
  return lower(a.ageBand) - lower(b.ageBand) || (a.ageBand < b.ageBand ? -1 : a.ageBand > b.ageBand ? 1 : 0);
}

/** One extract's populations as read so far: every practice's, or those of the practices asked for. */
interface ExtractPopulations {
  broad: Map<string, PopulationCount[]>;
  fine: Map<string, PopulationCount[]>;
  /** Every practice of the extract is read. */
  complete: boolean;
  /** The practices read (with or without rows in the extract), when not complete. */
  asked: Set<string>;
}

/**
 * Beyond this many practices not read yet, the whole extract is read at once (one scan) instead of
 * the practices one index look-up each. An incremental release computing one local indicator for a
 * few hundred practices reads a few thousand rows instead of a national extract's quarter of a million
 * (1.8 of its ~5.5 s, issue 15); a full release reads each extract once, whole, at its first indicator.
 */
const READ_WHOLE_EXTRACT_BEYOND = 2000;

export class CaseMixInputs {
  private readonly populations = new Map<string, ExtractPopulations>();
  private readonly scores = new Map<number, Map<string, number>>();

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly extractDates: readonly string[],
    private readonly imdYears: readonly number[],
    private readonly rurality: Map<string, boolean>,
  ) {}

  /** `extractDates`: the registration extracts' dates, ascending, when the caller has read them. */
  static async load(db: Kysely<Database>, extractDates?: readonly string[]): Promise<CaseMixInputs> {
    const dates =
      extractDates ??
      (
        await db.selectFrom('population').select('extract_date').distinct().orderBy('extract_date').execute()
      ).map((d) => d.extract_date);
    const years = await db
      .selectFrom('imd_score')
      .select('imd_year')
      .distinct()
      .orderBy('imd_year')
      .execute();
    const rurality = new Map<string, boolean>();
    const organisations = await db
      .selectFrom('organisation')
      .select(['code', 'rurality'])
      .where('kind', '=', 'practice')
      .where('rurality', 'is not', null)
      .execute();
    for (const o of organisations) {
      if (/^rural/i.test(o.rurality!)) rurality.set(o.code, true);
      else if (/^urban/i.test(o.rurality!)) rurality.set(o.code, false);
    }
    return new CaseMixInputs(
      db,
      dates,
      years.map((y) => y.imd_year),
      rurality,
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

  /**
   * The sources of a period ending on `date`: for the practices named (a map holds those of them the
   * extract has), else for every practice. A practice's counts are the same either way.
   */
  async forDate(date: string, practices?: readonly string[]): Promise<CaseMixSources> {
    const populationExtract = this.nearestExtract(date);
    const imdYear = this.imdEdition(date);
    const population =
      populationExtract === null ? null : await this.population(populationExtract, practices);
    return {
      populationExtract,
      imdYear,
      population: population?.broad ?? new Map(),
      finePopulation: population?.fine ?? new Map(),
      imd: imdYear === null ? new Map() : await this.imd(imdYear),
      rural: this.rurality,
    };
  }

  /**
   * One extract summed into the broad age-sex bands (bands that fit none are left out), and as the
   * file gives it (rows of the same sex and band summed): for `practices` when few are not read yet,
   * else for every practice.
   */
  private async population(extract: string, practices?: readonly string[]): Promise<ExtractPopulations> {
    let read = this.populations.get(extract);
    if (!read) {
      read = { broad: new Map(), fine: new Map(), complete: false, asked: new Set() };
      this.populations.set(extract, read);
    }
    if (read.complete) return read;
    const missing = practices ? [...new Set(practices)].filter((p) => !read.asked.has(p)) : null;
    if (missing !== null && missing.length === 0) return read;
    const whole = missing === null || missing.length > READ_WHOLE_EXTRACT_BEYOND;
    let query = this.db
      .selectFrom('population')
      .select(['practice_code', 'sex', 'age_band', 'patients'])
      .where('extract_date', '=', extract);
    if (!whole) query = query.where('practice_code', 'in', missing);
    const rows = await query.orderBy('practice_code').orderBy('sex').orderBy('age_band').execute();
    addPopulations(read, rows);
    if (whole) read.complete = true;
    else for (const p of missing) read.asked.add(p);
    return read;
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

/**
 * Each practice's rows (ordered by practice, sex and band) summed into the broad bands and in the
 * file's own bands. A practice's sums depend only on its own rows, so reading a few practices gives
 * them exactly as reading the whole extract does.
 */
function addPopulations(
  into: { broad: Map<string, PopulationCount[]>; fine: Map<string, PopulationCount[]> },
  rows: readonly { practice_code: string; sex: 'male' | 'female'; age_band: string; patients: number }[],
): void {
  const sums = new Map<string, Map<string, number>>();
  const fineSums = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const fine = fineSums.get(r.practice_code) ?? new Map<string, number>();
    fineSums.set(r.practice_code, fine);
    const fineKey = `${r.sex}|${r.age_band}`;
    fine.set(fineKey, (fine.get(fineKey) ?? 0) + r.patients);
    const band = broadBandOf(r.age_band);
    if (band === null) continue;
    const bands = sums.get(r.practice_code) ?? new Map<string, number>();
    sums.set(r.practice_code, bands);
    const key = `${r.sex}|${band}`;
    bands.set(key, (bands.get(key) ?? 0) + r.patients);
  }
  const counts = (bands: Map<string, number>): PopulationCount[] =>
    [...bands.entries()].map(([key, patients]) => {
      const [sex, ageBand] = key.split('|') as ['male' | 'female', string];
      return { sex, ageBand, patients };
    });
  for (const [practice, bands] of sums) into.broad.set(practice, counts(bands));
  // The file's own bands in one canonical order (female then male, youngest first), set here and not
  // by the database's text collation: the standardised model's sums run in this order, and a release
  // must come out the same on PGlite and PostgreSQL.
  for (const [practice, bands] of fineSums) into.fine.set(practice, counts(bands).sort(compareBands));
}
