/**
 * The signed-in member's own declarations of interest (/governance/register/mine and its JSON twin):
 * what they declared, when they last declared or confirmed the record, when the yearly review falls
 * due, and — for those who keep the register — the people they may record declarations for.
 * Refused (forbidden) to a role that does not declare interests.
 */
import type { Kysely } from 'kysely';
import { reviewState } from '../../domain/governance/interests.ts';
import { canSomewhere } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { authorise } from '../authorise.ts';
import { interestsOf } from './interests.ts';
import { listPeople, personIdOfUser } from './people.ts';
import { inScope, registerScope } from './register-scope.ts';

/** The people the actor may record declarations for (manage_register reaches them). */
export async function peopleInScope(db: Kysely<Database>, actor: Actor | null) {
  const scope = await registerScope(db, actor, 'manage_register');
  return (await listPeople(db)).filter((p) => inScope(scope, p.id, null));
}

export async function myDeclarations(db: Kysely<Database>, actor: Actor | null, today: string) {
  authorise(actor, 'declare_interest');
  const personId = actor?.userId === undefined ? null : await personIdOfUser(db, actor.userId);
  const entries = personId === null ? [] : await interestsOf(db, [personId]);
  const reviews =
    personId === null
      ? []
      : await db
          .selectFrom('interest_review')
          .select('reviewed_at')
          .where('person_id', '=', personId)
          .execute();
  const dates = [...entries.map((e) => e.declaredAt), ...reviews.map((r) => r.reviewed_at)]
    .map((d) => d.toISOString().slice(0, 10))
    .sort();
  const last = dates.at(-1) ?? null;
  return {
    entries,
    lastReviewed: last,
    dueOn: reviewState(last, today).dueOn,
    people: canSomewhere(actor, 'manage_register') ? await peopleInScope(db, actor) : null,
  };
}
