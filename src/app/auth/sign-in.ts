/**
 * Signing in and out. The answer to a failed sign-in never says whether the username exists, is
 * disabled, or the password was wrong: one generic message, and the same work (a scrypt check) on
 * every path.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { writeAudit } from './audit.ts';
import { verifyAgainstNothing, verifyPassword } from './password.ts';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits, reserveAttempt, settleAttempt } from './rate-limit.ts';
import { createSession, endSession, type NewSession, resolveSession } from './sessions.ts';
import { findCredentials } from './users.ts';

export type SignInResult = { ok: true; session: NewSession } | { ok: false; reason: 'invalid' | 'throttled' };

export interface SignInRequest {
  username: string;
  password: string;
  /** The client's network address, for per-address throttling. */
  address: string;
}

export interface SignInOptions {
  limits?: LoginLimits;
  sessionLifetimeMs?: number;
  now: Date;
}

export async function signIn(
  db: Kysely<Database>,
  request: SignInRequest,
  options: SignInOptions,
): Promise<SignInResult> {
  const { now } = options;
  const username = request.username.trim().toLowerCase().slice(0, 100);
  const attempt = { username, address: request.address };
  // One atomic reservation per attempt (rate-limit.ts): the limit holds however many arrive at once.
  const reservation = await reserveAttempt(db, attempt, options.limits ?? DEFAULT_LOGIN_LIMITS, now);
  if (reservation.throttled) return { ok: false, reason: 'throttled' };
  const credentials = await findCredentials(db, username);
  const passwordOk = credentials
    ? await verifyPassword(request.password, credentials.passwordHash)
    : await verifyAgainstNothing(request.password);
  const succeeded = passwordOk && credentials !== null && !credentials.disabled;
  if (succeeded) await settleAttempt(db, reservation.ids);
  if (!succeeded || !credentials) return { ok: false, reason: 'invalid' };

  const session = await createSession(db, credentials.id, { now, lifetimeMs: options.sessionLifetimeMs });
  await writeAudit(db, {
    actor: username,
    action: 'signed_in',
    entity: 'web_session',
    entityId: null,
    before: null,
    after: { address: request.address, expires_at: session.expiresAt.toISOString() },
  });
  return { ok: true, session };
}

export async function signOut(db: Kysely<Database>, token: string, now: Date): Promise<void> {
  const session = await resolveSession(db, token, now);
  await endSession(db, token);
  if (session) {
    await writeAudit(db, {
      actor: session.user.username,
      action: 'signed_out',
      entity: 'web_session',
      entityId: null,
      before: null,
      after: null,
    });
  }
}
