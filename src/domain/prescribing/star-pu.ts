// STAR-PU weighted lists (issue 20): Specific Therapeutic group Age-sex Related Prescribing Units.
// A practice's STAR-PU for a therapeutic group is its registered patients weighted by age band and
// sex: STAR-PU = Σ over bands and sexes of patients × weight. A measure divided by it compares
// practices as if they had the same age-sex mix, as OpenPrescribing's antibiotic measures do.
//
// The weights are the HSCIC's published STAR-PUs (2013), kept with their source and licence in
// measures/weights/star-pu-2013.json (from the HSCIC workbook as transcribed in ebmdatalab/
// openprescribing, openprescribing/frontend/star_pu_weights.json at commit ee39524: Open Government
// Licence v3.0 for the weights, MIT for the transcription). Their bands are those of the legacy
// quarterly list files (0-4, 5-14, 15-24 … 65-74, 75+); the current registrations' 5-year bands are
// summed into them. A practice with no age-sex breakdown has no STAR-PU (null), never a guess.
import type { Sex } from '../records.ts';

export const STAR_PU_BANDS = [
  '0-4',
  '5-14',
  '15-24',
  '25-34',
  '35-44',
  '45-54',
  '55-64',
  '65-74',
  '75+',
] as const;
export type StarPuBand = (typeof STAR_PU_BANDS)[number];

/** One therapeutic group's weights: per STAR-PU band, [male, female]. */
export type StarPuWeights = Readonly<Record<StarPuBand, readonly [number, number]>>;

/** The STAR-PU band a stored age band falls in ('5-9' → '5-14', '80-84' → '75+'); null for others ('ALL'). */
export function starPuBand(ageBand: string): StarPuBand | null {
  if ((STAR_PU_BANDS as readonly string[]).includes(ageBand)) return ageBand as StarPuBand;
  const match = /^(\d+)(?:-(\d+)|\+)$/.exec(ageBand);
  if (!match) return null;
  const from = Number(match[1]);
  const to = match[2] === undefined ? Number.POSITIVE_INFINITY : Number(match[2]);
  if (from >= 75) return '75+';
  for (const band of STAR_PU_BANDS) {
    const [low, high] = band.split('-').map(Number) as [number, number];
    if (from >= low && to <= high) return band;
  }
  return null;
}

export interface AgeSexCount {
  sex: Sex;
  ageBand: string;
  patients: number;
}

/** Σ patients × weight over the practice's age-sex counts; null when none falls in a STAR-PU band. */
export function starPu(counts: readonly AgeSexCount[], weights: StarPuWeights): number | null {
  let total = 0;
  let counted = false;
  for (const c of counts) {
    const band = starPuBand(c.ageBand);
    if (band === null) continue;
    total += c.patients * weights[band][c.sex === 'male' ? 0 : 1];
    counted = true;
  }
  return counted ? total : null;
}

/** Reads measures/weights/star-pu-*.json: every group's weights, each checked for all nine bands. */
export function parseStarPuWeights(file: string, json: unknown): Map<string, StarPuWeights> {
  const groups = (json as { weights?: unknown } | null)?.weights;
  if (typeof groups !== 'object' || groups === null) throw new Error(`${file}: weights: expected an object`);
  const parsed = new Map<string, StarPuWeights>();
  for (const [group, raw] of Object.entries(groups as Record<string, unknown>)) {
    const bands = raw as Record<string, unknown>;
    for (const band of STAR_PU_BANDS) {
      const pair = bands?.[band];
      if (!Array.isArray(pair) || pair.length !== 2 || pair.some((w) => typeof w !== 'number' || w < 0))
        throw new Error(`${file}: weights.${group}.${band}: expected [male, female] weights`);
    }
    parsed.set(group, bands as unknown as StarPuWeights);
  }
  return parsed;
}
