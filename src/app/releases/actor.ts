// The person taking a pre-publication step: a username for the audit log and the roles the rules read.
import type { RoleAssignment } from '../../domain/roles.ts';

export interface ReleaseActor {
  username: string;
  roles: readonly RoleAssignment[];
}

/** Refused by the openness rules (src/domain/openness/access.ts). */
export class OpennessForbiddenError extends Error {
  override name = 'OpennessForbiddenError';
}

/** A request that cannot be carried out as asked (no such release, query already answered …). */
export class OpennessRequestError extends Error {
  override name = 'OpennessRequestError';
}
