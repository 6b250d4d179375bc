import type { RoleAssignment } from '../domain/roles.ts';

/**
 * Who is acting, for every use case: the signed-in account's id, name and roles (the web's
 * `UserAccount` satisfies it; the CLI and the demo build one for a named account). The policy reads
 * the roles; the audit log and the register read the rest.
 */
export interface Actor {
  username: string;
  roles: readonly RoleAssignment[];
  /** The account's id: the register links a person to it (absent for a script acting by name). */
  userId?: number;
  displayName?: string;
}
