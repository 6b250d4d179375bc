/**
 * The shared terms of every policy table: what a rule says (roles × reach × whether it changes data),
 * who asks (their roles) and about what (an organisation and its ancestry), and the one decision every
 * table-driven rule takes. The area tables (governance, concerns, schemes, obligations, openness,
 * agreements) import these, and `can()` in ../policy.ts imports the tables: the arrows run one way.
 */
import type { Role, RoleAssignment } from '../roles.ts';

/**
 * `anything`: open to everyone, signed in or not (published data).
 * `organisation`: the action is about one organisation, and a scoped role must reach it.
 * `national`: the action is about England-wide things (import files, accounts), so scope does not enter.
 * `changes` marks actions that alter data; observers may never take them, whatever else is granted.
 */
export interface ActionRule {
  about: 'anything' | 'organisation' | 'national';
  changes: boolean;
  roles: readonly Role[];
}

/** A rule of an area's own table (schemes, obligations): never open to visitors. */
export type AreaRule = Omit<ActionRule, 'about'> & { about: 'organisation' | 'national' };

export interface PolicyUser {
  roles: readonly RoleAssignment[];
  /** Needed only where a rule names people (an LMC representative invited to a concern). */
  username?: string;
}

export interface PolicyTarget {
  organisationCode?: string;
  /** Codes of every organisation above the target today (PCN, sub-ICB location, ICB, region). */
  ancestors?: readonly string[];
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

/** True when a role scoped to `scope` reaches the target: the target itself or anything beneath it. */
export function scopeCovers(scope: string, target: PolicyTarget): boolean {
  const s = scope.toUpperCase();
  if (target.organisationCode?.toUpperCase() === s) return true;
  return (target.ancestors ?? []).some((code) => code.toUpperCase() === s);
}

export function isAdministrator(user: PolicyUser): boolean {
  return user.roles.some((r) => r.role === 'administrator');
}

export function isObserver(user: PolicyUser): boolean {
  return user.roles.some((r) => r.role === 'observer');
}

/** The first of `roles` the user holds with a reach over the target, or null. */
export function reachingRole(user: PolicyUser, roles: readonly Role[], target: PolicyTarget): Role | null {
  const hit = user.roles.find(
    (r) => roles.includes(r.role) && r.organisationCode !== null && scopeCovers(r.organisationCode, target),
  );
  return hit?.role ?? null;
}

/**
 * Decides one request against a rule of an area's own table (src/domain/schemes/access.ts,
 * src/domain/obligations/access.ts): the same order of checks as `can()` — sign-in, a role,
 * observers read only, administrators, a granting role, then its reach over the target.
 */
export function decideAreaRule(
  user: PolicyUser | null,
  action: string,
  rule: AreaRule,
  target: PolicyTarget = {},
): Decision {
  if (!user) return { allowed: false, reason: 'sign in required' };
  if (user.roles.length === 0) return { allowed: false, reason: 'the account holds no role' };
  const admin = isAdministrator(user);
  if (rule.changes && !admin && isObserver(user))
    return { allowed: false, reason: 'observers cannot change anything' };
  if (admin) return { allowed: true, reason: 'administrator' };
  const granting = user.roles.filter((r) => rule.roles.includes(r.role));
  if (granting.length === 0) return { allowed: false, reason: `no role held permits ${action}` };
  if (rule.about === 'national') return { allowed: true, reason: `${granting[0]!.role} may ${action}` };
  if (!target.organisationCode) return { allowed: false, reason: 'no organisation named' };
  const reaching = granting.find(
    (r) => r.organisationCode !== null && scopeCovers(r.organisationCode, target),
  );
  return reaching
    ? {
        allowed: true,
        reason: `${reaching.role} for ${reaching.organisationCode} covers ${target.organisationCode}`,
      }
    : { allowed: false, reason: `no role held reaches ${target.organisationCode}` };
}
