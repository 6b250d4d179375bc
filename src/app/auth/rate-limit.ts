/**
 * Sign-in throttling, kept in the store (login_attempt) so that several Fairview processes share it.
 * Two keys per attempt: the username and the client address. A username locks after a few failures
 * (reset by a success); an address gets a larger allowance because many NHS staff reach us through
 * one shared network address, and successes never reset it (an attacker could otherwise interleave
 * sign-ins to their own account).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface LoginLimits {
  failuresPerUsername: number;
  failuresPerAddress: number;
  windowMinutes: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  failuresPerUsername: 5,
  failuresPerAddress: 20,
  windowMinutes: 15,
};

export function usernameKey(username: string): string {
  return `user:${username.trim().toLowerCase()}`;
}

export function addressKey(address: string): string {
  return `ip:${address}`;
}

async function failuresSince(
  db: Kysely<Database>,
  key: string,
  since: Date,
  resetBySuccess: boolean,
): Promise<number> {
  let from = since;
  if (resetBySuccess) {
    const lastSuccess = await db
      .selectFrom('login_attempt')
      .select((eb) => eb.fn.max('attempted_at').as('at'))
      .where('key', '=', key)
      .where('succeeded', '=', true)
      .where('attempted_at', '>=', since)
      .executeTakeFirst();
    if (lastSuccess?.at) from = new Date(lastSuccess.at);
  }
  const row = await db
    .selectFrom('login_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key', '=', key)
    .where('succeeded', '=', false)
    .where('attempted_at', '>=', from)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** True when either the username or the address has used up its failures in the window. */
export async function isThrottled(
  db: Kysely<Database>,
  attempt: { username: string; address: string },
  limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  now: Date,
): Promise<boolean> {
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000);
  const byUser = await failuresSince(db, usernameKey(attempt.username), since, true);
  if (byUser >= limits.failuresPerUsername) return true;
  return (await failuresSince(db, addressKey(attempt.address), since, false)) >= limits.failuresPerAddress;
}

export async function recordAttempt(
  db: Kysely<Database>,
  attempt: { username: string; address: string },
  succeeded: boolean,
  now: Date,
): Promise<void> {
  await db
    .insertInto('login_attempt')
    .values([
      { key: usernameKey(attempt.username), attempted_at: now, succeeded },
      { key: addressKey(attempt.address), attempted_at: now, succeeded },
    ])
    .execute();
}
