// The Fairview indicator template: one CSV carrying a local indicator's definition and its values,
// one row per practice and period (docs/indicators.md, "The indicator template"). The definition
// columns repeat on every row of an indicator and must agree; a file may hold several indicators.

import { parseDecimal } from '../numbers.ts';
import type { Polarity } from './definition.ts';
import {
  definitionProblems,
  type IndicatorDefinition,
  type IndicatorType,
  type PeriodType,
} from './definition.ts';
import { normalisePeriod } from './periods.ts';

export const TEMPLATE_REQUIRED_COLUMNS = [
  'indicator_code',
  'indicator_name',
  'type',
  'multiplier',
  'polarity',
  'period_type',
  'practice_code',
  'period',
  'numerator',
  'denominator',
] as const;

export const TEMPLATE_OPTIONAL_COLUMNS = [
  'domain',
  'numerator_definition',
  'denominator_definition',
  'source',
  'caveats',
  'disclosure_rule',
] as const;

export type TemplateColumn =
  | (typeof TEMPLATE_REQUIRED_COLUMNS)[number]
  | (typeof TEMPLATE_OPTIONAL_COLUMNS)[number];

/** The definition columns: they must hold the same text on every row of one indicator. */
export const TEMPLATE_DEFINITION_COLUMNS: readonly TemplateColumn[] = [
  'indicator_name',
  'type',
  'multiplier',
  'polarity',
  'period_type',
  'domain',
  'numerator_definition',
  'denominator_definition',
  'source',
  'caveats',
  'disclosure_rule',
];

/** One template row's text, by column ('' for an absent optional column). */
export type TemplateRow = Readonly<Record<TemplateColumn, string>>;

/** A problem in one column of one row. */
export interface TemplateProblem {
  column: TemplateColumn;
  expected: string;
  found: string;
}

export interface TemplateValue {
  practiceCode: string;
  period: string;
  numerator: number;
  denominator: number;
}

const PRACTICE = /^[A-Z]\d{5}$/;

/** The definition a row describes (validated), or the first problem. The source defaults to the template, not the file name, so a revised file of the same indicator is not a new definition. */
export function templateDefinition(row: TemplateRow): IndicatorDefinition | TemplateProblem {
  const type = row.type.trim().toLowerCase() as IndicatorType;
  const polarity = row.polarity.trim().toLowerCase().replaceAll(' ', '_') as Polarity;
  const periodType = row.period_type.trim().toLowerCase().replaceAll(' ', '_') as PeriodType;
  const multiplier = parseDecimal(row.multiplier) ?? Number.NaN;
  const definition: IndicatorDefinition = {
    code: row.indicator_code.trim(),
    name: row.indicator_name.trim(),
    domain: row.domain.trim() || 'local',
    type,
    numerator: row.numerator_definition.trim() || 'Numerator as supplied',
    denominator: row.denominator_definition.trim() || 'Denominator as supplied',
    multiplier,
    polarity,
    periodType,
    source: row.source.trim() || 'Local data (Fairview indicator template)',
    caveats: row.caveats.trim() || null,
    disclosureRule: row.disclosure_rule.trim() || null,
    origin: 'template',
    computation: { from: 'local_value', indicatorCode: row.indicator_code.trim() },
  };
  const problems = definitionProblems(definition);
  if (problems.length === 0) return definition;
  const [field, message] = problems[0]!.split(': ');
  const column =
    (
      { code: 'indicator_code', name: 'indicator_name', period_type: 'period_type' } as Record<
        string,
        TemplateColumn
      >
    )[field!] ?? (field as TemplateColumn);
  return { column, expected: message ?? problems[0]!, found: row[column] ?? '' };
}

/** The value a row carries (validated against the definition), or the first problem. */
export function templateValue(
  row: TemplateRow,
  definition: IndicatorDefinition,
): TemplateValue | TemplateProblem {
  const practiceCode = row.practice_code.trim().toUpperCase();
  if (!PRACTICE.test(practiceCode)) {
    return {
      column: 'practice_code',
      expected: 'a practice code (a letter and 5 digits)',
      found: row.practice_code,
    };
  }
  const period = normalisePeriod(row.period, definition.periodType);
  if (period === null) {
    const example = { financial_year: '2023-24', quarter: '2023-Q2', month: '2024-03' }[
      definition.periodType
    ];
    return {
      column: 'period',
      expected: `a ${definition.periodType.replace('_', ' ')} such as ${example}`,
      found: row.period,
    };
  }
  const numerator = parseDecimal(row.numerator) ?? Number.NaN;
  if (!Number.isFinite(numerator) || numerator < 0) {
    return { column: 'numerator', expected: 'a number of 0 or more', found: row.numerator };
  }
  const denominator = parseDecimal(row.denominator) ?? Number.NaN;
  if (!Number.isFinite(denominator) || denominator <= 0) {
    return { column: 'denominator', expected: 'a number above 0', found: row.denominator };
  }
  if (definition.type === 'proportion' && numerator > denominator) {
    return {
      column: 'numerator',
      expected: `at most the denominator (${denominator}) for a proportion`,
      found: row.numerator,
    };
  }
  return { practiceCode, period, numerator, denominator };
}

export function isTemplateProblem(x: object): x is TemplateProblem {
  return 'column' in x && 'expected' in x;
}
