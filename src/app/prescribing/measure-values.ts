// Each measure's value per practice and month, benchmarked across England, computed in the database
// from the stored sums (prescribing_measure_sum) by ONE statement: nothing crosses into JavaScript.
// (Doing it in JavaScript took ~65 s for 12 national months, most of it carrying 2.2M sums out and
// 2.2M values back in; docs/decisions.md, "Measures benchmarked in SQL".)
//
// The rules are those of src/domain/prescribing (measure.ts, deciles.ts), written in SQL:
// - the denominator: the BNF denominator's sum, the practice's list size (from the extract nearest
//   the month), or its STAR-PU (star-pu.ts: patients by sex and age band × the group's weights);
// - ratio = numerator ÷ denominator × 100 (or × `per` for a population), none when the denominator is 0;
// - England's deciles: percentile_cont of the ratios (linear interpolation, as `percentile`);
// - percentile rank: (practices below + (practices equal − 1) ÷ 2) ÷ (practices − 1) × 100, 50 alone;
// - saving (low_is_good only): numerator cost × (1 − p10 ÷ ratio) above the 10th percentile, else 0.
// test/app/prescribing-measure-values.test.ts checks every stored value against those pure functions.

import { type Kysely, sql } from 'kysely';
import type { MeasureDefinition } from '../../domain/prescribing/measure.ts';
import { type StarPuWeights, starPuBand } from '../../domain/prescribing/star-pu.ts';
import type { Database } from '../../store/schema.ts';
import { literal } from './measure-sums.ts';

const DECILE_FRACTIONS = 'array[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]::float8[]';

/**
 * The STAR-PU of each practice and month of `pm` (the practices and months with measure sums), for one weights group:
 * SQL returning (weights, practice_code, month, star_pu), summed against a VALUES table of the weights
 * of every age band the store holds. Null when the store holds no band the weights know.
 */
async function starPuSql(
  db: Kysely<Database>,
  group: string,
  weights: StarPuWeights,
): Promise<string | null> {
  const bands = await db.selectFrom('population').select('age_band').distinct().execute();
  const values: string[] = [];
  for (const { age_band } of bands) {
    const band = starPuBand(age_band);
    if (band === null) continue;
    values.push(`('male', ${literal(age_band)}, ${weights[band][0]}::float8)`);
    values.push(`('female', ${literal(age_band)}, ${weights[band][1]}::float8)`);
  }
  if (values.length === 0) return null;
  return `
    select ${literal(group)}::text as weights, ext.practice_code, ext.month,
      sum(p.patients * w.weight)::float8 as star_pu
    from (
      select pm.practice_code, pm.month,
        (select p.extract_date from population p where p.practice_code = pm.practice_code
         order by abs(p.extract_date - pm.month), p.extract_date desc limit 1) as extract_date
      from pm
    ) ext
    join population p on p.practice_code = ext.practice_code and p.extract_date = ext.extract_date
    join (values ${values.join(', ')}) as w(sex, age_band, weight)
      on w.sex = p.sex and w.age_band = p.age_band
    group by ext.practice_code, ext.month`;
}

/**
 * Computes and inserts every measure's values (prescribing_measure_value) and England's deciles
 * (prescribing_measure_decile) for the months [from, to] from the stored sums, which must be current
 * (refreshStaleSums). The months' earlier values must have been deleted. Returns the values written.
 */
export async function insertMeasureValues(
  db: Kysely<Database>,
  measures: readonly MeasureDefinition[],
  weightsOf: (group: string) => StarPuWeights,
  from: string,
  to: string,
): Promise<number> {
  const kinds: string[] = [];
  const groups = new Set<string>();
  for (const m of measures) {
    const d = m.denominator;
    const kind = d.kind === 'bnf' ? 'bnf' : d.population === 'star_pu' ? 'star' : 'list';
    const scale = d.kind === 'population' ? d.per : 100;
    const group = d.kind === 'population' && d.population === 'star_pu' ? d.weights : null;
    if (group !== null) groups.add(group);
    kinds.push(
      `(${literal(m.id)}, '${kind}', ${scale}::float8, ${m.polarity === 'low_is_good'}, ${group === null ? 'null' : literal(group)}::text)`,
    );
  }
  const needsList = measures.some((m) => m.denominator.kind === 'population');
  const list = needsList
    ? `(select l.patients from list_size l where l.practice_code = d.practice_code
         order by abs(l.extract_date - d.month), l.extract_date desc limit 1)::float8`
    : 'null::float8';
  const stars: string[] = [];
  for (const group of groups) {
    const query = await starPuSql(db, group, weightsOf(group));
    if (query !== null) stars.push(query);
  }
  const star =
    stars.length > 0
      ? stars.join('\nunion all\n')
      : 'select null::text as weights, null::text as practice_code, null::date as month, null::float8 as star_pu where false';
  // The window functions sort every value of the months by measure, month and ratio: in memory, not
  // in ~200 MB of temporary files (only for this transaction).
  await sql`set local work_mem = '256MB'`.execute(db);
  // Fresh statistics: an import has just added a month of sums, and without them the planner expects
  // a few hundred rows and sorts 2.2M for a merge join instead of hashing.
  await sql`analyze prescribing_measure_sum`.execute(db);
  const result = await sql`
    with pm as materialized (
      select d.practice_code, d.month, ${sql.raw(list)} as list_size
      from (select distinct practice_code, month from prescribing_measure_sum
            where month >= ${from}::date and month <= ${to}::date) d
    ), star as materialized (${sql.raw(star)}
    ), k (measure_id, kind, scale, low_is_good, weights) as (values ${sql.raw(kinds.join(', '))}
    ), s as (
      select s.measure_id, s.month, s.practice_code, s.numerator, s.numerator_cost, k.scale, k.low_is_good,
        case k.kind when 'bnf' then coalesce(s.denominator, 0) when 'list' then pm.list_size
          else st.star_pu end as denominator
      from prescribing_measure_sum s
      join k on k.measure_id = s.measure_id
      join pm on pm.practice_code = s.practice_code and pm.month = s.month
      left join star st on st.weights = k.weights and st.practice_code = s.practice_code and st.month = s.month
      where s.month >= ${from}::date and s.month <= ${to}::date
    ), r as (
      select s.*, case when s.denominator > 0 then (s.numerator / s.denominator) * s.scale end as ratio
      from s
    ), w as (
      select r.*, rank() over (partition by r.measure_id, r.month order by r.ratio) - 1 as below,
        count(*) over (partition by r.measure_id, r.month, r.ratio) as equal,
        count(r.ratio) over (partition by r.measure_id, r.month) as n
      from r
    ), d as (
      select measure_id, month, count(*) as practices,
        percentile_cont(${sql.raw(DECILE_FRACTIONS)}) within group (order by ratio) as deciles
      from r where ratio is not null
      group by measure_id, month
    ), stored_deciles as (
      insert into prescribing_measure_decile (measure_id, month, practices, deciles)
      select measure_id, month, practices, to_jsonb(deciles) from d
    )
    insert into prescribing_measure_value
      (measure_id, month, practice_code, numerator, denominator, numerator_cost, ratio, percentile, saving)
    select w.measure_id, w.month, w.practice_code, w.numerator, w.denominator, w.numerator_cost, w.ratio,
      case when w.ratio is null then null when w.n <= 1 then 50
        else ((w.below::float8 + greatest(0, w.equal - 1)::float8 / 2) / (w.n - 1)::float8) * 100 end,
      case when w.low_is_good and w.ratio > d.deciles[1] and w.numerator_cost > 0
        then w.numerator_cost * (1 - d.deciles[1] / w.ratio) else 0 end
    from w left join d on d.measure_id = w.measure_id and d.month = w.month`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
