// Migration 025 (issue 15, "precompute what every visitor sees per release"): what a visitor sees of a
// page of a published release, kept so that it is worked out once, not on every cold request (a
// restart keeps it). A row is the page's view as its loader made it for someone with no session (the
// disclosure rule applied to every organisation), compressed; `page` names the page and its address
// parts and the rule. Only published releases get rows: their results never
// change, so neither does the view; deleting a release deletes its rows.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE release_page_view (
    release_id integer NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    page text NOT NULL,
    -- what else the view was made from (the organisations' names as imported, the view's shape):
    -- a row whose depends_on is not the current one is made again and replaced
    depends_on text NOT NULL,
    view bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (release_id, page)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS release_page_view`.execute(db);
}
