/**
 * The funnel flags (FunnelFlag of src/stats: high_99_8 … low_99_8, and none) in words: one table for
 * every page, pack and agenda, so a flag reads the same wherever it is shown. `judgment` is the
 * headline judgment's wording (against what is expected for a practice like it); `position` says where
 * the value lies in a funnel of England's practices.
 */
export interface FlagWords {
  judgment: string;
  position: string;
}

export const FLAG_WORDS: Readonly<Record<string, FlagWords>> = {
  none: { judgment: 'Not flagged', position: 'within the limits of the funnel of England’s practices' },
  high_95: {
    judgment: 'Higher than expected (95%)',
    position: 'above the 95% limit of the funnel of England’s practices',
  },
  high_99_8: {
    judgment: 'Higher than expected (99.8%)',
    position: 'above the 99.8% limit of the funnel of England’s practices',
  },
  low_95: {
    judgment: 'Lower than expected (95%)',
    position: 'below the 95% limit of the funnel of England’s practices',
  },
  low_99_8: {
    judgment: 'Lower than expected (99.8%)',
    position: 'below the 99.8% limit of the funnel of England’s practices',
  },
};

/** "Higher than expected (99.8%)" for high_99_8; "Not judged" for none given; the code itself if unknown. */
export function flagJudgmentWords(flag: string | null | undefined): string {
  if (flag === null || flag === undefined) return 'Not judged';
  return FLAG_WORDS[flag]?.judgment ?? flag;
}

/** "above the 99.8% limit of the funnel of England’s practices"; null for an unknown code or none. */
export function flagPositionWords(flag: string | null | undefined): string | null {
  if (!flag || flag === 'none') return null;
  return FLAG_WORDS[flag]?.position ?? null;
}
