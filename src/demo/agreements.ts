/**
 * The demo's governance story for sub-ICB location 16C (Tees Valley, North East and North Cumbria
 * ICB), on the practices the bundled registrations file places in it: an inter-practice agreement
 * whose first version trips every guidance check, signed by most practices and vetoed by one, with
 * the LMC's response; a closed member consultation with results; and an open one. The Densham
 * Surgery (A81001) and Queens Park (A81002) are left to respond, so the demo practice manager can
 * sign and vote from the pages. Everything goes through the same use cases as the pages, with
 * stand-in signatories (usernames starting `demo-signatory-`), and is idempotent: it does nothing
 * once the agreement exists, or when 16C is not in the store.
 */

import type { Kysely } from 'kysely';
import type { Actor } from '../app/actor.ts';
import { createAgreement } from '../app/agreements/agreements.ts';
import { castVote, createConsultation } from '../app/agreements/consultations.ts';
import { memberPractices } from '../app/agreements/members.ts';
import { recordLmcResponse, respondToAgreement } from '../app/agreements/responses.ts';
import { utcDate } from '../app/clock.ts';
import type { RoleAssignment } from '../domain/roles.ts';
import type { Database } from '../store/schema.ts';

export const DEMO_COMMISSIONER = '16C';
export const DEMO_AGREEMENT_TITLE = 'Tees Valley inter-practice agreement';
/** Left for the demo accounts to respond to from the pages. */
const LEFT_FOR_THE_PAGES = new Set(['A81001', 'A81002']);
const DAY = 86_400_000;

export const DEMO_AGREEMENT_BODY = `# Tees Valley inter-practice agreement

Agreed between the member practices of NHS North East and North Cumbria ICB – 16C. It sets out how
the practices work together on quality improvement and share information.

## 1. Purpose {other}

The practices agree to work together to reduce **unwarranted variation** and to learn from one another.

## 2. Practice scorecard {benchmarking}

Each quarter the commissioner publishes a scorecard of indicators for every member practice:

- QOF achievement and prevalence, compared with peer practices of a similar population
- Prescribing indicators from the national prescribing data
- Access measures from the GP Patient Survey

The scorecard is for *shared learning*; a practice's own figures are shown to it before publication.

## 3. Sharing of data {data-sharing}

Practices agree that aggregate, non-identifiable data may be shared with the commissioner for the
scorecard. No patient-identifiable data is shared under this agreement.

## 4. Review meetings {meetings-reviews}

A practice whose scorecard shows it as an outlier on three or more indicators is invited to a
supportive review meeting with two peer practices.

## 5. Performance management {performance-management}

Practices that remain outliers after a review will be placed on an improvement plan monitored by
the commissioner's membership board.

## 6. Removal from the scheme {sanctions-removal}

The membership board may remove a practice from the locally enhanced scheme, and withhold its
payments under that scheme, if it does not meet its improvement plan.
`;

function signatory(practiceCode: string, role: RoleAssignment['role'] = 'practice_manager'): Actor {
  return {
    username: `demo-signatory-${practiceCode.toLowerCase()}`,
    roles: [{ role, organisationCode: practiceCode }],
  };
}

/** A stable pseudo-random number in [0, 1) for a practice, so the demo is the same every time. */
function spread(code: string): number {
  let h = 2166136261;
  for (const ch of code) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) % 1000) / 1000;
}

export interface AgreementsDemo {
  seeded: boolean;
  agreementId: number | null;
}

/**
 * The agreements demo, in scenes: the agreement issued and answered by most practices (one veto), the
 * LMC's response, a closed consultation with its votes and an open one.
 */
export async function seedAgreementsDemo(
  db: Kysely<Database>,
  options: { now: Date },
): Promise<AgreementsDemo> {
  const existing = await db
    .selectFrom('agreement')
    .select('id')
    .where('commissioner_code', '=', DEMO_COMMISSIONER)
    .where('title', '=', DEMO_AGREEMENT_TITLE)
    .executeTakeFirst();
  if (existing) return { seeded: false, agreementId: existing.id };
  const commissioner = await db
    .selectFrom('organisation')
    .select('code')
    .where('code', '=', DEMO_COMMISSIONER)
    .executeTakeFirst();
  if (!commissioner) return { seeded: false, agreementId: null };
  const members = (
    await memberPractices(db, { code: DEMO_COMMISSIONER, kind: 'sub_icb' }, utcDate(options.now))
  ).map((m) => m.practiceCode);
  if (members.length === 0) return { seeded: false, agreementId: null };

  const now = options.now;
  const daysAgo = (n: number): Date => new Date(now.getTime() - n * DAY);
  const issued = await issueAndAnswer(db, members, daysAgo);
  await lmcResponds(db, issued.versionId, daysAgo);
  await closedConsultation(db, members, daysAgo);
  await openConsultation(db, now, daysAgo);
  return { seeded: true, agreementId: issued.agreementId };
}

const MANAGER: Actor = {
  username: 'demo-commissioning-manager',
  roles: [{ role: 'commissioning_manager', organisationCode: DEMO_COMMISSIONER }],
};
const LMC: Actor = {
  username: 'demo-lmc-representative',
  roles: [{ role: 'lmc_representative', organisationCode: DEMO_COMMISSIONER }],
};

async function issueAndAnswer(
  db: Kysely<Database>,
  members: readonly string[],
  daysAgo: (n: number) => Date,
): Promise<{ agreementId: number; versionId: number }> {
  const issued = await createAgreement(
    db,
    MANAGER,
    {
      commissionerCode: DEMO_COMMISSIONER,
      title: DEMO_AGREEMENT_TITLE,
      body: DEMO_AGREEMENT_BODY,
      changeNote: 'First version, issued to all member practices for signature.',
    },
    { now: daysAgo(70) },
  );

  const responding = members.filter((code) => !LEFT_FOR_THE_PAGES.has(code));
  const vetoing = responding[2];
  // About four in five respond: one vetoes, the rest sign.
  for (const [i, code] of responding.entries()) {
    if (code !== vetoing && spread(code) >= 0.8) continue;
    await respondToAgreement(
      db,
      signatory(code, i % 3 === 0 ? 'practice_partner' : 'practice_manager'),
      code === vetoing
        ? {
            versionId: issued.versionId,
            practiceCode: code,
            decision: 'vetoed',
            reason:
              'Clause 5 makes the membership board manage our contract performance, which is the contract holder’s role, and clause 6 allows payments to be withheld with no right of appeal.',
          }
        : { versionId: issued.versionId, practiceCode: code, decision: 'signed' },
      { now: daysAgo(60 - (i % 40)) },
    );
  }
  return issued;
}

async function lmcResponds(
  db: Kysely<Database>,
  versionId: number,
  daysAgo: (n: number) => Date,
): Promise<void> {
  await recordLmcResponse(
    db,
    LMC,
    {
      versionId,
      position: 'supports_with_changes',
      response:
        'The LMC supports shared benchmarking for learning but asks that clause 5 be removed (performance management of the contract is for the contract holder), that an appeal to an independent panel including the LMC be added before any sanction under clause 6, and that the agreement name the LMC’s role.',
    },
    { now: daysAgo(55) },
  );
}

async function closedConsultation(
  db: Kysely<Database>,
  members: readonly string[],
  daysAgo: (n: number) => Date,
): Promise<void> {
  const closed = await createConsultation(
    db,
    MANAGER,
    {
      commissionerCode: DEMO_COMMISSIONER,
      title: 'Delegated performance management',
      question:
        'Should the commissioner ask to take on performance management of the GP contract under delegation?',
      description:
        'NHS England currently manages the performance of GP contracts in the area. The commissioner could request this function under delegated commissioning. Each member practice has one vote.',
      options: ['Yes, request the function', 'No, leave it with NHS England', 'Abstain'],
      opensOn: daysAgo(60).toISOString().slice(0, 10),
      closesOn: daysAgo(30).toISOString().slice(0, 10),
    },
    { now: daysAgo(61) },
  );
  for (const [i, code] of members.entries()) {
    const s = spread(`${code}-vote`);
    if (s >= 0.82) continue; // did not vote
    await castVote(
      db,
      signatory(code, 'practice_partner'),
      { consultationId: closed.id, practiceCode: code, optionIndex: s < 0.18 ? 0 : s < 0.74 ? 1 : 2 },
      { now: daysAgo(58 - (i % 25)) },
    );
  }
}

async function openConsultation(
  db: Kysely<Database>,
  now: Date,
  daysAgo: (n: number) => Date,
): Promise<void> {
  await createConsultation(
    db,
    MANAGER,
    {
      commissionerCode: DEMO_COMMISSIONER,
      title: 'Scorecard indicators for 2027-28',
      question: 'Should the practice scorecard add the GP Patient Survey access measures from April 2027?',
      description: null,
      options: ['Yes', 'No'],
      opensOn: daysAgo(7).toISOString().slice(0, 10),
      closesOn: new Date(now.getTime() + 21 * DAY).toISOString().slice(0, 10),
    },
    { now: daysAgo(8) },
  );
}
