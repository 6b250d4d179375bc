// Keeps the built-in indicators in step with the imported data: one QOF prevalence indicator per
// register seen in qof_prevalence / qof_indicator, one indicator per Fingertips indicator that has
// practice counts. A register whose name or list changed gets a new version; unchanged ones none.
import { sql } from 'kysely';
import {
  fingertipsDefinition,
  qofPrevalenceDefinition,
  registerName,
} from '../../domain/indicators/built-in.ts';
import type { IndicatorDefinition } from '../../domain/indicators/definition.ts';
import type { Store } from '../../store/database.ts';
import { compareText, type SavedIndicator, saveIndicator } from './catalogue.ts';

/** The built-in definitions the current facts call for, in code order. */
export async function builtInDefinitions(store: Store): Promise<IndicatorDefinition[]> {
  const db = store.db;
  const groups = await sql<{ group_code: string }>`
    select group_code from qof_prevalence group by group_code
    union select group_code from qof_indicator where group_code is not null group by group_code`.execute(db);
  const descriptions = await db
    .selectFrom('qof_indicator')
    .select(['group_code', 'description'])
    .where('group_code', 'is not', null)
    .groupBy(['group_code', 'description'])
    .execute();
  // The list a register is measured against: the most recent year's list type (it can change, e.g.
  // when QOF moved a register to an age-restricted list; the definition then gets a new version).
  const listTypes = await sql<{ group_code: string; patient_list_type: string | null }>`
    select distinct on (group_code) group_code, patient_list_type
    from (select group_code, qof_year, patient_list_type, count(*) as n
          from qof_prevalence group by group_code, qof_year, patient_list_type) t
    order by group_code, qof_year desc, n desc, patient_list_type`.execute(db);
  const listType = new Map(listTypes.rows.map((r) => [r.group_code, r.patient_list_type]));
  const seen = new Set(
    (await sql<{ group_code: string }>`select distinct group_code from qof_prevalence`.execute(db)).rows.map(
      (r) => r.group_code,
    ),
  );

  const definitions: IndicatorDefinition[] = [];
  for (const { group_code: code } of groups.rows) {
    if (!seen.has(code)) continue; // a mapped group with no register has nothing to compute
    const names = descriptions.filter((d) => d.group_code === code).map((d) => d.description);
    definitions.push(qofPrevalenceDefinition(code, registerName(code, names), listType.get(code) ?? null));
  }

  const fingertips = await sql<{ indicator_id: number; indicator_name: string; sex: string; age: string }>`
    select distinct on (indicator_id) indicator_id, indicator_name, sex, age
    from (select indicator_id, indicator_name, sex, age, count(*) as n from indicator_value
          where area_type = 'GPs' and count is not null and denominator is not null
          group by indicator_id, indicator_name, sex, age) t
    order by indicator_id, n desc, sex, age`.execute(db);
  for (const f of fingertips.rows) {
    definitions.push(fingertipsDefinition(Number(f.indicator_id), f.indicator_name, f.sex, f.age));
  }
  return definitions.sort((a, b) => compareText(a.code, b.code));
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
