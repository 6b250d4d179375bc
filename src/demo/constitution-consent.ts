// The demo's constitution and consent register for sub-ICB location 16C, and a consultation opened to
// the public (src/demo/obligations.ts plays the obligations story of the same practices).
import type { Kysely } from 'kysely';
import type { Actor } from '../app/actor.ts';
import { createAgreement } from '../app/agreements/agreements.ts';
import { memberPractices } from '../app/agreements/members.ts';
import { respondToAgreement } from '../app/agreements/responses.ts';
import { utcDate } from '../app/clock.ts';
import type { Mailer } from '../app/notifications/mailer.ts';
import type { Database } from '../store/schema.ts';
import { COMMISSIONER, DAY, DEMO_OPEN_PRACTICE, signatory } from './obligations.ts';

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
  const story: Story = {
    db,
    members,
    mail: options.mailer === undefined ? {} : { mailer: options.mailer },
    ago: (days: number) => new Date(options.now.getTime() - days * DAY),
    manager: {
      username: 'demo-commissioning-manager',
      roles: [{ role: 'commissioning_manager', organisationCode: COMMISSIONER }],
    },
  };
  await seedConstitution(story);
  await seedConsentRegister(story);
  await seedPublicConsultation(story);
  return { seeded: true };
}

/** What every part of the story uses: the store, the members, the mail, the clock and the manager. */
interface Story {
  db: Kysely<Database>;
  members: string[];
  mail: { mailer?: Mailer | null };
  ago: (days: number) => Date;
  manager: Actor;
}

/** The constitution, signed by every member but one, with the LMC's response. */
async function seedConstitution(story: Story): Promise<void> {
  const { db, members, mail, ago, manager } = story;
  const { recordLmcResponse } = await import('../app/agreements/responses.ts');
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
}

/** A local contract most members consented to (one withdrew since), and a scheme. */
async function seedConsentRegister(story: Story): Promise<void> {
  const { db, members, mail, ago, manager } = story;
  const { createConsentSubject, giveConsent, withdrawConsent } = await import(
    '../app/obligations/consent.ts'
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
}

/** A consultation opened to the public and Healthwatch, voted on, closed and summarised. */
async function seedPublicConsultation(story: Story): Promise<void> {
  const { db, members, mail, ago, manager } = story;
  const { castVote, createConsultation } = await import('../app/agreements/consultations.ts');
  const { openToPublic, publishSummary, respondAsHealthwatch, respondAsPublic } = await import(
    '../app/obligations/public-consultations.ts'
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
}
