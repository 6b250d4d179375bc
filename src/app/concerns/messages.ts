/**
 * What each step of a concern tells whom, in what words: one row per event. `announce()`
 * (./notifications.ts) looks the row up, works out the audience's accounts and sends it, so wording
 * lives here and nowhere else.
 */
import { NOTICE_LABELS, type NoticeKind, noticeClock } from '../../domain/concerns/notices.ts';
import { STATE_LABELS } from '../../domain/concerns/workflow.ts';
import type { ConcernRow } from '../../store/schema.ts';
import type { PracticeScope } from './context.ts';

/** Who is told. */
export interface Audience {
  practice?: boolean;
  /** Commissioning managers (and analysts, when `analysts`) of the sub-ICB location and ICB above. */
  commissioners?: boolean;
  analysts?: boolean;
  areaTeam?: boolean;
  /** The contract holder today (area team, or the level-3 commissioner's managers). */
  contractHolder?: boolean;
  invitedLmc?: boolean;
  usernames?: readonly string[];
}

/** What each event needs to know beyond the concern and its practice. */
export interface ConcernEventFacts {
  raised: Record<string, never>;
  practice_notified: { note: string; replyBy: string | null };
  reply: Record<string, never>;
  peer_review: { where: string };
  outcome: { notes: string };
  referral: { note: string };
  closed: { note: string };
  notice: {
    kind: NoticeKind;
    breach: string;
    remedy: string | null;
    remedyPeriodDays: number | null;
    issuedOn: string;
  };
  lmc_invited: { username: string };
  progress: { releaseName: string; value: number | null; targetMet: boolean | null };
}

export type ConcernEvent = keyof ConcernEventFacts;

interface Said<F> {
  row: ConcernRow;
  practice: PracticeScope;
  facts: F;
}

export interface ConcernMessage<F> {
  audience(said: Said<F>): Audience;
  subject(said: Said<F>): string;
  body(said: Said<F>): string;
}

const who = (p: PracticeScope) => `${p.practiceName} (${p.practiceCode})`;
const stateLabel = (row: ConcernRow) => STATE_LABELS[row.state as keyof typeof STATE_LABELS] ?? row.state;
const individual = (row: ConcernRow) => row.type === 'individual_performer';
const clockOf = (n: ConcernEventFacts['notice']) => noticeClock(n.issuedOn, n.remedyPeriodDays, n.issuedOn);

export const CONCERN_MESSAGES: { [E in ConcernEvent]: ConcernMessage<ConcernEventFacts[E]> } = {
  // An individual performer's concern leaves the commissioner at once: only the area team is told.
  raised: {
    audience: ({ row }) => (individual(row) ? { areaTeam: true } : { commissioners: true }),
    subject: ({ row, practice: p }) =>
      individual(row)
        ? `A concern about an individual performer at ${p.practiceCode} is routed to you`
        : `New concern about ${p.practiceCode}: ${row.title}`,
    body: ({ row, practice: p }) =>
      individual(row)
        ? `A concern about an individual performer at ${who(p)} was raised and routed to the responsible officer of the NHS England area team. The commissioner does not handle it.`
        : `${row.raised_by} raised a concern about ${who(p)}: ${row.title}. It is waiting for triage.`,
  },
  practice_notified: {
    audience: () => ({ practice: true }),
    subject: ({ practice: p, facts }) =>
      facts.replyBy
        ? `A concern about ${p.practiceCode}: your reply is due by ${facts.replyBy}`
        : `A concern about ${p.practiceCode} needs your reply`,
    body: ({ row, practice: p, facts }) =>
      `The commissioner has raised a concern about ${who(p)}: ${row.title}.${facts.note ? ` ${facts.note}` : ''} You have the right to reply: give the context (population and demographics), any data quality problem, and the actions you have already taken${facts.replyBy ? `, by ${facts.replyBy}` : ''}. You may invite your LMC representative to the concern.`,
  },
  reply: {
    audience: () => ({ commissioners: true }),
    subject: ({ row, practice: p }) => `${p.practiceCode} replied to concern ${row.id}`,
    body: ({ row, practice: p }) =>
      `${who(p)} replied to the concern “${row.title}”. It can now go to peer review.`,
  },
  peer_review: {
    audience: () => ({ practice: true, invitedLmc: true }),
    subject: ({ row }) => `Concern ${row.id} goes to peer review`,
    body: ({ row, facts }) =>
      `The concern “${row.title}” and your reply go to peer review: ${facts.where}. Members with a declared interest in the practice are recused.`,
  },
  // A referral by outcome also tells the contract holder.
  outcome: {
    audience: ({ row }) => ({
      practice: true,
      invitedLmc: true,
      commissioners: true,
      contractHolder: row.state === 'referred',
    }),
    subject: ({ row }) => `Outcome of concern ${row.id}: ${stateLabel(row)}`,
    body: ({ row, facts }) =>
      `The outcome of the concern “${row.title}” is: ${stateLabel(row)}. ${facts.notes}`,
  },
  referral: {
    audience: () => ({ contractHolder: true, practice: true, commissioners: true, invitedLmc: true }),
    subject: ({ row, practice: p }) =>
      `Concern ${row.id} about ${p.practiceCode} is referred to the contract holder`,
    body: ({ row, practice: p, facts }) =>
      `The concern “${row.title}” about ${who(p)} is referred to the contract holder. ${facts.note}`,
  },
  closed: {
    audience: () => ({ practice: true, invitedLmc: true }),
    subject: ({ row }) => `Concern ${row.id} is closed`,
    body: ({ row, facts }) => `The concern “${row.title}” is closed. ${facts.note}`,
  },
  notice: {
    audience: () => ({
      practice: true,
      commissioners: true,
      analysts: true,
      areaTeam: true,
      invitedLmc: true,
    }),
    subject: ({ practice: p, facts }) => {
      const clock = clockOf(facts);
      return clock
        ? `${NOTICE_LABELS[facts.kind]} to ${p.practiceCode}: remedy by ${clock.dueOn}`
        : `${NOTICE_LABELS[facts.kind]} to ${p.practiceCode}`;
    },
    body: ({ practice: p, facts }) => {
      const clock = clockOf(facts);
      return `${NOTICE_LABELS[facts.kind]} issued on ${facts.issuedOn} to ${who(p)}. Breach: ${facts.breach}${
        clock
          ? ` Remedy: ${facts.remedy ?? ''} Remedy period: ${facts.remedyPeriodDays} days, due ${clock.dueOn}.`
          : ''
      }`;
    },
  },
  lmc_invited: {
    audience: ({ facts }) => ({ usernames: [facts.username] }),
    subject: ({ row, practice: p }) => `You are invited to concern ${row.id} about ${p.practiceCode}`,
    body: ({ row, practice: p }) =>
      `As LMC representative you are invited to the concern “${row.title}” about ${who(p)}. You can now see it, its reply and its outcome.`,
  },
  progress: {
    audience: () => ({ practice: true, commissioners: true, invitedLmc: true }),
    subject: ({ row, facts }) =>
      `Release ${facts.releaseName} re-measures the improvement plan of concern ${row.id}`,
    body: ({ row, facts }) =>
      `Release ${facts.releaseName} has a new value for the plan of “${row.title}”: ${facts.value ?? 'no value'}${
        facts.targetMet === null
          ? ''
          : facts.targetMet
            ? ' (the target is met)'
            : ' (the target is not met yet)'
      }. See the concern for the change from the baseline.`,
  },
};
