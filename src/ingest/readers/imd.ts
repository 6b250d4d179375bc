// Which Fingertips indicators are IMD deprivation scores, and of which IMD edition.
// 93553 "Deprivation score (IMD 2019)" is the one Fingertips serves for GP practices; its API
// extract also carries the 2010 and 2015 scores under the same id, told apart by Year.

export const IMD_INDICATOR_IDS: ReadonlySet<number> = new Set([93553]);

/** The IMD edition in an indicator name such as `Deprivation score (IMD 2019)`, else null. */
export function imdEditionOf(indicatorName: string): number | null {
  const match = /\bIMD\s?(\d{4})\b/i.exec(indicatorName);
  return /deprivation score/i.test(indicatorName) && match ? Number(match[1]) : null;
}
