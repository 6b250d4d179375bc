// The indicators Fairview builds from the national data it imports.
import type { IndicatorDefinition, PeriodType, Polarity, QofAchievementRate } from './definition.ts';
import type { FingertipsMeasure } from './fingertips.ts';

/** The list a register is measured against, in words (QOF's PATIENT_LIST_TYPE). */
export function listTypeWords(listType: string | null): string {
  if (listType === null || listType === '' || listType.toUpperCase() === 'TOTAL')
    return 'all registered patients';
  const over = /^(\d{2})OV$/i.exec(listType);
  if (over) return `registered patients aged ${Number(over[1])} and over`;
  const range = /^(\d{2})_(\d{2})$/.exec(listType);
  if (range) return `registered patients aged ${Number(range[1])} to ${Number(range[2])}`;
  return `registered patients (${listType} list)`;
}

/**
 * QOF crude prevalence of one disease register: register ÷ its (age-restricted) list × 100, per QOF
 * year. Polarity is no_judgement: a high prevalence is neither good nor bad practice (it can mean
 * better case finding or an older, sicker list).
 */
export function qofPrevalenceDefinition(
  groupCode: string,
  registerName: string,
  listType: string | null,
): IndicatorDefinition {
  return {
    code: `QOF-PREV-${groupCode}`,
    name: `${registerName}: QOF recorded prevalence`,
    domain: 'clinical',
    type: 'proportion',
    numerator: `Patients on the QOF ${registerName.toLowerCase()} register (${groupCode})`,
    denominator: capitalise(listTypeWords(listType)),
    multiplier: 100,
    polarity: 'no_judgement',
    periodType: 'financial_year',
    source: 'NHS England, Quality and Outcomes Framework: recorded disease prevalence',
    caveats:
      'Crude recorded prevalence: it depends on case finding as well as on illness, and on the age of the list.',
    disclosureRule: null,
    origin: 'built_in',
    computation: { from: 'qof_prevalence', groupCode },
  };
}

/**
 * Polarity as Fingertips publishes it, for the indicators Fairview knows; any other indicator gets
 * no_judgement until an analyst says otherwise (a new version of its definition).
 * 91547 Smoking prevalence (QOF): Fingertips marks it "RAG - Low is good".
 */
export const FINGERTIPS_POLARITY: Readonly<Record<number, Polarity>> = {
  91547: 'lower_is_better',
};

/**
 * A Fingertips indicator imported with its own name, computed from its published count ÷ denominator
 * with the type and multiplier that reproduce Fingertips' own values (fingertips.ts).
 */
export function fingertipsDefinition(
  indicatorId: number,
  name: string,
  sex: string,
  age: string,
  measure: FingertipsMeasure,
  periodType: PeriodType,
): IndicatorDefinition {
  const unit = measure.unit === '%' || measure.unit === 'proportion' ? '' : ` (${measure.unit})`;
  const caveats = [
    'Recomputed by Fairview from the published practice counts and denominators.',
    measure.unit === 'mean'
      ? 'Fingertips publishes this as a mean: Fairview reproduces the value as count ÷ denominator, with Poisson limits (it has no per-patient values for Student’s t).'
      : null,
    measure.unit === 'ratio'
      ? 'Fingertips publishes this as a ratio: Fairview reproduces it as count ÷ denominator, with Poisson limits on the count.'
      : null,
  ].filter((c): c is string => c !== null);
  return {
    code: `FT-${indicatorId}`,
    name: `${name}${unit}`,
    domain: 'public health',
    type: measure.type,
    numerator: `Count as published by Fingertips (indicator ${indicatorId}, ${sex}, ${age})`,
    denominator: `Denominator as published by Fingertips (indicator ${indicatorId})`,
    multiplier: measure.multiplier,
    polarity: FINGERTIPS_POLARITY[indicatorId] ?? 'no_judgement',
    periodType,
    source: `OHID Fingertips, indicator ${indicatorId}`,
    caveats: caveats.join(' '),
    disclosureRule: null,
    origin: 'built_in',
    computation: { from: 'indicator_value', indicatorId, sex, age },
  };
}

/** What QOF's mappings say about one indicator, in its latest year. */
export interface QofIndicatorMetadata {
  indicatorCode: string;
  qofYear: string;
  /** The indicator's wording (2018-19 mappings only), else null. */
  description: string | null;
  groupCode: string | null;
  groupDescription: string | null;
  /** `CL`, `PH`, `PHAS`, `PHVI`, `QI` … */
  domain: string | null;
  points: number | null;
}

const QOF_DOMAINS: Record<string, string> = {
  CL: 'clinical',
  PH: 'public health',
  PHAS: 'public health',
  PHVI: 'public health',
  QI: 'quality improvement',
};

const QOF_RATES: Record<
  QofAchievementRate,
  { code: string; name: string; numerator: string; denominator: string; polarity: Polarity; caveat: string }
> = {
  achievement: {
    code: 'QOF-ACH',
    name: 'achievement',
    numerator: 'Patients for whom the indicator was achieved (NUMERATOR)',
    denominator: 'Patients the indicator applies to, after personalised care adjustments (DENOMINATOR)',
    polarity: 'higher_is_better',
    caveat:
      'Underlying achievement: patients with a personalised care adjustment (formerly an exception) are left out of the denominator.',
  },
  intervention: {
    code: 'QOF-INT',
    name: 'patients receiving the intervention',
    numerator: 'Patients for whom the indicator was achieved (NUMERATOR)',
    denominator: 'Every eligible patient: DENOMINATOR plus personalised care adjustments (PCAS)',
    polarity: 'higher_is_better',
    caveat:
      'Counts patients with a personalised care adjustment (formerly an exception) as not receiving the intervention.',
  },
  pca: {
    code: 'QOF-PCA',
    name: 'personalised care adjustment rate',
    numerator: 'Patients with a personalised care adjustment, formerly an exception (PCAS)',
    denominator: 'Every eligible patient: DENOMINATOR plus personalised care adjustments (PCAS)',
    polarity: 'no_judgement',
    caveat: 'A high rate is a question to ask, not a judgement: adjustments are often right for the patient.',
  },
};

/**
 * A QOF indicator read as one of three rates per practice and QOF year (numerator, denominator and
 * PCAS from the achievement files), with QOF's own words for it: QOF-ACH-HYP008 (achievement),
 * QOF-INT-HYP008 (patients receiving the intervention), QOF-PCA-HYP008 (personalised care
 * adjustment rate). Indicator codes change when definitions change (HYP003 became HYP008 in
 * 2023-24), so each code is its own series.
 */
export function qofAchievementDefinition(
  meta: QofIndicatorMetadata,
  rate: QofAchievementRate,
): IndicatorDefinition {
  const r = QOF_RATES[rate];
  const about = meta.groupDescription ?? meta.groupCode ?? 'QOF';
  const worth = meta.points === null ? '' : ` Worth ${meta.points} points in QOF ${meta.qofYear}.`;
  const wording = meta.description ? ` QOF: “${meta.description}”` : '';
  return {
    code: `${r.code}-${meta.indicatorCode}`,
    name: `${meta.indicatorCode} (${about}): ${r.name}`,
    domain: QOF_DOMAINS[meta.domain ?? ''] ?? 'clinical',
    type: 'proportion',
    numerator: r.numerator,
    denominator: r.denominator,
    multiplier: 100,
    polarity: r.polarity,
    periodType: 'financial_year',
    source: `NHS England, Quality and Outcomes Framework: achievement, indicator ${meta.indicatorCode}`,
    caveats: `${r.caveat}${worth}${wording}`,
    disclosureRule: null,
    origin: 'built_in',
    computation: { from: 'qof_achievement', indicatorCode: meta.indicatorCode, measure: rate },
  };
}

export const QOF_ACHIEVEMENT_RATES: readonly QofAchievementRate[] = ['achievement', 'intervention', 'pca'];

/**
 * A register's name from the QOF indicator mappings' descriptions: the shortest description seen for
 * the group (later mappings carry the register's name, e.g. "Atrial fibrillation"; 2018-19 carries each
 * indicator's full wording). Falls back to the group code.
 */
export function registerName(groupCode: string, descriptions: readonly string[]): string {
  const usable = descriptions.map((d) => d.trim()).filter((d) => d !== '');
  if (usable.length === 0) return groupCode;
  return usable.reduce((a, b) => (b.length < a.length || (b.length === a.length && b < a) ? b : a));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
