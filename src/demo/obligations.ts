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
const COMMISSIONER = '16C';
const DAY = 86_400_000;
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

function signatory(practiceCode: string): Actor {
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

export const DEMO_CONSTITUTION_TITLE = 'Constitution of the Tees Valley (16C) member practices';

const CONSTITUTION_BODY = `# ${DEMO_CONSTITUTION_TITLE}

The member practices of sub-ICB location 16C and the commissioner agree how they work together.

## 1. Membership {other}

Every practice holding a GP contract in 16C is a member and has one vote in member consultations.

## 2. The LMC {lmc-role}

The LMC is consulted on this constitution, on every inter-practice agreement and on local contracts.

## 3. Disputes {dispute-resolution}

A member may ask for any decision under this constitution to be reviewed by a panel including a GP from
another practice and the LMC.
`;

/**
 * The demo's constitution (a versioned document members sign, with the LMC's response), its consent
 * register (a local contract most practices consented to, one withdrawal; a scheme) and a consultation
 * opened to the public and Healthwatch, closed, with its published summary. Idempotent.
 */
export async function seedConstitutionAndConsentDemo(
  db: Kysely<Database>,
  options: { now: Date; mailer?: Mailer | null },
): Promise<{ seeded: boolean }> {
  const existing = await db
    .selectFrom('agreement')
    .select('id')
    .where('title', '=', DEMO_CONSTITUTION_TITLE)
    .executeTakeFirst();
  if (existing) return { seeded: false };
  if (
    !(await db.selectFrom('organisation').select('code').where('code', '=', COMMISSIONER).executeTakeFirst())
  )
    return { seeded: false };
  const members = (
    await memberPractices(db, { code: COMMISSIONER, kind: 'sub_icb' }, utcDate(options.now))
  ).map((m) => m.practiceCode);
  if (members.length === 0) return { seeded: false };
  const { recordLmcResponse } = await import('../app/agreements/responses.ts');
  const { castVote, createConsultation } = await import('../app/agreements/consultations.ts');
  const { createConsentSubject, giveConsent, withdrawConsent } = await import(
    '../app/obligations/consent.ts'
  );
  const { openToPublic, publishSummary, respondAsHealthwatch, respondAsPublic } = await import(
    '../app/obligations/public-consultations.ts'
  );
  const mail = options.mailer === undefined ? {} : { mailer: options.mailer };
  const ago = (days: number) => new Date(options.now.getTime() - days * DAY);
  const manager: Actor = {
    username: 'demo-commissioning-manager',
    roles: [{ role: 'commissioning_manager', organisationCode: COMMISSIONER }],
  };

  const constitution = await createAgreement(
    db,
    manager,
    {
      commissionerCode: COMMISSIONER,
      title: DEMO_CONSTITUTION_TITLE,
      body: CONSTITUTION_BODY,
      kind: 'constitution',
      changeNote: 'Adopted for 2026-27.',
    },
    { now: ago(90), ...mail },
  );
  for (const [i, code] of members.entries())
    if (code !== DEMO_OPEN_PRACTICE)
      await respondToAgreement(
        db,
        signatory(code),
        { versionId: constitution.versionId, practiceCode: code, decision: 'signed' },
        { now: ago(85 - (i % 10)), ...mail },
      );
  await recordLmcResponse(
    db,
    {
      username: 'demo-lmc-representative',
      roles: [{ role: 'lmc_representative', organisationCode: COMMISSIONER }],
    },
    {
      versionId: constitution.versionId,
      position: 'supports',
      response:
        'The LMC supports the constitution: it names the LMC’s role and gives members a route to challenge decisions.',
    },
    { now: ago(80), ...mail },
  );

  const contract = await createConsentSubject(
    db,
    manager,
    {
      commissionerCode: COMMISSIONER,
      kind: 'local_contract',
      title: 'Extended access local contract',
      description:
        'Evening and Saturday appointments provided by each practice for its own patients, paid per hour of sessions delivered.',
    },
    { now: ago(60) },
  );
  const consenting = members.filter((code) => code !== DEMO_OPEN_PRACTICE);
  for (const [i, code] of consenting.entries())
    await giveConsent(
      db,
      signatory(code),
      { subjectId: contract.id, practiceCode: code },
      { now: ago(55 - (i % 10)), ...mail },
    );
  const withdrawn = await db
    .selectFrom('consent')
    .select('id')
    .where('subject_id', '=', contract.id)
    .where('practice_code', '=', consenting.at(-1)!)
    .executeTakeFirst();
  if (withdrawn)
    await withdrawConsent(
      db,
      signatory(consenting.at(-1)!),
      { consentId: withdrawn.id, reason: 'The practice cannot staff Saturday sessions from next quarter.' },
      { now: ago(10), ...mail },
    );
  await createConsentSubject(
    db,
    manager,
    {
      commissionerCode: COMMISSIONER,
      kind: 'scheme',
      title: 'Tees Valley local prescribing scheme',
      description:
        'Payment for meeting the local prescribing targets, under the standing rules of the schemes area.',
    },
    { now: ago(5) },
  );

  const consultation = await createConsultation(
    db,
    manager,
    {
      commissionerCode: COMMISSIONER,
      title: 'Weekend opening of GP practices',
      question: 'Should practices in Tees Valley share Saturday morning opening on a rota?',
      description: 'Each member practice has one vote; the public and Healthwatch are asked too.',
      options: ['Yes, a shared rota', 'No, each practice decides'],
      opensOn: utcDate(ago(50)),
      closesOn: utcDate(ago(20)),
    },
    { now: ago(51) },
  );
  await openToPublic(db, manager, consultation.id, { now: ago(50) });
  for (const [i, code] of members.entries())
    if (i % 4 !== 3)
      await castVote(
        db,
        { ...signatory(code), roles: [{ role: 'practice_partner', organisationCode: code }] },
        { consultationId: consultation.id, practiceCode: code, optionIndex: i % 3 === 0 ? 1 : 0 },
        { now: ago(40) },
      );
  for (let i = 0; i < 17; i++)
    await respondAsPublic(
      db,
      {
        consultationId: consultation.id,
        optionIndex: i % 5 === 0 ? 1 : 0,
        comment: i % 2 === 0 ? 'Saturday mornings would help working people.' : '',
      },
      { now: ago(45 - (i % 20)) },
    );
  await respondAsHealthwatch(
    db,
    { username: 'demo-observer', roles: [{ role: 'observer', organisationCode: 'QHM' }] },
    {
      consultationId: consultation.id,
      optionIndex: 0,
      comment: 'Our survey of 212 residents found Saturday access the most requested change.',
      organisation: 'Healthwatch Stockton-on-Tees',
    },
    { now: ago(30) },
  );
  await publishSummary(
    db,
    manager,
    consultation.id,
    'Most member practices that voted, most members of the public and Healthwatch Stockton-on-Tees favoured a shared Saturday rota. Practices asked that the rota be paid under the extended access local contract. The commissioner will propose a rota from next quarter and consult the LMC on its terms.',
    { now: ago(15), ...mail },
  );
  return { seeded: true };
}
