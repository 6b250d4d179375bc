/**
 * What can go wrong with an obligation, return, meeting, consent or public consultation request: one
 * error type whose `kind` the web maps to a status (400, 403, 404, 409), its message written for the
 * person who asked. Also the actor type and a practice's policy target, shared by the use cases.
 */
import type { Kysely } from 'kysely';
import type { PolicyTarget } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import { currentAncestors } from '../browse/organisations.ts';
import { UseCaseError } from '../use-case-error.ts';

/** A practice (or any organisation) with its current ancestors, as the policy wants it. */
export async function practiceTarget(db: Kysely<Database>, code: string): Promise<PolicyTarget> {
  const org = await db
    .selectFrom('organisation')
    .select(['code', 'name', 'kind'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!org) throw new UseCaseError('not_found', `No organisation has the code ${code}`);
  const ancestors = await currentAncestors(db, org);
  return { organisationCode: org.code, ancestors: ancestors.map((a) => a.code) };
}
