/**
 * The "why is this flagged" sentence of the headline judgment. It names the comparison that made the
 * verdict, says what it found and at what level, turns it into better or worse by polarity, and then
 * gives the crude comparison with England as context, e.g.
 *
 *   "Flagged by the case-mix adjusted comparison: higher than expected for a practice with its age,
 *    sex, deprivation and rurality profile, outside the 99.8% limits that allow for the usual
 *    variation between practices — worse, as lower is better for this indicator. For context, the
 *    crude comparison: higher than England at 99.8%."
 */

import type { BenchmarkComparison, Polarity } from '../../stats/index.ts';
import { crudeFinding } from '../casemix/why-flagged.ts';
import { type HeadlineBasis, headlineVerdict } from './verdict.ts';

export interface HeadlineWhyInput {
  /** The headline flag (FunnelFlag) or null when not judged. */
  readonly flag: string | null;
  readonly basis: HeadlineBasis | null;
  readonly polarity: Polarity;
  /** The crude comparison with England at 95% and 99.8% (context). */
  readonly england95: BenchmarkComparison;
  readonly england99_8: BenchmarkComparison;
}

const PROFILE = 'a practice with its age, sex, deprivation and rurality profile';

export const BASIS_NAME: Record<HeadlineBasis, string> = {
  adjusted: 'the case-mix adjusted comparison',
  funnel: 'the funnel comparison with all practices in England',
};

function context(input: HeadlineWhyInput): string {
  const crude = crudeFinding(input);
  const found =
    crude.kind === 'different'
      ? `${crude.direction} than England at ${crude.level}`
      : crude.kind === 'similar'
        ? 'similar to England'
        : 'not compared with England';
  return `For context, the crude comparison: ${found}.`;
}

function judgement(direction: 'higher' | 'lower', polarity: Polarity): string {
  if (polarity === 'no_judgement') return 'this indicator is not judged better or worse';
  const good = (direction === 'higher') === (polarity === 'higher_is_better');
  return `${good ? 'better' : 'worse'}, as ${polarity === 'higher_is_better' ? 'higher' : 'lower'} is better for this indicator`;
}

export function headlineWhy(input: HeadlineWhyInput): string {
  const verdict = headlineVerdict(input.flag, input.polarity);
  if (verdict.key === 'not_compared' || input.basis === null) {
    return `Not judged: no headline comparison for this practice. ${context(input)}`;
  }
  if (verdict.direction === null) {
    const range = input.basis === 'adjusted' ? `expected for ${PROFILE}` : 'of practices in England';
    return `Not flagged: within the range ${range} (${BASIS_NAME[input.basis]}, allowing for the usual variation between practices). ${context(input)}`;
  }
  const what =
    input.basis === 'adjusted'
      ? `${verdict.direction} than expected for ${PROFILE}`
      : `${verdict.direction} than practices across England (no case-mix adjustment was possible)`;
  return `Flagged by ${BASIS_NAME[input.basis]}: ${what}, outside the ${verdict.level} limits that allow for the usual variation between practices — ${judgement(verdict.direction, input.polarity)}. ${context(input)}`;
}
