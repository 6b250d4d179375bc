/** People on the register and on committees: each linked to an account when they have one. */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { UseCaseError } from '../use-case-error.ts';

/** The person behind an account, made on first need (a declaration, a committee seat). */
export async function personForActor(db: Kysely<Database>, actor: Actor, now: Date): Promise<number> {
  const userId = actor.userId;
  if (userId === undefined)
    throw new UseCaseError('invalid', 'only a signed-in account can be a person on the register');
  const found = await db
    .selectFrom('governance_person')
    .select('id')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (found) return found.id;
  const row = await db
    .insertInto('governance_person')
    .values({ display_name: actor.displayName ?? actor.username, user_id: userId, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The person linked to an account, or null; never creates one. */
export async function personIdOfUser(db: Kysely<Database>, userId: number): Promise<number | null> {
  const found = await db
    .selectFrom('governance_person')
    .select('id')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return found?.id ?? null;
}

export interface PersonRef {
  id: number;
  name: string;
  userId: number | null;
}

export async function listPeople(db: Kysely<Database>): Promise<PersonRef[]> {
  const rows = await db
    .selectFrom('governance_person')
    .select(['id', 'display_name', 'user_id'])
    .orderBy('display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name, userId: r.user_id }));
}
