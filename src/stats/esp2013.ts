/**
 * The 2013 European Standard Population, as PHEindicatormethods ships it (`esp2013`, spec §3.4):
 * 19 five-year bands 0-4, …, 85-89 and 90+, totalling 100,000.
 */

export interface StandardBand {
  /** Label, e.g. "0-4", "85-89", "90+". */
  readonly band: string;
  /** First age in the band. */
  readonly from: number;
  /** Last age in the band, or null for the open band 90+. */
  readonly to: number | null;
  readonly population: number;
}

const POPULATIONS = [
  5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500,
  1000,
] as const;

export const ESP2013: readonly StandardBand[] = POPULATIONS.map((population, i) => ({
  band: i === 18 ? '90+' : `${5 * i}-${5 * i + 4}`,
  from: 5 * i,
  to: i === 18 ? null : 5 * i + 4,
  population,
}));

/** The populations in band order, like R's `esp2013` vector. */
export const ESP2013_POPULATIONS: readonly number[] = POPULATIONS;

/**
 * The standard population for an age-band label, matched on the band's first age so that "0-4",
 * "00-04", "0 to 4", "Aged 5-9" and "90+" / "90 and over" all work. Null if the label's first number
 * does not start one of the 19 bands, or if its second number (when given) does not end that band.
 */
export function esp2013Population(ageBand: string): number | null {
  const numbers = ageBand.match(/\d+/g)?.map(Number) ?? [];
  const from = numbers[0];
  if (from === undefined || from % 5 !== 0 || from > 90) return null;
  const band = ESP2013[from / 5]!;
  const to = numbers[1];
  if (to !== undefined && to !== band.to) return null;
  return band.population;
}
