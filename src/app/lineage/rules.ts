// The thresholds shared by the lineage rules (derive.ts for extracts a quarter apart, candidates.ts
// for extracts further apart), in one table so the two never drift apart. Why each value:
// docs/importing.md, "Lineage".

/** Two extracts further apart than this are not consecutive quarters: a list vanishing between them says little. */
export const MAX_EXTRACT_GAP_DAYS = 100;
/** ODS may record the closure a little before the list vanished … */
export const CLOSED_BEFORE_DAYS = 92;
/**
 * … or long after: in the real data the ODS close date trails the quarter in which the list moved
 * by about a year (C81024's list went between the April and July 2015 extracts; ODS closed it on
 * 30 June 2016), as the contract is wound up after the patients have gone.
 */
export const CLOSED_AFTER_DAYS = 731;
/** Below this, a neighbour's ordinary growth could pass for the closed list. */
export const MIN_CLOSED_LIST = 500;
/**
 * Candidates come from extracts up to about eighteen months apart (yearly snapshots, with slack for
 * an irregular one): across a longer gap every neighbour's list drifts by more than a small
 * practice's, and the candidates would be noise.
 */
export const MAX_CANDIDATE_GAP_DAYS = 550;
