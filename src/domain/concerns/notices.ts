/**
 * Contract notices after a referral. A remedial notice names the breach, the remedy and a remedy
 * period of at least 28 days (GMS contract: a period "not less than 28 days" unless the breach is
 * not capable of remedy); its clock runs from the day it was issued. A breach notice records a breach
 * that cannot be remedied. Pure date arithmetic on ISO dates (UTC), so the clock is the same everywhere.
 */

export const MINIMUM_REMEDY_DAYS = 28;

export const NOTICE_KINDS = ['remedial', 'breach'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_LABELS: Record<NoticeKind, string> = {
  remedial: 'Remedial notice',
  breach: 'Breach notice',
};

export interface NoticeInput {
  kind: NoticeKind;
  breach: string;
  /** Remedial notices only. */
  remedy: string | null;
  remedyPeriodDays: number | null;
  issuedOn: string;
}

export interface NoticeProblem {
  field: 'kind' | 'breach' | 'remedy' | 'remedy_period_days' | 'issued_on';
  message: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isNoticeKind(v: string): v is NoticeKind {
  return (NOTICE_KINDS as readonly string[]).includes(v);
}

/** The first thing wrong with a notice, or null. */
export function noticeProblem(n: NoticeInput): NoticeProblem | null {
  if (!isNoticeKind(n.kind)) return { field: 'kind', message: 'Choose the kind of notice' };
  if (n.breach.trim() === '') return { field: 'breach', message: 'Describe the breach of the contract' };
  if (!ISO_DATE.test(n.issuedOn) || Number.isNaN(Date.parse(`${n.issuedOn}T00:00:00Z`)))
    return { field: 'issued_on', message: 'Enter the date the notice was issued as YYYY-MM-DD' };
  if (n.kind === 'remedial') {
    if (!n.remedy || n.remedy.trim() === '')
      return { field: 'remedy', message: 'Say what the practice must do to remedy the breach' };
    if (n.remedyPeriodDays === null || !Number.isInteger(n.remedyPeriodDays))
      return { field: 'remedy_period_days', message: 'Enter the remedy period in whole days' };
    if (n.remedyPeriodDays < MINIMUM_REMEDY_DAYS)
      return {
        field: 'remedy_period_days',
        message: `The remedy period must be at least ${MINIMUM_REMEDY_DAYS} days`,
      };
  }
  return null;
}

export interface NoticeClock {
  dueOn: string;
  /** Days from `today` to the due date: 0 on the day it falls due, negative once overdue. */
  daysRemaining: number;
  overdue: boolean;
}

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

function isoOfDay(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The remedial notice's clock on `today`; null for a breach notice (nothing to remedy). */
export function noticeClock(
  issuedOn: string,
  remedyPeriodDays: number | null,
  today: string,
): NoticeClock | null {
  if (remedyPeriodDays === null) return null;
  const due = dayNumber(issuedOn) + remedyPeriodDays;
  const remaining = due - dayNumber(today);
  return { dueOn: isoOfDay(due), daysRemaining: remaining, overdue: remaining < 0 };
}
