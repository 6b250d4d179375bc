/**
 * The demo's obligations story for sub-ICB location 16C (issue 18, "Done when"): "Tees Valley practice
 * quality agreement", whose clauses oblige each signatory to a monthly recorded review of its
 * prescribing and referral figures against the scorecard (its clause lists real catalogue indicators:
 * prescribing data arrives in a later issue) and to quarterly practice review meetings. The story is
 * played through the real scheduler on the real job queue, with the clock moved in steps from the
 * day the agreement was issued to today: each sweep generates the due items and sends the reminders
 * as they fall due, stand-in signatories make their returns and the commissioner accepts them, and
 * review meetings are held with actions that the next meeting follows up. One practice, Springwood
 * Surgery (A81005), does not make its latest overdue return, so it is reminded and escalated; The
 * Densham Surgery (A81001) has its newest return still to make, for the demo practice manager.
 * Idempotent: nothing happens once the agreement exists, or when 16C is not in the store.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../app/actor.ts';
import { createAgreement } from '../app/agreements/agreements.ts';
import { memberPractices } from '../app/agreements/members.ts';
import { respondToAgreement } from '../app/agreements/responses.ts';
import { utcDate } from '../app/clock.ts';
import { startScheduler } from '../app/jobs/scheduler.ts';
import type { Mailer } from '../app/notifications/mailer.ts';
import { recordMeeting } from '../app/obligations/meetings.ts';
import { decideReturn, submitReturn } from '../app/obligations/returns.ts';
import type { Database } from '../store/schema.ts';

export const DEMO_OBLIGATIONS_TITLE = 'Tees Valley practice quality agreement';
export const DEMO_OVERDUE_PRACTICE = 'A81005';
export const DEMO_OPEN_PRACTICE = 'A81001';
export const COMMISSIONER = '16C';
export const DAY = 86_400_000;
/** The indicators the review clause names, where the catalogue holds them. */
const REVIEW_INDICATORS = ['DEMO-DNA', 'QOF-PREV-DM', 'QOF-PREV-HYP', 'FT-91547'];

export function demoObligationsBody(indicators: readonly string[]): string {
  return `# ${DEMO_OBLIGATIONS_TITLE}

Agreed between the member practices of NHS North East and North Cumbria ICB – 16C and the commissioner.
It sets out what each practice that signs it does, and when, so that the practices and the commissioner
can see that the agreement is kept.

## 1. Purpose {other}

To reduce unwarranted variation through regular review of each practice's own figures, and supportive
review meetings between each practice and the commissioner.

## 2. Monthly prescribing and referral review {benchmarking}

Each practice reviews its prescribing and referral patterns, as a minimum, on a monthly basis, against
its scorecard. Until prescribing data is in Fairview, the review is a recorded review of the practice's
scorecard figures on the indicators below.

Obligation: Monthly review of prescribing and referral figures against the scorecard
- Cadence: monthly
- Evidence: scorecard review
- Indicators: ${indicators.join(', ')}
- Due: 10 days after each period

## 3. Quarterly review meetings {meetings-reviews}

Each practice meets the commissioner once a quarter. The agenda is built from the practice's flags,
any overdue returns and the actions of the last meeting; each action has an owner and a date.

Obligation: Quarterly practice review meeting
- Cadence: quarterly
- Evidence: review meeting

## 4. The LMC {lmc-role}

The LMC is consulted on this agreement and on any concern opened under it; a practice may invite its
LMC representative to a review meeting or to a concern.

## 5. Disputes {dispute-resolution}

A practice that disagrees with a decision under this agreement may ask for it to be reviewed by a panel
including a GP from another practice and the LMC.
`;
}

export interface ObligationsDemo {
  seeded: boolean;
  agreementId: number | null;
  notes: string[];
}

export function signatory(practiceCode: string): Actor {
  return {
    username: `demo-signatory-${practiceCode.toLowerCase()}`,
    roles: [{ role: 'practice_manager', organisationCode: practiceCode }],
  };
}

export async function seedObligationsDemo(
  db: Kysely<Database>,
  options: { now: Date; mailer?: Mailer | null; stepDays?: number },
): Promise<ObligationsDemo> {
  const existing = await db
    .selectFrom('agreement')
    .select('id')
    .where('commissioner_code', '=', COMMISSIONER)
    .where('title', '=', DEMO_OBLIGATIONS_TITLE)
    .executeTakeFirst();
  if (existing) return { seeded: false, agreementId: existing.id, notes: [] };
  if (
    !(await db.selectFrom('organisation').select('code').where('code', '=', COMMISSIONER).executeTakeFirst())
  )
    return { seeded: false, agreementId: null, notes: [] };
  const members = (
    await memberPractices(db, { code: COMMISSIONER, kind: 'sub_icb' }, utcDate(options.now))
  ).map((m) => m.practiceCode);
  const known = new Set(
    (await db.selectFrom('indicator').select('code').where('code', 'in', REVIEW_INDICATORS).execute()).map(
      (r) => r.code,
    ),
  );
  const indicators = REVIEW_INDICATORS.filter((c) => known.has(c));
  if (members.length === 0 || indicators.length === 0) return { seeded: false, agreementId: null, notes: [] };

  const mailer = options.mailer === undefined ? undefined : options.mailer;
  const withMail = <T extends object>(o: T) => ({ ...o, ...(mailer === undefined ? {} : { mailer }) });
  const manager: Actor = {
    username: 'demo-commissioning-manager',
    roles: [{ role: 'commissioning_manager', organisationCode: COMMISSIONER }],
  };
  // Issued about four months ago, so the story has four monthly returns and a quarter turned.
  const end = options.now;
  let at = new Date(end.getTime() - 125 * DAY);
  const issued = await createAgreement(
    db,
    manager,
    {
      commissionerCode: COMMISSIONER,
      title: DEMO_OBLIGATIONS_TITLE,
      body: demoObligationsBody(indicators),
      changeNote: 'First version.',
    },
    withMail({ now: at }),
  );
  for (const [i, code] of members.entries())
    await respondToAgreement(
      db,
      signatory(code),
      { versionId: issued.versionId, practiceCode: code, decision: 'signed' },
      withMail({ now: new Date(at.getTime() + (1 + (i % 5)) * DAY) }),
    );

  const scheduler = await startScheduler(db, {
    clock: () => at,
    mailer,
    cron: null,
    pollingIntervalSeconds: 0.5,
  });
  const notes: string[] = [];
  let reminders = 0;
  try {
    const step = (options.stepDays ?? 4) * DAY;
    for (let t = at.getTime() + 6 * DAY; ; t += step) {
      at = new Date(Math.min(t, end.getTime()));
      const outcome = await scheduler.sweepNow();
      reminders += outcome.reminders.length;
      await actOnItems(db, manager, at, end, withMail);
      if (at.getTime() === end.getTime()) break;
    }
  } finally {
    await scheduler.stop();
  }
  notes.push(
    `"${DEMO_OBLIGATIONS_TITLE}" signed by ${members.length} practices; ${reminders} reminders sent by the scheduler while the story played; ${DEMO_OVERDUE_PRACTICE} left overdue and escalated.`,
  );
  return { seeded: true, agreementId: issued.agreementId, notes };
}

/** What the practices and the commissioner do on one day of the story. */
async function actOnItems(
  db: Kysely<Database>,
  manager: Actor,
  at: Date,
  end: Date,
  withMail: <T extends object>(o: T) => T & { mailer?: Mailer | null },
): Promise<void> {
  const today = utcDate(at);
  const items = await db
    .selectFrom('obligation_item as i')
    .innerJoin('obligation as o', 'o.id', 'i.obligation_id')
    .leftJoin('review_meeting as m', 'm.item_id', 'i.id')
    .select([
      'i.id',
      'i.practice_code',
      'i.period_end',
      'i.due_on',
      'i.status',
      'o.evidence',
      'm.id as meeting_id',
      'm.scheduled_on',
    ])
    .where('i.status', 'in', ['due', 'submitted'])
    .orderBy('i.id')
    .execute();
  const endDay = utcDate(end);
  for (const item of items) {
    if (item.evidence === 'review_meeting') {
      if (item.meeting_id && item.scheduled_on && item.scheduled_on <= today)
        await holdMeeting(db, manager, item.meeting_id, item.practice_code, at, withMail);
      continue;
    }
    if (item.status === 'submitted') {
      await decideReturn(db, manager, item.id, { decision: 'accepted', note: '' }, withMail({ now: at }));
      continue;
    }
    // Practices return in the days after the period ends, before it is due …
    if (item.period_end >= today) continue;
    // … except Springwood, whose last return due at least a week before today stays unmade,
    if (
      item.practice_code === DEMO_OVERDUE_PRACTICE &&
      item.due_on <= utcDate(new Date(end.getTime() - 8 * DAY)) &&
      item.due_on > utcDate(new Date(end.getTime() - 40 * DAY))
    )
      continue;
    // … and the Densham Surgery's latest, left for the demo practice manager to make from the page.
    if (item.practice_code === DEMO_OPEN_PRACTICE && item.due_on >= endDay) continue;
    await submitReturn(
      db,
      {
        username: `demo-signatory-${item.practice_code.toLowerCase()}`,
        roles: [{ role: 'practice_manager', organisationCode: item.practice_code }],
      },
      item.id,
      {
        statement:
          'Reviewed by the partners at the practice meeting: figures discussed against peers, no change of course needed this month.',
        fields: {},
      },
      withMail({ now: at }),
    );
  }
}

async function holdMeeting(
  db: Kysely<Database>,
  manager: Actor,
  meetingId: number,
  practiceCode: string,
  at: Date,
  withMail: <T extends object>(o: T) => T & { mailer?: Mailer | null },
): Promise<void> {
  const open = await db
    .selectFrom('review_action as a')
    .innerJoin('review_meeting as m', 'm.id', 'a.meeting_id')
    .innerJoin('obligation_item as i', 'i.id', 'm.item_id')
    .select('a.id')
    .where('i.practice_code', '=', practiceCode)
    .where('a.status', '=', 'open')
    .execute();
  const focus = practiceCode === DEMO_OVERDUE_PRACTICE;
  await recordMeeting(
    db,
    manager,
    meetingId,
    {
      notes: focus
        ? 'Met the practice manager and a partner. Discussed the rise in booked appointments not attended (SYNTHETIC demo indicator) and the monthly reviews. The practice described staffing pressures since the summer.'
        : 'Met the practice. Scorecard figures reviewed; no concerns raised.',
      actions: focus
        ? [
            {
              action: 'Send text reminders the day before every booked appointment',
              owner: 'Practice manager, Springwood Surgery',
              dueOn: utcDate(new Date(at.getTime() + 45 * DAY)),
            },
            {
              action: 'Share the appointment-reminder template used by two peer practices',
              owner: 'Commissioning manager, 16C',
              dueOn: utcDate(new Date(at.getTime() + 21 * DAY)),
            },
          ]
        : [],
      followUps: open.map((a) => ({
        actionId: a.id,
        status: 'done' as const,
        note: 'Done, reported at the meeting.',
      })),
    },
    withMail({ now: at }),
  );
}
