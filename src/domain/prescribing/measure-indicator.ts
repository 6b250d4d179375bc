// Each prescribing measure becomes a monthly indicator in the catalogue (code RX-<measure id>), so it
// flows through the same releases, headline judgment, SPC, peers, scorecards, agreement scorecards
// and concerns as every other indicator. A BNF-ratio measure is a proportion (× 100); a measure per
// 1,000 patients is a rate (× 1,000).
import type { IndicatorDefinition, Polarity } from '../indicators/definition.ts';
import type { MeasureDefinition } from './measure.ts';

const POLARITY: Record<MeasureDefinition['polarity'], Polarity> = {
  low_is_good: 'lower_is_better',
  high_is_good: 'higher_is_better',
  neither: 'no_judgement',
};

const VALUE_WORDS: Record<MeasureDefinition['numerator']['value'], string> = {
  items: 'Prescription items',
  quantity: 'Quantity prescribed',
  adq: 'Average daily quantities (ADQ)',
  cost: 'Actual cost (£)',
};

export function measureIndicatorCode(measureId: string): string {
  return `RX-${measureId}`;
}

export function measureIndicatorDefinition(
  measure: MeasureDefinition,
  definitionHash: string,
): IndicatorDefinition {
  const population = measure.denominator.kind === 'population';
  const notCounts = measure.numerator.value !== 'items';
  const caveats = [
    measure.whyItMatters,
    measure.source.note,
    notCounts
      ? `The numerator is ${VALUE_WORDS[measure.numerator.value].toLowerCase()}, not a count of people or items: funnel and SPC limits treat it as a count, so read them as a guide.`
      : null,
    measure.denominator.kind === 'population' && measure.denominator.population === 'star_pu'
      ? `Denominator: STAR-PUs (${measure.denominator.weights}, the HSCIC 2013 weights) of the registered list by age and sex from the extract nearest the month; a practice without an age-sex breakdown has no value.`
      : population
        ? 'Denominator: the registered list from the list-size extract nearest the month (not STAR-PU weighted).'
        : null,
  ].filter((c): c is string => c !== null && c !== '');
  return {
    code: measureIndicatorCode(measure.id),
    name: `${measure.name} (prescribing)`,
    domain: 'prescribing',
    type: population ? 'rate' : 'proportion',
    numerator: `${VALUE_WORDS[measure.numerator.value]}: ${measure.numerator.include.join(', ')}${measure.numerator.exclude.length > 0 ? ` except ${measure.numerator.exclude.join(', ')}` : ''}`,
    denominator:
      measure.denominator.kind === 'population'
        ? measure.denominator.population === 'star_pu'
          ? `STAR-PUs (${measure.denominator.weights})`
          : 'Registered patients'
        : `${VALUE_WORDS[measure.denominator.value]}: ${measure.denominator.include.join(', ')}${measure.denominator.exclude.length > 0 ? ` except ${measure.denominator.exclude.join(', ')}` : ''}`,
    multiplier: measure.denominator.kind === 'population' ? measure.denominator.per : 100,
    polarity: POLARITY[measure.polarity],
    periodType: 'month',
    source: `NHSBSA English Prescribing Dataset; measure measures/${measure.id}.json (${measure.source.url})`,
    caveats: caveats.join(' '),
    disclosureRule: null,
    origin: 'built_in',
    computation: { from: 'prescribing_measure', measureId: measure.id, definitionHash },
  };
}
