// `publishRelease`: the use case behind the "Publish" button. A draft with open data queries is refused
// (a `conflict` UseCaseError, openDataQueriesError) unless a decision-maker overrides with a reason, which is recorded
// (release_publication_override) and audited in the same transaction as the publication. The
// publication itself is the compute area's (release-record.ts), which checks the same guard, so
// `recompute --publish` cannot go round it. After commit, `afterPublication` tells each practice of
// its flags and records the progress of every improvement plan the release re-measures (with its
// notifications: `recordPlanProgress`, src/app/concerns/progress.ts). Every way a release is published
// — this use case, `fairview recompute --publish`, the demo — calls `afterPublication` afterwards; it
// is idempotent, so calling it again only fills in what is missing.
import type { Kysely } from 'kysely';
import type { Database, Release } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { publishRelease as recordPublication } from '../compute/release-record.ts';
import { recordPlanProgress } from '../concerns/progress.ts';
import { type NotifyOptions, notify, recipientIds } from '../notifications/notify.ts';
import { UseCaseError } from '../use-case-error.ts';
import { openDataQueryIds } from './publication-guard.ts';

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

/** Who is told of a practice's flags in a newly published release. */
const FLAG_RECIPIENT_ROLES = ['practice_manager', 'practice_partner'] as const;

export async function publishRelease(
  db: Kysely<Database>,
  actor: Actor,
  request: PublishRequest,
  notifyOptions: NotifyOptions,
): Promise<PublishOutcome> {
  authorise(actor, 'publish_release');
  const reason = request.overrideReason?.trim() ?? '';
  const { release, overridden } = await db.transaction().execute(async (trx) => {
    const release = await trx
      .selectFrom('release')
      .selectAll()
      .where('name', '=', request.releaseName)
      .executeTakeFirst();
    if (!release) throw new UseCaseError('invalid', `no release named ${request.releaseName}`);
    if (release.status === 'published') return { release, overridden: [] as number[] };
    const open = await openDataQueryIds(trx, release.name);
    if (open.length > 0 && reason) {
      // Only a decision-maker (a commissioning manager) publishes over open data queries.
      authorise(actor, 'publish_over_open_queries');
      await trx
        .insertInto('release_publication_override')
        .values({
          release_name: release.name,
          reason,
          open_query_ids: JSON.stringify(open),
          decided_by: actor.username,
          decided_at: notifyOptions.now,
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
    // Refuses (a `conflict` UseCaseError) when queries are open and no override covers them.
    await recordPublication(trx, release, actor.username, notifyOptions.now);
    const published = await trx
      .selectFrom('release')
      .selectAll()
      .where('id', '=', release.id)
      .executeTakeFirstOrThrow();
    return { release: published, overridden: reason ? open : [] };
  });
  // After the commit: neither a notification nor a progress entry can undo the publication. Publishing
  // an already published release changes nothing; its after-steps are idempotent, so running them
  // again only fills in what an earlier failure left out.
  const after = await afterPublication(db, release, actor.username, notifyOptions);
  return { release, overridden, ...after };
}

export interface AfterPublicationOutcome {
  /** Practices whose staff were told of their flags by this call (none already told). */
  practicesNotified: number;
  /** Improvement plans whose progress this call recorded (concern ids). */
  plansProgressed: number[];
}

/**
 * The steps after a release is published, whichever way it was (the "Publish" button, `fairview
 * recompute --publish`, the demo): each practice's manager and partners are told how many of its
 * figures the release flags, and every improvement plan the release re-measures gets its progress on
 * the concern's timeline (`recordPlanProgress`). Call it after the publication commits. Failures are
 * logged, never thrown: the release is published whatever happens here. Idempotent: a person already
 * told of a practice's flags in this release is not told again, and a plan is noted once per release,
 * so calling it again tells only those missed (an earlier failure, or an account added since). A
 * release that is not published (a draft under embargo) is left alone.
 */
export async function afterPublication(
  db: Kysely<Database>,
  release: Pick<Release, 'name'> | string,
  actor: string,
  options: NotifyOptions,
): Promise<AfterPublicationOutcome> {
  const name = typeof release === 'string' ? release : release.name;
  let current: Release | undefined;
  try {
    current = await db.selectFrom('release').selectAll().where('name', '=', name).executeTakeFirst();
  } catch (error) {
    logFailure(name, 'reading the release', error);
    return { practicesNotified: 0, plansProgressed: [] };
  }
  if (current?.status !== 'published') return { practicesNotified: 0, plansProgressed: [] };
  const practicesNotified = await notifyNewFlags(db, current, options);
  const plansProgressed = await notePlanProgress(db, current, actor, options);
  return { practicesNotified, plansProgressed };
}

function logFailure(releaseName: string, what: string, error: unknown): void {
  console.error(
    `release ${releaseName} is published, but ${what} failed: ${
      error instanceof Error ? error.message : String(error)
    }`,
  );
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
    logFailure(release.name, 'recording plan progress', error);
    return [];
  }
}

/**
 * Tells each practice's staff how many of its figures the published release flags: flags of the
 * headline judgment (src/domain/judgment), the one used wherever a flag matters. Once per person,
 * practice and release: the message links to the practice's scorecard of the release, and whoever
 * already holds a notification with that link is not told again. Returns how many practices had
 * someone told now. A failure for one practice is logged and the others are still told.
 */
async function notifyNewFlags(
  db: Kysely<Database>,
  release: Release,
  options: NotifyOptions,
): Promise<number> {
  let rows: { area_code: string; flags: string | number }[];
  try {
    rows = await db
      .selectFrom('result')
      .select(['area_code'])
      .select((eb) => eb.fn.countAll<string | number>().as('flags'))
      .where('release_id', '=', release.id)
      .where('area_kind', '=', 'practice')
      .where('headline_flag', 'in', FLAGGED)
      .groupBy('area_code')
      .orderBy('area_code')
      .execute();
  } catch (error) {
    logFailure(release.name, 'finding the flagged practices', error);
    return 0;
  }
  let notified = 0;
  for (const row of rows) {
    try {
      const flags = Number(row.flags);
      const link = `/practices/${encodeURIComponent(row.area_code)}/scorecard?release=${encodeURIComponent(release.name)}`;
      const staff = await recipientIds(db, {
        roles: FLAG_RECIPIENT_ROLES,
        organisationCodes: [row.area_code],
      });
      if (staff.length === 0) continue;
      const told = new Set(
        (
          await db
            .selectFrom('notification')
            .select('user_id')
            .where('link', '=', link)
            .where('user_id', 'in', staff)
            .execute()
        ).map((n) => n.user_id),
      );
      const untold = staff.filter((id) => !told.has(id));
      if (untold.length === 0) continue;
      const outcome = await notify(
        db,
        {
          to: { userIds: untold },
          subject: `Release ${release.name} is published: ${flags} ${flags === 1 ? 'figure is' : 'figures are'} flagged for ${row.area_code}`,
          body: `Release ${release.name} was published. ${flags} of ${row.area_code}'s figures are outside the range expected for a practice like it, allowing for the usual variation between practices. See the scorecard for what they are and why.`,
          link,
        },
        options,
      );
      if (outcome.notificationIds.length > 0) notified++;
    } catch (error) {
      logFailure(release.name, `telling ${row.area_code} of its flags`, error);
    }
  }
  return notified;
}
