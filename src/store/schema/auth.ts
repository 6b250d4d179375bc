// Users, role assignments, sessions, sign-in attempts and the append-only audit log (migration 001).
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../../domain/roles.ts';
import type { CreatedAt, JsonColumn, NullableText, StampedByDatabase, Timestamp } from './columns.ts';

export type { Role };

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
}

/**
 * organisation_code is null for roles not tied to one organisation (administrator, committee members).
 * A primary key cannot hold null, so the table has a surrogate id and a UNIQUE NULLS NOT DISTINCT
 * (user_id, role, organisation_code); `onConflict((oc) => oc.columns(['user_id', 'role',
 * 'organisation_code']))` works against it.
 */
export interface RoleAssignmentTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  organisation_code: NullableText;
}

export interface WebSessionTable {
  /** sha256 hex of the cookie token. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  key: string;
  attempted_at: CreatedAt;
  succeeded: boolean;
}

/** Append-only: a trigger rejects UPDATE and DELETE. */
export interface AuditLogTable {
  id: Generated<number>;
  at: StampedByDatabase;
  actor: string;
  action: string;
  entity: string;
  entity_id: NullableText;
  before: JsonColumn;
  after: JsonColumn;
}

/** Users, roles, sessions, sign-in attempts and the audit log. */
export interface AuthTables {
  app_user: AppUserTable;
  role_assignment: RoleAssignmentTable;
  web_session: WebSessionTable;
  login_attempt: LoginAttemptTable;
  audit_log: AuditLogTable;
}

export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type RoleAssignment = Selectable<RoleAssignmentTable>;
export type NewRoleAssignment = Insertable<RoleAssignmentTable>;
export type WebSession = Selectable<WebSessionTable>;
export type NewWebSession = Insertable<WebSessionTable>;
export type LoginAttempt = Selectable<LoginAttemptTable>;
export type NewLoginAttempt = Insertable<LoginAttemptTable>;
export type AuditLogEntry = Selectable<AuditLogTable>;
export type NewAuditLogEntry = Insertable<AuditLogTable>;
