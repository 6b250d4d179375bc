// Prescribing (migrations 018, 024, docs/prescribing.md): the English Prescribing Dataset, aggregated.
import type { ColumnType, Generated } from 'kysely';
import type { DateColumn, Double, NullableText } from './columns.ts';

export interface PrescribingTable {
  /** The first day of the month, 'YYYY-MM-01' (the partition key). */
  month: DateColumn;
  practice_code: string;
  bnf_code: string;
  items: number;
  quantity: number;
  adq_usage: Double;
  nic: number;
  actual_cost: number;
  import_batch_id: number;
}

export interface PrescribingMonthTable {
  month: DateColumn;
  import_batch_id: number;
  rows_read: number;
  groups: number;
  practices: number;
  /** Practice codes in the month that no organisation file names (kept, and reported). */
  unknown_practices: number;
  items: number;
  actual_cost: number;
  /** Fingerprint of the measures whose sums prescribing_measure_sum holds for the month (migration 024). */
  measure_sums: Generated<string | null>;
}

/** Per month × measure × practice, the sums the measure needs (migration 024). */
export interface PrescribingMeasureSumTable {
  month: DateColumn;
  measure_id: string;
  practice_code: string;
  numerator: number;
  numerator_cost: number;
  denominator: number | null;
}

export interface BnfPresentationTable {
  bnf_code: string;
  name: NullableText;
  chemical_code: string;
  chemical_name: NullableText;
  paragraph_code: string;
  section_code: string;
  chapter_code: string;
  chapter_name: NullableText;
}

export interface PrescribingMeasureValueTable {
  measure_id: string;
  month: DateColumn;
  practice_code: string;
  numerator: number;
  /** The BNF denominator, or the registered list; null when the practice has no list size. */
  denominator: Double;
  numerator_cost: number;
  /** Percentage, or rate per 1,000 patients; null when the denominator is zero or unknown. */
  ratio: Double;
  /** The practice's percentile rank in England that month (0–100). */
  percentile: Double;
  /** Pounds saved had it prescribed at England's 10th-percentile ratio (low_is_good measures). */
  saving: ColumnType<number, number | undefined, number>;
}

export interface PrescribingMeasureDecileTable {
  measure_id: string;
  month: DateColumn;
  practices: number;
  /** The 10th … 90th percentiles, as JSON text on insert. */
  deciles: ColumnType<number[], string, string>;
}

/** The English Prescribing Dataset, aggregated, and the measures computed from it. */
export interface PrescribingTables {
  prescribing: PrescribingTable;
  prescribing_month: PrescribingMonthTable;
  bnf_presentation: BnfPresentationTable;
  prescribing_measure_sum: PrescribingMeasureSumTable;
  prescribing_measure_value: PrescribingMeasureValueTable;
  prescribing_measure_decile: PrescribingMeasureDecileTable;
  prescribing_measure_run: { fingerprint: string };
}
