/**
 * What peer groups compare: a practice's list size, age structure, deprivation and rurality.
 */
import { ageShares, type BroadAgeBand, broadPopulation, type PopulationCount } from '../casemix/age-bands.ts';

export interface PracticeProfile {
  readonly code: string;
  /** Registered patients; null when not known. */
  readonly listSize: number | null;
  /** Share of the list in each broad age band (they add to 1); null when not known. */
  readonly ageShares: Readonly<Record<BroadAgeBand, number>> | null;
  /** Population-weighted IMD score; null when not known. */
  readonly imdScore: number | null;
  /** true = rural, false = urban, null = not known. */
  readonly rural: boolean | null;
}

export interface ProfileSources {
  readonly code: string;
  /** The list size; when absent or null, the registration rows' total is used. */
  readonly listSize?: number | null;
  /** Registration rows by sex and age band (as stored); empty or absent when not known. */
  readonly population?: readonly PopulationCount[];
  readonly imdScore?: number | null;
  /** As published, e.g. `Urban`, `Rural`, `Unknown` (NHS Payments to General Practice); null when not known. */
  readonly rurality?: string | null;
}

/** `Rural …` → true, `Urban …` → false, anything else (including `Unknown`) → null. */
export function parseRurality(text: string | null | undefined): boolean | null {
  if (text === null || text === undefined) return null;
  const t = text.trim().toLowerCase();
  if (t.startsWith('rural')) return true;
  if (t.startsWith('urban')) return false;
  return null;
}

/** Builds a profile from what the store holds about a practice. */
export function practiceProfile(sources: ProfileSources): PracticeProfile {
  const population = sources.population ?? [];
  const broad = population.length > 0 ? broadPopulation(population) : null;
  const listSize = sources.listSize ?? (broad !== null && broad.total > 0 ? broad.total : null);
  return {
    code: sources.code,
    listSize: listSize !== null && listSize > 0 ? listSize : null,
    ageShares: broad === null ? null : ageShares(broad),
    imdScore: sources.imdScore ?? null,
    rural: parseRurality(sources.rurality),
  };
}
