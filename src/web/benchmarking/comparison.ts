/**
 * How a result reads on the pages. The coloured verdict everywhere is the HEADLINE judgment
 * (src/domain/judgment): the case-mix adjusted comparison, or the funnel of all practices where no
 * adjustment was possible, allowing for legitimate variation between practices — turned by the
 * indicator's polarity into better / worse (or higher / lower where no judgement is made), with words
 * that say so without relying on colour. The crude comparison with England (Fingertips method at 95%
 * and 99.8%) and the case-mix adjusted funnel flag stay as labelled context.
 */

import type { Result } from '../../app/db.ts';
import type { Polarity } from '../../domain/indicators/definition.ts';
import { type HeadlineBasis, headlineVerdict } from '../../domain/judgment/index.ts';
import type { ComparisonKey } from '../charts/palette.ts';

/** What a funnel chart plots: the crude funnel, the case-mix adjusted one, or the headline z-scores. */
export type Basis = 'crude' | 'adjusted' | 'headline';

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

/** The headline verdict with the numbers behind it (the API's `flag`). */
export interface HeadlineView extends ComparisonView {
  /** The stored flag: high_99_8, high_95, none, low_95, low_99_8; null when not judged. */
  flag: string | null;
  /** The comparison that made the verdict; null when not judged. */
  basis: HeadlineBasis | null;
  /** Signed z-score (positive: higher than expected). */
  z: number | null;
  /** The count the practice was judged against, and observed ÷ that. */
  expected: number | null;
  ratio: number | null;
}

const AGAINST: Record<HeadlineBasis, { than: string; within: string }> = {
  adjusted: { than: 'than expected for its population', within: 'As expected for its population' },
  funnel: { than: 'than practices across England', within: 'Within the range of practices in England' },
};

/** The headline verdict of a practice result, in words. */
export function headlineComparison(result: Result, polarity: Polarity): HeadlineView {
  const basis = (result.headline_basis ?? null) as HeadlineBasis | null;
  const v = headlineVerdict(result.headline_flag, polarity);
  const numbers = {
    flag: result.headline_flag ?? null,
    basis,
    z: result.headline_z ?? null,
    expected: result.headline_expected ?? null,
    ratio:
      result.headline_expected && result.numerator !== null
        ? result.numerator / result.headline_expected
        : null,
  };
  if (v.key === 'not_compared' || basis === null) {
    return { key: 'not_compared', level: null, text: 'Not judged', ...numbers };
  }
  if (v.direction === null) return { key: 'similar', level: null, text: AGAINST[basis].within, ...numbers };
  const words = v.key === v.direction ? CAPITAL[v.key] : `${CAPITAL[v.key]} (${v.direction})`;
  return { key: v.key, level: v.level, text: `${words} ${AGAINST[basis].than} (${v.level})`, ...numbers };
}

/** A verdict stripped of its numbers (for a visitor when the practice's counts are suppressed). */
export function withoutNumbers(h: HeadlineView): HeadlineView {
  return { ...h, z: null, expected: null, ratio: null };
}

/** The comparison with the practice's peer group (crude, 95% / 99.8%). */
export function peerComparison(result: Result): ComparisonView {
  const key = asKey(result.cmp_peers);
  if (key === 'not_compared') return { key, level: null, text: 'Not compared with peers' };
  if (key === 'similar') return { key, level: null, text: 'Similar to its peers' };
  const level = asKey(result.cmp_peers_998) === key ? '99.8%' : '95%';
  return { key, level, text: `${CAPITAL[key]} than its peers (${level})` };
}

/** The comparison that made a headline verdict, in words. */
export const HEADLINE_BASIS_LABEL: Record<HeadlineBasis, string> = {
  adjusted: 'case-mix adjusted comparison',
  funnel: 'funnel comparison with all practices (no case-mix adjustment possible)',
};

export const POLARITY_LABEL: Record<Polarity, string> = {
  higher_is_better: 'Higher is better',
  lower_is_better: 'Lower is better',
  no_judgement: 'Neither higher nor lower is better',
};

/** The levels a scorecard can compare a practice with (the scorecard's ?compare=). */
export type ComparisonLevel = 'england' | 'icb' | 'sub_icb' | 'pcn' | 'peers';

export const COMPARISON_LEVELS: readonly ComparisonLevel[] = ['england', 'icb', 'sub_icb', 'pcn', 'peers'];

export const COMPARISON_LEVEL_LABEL: Record<ComparisonLevel, string> = {
  england: 'England',
  icb: 'ICB',
  sub_icb: 'Sub-ICB location',
  pcn: 'PCN',
  peers: 'Peer group',
};

/**
 * The crude comparison of a practice's result with one level (Fingertips method at 95% and 99.8%,
 * computed by `recompute` into cmp_<level>): context beside the headline judgment, never its colour.
 * `against` names the comparator in the sentence ("England", "its ICB", "its peers").
 */
export function levelComparison(result: Result, level: ComparisonLevel, against: string): ComparisonView {
  if (level === 'england') return crudeComparison(result);
  if (level === 'peers') return peerComparison(result);
  const column = { icb: 'cmp_icb', sub_icb: 'cmp_sub_icb', pcn: 'cmp_pcn' } as const;
  const key = asKey(result[column[level]]);
  if (key === 'not_compared') return { key, level: null, text: `Not compared with ${against}` };
  if (key === 'similar') return { key, level: null, text: `Similar to ${against}` };
  const level998 = { icb: 'cmp_icb_998', sub_icb: 'cmp_sub_icb_998', pcn: 'cmp_pcn_998' } as const;
  const strength = asKey(result[level998[level]]) === key ? '99.8%' : '95%';
  return { key, level: strength, text: `${CAPITAL[key]} than ${against} (${strength})` };
}
