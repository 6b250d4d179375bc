/**
 * The register of interests: what a committee member or decision-maker declares, whether a declaration
 * is in force on a day, and when the yearly review falls due. Pure.
 */

export const INTEREST_KINDS = [
  'practice_partnership',
  'practice_employment',
  'pcn_role',
  'provider_financial',
  'family_link',
  'other',
  'nil',
] as const;
export type InterestKind = (typeof INTEREST_KINDS)[number];

export const INTEREST_LABELS: Record<InterestKind, string> = {
  practice_partnership: 'Partner in a practice',
  practice_employment: 'Employed by a practice',
  pcn_role: 'Role in a primary care network',
  provider_financial: 'Financial interest in a provider',
  family_link: 'Family link',
  other: 'Other interest',
  nil: 'Nil return (no interests)',
};

export function isInterestKind(value: string): value is InterestKind {
  return (INTEREST_KINDS as readonly string[]).includes(value);
}

export interface DeclaredInterest {
  id: number;
  personId: number;
  kind: InterestKind;
  /** ODS code of the practice, PCN or provider the interest is in; null when none. */
  organisationCode: string | null;
  providerName: string | null;
  description: string;
  startsOn: string | null;
  endsOn: string | null;
}

export interface DeclarationInput {
  kind: string;
  organisationCode: string | null;
  providerName: string | null;
  description: string;
  startsOn: string | null;
  endsOn: string | null;
}

export interface DeclarationProblem {
  field: 'kind' | 'organisation_code' | 'provider_name' | 'description' | 'starts_on' | 'ends_on';
  message: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with a declaration as typed; an empty list when it can be recorded. */
export function declarationProblems(input: DeclarationInput): DeclarationProblem[] {
  const problems: DeclarationProblem[] = [];
  if (!isInterestKind(input.kind)) {
    problems.push({ field: 'kind', message: 'Select the kind of interest' });
    return problems;
  }
  const needsCode = ['practice_partnership', 'practice_employment', 'pcn_role'].includes(input.kind);
  if (needsCode && !input.organisationCode) {
    problems.push({
      field: 'organisation_code',
      message:
        input.kind === 'pcn_role'
          ? 'Enter the PCN code, like U89141'
          : 'Enter the practice code, like A81001',
    });
  }
  if (input.organisationCode && !/^[A-Z0-9]{3,10}$/.test(input.organisationCode)) {
    problems.push({ field: 'organisation_code', message: 'Enter an ODS code of 3 to 10 letters and digits' });
  }
  if (input.kind === 'provider_financial' && !input.organisationCode && !input.providerName) {
    problems.push({ field: 'provider_name', message: 'Enter the provider’s name or ODS code' });
  }
  if (input.kind !== 'nil' && input.description.trim() === '') {
    problems.push({ field: 'description', message: 'Describe the interest' });
  }
  for (const [field, value] of [
    ['starts_on', input.startsOn],
    ['ends_on', input.endsOn],
  ] as const) {
    if (value !== null && !ISO_DATE.test(value))
      problems.push({ field, message: 'Enter a date like 2025-04-01' });
  }
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) {
    problems.push({ field: 'ends_on', message: 'The end date must be on or after the start date' });
  }
  return problems;
}

export function interestActiveOn(interest: DeclaredInterest, day: string): boolean {
  if (interest.kind === 'nil') return false;
  if (interest.startsOn !== null && interest.startsOn > day) return false;
  return interest.endsOn === null || interest.endsOn >= day;
}

/** Declarations are confirmed (or a nil return made) at least once a year. */
export const REVIEW_INTERVAL_DAYS = 365;
/** Reminders go out this many days before a review falls due. */
export const REMINDER_LEAD_DAYS = 30;

export type ReviewStatus = 'never' | 'overdue' | 'due_soon' | 'current';

export interface ReviewState {
  status: ReviewStatus;
  /** The day the next review is due; null when nothing has ever been declared. */
  dueOn: string | null;
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** `lastReviewed`: the latest declaration, nil return or confirmation ('YYYY-MM-DD'), or null. */
export function reviewState(lastReviewed: string | null, today: string): ReviewState {
  if (lastReviewed === null) return { status: 'never', dueOn: null };
  const dueOn = addDays(lastReviewed, REVIEW_INTERVAL_DAYS);
  if (dueOn < today) return { status: 'overdue', dueOn };
  if (addDays(today, REMINDER_LEAD_DAYS) >= dueOn) return { status: 'due_soon', dueOn };
  return { status: 'current', dueOn };
}
