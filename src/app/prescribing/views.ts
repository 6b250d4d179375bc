// What a reader of a prescribing measure asks for, as plain data for the CLI (and, later, the pages
// and the API): England's deciles month by month, and the practices with the largest savings.
import { sql } from 'kysely';
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

/**
 * The measures' last run (refreshMeasures' fingerprint of the measures and the months), or null: what
 * a view showing savings was made from beside the release, since savings are not the release's. An
 * expression, read with the release the pages show (`findReleaseForPages`).
 */
export function measuresFingerprint() {
  return sql<string | null>`(select fingerprint from prescribing_measure_run limit 1)`;
}

export function measuresVersionOf(fingerprint: string | null): string {
  return `measures ${fingerprint ?? 'none'}`;
}

export interface PracticeSaving {
  measureId: string;
  /** YYYY-MM */
  month: string;
  /** £ the practice would have saved at England's 10th-percentile ratio (0 for other polarities). */
  saving: number;
  /** True when the month was imported as SYNTHETIC data (the demo's). */
  synthetic: boolean;
}

/**
 * A practice's saving on each of the given measures in the given months (the scorecard's prescribing
 * rows), keyed `measureId|YYYY-MM`; pairs with no stored value are absent.
 */
export async function practiceSavings(
  store: Pick<Store, 'db'>,
  practiceCode: string,
  wanted: readonly { measureId: string; month: string }[],
): Promise<Map<string, PracticeSaving>> {
  const found = new Map<string, PracticeSaving>();
  if (wanted.length === 0) return found;
  const ids = [...new Set(wanted.map((w) => w.measureId))];
  const months = [...new Set(wanted.map((w) => `${w.month}-01`))];
  const rows = await store.db
    .selectFrom('prescribing_measure_value as v')
    .innerJoin('prescribing_month as m', 'm.month', 'v.month')
    .innerJoin('import_batch as b', 'b.id', 'm.import_batch_id')
    .select(['v.measure_id', 'v.month', 'v.saving', 'b.publisher'])
    .where('v.practice_code', '=', practiceCode)
    .where('v.measure_id', 'in', ids)
    .where('v.month', 'in', months)
    .execute();
  const asked = new Set(wanted.map((w) => `${w.measureId}|${w.month}`));
  for (const r of rows) {
    const key = `${r.measure_id}|${r.month.slice(0, 7)}`;
    if (!asked.has(key)) continue;
    found.set(key, {
      measureId: r.measure_id,
      month: r.month.slice(0, 7),
      saving: r.saving,
      synthetic: r.publisher.startsWith('SYNTHETIC'),
    });
  }
  return found;
}

/** True when any prescribing month held was imported as SYNTHETIC data (the demo's). */
export async function prescribingIsSynthetic(store: Pick<Store, 'db'>): Promise<boolean> {
  const row = await store.db
    .selectFrom('prescribing_month as m')
    .innerJoin('import_batch as b', 'b.id', 'm.import_batch_id')
    .select('m.month')
    .where('b.publisher', 'like', 'SYNTHETIC%')
    .executeTakeFirst();
  return row !== undefined;
}
