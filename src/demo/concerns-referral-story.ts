/**
 * The demo's second concern story (concerns.ts, step 2): a contract matter at A81002, raised by hand,
 * peer reviewed by a group, referred to the contract holder, who records a remedial notice.
 */

import type { Kysely } from 'kysely';
import type { Actor } from '../app/actor.ts';
import { createUser } from '../app/auth/users.ts';
import { contractHolderFor, practiceScope } from '../app/concerns/context.ts';
import { recordNotice } from '../app/concerns/notices.ts';
import type { NotifyOptions } from '../app/concerns/notifications.ts';
import { raiseConcern } from '../app/concerns/raise.ts';
import {
  notifyPractice,
  recordOutcome,
  replyToConcern,
  startPeerReview,
  triage,
} from '../app/concerns/steps.ts';
import type { Database } from '../store/schema.ts';
import {
  actorFor,
  addDays,
  type ConcernsDemoOutcome,
  DEMO_A81002_MANAGER,
  DEMO_REFERRAL_PRACTICE,
  DEMO_REFERRAL_TITLE,
  findReferralConcern,
  stateOf,
} from './concerns-shared.ts';

/** The referral concern's story, in scenes: raised by hand, walked to a referral, the remedial notice. */
export async function walkReferralConcern(
  db: Kysely<Database>,
  people: { analyst: Actor; manager: Actor },
  today: string,
  mail: NotifyOptions,
  outcome: ConcernsDemoOutcome,
): Promise<number | null> {
  const { analyst, manager } = people;
  const practice = await db
    .selectFrom('organisation')
    .select('code')
    .where('code', '=', DEMO_REFERRAL_PRACTICE)
    .executeTakeFirst();
  if (!practice) {
    outcome.notes.push(`${DEMO_REFERRAL_PRACTICE} is not in the store: second concern not seeded`);
    return null;
  }
  const id = await findOrRaise(db, analyst, mail);
  await walkToReferral(db, id, people, today, mail);
  await remedialNotice(db, id, manager, today, mail, outcome);
  return id;
}

async function findOrRaise(db: Kysely<Database>, analyst: Actor, mail: NotifyOptions): Promise<number> {
  let id = await findReferralConcern(db);
  if (id === null) {
    id = await raiseConcern(
      db,
      analyst,
      {
        practiceCode: DEMO_REFERRAL_PRACTICE,
        type: 'contract_matter',
        source: 'by_hand',
        title: DEMO_REFERRAL_TITLE,
        reason:
          'Demo data. Three patient complaints and two visits found the practice closed from 13:00 on Wednesdays, inside contracted core hours (08:00–18:30).',
        releaseId: null,
        indicatorId: null,
        period: null,
      },
      mail,
    );
  }
  return id;
}

/** Triage, the practice asked and replying, peer review, and the outcome: referred. */
async function walkToReferral(
  db: Kysely<Database>,
  id: number,
  people: { analyst: Actor; manager: Actor },
  today: string,
  mail: NotifyOptions,
): Promise<void> {
  const { analyst, manager } = people;
  if ((await stateOf(db, id)) === 'raised')
    await triage(db, analyst, id, 'Demo: a contract matter; the practice must be asked first.', mail.now);
  if ((await stateOf(db, id)) === 'triaged')
    await notifyPractice(
      db,
      manager,
      id,
      'Demo: please tell us how core hours are covered on Wednesday afternoons.',
      addDays(today, 14),
      mail,
    );
  if ((await stateOf(db, id)) === 'practice_notified') {
    const replier = await practiceAccount(db, mail.now);
    await replyToConcern(
      db,
      replier,
      id,
      {
        populationContext: '',
        dataQuality: '',
        actionsTaken:
          'Demo data. The afternoon is used for staff training; the phone line diverts to the out-of-hours service. We believed this was agreed.',
      },
      [],
      mail,
    );
  }
  if ((await stateOf(db, id)) === 'replied')
    await startPeerReview(
      db,
      manager,
      id,
      {
        groupName: 'Stockton peer review group (demo)',
        meetingId: null,
        notes: 'Demo: reviewed with two neighbouring practices.',
      },
      mail,
    );
  if ((await stateOf(db, id)) === 'in_peer_review')
    await recordOutcome(
      db,
      manager,
      id,
      {
        outcome: 'referred',
        notes:
          'Demo: no agreement for the closure exists; the peer review group found no support that would resolve it. Referred to the contract holder.',
        plan: null,
      },
      mail,
    );
}

/** The contract holder's remedial notice, once the concern is referred. */
async function remedialNotice(
  db: Kysely<Database>,
  id: number,
  manager: Actor,
  today: string,
  mail: NotifyOptions,
  outcome: ConcernsDemoOutcome,
): Promise<void> {
  const notices = await db
    .selectFrom('concern_notice')
    .select('id')
    .where('concern_id', '=', id)
    .executeTakeFirst();
  if ((await stateOf(db, id)) === 'referred' && !notices) {
    // The contract holder: 16C holds contract management at level 3 in the governance demo, so its
    // commissioning manager acts for NHS England; otherwise the region's area team.
    const holder = await contractHolderActor(db, manager, today);
    if (!holder) outcome.notes.push('no contract holder account: remedial notice not recorded');
    else
      await recordNotice(
        db,
        holder,
        id,
        {
          kind: 'remedial',
          breach:
            'Demo: the practice is closed on Wednesday afternoons, inside core hours, without the commissioner’s agreement.',
          remedy:
            'Demo: open for the whole of core hours on every weekday, or apply for a variation of the contract.',
          remedyPeriodDays: '42',
          issuedOn: today,
        },
        mail,
      );
  }
}

/** The account that replies for A81002: a practice manager made for the demo (once; no password shown). */
async function practiceAccount(db: Kysely<Database>, now: Date): Promise<Actor> {
  const existing = await actorFor(db, DEMO_A81002_MANAGER);
  if (existing) return existing;
  await createUser(db, {
    username: DEMO_A81002_MANAGER,
    displayName: 'Demo practice manager (Queens Park Medical Centre)',
    roles: [{ role: 'practice_manager', organisationCode: DEMO_REFERRAL_PRACTICE }],
    actor: 'demo',
    now,
    cost: { N: 2 ** 14, r: 8, p: 1 },
  });
  return (await actorFor(db, DEMO_A81002_MANAGER))!;
}

async function contractHolderActor(
  db: Kysely<Database>,
  manager: Actor,
  today: string,
): Promise<Actor | null> {
  const practice = await practiceScope(db, DEMO_REFERRAL_PRACTICE);
  const holder = await contractHolderFor(db, practice, today);
  if (
    holder.decision?.route === 'act' &&
    holder.holderCode &&
    manager.roles.some((r) => r.organisationCode === holder.holderCode)
  )
    return manager;
  return actorFor(db, 'demo-area-team');
}
