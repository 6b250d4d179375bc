/**
 * Who may take part in pre-publication checks of a draft release (issue 6, "Openness"): this area's
 * table, in the shared terms of ../policy/terms.ts, decided by `can()` (src/domain/policy.ts) like
 * every other action. Targets: the practice a figure or query is about, with its ancestry (PCN,
 * sub-ICB location, ICB, region codes) where a commissioner's reach matters.
 *
 * - A practice's partners and manager query its draft figures (held for the practice itself: callers
 *   name the practice without its ancestors).
 * - Commissioning analysts and managers whose scope reaches the practice answer its queries.
 * - Analysts (who run recompute) and managers publish a release; only a decision-maker, a
 *   commissioning manager, may publish over open queries: the reason is recorded and audited.
 * Administrators, as for every area table, may do all of it.
 */
import type { AreaRule } from '../policy/terms.ts';
import type { Role } from '../roles.ts';

export const OPENNESS_ACTIONS = [
  'raise_data_query',
  'answer_data_query',
  'publish_release',
  'publish_over_open_queries',
] as const;

export type OpennessAction = (typeof OPENNESS_ACTIONS)[number];

const PRACTICE_ROLES: readonly Role[] = ['practice_partner', 'practice_manager'];
const ANSWERING_ROLES: readonly Role[] = ['commissioning_analyst', 'commissioning_manager'];

export const OPENNESS_RULES: Record<OpennessAction, AreaRule> = {
  raise_data_query: { about: 'organisation', changes: true, roles: PRACTICE_ROLES },
  answer_data_query: { about: 'organisation', changes: true, roles: ANSWERING_ROLES },
  publish_release: { about: 'national', changes: true, roles: ANSWERING_ROLES },
  publish_over_open_queries: { about: 'national', changes: true, roles: ['commissioning_manager'] },
};
