// The published national data the imports write: list sizes, populations, QOF, Fingertips values,
// deprivation and payments (migrations 001, 014, 016).
import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { Sex } from '../../domain/records.ts';
import type { DateColumn, NullableNumber, NullableText } from './columns.ts';

export type { Sex };

/** A practice's QOF points in one year, from ORGANISATION_REFERENCE and the practice summary tables. */
export interface QofPracticeTable {
  practice_code: string;
  qof_year: string;
  revised_max_points: NullableNumber;
  achieved_points: NullableNumber;
  max_points_available: NullableNumber;
  list_size: NullableNumber;
  batch_id: number;
}

export interface ListSizeTable {
  practice_code: string;
  extract_date: DateColumn;
  patients: number;
  batch_id: number;
}

export interface PopulationTable {
  practice_code: string;
  extract_date: DateColumn;
  sex: Sex;
  /** '0-4', '5-9', … '90-94', '95+', or the legacy 10-year bands '0-4', '5-14', … '75+'. */
  age_band: string;
  patients: number;
  batch_id: number;
}

export interface QofPrevalenceTable {
  practice_code: string;
  /** '2016-17' */
  qof_year: string;
  group_code: string;
  register: number;
  patient_list_type: NullableText;
  patient_list_size: NullableNumber;
  batch_id: number;
}

export interface QofIndicatorTable {
  qof_year: string;
  indicator_code: string;
  description: string;
  group_code: NullableText;
  domain: NullableText;
  points: NullableNumber;
  lower_threshold: NullableNumber;
  upper_threshold: NullableNumber;
  patient_list_type: NullableText;
  batch_id: number;
}

export interface IndicatorValueTable {
  indicator_id: number;
  indicator_name: string;
  area_code: string;
  area_type: string;
  sex: string;
  age: string;
  category_type: ColumnType<string, string | undefined, string>;
  category: ColumnType<string, string | undefined, string>;
  time_period: string;
  value: NullableNumber;
  lower_95: NullableNumber;
  upper_95: NullableNumber;
  lower_99_8: NullableNumber;
  upper_99_8: NullableNumber;
  count: NullableNumber;
  denominator: NullableNumber;
  value_note: NullableText;
  batch_id: number;
}

export interface ImdScoreTable {
  practice_code: string;
  imd_year: number;
  score: number;
  batch_id: number;
}

export interface PaymentTable {
  practice_code: string;
  /** '2022-23' */
  financial_year: string;
  /** The published column name. */
  line: string;
  amount: number;
  batch_id: number;
}

/** A registered or weighted list published in NHS Payments to General Practice (migration 016). */
export interface PracticeListFigureTable {
  practice_code: string;
  /** The first day of the quarter the figure describes. */
  extract_date: DateColumn;
  measure: 'registered' | 'weighted';
  patients: number;
  /** In words: "NHS Payments to General Practice 2022-23, Number of Weighted Patients (Last Known Figure)". */
  label: string;
  batch_id: number;
}

/** The published national data, one row per fact, each from an import batch. */
export interface FactTables {
  qof_practice: QofPracticeTable;
  list_size: ListSizeTable;
  population: PopulationTable;
  qof_prevalence: QofPrevalenceTable;
  qof_indicator: QofIndicatorTable;
  indicator_value: IndicatorValueTable;
  imd_score: ImdScoreTable;
  payment: PaymentTable;
  practice_list_figure: PracticeListFigureTable;
}

export type QofPractice = Selectable<QofPracticeTable>;
export type ListSize = Selectable<ListSizeTable>;
export type NewListSize = Insertable<ListSizeTable>;
export type Population = Selectable<PopulationTable>;
export type NewPopulation = Insertable<PopulationTable>;
export type QofPrevalence = Selectable<QofPrevalenceTable>;
export type NewQofPrevalence = Insertable<QofPrevalenceTable>;
export type QofIndicator = Selectable<QofIndicatorTable>;
export type NewQofIndicator = Insertable<QofIndicatorTable>;
export type IndicatorValue = Selectable<IndicatorValueTable>;
export type NewIndicatorValue = Insertable<IndicatorValueTable>;
export type ImdScore = Selectable<ImdScoreTable>;
export type NewImdScore = Insertable<ImdScoreTable>;
export type Payment = Selectable<PaymentTable>;
export type NewPayment = Insertable<PaymentTable>;
