// One release's pre-publication checks as one signed-in person may see them: the page
// (/releases/NAME/queries) and its JSON twin (/api/releases/NAME/queries) both read this, so they show
// the same queries under the same rules (src/domain/openness/access.ts, decided by `can()`). A practice sees its own
// queries and, while the release is a draft, its own embargoed figures; a commissioner the queries of
// the practices their roles reach; anyone else is refused, whatever the release.
import type { Kysely } from 'kysely';
import { can } from '../../domain/policy.ts';
import type { Database, Release } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { UseCaseError } from '../use-case-error.ts';
import { type DataQueryView, listDataQueries } from './data-queries.ts';
import { type EmbargoedFigure, practiceFigures } from './embargo.ts';

export interface ReleaseChecksView {
  release: Release;
  /** The practices whose figures this viewer may query, with those figures (drafts only). */
  practices: { code: string; figures: EmbargoedFigure[] }[];
  queries: DataQueryView[];
  /** Query ids this viewer may answer. */
  answerable: ReadonlySet<number>;
  mayPublish: boolean;
  mayOverride: boolean;
}

/** The practices the actor may raise data queries for (their own practices). */
export function queryingPractices(actor: Actor): string[] {
  return [
    ...new Set(
      actor.roles
        .filter(
          (r) =>
            r.organisationCode !== null &&
            can({ roles: [r] }, 'raise_data_query', { organisationCode: r.organisationCode }).allowed,
        )
        .map((r) => r.organisationCode as string),
    ),
  ].sort();
}

/** Null when there is no such release; a forbidden UseCaseError when the actor takes no part in it. */
export async function releaseChecks(
  db: Kysely<Database>,
  actor: Actor,
  releaseName: string,
): Promise<ReleaseChecksView | null> {
  const release = await db
    .selectFrom('release')
    .selectAll()
    .where('name', '=', releaseName)
    .executeTakeFirst();
  if (!release) return null;
  const mayAnswer = (q: DataQueryView) =>
    can(actor, 'answer_data_query', { organisationCode: q.practiceCode, ancestors: q.ancestors }).allowed;
  const own = queryingPractices(actor);
  const all = await listDataQueries(db, { releaseName: release.name });
  const queries = all.filter((q) => own.includes(q.practiceCode) || mayAnswer(q));
  const mayPublish = can(actor, 'publish_release').allowed;
  if (own.length === 0 && !mayPublish && queries.length === 0)
    throw new UseCaseError(
      'forbidden',
      'only the practices and commissioners concerned take part in these checks',
    );
  const practices =
    release.status === 'draft'
      ? await Promise.all(
          own.map(async (code) => ({ code, figures: await practiceFigures(db, release.id, code) })),
        )
      : [];
  return {
    release,
    practices: practices.filter((p) => p.figures.length > 0),
    queries,
    answerable: new Set(queries.filter(mayAnswer).map((q) => q.id)),
    mayPublish,
    mayOverride: can(actor, 'publish_over_open_queries').allowed,
  };
}
