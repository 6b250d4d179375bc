/**
 * Sessions: a random 32-byte token lives only in the visitor's cookie; the store keeps its sha256,
 * so a leaked database cannot be replayed as cookies. Each session has its own CSRF token and a
 * fixed expiry (a working day by default).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { PREPARED } from '../../store/prepared-statements.ts';
import type { Database } from '../../store/schema.ts';
import { unreadCount } from '../notifications/notify.ts';
import { ACCOUNT_COLUMNS, accountOf, rolesJson, type UserAccount } from './users.ts';

export const DEFAULT_SESSION_HOURS = 8;

export interface NewSession {
  /** Goes into the cookie, never into the store. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ActiveSession {
  user: UserAccount;
  csrfToken: string;
  expiresAt: Date;
  /** The account's unread notifications, up to UNREAD_CAP (the header shows the number). */
  unreadNotifications: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Kysely<Database>,
  userId: number,
  options: { now: Date; lifetimeMs?: number },
): Promise<NewSession> {
  const { now } = options;
  const expiresAt = new Date(now.getTime() + (options.lifetimeMs ?? DEFAULT_SESSION_HOURS * 3600_000));
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  // Sweep the dead ones while we are here: the table stays small without a separate job.
  await db.deleteFrom('web_session').where('expires_at', '<', now).execute();
  await db
    .insertInto('web_session')
    .values({
      id_hash: hashToken(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/**
 * The session behind a cookie token, or null if unknown, expired, or its account is disabled. One
 * query (the session, its account, the account's roles and its unread count): it is asked on every
 * signed-in request, and each round trip to the database costs that request more than the rows do.
 */
export async function resolveSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<ActiveSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await db
    .selectFrom('web_session')
    .innerJoin('app_user', 'app_user.id', 'web_session.user_id')
    .modifyFront(PREPARED)
    .select(['web_session.csrf_token', 'web_session.expires_at', ...ACCOUNT_COLUMNS])
    .select((eb) => [
      rolesJson(eb.ref('app_user.id')).as('roles'),
      unreadCount(eb.ref('app_user.id')).as('unread'),
    ])
    .where('web_session.id_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now.getTime() || row.disabled) return null;
  return {
    user: accountOf(row, row.roles),
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    unreadNotifications: row.unread,
  };
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('web_session').where('id_hash', '=', hashToken(token)).execute();
}
