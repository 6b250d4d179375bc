/**
 * A practice's figures on the indicators an obligation names, from the latest published release: the
 * latest period of each, its value, its peers' value and its funnel flag. A scorecard review freezes
 * them into the return, so the review always shows the figures the practice looked at.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface ScorecardFigure {
  code: string;
  name: string;
  period: string | null;
  value: number | null;
  peerValue: number | null;
  flag: string | null;
}

export async function scorecardSnapshot(
  db: Kysely<Database>,
  practiceCode: string,
  codes: readonly string[],
): Promise<{ release: string | null; rows: ScorecardFigure[] }> {
  const release = await db
    .selectFrom('release')
    .select(['id', 'name'])
    .where('status', '=', 'published')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const names = new Map(
    codes.length === 0
      ? []
      : (
          await db
            .selectFrom('indicator')
            .select(['code', 'name', 'version'])
            .where('code', 'in', [...codes])
            .orderBy('version')
            .execute()
        ).map((r) => [r.code, r.name] as const),
  );
  const found =
    release && codes.length > 0
      ? await db
          .selectFrom('result as r')
          .innerJoin('indicator as i', 'i.id', 'r.indicator_id')
          .select(['i.code', 'r.period', 'r.value', 'r.peer_value', 'r.funnel_flag'])
          .where('r.release_id', '=', release.id)
          .where('r.area_kind', '=', 'practice')
          .where('r.area_code', '=', practiceCode)
          .where('i.code', 'in', [...codes])
          .orderBy('r.period', 'desc')
          .execute()
      : [];
  const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);
  return {
    release: release?.name ?? null,
    rows: codes.map((code) => {
      const r = found.find((f) => f.code === code);
      return {
        code,
        name: names.get(code) ?? code,
        period: r?.period ?? null,
        value: round(r?.value),
        peerValue: round(r?.peer_value),
        flag: r?.funnel_flag ?? null,
      };
    }),
  };
}
