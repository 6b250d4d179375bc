// What a reader of a prescribing measure asks for, as plain data for the CLI (and, later, the pages
// and the API): England's deciles month by month, and the practices with the largest savings.
import type { Store } from '../../store/database.ts';

export interface DecileRow {
  month: string;
  practices: number;
  /** 10th … 90th percentile of the measure's ratio. */
  deciles: number[];
}

export async function measureDeciles(store: Pick<Store, 'db'>, measureId: string): Promise<DecileRow[]> {
  const rows = await store.db
    .selectFrom('prescribing_measure_decile')
    .select(['month', 'practices', 'deciles'])
    .where('measure_id', '=', measureId)
    .orderBy('month')
    .execute();
  return rows.map((r) => ({
    month: r.month.slice(0, 7),
    practices: Number(r.practices),
    deciles: r.deciles,
  }));
}

export interface SavingRow {
  practiceCode: string;
  month: string;
  ratio: number | null;
  percentile: number | null;
  numeratorCost: number;
  saving: number;
}

/** The practices with the largest savings in a month (the latest stored when `month` is not given). */
export async function measureSavings(
  store: Pick<Store, 'db'>,
  measureId: string,
  options: { month?: string; limit?: number } = {},
): Promise<SavingRow[]> {
  let month = options.month ? `${options.month}-01` : null;
  if (month === null) {
    const latest = await store.db
      .selectFrom('prescribing_measure_decile')
      .select('month')
      .where('measure_id', '=', measureId)
      .orderBy('month', 'desc')
      .executeTakeFirst();
    if (!latest) return [];
    month = latest.month;
  }
  const rows = await store.db
    .selectFrom('prescribing_measure_value')
    .select(['practice_code', 'month', 'ratio', 'percentile', 'numerator_cost', 'saving'])
    .where('measure_id', '=', measureId)
    .where('month', '=', month)
    .where('saving', '>', 0)
    .orderBy('saving', 'desc')
    .orderBy('practice_code')
    .limit(options.limit ?? 20)
    .execute();
  return rows.map((r) => ({
    practiceCode: r.practice_code,
    month: r.month.slice(0, 7),
    ratio: r.ratio,
    percentile: r.percentile,
    numeratorCost: r.numerator_cost,
    saving: r.saving,
  }));
}

export interface PracticeMonth {
  month: string;
  ratio: number | null;
  percentile: number | null;
  saving: number;
}

/** One practice's ratio, percentile and saving on a measure, month by month. */
export async function measurePracticeSeries(
  store: Pick<Store, 'db'>,
  measureId: string,
  practiceCode: string,
): Promise<PracticeMonth[]> {
  const rows = await store.db
    .selectFrom('prescribing_measure_value')
    .select(['month', 'ratio', 'percentile', 'saving'])
    .where('measure_id', '=', measureId)
    .where('practice_code', '=', practiceCode)
    .orderBy('month')
    .execute();
  return rows.map((r) => ({
    month: r.month.slice(0, 7),
    ratio: r.ratio,
    percentile: r.percentile,
    saving: r.saving,
  }));
}
