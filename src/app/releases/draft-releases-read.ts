/**
 * The draft releases, newest first: listed on /releases for those who take part in their checks
 * (src/web/routes/openness/public-releases.ts decides who that is). Drafts are embargoed, so nothing
 * public reads this.
 */
import type { Db, Release } from '../db.ts';

export async function listDraftReleases(db: Db): Promise<Release[]> {
  return db.selectFrom('release').selectAll().where('status', '=', 'draft').orderBy('id', 'desc').execute();
}
