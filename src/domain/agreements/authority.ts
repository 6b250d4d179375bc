/**
 * On whose authority a response is given. `can()` says whether an account may act; these say which
 * of its roles the act rests on, for the record. Administrators pass `can()` but hold no authority to
 * bind a practice or speak for the LMC, so they are refused here: a signature must be a partner's or
 * the practice manager's, and an LMC response the LMC's.
 */
import { scopeCovers } from '../policy/terms.ts';
import type { RoleAssignment } from '../roles.ts';

/** A partner's role wins over the manager's when an account holds both. */
export function practiceAuthority(
  roles: readonly RoleAssignment[],
  practiceCode: string,
): RoleAssignment | null {
  const forPractice = roles.filter(
    (r) =>
      r.organisationCode?.toUpperCase() === practiceCode.toUpperCase() &&
      (r.role === 'practice_partner' || r.role === 'practice_manager'),
  );
  return forPractice.find((r) => r.role === 'practice_partner') ?? forPractice[0] ?? null;
}

/** An LMC representative role that reaches the commissioner (itself or anything above it). */
export function lmcAuthority(
  roles: readonly RoleAssignment[],
  commissionerCode: string,
  commissionerAncestors: readonly string[],
): RoleAssignment | null {
  return (
    roles.find(
      (r) =>
        r.role === 'lmc_representative' &&
        r.organisationCode !== null &&
        scopeCovers(r.organisationCode, {
          organisationCode: commissionerCode,
          ancestors: commissionerAncestors,
        }),
    ) ?? null
  );
}
