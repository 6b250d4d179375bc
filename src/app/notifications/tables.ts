// Migration 008-openness: notifications and the e-mail addresses they go to. Typed here with
// `withTables` (as page-queries.ts does for its own table) so this area does not edit the shared schema.
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

/** Set from the injected clock on insert (see CreatedAt in the store schema). */
type Stamp = ColumnType<Date, Date | string, Date | string>;
type NullableStamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  subject: string;
  body: string;
  link: NullableText;
  created_at: Stamp;
  read_at: NullableStamp;
  emailed_at: NullableStamp;
  email_error: NullableText;
}

export interface UserEmailTable {
  user_id: number;
  email: string;
}

export type NotificationTables = {
  notification: NotificationTable;
  user_email: UserEmailTable;
};

export type WithNotifications = Database & NotificationTables;

export const withNotifications = (db: Kysely<Database>): Kysely<WithNotifications> =>
  db.withTables<NotificationTables>();
