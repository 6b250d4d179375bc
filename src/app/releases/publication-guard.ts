// The rule every publish path goes through (recompute --publish included, via release-record.ts): a
// release with open data queries is not published unless a decision-maker's override, recorded with a
// reason, covers every query open at that moment. Kept free of other use cases so the compute area can
// import it without a cycle.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { UseCaseError } from '../use-case-error.ts';

/** The refusal to publish over open queries: a `conflict` (HTTP 409) naming them. */
export function openDataQueriesError(release: string, openQueryIds: readonly number[]): UseCaseError {
  return new UseCaseError(
    'conflict',
    `release ${release} has ${openQueryIds.length} open data ${openQueryIds.length === 1 ? 'query' : 'queries'} ` +
      `(${openQueryIds.map((id) => `#${id}`).join(', ')}): answer them first, or a decision-maker must override with a recorded reason`,
  );
}

export async function openDataQueryIds(db: Kysely<Database>, releaseName: string): Promise<number[]> {
  const rows = await db
    .selectFrom('data_query')
    .select('id')
    .where('release_name', '=', releaseName)
    .where('status', '=', 'open')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Throws a `conflict` UseCaseError (openDataQueriesError) unless nothing is open or a recorded override covers all that is. */
export async function assertPublishable(db: Kysely<Database>, releaseName: string): Promise<void> {
  const open = await openDataQueryIds(db, releaseName);
  if (open.length === 0) return;
  const overrides = await db
    .selectFrom('release_publication_override')
    .select('open_query_ids')
    .where('release_name', '=', releaseName)
    .execute();
  const covered = new Set<number>();
  for (const o of overrides) {
    const ids = typeof o.open_query_ids === 'string' ? JSON.parse(o.open_query_ids) : o.open_query_ids;
    if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'number') covered.add(id);
  }
  const uncovered = open.filter((id) => !covered.has(id));
  if (uncovered.length > 0) throw openDataQueriesError(releaseName, uncovered);
}
