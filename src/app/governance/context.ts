/**
 * What every governance use case shares: who is acting, the error it raises when it refuses, and
 * the policy check against the organisation an action is about (with that organisation's ancestry).
 */
import type { Kysely } from 'kysely';
import { type AnyAction, can, type PolicyTarget } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { currentAncestors, findOrganisation } from '../browse/organisations.ts';
import { UseCaseError } from '../use-case-error.ts';

/** The organisation and everything above it today; an unknown code has no ancestry. */
export async function targetFor(db: Kysely<Database>, code: string): Promise<PolicyTarget> {
  const org = await findOrganisation(db, code);
  if (!org) return { organisationCode: code.toUpperCase(), ancestors: [] };
  const above = await currentAncestors(db, org);
  return { organisationCode: org.code, ancestors: above.map((a) => a.code) };
}

/** Throws `forbidden` with the policy's reason unless the actor may take the action. */
export function authorise(actor: Actor | null, action: AnyAction, target: PolicyTarget = {}): void {
  const decision = can(actor, action, target);
  if (!decision.allowed) throw new UseCaseError('forbidden', decision.reason);
}

export function isAdministrator(actor: Actor | null): boolean {
  return actor?.roles.some((r) => r.role === 'administrator') ?? false;
}

/** The UTC day of `now` (the caller's clock), as 'YYYY-MM-DD'. */
export function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** True when the actor may take `action` at one of `codes` at least (administrators: anywhere). */
export async function mayAtAny(
  db: Kysely<Database>,
  actor: Actor | null,
  action: AnyAction,
  codes: readonly string[],
): Promise<boolean> {
  if (isAdministrator(actor)) return can(actor, action, { organisationCode: 'E92000001' }).allowed;
  for (const code of new Set(codes)) if (can(actor, action, await targetFor(db, code)).allowed) return true;
  return false;
}
