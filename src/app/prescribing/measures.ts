// Running the prescribing measures (measures/*.json) over the stored months.
//
// Every measure is computed in ONE pass over the months' rows: a single GROUP BY practice × month
// with a `sum(case when <codes> then <value> end)` column for each measure's numerator, numerator
// cost and BNF denominator, so twenty measures cost one scan, not twenty. Population denominators
// take the practice's registered list from the list-size extract nearest the month.
//
// Then, per measure and month (pure code, src/domain/prescribing): each practice's ratio, England's
// deciles, the practice's percentile rank and its saving at the 10th-percentile ratio. The results
// replace the months' earlier ones in prescribing_measure_value and prescribing_measure_decile, in
// one transaction.

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { costSaving, deciles, percentileOfSorted, percentileRank } from '../../domain/prescribing/deciles.ts';
import {
  type BnfSelection,
  type MeasureDefinition,
  measureRatio,
  parseMeasure,
} from '../../domain/prescribing/measure.ts';
import { parseStarPuWeights, type StarPuWeights, starPuBand } from '../../domain/prescribing/star-pu.ts';
import type { Store } from '../../store/database.ts';
import type { Database } from '../../store/schema.ts';

export const MEASURES_DIR = fileURLToPath(new URL('../../../measures/', import.meta.url));

/** Every measure in `dir`, in file-name order. */
export async function loadMeasures(dir: string = MEASURES_DIR): Promise<MeasureDefinition[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const measures: MeasureDefinition[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    const measure = parseMeasure(name, JSON.parse(text));
    if (`${measure.id}.json` !== name)
      throw new Error(`${name}: id '${measure.id}' must match the file name`);
    measures.push(measure);
  }
  return measures;
}

/** The STAR-PU weights shipped in measures/weights/ (source and licence in the file). */
export const STAR_PU_FILE = join(MEASURES_DIR, 'weights', 'star-pu-2013.json');

export async function loadStarPuWeights(file: string = STAR_PU_FILE): Promise<Map<string, StarPuWeights>> {
  return parseStarPuWeights(file, JSON.parse(await readFile(file, 'utf8')));
}

/**
 * Each practice's STAR-PU in each month of [from, to] it has measure sums for: its registered
 * patients by sex and age band, from the population extract nearest the month, weighted
 * (src/domain/prescribing/star-pu.ts) — summed in SQL against a VALUES table of the weights of every
 * age band the store holds. Keyed `practice|YYYY-MM-DD`; practices without an age-sex breakdown are absent.
 */
async function starPuDenominators(
  db: Kysely<Database>,
  weights: StarPuWeights,
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const bands = await db.selectFrom('population').select('age_band').distinct().execute();
  const values: string[] = [];
  for (const { age_band } of bands) {
    const band = starPuBand(age_band);
    if (band === null) continue;
    values.push(`('male', ${literal(age_band)}, ${weights[band][0]}::float8)`);
    values.push(`('female', ${literal(age_band)}, ${weights[band][1]}::float8)`);
  }
  if (values.length === 0) return new Map();
  const result = await sql<{ practice_code: string; month: string; star_pu: number }>`
    with pm as (
      select distinct practice_code, month from prescribing_measure_sum
      where month >= ${from}::date and month <= ${to}::date
    ), ext as (
      select pm.practice_code, pm.month,
        (select p.extract_date from population p where p.practice_code = pm.practice_code
         order by abs(p.extract_date - pm.month), p.extract_date desc limit 1) as extract_date
      from pm
    )
    select ext.practice_code, ext.month, sum(p.patients * w.weight)::float8 as star_pu
    from ext
    join population p on p.practice_code = ext.practice_code and p.extract_date = ext.extract_date
    join (values ${sql.raw(values.join(', '))}) as w(sex, age_band, weight)
      on w.sex = p.sex and w.age_band = p.age_band
    group by ext.practice_code, ext.month`.execute(db);
  return new Map(result.rows.map((r) => [`${r.practice_code}|${String(r.month)}`, Number(r.star_pu)]));
}

/** One practice's sums for one measure and month. */
export interface MeasureSums {
  measureId: string;
  month: string;
  practiceCode: string;
  numerator: number;
  numeratorCost: number;
  /** Null for a population measure when the practice has no list size. */
  denominator: number | null;
}

const VALUE_SQL: Record<BnfSelection['value'], string> = {
  items: 'items',
  quantity: 'quantity',
  adq: 'coalesce(adq_usage, 0)',
  cost: 'actual_cost',
};

/** SQL for "this row's code is selected": patterns are checked by parseMeasure ([0-9A-Z%] only). */
function selectionSql(selection: Pick<BnfSelection, 'include' | 'exclude'>): string {
  const like = (pattern: string) => `bnf_code LIKE '${pattern.includes('%') ? pattern : `${pattern}%`}'`;
  const include = selection.include.map(like).join(' OR ');
  const exclude = selection.exclude.map(like).join(' OR ');
  return exclude ? `((${include}) AND NOT (${exclude}))` : `(${include})`;
}

/** A fingerprint of the measures' definitions: stored sums computed for other definitions are stale. */
export function measuresFingerprint(measures: readonly MeasureDefinition[]): string {
  return createHash('sha256').update(JSON.stringify(measures)).digest('hex');
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Computes the month's sums for every measure and practice from its prescribing groups — ONE pass,
 * a `sum(case when <codes> …)` column per measure — and stores them in prescribing_measure_sum
 * (replacing the month's earlier sums). Run by the import for each month it brings, and by
 * measureSums for a month whose sums were computed for other measure definitions. `source` is the
 * table the groups are read from: `prescribing`, or the import's staging table of the same columns
 * holding exactly the groups it has just stored (import-prescribing.ts, the DuckDB fast path).
 */
export async function storeMeasureSums(
  db: Kysely<Database>,
  measures: readonly MeasureDefinition[],
  month: string,
  source: 'prescribing' | 'prescribing_stage' = 'prescribing',
): Promise<void> {
  await db.deleteFrom('prescribing_measure_sum').where('month', '=', month).execute();
  if (measures.length > 0) {
    const columns: string[] = [];
    const values: string[] = [];
    measures.forEach((m, i) => {
      const num = selectionSql(m.numerator);
      columns.push(`sum(case when ${num} then ${VALUE_SQL[m.numerator.value]} else 0 end)::float8 as n${i}`);
      columns.push(`sum(case when ${num} then actual_cost else 0 end)::float8 as c${i}`);
      let denominator = 'null::float8';
      if (m.denominator.kind === 'bnf') {
        const den = selectionSql(m.denominator);
        columns.push(
          `sum(case when ${den} then ${VALUE_SQL[m.denominator.value]} else 0 end)::float8 as d${i}`,
        );
        denominator = `a.d${i}`;
      }
      values.push(`(${literal(m.id)}, a.n${i}, a.c${i}, ${denominator})`);
    });
    await sql`
      insert into prescribing_measure_sum
        (month, measure_id, practice_code, numerator, numerator_cost, denominator)
      select a.month, v.id, a.practice_code, v.n, v.c, v.d
      from (
        select practice_code, month, ${sql.raw(columns.join(',\n'))}
        from ${sql.table(source)} where month = ${month}::date
        group by practice_code, month
      ) a
      cross join lateral (values ${sql.raw(values.join(', '))}) as v(id, n, c, d)`.execute(db);
  }
  await db
    .updateTable('prescribing_month')
    .set({ measure_sums: measuresFingerprint(measures) })
    .where('month', '=', month)
    .execute();
}

/**
 * The measures' sums for every practice with prescribing in the months [from, to], read from
 * prescribing_measure_sum; a month whose stored sums are missing or were computed for other
 * measure definitions has them computed first (storeMeasureSums).
 */
export async function measureSums(
  db: Kysely<Database>,
  measures: readonly MeasureDefinition[],
  from: string,
  to: string,
): Promise<MeasureSums[]> {
  if (measures.length === 0) return [];
  const fingerprint = measuresFingerprint(measures);
  const months = await db
    .selectFrom('prescribing_month')
    .select(['month', 'measure_sums'])
    .where('month', '>=', from)
    .where('month', '<=', to)
    .execute();
  for (const m of months) {
    if (m.measure_sums !== fingerprint) await storeMeasureSums(db, measures, String(m.month));
  }
  const needsList = measures.some((m) => m.denominator.kind === 'population');
  const list = needsList
    ? sql`(select l.patients from list_size l where l.practice_code = d.practice_code
             order by abs(l.extract_date - d.month), l.extract_date desc limit 1)::float8`
    : sql`null::float8`;
  const result = await sql<{
    measure_id: string;
    month: string;
    practice_code: string;
    numerator: number;
    numerator_cost: number;
    denominator: number | null;
    list_size: number | null;
  }>`
    with pm as (
      select practice_code, month, ${list} as list_size
      from (select distinct practice_code, month from prescribing_measure_sum
            where month >= ${from}::date and month <= ${to}::date) d
      )
    select s.measure_id, s.month, s.practice_code, s.numerator, s.numerator_cost, s.denominator, pm.list_size
    from prescribing_measure_sum s
    join pm on pm.practice_code = s.practice_code and pm.month = s.month
    where s.month >= ${from}::date and s.month <= ${to}::date
      and s.measure_id in (${sql.join(measures.map((m) => m.id))})
    order by s.month, s.practice_code,
      array_position(array[${sql.join(measures.map((m) => m.id))}]::text[], s.measure_id)`.execute(db);
  const kinds = new Map(measures.map((m) => [m.id, m.denominator.kind]));
  // STAR-PU denominators, one weighted sum per weights group the measures use.
  const groupOf = new Map<string, string>();
  for (const m of measures)
    if (m.denominator.kind === 'population' && m.denominator.population === 'star_pu')
      groupOf.set(m.id, m.denominator.weights);
  const starPu = new Map<string, Map<string, number>>();
  if (groupOf.size > 0) {
    const all = await loadStarPuWeights();
    for (const group of new Set(groupOf.values())) {
      const weights = all.get(group);
      if (!weights) throw new Error(`no STAR-PU weights '${group}' in ${STAR_PU_FILE}`);
      starPu.set(group, await starPuDenominators(db, weights, from, to));
    }
  }
  return result.rows.map((row) => {
    const group = groupOf.get(row.measure_id);
    const denominator =
      kinds.get(row.measure_id) === 'bnf'
        ? Number(row.denominator)
        : group !== undefined
          ? (starPu.get(group)!.get(`${row.practice_code}|${String(row.month)}`) ?? null)
          : row.list_size === null
            ? null
            : Number(row.list_size);
    return {
      measureId: row.measure_id,
      month: String(row.month),
      practiceCode: row.practice_code,
      numerator: Number(row.numerator),
      numeratorCost: Number(row.numerator_cost),
      denominator,
    };
  });
}

export interface MeasureResult extends MeasureSums {
  ratio: number | null;
  percentile: number | null;
  saving: number;
}

export interface MeasureMonth {
  measureId: string;
  month: string;
  practices: number;
  deciles: number[] | null;
  results: MeasureResult[];
}

/** Ratios, England's deciles, percentile ranks and savings for each measure × month (pure). */
export function benchmarkMeasures(
  measures: readonly MeasureDefinition[],
  sums: readonly MeasureSums[],
): MeasureMonth[] {
  const byKey = new Map<string, MeasureSums[]>();
  for (const s of sums) {
    const key = `${s.measureId}|${s.month}`;
    let list = byKey.get(key);
    if (!list) {
      list = [];
      byKey.set(key, list);
    }
    list.push(s);
  }
  const months: MeasureMonth[] = [];
  for (const [key, list] of byKey) {
    const [measureId, month] = key.split('|') as [string, string];
    const measure = measures.find((m) => m.id === measureId)!;
    const withRatio = list.map((s) => ({
      ...s,
      ratio: measureRatio(measure, s.numerator, s.denominator ?? 0),
    }));
    const values = withRatio.map((r) => r.ratio).filter((r): r is number => r !== null);
    const sorted = [...values].sort((a, b) => a - b);
    const p10 = sorted.length > 0 ? percentileOfSorted(sorted, 10) : null;
    const results = withRatio.map((r) => ({
      ...r,
      percentile: r.ratio === null ? null : percentileRank(sorted, r.ratio),
      saving: measure.polarity === 'low_is_good' ? costSaving(r.ratio, r.numeratorCost, p10) : 0,
    }));
    months.push({ measureId, month, practices: sorted.length, deciles: deciles(sorted), results });
  }
  return months;
}

export interface RecomputeMeasuresOutcome {
  measures: number;
  months: string[];
  values: number;
  durationMs: number;
}

/**
 * Recomputes the measures for every stored month (or those in [from, to]) and replaces their
 * stored values and deciles, in one transaction.
 */
export async function recomputeMeasures(
  store: Store,
  options: { measures?: readonly MeasureDefinition[]; from?: string; to?: string } = {},
): Promise<RecomputeMeasuresOutcome> {
  const started = performance.now();
  const measures = options.measures ?? (await loadMeasures());
  return store.db.transaction().execute(async (trx) => {
    const stored = await trx
      .selectFrom('prescribing_month')
      .select('month')
      .$if(options.from !== undefined, (q) => q.where('month', '>=', options.from!))
      .$if(options.to !== undefined, (q) => q.where('month', '<=', options.to!))
      .orderBy('month')
      .execute();
    const months = stored.map((r) => r.month);
    if (months.length === 0 || measures.length === 0) {
      return { measures: measures.length, months, values: 0, durationMs: performance.now() - started };
    }
    const sums = await measureSums(trx, measures, months[0]!, months[months.length - 1]!);
    const benchmarked = benchmarkMeasures(measures, sums);
    const ids = measures.map((m) => m.id);
    await trx
      .deleteFrom('prescribing_measure_value')
      .where('measure_id', 'in', ids)
      .where('month', 'in', months)
      .execute();
    await trx
      .deleteFrom('prescribing_measure_decile')
      .where('measure_id', 'in', ids)
      .where('month', 'in', months)
      .execute();
    let values = 0;
    for (const m of benchmarked) {
      if (m.deciles !== null) {
        await trx
          .insertInto('prescribing_measure_decile')
          .values({
            measure_id: m.measureId,
            month: m.month,
            practices: m.practices,
            deciles: JSON.stringify(m.deciles),
          })
          .execute();
      }
      values += await insertResults(trx, m.results);
    }
    return { measures: measures.length, months, values, durationMs: performance.now() - started };
  });
}

async function insertResults(trx: Kysely<Database>, results: readonly MeasureResult[]): Promise<number> {
  const step = 10_000;
  for (let start = 0; start < results.length; start += step) {
    const slice = results.slice(start, start + step);
    const col = <T>(f: (r: MeasureResult) => T) => slice.map(f);
    await sql`
      insert into prescribing_measure_value
        (measure_id, month, practice_code, numerator, denominator, numerator_cost, ratio, percentile, saving)
      select * from unnest(
        ${col((r) => r.measureId)}::text[], ${col((r) => r.month)}::date[], ${col((r) => r.practiceCode)}::text[],
        ${col((r) => r.numerator)}::float8[], ${col((r) => r.denominator)}::float8[],
        ${col((r) => r.numeratorCost)}::float8[], ${col((r) => r.ratio)}::float8[],
        ${col((r) => r.percentile)}::float8[], ${col((r) => r.saving)}::float8[])`.execute(trx);
  }
  return results.length;
}

/**
 * Recomputes the measures when the measures or the stored months have changed since the last run
 * (a fingerprint of both is kept); otherwise does nothing. Called by every release recompute.
 */
export async function refreshMeasures(store: Store): Promise<RecomputeMeasuresOutcome | null> {
  const months = await store.db
    .selectFrom('prescribing_month')
    .select(['month', 'import_batch_id'])
    .orderBy('month')
    .execute();
  if (months.length === 0) return null;
  const measures = await loadMeasures();
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([measures, months]))
    .digest('hex');
  const last = await store.db.selectFrom('prescribing_measure_run').select('fingerprint').executeTakeFirst();
  if (last?.fingerprint === fingerprint) return null;
  const outcome = await recomputeMeasures(store, { measures });
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('prescribing_measure_run').execute();
    await trx.insertInto('prescribing_measure_run').values({ fingerprint }).execute();
  });
  return outcome;
}
