/**
 * Derived figures (percentages, rates, ratios) on public pages: a derived figure is shown only when
 * every count it is made from is shown, because a rate beside a known denominator gives its numerator
 * back. The figure is then computed from the unrounded counts (rounding is for counts; a rate from
 * rounded counts would be wrong without protecting anything more).
 */
import type { PublishedCount } from './rule.ts';

export function publishDerived(value: number | null, from: readonly PublishedCount[]): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return from.every((c) => c.kind === 'shown') ? value : null;
}
