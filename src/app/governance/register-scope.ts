/**
 * Whose entries of the register of interests an actor may see in full or keep (issue 11, finding 3):
 * a person belongs to the commissioners whose committees they sit on and to the organisations of their
 * roles; view_register and manage_register reach a person only through one of those. A 36J manager
 * neither reads a 16C member's private notes nor records a declaration for them.
 */
import type { Kysely } from 'kysely';
import type { AnyAction } from '../../domain/policy.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { UseCaseError } from '../use-case-error.ts';
import { isAdministrator, mayAtAny } from './context.ts';

export type RegisterScope = 'all' | { persons: ReadonlySet<number>; usernames: ReadonlySet<string> };

/** Every person's organisations: their committees' commissioners and their roles' organisations. */
async function organisationsOfPeople(db: Kysely<Database>): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  const add = (id: number, code: string | null) => {
    if (!code) return;
    out.set(id, [...(out.get(id) ?? []), code]);
  };
  const seats = await db
    .selectFrom('committee_member as m')
    .innerJoin('committee as c', 'c.id', 'm.committee_id')
    .select(['m.person_id', 'c.organisation_code'])
    .execute();
  for (const s of seats) add(s.person_id, s.organisation_code);
  const roles = await db
    .selectFrom('governance_person as p')
    .innerJoin('role_assignment as r', 'r.user_id', 'p.user_id')
    .select(['p.id', 'r.organisation_code'])
    .execute();
  for (const r of roles) add(r.id, r.organisation_code);
  return out;
}

/** The people (and the usernames of role holders) `action` reaches for this actor. */
export async function registerScope(
  db: Kysely<Database>,
  actor: Actor | null,
  action: Extract<AnyAction, 'view_register' | 'manage_register'>,
): Promise<RegisterScope> {
  if (isAdministrator(actor)) return 'all';
  const persons = new Set<number>();
  const reached = new Map<string, boolean>();
  const reaches = async (code: string) => {
    let ok = reached.get(code);
    if (ok === undefined) {
      ok = await mayAtAny(db, actor, action, [code]);
      reached.set(code, ok);
    }
    return ok;
  };
  for (const [id, codes] of await organisationsOfPeople(db))
    for (const code of codes)
      if (await reaches(code)) {
        persons.add(id);
        break;
      }
  const usernames = new Set<string>();
  const holders = await db
    .selectFrom('app_user as u')
    .innerJoin('role_assignment as r', 'r.user_id', 'u.id')
    .select(['u.username', 'r.organisation_code'])
    .execute();
  for (const h of holders)
    if (h.organisation_code && (await reaches(h.organisation_code))) usernames.add(h.username);
  return { persons, usernames };
}

export function inScope(scope: RegisterScope, personId: number | null, username: string | null): boolean {
  if (scope === 'all') return true;
  return (
    (personId !== null && scope.persons.has(personId)) || (username !== null && scope.usernames.has(username))
  );
}

/** Throws `forbidden` unless `action` reaches the person (their committees' or roles' organisations). */
export async function authoriseForPerson(
  db: Kysely<Database>,
  actor: Actor | null,
  action: 'manage_register',
  personId: number,
): Promise<void> {
  const scope = await registerScope(db, actor, action);
  if (!inScope(scope, personId, null))
    throw new UseCaseError(
      'forbidden',
      actor ? `no role held reaches the organisations of person ${personId} (${action})` : 'sign in required',
    );
}
