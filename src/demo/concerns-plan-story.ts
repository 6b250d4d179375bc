/**
 * The demo's first concern story (concerns.ts, step 1): A81001's red flag, the practice's reply, the
 * committee's peer review with a recused member, and the improvement plan it recommends.
 */

import type { Kysely } from 'kysely';
import type { Actor } from '../app/actor.ts';
import { inviteLmc } from '../app/concerns/lmc.ts';
import type { NotifyOptions } from '../app/concerns/notifications.ts';
import {
  notifyPractice,
  recordOutcome,
  replyToConcern,
  startPeerReview,
  triage,
} from '../app/concerns/steps.ts';
import type { Database } from '../store/schema.ts';
import {
  addDays,
  type ConcernsDemoOutcome,
  DEMO_PLAN_PRACTICE,
  hasStep,
  peerReviewMeeting,
  recommendPlan,
  stateOf,
} from './concerns-shared.ts';

/** The plan concern's story, in scenes: raised and asked about, the practice replies, peer review, the decision. */
export async function walkPlanConcern(
  db: Kysely<Database>,
  id: number,
  people: { analyst: Actor; manager: Actor; practiceManager: Actor; lmcUser: Actor | null },
  today: string,
  mail: NotifyOptions,
  outcome: ConcernsDemoOutcome,
): Promise<void> {
  const { manager, practiceManager } = people;
  await openConcern(db, id, people, today, mail);
  await practiceReplies(db, id, practiceManager, mail);
  await peerReview(db, id, manager, mail);
  if ((await stateOf(db, id)) === 'in_peer_review')
    await committeeDecides(db, id, manager, today, mail, outcome);
}

/** Triage, the practice is asked for its view, and its LMC representative follows the concern. */
async function openConcern(
  db: Kysely<Database>,
  id: number,
  people: { analyst: Actor; manager: Actor; practiceManager: Actor; lmcUser: Actor | null },
  today: string,
  mail: NotifyOptions,
): Promise<void> {
  const { analyst, manager, practiceManager, lmcUser } = people;
  if ((await stateOf(db, id)) === 'raised')
    await triage(
      db,
      analyst,
      id,
      'Demo: a red flag at 99.8% in the latest period; worth asking the practice.',
      mail.now,
    );
  if ((await stateOf(db, id)) === 'triaged')
    await notifyPractice(
      db,
      manager,
      id,
      'Demo: please give us your view of this figure, including anything about your list or your data that explains it.',
      addDays(today, 28),
      mail,
    );
  if (lmcUser && !(await hasStep(db, id, 'invite_lmc')))
    await inviteLmc(
      db,
      practiceManager,
      id,
      lmcUser.username,
      'Demo: the practice asked for its LMC representative to follow the concern.',
      mail,
    );
}

async function practiceReplies(
  db: Kysely<Database>,
  id: number,
  practiceManager: Actor,
  mail: NotifyOptions,
): Promise<void> {
  if ((await stateOf(db, id)) === 'practice_notified')
    await replyToConcern(
      db,
      practiceManager,
      id,
      {
        populationContext:
          'Demo data. Our list grew by 900 patients in the year, many of them students and young families registering at the new estate, who attend less predictably.',
        dataQuality:
          'Demo data. Appointments booked by the extended access hub were counted against the practice, and some cancellations were recorded as missed appointments.',
        actionsTaken:
          'Demo data. Text reminders two days before every appointment since September; the hub bookings are now coded separately.',
      },
      [
        {
          fileName: 'demo-appointment-audit.csv',
          contentType: 'text/csv',
          bytes: new TextEncoder().encode(
            'month,booked,missed,of which hub bookings\n2026-08,4120,412,160\n2026-09,4302,380,151\n2026-10,4388,341,96\n',
          ),
        },
      ],
      mail,
    );
}

async function peerReview(
  db: Kysely<Database>,
  id: number,
  manager: Actor,
  mail: NotifyOptions,
): Promise<void> {
  if ((await stateOf(db, id)) === 'replied') {
    const meetingId = await peerReviewMeeting(db, manager, mail.now);
    await startPeerReview(
      db,
      manager,
      id,
      meetingId === null
        ? { groupName: 'Stockton peer review group (demo)', meetingId: null, notes: 'Demo: peer review.' }
        : {
            groupName: null,
            meetingId,
            notes: 'Demo: the committee reviews the figure, the data pack and the practice’s reply.',
          },
      mail,
    );
  }
}

/** The committee recommends a plan, and the outcome is recorded with a target and actions. */
async function committeeDecides(
  db: Kysely<Database>,
  id: number,
  manager: Actor,
  today: string,
  mail: NotifyOptions,
  outcome: ConcernsDemoOutcome,
): Promise<void> {
  try {
    await recommendPlan(db, manager, id, mail.now);
  } catch (error) {
    outcome.notes.push(`committee decision not recorded: ${error instanceof Error ? error.message : error}`);
  }
  const concern = await db
    .selectFrom('concern')
    .innerJoin('indicator', 'indicator.id', 'concern.indicator_id')
    .select(['concern.indicator_id', 'concern.release_id', 'concern.period', 'indicator.polarity'])
    .where('concern.id', '=', id)
    .executeTakeFirstOrThrow();
  const value = await db
    .selectFrom('result')
    .select('value')
    .where('release_id', '=', concern.release_id!)
    .where('indicator_id', '=', concern.indicator_id!)
    .where('area_kind', '=', 'practice')
    .where('area_code', '=', DEMO_PLAN_PRACTICE)
    .where('period', '=', concern.period!)
    .executeTakeFirst();
  const england = await db
    .selectFrom('result')
    .select('value')
    .where('release_id', '=', concern.release_id!)
    .where('indicator_id', '=', concern.indicator_id!)
    .where('area_kind', '=', 'country')
    .where('period', '=', concern.period!)
    .executeTakeFirst();
  const baseline = value?.value ?? null;
  const target = planTarget(baseline, england?.value ?? null, concern.polarity);
  await recordOutcome(
    db,
    manager,
    id,
    {
      outcome: 'improvement_plan',
      notes:
        'Demo: the committee accepted that part of the figure is explained by the hub bookings, and recommends an improvement plan for the rest.',
      plan: {
        indicatorId: concern.indicator_id!,
        target,
        actions: [
          {
            action: 'Demo: send text reminders for every appointment and audit them monthly',
            owner: 'Practice manager, The Densham Surgery',
            dueOn: addDays(today, 30),
          },
          {
            action: 'Demo: code extended access hub bookings separately from the practice’s own',
            owner: 'Commissioning analyst, 16C',
            dueOn: addDays(today, 45),
          },
          {
            action: 'Demo: review the figure in the next release with the practice and the LMC',
            owner: 'Commissioning manager, 16C',
            dueOn: addDays(today, 90),
          },
        ],
      },
    },
    mail,
  );
}

/** A target between the practice's value and England's, rounded to one decimal place. */
function planTarget(baseline: number | null, england: number | null, polarity: string): number {
  const round = (v: number) => Math.round(v * 10) / 10;
  if (baseline === null) return round(england ?? 0);
  if (england !== null && england !== baseline) return round((baseline + england) / 2);
  return round(polarity === 'higher_is_better' ? baseline * 1.1 : baseline * 0.9);
}
