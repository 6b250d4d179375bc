/**
 * What a visitor sees of a page of a published release, kept in the database (migration 025, issue
 * 15: "precompute what every visitor sees per release"). Every visitor — anyone whose disclosure
 * control opens no organisation — gets the same view of a published release, so its loader's work
 * (thousands of result rows read, the disclosure pattern applied to each, the funnels fitted) is done
 * once and the view kept, compressed, beside the release; a restart reads it back instead of doing it
 * again.
 *
 * What is stored is opaque here: the web layer's view, already made under disclosure control, so it
 * holds nothing a visitor is not shown. Why a kept view stays right:
 * - Only published releases are kept: their results never change (recompute refuses to replace one),
 *   and a draft is never shown to a visitor. Deleting a release deletes its views (ON DELETE CASCADE).
 * - `page` names the page, its address and the disclosure rule; `dependsOn` names what else the view
 *   was made from: the shape of the view (the loader's own version). A view whose `dependsOn` is not
 *   the current one is not read, and is replaced when the view is made again. The organisations' names,
 *   which an import may change, are not kept in a view: its loader applies them when it is read (the
 *   indicator page: src/web/benchmarking/practice-names.ts), so an import leaves every view kept.
 * - The organisations' version (`organisationsVersionOf`: the latest import batch, read with the
 *   release) keys what is kept with the names in it: a signed-in viewer's views and the visitor cache.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, Release } from '../../store/schema.ts';

type Db = Kysely<Database>;

/**
 * The organisations' names and hierarchy as last imported: the latest import batch (an import is the
 * only writer of organisations; src/app/import/newest-wins.ts). An expression, read with the release
 * the pages show (`findReleaseForPages`).
 */
export function latestImportBatch() {
  return sql<number | null>`(select max(id) from import_batch)`;
}

export function organisationsVersionOf(latestBatch: number | null): string {
  return `batch ${latestBatch ?? 0}`;
}

/** The view kept for `page` of the release made from `dependsOn`, or null (none, stale, or a draft). */
export async function readPageView(
  db: Db,
  release: Pick<Release, 'id' | 'status'>,
  page: string,
  dependsOn: string,
): Promise<Uint8Array | null> {
  return (await readPageViews(db, release, [page], dependsOn)).get(page) ?? null;
}

/** Keeps the view of `page` (published releases only), replacing one made from something older. */
export async function keepPageView(
  db: Db,
  release: Pick<Release, 'id' | 'status'>,
  page: string,
  dependsOn: string,
  view: Uint8Array,
): Promise<void> {
  await keepPageViews(db, release, new Map([[page, view]]), dependsOn);
}

/** The pages of the release whose views are kept, made from `dependsOn`. */
export async function keptPages(db: Db, releaseId: number, dependsOn: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('release_page_view')
    .select('page')
    .where('release_id', '=', releaseId)
    .where('depends_on', '=', dependsOn)
    .execute();
  return new Set(rows.map((r) => r.page));
}

/** The views kept for several pages of the release made from `dependsOn`, by page (one query). */
export async function readPageViews(
  db: Db,
  release: Pick<Release, 'id' | 'status'>,
  pages: readonly string[],
  dependsOn: string,
): Promise<Map<string, Uint8Array>> {
  if (release.status !== 'published' || pages.length === 0) return new Map();
  const rows = await db
    .selectFrom('release_page_view')
    .select(['page', 'view'])
    .where('release_id', '=', release.id)
    .where('page', 'in', pages)
    .where('depends_on', '=', dependsOn)
    .execute();
  return new Map(rows.map((r) => [r.page, r.view]));
}

/** Keeps several pages' views of the release at once (published releases only; as keepPageView). */
export async function keepPageViews(
  db: Db,
  release: Pick<Release, 'id' | 'status'>,
  views: ReadonlyMap<string, Uint8Array>,
  dependsOn: string,
): Promise<void> {
  if (release.status !== 'published' || views.size === 0) return;
  await db
    .insertInto('release_page_view')
    .values([...views].map(([page, view]) => ({ release_id: release.id, page, depends_on: dependsOn, view })))
    .onConflict((oc) =>
      oc.columns(['release_id', 'page']).doUpdateSet((eb) => ({
        depends_on: eb.ref('excluded.depends_on'),
        view: eb.ref('excluded.view'),
        created_at: sql`now()`,
      })),
    )
    .execute();
}
