/**
 * Every reminder and escalation the scheduler sends, as one table: what it is about, when it falls
 * due (days from the date it counts from, at 00:00 UTC), who is told and what it changes. The sweep
 * (src/app/reminders/sweep.ts) asks, with the injected clock, which steps have fallen due; docs and
 * tests read the same table.
 *
 * A practice return (an obligation item still due or queried) climbs a ladder: a reminder before the
 * due date, the practice told the day after it, the commissioning manager a week later, and after
 * three weeks the commissioner may open a concern, which the LMC hears of too (the agreement's LMC
 * role: the practice can then invite its LMC representative to the concern, as for any concern).
 */
export type EscalationLevel = 'none' | 'reminded' | 'manager' | 'concern_open';

export const ESCALATION_LABELS: Record<EscalationLevel, string> = {
  none: 'None',
  reminded: 'Practice reminded',
  manager: 'Escalated to the commissioning manager',
  concern_open: 'A concern may be opened',
};

/** Who a reminder goes to. */
export type Audience =
  | 'practice'
  | 'commissioning_managers'
  | 'commissioning_analysts'
  | 'lmc'
  | 'contract_holder'
  | 'person'
  | 'committee'
  | 'members_not_voted'
  | 'members';

export type ReminderKind =
  | 'return'
  | 'concern_reply'
  | 'remedy_period'
  | 'interest_review'
  | 'data_query'
  | 'review_meeting_papers'
  | 'committee_papers'
  | 'consultation';

export interface ReminderStep {
  kind: ReminderKind;
  step: string;
  /** What the day counts from. */
  countsFrom: string;
  /** Days after (negative: before) that day, at 00:00 UTC. */
  days: number;
  tells: readonly Audience[];
  /** For returns: the escalation level the item reaches. */
  escalation?: EscalationLevel;
  why: string;
}

export const REMINDER_STEPS: readonly ReminderStep[] = [
  {
    kind: 'return',
    step: 'due_soon',
    countsFrom: 'the item’s due date',
    days: -3,
    tells: ['practice'],
    why: 'three days’ notice of a return falling due',
  },
  {
    kind: 'return',
    step: 'overdue',
    countsFrom: 'the item’s due date',
    days: 1,
    tells: ['practice'],
    escalation: 'reminded',
    why: 'the return was not made by its due date',
  },
  {
    kind: 'return',
    step: 'manager',
    countsFrom: 'the item’s due date',
    days: 8,
    tells: ['practice', 'commissioning_managers'],
    escalation: 'manager',
    why: 'a week overdue: the commissioning manager follows it up with the practice',
  },
  {
    kind: 'return',
    step: 'concern',
    countsFrom: 'the item’s due date',
    days: 22,
    tells: ['commissioning_managers', 'lmc', 'practice'],
    escalation: 'concern_open',
    why: 'three weeks overdue: the commissioner may open a concern; the LMC is told, and the practice may invite it',
  },
  {
    kind: 'concern_reply',
    step: 'due_soon',
    countsFrom: 'the reply date set when the practice was notified',
    days: -3,
    tells: ['practice'],
    why: 'the practice’s right of reply closes in three days',
  },
  {
    kind: 'concern_reply',
    step: 'missed',
    countsFrom: 'the reply date',
    days: 1,
    tells: ['practice', 'commissioning_managers'],
    why: 'no reply by the date set',
  },
  {
    kind: 'remedy_period',
    step: 'ending',
    countsFrom: 'the end of a remedial notice’s remedy period',
    days: -7,
    tells: ['practice', 'contract_holder', 'commissioning_managers'],
    why: 'a week before the remedy period ends',
  },
  {
    kind: 'remedy_period',
    step: 'ended',
    countsFrom: 'the end of the remedy period',
    days: 1,
    tells: ['contract_holder', 'commissioning_managers'],
    why: 'the remedy period has ended: the contract holder checks the breach is remedied',
  },
  {
    kind: 'interest_review',
    step: 'due',
    countsFrom: 'the person’s last review (or first declaration) of their interests',
    days: 335,
    tells: ['person', 'commissioning_managers'],
    why: 'declarations are reviewed at least once a year (NHS England, managing conflicts of interest)',
  },
  {
    kind: 'data_query',
    step: 'deadline',
    countsFrom: 'the day the data query was raised',
    days: 10,
    tells: ['commissioning_analysts'],
    why: 'a practice’s data query is answered within ten days, before the release is published',
  },
  {
    kind: 'review_meeting_papers',
    step: 'papers',
    countsFrom: 'the review meeting’s date',
    days: -5,
    tells: ['practice', 'commissioning_managers'],
    why: 'the agenda (flags, overdue items, open actions) goes out five days before the meeting',
  },
  {
    kind: 'committee_papers',
    step: 'papers',
    countsFrom: 'the committee meeting’s date',
    days: -5,
    tells: ['committee'],
    why: 'committee papers go to members five days before the meeting',
  },
  {
    kind: 'consultation',
    step: 'opened',
    countsFrom: 'the opening date',
    days: 0,
    tells: ['members'],
    why: 'a consultation opens to the member practices',
  },
  {
    kind: 'consultation',
    step: 'closing',
    countsFrom: 'the closing date',
    days: -2,
    tells: ['members_not_voted'],
    why: 'two days left to vote, told to the practices that have not voted',
  },
  {
    kind: 'consultation',
    step: 'result',
    countsFrom: 'the closing date',
    days: 1,
    tells: ['members', 'commissioning_managers'],
    why: 'the consultation has closed: the results are published',
  },
];

export function reminderStep(kind: ReminderKind, step: string): ReminderStep {
  const found = REMINDER_STEPS.find((s) => s.kind === kind && s.step === step);
  if (!found) throw new Error(`no reminder step ${kind}/${step}`);
  return found;
}

export const RETURN_LADDER = REMINDER_STEPS.filter((s) => s.kind === 'return');

/** The instant a step falls due: `days` after the UTC day `from`, at 00:00. */
export function stepDueAt(from: string, days: number): Date {
  return new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000);
}

/** The escalation an item has reached at `now` if nothing was done: for pages and tests. */
export function escalationAt(dueOn: string, now: Date): EscalationLevel {
  let level: EscalationLevel = 'none';
  for (const s of RETURN_LADDER) if (s.escalation && stepDueAt(dueOn, s.days) <= now) level = s.escalation;
  return level;
}

/**
 * Which step of a subject's reminders to send now: the latest step that has fallen due, provided no
 * step at or after it has been recorded. A subject found late (the server was down, or the item was
 * made long ago) gets its latest step only, never the whole ladder at once; and an earlier step never
 * follows a later one.
 */
export function stepToSend<T extends { step: string; dueAt: Date }>(
  ordered: readonly T[],
  now: Date,
  recorded: readonly string[],
): T | null {
  let due = -1;
  ordered.forEach((s, i) => {
    if (s.dueAt.getTime() <= now.getTime()) due = i;
  });
  if (due < 0) return null;
  const highestRecorded = ordered.reduce((h, s, i) => (recorded.includes(s.step) ? i : h), -1);
  return due > highestRecorded ? ordered[due]! : null;
}

/** The steps of one kind, in order, each with the instant it falls due counted from `from[countsFrom]`. */
export function stepsOf(
  kind: ReminderKind,
  dueFrom: (step: ReminderStep) => string,
): { step: string; dueAt: Date; rule: ReminderStep }[] {
  return REMINDER_STEPS.filter((s) => s.kind === kind)
    .map((rule) => ({ step: rule.step, dueAt: stepDueAt(dueFrom(rule), rule.days), rule }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}
