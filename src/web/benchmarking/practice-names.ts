/**
 * The practices' names as they now are (every organisation's name, by code), kept per store for the
 * organisations' version read with the release (the latest import batch: an import is the only writer
 * of organisations, src/app/benchmarking/page-views.ts). The indicator page's one source of names
 * (load-indicator.ts): a view made from the rows is named from it, and a visitors' view, kept without
 * names, is named from it when read. So an import, which may rename a practice, leaves every kept view
 * as it was: only this map, one query, is read again.
 */
import { everyOrganisationName } from '../../app/benchmarking/page-queries.ts';
import type { PagesRelease } from '../../app/benchmarking/queries.ts';
import type { Db } from '../../app/db.ts';

/** Per store (one process may hold two: the tests' databases), the names for the version last asked. */
const kept = new WeakMap<Db, { version: string; names: Promise<ReadonlyMap<string, string>> }>();

/**
 * The practices' names for the release's organisations' version: read once per version (requests at
 * once share the reading), then kept until a request brings a newer version.
 */
export function practiceNamesFor(
  db: Db,
  release: Pick<PagesRelease, 'organisationsVersion'>,
): Promise<ReadonlyMap<string, string>> {
  const hit = kept.get(db);
  if (hit?.version === release.organisationsVersion) return hit.names;
  const names: Promise<ReadonlyMap<string, string>> = everyOrganisationName(db);
  kept.set(db, { version: release.organisationsVersion, names });
  // A failed reading is not kept: the next request reads again.
  names.catch(() => {
    if (kept.get(db)?.names === names) kept.delete(db);
  });
  return names;
}
