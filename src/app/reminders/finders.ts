/**
 * What has fallen due at `now`, kind by kind (the table in src/domain/obligations/escalation.ts): each
 * finder reads the records its deadline comes from — obligation items, concerns' reply dates, remedial
 * notices, declarations of interest, data queries, review and committee meetings, consultations — and
 * proposes the one step to send per subject (`stepToSend`), with the facts its message needs. The
 * sweep records them in the reminder ledger, whose unique key keeps each one to a single delivery.
 */
import { type Kysely, sql } from 'kysely';
import { tallyVotes } from '../../domain/agreements/consultation.ts';
import { NOTICE_LABELS, noticeClock } from '../../domain/concerns/notices.ts';
import { type ReminderKind, stepsOf, stepToSend } from '../../domain/obligations/escalation.ts';
import { addDays, periodLabel } from '../../domain/obligations/periods.ts';
import type { Database, JsonValue } from '../../store/schema.ts';
import { utcDate } from '../clock.ts';

export interface Candidate {
  kind: ReminderKind;
  subjectKey: string;
  step: string;
  dueAt: Date;
  facts: { [key: string]: JsonValue };
}

async function recordedSteps(
  db: Kysely<Database>,
  kind: ReminderKind,
  keys: string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (keys.length === 0) return out;
  const rows = await db
    .selectFrom('reminder')
    .select(['subject_key', 'step'])
    .where('kind', '=', kind)
    .where('subject_key', 'in', keys)
    .execute();
  for (const r of rows) out.set(r.subject_key, [...(out.get(r.subject_key) ?? []), r.step]);
  return out;
}

/** Runs `stepToSend` for each subject of one kind. */
async function choose<S>(
  db: Kysely<Database>,
  kind: ReminderKind,
  now: Date,
  subjects: S[],
  key: (s: S) => string,
  dayFor: (s: S, countsFromStep: string) => string,
  facts: (s: S) => Candidate['facts'],
): Promise<Candidate[]> {
  const recorded = await recordedSteps(db, kind, subjects.map(key));
  const out: Candidate[] = [];
  for (const s of subjects) {
    const steps = stepsOf(kind, (rule) => dayFor(s, rule.step));
    const next = stepToSend(steps, now, recorded.get(key(s)) ?? []);
    if (next) out.push({ kind, subjectKey: key(s), step: next.step, dueAt: next.dueAt, facts: facts(s) });
  }
  return out;
}

async function returns(db: Kysely<Database>, now: Date): Promise<Candidate[]> {
  const horizon = addDays(utcDate(now), 3);
  const items = await db
    .selectFrom('obligation_item as i')
    .innerJoin('obligation as o', 'o.id', 'i.obligation_id')
    .innerJoin('organisation as org', 'org.code', 'i.practice_code')
    .select(['i.id', 'i.practice_code', 'i.due_on', 'i.period_start', 'o.what', 'o.cadence', 'org.name'])
    .where('i.status', 'in', ['due', 'queried'])
    .where('o.evidence', '!=', 'review_meeting')
    .where('i.due_on', '<=', horizon)
    .execute();
  return choose(
    db,
    'return',
    now,
    items,
    (i) => `obligation_item:${i.id}`,
    (i) => i.due_on,
    (i) => ({
      itemId: i.id,
      practiceCode: i.practice_code,
      practiceName: i.name,
      what: i.what,
      period: periodLabel(i.cadence, i.period_start),
      dueOn: i.due_on,
    }),
  );
}

async function concernReplies(db: Kysely<Database>, now: Date): Promise<Candidate[]> {
  const rows = await sql<{ concern_id: number; title: string; practice_code: string; reply_by: string }>`
    select distinct on (e.concern_id) e.concern_id, c.title, c.practice_code, e.detail->>'reply_by' as reply_by
    from concern_event e
    join concern c on c.id = e.concern_id
    where e.step = 'notify_practice' and e.detail->>'reply_by' is not null
      and not exists (select 1 from concern_event r where r.concern_id = e.concern_id and r.step = 'reply' and r.at >= e.at)
    order by e.concern_id, e.at desc`.execute(db);
  return choose(
    db,
    'concern_reply',
    now,
    rows.rows,
    (r) => `concern_reply:${r.concern_id}:${r.reply_by}`,
    (r) => r.reply_by,
    (r) => ({ concernId: r.concern_id, title: r.title, practiceCode: r.practice_code, replyBy: r.reply_by }),
  );
}

async function remedyPeriods(db: Kysely<Database>, now: Date): Promise<Candidate[]> {
  const notices = await db
    .selectFrom('concern_notice as n')
    .innerJoin('concern as c', 'c.id', 'n.concern_id')
    .select(['n.id', 'n.concern_id', 'n.kind', 'n.issued_on', 'n.remedy_period_days', 'c.practice_code'])
    .where('n.remedy_period_days', 'is not', null)
    .execute();
  const withDue = notices.map((n) => ({
    ...n,
    dueOn: noticeClock(n.issued_on, n.remedy_period_days, n.issued_on)!.dueOn,
  }));
  return choose(
    db,
    'remedy_period',
    now,
    withDue,
    (n) => `notice:${n.id}`,
    (n) => n.dueOn,
    (n) => ({
      concernId: n.concern_id,
      practiceCode: n.practice_code,
      dueOn: n.dueOn,
      notice: NOTICE_LABELS[n.kind],
    }),
  );
}

async function interestReviews(db: Kysely<Database>, now: Date): Promise<Candidate[]> {
  const rows = await sql<{ person_id: number; display_name: string; last: Date }>`
    select p.id as person_id, p.display_name,
      greatest(
        (select max(r.reviewed_at) from interest_review r where r.person_id = p.id),
        (select min(d.declared_at) from interest_declaration d where d.person_id = p.id)
      ) as last
    from governance_person p
    where exists (select 1 from interest_declaration d where d.person_id = p.id)
       or exists (select 1 from interest_review r where r.person_id = p.id)`.execute(db);
  const people = rows.rows
    .filter((r) => r.last !== null)
    .map((r) => ({ ...r, lastOn: utcDate(new Date(r.last)) }));
  return choose(
    db,
    'interest_review',
    now,
    people,
    (p) => `interest_review:${p.person_id}:${p.lastOn}`,
    (p) => p.lastOn,
    (p) => ({ personId: p.person_id, personName: p.display_name, lastReviewedOn: p.lastOn }),
  );
}

async function dataQueries(db: Kysely<Database>, now: Date): Promise<Candidate[]> {
  const rows = await sql<{ id: number; release_name: string; practice_code: string; raised_at: Date }>`
    select id, release_name, practice_code, raised_at from data_query where status = 'open'`.execute(db);
  return choose(
    db,
    'data_query',
    now,
    rows.rows.map((r) => ({ ...r, raisedOn: utcDate(new Date(r.raised_at)) })),
    (q) => `data_query:${q.id}`,
    (q) => q.raisedOn,
    (q) => ({
      queryId: q.id,
      releaseName: q.release_name,
      practiceCode: q.practice_code,
      raisedOn: q.raisedOn,
    }),
  );
}

async function reviewMeetingPapers(db: Kysely<Database>, now: Date): Promise<Candidate[]> {
  const today = utcDate(now);
  const rows = await db
    .selectFrom('review_meeting as m')
    .innerJoin('obligation_item as i', 'i.id', 'm.item_id')
    .innerJoin('organisation as org', 'org.code', 'i.practice_code')
    .select(['m.id', 'm.scheduled_on', 'm.location', 'i.practice_code', 'org.name'])
    .where('m.papers_sent_at', 'is', null)
    .where('m.notes', 'is', null)
    .where('m.scheduled_on', '>=', today)
    .execute();
  return choose(
    db,
    'review_meeting_papers',
    now,
    rows,
    (m) => `review_meeting:${m.id}:${m.scheduled_on}`,
    (m) => m.scheduled_on,
    (m) => ({
      meetingId: m.id,
      practiceCode: m.practice_code,
      practiceName: m.name,
      scheduledOn: m.scheduled_on,
      location: m.location,
    }),
  );
}

async function committeePapers(db: Kysely<Database>, now: Date): Promise<Candidate[]> {
  const rows = await db
    .selectFrom('committee_meeting as m')
    .innerJoin('committee as c', 'c.id', 'm.committee_id')
    .select(['m.id', 'm.title', 'm.held_on', 'c.id as committee_id', 'c.name as committee'])
    .where('m.held_on', '>=', utcDate(now))
    .execute();
  return choose(
    db,
    'committee_papers',
    now,
    rows,
    (m) => `committee_meeting:${m.id}:${m.held_on}`,
    (m) => m.held_on,
    (m) => ({
      meetingId: m.id,
      committeeId: m.committee_id,
      committee: m.committee,
      meeting: m.title,
      heldOn: m.held_on,
    }),
  );
}

async function consultations(db: Kysely<Database>, now: Date): Promise<Candidate[]> {
  const rows = await db
    .selectFrom('consultation')
    .select(['id', 'title', 'opens_on', 'closes_on', 'commissioner_code', 'audience'])
    .where('opens_on', '<=', utcDate(now))
    .execute();
  return choose(
    db,
    'consultation',
    now,
    rows,
    (c) => `consultation:${c.id}`,
    (c, step) => (step === 'opened' ? c.opens_on : c.closes_on),
    (c) => ({
      consultationId: c.id,
      commissionerCode: c.commissioner_code,
      title: c.title,
      opensOn: c.opens_on,
      closesOn: c.closes_on,
      audience: c.audience,
    }),
  );
}

export const FINDERS: Record<ReminderKind, (db: Kysely<Database>, now: Date) => Promise<Candidate[]>> = {
  return: returns,
  concern_reply: concernReplies,
  remedy_period: remedyPeriods,
  interest_review: interestReviews,
  data_query: dataQueries,
  review_meeting_papers: reviewMeetingPapers,
  committee_papers: committeePapers,
  consultation: consultations,
};

/** A consultation's result, for the 'result' message (the votes are counted at delivery). */
export async function consultationTally(db: Kysely<Database>, consultationId: number) {
  const c = await db
    .selectFrom('consultation')
    .select('options')
    .where('id', '=', consultationId)
    .executeTakeFirstOrThrow();
  const votes = await db
    .selectFrom('consultation_vote')
    .select('option_index')
    .where('consultation_id', '=', consultationId)
    .execute();
  const members = await db
    .selectFrom('consultation_member')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', consultationId)
    .executeTakeFirstOrThrow();
  return tallyVotes(
    c.options as string[],
    votes.map((v) => v.option_index),
    Number(members.n),
  );
}
