// The quality premium for each commissioner: measures earn their weight's share of the maximum
// (cap × registered patients) when their target is met; a failed gateway withholds everything;
// each missed standard removes its percentage of what was earned; the total never exceeds the cap.
import { formatPounds } from '../money.ts';
import type { PremiumMeasure, QualityPremiumScheme } from './definition.ts';
import type { CommissionerInput, SchemeInputs } from './inputs.ts';
import { pounds } from './rounding.ts';
import {
  blankLine,
  closeStatement,
  finishCalculation,
  type OrgStatement,
  type SchemeCalculation,
  type StatementLine,
  withListSource,
} from './statement.ts';

export function calculatePremium(scheme: QualityPremiumScheme, inputs: SchemeInputs): SchemeCalculation {
  const statements = inputs.commissioners.map((c) => premiumStatement(scheme, c));
  return finishCalculation(
    {
      schemeId: scheme.id,
      schemeVersion: scheme.version,
      kind: 'quality_premium',
      period: inputs.period,
      source: inputs.source,
      basis: [
        `maximum £${scheme.capPerPatient} per registered patient`,
        'a gateway not reported counts as failed; a standard not reported counts as missed',
      ],
    },
    statements,
  );
}

/** The measure's target: absolute, or the baseline improved by `change` or by `relativePercent` %. */
export function premiumTarget(measure: PremiumMeasure, baseline: number | null): number | null {
  const t = measure.target;
  if (t.type === 'absolute') return t.value;
  if (baseline === null) return null;
  const better = measure.direction === 'higher_is_better' ? 1 : -1;
  // Trimmed to 12 significant digits so that 50 improved by 10% is 55, not 55.00000000000001.
  const target =
    t.change !== null
      ? baseline + better * t.change
      : baseline + (better * baseline * (t.relativePercent ?? 0)) / 100;
  return Number(target.toPrecision(12));
}

export function premiumStatement(scheme: QualityPremiumScheme, input: CommissionerInput): OrgStatement {
  const code = input.commissionerCode;
  const patients = input.registeredPatients;
  // Every line that uses the list names it, its date and its extract (issue 14), as a QOF statement does.
  const listSource =
    input.listSource ??
    (patients === null
      ? undefined
      : `registered patients ${patients} as given, with no date or extract named`);
  const maximum = patients === null ? 0 : scheme.capPerPatient * patients;
  const { lines, earned } = measureLines(scheme, input, maximum, listSource);

  const failed = scheme.gateways.filter((g) => input.gateways[g.code] !== true);
  scheme.gateways.forEach((gateway) => {
    const line = blankLine(code, 'commissioner', 'gateway', gateway.code, gateway.description);
    const passed = input.gateways[gateway.code] === true;
    const first = failed[0] === gateway;
    line.amount = first ? -earned : 0;
    line.note = passed
      ? 'passed'
      : first
        ? `${gateway.code in input.gateways ? 'failed' : 'not reported'}: the whole premium is withheld`
        : `${gateway.code in input.gateways ? 'failed' : 'not reported'} (premium already withheld)`;
    lines.push(line);
  });

  let remaining = failed.length > 0 ? 0 : earned;
  for (const reduction of scheme.reductions) {
    const line = blankLine(code, 'commissioner', 'reduction', reduction.code, reduction.description);
    const met = input.standards[reduction.code] === true;
    line.rate = reduction.percent;
    if (failed.length > 0) line.note = met ? 'standard met' : 'standard missed (premium already withheld)';
    else if (met) line.note = 'standard met';
    else {
      // Reductions are percentages of the premium earned by the measures, added up, never below £0.
      const cut = Math.min(remaining, pounds((earned * reduction.percent) / 100));
      line.amount = -cut;
      remaining = pounds(remaining - cut);
      line.note = `${reduction.code in input.standards ? 'standard missed' : 'not reported'}: −${reduction.percent}% of ${formatPounds(earned)} earned`;
    }
    lines.push(line);
  }

  if (remaining > pounds(maximum)) {
    const line = blankLine(
      code,
      'commissioner',
      'cap',
      'CAP',
      `Cap of £${scheme.capPerPatient} per registered patient`,
    );
    line.rate = scheme.capPerPatient;
    line.listSize = patients;
    line.amount = -pounds(remaining - maximum);
    line.note = withListSource(`capped at ${formatPounds(pounds(maximum))}`, listSource);
    lines.push(line);
  }
  return closeStatement(code, 'commissioner', true, lines, (total) => {
    total.listSize = patients;
    total.rate = scheme.capPerPatient;
    total.note = withListSource(`maximum ${formatPounds(pounds(maximum))}`, listSource);
  });
}

/** One line per measure (met or not, and why), and the premium the measures earn together. */
function measureLines(
  scheme: QualityPremiumScheme,
  input: CommissionerInput,
  maximum: number,
  listSource: string | undefined,
): { lines: StatementLine[]; earned: number } {
  const code = input.commissionerCode;
  const patients = input.registeredPatients;
  const lines: StatementLine[] = [];
  let earned = 0;
  for (const measure of scheme.measures) {
    const line = blankLine(code, 'commissioner', 'measure', measure.code, measure.name);
    const value = input.measures[measure.code] ?? { value: null, baseline: null };
    line.achievement = value.value;
    line.baseline = value.baseline;
    line.target = premiumTarget(measure, value.baseline);
    line.listSize = patients;
    line.rate = scheme.capPerPatient * measure.weight;
    if (patients === null) line.note = 'registered patients unknown: not paid';
    else if (value.value === null) line.note = 'no value reported: not met';
    else if (line.target === null) line.note = 'no baseline to improve on: not met';
    else {
      const met =
        measure.direction === 'higher_is_better' ? value.value >= line.target : value.value <= line.target;
      line.amount = met ? pounds(measure.weight * maximum) : 0;
      line.note = `${met ? 'target met' : 'target not met'} (weight ${measure.weight})`;
    }
    line.note = withListSource(line.note, listSource);
    earned += line.amount;
    lines.push(line);
  }
  earned = pounds(earned);
  return { lines, earned };
}
