/**
 * Sign-in throttling, kept in the store (login_attempt) so that several Fairview processes share it.
 * Two keys per attempt: the username and the client address. A username locks after a few failures
 * (reset by a success); an address gets a larger allowance because many NHS staff reach us through
 * one shared network address, and successes never reset it (an attacker could otherwise interleave
 * sign-ins to their own account).
 */
import { type Kysely, sql } from 'kysely';
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
  return `ip:${normaliseAddress(address)}`;
}

/**
 * A client address as one key for the sign-in limit: IPv4-mapped IPv6 (::ffff:127.0.0.1) as its
 * IPv4 address, the IPv6 and IPv4 loopbacks as one, IPv6 in lower case with its zone dropped.
 */
export function normaliseAddress(address: string): string {
  let a = address.trim().toLowerCase();
  if (a.startsWith('[') && a.includes(']')) a = a.slice(1, a.indexOf(']'));
  a = a.replace(/%.*$/, '');
  const mapped =
    /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a) ??
    /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) a = mapped[1]!;
  if (a === '::1' || a === '0:0:0:0:0:0:0:1' || /^127\./.test(a)) return 'loopback';
  return a;
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

export type Reservation = { throttled: true } | { throttled: false; ids: number[] };

/**
 * The atomic check (issue 11, finding 4): in one transaction holding an advisory lock on each key
 * (username and normalised address, taken in a fixed order so two attempts never wait on each other
 * in a cycle), count the failures and either refuse or record this attempt AS A FAILURE at once —
 * before the password is checked. Forty parallel guesses therefore queue on the lock and only the
 * first few find the limit unspent; each reservation counts against the limit while its password is
 * checked, and `settleAttempt` turns it into a success if it was one.
 */
export async function reserveAttempt(
  db: Kysely<Database>,
  attempt: { username: string; address: string },
  limits: LoginLimits,
  now: Date,
): Promise<Reservation> {
  const keys = [usernameKey(attempt.username), addressKey(attempt.address)];
  return db.transaction().execute(async (trx) => {
    for (const key of [...keys].sort())
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 11))`.execute(trx);
    const throttled = await isThrottled(trx, attempt, limits, now);
    const rows = await trx
      .insertInto('login_attempt')
      .values(keys.map((key) => ({ key, attempted_at: now, succeeded: false })))
      .returning('id')
      .execute();
    // Still recorded when throttled: hammering a locked account keeps it locked.
    return throttled ? { throttled: true } : { throttled: false, ids: rows.map((r) => Number(r.id)) };
  });
}

/** Marks a reserved attempt as the success it turned out to be (a failure stays as reserved). */
export async function settleAttempt(db: Kysely<Database>, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('login_attempt')
    .set({ succeeded: true })
    .where('id', 'in', [...ids])
    .execute();
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
