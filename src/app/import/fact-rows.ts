// Maps each fact a reader yields onto its table's row, with the primary key that identifies it.
// A re-published fact (same key) replaces the stored value and its batch_id (the file imported
// last); a membership observed by two files on the same day is settled by newest-wins.ts, as are
// organisations, which are not here (newest-wins.ts resolves them from every file's statement).

import type { Insertable, RawBuilder } from 'kysely';
import type { FactRecord, OrganisationRecord } from '../../domain/records.ts';
import type { Database } from '../../store/schema.ts';
import { MEMBERSHIP_NEWER } from './newest-wins.ts';

export type FactTableName =
  | 'organisation_membership'
  | 'list_size'
  | 'population'
  | 'qof_prevalence'
  | 'qof_indicator'
  | 'qof_achievement'
  | 'qof_practice'
  | 'indicator_value'
  | 'imd_score'
  | 'payment'
  | 'practice_list_figure';

/** Primary key columns (the upsert target) and the columns a newer fact replaces. */
export const FACT_TABLES: {
  [T in FactTableName]: {
    key: readonly (keyof Database[T] & string)[];
    update: readonly (keyof Database[T] & string)[];
    /** Columns a later file fills in only where it says something (files merge column by column). */
    merge?: readonly (keyof Database[T] & string)[];
    /** When a later fact may replace the stored one at all. */
    where?: RawBuilder<unknown>;
  };
} = {
  organisation_membership: {
    key: ['child_code', 'parent_kind', 'observed_on'],
    update: ['parent_code', 'as_of', 'ended_on', 'batch_id'],
    where: MEMBERSHIP_NEWER,
  },
  list_size: { key: ['practice_code', 'extract_date'], update: ['patients', 'batch_id'] },
  population: { key: ['practice_code', 'extract_date', 'sex', 'age_band'], update: ['patients', 'batch_id'] },
  qof_prevalence: {
    key: ['practice_code', 'qof_year', 'group_code'],
    update: ['register', 'patient_list_type', 'patient_list_size', 'batch_id'],
  },
  qof_indicator: {
    key: ['qof_year', 'indicator_code'],
    update: [
      'description',
      'group_code',
      'domain',
      'points',
      'lower_threshold',
      'upper_threshold',
      'patient_list_type',
      'batch_id',
    ],
  },
  qof_achievement: {
    key: ['qof_year', 'indicator_code', 'practice_code', 'measure'],
    update: ['value', 'batch_id'],
  },
  indicator_value: {
    key: ['indicator_id', 'area_code', 'sex', 'age', 'category_type', 'category', 'time_period'],
    update: [
      'indicator_name',
      'area_type',
      'value',
      'lower_95',
      'upper_95',
      'lower_99_8',
      'upper_99_8',
      'count',
      'denominator',
      'value_note',
      'batch_id',
    ],
  },
  qof_practice: {
    key: ['practice_code', 'qof_year'],
    update: ['batch_id'],
    merge: ['revised_max_points', 'achieved_points', 'max_points_available', 'list_size'],
  },
  imd_score: { key: ['practice_code', 'imd_year'], update: ['score', 'batch_id'] },
  payment: { key: ['practice_code', 'financial_year', 'line'], update: ['amount', 'batch_id'] },
  practice_list_figure: {
    key: ['practice_code', 'extract_date', 'measure'],
    update: ['patients', 'label', 'batch_id'],
  },
};

export type FactRow = {
  [T in FactTableName]: { table: T; key: string; row: Insertable<Database[T]> };
}[FactTableName];

/**
 * The row a fact becomes, and the text of its primary key (to keep the last of repeated facts).
 * Kept as one function: it is a table, one case per kind of fact, read as one.
 */
export function factRow(record: Exclude<FactRecord, OrganisationRecord>, batchId: number): FactRow {
  const sep = '\u0000';
  switch (record.kind) {
    case 'membership':
      return {
        table: 'organisation_membership',
        key: record.childCode + sep + record.parentKind + sep + record.observedOn,
        row: {
          child_code: record.childCode,
          parent_kind: record.parentKind,
          parent_code: record.parentCode,
          observed_on: record.observedOn,
          as_of: record.asOf,
          ended_on: record.endedOn,
          batch_id: batchId,
        },
      };
    case 'list_size':
      return {
        table: 'list_size',
        key: record.practiceCode + sep + record.extractDate,
        row: {
          practice_code: record.practiceCode,
          extract_date: record.extractDate,
          patients: record.patients,
          batch_id: batchId,
        },
      };
    case 'population':
      return {
        table: 'population',
        key: record.practiceCode + sep + record.extractDate + sep + record.sex + sep + record.ageBand,
        row: {
          practice_code: record.practiceCode,
          extract_date: record.extractDate,
          sex: record.sex,
          age_band: record.ageBand,
          patients: record.patients,
          batch_id: batchId,
        },
      };
    case 'qof_prevalence':
      return {
        table: 'qof_prevalence',
        key: record.practiceCode + sep + record.qofYear + sep + record.groupCode,
        row: {
          practice_code: record.practiceCode,
          qof_year: record.qofYear,
          group_code: record.groupCode,
          register: record.register,
          patient_list_type: record.patientListType,
          patient_list_size: record.patientListSize,
          batch_id: batchId,
        },
      };
    case 'qof_indicator':
      return {
        table: 'qof_indicator',
        key: record.qofYear + sep + record.indicatorCode,
        row: {
          qof_year: record.qofYear,
          indicator_code: record.indicatorCode,
          // Only the 2018-19 mappings carry the wording; the register's name is the next best.
          description: record.description ?? record.groupDescription ?? record.indicatorCode,
          group_code: record.groupCode,
          domain: record.domain,
          points: record.points,
          lower_threshold: record.lowerThreshold,
          upper_threshold: record.upperThreshold,
          patient_list_type: record.patientListType,
          batch_id: batchId,
        },
      };
    case 'qof_achievement':
      return {
        table: 'qof_achievement',
        key: record.qofYear + sep + record.indicatorCode + sep + record.practiceCode + sep + record.measure,
        row: {
          practice_code: record.practiceCode,
          qof_year: record.qofYear,
          indicator_code: record.indicatorCode,
          measure: record.measure,
          value: record.value,
          batch_id: batchId,
        },
      };
    case 'qof_practice':
      return {
        table: 'qof_practice',
        key: record.practiceCode + sep + record.qofYear,
        row: {
          practice_code: record.practiceCode,
          qof_year: record.qofYear,
          revised_max_points: record.revisedMaxPoints,
          achieved_points: record.achievedPoints,
          max_points_available: record.maxPointsAvailable,
          list_size: record.listSize,
          batch_id: batchId,
        },
      };
    case 'indicator_value':
      return {
        table: 'indicator_value',
        key: [
          record.indicatorId,
          record.areaCode,
          record.sex,
          record.age,
          record.categoryType,
          record.category,
          record.timePeriod,
        ].join(sep),
        row: {
          indicator_id: record.indicatorId,
          indicator_name: record.indicatorName,
          area_code: record.areaCode,
          area_type: record.areaType,
          sex: record.sex,
          age: record.age,
          category_type: record.categoryType,
          category: record.category,
          time_period: record.timePeriod,
          value: record.value,
          lower_95: record.lower95,
          upper_95: record.upper95,
          lower_99_8: record.lower99_8,
          upper_99_8: record.upper99_8,
          count: record.count,
          denominator: record.denominator,
          value_note: record.valueNote,
          batch_id: batchId,
        },
      };
    case 'imd_score':
      return {
        table: 'imd_score',
        key: record.practiceCode + sep + record.imdYear,
        row: {
          practice_code: record.practiceCode,
          imd_year: record.imdYear,
          score: record.score,
          batch_id: batchId,
        },
      };
    case 'payment':
      return {
        table: 'payment',
        key: record.practiceCode + sep + record.financialYear + sep + record.line,
        row: {
          practice_code: record.practiceCode,
          financial_year: record.financialYear,
          line: record.line,
          amount: record.amount,
          batch_id: batchId,
        },
      };
    case 'list_figure':
      return {
        table: 'practice_list_figure',
        key: record.practiceCode + sep + record.extractDate + sep + record.measure,
        row: {
          practice_code: record.practiceCode,
          extract_date: record.extractDate,
          measure: record.measure,
          patients: record.patients,
          label: record.label,
          batch_id: batchId,
        },
      };
  }
}
