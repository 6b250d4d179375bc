// Pre-publication data queries (issue 6, "Openness"): while a release is a draft under embargo, a
// practice may query any of its own figures (one result row); a commissioner over the practice answers —
// accept (the correction comes in a new draft, named on the answer) or reject with reasons. Each step is
// one transaction with its audit entry; the people concerned are notified after it commits.
import type { Kysely } from 'kysely';
import type { Database, DataQueryStatus } from '../../store/schema.ts';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../auth/audit.ts';
import { authorise } from '../authorise.ts';
import { type NotifyOptions, notify } from '../notifications/notify.ts';
import { UseCaseError } from '../use-case-error.ts';

export interface RaiseDataQuery {
  releaseName: string;
  practiceCode: string;
  indicatorId: number;
  period: string;
  question: string;
}

export interface DataQueryView {
  id: number;
  releaseName: string;
  practiceCode: string;
  indicatorId: number;
  indicatorCode: string;
  indicatorName: string;
  period: string;
  question: string;
  status: DataQueryStatus;
  raisedBy: string;
  raisedAt: Date;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
  correctionRelease: string | null;
  /** The figure queried, as it stands in the release (null when that row has gone). */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The practice's PCN, sub-ICB location, ICB and region in the release (empty when the row has gone). */
  ancestors: string[];
}

/** The ancestry of a practice as the release recorded it (PCN, sub-ICB, ICB, region). */
async function practiceInRelease(db: Kysely<Database>, releaseId: number, practiceCode: string) {
  return db
    .selectFrom('result')
    .select(['pcn_code', 'sub_icb_code', 'icb_code', 'region_code'])
    .where('release_id', '=', releaseId)
    .where('area_kind', '=', 'practice')
    .where('area_code', '=', practiceCode)
    .limit(1)
    .executeTakeFirst();
}

function ancestorsOf(row: {
  pcn_code: string | null;
  sub_icb_code: string | null;
  icb_code: string | null;
  region_code: string | null;
}): string[] {
  return [row.pcn_code, row.sub_icb_code, row.icb_code, row.region_code].filter(
    (c): c is string => c !== null,
  );
}

const COMMISSIONERS = ['commissioning_analyst', 'commissioning_manager'] as const;
const PRACTICE_STAFF = ['practice_manager', 'practice_partner'] as const;

export async function raiseDataQuery(
  db: Kysely<Database>,
  actor: Actor,
  request: RaiseDataQuery,
  notifyOptions: NotifyOptions,
): Promise<DataQueryView> {
  const practiceCode = request.practiceCode.toUpperCase();
  const question = request.question.trim();
  if (!question) throw new UseCaseError('invalid', 'say what looks wrong with the figure');
  // The practice alone, without its ancestors: only its own partners and manager query its figures.
  authorise(actor, 'raise_data_query', { organisationCode: practiceCode });
  const { id, ancestors } = await db.transaction().execute(async (trx) => {
    const release = await trx
      .selectFrom('release')
      .selectAll()
      .where('name', '=', request.releaseName)
      .executeTakeFirst();
    if (!release) throw new UseCaseError('invalid', `no release named ${request.releaseName}`);
    if (release.status !== 'draft')
      throw new UseCaseError(
        'invalid',
        `release ${release.name} is published: data queries are taken on drafts only`,
      );
    const figure = await trx
      .selectFrom('result')
      .select(['pcn_code', 'sub_icb_code', 'icb_code', 'region_code'])
      .where('release_id', '=', release.id)
      .where('indicator_id', '=', request.indicatorId)
      .where('period', '=', request.period)
      .where('area_kind', '=', 'practice')
      .where('area_code', '=', practiceCode)
      .executeTakeFirst();
    if (!figure)
      throw new UseCaseError('invalid', `release ${release.name} has no such figure for ${practiceCode}`);
    const row = await trx
      .insertInto('data_query')
      .values({
        release_name: release.name,
        practice_code: practiceCode,
        indicator_id: request.indicatorId,
        period: request.period,
        area_code: practiceCode,
        question,
        raised_by: actor.username,
        raised_at: notifyOptions.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: actor.username,
      action: 'data_query_raised',
      entity: 'data_query',
      entityId: String(row.id),
      before: null,
      after: {
        release: release.name,
        practice: practiceCode,
        indicator_id: request.indicatorId,
        period: request.period,
        question,
      },
    });
    return { id: row.id, ancestors: ancestorsOf(figure) };
  });
  const view = (await findDataQuery(db, id))!;
  await notify(
    db,
    {
      to: { roles: COMMISSIONERS, organisationCodes: ancestors },
      subject: `Data query from ${practiceCode} on release ${view.releaseName}`,
      body: `${practiceCode} queries ${view.indicatorCode} (${view.period}): ${question}`,
      link: `/releases/${encodeURIComponent(view.releaseName)}/queries`,
    },
    notifyOptions,
  );
  return view;
}

export interface AnswerDataQuery {
  queryId: number;
  decision: 'accept' | 'reject';
  /** What will be corrected, or the reasons for rejecting: required either way. */
  answer: string;
  /** On accepting: the new draft that carries the correction, when it exists already. */
  correctionRelease?: string | null;
}

export async function answerDataQuery(
  db: Kysely<Database>,
  actor: Actor,
  request: AnswerDataQuery,
  notifyOptions: NotifyOptions,
): Promise<DataQueryView> {
  const answer = request.answer.trim();
  if (!answer)
    throw new UseCaseError(
      'invalid',
      request.decision === 'reject'
        ? 'give the reasons for rejecting the query'
        : 'say what will be corrected',
    );
  const practiceCode = await db.transaction().execute(async (trx) => {
    const odb = trx;
    const query = await odb
      .selectFrom('data_query')
      .selectAll()
      .where('id', '=', request.queryId)
      .executeTakeFirst();
    if (!query) throw new UseCaseError('invalid', `no data query #${request.queryId}`);
    if (query.status !== 'open')
      throw new UseCaseError('invalid', `data query #${query.id} has been answered already`);
    const release = await trx
      .selectFrom('release')
      .select('id')
      .where('name', '=', query.release_name)
      .executeTakeFirst();
    const place = release ? await practiceInRelease(trx, release.id, query.practice_code) : undefined;
    authorise(actor, 'answer_data_query', {
      organisationCode: query.practice_code,
      ancestors: place ? ancestorsOf(place) : [],
    });
    const status: DataQueryStatus = request.decision === 'accept' ? 'accepted' : 'rejected';
    const correction = request.decision === 'accept' ? request.correctionRelease?.trim() || null : null;
    await odb
      .updateTable('data_query')
      .set({
        status,
        answer,
        answered_by: actor.username,
        answered_at: notifyOptions.now,
        correction_release: correction,
      })
      .where('id', '=', query.id)
      .execute();
    await writeAudit(trx, {
      actor: actor.username,
      action: request.decision === 'accept' ? 'data_query_accepted' : 'data_query_rejected',
      entity: 'data_query',
      entityId: String(query.id),
      before: { status: query.status },
      after: { status, answer, correction_release: correction },
    });
    return query.practice_code;
  });
  const view = (await findDataQuery(db, request.queryId))!;
  await notify(
    db,
    {
      to: { roles: PRACTICE_STAFF, organisationCodes: [practiceCode] },
      subject: `Your data query on ${view.indicatorCode} was ${view.status}`,
      body: `Release ${view.releaseName}, ${view.indicatorCode} (${view.period}). ${view.status === 'accepted' ? 'Accepted' : 'Rejected'}: ${answer}`,
      link: `/releases/${encodeURIComponent(view.releaseName)}/queries`,
    },
    notifyOptions,
  );
  return view;
}

export async function findDataQuery(db: Kysely<Database>, id: number): Promise<DataQueryView | null> {
  return (await listDataQueries(db, { id }))[0] ?? null;
}

/** Queries of a release (optionally one practice's), oldest first, with the figure each is about. */
export async function listDataQueries(
  db: Kysely<Database>,
  filter: { id?: number; releaseName?: string; practiceCodes?: readonly string[] },
): Promise<DataQueryView[]> {
  let q = db
    .selectFrom('data_query')
    .innerJoin('indicator', 'indicator.id', 'data_query.indicator_id')
    .leftJoin('release', 'release.name', 'data_query.release_name')
    .leftJoin('result', (join) =>
      join
        .onRef('result.release_id', '=', 'release.id')
        .onRef('result.indicator_id', '=', 'data_query.indicator_id')
        .onRef('result.period', '=', 'data_query.period')
        .on('result.area_kind', '=', 'practice')
        .onRef('result.area_code', '=', 'data_query.practice_code'),
    )
    .selectAll('data_query')
    .select([
      'indicator.code as indicator_code',
      'indicator.name as indicator_name',
      'result.value',
      'result.numerator',
      'result.denominator',
      'result.pcn_code',
      'result.sub_icb_code',
      'result.icb_code',
      'result.region_code',
    ]);
  if (filter.id !== undefined) q = q.where('data_query.id', '=', filter.id);
  if (filter.releaseName !== undefined) q = q.where('data_query.release_name', '=', filter.releaseName);
  if (filter.practiceCodes) {
    if (filter.practiceCodes.length === 0) return [];
    q = q.where('data_query.practice_code', 'in', [...filter.practiceCodes]);
  }
  const rows = await q.orderBy('data_query.id').execute();
  return rows.map((r) => ({
    id: r.id,
    releaseName: r.release_name,
    practiceCode: r.practice_code,
    indicatorId: r.indicator_id,
    indicatorCode: r.indicator_code,
    indicatorName: r.indicator_name,
    period: r.period,
    question: r.question,
    status: r.status,
    raisedBy: r.raised_by,
    raisedAt: new Date(r.raised_at),
    answer: r.answer,
    answeredBy: r.answered_by,
    answeredAt: r.answered_at === null ? null : new Date(r.answered_at),
    correctionRelease: r.correction_release,
    value: r.value ?? null,
    numerator: r.numerator ?? null,
    denominator: r.denominator ?? null,
    ancestors: ancestorsOf(r),
  }));
}
