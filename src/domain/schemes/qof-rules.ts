// The QOF payment rules, one small function each, so each can be checked by hand (docs/schemes.md,
// "QOF-style formulas"). Sources: the Statement of Financial Entitlements' achievement calculation as
// summarised by practice guidance (achievement D = A ÷ (B − C) × 100 with C the personalised care
// adjustments; points H = (D − E) ÷ (F − E) × G between the minimum E and maximum F thresholds), and
// payment = points × £ per point × CPI × APDF with CPI = practice list ÷ national average list and
// APDF = practice prevalence ÷ national prevalence.

/**
 * Achievement %: numerator ÷ denominator × 100, where the denominator is already net of exceptions
 * (the SFE's B − C; QOF's published DENOMINATOR). Null when there is no one to measure.
 */
export function achievementPercent(numerator: number, denominatorAfterExceptions: number): number | null {
  return denominatorAfterExceptions > 0 ? (100 * numerator) / denominatorAfterExceptions : null;
}

/**
 * Points for an achievement: 0 at or below the lower threshold, all `points` at or above the upper,
 * and linear between: points × (achievement − lower) ÷ (upper − lower). Not rounded.
 */
export function pointsForAchievement(
  achievement: number,
  lower: number,
  upper: number,
  points: number,
): number {
  if (achievement <= lower) return 0;
  if (achievement >= upper) return points;
  return (points * (achievement - lower)) / (upper - lower);
}

/** Adjusted Practice Disease Factor: practice prevalence ÷ national prevalence (0 with an empty register). */
export function prevalenceFactor(practicePrevalence: number, nationalPrevalence: number): number {
  return practicePrevalence / nationalPrevalence;
}

/** Contractor Population Index: practice list ÷ national average list. */
export function listSizeFactor(listSize: number, nationalAverageList: number): number {
  return listSize / nationalAverageList;
}
