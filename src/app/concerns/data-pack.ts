/**
 * Freezing a flag's data pack into a concern: the release's result rows for the practice and indicator,
 * and the inputs of its charts (the funnel's fit and every practice's point for the period; the
 * practice's SPC points and summary), copied so the charts can be redrawn exactly as the concern saw
 * them whatever is recomputed later. Read inside the raising transaction.
 */
import type { Kysely } from 'kysely';
import type { ConcernSource } from '../../domain/concerns/workflow.ts';
import type { Database, JsonValue, Result, SpcPointRow } from '../../store/schema.ts';
import { UseCaseError } from '../use-case-error.ts';

export interface FlagRef {
  releaseId: number;
  indicatorId: number;
  period: string;
  practiceCode: string;
  source: Exclude<ConcernSource, 'by_hand'>;
}

export interface FrozenPack {
  flag: string;
  pack: JsonValue;
}

const NOT_FLAGGED = new Set(['none', 'similar', 'not_compared']);

function flagged(v: string | null): v is string {
  return v !== null && !NOT_FLAGGED.has(v);
}

/** Rows as plain JSON (dates as ISO text); numbers stay numbers, missing values stay null. */
function plain(value: object): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

export async function freezeDataPack(db: Kysely<Database>, ref: FlagRef, now: Date): Promise<FrozenPack> {
  const release = await db
    .selectFrom('release')
    .select(['id', 'name', 'status', 'method_version', 'results_checksum', 'created_at'])
    .where('id', '=', ref.releaseId)
    .executeTakeFirst();
  if (!release) throw new UseCaseError('invalid', 'There is no such release', 'release_id');
  const indicator = await db
    .selectFrom('indicator')
    .select(['id', 'code', 'version', 'name', 'polarity', 'multiplier'])
    .where('id', '=', ref.indicatorId)
    .executeTakeFirst();
  if (!indicator) throw new UseCaseError('invalid', 'There is no such indicator', 'indicator_id');
  const results = await db
    .selectFrom('result')
    .selectAll()
    .where('release_id', '=', ref.releaseId)
    .where('indicator_id', '=', ref.indicatorId)
    .where('area_kind', '=', 'practice')
    .where('area_code', '=', ref.practiceCode)
    .orderBy('period')
    .execute();
  const current = results.find((r) => r.period === ref.period);
  if (!current) {
    throw new UseCaseError(
      'invalid',
      `Release ${release.name} has no result for ${ref.practiceCode} on ${indicator.code} in ${ref.period}`,
      'period',
    );
  }
  const spcPoints = await db
    .selectFrom('spc_point')
    .selectAll()
    .where('release_id', '=', ref.releaseId)
    .where('indicator_id', '=', ref.indicatorId)
    .where('practice_code', '=', ref.practiceCode)
    .orderBy('period')
    .execute();

  const flag = await flagOf(db, ref, release.name, current, spcPoints);
  if (flag === null) {
    throw new UseCaseError(
      'invalid',
      `Release ${release.name} shows no ${ref.source.replaceAll('_', ' ')} for ${ref.practiceCode} on ${indicator.code} in ${ref.period}: raise the concern by hand with a reason`,
      'source',
    );
  }

  const { funnelFits, funnelPoints, spcSummary } = await funnelAndSpc(db, ref);

  return {
    flag,
    pack: {
      frozenAt: now.toISOString(),
      release: plain(release),
      indicator: plain(indicator),
      practiceCode: ref.practiceCode,
      period: ref.period,
      results: plain(results),
      funnel: {
        fits: plain(funnelFits),
        // Compact: [code, numerator, denominator, value, flag] for each practice.
        points: funnelPoints.map((p) => [p.area_code, p.numerator, p.denominator, p.value, p.funnel_flag]),
      },
      spc: { points: plain(spcPoints), summary: spcSummary ? plain(spcSummary) : null },
    },
  };
}

/**
 * The flag the concern is raised from, as the release shows it for the practice in the period (null
 * when it shows none).
 */
async function flagOf(
  db: Kysely<Database>,
  ref: FlagRef,
  releaseName: string,
  current: Result,
  spcPoints: readonly SpcPointRow[],
): Promise<string | null> {
  // The flag must be the release's headline judgment (src/domain/judgment), the one every page shows;
  // releases made before it (no headline columns) keep the rule they were raised under.
  const judged = current.headline_basis !== null;
  let flag: string | null = null;
  if (ref.source === 'funnel_outlier') {
    if (judged) flag = flagged(current.headline_flag) ? current.headline_flag : null;
    else
      flag = flagged(current.funnel_flag)
        ? current.funnel_flag
        : flagged(current.casemix_flag)
          ? current.casemix_flag
          : null;
  } else if (ref.source === 'comparison') {
    if (judged) {
      throw new UseCaseError(
        'invalid',
        `In release ${releaseName} the crude comparison with England is context, not a flag: raise the concern from ${ref.practiceCode}'s headline flag, or by hand with a reason`,
        'source',
      );
    }
    flag =
      [current.cmp_england_998, current.cmp_england, current.cmp_peers, current.cmp_sub_icb].find(flagged) ??
      null;
  } else {
    const summary = await db
      .selectFrom('spc_summary')
      .select(['headline_signal', 'headline_period', 'headline_adjustment'])
      .where('release_id', '=', ref.releaseId)
      .where('indicator_id', '=', ref.indicatorId)
      .where('practice_code', '=', ref.practiceCode)
      .executeTakeFirst();
    if (summary && summary.headline_adjustment !== null) {
      // The headline SPC signal: a special cause in the recent months of the deseasonalised chart.
      flag =
        summary.headline_signal !== null && summary.headline_period === ref.period
          ? summary.headline_signal
          : null;
    } else {
      // NHSRplotthedots labels every point; 'Common Cause' is the one that is no signal.
      const point = spcPoints.find((p) => p.period === ref.period);
      flag = point?.special_cause && point.special_cause !== 'Common Cause' ? point.special_cause : null;
    }
  }
  return flag;
}

/** The funnel of the period (its fits and every practice's point) and the practice's SPC summary. */
async function funnelAndSpc(db: Kysely<Database>, ref: FlagRef) {
  const funnelFits = await db
    .selectFrom('funnel_fit')
    .selectAll()
    .where('release_id', '=', ref.releaseId)
    .where('indicator_id', '=', ref.indicatorId)
    .where('period', '=', ref.period)
    .execute();
  // Every practice's point in the period: the funnel is drawn from all of them.
  const funnelPoints = await db
    .selectFrom('result')
    .select(['area_code', 'numerator', 'denominator', 'value', 'funnel_flag'])
    .where('release_id', '=', ref.releaseId)
    .where('indicator_id', '=', ref.indicatorId)
    .where('period', '=', ref.period)
    .where('area_kind', '=', 'practice')
    .orderBy('area_code')
    .execute();
  const spcSummary = await db
    .selectFrom('spc_summary')
    .selectAll()
    .where('release_id', '=', ref.releaseId)
    .where('indicator_id', '=', ref.indicatorId)
    .where('practice_code', '=', ref.practiceCode)
    .executeTakeFirst();
  return { funnelFits, funnelPoints, spcSummary };
}

/** The practice's row for the concern's period, read back out of a frozen pack. */
export function packResult(pack: JsonValue | null, period: string | null): Record<string, JsonValue> | null {
  if (pack === null || typeof pack !== 'object' || Array.isArray(pack)) return null;
  const results = pack.results;
  if (!Array.isArray(results)) return null;
  const row = results.find(
    (r) => r !== null && typeof r === 'object' && !Array.isArray(r) && r.period === period,
  );
  return row && typeof row === 'object' && !Array.isArray(row) ? row : null;
}
