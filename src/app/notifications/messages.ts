/**
 * The wording of every notification this area sends, in one table: the kind of message, the facts it
 * needs and the subject and body made of them. The use cases and the reminder deliveries name a kind
 * and give the facts; nobody writes a sentence inline, so wording is reviewed (and changed) here.
 * `tell` sends one, after the caller's transaction has committed (src/app/notifications/notify.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { type NotifyOptions, type NotifyOutcome, notify, type Recipients } from './notify.ts';

export interface Wording {
  subject: string;
  body: string;
}

interface ReturnFacts {
  practiceCode: string;
  practiceName: string;
  what: string;
  period: string;
  dueOn: string;
}

const practice = (f: { practiceCode: string; practiceName: string }) =>
  `${f.practiceName} (${f.practiceCode})`;

export const MESSAGES = {
  // ---- Practice returns and review meetings (src/app/obligations). ----
  return_due_soon: (f: ReturnFacts): Wording => ({
    subject: `Return due on ${f.dueOn}: ${f.what} (${f.period})`,
    body: `${practice(f)} owes a return under its agreement: ${f.what}, for ${f.period}. It is due on ${f.dueOn}.`,
  }),
  return_overdue: (f: ReturnFacts): Wording => ({
    subject: `Overdue: ${f.what} (${f.period})`,
    body: `The return “${f.what}” for ${f.period} was due on ${f.dueOn} and has not been made by ${practice(f)}. Please make it now; if it stays overdue for a week the commissioning manager follows it up.`,
  }),
  return_escalated: (f: ReturnFacts): Wording => ({
    subject: `Escalated: ${f.practiceCode} has not made “${f.what}” (${f.period})`,
    body: `The return “${f.what}” for ${f.period} from ${practice(f)} was due on ${f.dueOn} and is a week overdue. It is escalated to the commissioning manager, who follows it up with the practice.`,
  }),
  return_concern_open: (f: ReturnFacts): Wording => ({
    subject: `Three weeks overdue: ${f.practiceCode}, “${f.what}” (${f.period})`,
    body: `The return “${f.what}” for ${f.period} from ${practice(f)} was due on ${f.dueOn} and is three weeks overdue. The commissioner may now open a concern about it. The LMC is told; if a concern is opened, the practice may invite its LMC representative to it.`,
  }),
  return_submitted: (f: ReturnFacts & { by: string }): Wording => ({
    subject: `${f.practiceCode} made its return: ${f.what} (${f.period})`,
    body: `${f.by} made the return “${f.what}” for ${f.period} on behalf of ${practice(f)}. Accept it, or query it with a reason.`,
  }),
  return_accepted: (f: ReturnFacts & { note: string | null }): Wording => ({
    subject: `Return accepted: ${f.what} (${f.period})`,
    body: `The commissioner accepted the return “${f.what}” for ${f.period} from ${practice(f)}.${f.note ? ` ${f.note}` : ''}`,
  }),
  return_queried: (f: ReturnFacts & { note: string }): Wording => ({
    subject: `Return queried: ${f.what} (${f.period})`,
    body: `The commissioner queried the return “${f.what}” for ${f.period} from ${practice(f)}: ${f.note} Please make it again with the answer.`,
  }),
  concern_opened_from_return: (f: ReturnFacts & { concernId: number }): Wording => ({
    subject: `A concern is opened about ${f.practiceCode}'s overdue return`,
    body: `The commissioner opened concern ${f.concernId} because the return “${f.what}” for ${f.period} from ${practice(f)}, due on ${f.dueOn}, was not made. The practice has the right of reply and may invite its LMC representative.`,
  }),
  review_meeting_papers: (f: {
    practiceCode: string;
    practiceName: string;
    scheduledOn: string;
    location: string | null;
    entries: number;
    followUps: number;
  }): Wording => ({
    subject: `Papers for the practice review meeting with ${f.practiceCode} on ${f.scheduledOn}`,
    body: `The agenda of the review meeting with ${practice(f)} on ${f.scheduledOn}${f.location ? ` (${f.location})` : ''} is ready: ${f.entries} items, including ${f.followUps} actions from earlier meetings to follow up.`,
  }),
  review_meeting_recorded: (f: {
    practiceCode: string;
    practiceName: string;
    scheduledOn: string;
    actions: number;
  }): Wording => ({
    subject: `Notes of the review meeting with ${f.practiceCode} (${f.scheduledOn})`,
    body: `The notes of the review meeting with ${practice(f)} on ${f.scheduledOn} are recorded, with ${f.actions} actions, each with an owner and a date. They will be followed up at the next meeting.`,
  }),

  // ---- Other deadlines the scheduler watches. ----
  concern_reply_due_soon: (f: {
    concernId: number;
    title: string;
    practiceCode: string;
    replyBy: string;
  }): Wording => ({
    subject: `Your reply to concern ${f.concernId} is due on ${f.replyBy}`,
    body: `The right of reply to the concern “${f.title}” about ${f.practiceCode} closes on ${f.replyBy}. Give the context, any data problem and what you have done already; you may invite your LMC representative.`,
  }),
  concern_reply_missed: (f: {
    concernId: number;
    title: string;
    practiceCode: string;
    replyBy: string;
  }): Wording => ({
    subject: `No reply to concern ${f.concernId} by ${f.replyBy}`,
    body: `${f.practiceCode} has not replied to the concern “${f.title}” by ${f.replyBy}. The commissioner may agree more time before going on.`,
  }),
  remedy_period_ending: (f: {
    concernId: number;
    practiceCode: string;
    dueOn: string;
    notice: string;
  }): Wording => ({
    subject: `The remedy period for ${f.practiceCode} ends on ${f.dueOn}`,
    body: `The remedy period of the ${f.notice.toLowerCase()} to ${f.practiceCode} (concern ${f.concernId}) ends on ${f.dueOn}, in a week.`,
  }),
  remedy_period_ended: (f: {
    concernId: number;
    practiceCode: string;
    dueOn: string;
    notice: string;
  }): Wording => ({
    subject: `The remedy period for ${f.practiceCode} ended on ${f.dueOn}`,
    body: `The remedy period of the ${f.notice.toLowerCase()} to ${f.practiceCode} (concern ${f.concernId}) ended on ${f.dueOn}. The contract holder checks whether the breach is remedied.`,
  }),
  interest_review_due: (f: { personName: string; lastReviewedOn: string }): Wording => ({
    subject: `Annual review of declared interests: ${f.personName}`,
    body: `${f.personName}'s declarations of interest were last reviewed on ${f.lastReviewedOn}. Declarations are reviewed at least once a year: confirm them, or declare what has changed.`,
  }),
  data_query_deadline: (f: {
    queryId: number;
    releaseName: string;
    practiceCode: string;
    raisedOn: string;
  }): Wording => ({
    subject: `Data query ${f.queryId} from ${f.practiceCode} is ten days old`,
    body: `${f.practiceCode} raised a data query on release ${f.releaseName} on ${f.raisedOn} and it is still open. Data queries are answered within ten days, before the release is published.`,
  }),
  committee_papers: (f: { committee: string; meeting: string; heldOn: string; items: number }): Wording => ({
    subject: `Papers for ${f.committee}, ${f.heldOn}`,
    body: `The agenda of “${f.meeting}” (${f.committee}) on ${f.heldOn} has ${f.items} items. Declare any interest in an item before the meeting.`,
  }),
  consultation_opened: (f: {
    title: string;
    opensOn: string;
    closesOn: string;
    audience: string;
  }): Wording => ({
    subject: `Consultation open: ${f.title}`,
    body: `The consultation “${f.title}” is open from ${f.opensOn} to ${f.closesOn}. Each member practice has one vote${f.audience === 'public' ? '; the public and Healthwatch may respond too' : ''}.`,
  }),
  consultation_closing: (f: { title: string; closesOn: string }): Wording => ({
    subject: `Two days left: ${f.title}`,
    body: `The consultation “${f.title}” closes on ${f.closesOn} and your practice has not voted yet.`,
  }),
  consultation_result: (f: {
    title: string;
    closesOn: string;
    votesCast: number;
    electorate: number;
    leading: string;
  }): Wording => ({
    subject: `Result: ${f.title}`,
    body: `The consultation “${f.title}” closed on ${f.closesOn}. ${f.votesCast} of ${f.electorate} member practices voted; ${f.leading}.`,
  }),

  // ---- Events in other areas that someone must act on or is affected by. ----
  agreement_issued: (f: { title: string; version: number; kind: string; commissioner: string }): Wording => ({
    subject: `${f.kind === 'constitution' ? 'Constitution' : 'Agreement'} to sign: ${f.title} (version ${f.version})`,
    body: `${f.commissioner} issued version ${f.version} of “${f.title}” to its member practices. Read it, with its guidance checks, and sign or veto it for your practice.`,
  }),
  agreement_vetoed: (f: {
    title: string;
    version: number;
    practiceCode: string;
    reason: string | null;
  }): Wording => ({
    subject: `${f.practiceCode} vetoed “${f.title}” (version ${f.version})`,
    body: `${f.practiceCode} vetoed version ${f.version} of “${f.title}”.${f.reason ? ` Its reason: ${f.reason}` : ''}`,
  }),
  agreement_lmc_response: (f: { title: string; version: number; position: string }): Wording => ({
    subject: `The LMC responded to “${f.title}” (version ${f.version})`,
    body: `The LMC's response to version ${f.version} of “${f.title}”: ${f.position}. Read it in full on the agreement's page.`,
  }),
  appeal_lodged: (f: { scheme: string; practiceCode: string; lineNo: number }): Wording => ({
    subject: `Appeal from ${f.practiceCode}: ${f.scheme}`,
    body: `${f.practiceCode} appealed line ${f.lineNo} of its payment statement under ${f.scheme}. Decide it with a reason.`,
  }),
  appeal_decided: (f: { scheme: string; practiceCode: string; outcome: string; note: string }): Wording => ({
    subject: `Your appeal under ${f.scheme}: ${f.outcome}`,
    body: `The appeal by ${f.practiceCode} under ${f.scheme} was decided: ${f.outcome}. ${f.note}`,
  }),
  scheme_decided: (f: { scheme: string; outcome: string; decision: string }): Wording => ({
    subject: `${f.scheme}: the committee's decision`,
    body: `The committee decided on the calculation of ${f.scheme}: ${f.outcome}. ${f.decision} Your statement shows what it means for your practice.`,
  }),
  payable_file: (f: { scheme: string; practiceCode: string }): Wording => ({
    subject: `${f.scheme}: payments sent for processing`,
    body: `The payable file of ${f.scheme} was exported for payment. Your statement shows the amount for ${f.practiceCode}.`,
  }),
  committee_decision: (f: {
    committee: string;
    item: string;
    outcome: string;
    decision: string;
  }): Wording => ({
    subject: `${f.committee} decided: ${f.item}`,
    body: `${f.committee} decided on “${f.item}”: ${f.outcome}. ${f.decision}`,
  }),
  consent_changed: (f: {
    title: string;
    version: number;
    practiceCode: string;
    change: string;
  }): Wording => ({
    subject: `${f.practiceCode} ${f.change} “${f.title}” (version ${f.version})`,
    body: `${f.practiceCode} ${f.change} “${f.title}”, version ${f.version}. The consent register shows who consented to what, when.`,
  }),
  consultation_summary: (f: { title: string }): Wording => ({
    subject: `Summary published: ${f.title}`,
    body: `The commissioner published its summary of the responses to “${f.title}”, from member practices, the public and Healthwatch.`,
  }),
} as const;

export type MessageKind = keyof typeof MESSAGES;
export type MessageFacts<K extends MessageKind> = Parameters<(typeof MESSAGES)[K]>[0];

export function wording<K extends MessageKind>(kind: K, facts: MessageFacts<K>): Wording {
  return (MESSAGES[kind] as (f: MessageFacts<K>) => Wording)(facts);
}

/** Sends one message of the table to some people, in the app and by e-mail. */
export function tell<K extends MessageKind>(
  db: Kysely<Database>,
  kind: K,
  facts: MessageFacts<K>,
  to: Recipients,
  link: string | null,
  options: NotifyOptions,
): Promise<NotifyOutcome> {
  return notify(db, { to, ...wording(kind, facts), link }, options);
}

/** As `tell`, but a failure is logged, never thrown: the change it announces has already committed. */
export async function tellSafely<K extends MessageKind>(
  db: Kysely<Database>,
  kind: K,
  facts: MessageFacts<K>,
  to: Recipients,
  link: string | null,
  options: NotifyOptions,
): Promise<void> {
  try {
    await tell(db, kind, facts, to, link, options);
  } catch (error) {
    console.error(
      `fairview: notification ${kind} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
