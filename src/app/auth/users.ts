/**
 * Accounts: create, list, disable, and load one with its roles. Every change is one transaction
 * together with its audit entry. Passwords never leave this module except when generated for the
 * caller to hand over once.
 */
import { type Expression, type Kysely, sql } from 'kysely';
import { type RoleAssignment, roleNeedsOrganisation } from '../../domain/roles.ts';
import type { Database } from '../../store/schema.ts';
import { writeAudit } from './audit.ts';
import { generatePassword, hashPassword, type ScryptCost } from './password.ts';

export interface UserAccount {
  id: number;
  username: string;
  displayName: string;
  disabled: boolean;
  createdAt: Date;
  roles: RoleAssignment[];
}

export class UserError extends Error {}

export const MIN_PASSWORD_LENGTH = 12;

/** Usernames are case-insensitive: stored lower-case. Letters, digits and `. _ @ -`. */
export function normaliseUsername(username: string): string {
  const u = username.trim().toLowerCase();
  if (!/^[a-z0-9._@-]{2,64}$/.test(u)) {
    throw new UserError(`'${username}' is not a valid username (2–64 of a-z 0-9 . _ @ -)`);
  }
  return u;
}

export interface NewUser {
  username: string;
  displayName?: string;
  /** Left out: a password is generated and returned, for the caller to show once. */
  password?: string;
  roles: RoleAssignment[];
  /** Who is creating the account (for the audit log). */
  actor: string;
  /** When (the caller's clock). */
  now: Date;
  /** Only tests lower this; stored hashes carry their own cost. */
  cost?: ScryptCost;
}

export interface CreatedUser {
  user: UserAccount;
  /** The generated password, or null when the caller supplied one. */
  generatedPassword: string | null;
}

export async function createUser(db: Kysely<Database>, input: NewUser): Promise<CreatedUser> {
  const username = normaliseUsername(input.username);
  if (input.roles.length === 0) throw new UserError('an account needs at least one role');
  for (const r of input.roles) {
    if (roleNeedsOrganisation(r.role) !== (r.organisationCode !== null)) {
      throw new UserError(`role ${r.role} ${r.organisationCode ? 'takes no' : 'needs an'} organisation`);
    }
  }
  const generatedPassword = input.password === undefined ? generatePassword() : null;
  const password = input.password ?? generatedPassword!;
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UserError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const passwordHash = await hashPassword(password, input.cost);
  const displayName = input.displayName?.trim() || username;

  const user = await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    if (existing) throw new UserError(`the username '${username}' is taken`);
    const row = await trx
      .insertInto('app_user')
      .values({ username, display_name: displayName, password_hash: passwordHash, created_at: input.now })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('role_assignment')
      .values(
        input.roles.map((r) => ({ user_id: row.id, role: r.role, organisation_code: r.organisationCode })),
      )
      .execute();
    const account: UserAccount = {
      id: row.id,
      username,
      displayName,
      disabled: false,
      createdAt: row.created_at,
      roles: input.roles,
    };
    await writeAudit(trx, {
      actor: input.actor,
      action: 'user_created',
      entity: 'app_user',
      entityId: username,
      before: null,
      after: auditView(account),
    });
    return account;
  });
  return { user, generatedPassword };
}

/** What the audit log records about an account: never the password hash. */
function auditView(u: UserAccount): {
  [key: string]: string | boolean | { role: string; organisation: string | null }[];
} {
  return {
    username: u.username,
    display_name: u.displayName,
    disabled: u.disabled,
    roles: u.roles.map((r) => ({ role: r.role, organisation: r.organisationCode })),
  };
}

/** The columns an account is made from (`accountOf`). */
export const ACCOUNT_COLUMNS = [
  'app_user.id',
  'app_user.username',
  'app_user.display_name',
  'app_user.disabled',
  'app_user.created_at',
] as const;

interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  disabled: boolean;
  created_at: Date;
}

export function accountOf(r: AccountRow, roles: RoleAssignment[]): UserAccount {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    disabled: r.disabled,
    createdAt: r.created_at,
    roles,
  };
}

/** The roles of the account `userId`, by role then organisation, as one JSON column. */
export function rolesJson(userId: Expression<number>) {
  return sql<RoleAssignment[]>`(
    select coalesce(json_agg(json_build_object('role', r.role, 'organisationCode', r.organisation_code)
      order by r.role, r.organisation_code), '[]')
    from role_assignment r where r.user_id = ${userId})`;
}

/** Accounts with their roles, one row each (one query, however many accounts). */
function accounts(db: Kysely<Database>) {
  return db
    .selectFrom('app_user')
    .select(ACCOUNT_COLUMNS)
    .select((eb) => rolesJson(eb.ref('app_user.id')).as('roles'));
}

export async function listUsers(db: Kysely<Database>): Promise<UserAccount[]> {
  const rows = await accounts(db).orderBy('app_user.username').execute();
  return rows.map((r) => accountOf(r, r.roles));
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<UserAccount | null> {
  const r = await accounts(db).where('app_user.id', '=', id).executeTakeFirst();
  return r ? accountOf(r, r.roles) : null;
}

/** For sign-in only: the account and its stored hash. */
export async function findCredentials(
  db: Kysely<Database>,
  username: string,
): Promise<{ id: number; passwordHash: string; disabled: boolean } | null> {
  const r = await db
    .selectFrom('app_user')
    .select(['id', 'password_hash', 'disabled'])
    .where('username', '=', username)
    .executeTakeFirst();
  return r ? { id: r.id, passwordHash: r.password_hash, disabled: r.disabled } : null;
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Disables the account and ends its sessions at once. Disabling twice is a no-op, not an error. */
export async function disableUser(
  db: Kysely<Database>,
  username: string,
  actor: string,
): Promise<UserAccount> {
  const name = normaliseUsername(username);
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('app_user').select('id').where('username', '=', name).executeTakeFirst();
    if (!row) throw new UserError(`there is no account '${name}'`);
    const before = (await findUserById(trx, row.id))!;
    if (before.disabled) return before;
    await trx.updateTable('app_user').set({ disabled: true }).where('id', '=', row.id).execute();
    await trx.deleteFrom('web_session').where('user_id', '=', row.id).execute();
    const after = { ...before, disabled: true };
    await writeAudit(trx, {
      actor,
      action: 'user_disabled',
      entity: 'app_user',
      entityId: name,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}
