// Keeps the built-in indicators in step with the imported data: one QOF prevalence indicator per
// register seen in qof_prevalence / qof_indicator, one indicator per Fingertips indicator that has
// practice counts (typed by what reproduces its published values), and the QOF achievement
// indicators. A definition whose words, type or list changed gets a new version; unchanged ones none.
import { sql } from 'kysely';
import {
  fingertipsDefinition,
  QOF_ACHIEVEMENT_RATES,
  qofAchievementDefinition,
  qofPrevalenceDefinition,
  registerName,
} from '../../domain/indicators/built-in.ts';
import type { IndicatorDefinition } from '../../domain/indicators/definition.ts';
import {
  fingertipsMeasure,
  fingertipsPeriodType,
  GP_AREA_TYPES,
} from '../../domain/indicators/fingertips.ts';
import type { Store } from '../../store/database.ts';
import { prescribingMeasureDefinitions } from '../prescribing/measure-indicators.ts';
import { compareText, type SavedIndicator, saveIndicator } from './catalogue.ts';

/** The built-in definitions the current facts call for, in code order. */
export async function builtInDefinitions(store: Store): Promise<IndicatorDefinition[]> {
  const db = store.db;
  const descriptions = await db
    .selectFrom('qof_indicator')
    .select(['group_code', 'description'])
    .where('group_code', 'is not', null)
    .groupBy(['group_code', 'description'])
    .execute();
  // One pass over the registers (the largest QOF table; three passes were ~0.75 s of an incremental
  // release on PGlite, issue 15): the registers seen and the list each is measured against, which is
  // the most recent year's list type (it can change, e.g. when QOF moved a register to an
  // age-restricted list; the definition then gets a new version).
  const listTypes = await sql<{ group_code: string; patient_list_type: string | null }>`
    select distinct on (group_code) group_code, patient_list_type
    from (select group_code, qof_year, patient_list_type, count(*) as n
          from qof_prevalence group by group_code, qof_year, patient_list_type) t
    order by group_code, qof_year desc, n desc, patient_list_type`.execute(db);

  // A mapped group with no register has nothing to compute: only the registers seen are defined.
  const definitions: IndicatorDefinition[] = [];
  for (const { group_code: code, patient_list_type: listType } of listTypes.rows) {
    const names = descriptions.filter((d) => d.group_code === code).map((d) => d.description);
    definitions.push(qofPrevalenceDefinition(code, registerName(code, names), listType));
  }

  for (const definition of await fingertipsDefinitions(store)) definitions.push(definition);
  for (const definition of await qofAchievementDefinitions(store)) definitions.push(definition);
  for (const definition of await prescribingMeasureDefinitions(store)) definitions.push(definition);
  return definitions.sort((a, b) => compareText(a.code, b.code));
}

/**
 * Three definitions (achievement, intervention rate, PCA rate) per QOF indicator with a numerator and
 * a denominator in the achievement files, with QOF's metadata from its latest mapping year.
 */
export async function qofAchievementDefinitions(store: Store): Promise<IndicatorDefinition[]> {
  const db = store.db;
  const codes = await sql<{ indicator_code: string }>`
    select indicator_code from qof_achievement a
    where measure = 'DENOMINATOR'
      and not exists (select 1 from import_batch b where b.id = a.batch_id
        and (b.publisher like 'SYNTHETIC%' or b.publisher like 'TEST FIXTURE%'))
    group by indicator_code order by indicator_code`.execute(db);
  if (codes.rows.length === 0) return [];
  const mappings = await sql<{
    indicator_code: string;
    qof_year: string;
    description: string;
    group_code: string | null;
    domain: string | null;
    points: number | null;
  }>`
    select distinct on (indicator_code) indicator_code, qof_year, description, group_code, domain, points
    from qof_indicator
    where indicator_code in (${sql.join(codes.rows.map((r) => r.indicator_code))})
    order by indicator_code, qof_year desc`.execute(db);
  const latestYear = await sql<{ indicator_code: string; qof_year: string }>`
    select indicator_code, max(qof_year) as qof_year from qof_achievement group by indicator_code`.execute(
    db,
  );
  const byCode = new Map(mappings.rows.map((m) => [m.indicator_code, m]));
  const yearOf = new Map(latestYear.rows.map((r) => [r.indicator_code, r.qof_year]));
  const descriptions = await db
    .selectFrom('qof_indicator')
    .select(['group_code', 'description'])
    .where('group_code', 'is not', null)
    .groupBy(['group_code', 'description'])
    .execute();
  const groupName = (group: string | null): string | null =>
    group === null
      ? null
      : registerName(
          group,
          descriptions.filter((d) => d.group_code === group).map((d) => d.description),
        );
  const definitions: IndicatorDefinition[] = [];
  for (const { indicator_code: code } of codes.rows) {
    const m = byCode.get(code);
    // Only the 2018-19 mappings carry an indicator's wording; later ones give the register's name,
    // which the store keeps as the description when there is no wording (fact-rows.ts).
    const group = groupName(m?.group_code ?? null);
    const worded = m !== undefined && m.description !== code && m.description !== group;
    const meta = {
      indicatorCode: code,
      qofYear: m?.qof_year ?? yearOf.get(code) ?? '',
      description: worded ? m.description : null,
      groupCode: m?.group_code ?? null,
      groupDescription: group,
      domain: m?.domain ?? null,
      points: m?.points === null || m?.points === undefined ? null : Number(m.points),
    };
    for (const rate of QOF_ACHIEVEMENT_RATES) definitions.push(qofAchievementDefinition(meta, rate));
  }
  return definitions;
}

/** Fingertips indicators skipped, by code, and why (no counts to compute from, a period not supported). */
export interface SkippedFingertips {
  code: string;
  reason: string;
}

/**
 * One definition per Fingertips indicator with practice rows (Area Type `GP` or `GPs`), for its
 * most common sex and age, typed by the multiplier that reproduces the published values and dated by
 * the kind of its time periods. Indicators that cannot be recomputed (an IMD score has no counts)
 * are left out; `skipped` says why.
 */
export async function fingertipsDefinitions(
  store: Store,
  skipped: SkippedFingertips[] = [],
): Promise<IndicatorDefinition[]> {
  const db = store.db;
  const gp = sql.join(GP_AREA_TYPES.map((t) => sql`${t}`));
  const series = await sql<{ indicator_id: number; indicator_name: string; sex: string; age: string }>`
    select distinct on (indicator_id) indicator_id, indicator_name, sex, age
    from (select indicator_id, indicator_name, sex, age, count(*) as n from indicator_value
          where area_type in (${gp}) and category_type = ''
          group by indicator_id, indicator_name, sex, age) t
    order by indicator_id, n desc, sex, age`.execute(db);
  const definitions: IndicatorDefinition[] = [];
  for (const f of series.rows) {
    const id = Number(f.indicator_id);
    const rows = await db
      .selectFrom('indicator_value')
      .select(['value', 'count', 'denominator', 'time_period'])
      .where('indicator_id', '=', id)
      .where('area_type', 'in', GP_AREA_TYPES)
      .where('sex', '=', f.sex)
      .where('age', '=', f.age)
      .where('category_type', '=', '')
      .execute();
    const measure = fingertipsMeasure(rows, f.indicator_name);
    const periodType = fingertipsPeriodType([...new Set(rows.map((r) => r.time_period))]);
    if ('reason' in measure) {
      skipped.push({ code: `FT-${id}`, reason: measure.reason });
      continue;
    }
    if (periodType === null) {
      skipped.push({
        code: `FT-${id}`,
        reason: 'its time periods are not financial years, quarters or months of one kind',
      });
      continue;
    }
    definitions.push(fingertipsDefinition(id, f.indicator_name, f.sex, f.age, measure, periodType));
  }
  return definitions;
}

/** Saves every built-in definition (new versions only where changed) in one transaction. */
export async function syncBuiltInIndicators(
  store: Store,
  actor: string,
  now: Date,
): Promise<SavedIndicator[]> {
  const definitions = await builtInDefinitions(store);
  return store.db.transaction().execute(async (trx) => {
    const saved: SavedIndicator[] = [];
    for (const d of definitions) saved.push(await saveIndicator(trx, d, actor, now));
    return saved;
  });
}
