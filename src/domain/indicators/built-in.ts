// The indicators Fairview builds from the national data it imports.
import type { IndicatorDefinition, Polarity } from './definition.ts';

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

/** A Fingertips indicator imported with its own name, computed from its published count ÷ denominator. */
export function fingertipsDefinition(
  indicatorId: number,
  name: string,
  sex: string,
  age: string,
): IndicatorDefinition {
  return {
    code: `FT-${indicatorId}`,
    name,
    domain: 'public health',
    type: 'proportion',
    numerator: `Count as published by Fingertips (indicator ${indicatorId}, ${sex}, ${age})`,
    denominator: `Denominator as published by Fingertips (indicator ${indicatorId})`,
    multiplier: 100,
    polarity: FINGERTIPS_POLARITY[indicatorId] ?? 'no_judgement',
    periodType: 'financial_year',
    source: `OHID Fingertips, indicator ${indicatorId}`,
    caveats: 'Recomputed by Fairview from the published practice counts and denominators.',
    disclosureRule: null,
    origin: 'built_in',
    computation: { from: 'indicator_value', indicatorId, sex, age },
  };
}

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
