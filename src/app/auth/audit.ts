/**
 * The append-only audit log: who did what, when, and the record before and after. Write it inside
 * the same transaction as the change, so a change and its audit entry stand or fall together.
 */
import type { Kysely } from 'kysely';
import type { Database, JsonValue } from '../../store/schema.ts';

export interface AuditEntry {
  /** Username of the person (or `system`, `cli:<os user>`) who made the change. */
  actor: string;
  /** Verb in snake_case: `user_created`, `user_disabled`, `lineage_added`, `signed_in` … */
  action: string;
  /** The table or kind of thing changed: `app_user`, `organisation_lineage`, `web_session` … */
  entity: string;
  entityId: string | null;
  before: JsonValue | null;
  after: JsonValue | null;
}

export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      // jsonb is written as JSON text: `pg` would turn a JS array into a PostgreSQL array.
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after),
    })
    .execute();
}
