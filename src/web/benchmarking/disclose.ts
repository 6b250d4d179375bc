/**
 * What a visitor (not signed in) may see of a benchmarking figure: its counts under the release's
 * suppression pattern (src/app/benchmarking/disclosure.ts), and whether the figures made from them —
 * value, limits, observed ÷ expected — may be shown (only when every count they come from is shown).
 * Signed-in users with a role see every figure: `disclosure` is null for them.
 */
import { type Disclosure, publishedArea, publishedPractice } from '../../app/benchmarking/disclosure.ts';

export interface ShownCounts {
  numerator: number | null;
  denominator: number | null;
  suppressed: { numerator: boolean; denominator: boolean };
  /** False when a count behind the value is suppressed, so the value and its limits are too. */
  derivedShown: boolean;
}

function shown(
  d: Disclosure | null,
  pick: typeof publishedPractice,
  code: string,
  numerator: number | null,
  denominator: number | null,
): ShownCounts {
  if (!d || numerator === null || denominator === null) {
    return {
      numerator,
      denominator,
      suppressed: { numerator: false, denominator: false },
      derivedShown: true,
    };
  }
  const p = pick(d, code, numerator, denominator);
  const n = p.numerator.kind === 'shown' ? p.numerator.value : null;
  const den = p.denominator.kind === 'shown' ? p.denominator.value : null;
  return {
    numerator: n,
    denominator: den,
    suppressed: { numerator: n === null, denominator: den === null },
    derivedShown: n !== null && den !== null,
  };
}

export const practiceCounts = (
  d: Disclosure | null,
  code: string,
  numerator: number | null,
  denominator: number | null,
): ShownCounts => shown(d, publishedPractice, code, numerator, denominator);

export const areaCounts = (
  d: Disclosure | null,
  code: string,
  numerator: number | null,
  denominator: number | null,
): ShownCounts => shown(d, publishedArea, code, numerator, denominator);

/** The figure when it may be shown, else null. */
export function derived<T>(c: ShownCounts, value: T): T | null {
  return c.derivedShown ? value : null;
}
