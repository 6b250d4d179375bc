/**
 * Derived figures (percentages, rates, ratios) on public pages: a derived figure is shown only when
 * every count it is made from is shown, because a rate beside a known denominator gives its numerator
 * back — and it is made FROM THE PUBLISHED COUNTS (`publishedRatio`), never from the true ones: a rate
 * of the true counts printed to 15 significant figures beside counts rounded to 5 lets a search of the
 * few counts near the published ones find the one pair that reproduces it (issue 11, finding 2).
 */
import type { PublishedCount } from './rule.ts';

/** A figure that is not made from the counts (or is already made from the published ones). */
export function publishDerived(value: number | null, from: readonly PublishedCount[]): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return from.every((c) => c.kind === 'shown') ? value : null;
}

/** numerator ÷ denominator × multiplier of the published counts; null when either is suppressed or 0. */
export function publishedRatio(
  numerator: PublishedCount,
  denominator: PublishedCount,
  multiplier: number,
): number | null {
  if (numerator.kind !== 'shown' || denominator.kind !== 'shown' || denominator.value <= 0) return null;
  return (numerator.value / denominator.value) * multiplier;
}
