// `publishRelease`: the use case behind the "Publish" button. A draft with open data queries is refused
// (OpenDataQueriesError) unless a decision-maker overrides with a reason, which is recorded
// (release_publication_override) and audited in the same transaction as the publication. The
// publication itself is the compute area's (release-record.ts), which checks the same guard, so
// `recompute --publish` cannot go round it. After commit, each practice with new flags is notified,
// and every improvement plan the release re-measures gets its progress on the concern's timeline (with
// its notifications: `recordPlanProgress`, src/app/concerns/progress.ts).
import type { Kysely } from 'kysely';
import { mayOverrideOpenQueries, mayPublishRelease } from '../../domain/openness/access.ts';
import type { Database, Release } from '../../store/schema.ts';
import { writeAudit } from '../auth/audit.ts';
import { publishRelease as recordPublication } from '../compute/release-record.ts';
import { recordPlanProgress } from '../concerns/progress.ts';
import { type NotifyOptions, notify } from '../notifications/notify.ts';
import { OpennessForbiddenError, OpennessRequestError, type ReleaseActor } from './actor.ts';
import { openDataQueryIds } from './publication-guard.ts';
import { withOpenness } from './tables.ts';

export { OpenDataQueriesError } from './publication-guard.ts';

export interface PublishRequest {
  releaseName: string;
  /** Publishing over open queries: the decision-maker's reason (recorded and audited). */
  overrideReason?: string | null;
}

export interface PublishOutcome {
  release: Release;
  overridden: number[];
  practicesNotified: number;
  /** Improvement plans whose progress this publication recorded (concern ids). */
  plansProgressed: number[];
}

const FLAGGED = ['high_95', 'high_99_8', 'low_95', 'low_99_8'];

export async function publishRelease(
  db: Kysely<Database>,
  actor: ReleaseActor,
  request: PublishRequest,
  notifyOptions: NotifyOptions = {},
): Promise<PublishOutcome> {
  if (!mayPublishRelease(actor.roles))
    throw new OpennessForbiddenError('only commissioners may publish a release');
  const reason = request.overrideReason?.trim() ?? '';
  const { release, overridden, wasDraft } = await db.transaction().execute(async (trx) => {
    const release = await trx
      .selectFrom('release')
      .selectAll()
      .where('name', '=', request.releaseName)
      .executeTakeFirst();
    if (!release) throw new OpennessRequestError(`no release named ${request.releaseName}`);
    if (release.status === 'published') return { release, overridden: [] as number[], wasDraft: false };
    const open = await openDataQueryIds(trx, release.name);
    if (open.length > 0 && reason) {
      if (!mayOverrideOpenQueries(actor.roles))
        throw new OpennessForbiddenError(
          'only a decision-maker (commissioning manager) may publish over open data queries',
        );
      await withOpenness(trx)
        .insertInto('release_publication_override')
        .values({
          release_name: release.name,
          reason,
          open_query_ids: JSON.stringify(open),
          decided_by: actor.username,
        })
        .execute();
      await writeAudit(trx, {
        actor: actor.username,
        action: 'release_publish_override',
        entity: 'release',
        entityId: release.name,
        before: { status: release.status, open_queries: open },
        after: { reason },
      });
    }
    // Refuses (OpenDataQueriesError) when queries are open and no override covers them.
    await recordPublication(trx, release, actor.username);
    const published = await trx
      .selectFrom('release')
      .selectAll()
      .where('id', '=', release.id)
      .executeTakeFirstOrThrow();
    return { release: published, overridden: reason ? open : [], wasDraft: true };
  });
  // After the commit: neither a notification nor a progress entry can undo the publication.
  const practicesNotified = wasDraft ? await notifyNewFlags(db, release, notifyOptions) : 0;
  const plansProgressed = wasDraft ? await notePlanProgress(db, release, actor.username, notifyOptions) : [];
  return { release, overridden, practicesNotified, plansProgressed };
}

/**
 * Records the release on the timeline of each improvement plan it re-measures and tells those
 * concerned. The release is already published: a failure here is logged, not thrown (the entries are
 * idempotent, so running `recordPlanProgress` again later fills in what is missing).
 */
async function notePlanProgress(
  db: Kysely<Database>,
  release: Release,
  actor: string,
  options: NotifyOptions,
): Promise<number[]> {
  try {
    return (await recordPlanProgress(db, release.name, actor, options)).map((p) => p.concernId);
  } catch (error) {
    console.error(
      `release ${release.name} is published, but recording plan progress failed: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
    return [];
  }
}

/** Tells each practice's staff how many of its figures the newly published release flags. */
async function notifyNewFlags(
  db: Kysely<Database>,
  release: Release,
  options: NotifyOptions,
): Promise<number> {
  const rows = await db
    .selectFrom('result')
    .select(['area_code'])
    .select((eb) => eb.fn.countAll<string | number>().as('flags'))
    .where('release_id', '=', release.id)
    .where('area_kind', '=', 'practice')
    .where('funnel_flag', 'in', FLAGGED)
    .groupBy('area_code')
    .orderBy('area_code')
    .execute();
  let notified = 0;
  for (const row of rows) {
    const flags = Number(row.flags);
    const outcome = await notify(
      db,
      {
        to: { roles: ['practice_manager', 'practice_partner'], organisationCodes: [row.area_code] },
        subject: `Release ${release.name} is published: ${flags} ${flags === 1 ? 'figure is' : 'figures are'} flagged for ${row.area_code}`,
        body: `Release ${release.name} was published. ${flags} of ${row.area_code}'s figures lie outside the funnel limits. See the scorecard for what they are and why.`,
        link: `/practices/${encodeURIComponent(row.area_code)}/scorecard?release=${encodeURIComponent(release.name)}`,
      },
      options,
    );
    if (outcome.notificationIds.length > 0) notified++;
  }
  return notified;
}
