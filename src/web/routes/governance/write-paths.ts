/** Every governance write, as registered under /governance and /api/governance (for tests and docs). */
export const GOVERNANCE_WRITE_PATHS = [
  '/committees',
  '/committees/:id/terms',
  '/committees/:id/members',
  '/committees/:id/meetings',
  '/meetings/:id/attendance',
  '/meetings/:id/items',
  '/meetings/:id/minutes',
  '/items/:id/recusals',
  '/items/:id/recusals/override',
  '/items/:id/votes',
  '/items/:id/decision',
  '/register/declarations',
  '/register/review',
  '/delegation/:code/requests',
  '/delegation/requests/:id/decision',
] as const;

export type GovernanceWritePath = (typeof GOVERNANCE_WRITE_PATHS)[number];
