// A draft release as a practice sees it under embargo: its own figures, each one a row it may query.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface EmbargoedFigure {
  indicatorId: number;
  indicatorCode: string;
  indicatorName: string;
  period: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export async function practiceFigures(
  db: Kysely<Database>,
  releaseId: number,
  practiceCode: string,
): Promise<EmbargoedFigure[]> {
  const rows = await db
    .selectFrom('result')
    .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
    .select([
      'result.indicator_id',
      'indicator.code',
      'indicator.name',
      'result.period',
      'result.numerator',
      'result.denominator',
      'result.value',
    ])
    .where('result.release_id', '=', releaseId)
    .where('result.area_kind', '=', 'practice')
    .where('result.area_code', '=', practiceCode)
    .orderBy('indicator.code')
    .orderBy('result.period', 'desc')
    .execute();
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    indicatorCode: r.code,
    indicatorName: r.name,
    period: r.period,
    numerator: r.numerator,
    denominator: r.denominator,
    value: r.value,
  }));
}
