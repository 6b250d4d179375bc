/**
 * What every governance use case shares: the organisation an action is about (with its ancestry),
 * for the policy check every use case makes through src/app/authorise.ts.
 */
import type { Kysely } from 'kysely';
import { type AnyAction, can, type PolicyTarget } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { currentAncestors, findOrganisation } from '../browse/organisations.ts';

/** The organisation and everything above it today; an unknown code has no ancestry. */
export async function targetFor(db: Kysely<Database>, code: string): Promise<PolicyTarget> {
  const org = await findOrganisation(db, code);
  if (!org) return { organisationCode: code.toUpperCase(), ancestors: [] };
  const above = await currentAncestors(db, org);
  return { organisationCode: org.code, ancestors: above.map((a) => a.code) };
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
