// The numerator and denominator of every practice and period for one indicator, gathered from the
// facts its computation names. Rows come back grouped by period, each sorted by practice code, so
// everything downstream runs in the same order every time (a release must reproduce exactly).

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Computation, PeriodType, QofAchievementRate } from '../../domain/indicators/definition.ts';
import { type FactReference, parseExpression } from '../../domain/indicators/expression.ts';
import { GP_AREA_TYPES } from '../../domain/indicators/fingertips.ts';
import { normalisePeriod } from '../../domain/indicators/periods.ts';
import type { Database } from '../../store/schema.ts';
import { compareText } from '../indicators/catalogue.ts';

export interface PracticeFact {
  practice: string;
  numerator: number;
  denominator: number;
}

export interface GatheredFacts {
  /** Period → rows sorted by practice code; periods sorted. */
  periods: Map<string, PracticeFact[]>;
  /** Rows left out, by reason (e.g. "list size 0"). */
  skipped: Record<string, number>;
}

type Row = { practice: string; period: string; numerator: number | null; denominator: number | null };

export async function gatherFacts(
  db: Kysely<Database>,
  computation: Computation,
  periodType: PeriodType,
  proportion: boolean,
): Promise<GatheredFacts> {
  const rows = await loadRows(db, computation, periodType);
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  const byPeriod = new Map<string, PracticeFact[]>();
  for (const r of rows) {
    if (r.numerator === null || r.denominator === null) {
      skip('numerator or denominator missing');
      continue;
    }
    if (!(r.denominator > 0)) {
      skip('denominator 0');
      continue;
    }
    if (r.numerator < 0) {
      skip('negative numerator');
      continue;
    }
    if (proportion && r.numerator > r.denominator) {
      skip('numerator above denominator');
      continue;
    }
    const list = byPeriod.get(r.period);
    const fact = { practice: r.practice, numerator: r.numerator, denominator: r.denominator };
    if (list) list.push(fact);
    else byPeriod.set(r.period, [fact]);
  }
  const periods = new Map(
    [...byPeriod.entries()]
      .sort((a, b) => compareText(a[0], b[0]))
      .map(([p, list]) => [p, list.sort((a, b) => compareText(a.practice, b.practice))] as const),
  );
  return { periods, skipped };
}

async function loadRows(db: Kysely<Database>, c: Computation, periodType: PeriodType): Promise<Row[]> {
  if (c.from === 'expression') return expressionRows(db, c.numerator, c.denominator, periodType);
  if (c.from === 'qof_prevalence') {
    const rows = await db
      .selectFrom('qof_prevalence')
      .select(['practice_code', 'qof_year', 'register', 'patient_list_size'])
      .where('group_code', '=', c.groupCode)
      .execute();
    return rows.map((r) => ({
      practice: r.practice_code,
      period: r.qof_year,
      numerator: r.register,
      denominator: r.patient_list_size,
    }));
  }
  if (c.from === 'qof_achievement') return qofAchievementRows(db, c.indicatorCode, c.measure);
  if (c.from === 'prescribing_measure') {
    const rows = await db
      .selectFrom('prescribing_measure_value')
      .select(['practice_code', 'month', 'numerator', 'denominator'])
      .where('measure_id', '=', c.measureId)
      .execute();
    return rows.map((r) => ({
      practice: r.practice_code,
      period: r.month.slice(0, 7),
      numerator: r.numerator,
      denominator: r.denominator,
    }));
  }
  if (c.from === 'indicator_value') {
    const rows = await db
      .selectFrom('indicator_value')
      .select(['area_code', 'time_period', 'count', 'denominator'])
      .where('indicator_id', '=', c.indicatorId)
      .where('area_type', 'in', GP_AREA_TYPES)
      .where('sex', '=', c.sex)
      .where('age', '=', c.age)
      .where('category_type', '=', '')
      .execute();
    return rows.flatMap((r) => {
      const period = normalisePeriod(r.time_period, periodType);
      return period === null
        ? []
        : [{ practice: r.area_code, period, numerator: r.count, denominator: r.denominator }];
    });
  }
  const rows = await db
    .selectFrom('local_value')
    .select(['practice_code', 'period', 'numerator', 'denominator'])
    .where('indicator_code', '=', c.indicatorCode)
    .execute();
  return rows.map((r) => ({
    practice: r.practice_code,
    period: r.period,
    numerator: r.numerator,
    denominator: r.denominator,
  }));
}

/**
 * A QOF indicator's counts per practice and year, read as one of three rates. DENOMINATOR is net of
 * PCAs (personalised care adjustments, formerly exceptions); the publication drops blank values, so a
 * missing PCAS is none. A practice with no NUMERATOR or DENOMINATOR has no value.
 */
async function qofAchievementRows(
  db: Kysely<Database>,
  indicatorCode: string,
  measure: QofAchievementRate,
): Promise<Row[]> {
  const rows = await db
    .selectFrom('qof_achievement')
    .innerJoin('import_batch', 'import_batch.id', 'qof_achievement.batch_id')
    .select(['practice_code', 'qof_year', 'measure', 'value'])
    .where('indicator_code', '=', indicatorCode)
    .where('measure', 'in', ['NUMERATOR', 'DENOMINATOR', 'PCAS'])
    // SYNTHETIC and TEST FIXTURE files (the schemes demo's) are never benchmarked as published data.
    .where('import_batch.publisher', 'not like', 'SYNTHETIC%')
    .where('import_batch.publisher', 'not like', 'TEST FIXTURE%')
    .execute();
  const counts = new Map<
    string,
    { practice: string; period: string; n: number | null; d: number | null; pca: number }
  >();
  for (const r of rows) {
    const key = `${r.practice_code}|${r.qof_year}`;
    let c = counts.get(key);
    if (!c) {
      c = { practice: r.practice_code, period: r.qof_year, n: null, d: null, pca: 0 };
      counts.set(key, c);
    }
    if (r.measure === 'NUMERATOR') c.n = r.value;
    else if (r.measure === 'DENOMINATOR') c.d = r.value;
    else c.pca = r.value;
  }
  return [...counts.values()].map((c) => {
    const eligible = c.d === null ? null : c.d + c.pca;
    if (measure === 'achievement')
      return { practice: c.practice, period: c.period, numerator: c.n, denominator: c.d };
    if (measure === 'intervention')
      return { practice: c.practice, period: c.period, numerator: c.n, denominator: eligible };
    return {
      practice: c.practice,
      period: c.period,
      numerator: c.d === null ? null : c.pca,
      denominator: eligible,
    };
  });
}

/** Sums each side's series per practice and period; a key missing from any series is left out. */
async function expressionRows(
  db: Kysely<Database>,
  numerator: string,
  denominator: string,
  periodType: PeriodType,
): Promise<Row[]> {
  const sides = [parseExpression(numerator), parseExpression(denominator)];
  const series = new Map<string, Map<string, number>>();
  for (const side of sides) {
    for (const term of side) {
      const key = JSON.stringify(term.ref);
      if (!series.has(key)) series.set(key, await loadSeries(db, term.ref, periodType));
    }
  }
  const sum = (side: (typeof sides)[number], key: string): number | null => {
    let total = 0;
    for (const term of side) {
      const v = series.get(JSON.stringify(term.ref))!.get(key);
      if (v === undefined) return null;
      total += term.sign * v;
    }
    return total;
  };
  const keys = [...series.get(JSON.stringify(sides[0]![0]!.ref))!.keys()];
  const rows: Row[] = [];
  for (const key of keys) {
    const n = sum(sides[0]!, key);
    const d = sum(sides[1]!, key);
    if (n === null || d === null) continue;
    const [practice, period] = key.split('|') as [string, string];
    rows.push({ practice, period, numerator: n, denominator: d });
  }
  return rows;
}

async function loadSeries(
  db: Kysely<Database>,
  ref: FactReference,
  periodType: PeriodType,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const put = (practice: string, period: string | null, value: number | null) => {
    if (period !== null && value !== null) out.set(`${practice}|${period}`, value);
  };
  if (ref.series === 'qof_prevalence.register' || ref.series === 'qof_prevalence.list') {
    const rows = await db
      .selectFrom('qof_prevalence')
      .select(['practice_code', 'qof_year', 'register', 'patient_list_size'])
      .where('group_code', '=', ref.key)
      .execute();
    for (const r of rows) {
      put(
        r.practice_code,
        r.qof_year,
        ref.series === 'qof_prevalence.register' ? r.register : r.patient_list_size,
      );
    }
  } else if (ref.series === 'list_size') {
    const rows = await sql<{ practice_code: string; qof_year: string; size: number }>`
      select practice_code, qof_year, max(patient_list_size) as size from qof_prevalence
      where patient_list_type = 'TOTAL' group by practice_code, qof_year`.execute(db);
    for (const r of rows.rows) put(r.practice_code, r.qof_year, r.size === null ? null : Number(r.size));
  } else if (ref.series === 'indicator_value.count' || ref.series === 'indicator_value.denominator') {
    const rows = await db
      .selectFrom('indicator_value')
      .select(['area_code', 'time_period', 'count', 'denominator'])
      .where('indicator_id', '=', ref.key)
      .where('area_type', 'in', GP_AREA_TYPES)
      .where('category_type', '=', '')
      .execute();
    for (const r of rows) {
      put(
        r.area_code,
        normalisePeriod(r.time_period, periodType),
        ref.series === 'indicator_value.count' ? r.count : r.denominator,
      );
    }
  } else {
    const rows = await db
      .selectFrom('local_value')
      .select(['practice_code', 'period', 'numerator', 'denominator'])
      .where('indicator_code', '=', String(ref.key))
      .execute();
    for (const r of rows)
      put(r.practice_code, r.period, ref.series === 'local_value.numerator' ? r.numerator : r.denominator);
  }
  return out;
}
