// What an indicator is: the words a committee reads (name, numerator, denominator, polarity, caveats)
// and how Fairview gathers its facts (`computation`). A definition is immutable once saved: a change
// is a new version (src/app/indicators/catalogue.ts), so a release keeps the definition it used.
import type { Polarity } from '../../stats/index.ts';

export type IndicatorType = 'proportion' | 'rate' | 'dsr' | 'isr' | 'mean' | 'count';
export type PeriodType = 'financial_year' | 'quarter' | 'month';
export type IndicatorOrigin = 'built_in' | 'template' | 'expression';
/** The three rates QOF achievement is read as (docs/indicators.md). */
export type QofAchievementRate = 'achievement' | 'intervention' | 'pca';
export type { Polarity };

export const INDICATOR_TYPES: readonly IndicatorType[] = [
  'proportion',
  'rate',
  'dsr',
  'isr',
  'mean',
  'count',
];
export const POLARITIES: readonly Polarity[] = ['higher_is_better', 'lower_is_better', 'no_judgement'];
export const PERIOD_TYPES: readonly PeriodType[] = ['financial_year', 'quarter', 'month'];
/** Types Fairview can compute from a numerator and a denominator today. */
export const COMPUTABLE_TYPES: readonly IndicatorType[] = ['proportion', 'rate'];

/** How the numerator and denominator of each practice and period are found among the facts. */
export type Computation =
  /** QOF register ÷ the (age-restricted) list it is measured against, per QOF year. */
  | { from: 'qof_prevalence'; groupCode: string }
  /**
   * A QOF indicator's achievement (NUMERATOR ÷ DENOMINATOR), intervention rate (NUMERATOR ÷
   * (DENOMINATOR + PCAS)) or PCA rate (PCAS ÷ (DENOMINATOR + PCAS)), per QOF year.
   */
  | { from: 'qof_achievement'; indicatorCode: string; measure: QofAchievementRate }
  /** A Fingertips indicator's published count ÷ denominator at GP level. */
  | { from: 'indicator_value'; indicatorId: number; sex: string; age: string }
  /** Values loaded from a Fairview indicator template (table local_value). */
  | { from: 'local_value'; indicatorCode: string }
  /** Sums of fact series (src/domain/indicators/expression.ts), e.g. `qof_prevalence.register[AF]`. */
  | { from: 'expression'; numerator: string; denominator: string }
  /**
   * A prescribing measure's monthly numerator and denominator (measures/<id>.json, computed into
   * prescribing_measure_value); `definitionHash` changes when the measure's JSON does.
   */
  | { from: 'prescribing_measure'; measureId: string; definitionHash: string };

export interface IndicatorDefinition {
  code: string;
  name: string;
  /** clinical, prescribing, access, patient experience, public health … */
  domain: string;
  type: IndicatorType;
  /** Plain words, e.g. "Patients on the atrial fibrillation register". */
  numerator: string;
  denominator: string;
  /** 100 for a percentage, 1000 or 100000 for a rate. */
  multiplier: number;
  polarity: Polarity;
  periodType: PeriodType;
  /** Where the facts come from, e.g. "NHS England, Quality and Outcomes Framework". */
  source: string;
  caveats: string | null;
  /** E.g. "suppress counts below 5"; recorded here, applied by the disclosure-control module. */
  disclosureRule: string | null;
  origin: IndicatorOrigin;
  computation: Computation;
}

/** A saved definition. */
export interface IndicatorVersion extends IndicatorDefinition {
  id: number;
  version: number;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Problems with a definition, as `field: message` strings; empty when it is usable. */
export function definitionProblems(d: IndicatorDefinition): string[] {
  const problems: string[] = [];
  if (!CODE.test(d.code))
    problems.push('code: letters, digits, _ . - only (at most 64), starting with a letter or digit');
  for (const field of ['name', 'domain', 'numerator', 'denominator', 'source'] as const) {
    if (d[field].trim() === '') problems.push(`${field}: must not be empty`);
  }
  if (!INDICATOR_TYPES.includes(d.type)) problems.push(`type: one of ${INDICATOR_TYPES.join(', ')}`);
  else if (!COMPUTABLE_TYPES.includes(d.type)) {
    problems.push(
      `type: Fairview computes ${COMPUTABLE_TYPES.join(' and ')} indicators so far, not ${d.type}`,
    );
  }
  if (!(Number.isFinite(d.multiplier) && d.multiplier > 0)) problems.push('multiplier: a number above 0');
  if (!POLARITIES.includes(d.polarity)) problems.push(`polarity: one of ${POLARITIES.join(', ')}`);
  if (!PERIOD_TYPES.includes(d.periodType)) problems.push(`period_type: one of ${PERIOD_TYPES.join(', ')}`);
  return problems;
}

/**
 * The definition as canonical JSON (fixed key order, no version): equal text means an equal
 * definition, so saving it again creates no new version.
 */
export function canonicalDefinition(d: IndicatorDefinition): string {
  const c = d.computation;
  const computation =
    c.from === 'qof_prevalence'
      ? [c.from, c.groupCode]
      : c.from === 'indicator_value'
        ? [c.from, c.indicatorId, c.sex, c.age]
        : c.from === 'qof_achievement'
          ? [c.from, c.indicatorCode, c.measure]
          : c.from === 'local_value'
            ? [c.from, c.indicatorCode]
            : c.from === 'prescribing_measure'
              ? [c.from, c.measureId, c.definitionHash]
              : [c.from, c.numerator, c.denominator];
  return JSON.stringify([
    d.code,
    d.name,
    d.domain,
    d.type,
    d.numerator,
    d.denominator,
    d.multiplier,
    d.polarity,
    d.periodType,
    d.source,
    d.caveats,
    d.disclosureRule,
    d.origin,
    computation,
  ]);
}

/** The SPC improvement direction that follows from a polarity. */
export function improvementDirectionOf(polarity: Polarity): 'increase' | 'decrease' | 'neutral' {
  return polarity === 'higher_is_better'
    ? 'increase'
    : polarity === 'lower_is_better'
      ? 'decrease'
      : 'neutral';
}
