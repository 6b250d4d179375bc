/**
 * pg-boss reaches the database through Fairview's own pool: this adapter hands its SQL to Kysely.
 * One pool for both matters on PGlite, which has a single session (src/store/pglite-host.ts): a
 * second pool of pg-boss's own would wait for ever behind ours. On PostgreSQL it saves connections.
 * pg-boss sends multi-statement texts (its migrations and maintenance, `BEGIN; …; COMMIT;`) with no
 * parameters; pg runs those over the simple query protocol, as pg-boss's own pool would.
 * Given a transaction, the adapter lets a job be sent inside it: the job exists if and only if the
 * transaction commits (see reminders.ts).
 */
import { CompiledQuery, type Kysely } from 'kysely';

export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

// biome-ignore lint/suspicious/noExplicitAny: any database type: the adapter sends raw SQL only.
export function bossDb(db: Kysely<any>): BossDb {
  return {
    async executeSql(text, values) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}
