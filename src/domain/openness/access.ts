/**
 * Who may take part in pre-publication checks of a draft release (issue 6, "Openness"). Pure: callers
 * pass the user's roles and the practice's ancestry (PCN, sub-ICB location, ICB, region codes).
 *
 * - A practice's partners and manager see its draft figures under embargo and may query them.
 * - Commissioning analysts and managers whose scope reaches the practice answer its queries.
 * - Only a decision-maker may publish over open queries: a commissioning manager (or an
 *   administrator); the reason is recorded and audited.
 */
import { scopeCovers } from '../policy/terms.ts';
import type { Role, RoleAssignment } from '../roles.ts';

const PRACTICE_ROLES: readonly Role[] = ['practice_partner', 'practice_manager'];
const ANSWERING_ROLES: readonly Role[] = ['commissioning_analyst', 'commissioning_manager'];
const DECISION_ROLES: readonly Role[] = ['commissioning_manager'];

function holds(
  roles: readonly RoleAssignment[],
  allowed: readonly Role[],
  practiceCode: string,
  ancestors: readonly string[],
): boolean {
  if (roles.some((r) => r.role === 'administrator')) return true;
  return roles.some(
    (r) =>
      allowed.includes(r.role) &&
      r.organisationCode !== null &&
      scopeCovers(r.organisationCode, { organisationCode: practiceCode, ancestors }),
  );
}

/** Raising a data query on a practice's figure: that practice's own staff only. */
export function mayRaiseDataQuery(roles: readonly RoleAssignment[], practiceCode: string): boolean {
  return roles.some((r) => PRACTICE_ROLES.includes(r.role) && r.organisationCode === practiceCode);
}

/** Seeing a practice's draft figures under embargo: its own staff and the commissioners over it. */
export function maySeeEmbargoedPractice(
  roles: readonly RoleAssignment[],
  practiceCode: string,
  ancestors: readonly string[],
): boolean {
  return mayRaiseDataQuery(roles, practiceCode) || holds(roles, ANSWERING_ROLES, practiceCode, ancestors);
}

/** Answering (accepting or rejecting) a practice's data query. */
export function mayAnswerDataQuery(
  roles: readonly RoleAssignment[],
  practiceCode: string,
  ancestors: readonly string[],
): boolean {
  return holds(roles, ANSWERING_ROLES, practiceCode, ancestors);
}

/** Publishing a release at all (the analysts who run recompute, and decision-makers). */
export function mayPublishRelease(roles: readonly RoleAssignment[]): boolean {
  return roles.some((r) => r.role === 'administrator' || ANSWERING_ROLES.includes(r.role));
}

/** Publishing while data queries are still open, with a recorded reason. */
export function mayOverrideOpenQueries(roles: readonly RoleAssignment[]): boolean {
  return roles.some((r) => r.role === 'administrator' || DECISION_ROLES.includes(r.role));
}
