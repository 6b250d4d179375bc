/**
 * Statistical disclosure control for public figures: which counts are too small to publish and how the
 * others are blurred. Pure and configurable; the default follows common NHS open-data practice:
 * counts of 1–7 are suppressed, every other count is rounded to the nearest 5, and 0 is shown (a zero
 * says nothing about any individual) unless `zeroIsDisclosive` is set.
 */
export interface DisclosureRule {
  /** Smallest count suppressed (1 by default). */
  readonly suppressFrom: number;
  /** Largest count suppressed (7 by default). */
  readonly suppressTo: number;
  /** Published counts are rounded to the nearest multiple of this (5 by default; 1 = no rounding). */
  readonly roundTo: number;
  /** When true, 0 is suppressed like a small count. */
  readonly zeroIsDisclosive: boolean;
}

/** The rule as a short text, for the keys of what is made under it (patterns, kept page views). */
export function ruleKey(rule: DisclosureRule): string {
  return `${rule.suppressFrom}-${rule.suppressTo}-${rule.roundTo}-${rule.zeroIsDisclosive}`;
}

export const DEFAULT_DISCLOSURE_RULE: DisclosureRule = {
  suppressFrom: 1,
  suppressTo: 7,
  roundTo: 5,
  zeroIsDisclosive: false,
};

/** A count as it may be published: a (rounded) number, suppressed, or not known at all. */
export type PublishedCount =
  | { readonly kind: 'shown'; readonly value: number }
  | { readonly kind: 'suppressed' };

/** True when `count` itself may not be shown (primary suppression). Counts are rounded to whole numbers first. */
export function isPrimarySuppressed(rule: DisclosureRule, count: number): boolean {
  const n = Math.round(count);
  if (n === 0) return rule.zeroIsDisclosive;
  return n >= rule.suppressFrom && n <= rule.suppressTo;
}

/**
 * Rounds to the nearest multiple of the rule's base (halves away from zero). A count above the
 * suppressed range is never rounded down into it (with a 1–5 range and base 5, 6 becomes 10, not 5), so
 * a published figure never looks like a small count.
 */
export function roundCount(rule: DisclosureRule, count: number): number {
  const base = Math.max(1, Math.round(rule.roundTo));
  const n = Math.round(count);
  const rounded = Math.sign(n) * Math.round(Math.abs(n) / base) * base;
  if (n > rule.suppressTo && rounded <= rule.suppressTo)
    return (Math.floor(rule.suppressTo / base) + 1) * base;
  return rounded;
}

/** One count alone, with no totals to protect (primary suppression and rounding only). */
export function publishCount(rule: DisclosureRule, count: number): PublishedCount {
  return isPrimarySuppressed(rule, count)
    ? { kind: 'suppressed' }
    : { kind: 'shown', value: roundCount(rule, count) };
}

/** The rule in plain English, shown on every page that publishes protected figures. */
export function describeRule(rule: DisclosureRule): string {
  const small =
    rule.suppressFrom <= rule.suppressTo
      ? `Counts from ${rule.suppressFrom} to ${rule.suppressTo} are not shown ("suppressed"), so that no small group of patients can be identified.`
      : 'No count is suppressed for being small.';
  const zero = rule.zeroIsDisclosive ? ' A count of 0 is suppressed too.' : ' A count of 0 is shown as 0.';
  const rounding =
    rule.roundTo > 1
      ? ` Every other count is rounded to the nearest ${rule.roundTo}, so totals may not add up exactly.`
      : '';
  const secondary =
    ' Where a table has totals, a further figure in the same row or column is also suppressed, so that a hidden count cannot be worked out by subtracting the others from the total.';
  const derived = ' A percentage or rate is not shown when any count it is made from is suppressed.';
  return `${small}${zero}${rounding}${secondary}${derived}`;
}
