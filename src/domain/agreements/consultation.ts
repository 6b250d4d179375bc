/**
 * Member consultations: a commissioner puts one question to its member practices, each practice has
 * one vote, voting runs from the opening date to the closing date inclusive (UTC calendar days), and
 * the results by option are shown only once voting has closed, so early counts cannot sway late voters.
 */
import { wholePercent } from './status.ts';

export type ConsultationPhase = 'not_yet_open' | 'open' | 'closed';

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 10;

/** `today` is a 'YYYY-MM-DD' UTC date. */
export function consultationPhase(opensOn: string, closesOn: string, today: string): ConsultationPhase {
  if (today < opensOn) return 'not_yet_open';
  if (today > closesOn) return 'closed';
  return 'open';
}

export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export interface ConsultationDraft {
  title: string;
  question: string;
  options: string[];
  opensOn: string;
  closesOn: string;
}

export interface DraftProblem {
  field: 'title' | 'question' | 'options' | 'opens_on' | 'closes_on';
  message: string;
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && utcDay(d) === s;
}

/** Everything wrong with a draft, in form order; empty when it may be put to the members. */
export function checkConsultationDraft(d: ConsultationDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (d.title.trim() === '') problems.push({ field: 'title', message: 'Enter a title' });
  if (d.question.trim() === '')
    problems.push({ field: 'question', message: 'Enter the question put to practices' });
  const options = d.options.map((o) => o.trim()).filter((o) => o !== '');
  if (options.length < MIN_OPTIONS || options.length > MAX_OPTIONS) {
    problems.push({
      field: 'options',
      message: `Give between ${MIN_OPTIONS} and ${MAX_OPTIONS} options, one a line`,
    });
  } else if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) {
    problems.push({ field: 'options', message: 'Each option must be different' });
  }
  const opensOk = isIsoDate(d.opensOn);
  const closesOk = isIsoDate(d.closesOn);
  if (!opensOk)
    problems.push({
      field: 'opens_on',
      message: 'Enter the opening date as YYYY-MM-DD, for example 2026-12-01',
    });
  if (!closesOk)
    problems.push({
      field: 'closes_on',
      message: 'Enter the closing date as YYYY-MM-DD, for example 2026-12-31',
    });
  if (opensOk && closesOk && d.closesOn < d.opensOn) {
    problems.push({ field: 'closes_on', message: 'The closing date must be on or after the opening date' });
  }
  return problems;
}

export interface OptionResult {
  option: string;
  votes: number;
  /** Whole percent of the votes cast; null when none were cast. */
  percent: number | null;
}

export interface ConsultationResults {
  options: OptionResult[];
  votesCast: number;
  electorate: number;
  /** Whole percent of member practices that voted; null when there are no members. */
  turnoutPercent: number | null;
  /** The option(s) with most votes (several on a tie; none when no votes). */
  leading: string[];
}

/** `votes` holds the index of the option each practice chose. */
export function tallyVotes(
  options: readonly string[],
  votes: readonly number[],
  electorate: number,
): ConsultationResults {
  const counts = options.map(() => 0);
  for (const v of votes) {
    if (v >= 0 && v < counts.length) counts[v]!++;
  }
  const cast = counts.reduce((s, c) => s + c, 0);
  const max = Math.max(0, ...counts);
  return {
    options: options.map((option, i) => ({
      option,
      votes: counts[i]!,
      percent: cast === 0 ? null : Math.round((counts[i]! / cast) * 100),
    })),
    votesCast: cast,
    electorate,
    turnoutPercent: wholePercent(cast, electorate),
    leading: max === 0 ? [] : options.filter((_, i) => counts[i] === max),
  };
}
