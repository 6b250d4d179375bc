// A local scheme calculated for every practice in the inputs. Only practices that consented are paid.
// Per indicator: achievement against a target (absolute, the practice's own baseline, or its peer
// group), the best band reached and its payment. Then, per practice, the annual cap (£ per patient)
// and, for practices that joined or left during the year, pro rata by days in the scheme.
import { formatPounds } from '../money.ts';
import type { LocalBand, LocalIndicator, LocalScheme } from './definition.ts';
import type { IndicatorCounts, PracticeInput, SchemeInputs } from './inputs.ts';
import { daysInclusive, pounds, roundTo } from './rounding.ts';
import {
  blankLine,
  closeStatement,
  finishCalculation,
  type OrgStatement,
  type SchemeCalculation,
  type StatementLine,
  withListSource,
} from './statement.ts';

/** `consentedOn` for a calculation that assumes every practice takes part (a what-if, a standing-rule test). */
export const ASSUMED_CONSENT = 'assumed';

export function calculateLocal(scheme: LocalScheme, inputs: SchemeInputs): SchemeCalculation {
  const achievements = new Map<string, Map<string, IndicatorCounts>>();
  for (const practice of inputs.practices)
    achievements.set(practice.practiceCode, new Map(Object.entries(practice.indicators)));
  const statements = inputs.practices.map((practice) => localStatement(scheme, practice, achievements));
  const days = daysInclusive(scheme.startsOn, scheme.endsOn);
  return finishCalculation(
    {
      schemeId: scheme.id,
      schemeVersion: scheme.version,
      kind: 'local',
      period: inputs.period,
      source: inputs.source,
      basis: [
        `scheme year ${scheme.startsOn} to ${scheme.endsOn} (${days} days): joiners and leavers paid pro rata by days`,
        scheme.capPerPatient === null
          ? 'no cap per patient'
          : `cap £${scheme.capPerPatient} per registered patient a year`,
        'only practices whose consent is recorded are paid',
      ],
    },
    statements,
  );
}

export function localStatement(
  scheme: LocalScheme,
  practice: PracticeInput,
  achievements: ReadonlyMap<string, ReadonlyMap<string, IndicatorCounts>>,
): OrgStatement {
  const code = practice.practiceCode;
  const participation = practice.participation;
  if (!participation || participation.consentedOn === null) {
    return closeStatement(code, 'practice', false, [], (total) => {
      total.note = withListSource('not participating: no consent recorded', practice.listSource);
      total.listSize = practice.listSize;
    });
  }
  const lines = scheme.indicators.map((indicator) => localLine(indicator, practice, achievements));
  const earned = pounds(lines.reduce((sum, l) => sum + l.amount, 0));

  let payable = earned;
  if (scheme.capPerPatient !== null && practice.listSize !== null) {
    const cap = pounds(scheme.capPerPatient * practice.listSize);
    if (earned > cap) {
      const line = blankLine(
        code,
        'practice',
        'cap',
        'CAP',
        `Cap of £${scheme.capPerPatient} per registered patient`,
      );
      line.rate = scheme.capPerPatient;
      line.listSize = practice.listSize;
      line.amount = -pounds(earned - cap);
      line.note = `${formatPounds(earned)} earned, capped at ${formatPounds(cap)}`;
      lines.push(line);
      payable = cap;
    }
  }

  const from = maxDate(scheme.startsOn, participation.joinedOn ?? scheme.startsOn);
  const to = minDate(scheme.endsOn, participation.leftOn ?? scheme.endsOn);
  const inScheme = daysInclusive(from, to);
  const yearDays = daysInclusive(scheme.startsOn, scheme.endsOn);
  if (inScheme < yearDays) {
    const line = blankLine(code, 'practice', 'pro_rata', 'PRO_RATA', 'Days in the scheme');
    line.rate = roundTo(inScheme / yearDays, 6);
    line.amount = -pounds(payable - (payable * inScheme) / yearDays);
    const dates = [
      participation.joinedOn && participation.joinedOn > scheme.startsOn
        ? `joined ${participation.joinedOn}`
        : null,
      participation.leftOn && participation.leftOn < scheme.endsOn ? `left ${participation.leftOn}` : null,
    ].filter((d) => d !== null);
    line.note = `in the scheme ${inScheme} of ${yearDays} days (${dates.join(', ')}): ${formatPounds(payable)} × ${inScheme}/${yearDays}`;
    lines.push(line);
  }
  return closeStatement(code, 'practice', true, lines, (total) => {
    total.listSize = practice.listSize;
    total.note = withListSource(
      participation.consentedOn === ASSUMED_CONSENT
        ? 'participation assumed for this calculation (no consent list given)'
        : `consent recorded ${participation.consentedOn}`,
      practice.listSource,
    );
  });
}

function localLine(
  indicator: LocalIndicator,
  practice: PracticeInput,
  achievements: ReadonlyMap<string, ReadonlyMap<string, IndicatorCounts>>,
): StatementLine {
  const line = blankLine(practice.practiceCode, 'practice', 'indicator', indicator.code, indicator.name);
  const counts = practice.indicators[indicator.code];
  line.numerator = counts?.numerator ?? null;
  line.denominator = counts?.denominator ?? null;
  line.exceptions = counts?.exceptions ?? null;
  line.eligible =
    line.denominator !== null && line.exceptions !== null ? line.denominator + line.exceptions : null;
  line.listSize = practice.listSize;
  line.achievement = percent(counts);
  const { reference, target, says } = targetFor(indicator, practice, achievements);
  line.baseline = reference;
  line.target = target;
  if (line.achievement === null) {
    line.note = 'no achievement (no counts or no patients): not paid';
    return line;
  }
  if (target === null) {
    line.note = `${says}: no target, not paid`;
    return line;
  }
  const gap =
    indicator.polarity === 'higher_is_better' ? line.achievement - target : target - line.achievement;
  const band = bestBand(indicator.bands, gap);
  const gapText = `${gap >= 0 ? '+' : '−'}${roundTo(Math.abs(gap), 2)} points`;
  if (!band) {
    line.note = `${says}; ${gapText} against the target: no band reached`;
    return line;
  }
  if ('perPatient' in band.payment) {
    line.rate = band.payment.perPatient;
    if (practice.listSize === null) {
      line.note = `band "${band.label}" reached but list size unknown: not paid`;
      return line;
    }
    line.amount = pounds(band.payment.perPatient * practice.listSize);
  } else line.amount = pounds(band.payment.fixed);
  line.note = `${says}; ${gapText} against the target: band "${band.label}"`;
  return line;
}

/** The band with the highest minimum gap the practice reaches (null when it reaches none). */
export function bestBand(bands: readonly LocalBand[], gap: number): LocalBand | null {
  let best: LocalBand | null = null;
  // A small tolerance so that 70.0 − 70 computed as −1e-14 still counts as meeting the target.
  for (const band of bands)
    if (gap >= band.minimumGap - 1e-9 && (!best || band.minimumGap > best.minimumGap)) best = band;
  return best;
}

function targetFor(
  indicator: LocalIndicator,
  practice: PracticeInput,
  achievements: ReadonlyMap<string, ReadonlyMap<string, IndicatorCounts>>,
): { reference: number | null; target: number | null; says: string } {
  const t = indicator.target;
  if (t.relativeTo === 'absolute') return { reference: null, target: t.value, says: `target ${t.value}%` };
  let reference: number | null;
  let words: string;
  if (t.relativeTo === 'own_baseline') {
    reference = percent(practice.baseline[indicator.code]);
    words = 'own baseline';
  } else {
    const peers = practice.peers
      .map((code) => achievements.get(code)?.get(indicator.code))
      .filter((c): c is IndicatorCounts => c !== undefined);
    reference = t.statistic === 'median' ? median(peers.map(percent)) : pooled(peers);
    words = `peer ${t.statistic} of ${peers.length} peers`;
  }
  if (reference === null) return { reference, target: null, says: `${words} unknown` };
  let target = reference + t.change;
  if (t.ceiling !== null) target = Math.min(target, t.ceiling);
  target = Math.max(0, Math.min(100, target));
  const change = t.change === 0 ? '' : ` ${t.change > 0 ? '+' : '−'} ${Math.abs(t.change)}`;
  return {
    reference,
    target,
    says: `target ${roundTo(target, 2)}% = ${words} ${roundTo(reference, 2)}%${change}${t.ceiling !== null && target === t.ceiling ? ` (ceiling ${t.ceiling}%)` : ''}`,
  };
}

function percent(counts: IndicatorCounts | undefined): number | null {
  if (!counts || counts.numerator === null || counts.denominator === null || counts.denominator <= 0)
    return null;
  return (100 * counts.numerator) / counts.denominator;
}

function median(values: readonly (number | null)[]): number | null {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function pooled(counts: readonly IndicatorCounts[]): number | null {
  let numerator = 0;
  let denominator = 0;
  for (const c of counts) {
    if (c.numerator === null || c.denominator === null) continue;
    numerator += c.numerator;
    denominator += c.denominator;
  }
  return denominator > 0 ? (100 * numerator) / denominator : null;
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
