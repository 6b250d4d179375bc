// The measures' sums per month × practice (prescribing_measure_sum, migration 024): computed from the
// prescribing groups in ONE pass a month — a `sum(case when <codes> then <value> end)` column for each
// measure's numerator, numerator cost and BNF denominator, so twenty measures cost one scan, not twenty;
// which codes each selection takes is decided once per distinct code of the month, not per group.
// The import stores them for each month it brings; recompute reads them, and recomputes a month's sums
// first only when they were computed for other measure definitions (the fingerprint below).

import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { BnfSelection, MeasureDefinition } from '../../domain/prescribing/measure.ts';
import type { Database } from '../../store/schema.ts';

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

export function literal(text: string): string {
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
    // Each selection is decided once per BNF code of the month (a few thousand codes, each with its
    // LIKE tests), not once per group (millions): the groups then test a boolean of their code.
    const selections: string[] = [];
    const columns: string[] = [];
    const values: string[] = [];
    measures.forEach((m, i) => {
      selections.push(`${selectionSql(m.numerator)} as n${i}`);
      columns.push(`sum(case when s.n${i} then ${VALUE_SQL[m.numerator.value]} else 0 end)::float8 as n${i}`);
      columns.push(`sum(case when s.n${i} then actual_cost else 0 end)::float8 as c${i}`);
      let denominator = 'null::float8';
      if (m.denominator.kind === 'bnf') {
        selections.push(`${selectionSql(m.denominator)} as d${i}`);
        columns.push(
          `sum(case when s.d${i} then ${VALUE_SQL[m.denominator.value]} else 0 end)::float8 as d${i}`,
        );
        denominator = `a.d${i}`;
      }
      values.push(`(${literal(m.id)}, a.n${i}, a.c${i}, ${denominator})`);
    });
    await sql`
      with s as materialized (
        select bnf_code, ${sql.raw(selections.join(',\n'))}
        from (select distinct bnf_code from ${sql.table(source)} where month = ${month}::date) codes
      )
      insert into prescribing_measure_sum
        (month, measure_id, practice_code, numerator, numerator_cost, denominator)
      select a.month, v.id, a.practice_code, v.n, v.c, v.d
      from (
        select g.practice_code, g.month, ${sql.raw(columns.join(',\n'))}
        from ${sql.table(source)} g join s on s.bnf_code = g.bnf_code
        where g.month = ${month}::date
        group by g.practice_code, g.month
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
 * Recomputes the sums of every month in [from, to] whose stored sums are missing or were computed for
 * other measure definitions (a measure added or edited since).
 */
export async function refreshStaleSums(
  db: Kysely<Database>,
  measures: readonly MeasureDefinition[],
  from: string,
  to: string,
): Promise<void> {
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
}
