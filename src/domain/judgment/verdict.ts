/**
 * The headline rule: which comparison makes a practice's verdict, and how a flag reads by polarity.
 *
 * One headline judgment per practice × indicator × period, used wherever a flag matters (scorecard
 * badge, heat map, indicator page, API `flag`, notifications, raise-a-concern links, schemes):
 *
 *  - basis: the case-mix adjusted comparison when the indicator has a model and the practice could be
 *    adjusted (a registered population and an IMD score); otherwise the funnel of all England's
 *    practices. Both allow for legitimate between-practice variation (τ²) — neither is the crude
 *    comparison with England, which stays on every page as labelled context only.
 *  - verdict: outside the 99.8% or 95% limits, higher or lower; then better or worse by the
 *    indicator's polarity. An indicator with no polarity is only ever "higher" or "lower" (blue, never
 *    green or red): a high recorded prevalence is not good or bad practice by itself.
 *
 * VERDICTS is the rule as a table; tests check it and the docs render it.
 */
import type { FunnelFlag, Polarity } from '../../stats/index.ts';

export type HeadlineBasis = 'adjusted' | 'funnel';
export type VerdictKey = 'better' | 'similar' | 'worse' | 'higher' | 'lower' | 'not_compared';
export type VerdictLevel = '99.8%' | '95%';

export interface HeadlineVerdict {
  readonly key: VerdictKey;
  readonly level: VerdictLevel | null;
  /** Higher or lower than expected; null when similar or not judged. */
  readonly direction: 'higher' | 'lower' | null;
}

const FLAGS: readonly FunnelFlag[] = ['high_99_8', 'high_95', 'none', 'low_95', 'low_99_8'];

export function isFunnelFlag(value: string | null | undefined): value is FunnelFlag {
  return value !== null && value !== undefined && (FLAGS as readonly string[]).includes(value);
}

/** Flagged at 95% (which includes 99.8%). */
export function isFlagged(flag: string | null | undefined): boolean {
  return isFunnelFlag(flag) && flag !== 'none';
}

/** The headline verdict of a stored flag; a missing or unknown flag is "not compared". */
export function headlineVerdict(flag: string | null | undefined, polarity: Polarity): HeadlineVerdict {
  if (!isFunnelFlag(flag)) return { key: 'not_compared', level: null, direction: null };
  if (flag === 'none') return { key: 'similar', level: null, direction: null };
  const direction = flag.startsWith('high') ? 'higher' : 'lower';
  const level: VerdictLevel = flag.endsWith('99_8') ? '99.8%' : '95%';
  let key: VerdictKey = direction;
  if (polarity === 'higher_is_better') key = direction === 'higher' ? 'better' : 'worse';
  else if (polarity === 'lower_is_better') key = direction === 'higher' ? 'worse' : 'better';
  return { key, level, direction };
}

/** The practice's headline basis: adjusted when it has an adjusted judgment, else the funnel. */
export function headlineBasisFor(hasAdjusted: boolean): HeadlineBasis {
  return hasAdjusted ? 'adjusted' : 'funnel';
}

/** The rule as a table: every flag × polarity and the verdict it gives. */
export const VERDICTS: readonly { flag: FunnelFlag | null; polarity: Polarity; key: VerdictKey }[] = [
  ...FLAGS,
  null,
].flatMap((flag) =>
  (['higher_is_better', 'lower_is_better', 'no_judgement'] as const).map((polarity) => ({
    flag,
    polarity,
    key: headlineVerdict(flag, polarity).key,
  })),
);
