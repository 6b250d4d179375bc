/**
 * How a result reads on the pages: its comparison with England (crude, Fingertips method at 95% and
 * 99.8%) or its case-mix adjusted funnel flag, turned by the indicator's polarity into better / worse
 * (or higher / lower where no judgement is made), with words that say so without relying on colour.
 */
import type { Polarity } from '../../domain/indicators/definition.ts';
import type { Result } from '../../store/schema.ts';
import type { ComparisonKey } from '../charts/palette.ts';

export type Basis = 'crude' | 'adjusted';

export interface ComparisonView {
  key: ComparisonKey;
  /** The strongest level it holds at: '99.8%' (also at 95%), '95%', or null (similar / not compared). */
  level: '99.8%' | '95%' | null;
  /** "Worse than England (99.8%)", "Higher than expected for its population (95%)", "Not compared". */
  text: string;
}

const KNOWN: readonly ComparisonKey[] = ['better', 'similar', 'worse', 'higher', 'lower', 'not_compared'];

function asKey(value: string | null): ComparisonKey {
  return value && (KNOWN as readonly string[]).includes(value) ? (value as ComparisonKey) : 'not_compared';
}

/** higher/lower turned into better/worse by polarity (no_judgement keeps higher/lower). */
export function judged(direction: 'higher' | 'lower', polarity: Polarity): ComparisonKey {
  if (polarity === 'higher_is_better') return direction === 'higher' ? 'better' : 'worse';
  if (polarity === 'lower_is_better') return direction === 'higher' ? 'worse' : 'better';
  return direction;
}

const CAPITAL: Record<ComparisonKey, string> = {
  better: 'Better',
  similar: 'Similar',
  worse: 'Worse',
  higher: 'Higher',
  lower: 'Lower',
  not_compared: 'Not compared',
};

export function crudeComparison(result: Result): ComparisonView {
  const key = asKey(result.cmp_england);
  if (key === 'not_compared') return { key, level: null, text: 'Not compared with England' };
  if (key === 'similar') return { key, level: null, text: 'Similar to England' };
  const strong = asKey(result.cmp_england_998) === key;
  const level = strong ? '99.8%' : '95%';
  return { key, level, text: `${CAPITAL[key]} than England (${level})` };
}

export function adjustedComparison(result: Result, polarity: Polarity): ComparisonView {
  const flag = result.casemix_flag;
  if (flag === null || result.expected === null) {
    return { key: 'not_compared', level: null, text: 'Not adjusted for case mix' };
  }
  if (flag === 'none') return { key: 'similar', level: null, text: 'As expected for its population' };
  const direction = flag.startsWith('high') ? 'higher' : 'lower';
  const level = flag.endsWith('99_8') ? '99.8%' : '95%';
  const key = judged(direction, polarity);
  const words =
    key === direction ? `${CAPITAL[key]} than expected` : `${CAPITAL[key]} than expected (${direction})`;
  return { key, level, text: `${words} for its age and deprivation profile (${level})` };
}

export function comparisonFor(result: Result, polarity: Polarity, basis: Basis): ComparisonView {
  return basis === 'crude' ? crudeComparison(result) : adjustedComparison(result, polarity);
}

/** The comparison with the practice's peer group (crude, 95% / 99.8%). */
export function peerComparison(result: Result): ComparisonView {
  const key = asKey(result.cmp_peers);
  if (key === 'not_compared') return { key, level: null, text: 'Not compared with peers' };
  if (key === 'similar') return { key, level: null, text: 'Similar to its peers' };
  const level = asKey(result.cmp_peers_998) === key ? '99.8%' : '95%';
  return { key, level, text: `${CAPITAL[key]} than its peers (${level})` };
}

export function parseBasis(value: string | undefined, fallback: Basis = 'crude'): Basis {
  return value === 'adjusted' ? 'adjusted' : value === 'crude' ? 'crude' : fallback;
}

export const BASIS_LABEL: Record<Basis, string> = {
  crude: 'crude (compared with England)',
  adjusted: 'case-mix adjusted (compared with what is expected for its age and deprivation profile)',
};

export const POLARITY_LABEL: Record<Polarity, string> = {
  higher_is_better: 'Higher is better',
  lower_is_better: 'Lower is better',
  no_judgement: 'Neither higher nor lower is better',
};
