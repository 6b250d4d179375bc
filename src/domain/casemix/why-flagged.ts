/**
 * The plain-English "why is this flagged" sentence on the scorecard: what the crude comparison with
 * England says, what the case-mix adjusted comparison says, and which of the two the flag uses, e.g.
 *
 *   "Higher than England at 99.8%, but within the range expected for practices with its age and
 *    deprivation profile. The flag uses the case-mix adjusted comparison: not flagged."
 */
import type { BenchmarkComparison, FunnelFlag, Polarity } from '../../stats/index.ts';

export type Direction = 'higher' | 'lower';
/** '99.8%' when outside the 99.8% limits, '95%' when outside only the 95% ones. */
export type SignificanceLevel = '95%' | '99.8%';

export interface WhyFlaggedInput {
  /** Crude comparison with England at 95% (Fingertips method, `compareWithBenchmark`). */
  readonly england95: BenchmarkComparison;
  /** The same at 99.8%. */
  readonly england99_8: BenchmarkComparison;
  readonly polarity: Polarity;
  /** The case-mix adjusted funnel flag; null when there is no adjusted comparison. */
  readonly adjustedFlag: FunnelFlag | null;
  /** Which comparison the flag uses. Default: 'adjusted' when there is one, else 'crude'. */
  readonly flagBasis?: 'crude' | 'adjusted';
}

/** One side of the story: a direction at a level, similar/within range, or not available. */
export type Finding =
  | { readonly kind: 'different'; readonly direction: Direction; readonly level: SignificanceLevel }
  | { readonly kind: 'similar' }
  | { readonly kind: 'not_available' };

export interface WhyFlagged {
  /** What the two comparisons say. */
  readonly sentence: string;
  /** Which comparison the flag uses and its judgement. */
  readonly basisSentence: string;
  /** `sentence` and `basisSentence` together: what the page shows. */
  readonly text: string;
  readonly crude: Finding;
  readonly adjusted: Finding;
  readonly flagBasis: 'crude' | 'adjusted';
  /** The flag's judgement, by polarity: better/worse, higher/lower (no judgement), similar or not compared. */
  readonly judgement: BenchmarkComparison;
}

const PROFILE = 'its age and deprivation profile';

function directionOf(comparison: BenchmarkComparison, polarity: Polarity): Direction | 'similar' | null {
  switch (comparison) {
    case 'higher':
    case 'lower':
      return comparison;
    case 'similar':
      return 'similar';
    case 'not_compared':
      return null;
    default:
      if (polarity === 'no_judgement') {
        throw new RangeError(`"${comparison}" needs a polarity; this indicator has no judgement`);
      }
      return (comparison === 'better') === (polarity === 'higher_is_better') ? 'higher' : 'lower';
  }
}

/** The crude finding: the 99.8% result if significant, else the 95% one. */
export function crudeFinding(
  input: Pick<WhyFlaggedInput, 'england95' | 'england99_8' | 'polarity'>,
): Finding {
  const at998 = directionOf(input.england99_8, input.polarity);
  if (at998 === 'higher' || at998 === 'lower') return { kind: 'different', direction: at998, level: '99.8%' };
  const at95 = directionOf(input.england95, input.polarity);
  if (at95 === 'higher' || at95 === 'lower') return { kind: 'different', direction: at95, level: '95%' };
  if (at95 === 'similar' || at998 === 'similar') return { kind: 'similar' };
  return { kind: 'not_available' };
}

export function adjustedFinding(flag: FunnelFlag | null): Finding {
  switch (flag) {
    case null:
      return { kind: 'not_available' };
    case 'none':
      return { kind: 'similar' };
    case 'high_99_8':
      return { kind: 'different', direction: 'higher', level: '99.8%' };
    case 'high_95':
      return { kind: 'different', direction: 'higher', level: '95%' };
    case 'low_99_8':
      return { kind: 'different', direction: 'lower', level: '99.8%' };
    case 'low_95':
      return { kind: 'different', direction: 'lower', level: '95%' };
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function crudePhrase(f: Finding): string {
  if (f.kind === 'different') return `${f.direction} than England at ${f.level}`;
  return f.kind === 'similar' ? 'similar to England' : 'not compared with England';
}

function adjustedPhrase(f: Finding): string {
  if (f.kind === 'different') return `${f.direction} than expected for ${PROFILE} (${f.level} limits)`;
  if (f.kind === 'similar') return `within the range expected for practices with ${PROFILE}`;
  return 'no case-mix adjusted comparison is available';
}

/** ", and" when the adjusted result agrees with (or adds nothing against) the crude one, ", but" when it differs. */
function connector(crude: Finding, adjusted: Finding): string {
  if (adjusted.kind === 'not_available' || crude.kind === 'not_available') return ';';
  if (crude.kind === 'different' && adjusted.kind === 'different') {
    return crude.direction === adjusted.direction ? ', and' : ', but';
  }
  if (crude.kind === 'similar' && adjusted.kind === 'similar') return ', and';
  return ', but';
}

function judge(direction: Direction, polarity: Polarity): BenchmarkComparison {
  if (polarity === 'no_judgement') return direction;
  return (direction === 'higher') === (polarity === 'higher_is_better') ? 'better' : 'worse';
}

function judgementWords(direction: Direction, polarity: Polarity, than: string): string {
  const j = judge(direction, polarity);
  if (polarity === 'no_judgement')
    return `${direction} ${than} (this indicator is not judged better or worse)`;
  const rule = polarity === 'higher_is_better' ? 'higher is better' : 'lower is better';
  return `${j} ${than}, as ${rule} for this indicator`;
}

/** Builds the sentence. Throws RangeError for 'adjusted' basis without an adjusted flag. */
export function whyFlagged(input: WhyFlaggedInput): WhyFlagged {
  const crude = crudeFinding(input);
  const adjusted = adjustedFinding(input.adjustedFlag);
  const flagBasis = input.flagBasis ?? (input.adjustedFlag === null ? 'crude' : 'adjusted');
  if (flagBasis === 'adjusted' && input.adjustedFlag === null) {
    throw new RangeError('the flag cannot use the adjusted comparison when there is none');
  }
  const sentence = `${capitalise(crudePhrase(crude))}${connector(crude, adjusted)} ${adjustedPhrase(adjusted)}.`;

  const used = flagBasis === 'adjusted' ? adjusted : crude;
  const than = flagBasis === 'adjusted' ? 'than expected' : 'than England';
  const which =
    flagBasis === 'adjusted'
      ? 'The flag uses the case-mix adjusted comparison'
      : 'The flag uses the crude comparison with England';
  let judgement: BenchmarkComparison;
  let verdict: string;
  if (used.kind === 'different') {
    judgement = judge(used.direction, input.polarity);
    verdict = judgementWords(used.direction, input.polarity, than);
  } else if (used.kind === 'similar') {
    judgement = 'similar';
    verdict = 'not flagged';
  } else {
    judgement = 'not_compared';
    verdict = 'not compared';
  }
  const basisSentence = `${which}: ${verdict}.`;
  return {
    sentence,
    basisSentence,
    text: `${sentence} ${basisSentence}`,
    crude,
    adjusted,
    flagBasis,
    judgement,
  };
}
