// `notify`: one message to some people, in the app (a notification row each) and by e-mail. Anyone's use
// case may call it — after its transaction commits, so a mail never announces a change that rolled back.
// E-mail is best effort: a failed send is recorded on the notification (email_error), never thrown,
// and the in-app notification stands.
import { type Expression, type Kysely, sql } from 'kysely';
import type { Role } from '../../domain/roles.ts';
import type { Database } from '../../store/schema.ts';
import { type Mailer, mailerFromEnvironment } from './mailer.ts';

export type Recipients =
  | { userIds: readonly number[] }
  /** Every enabled user holding one of `roles` for one of `organisationCodes` (pass a practice and its ancestors to reach those above it). */
  | { roles: readonly Role[]; organisationCodes: readonly string[] };

export interface NotificationMessage {
  to: Recipients;
  subject: string;
  body: string;
  /** Site-relative link to the thing the message is about, e.g. `/releases/2026-11-24/queries/3`. */
  link: string | null;
}

export interface NotifyOptions {
  /** When the message is sent (the caller's clock). */
  now: Date;
  /** Where e-mail goes; default from the environment (SMTP or the outbox folder); null: in-app only. */
  mailer?: Mailer | null;
  /** Prefix for links in e-mails (FAIRVIEW_BASE_URL), so they work outside the app. */
  baseUrl?: string;
}

export interface NotifyOutcome {
  notificationIds: number[];
  emailed: number;
  emailFailures: number;
}

export async function recipientIds(db: Kysely<Database>, to: Recipients): Promise<number[]> {
  if ('userIds' in to) return [...new Set(to.userIds)].sort((a, b) => a - b);
  if (to.roles.length === 0 || to.organisationCodes.length === 0) return [];
  const rows = await db
    .selectFrom('role_assignment')
    .innerJoin('app_user', 'app_user.id', 'role_assignment.user_id')
    .select('app_user.id')
    .distinct()
    .where('role_assignment.role', 'in', [...to.roles])
    .where('role_assignment.organisation_code', 'in', [...to.organisationCodes])
    .where('app_user.disabled', '=', false)
    .orderBy('app_user.id')
    .execute();
  return rows.map((r) => r.id);
}

export async function notify(
  db: Kysely<Database>,
  message: NotificationMessage,
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  const recorded = await recordNotifications(db, message, options.now);
  return emailNotifications(db, recorded, message, options);
}

export interface RecordedNotifications {
  rows: { id: number; user_id: number }[];
}

/**
 * The in-app half of `notify`: one notification row per recipient, and nothing else. Inside a
 * transaction it commits or rolls back with the change it announces (the reminder deliveries use it
 * so a reminder is recorded as delivered exactly when its notifications are); `emailNotifications`
 * then mails them after the commit.
 */
export async function recordNotifications(
  db: Kysely<Database>,
  message: NotificationMessage,
  now: Date,
): Promise<RecordedNotifications> {
  const ids = await recipientIds(db, message.to);
  if (ids.length === 0) return { rows: [] };
  const rows = await db
    .insertInto('notification')
    .values(
      ids.map((user_id) => ({
        user_id,
        subject: message.subject,
        body: message.body,
        link: message.link,
        created_at: now,
      })),
    )
    .returning(['id', 'user_id'])
    .execute();
  return { rows };
}

/** The e-mail half of `notify`: best effort, each failure recorded on its notification. */
export async function emailNotifications(
  db: Kysely<Database>,
  recorded: RecordedNotifications,
  message: Omit<NotificationMessage, 'to'>,
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  const inserted = recorded.rows;
  const outcome: NotifyOutcome = { notificationIds: inserted.map((r) => r.id), emailed: 0, emailFailures: 0 };
  if (inserted.length === 0) return outcome;
  const mailer = options.mailer === undefined ? mailerFromEnvironment() : options.mailer;
  if (!mailer) return outcome;
  const addresses = await emailAddresses(
    db,
    inserted.map((r) => r.user_id),
  );
  const baseUrl = options.baseUrl ?? process.env.FAIRVIEW_BASE_URL ?? '';
  for (const row of inserted) {
    const to = addresses.get(row.user_id);
    if (!to) continue;
    try {
      await mailer.send({
        to,
        subject: message.subject,
        body: message.body,
        link: message.link ? `${baseUrl}${message.link}` : null,
        date: options.now,
      });
      await db
        .updateTable('notification')
        .set({ emailed_at: options.now })
        .where('id', '=', row.id)
        .execute();
      outcome.emailed++;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await db.updateTable('notification').set({ email_error: reason }).where('id', '=', row.id).execute();
      outcome.emailFailures++;
    }
  }
  return outcome;
}

/** The user's recorded address, else the username when it is one. Users with neither get in-app only. */
async function emailAddresses(db: Kysely<Database>, userIds: number[]): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('app_user')
    .leftJoin('user_email', 'user_email.user_id', 'app_user.id')
    .select(['app_user.id', 'app_user.username', 'user_email.email'])
    .where('app_user.id', 'in', userIds)
    .execute();
  const out = new Map<number, string>();
  for (const r of rows) {
    const address = r.email ?? (r.username.includes('@') ? r.username : null);
    if (address) out.set(r.id, address);
  }
  return out;
}

export async function setUserEmail(db: Kysely<Database>, userId: number, email: string): Promise<void> {
  await db
    .insertInto('user_email')
    .values({ user_id: userId, email })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ email }))
    .execute();
}

export interface NotificationView {
  id: number;
  subject: string;
  body: string;
  link: string | null;
  createdAt: Date;
  read: boolean;
}

/**
 * How many of the user's notifications are unread, counted up to `cap` (so the header's count is one
 * indexed query that reads no subjects or bodies; `cap` means "cap or more").
 */
export async function unreadNotificationCount(
  db: Kysely<Database>,
  userId: number,
  cap = UNREAD_CAP,
): Promise<number> {
  const row = await db.selectNoFrom(unreadCount(sql.val(userId), cap).as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The header counts unread notifications up to this many ("100 or more"). */
export const UNREAD_CAP = 100;

/** `unreadNotificationCount` as an expression, for a query that reads the account anyway. */
export function unreadCount(userId: Expression<number>, cap = UNREAD_CAP) {
  return sql<number>`(select count(*)::int from (select 1 from notification
    where user_id = ${userId} and read_at is null limit ${sql.lit(cap)}) as unread)`;
}

export async function notificationsFor(
  db: Kysely<Database>,
  userId: number,
  limit = 100,
): Promise<NotificationView[]> {
  const rows = await db
    .selectFrom('notification')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    body: r.body,
    link: r.link,
    createdAt: new Date(r.created_at),
    read: r.read_at !== null,
  }));
}

/** Marks the user's own notifications read (others' ids are ignored). */
export async function markNotificationsRead(
  db: Kysely<Database>,
  userId: number,
  now: Date,
  ids?: readonly number[],
): Promise<void> {
  let q = db
    .updateTable('notification')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) {
    if (ids.length === 0) return;
    q = q.where('id', 'in', [...ids]);
  }
  await q.execute();
}
