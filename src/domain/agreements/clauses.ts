/**
 * The kinds of clause an inter-practice agreement (or a commissioner's constitution) is made of. Each
 * clause carries exactly one tag, so the guidance checks can read what an agreement does without
 * reading its prose.
 */
export const CLAUSE_TAGS = [
  'performance_management',
  'benchmarking',
  'data_sharing',
  'meetings_reviews',
  'sanctions_removal',
  'lmc_role',
  'dispute_resolution',
  'other',
] as const;

export type ClauseTag = (typeof CLAUSE_TAGS)[number];

export const CLAUSE_TAG_LABELS: Record<ClauseTag, string> = {
  performance_management: 'Performance management',
  benchmarking: 'Benchmarking / scorecard',
  data_sharing: 'Data sharing',
  meetings_reviews: 'Meetings and reviews',
  sanctions_removal: 'Sanctions / removal',
  lmc_role: 'LMC role',
  dispute_resolution: 'Dispute resolution / appeal',
  other: 'Other',
};

/** How a tag is written in a clause heading: `{performance-management}`. */
export function tagSlug(tag: ClauseTag): string {
  return tag.replaceAll('_', '-');
}

export function isClauseTag(value: string): value is ClauseTag {
  return (CLAUSE_TAGS as readonly string[]).includes(value);
}

/** Reads a tag as people type it: `Data-Sharing`, `data_sharing` and `data sharing` all mean data_sharing. */
export function parseClauseTag(text: string): ClauseTag | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return isClauseTag(t) ? t : null;
}

/** One clause of one version of an agreement. */
export interface Clause {
  /** 1-based order in the document. */
  position: number;
  heading: string;
  tag: ClauseTag;
  /** The clause's Markdown, without its heading. */
  body: string;
}
